"""What makes the portal's Message-IDs and calendar UIDs unique to this installation and stable in it.

The right-hand side is this installation's random key (made by the first migration, see Installation)
and SITE_URL's host: a staging copy or a reset database gets another key, so its mail is not dropped as a
duplicate of ours and its invitations do not overwrite the calendar entries ours made."""

import secrets
from urllib.parse import urlsplit

from django.conf import settings

from .models import Installation


def new_key() -> str:
    return secrets.token_hex(8)


def installation_key() -> str:
    # One row, made by the migration; made here too if the table was emptied (a test database flushed).
    # Not cached in the process: a worker must not keep the key of a database that has been replaced.
    return Installation.objects.get_or_create(pk=1, defaults={"key": new_key()})[0].key


def domain() -> str:
    """`<key>.<host>`; one query, so a caller making many identifiers reads it once and passes it on."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"{installation_key()}.{host}"


def unique_id(kind: str, pk: int, *, at: str | None = None) -> str:
    """`<kind>-<pk>@<key>.<host>`, e.g. outbox-42@3f9a1c2e5d7b9e0f.portal.example.org."""
    return f"{kind}-{pk}@{at or domain()}"
