"""The files' half of a backup: every file of the default storage, read and written through Django's storage API
only, so the same code backs up a local media folder and an S3 bucket. Files stream in blocks: none is ever held
whole in memory, and each is hashed while it streams."""

from __future__ import annotations

import hashlib
import posixpath
import tarfile
import time
from collections.abc import Iterator
from typing import BinaryIO

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.utils.translation import gettext as _

PREFIX = "media/"
BLOCK = 1 << 20


class MediaError(Exception):
    """A file that could not be backed up or restored; the message names it."""


def names(storage: Storage | None = None, folder: str = "") -> Iterator[str]:
    """Every file name in the storage, folders walked depth first, in a stable order."""
    storage = storage or default_storage
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local media folder not made yet holds nothing
        return
    for file in sorted(files):
        yield posixpath.join(folder, file)
    for sub in sorted(folders):
        yield from names(storage, posixpath.join(folder, sub))


class _Hashing:
    """A file object that hashes what is read through it (tarfile reads members in blocks)."""

    def __init__(self, file: BinaryIO):
        self.file = file
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        block = self.file.read(size)
        self.sha256.update(block)
        self.size += len(block)
        return block


def add_stream(tar: tarfile.TarFile, *, name: str, file: BinaryIO, size: int, mtime: float) -> dict:
    """Stream one file into the archive under `name`, hashed as it streams; return its SHA-256 and size."""
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = mtime
    reader = _Hashing(file)
    tar.addfile(info, reader)
    return {"sha256": reader.sha256.hexdigest(), "size": reader.size}


def checksum(file: BinaryIO, *, into: BinaryIO | None = None) -> dict:
    """The SHA-256 and size of what `file` holds, read in blocks; each block is also written to `into`, if given."""
    sha256 = hashlib.sha256()
    size = 0
    while block := file.read(BLOCK):
        sha256.update(block)
        size += len(block)
        if into is not None:
            into.write(block)
    return {"sha256": sha256.hexdigest(), "size": size}


def add_all(tar: tarfile.TarFile, *, storage: Storage | None = None) -> dict[str, dict]:
    """Stream every file of the storage into the archive; return each name's SHA-256 and size."""
    storage = storage or default_storage
    files = {}
    for name in names(storage):
        with storage.open(name, "rb") as file:
            try:
                files[name] = add_stream(
                    tar, name=PREFIX + name, file=file, size=storage.size(name), mtime=_modified(storage, name)
                )
            except OSError as error:  # the file changed length while it was read
                raise MediaError(
                    _("%(name)s could not be read whole: %(error)s") % {"name": name, "error": error}
                ) from error
    return files


def _modified(storage: Storage, name: str) -> float:
    try:
        return storage.get_modified_time(name).timestamp()
    except (NotImplementedError, OSError):
        return time.time()


def restore_all(tar: tarfile.TarFile, *, replace: bool, storage: Storage | None = None) -> int:
    """Write every file of the archive into the storage under its own name; return how many."""
    storage = storage or default_storage
    count = 0
    for member in tar:
        if not member.name.startswith(PREFIX):
            continue
        name = member.name[len(PREFIX) :]
        if not member.isfile():
            raise MediaError(_("%(name)s in the archive is not a file.") % {"name": member.name})
        if replace and storage.exists(name):
            storage.delete(name)
        # The storage validates the name (no absolute path, no ".."), so a crafted archive cannot write elsewhere.
        saved = storage.save(name, File(tar.extractfile(member), name=name))
        if saved != name:
            raise MediaError(
                _("%(name)s was stored as %(saved)s: the storage already held a file of that name.")
                % {"name": name, "saved": saved}
            )
        count += 1
    return count


def digest(name: str, *, storage: Storage | None = None) -> str:
    """The SHA-256 of a stored file, read back from the storage in blocks."""
    storage = storage or default_storage
    with storage.open(name, "rb") as file:
        return checksum(file)["sha256"]
