"""What the agreement's record tells people: amendments to approve, approved or sent back, and its dates."""

from django.utils.translation import gettext_lazy as _

from protocol.language import is_chinese
from protocol.notifications.kinds import NotificationKind, register
from protocol.notifications.models import Channel
from protocol.parties.roles import Role

from .selectors import agreements_visible_to, amendments_visible_to

# A key date's kind, stored as its code, in the reader's words.
_DATE_WORDS = {"review": _("review"), "renewal": _("renewal decision")}


def _in_readers_language(params: dict) -> dict:
    """An amendment's title is stored in both languages, a date's kind as a code; the reader gets words."""
    if "title_zh" in params:
        params = params | {"title": params["title_zh"] if is_chinese() else params.get("title_en", "")}
    if params.get("what") in _DATE_WORDS:
        params = params | {"what": str(_DATE_WORDS[params["what"]])}
    return params


def _kind(key: str, subject, body, label, *, visible_to=amendments_visible_to, **options) -> NotificationKind:
    # The agreement spans the areas: its notices are of no one area (grouped with the ledger's).
    return register(
        NotificationKind(
            key=f"agreement.{key}", subject=subject, body=body, label=label, visible_to=visible_to,
            localise=_in_readers_language, **options,
        )
    )  # fmt: skip


AMENDMENT_APPROVAL_NEEDED = _kind(
    "amendment_approval_needed",
    _("Approve the amendment “%(title)s” for your party (version %(version)s)"),
    _("%(actor)s proposed an amendment to the agreement. Approve it for your party or request changes."),
    _("Amendments to the agreement to approve"),
    default=Channel.DIGEST,
    role_defaults={Role.COORDINATOR: Channel.IMMEDIATE},
    task=True,
)
AMENDMENT_IN_FORCE = _kind(
    "amendment_in_force",
    _("Approved by both parties: the amendment “%(title)s” (version %(version)s)"),
    _("It is part of the agreement from %(due)s and can no longer be changed."),
    _("Amendments approved by both parties"),
    default=Channel.DIGEST,
)
AMENDMENT_CHANGES_REQUESTED = _kind(
    "amendment_changes_requested",
    _("Changes requested to the amendment “%(title)s”"),
    _("%(actor)s: %(comment)s"),
    _("Changes requested to an amendment your party proposed"),
    task=True,
)
TERM_END_REMINDER = _kind(
    "term_end_reminder",
    _("Reminder: the agreement's term ends on %(due)s, in %(days)s days"),
    _("Agree with the other party whether to renew it; the dates are on the protocol's page."),
    _("Reminder: the end of the agreement's term (180, 90 and 30 days before)"),
    visible_to=agreements_visible_to,
)
DATE_REMINDER = _kind(
    "date_reminder",
    _("Reminder: the agreement's %(what)s is due on %(due)s, in %(days)s days"),
    _("Prepare it with the other party; the dates are on the protocol's page."),
    _("Reminder: reviews and renewals of the agreement (180, 90 and 30 days before)"),
    visible_to=agreements_visible_to,
)
