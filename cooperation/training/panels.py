"""The training area's dashboard panels: the enrolments of the coordinator's party waiting for their approval,
and the year's figures per party (cached until a training service changes something: protocol.counts)."""

from django.utils import timezone

from protocol.counts import counted
from protocol.registry import Panel
from protocol.visibility import has_party

from . import selectors
from .figures import figures
from .services import COUNTS

SHOWN = 10


def training_panels(user) -> list[Panel]:
    panels = []
    waiting = list(selectors.enrolments_to_decide(user).select_related("session__course")[: SHOWN + 1])
    if waiting:
        context = {"enrolments": waiting[:SHOWN], "count": f"{SHOWN}+" if len(waiting) > SHOWN else len(waiting)}
        panels.append(Panel("training_to_approve", "training/_panel_to_approve.html", context, "alerts"))
    if has_party(user):
        year = timezone.localdate().year
        # What the reader's party may see decides the figures: cached per party and year.
        rows = counted(COUNTS, ("figures", user.party_id, year), lambda: figures(user, year=year))
        if rows:
            panels.append(Panel("training_figures", "training/_panel_figures.html", {"rows": rows, "year": year}))
    return panels
