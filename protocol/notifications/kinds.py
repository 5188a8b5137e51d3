"""Notification kinds: each app registers its own in one line, in its notifications.py."""

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field

from django.db.models import Model, QuerySet

from protocol import language
from protocol.parties.models import Party

from .models import Channel

_REGISTRY: dict[str, "NotificationKind"] = {}

# The most urgent channel wins when a user's roles have different defaults.
_URGENCY = [Channel.IMMEDIATE, Channel.DIGEST, Channel.PORTAL]


@dataclass(frozen=True)
class NotificationKind:
    key: str
    # Lazy translatable text with %(name)s placeholders filled from the outbox row's params.
    subject: str
    # The selector that decides whether the recipient may still see the target.
    visible_to: Callable[..., QuerySet]
    body: str = ""
    # What the preferences page calls it, e.g. "Minutes to review".
    label: str = ""
    # The cooperation area its notifications belong to ("" for the ledger, which spans areas)…
    area: str = ""
    # …or, where it depends on the target, how to read it from the target.
    area_of: Callable[[Model], str] | None = None
    # The channel when the user has not chosen one, and per role where a role needs another.
    default: Channel = Channel.IMMEDIATE
    role_defaults: dict[str, Channel] = field(default_factory=dict)
    # False for the portal's own mail (the digest itself): no preference, no inbox entry.
    configurable: bool = True
    # It asks its reader to act (confirm, review, decide, answer): "to do" in the inbox until the
    # acting service calls `notifications_resolve`, whoever acted.
    task: bool = False
    in_app: bool = True
    # Turns stored codes into words in the reader's language when the message is shown or sent.
    localise: Callable[[dict], dict] | None = None
    # Files for the e-mail, made at delivery: `attachments(target, params, recipient)` -> [(filename, content,
    # mimetype)].
    attachments: Callable[..., list[tuple[str, bytes, str]]] | None = None
    # Where the notification leads when not to the target's own page (a withdrawal: that page is no longer
    # its reader's to open, and its address would name the record).
    link: Callable[[Model], str] | None = None
    # A whole e-mail made at delivery, (subject, text, html), or None when there is nothing to send.
    compose: Callable[..., tuple[str, str, str] | None] | None = None

    def render_subject(self, params: dict) -> str:
        return str(self.subject) % _Defaulting(self._localised(params))

    def render_body(self, params: dict) -> str:
        return str(self.body) % _Defaulting(self._localised(params)) if self.body else ""

    def _localised(self, params: dict) -> dict:
        params = _dates_in_words(_party_in_words(params))
        return self.localise(params) if self.localise else params

    def area_for(self, target: Model) -> str:
        return self.area_of(target) if self.area_of else self.area

    def default_for(self, role_names) -> Channel:
        choices = [self.role_defaults[role] for role in role_names if role in self.role_defaults]
        return min(choices, key=_URGENCY.index) if choices else self.default


def _party_in_words(params: dict) -> dict:
    """A `party` parameter is stored as the party's code and read as its short name in the reader's language."""
    code = params.get("party")
    party = Party.objects.filter(code=code).first() if code else None
    return params | {"party": party.short_name} if party else params


# Parameters stored as ISO text and read in the reader's date format (and, for a moment, with the zone named).
_DATE_PARAMS = {"due": language.date_in_words, "when": language.datetime_in_words}


def _dates_in_words(params: dict) -> dict:
    words = {}
    for name, in_words in _DATE_PARAMS.items():
        if params.get(name):
            # Not a date written by this portal: shown as stored.
            with suppress(ValueError):
                words[name] = in_words(params[name])
    return params | words


class _Defaulting(dict):
    """A missing parameter renders empty rather than breaking an old notification."""

    def __missing__(self, key):
        return ""


def register(kind: NotificationKind) -> NotificationKind:
    _REGISTRY[kind.key] = kind
    return kind


def area_kinds(*, prefix: str, area: str, visible_to: Callable[..., QuerySet]) -> Callable[..., NotificationKind]:
    """For an area whose notices are all about one kind of record (a research project, a training session): a
    `kind(key, subject, body, label, **options)` that registers kinds keyed `<prefix>.<key>`, of that area, not
    delivered to a reader who can no longer see the record."""

    def kind(key: str, subject, body, label, **options) -> NotificationKind:
        return register(
            NotificationKind(
                key=f"{prefix}.{key}", subject=subject, body=body, label=label, visible_to=visible_to, area=area,
                **options,
            )
        )  # fmt: skip

    return kind


def get_kind(key: str) -> NotificationKind:
    return _REGISTRY[key]


def task_kinds() -> list[str]:
    return [key for key, kind in _REGISTRY.items() if kind.task]


def configurable_kinds() -> list[NotificationKind]:
    return [kind for kind in _REGISTRY.values() if kind.configurable]
