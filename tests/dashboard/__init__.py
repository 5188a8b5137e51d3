"""Reading the dashboard in tests: the registry's panels by name, and the one panel of what waits."""


def panel_context(response, name: str) -> dict:
    """The context of the dashboard panel called `name`, or {} when the reader has no such panel."""
    return next((dict(panel.context) for panel in response.context["panels"] if panel.name == name), {})


def waiting_items(response, section: str = "waiting") -> list:
    """The Waiting items the dashboard shows in `section` ("waiting", or a coordinator's "overdue"), in order."""
    gathered = response.context.get(section)
    return list(gathered.items) if gathered is not None else []


def waiting_urls(response, section: str = "waiting") -> list[str]:
    return [item.url for item in waiting_items(response, section)]


def waiting_more(response, section: str = "waiting") -> list:
    gathered = response.context.get(section)
    return list(gathered.more) if gathered is not None else []
