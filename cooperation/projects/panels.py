"""Project support's dashboard panels: for a coordinator, the contributions to confirm and the applications to
decide on; for a reviewer, the applications to review; for everyone of a party, the year's figures per party
(cached until a project service changes something: protocol.counts)."""

from django.utils import timezone

from protocol.counts import counted
from protocol.registry import Panel
from protocol.visibility import has_party

from . import selectors
from .figures import figures
from .services import COUNTS

SHOWN = 10


def _waiting(rows) -> dict | None:
    """The first SHOWN rows and how many there are ("10+" beyond): one query."""
    fetched = list(rows[: SHOWN + 1])
    if not fetched:
        return None
    return {"rows": fetched[:SHOWN], "count": f"{SHOWN}+" if len(fetched) > SHOWN else len(fetched)}


def project_panels(user) -> list[Panel]:
    if not has_party(user):
        return []
    panels = []
    if context := _waiting(selectors.contributions_to_confirm(user)):
        panels.append(Panel("projects_to_confirm", "projects/_panel_to_confirm.html", context, "alerts"))
    if context := _waiting(selectors.applications_to_decide(user)):
        panels.append(Panel("projects_to_decide", "projects/_panel_to_decide.html", context, "alerts"))
    if context := _waiting(selectors.applications_to_review(user)):
        panels.append(Panel("projects_to_review", "projects/_panel_to_review.html", context, "alerts"))
    year = timezone.localdate().year
    # What the reader's party may see decides the figures: cached per party and year.
    rows = counted(COUNTS, ("figures", user.party_id, year), lambda: figures(user, year=year))
    if rows:
        panels.append(Panel("projects_figures", "projects/_panel_figures.html", {"rows": rows, "year": year}))
    return panels
