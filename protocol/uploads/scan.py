"""An optional virus scan of every upload by ClamAV's daemon (clamd), over its INSTREAM command.

Off unless CLAMD_URL names the daemon (unix:///run/clamav/clamd.ctl or tcp://host:3310). When it is on, a
file the scanner cannot check is refused, not accepted unscanned: an attacker who can slow or crash the
scanner must not thereby switch it off, and "try again in a few minutes" costs an honest uploader little.
"""

import logging
from typing import IO
from urllib.parse import urlsplit

import clamdpy
from clamdpy.exceptions import ClamdException
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# clamd's default is 1 KB chunks; larger ones send a 100 MB file in fewer system calls (clamd takes any size).
_CHUNK = 64 * 1024


def scanner() -> clamdpy.ClamdNetworkSocket | None:
    """The configured clamd client, or None when scanning is off."""
    url = settings.CLAMD_URL
    if not url:
        return None
    parts = urlsplit(url)
    timeout = settings.CLAMD_TIMEOUT
    if parts.scheme == "unix" and parts.path:
        return clamdpy.ClamdUnixSocket(parts.path, timeout=timeout, max_chunk_size=_CHUNK)
    if parts.scheme == "tcp" and parts.hostname:
        return clamdpy.ClamdNetworkSocket(parts.hostname, parts.port or 3310, timeout=timeout, max_chunk_size=_CHUNK)
    raise ImproperlyConfigured(f"CLAMD_URL must be unix:///path/to/socket or tcp://host:port, not {url!r}")


def scan_upload(file: IO[bytes]) -> None:
    """Raise ValidationError if clamd finds something in the file, or cannot say; do nothing when scanning is off.

    Reads the file from where it is; the caller rewinds it."""
    client = scanner()
    if client is None:
        return
    try:
        result = client.instream(file)
    except (ClamdException, OSError) as exc:  # refused, timed out, reset (also clamd's StreamMaxLength)
        logger.error("Virus scanner unavailable at %s: %s: %s", settings.CLAMD_URL, type(exc).__name__, exc)
        raise _unavailable() from exc
    if result.status == "FOUND":
        logger.warning("Upload refused: the virus scanner found %s", result.reason)
        raise ValidationError(
            _("The file was refused: the virus scanner found “%(finding)s” in it."),
            code="infected",
            params={"finding": result.reason},
        )
    if result.status != "OK":
        logger.error("Virus scanner could not scan an upload: %s", result.reason)
        raise _unavailable()


def _unavailable() -> ValidationError:
    return ValidationError(
        _(
            "The virus scanner is not available at the moment, so the file could not be checked and was not "
            "accepted. Try again in a few minutes; if it keeps happening, tell the portal administrators."
        ),
        code="scanner_unavailable",
    )
