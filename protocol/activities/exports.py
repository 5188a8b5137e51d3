"""The ledger's list as exported (`?export=csv|xlsx` on the activities list): every visible activity the
filters leave, in the reader's language."""

from django.utils.translation import gettext_lazy as _

from protocol.exports import Column, Export, choice, date_column, field_header, moment_column, party_name, person_name

from .models import Activity


def _header(name: str):
    return field_header(Activity, name)


ACTIVITIES = Export(
    name=_("Joint activities"),
    ascii_name="activities",
    columns=[
        Column(_("Title"), lambda a: a.titles.first),
        Column(_header("title_other"), lambda a: a.titles.second),
        Column(_("Area"), choice("area")),
        Column(_("Kind"), choice("kind")),
        date_column(_header("start_date"), lambda a: a.start_date),
        date_column(_header("end_date"), lambda a: a.end_date),
        Column(_("Location"), lambda a: a.location),
        Column(_("Lead party"), lambda a: party_name(a.lead_party)),
        Column(_("Status"), choice("status")),
        Column(_header("party"), lambda a: party_name(a.party)),
        Column(_header("author"), lambda a: person_name(a.author)),
        Column(_("Description"), lambda a: a.description, width=40),
        Column(_("Outcomes"), lambda a: a.outcomes, width=40),
        moment_column(_header("updated_at"), lambda a: a.updated_at),
    ],
)
