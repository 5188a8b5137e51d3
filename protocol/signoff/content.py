"""What a sign-off names: the exact content approved, by its hash, and a version label."""

import hashlib
import json
from dataclasses import dataclass


def canonical_sha256(content: str | bytes | dict | list) -> str:
    """The SHA-256 naming what was approved: UTF-8 bytes of a text, compact sorted-key JSON of a dict or list."""
    if isinstance(content, str):
        data = content.encode()
    elif isinstance(content, bytes):
        data = content
    else:
        # One byte sequence per value: key order and whitespace must not change the hash.
        data = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Version:
    """One version of the content: its hash and the label people know it by (e.g. a revision number)."""

    sha256: str
    label: str = ""
