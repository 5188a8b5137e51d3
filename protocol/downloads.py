"""Download names: the reader's own words (often Chinese) for browsers that read RFC 6266's filename*,
an ASCII name for the few that do not."""

import re
from urllib.parse import quote

# What a file name cannot hold on common systems, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def safe_filename(name: str) -> str:
    return re.sub(r"\s+", " ", _UNSAFE.sub("-", name)).strip(" .-") or "download"


def attachment_disposition(filename: str, *, ascii_filename: str) -> str:
    """`attachment; filename="<ASCII>"; filename*=UTF-8''<filename>`, both made safe to save."""
    ascii_name = safe_filename(ascii_filename.encode("ascii", "ignore").decode())
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(safe_filename(filename), safe='')}"
