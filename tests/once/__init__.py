"""POST data of a create form, as its page would send it: with a fresh one-time token."""

from protocol.once.forms import ONCE_FIELD, new_token


def once(data: dict | None = None, **fields) -> dict:
    return {ONCE_FIELD: new_token()} | (data or {}) | fields


def as_draft(activity_post: dict, change: dict) -> dict:
    """The activity form (see the `activity_post` persona) posted once, kept as a draft: nothing goes to the
    other party."""
    return once(activity_post | {"action": "draft"} | change)
