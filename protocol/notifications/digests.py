"""The daily digest: one e-mail per user per day with what they chose to receive that way."""

from collections import defaultdict
from itertools import groupby

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from protocol.areas import Area

from .kinds import NotificationKind, get_kind, register
from .models import Digest, Notification
from .outbox import email_footer_context


def area_label(area: str) -> str:
    return Area(area).label if area in Area.values else str(_("General"))


def _area_order(area: str) -> int:
    return Area.values.index(area) if area in Area.values else len(Area.values)


def digest_items(digest: Digest) -> list[Notification]:
    """What the digest may still tell its reader, newest first: unread, and only about what they
    may see at this moment (a document made internal since is left out)."""
    notes = list(
        digest.notifications.filter(read_at__isnull=True).select_related("outbox").order_by("-created_at", "-pk")
    )
    by_kind = defaultdict(list)
    for note in notes:
        by_kind[note.kind].append(note)
    visible = set()
    for key, kind_notes in by_kind.items():
        target_ids = {note.outbox.target_id for note in kind_notes}
        seen = set(get_kind(key).visible_to(digest.recipient).filter(pk__in=target_ids).values_list("pk", flat=True))
        visible.update(note.pk for note in kind_notes if note.outbox.target_id in seen)
    return [note for note in notes if note.pk in visible]


def compose_digest(digest: Digest, params: dict) -> tuple[str, str, str] | None:
    """Subject, text and HTML in the active language (the recipient's), or None when empty."""
    items = digest_items(digest)
    if not items:
        return None
    ordered = sorted(items, key=lambda note: _area_order(note.area))  # stable: newest first within an area
    groups = [
        {"area": area_label(area), "items": list(notes)} for area, notes in groupby(ordered, key=lambda note: note.area)
    ]
    subject = ngettext(
        "Your daily digest: %(count)d notification", "Your daily digest: %(count)d notifications", len(items)
    ) % {"count": len(items)}
    context = {"recipient": digest.recipient, "subject": subject, "groups": groups, "day": digest.day}
    context |= email_footer_context()
    text = render_to_string("notifications/email/digest.txt", context)
    html = render_to_string("notifications/email/digest.html", context)
    return subject, text, html


def _own_digests(user):
    return Digest.objects.filter(recipient=user)


DIGEST = register(
    NotificationKind(
        key="notifications.digest",
        subject=_("Your daily digest"),
        label=_("Daily digest"),
        visible_to=_own_digests,
        configurable=False,
        in_app=False,
        compose=compose_digest,
    )
)
