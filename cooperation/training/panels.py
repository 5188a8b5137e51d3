"""The training area's dashboard panel: the enrolments of the coordinator's party waiting for their approval."""

from protocol.registry import Panel

from . import selectors

SHOWN = 10


def training_panels(user) -> list[Panel]:
    waiting = list(selectors.enrolments_to_decide(user).select_related("session__course")[: SHOWN + 1])
    if not waiting:
        return []
    context = {"enrolments": waiting[:SHOWN], "count": f"{SHOWN}+" if len(waiting) > SHOWN else len(waiting)}
    return [Panel("training_to_approve", "training/_panel_to_approve.html", context, "alerts")]
