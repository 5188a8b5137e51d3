"""The library's dashboard panels: requests waiting for the reader's decision, and what they may consult."""

from protocol.registry import Panel

from . import selectors


def library_panels(user) -> list[Panel]:
    panels = []
    if access_requests := list(selectors.access_requests_awaiting(user)[:10]):
        panels.append(
            Panel("access_requests", "documents/_panel_requests.html", {"access_requests": access_requests}, "alerts")
        )
    count = selectors.library_size_for(user)
    panels.append(Panel("library", "documents/_panel_library.html", {"library_count": count}, "side"))
    return panels
