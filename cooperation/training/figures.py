"""Training in figures, per party and year: what each party's staff were offered and used.

For a party's staff, in the year (Beijing time) its sessions start, cancelled sessions left out:
- seats offered: the seats the sessions reserved for the party;
- seats used: its staff holding a confirmed seat;
- attendance rate: of its staff marked, those present or partly present;
- waitlist: its staff still on a waitlist (who never got a seat);
- feedback average: the mean of every rating its staff gave.
Four queries whatever the number of sessions; only sessions the reader may see count."""

from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from protocol.areas import Area
from protocol.counts import cached_per_party
from protocol.parties.models import Party
from protocol.registry import Figure
from protocol.years import years_span_aware

from .models import Attendance, Enrolment, EnrolmentStatus, Feedback, Seats, SessionStatus
from .selectors import sessions_visible_to
from .services import COUNTS

ATTENDED = (Attendance.PRESENT, Attendance.PARTLY)


@dataclass(frozen=True)
class Figures:
    party: Party
    year: int
    seats_offered: int
    seats_used: int
    marked: int
    attended: int
    waitlisted: int
    ratings: int
    ratings_total: int

    @property
    def attendance_rate(self) -> float | None:
        return self.attended / self.marked if self.marked else None

    @property
    def feedback_average(self) -> float | None:
        return self.ratings_total / self.ratings if self.ratings else None


def figures(user, *, year: int | None = None, years: Collection[int] = ()) -> list[Figures]:
    """One row per party and year with anything to count, newest year first, then by party; only `year`, or
    the span of `years`, when given."""
    sessions = sessions_visible_to(user).filter(status=SessionStatus.SCHEDULED)
    zone = timezone.get_current_timezone()
    if year is not None:
        sessions = sessions.filter(starts_at__year=year)
    if years:
        start, end = years_span_aware(years)
        sessions = sessions.filter(starts_at__gte=start, starts_at__lt=end)
    ids = sessions.values("pk")
    by_year = ExtractYear("session__starts_at", tzinfo=zone)

    offered = {
        (row["party"], row["year"]): row["n"]
        for row in Seats.objects.filter(session__in=ids)
        .annotate(year=by_year)
        .values("party", "year")
        .annotate(n=Sum("reserved"))
    }
    enrolled = Q(status=EnrolmentStatus.ENROLLED)
    counted = {
        (row["party"], row["year"]): row
        for row in Enrolment.objects.filter(session__in=ids)
        .annotate(year=by_year)
        .values("party", "year")
        .annotate(
            used=Count("pk", filter=enrolled),
            marked=Count("pk", filter=enrolled & ~Q(attendance="")),
            attended=Count("pk", filter=enrolled & Q(attendance__in=ATTENDED)),
            waitlisted=Count("pk", filter=Q(status=EnrolmentStatus.WAITLISTED)),
        )
    }
    # Ratings are a JSON object per answer: summed here, over one row per answer.
    ratings: dict[tuple[int, int], list[int]] = {}
    for party, when, answers in Feedback.objects.filter(enrolment__session__in=ids).values_list(
        "enrolment__party", "enrolment__session__starts_at", "ratings"
    ):
        values = [int(v) for v in answers.values()]
        key = (party, timezone.localtime(when, zone).year)
        total = ratings.setdefault(key, [0, 0])
        total[0] += len(values)
        total[1] += sum(values)
    parties = {party.pk: party for party in Party.objects.all()}
    keys = sorted(set(offered) | set(counted) | set(ratings), key=lambda k: (-k[1], parties[k[0]].code))
    return [
        Figures(
            party=parties[party],
            year=when,
            seats_offered=offered.get((party, when)) or 0,
            seats_used=counted.get((party, when), {}).get("used", 0),
            marked=counted.get((party, when), {}).get("marked", 0),
            attended=counted.get((party, when), {}).get("attended", 0),
            waitlisted=counted.get((party, when), {}).get("waitlisted", 0),
            ratings=ratings.get((party, when), [0, 0])[0],
            ratings_total=ratings.get((party, when), [0, 0])[1],
        )
        for party, when in keys
    ]


@cached_per_party(COUNTS)
def area_figures(user, *, years: Collection[int]) -> list[Figure]:
    """The registry's hook: seats offered, seats used and staff who attended, per party and year."""
    rows = [row for row in figures(user, years=years) if row.year in years]
    return [
        Figure(Area.TRAINING, key, label, row.party.pk, row.year, getattr(row, key))
        for row in rows
        for key, label in (
            ("seats_offered", _("Seats offered")),
            ("seats_used", _("Seats used")),
            ("attended", _("Staff who attended")),
        )
    ]
