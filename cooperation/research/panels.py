"""The research area's dashboard panel: the plans and deliverables waiting for the reader's decision."""

from protocol.registry import Panel

from . import selectors


def research_panels(user) -> list[Panel]:
    awaiting = list(selectors.projects_awaiting(user)[:10])
    if not awaiting:
        return []
    return [Panel("research_awaiting", "research/_panel_awaiting.html", {"awaiting": awaiting}, "alerts")]
