"""Reading the dashboard's panels in tests: the registry's panels by name."""


def panel_context(response, name: str) -> dict:
    """The context of the dashboard panel called `name`, or {} when the reader has no such panel."""
    return next((dict(panel.context) for panel in response.context["panels"] if panel.name == name), {})
