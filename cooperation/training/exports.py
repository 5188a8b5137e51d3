"""The training lists as exported (`?export=csv|xlsx` on their pages): courses, sessions (upcoming, past, the
reader's enrolments) and, for a coordinator, the enrolments waiting for their approval; filtered (or searched)
as the page is, in the reader's language."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from protocol.exports import Column, Export, choice, field_header, moment_column, party_name, person_name

from . import selectors
from .models import Course, Enrolment, TrainingSession


def _course(name: str):
    return field_header(Course, name)


def _session(name: str):
    return field_header(TrainingSession, name)


COURSES = Export(
    name=_("Training courses"),
    ascii_name="training-courses",
    columns=[
        Column(_("Course"), lambda c: c.titles.first),
        Column(_course("title_other"), lambda c: c.titles.second),
        Column(_("Organising party"), lambda c: party_name(c.organising_party)),
        Column(_course("internal"), lambda c: c.internal),
        Column(_("Audience"), lambda c: c.audience, width=40),
        Column(_course("prerequisites"), lambda c: c.prerequisites, width=40),
    ],
)

SESSION_COLUMNS = [
    Column(_("Course"), lambda s: s.course.titles.first),
    Column(_course("title_other"), lambda s: s.course.titles.second),
    moment_column(_session("starts_at"), lambda s: s.starts_at),
    moment_column(_session("ends_at"), lambda s: s.ends_at),
    Column(_("Place"), lambda s: s.location),
    Column(_session("online_link"), lambda s: s.online_link),
    Column(_("Organising party"), lambda s: party_name(s.course.organising_party)),
    Column(_session("status"), choice("status")),
]


def _with_seats(sessions, reader) -> None:
    selectors.with_seats(sessions)


def _with_my_enrolment(sessions, reader) -> None:
    selectors.with_my_enrolment(reader, sessions)


SESSIONS = Export(
    name=_("Training sessions"),
    ascii_name="training-sessions",
    prepare=_with_seats,
    columns=[*SESSION_COLUMNS, Column(_("Seats left"), lambda s: s.seats_left)],
)

MY_ENROLMENTS = Export(
    name=_("My enrolments"),
    ascii_name="my-enrolments",
    prepare=_with_my_enrolment,
    columns=[
        *SESSION_COLUMNS,
        Column(_("My enrolment"), lambda s: s.my_status_label),
        Column(pgettext_lazy("a column: the place on a waitlist", "Waitlist position"), lambda s: s.my_position),
    ],
)

TO_APPROVE = Export(
    name=_("Enrolments to approve"),
    ascii_name="enrolments-to-approve",
    related=("party",),
    columns=[
        Column(pgettext_lazy("a person nominated", "Person"), lambda e: person_name(e.user)),
        Column(field_header(Enrolment, "party"), lambda e: party_name(e.party)),
        Column(_("Course"), lambda e: e.session.course.titles.first),
        Column(_("Organising party"), lambda e: party_name(e.session.course.organising_party)),
        moment_column(_session("starts_at"), lambda e: e.session.starts_at),
        moment_column(_session("ends_at"), lambda e: e.session.ends_at),
        moment_column(_("Since"), lambda e: e.queued_at),
        Column(field_header(Enrolment, "status"), choice("status")),
    ],
)

SCOPE_EXPORTS = {"upcoming": SESSIONS, "past": SESSIONS, "mine": MY_ENROLMENTS, "approve": TO_APPROVE}
