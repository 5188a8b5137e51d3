"""What every e-mail of the portal carries, whichever path sends it (the outbox, the password reset):
the portal's name as sender in the reader's language, the subject prefix, and the headers that tell mail
systems it is automatic mail with a page to stop it."""

from email.utils import parseaddr

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _


def preferences_url() -> str:
    return f"{settings.SITE_URL}{reverse('notifications:preferences')}"


def sender() -> str:
    """`"合作协议门户" <portal@…>` or `"Cooperation Protocol Portal" <portal@…>`, in the active language;
    the address is DEFAULT_FROM_EMAIL's. Django encodes a non-ASCII name when it builds the header."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL
    name = _("Cooperation Protocol Portal").replace('"', "")
    return f'"{name}" <{address}>'


def subject(text: str) -> str:
    """The portal's prefix and `text`, on one line whatever a title contains (a header is one line)."""
    return " ".join(render_to_string("notifications/email/subject.txt", {"subject": text}).split())


def headers() -> dict[str, str]:
    return {
        # RFC 3834: out-of-office replies and the like must not answer it.
        "Auto-Submitted": "auto-generated",
        # RFC 2369: mail clients offer "unsubscribe", which leads to the page where the reader chooses.
        "List-Unsubscribe": f"<{preferences_url()}>",
    }
