"""The registry's `waiting` hook: what of the agreement waits for the reader (the dashboard's one panel)."""

from django.utils.translation import gettext as _

from protocol.registry import Waiting

from .selectors import amendments_waiting_for


def waiting_for(user) -> list[Waiting]:
    return [
        Waiting(
            area=None,
            what=_("Approve the amendment to the agreement"),
            title=amendment.title,
            url=amendment.get_absolute_url(),
            since=amendment.current_version.proposed_at,
        )
        for amendment in amendments_waiting_for(user)
    ]
