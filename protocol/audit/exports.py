"""The trail as exported (`?export=csv|xlsx` on /audit/): every entry the filters leave, changes included."""

from django.utils.translation import gettext_lazy as _

from protocol.exports import Column, Export, choice, moment_column, party_name

from . import display

TRAIL = Export(
    name=_("Audit trail"),
    ascii_name="audit-trail",
    columns=[
        moment_column(_("Time"), lambda e: e.timestamp),
        Column(_("User"), display.actor_name, width=30),
        Column(_("Party"), lambda e: party_name(e.actor.party) if e.actor is not None else ""),
        Column(_("Address"), lambda e: e.remote_addr or ""),
        Column(_("What was done"), choice("action")),
        Column(_("Object type"), display.object_type_name),
        Column(_("Object id"), lambda e: e.object_pk),
        Column(_("Object"), lambda e: e.object_repr, width=40),
        Column(_("Changes"), display.changes_text, width=60),
        Column(_("Details"), display.details_text, width=40),
    ],
)
