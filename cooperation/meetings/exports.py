"""The meetings lists and the party's open action items as exported (`?export=csv|xlsx` on their pages): the
rows of the list the reader is on (upcoming, past, mine; the filters applied), in the reader's language."""

from django.utils.translation import gettext_lazy as _

from protocol.exports import Column, Export, choice, date_column, field_header, moment_column, party_name, person_name

from .models import ActionItem, Meeting, Rsvp


def _meeting(name: str):
    return field_header(Meeting, name)


def _item(name: str):
    return field_header(ActionItem, name)


def _rsvp(meeting) -> str:
    return Rsvp(meeting.my_rsvp).label if meeting.my_rsvp else ""


MEETINGS = Export(
    name=_("Meetings"),
    ascii_name="meetings",
    columns=[
        Column(_("Meeting"), lambda m: m.titles.first),
        Column(_meeting("title_other"), lambda m: m.titles.second),
        Column(_meeting("kind"), choice("kind")),
        Column(_("Series"), lambda m: m.series.name if m.series else ""),
        moment_column(_meeting("starts_at"), lambda m: m.starts_at),
        moment_column(_meeting("ends_at"), lambda m: m.ends_at),
        Column(_("Location"), lambda m: m.location),
        Column(_("Online link"), lambda m: m.online_link),
        Column(_("Organised by"), lambda m: party_name(m.organising_party)),
        Column(_meeting("internal"), lambda m: m.internal),
        Column(_("Status"), choice("status")),
        Column(_("Your answer"), _rsvp),
    ],
)

PARTY_ACTION_ITEMS = Export(
    name=_("Action items"),
    ascii_name="action-items",
    columns=[
        Column(_("Action"), lambda item: item.description, width=40),
        Column(_("Meeting"), lambda item: item.meeting.titles.first),
        moment_column(_meeting("starts_at"), lambda item: item.meeting.starts_at),
        Column(_("Owner"), lambda item: person_name(item.owner)),
        Column(_("Party"), lambda item: party_name(item.owner.party)),
        date_column(_("Due"), lambda item: item.due_date),
        Column(_("Status"), choice("status")),
    ],
)
