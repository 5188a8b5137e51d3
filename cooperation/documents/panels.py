"""The library's dashboard panel: what the reader may consult. The requests waiting for their decision are in
the dashboard's one panel of everything waiting (waiting.py)."""

from protocol.registry import Panel

from . import selectors


def library_panels(user) -> list[Panel]:
    panels = []
    count = selectors.library_size_for(user)
    panels.append(Panel("library", "documents/_panel_library.html", {"library_count": count}, "side"))
    return panels
