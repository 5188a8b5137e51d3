"""POST data of a create form, as its page would send it: with a fresh one-time token."""

from protocol.once.forms import ONCE_FIELD, new_token


def once(data: dict | None = None, **fields) -> dict:
    return {ONCE_FIELD: new_token()} | (data or {}) | fields
