"""The five areas of cooperation named by the protocol, shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    DOCUMENTS = "documents", _("Document sharing")
    RESEARCH = "research", _("Joint research")
    TRAINING = "training", _("Training")
    COMMUNICATION = "communication", _("Communication mechanism")
    PROJECTS = "projects", _("Project support")


AREA_DESCRIPTIONS = {
    Area.DOCUMENTS: _(
        "Sharing the resource of document information: patent documents, "
        "scientific literature, analysis reports and standards."
    ),
    Area.RESEARCH: _("Jointly launching strategic analysis research and related work."),
    Area.TRAINING: _("Sharing training resources: courses, sessions and seats open to the other party."),
    Area.COMMUNICATION: _("A communication mechanism for IP work: meetings, minutes and action items."),
    Area.PROJECTS: _("Supporting and participating in IP projects organised by the other party."),
}
