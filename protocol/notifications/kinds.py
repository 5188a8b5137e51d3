"""Notification kinds: each app registers its own in one line, in its notifications.py."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

_REGISTRY: dict[str, "NotificationKind"] = {}


@dataclass(frozen=True)
class NotificationKind:
    key: str
    # Lazy translatable text with %(name)s placeholders filled from the outbox row's params.
    subject: str
    # The selector that decides whether the recipient may still see the target.
    visible_to: Callable[..., QuerySet]
    body: str = ""
    # Turns stored codes into words in the reader's language when the message is shown or sent.
    localise: Callable[[dict], dict] | None = None
    # Files for the e-mail, made at delivery from the target: [(filename, content, mimetype)].
    attachments: Callable[..., list[tuple[str, bytes, str]]] | None = None

    def render_subject(self, params: dict) -> str:
        return str(self.subject) % _Defaulting(self._localised(params))

    def render_body(self, params: dict) -> str:
        return str(self.body) % _Defaulting(self._localised(params)) if self.body else ""

    def _localised(self, params: dict) -> dict:
        return self.localise(params) if self.localise else params


class _Defaulting(dict):
    """A missing parameter renders empty rather than breaking an old notification."""

    def __missing__(self, key):
        return ""


def register(kind: NotificationKind) -> NotificationKind:
    _REGISTRY[kind.key] = kind
    return kind


def get_kind(key: str) -> NotificationKind:
    return _REGISTRY[key]
