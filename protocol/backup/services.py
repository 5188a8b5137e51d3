"""Backup and restore of the whole portal: one archive with the database, every stored file and a manifest.

The archive is a tar (compressed as its name says: .tar, .tar.gz / .tgz, .tar.xz, .tar.bz2) holding, in order:
the database (database.pgdump or database.sqlite3, see database.py), every file of the default storage under
media/, and manifest.json, written last since the hashes are taken as the members stream. The manifest holds the
rows per table and the SHA-256 and size of the dump and of each file. A restore first reads the whole archive
against it and refuses a damaged one before changing anything; afterwards it checks the restored portal against it."""

from __future__ import annotations

import datetime
import json
import lzma
import os
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from . import database, media

# 2: the manifest holds the SHA-256 and size of the database dump too, which a restore checks first.
FORMAT = 2
MANIFEST = "manifest.json"
_MODES = {".tar": "", ".tar.gz": "gz", ".tgz": "gz", ".tar.xz": "xz", ".tar.bz2": "bz2"}


class BackupError(Exception):
    """A backup or restore refused or failed; the message tells the operator what to do."""


@dataclass(frozen=True)
class Contents:
    """What an archive holds, or what a restore put back."""

    path: Path
    engine: str
    tables: int
    rows: int
    files: int
    bytes: int


@dataclass(frozen=True)
class Restored:
    contents: Contents
    # Each difference between the restored portal and the manifest, in words; empty when everything matches.
    mismatches: list[str] = field(default_factory=list)
    # Files the storage held before a forced restore and still holds: not the archive's, left alone.
    extra_files: list[str] = field(default_factory=list)


def default_path() -> Path:
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.VAR_DIR) / "backups" / f"portal-{stamp}.tar.gz"


def _compression(path: Path) -> str:
    for suffix, mode in _MODES.items():
        if path.name.endswith(suffix):
            return mode
    raise BackupError(
        _("An archive's name ends in %(suffixes)s, not %(name)s.") % {"suffixes": ", ".join(_MODES), "name": path.name}
    )


def _contents(path: Path, manifest: dict) -> Contents:
    tables = manifest["database"]["tables"]
    files = manifest["media"]["files"]
    return Contents(
        path=path,
        engine=manifest["database"]["engine"],
        tables=len(tables),
        rows=sum(tables.values()),
        files=len(files),
        bytes=sum(file["size"] for file in files.values()),
    )


def backup_write(*, path: Path | None = None) -> Contents:
    """Write the database, every stored file and their manifest into one new archive at `path`."""
    path = Path(path or default_path())
    mode = _compression(path)
    if path.exists():
        raise BackupError(_("%(path)s exists already; a backup never overwrites one.") % {"path": path})
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = database.current_engine()
    # Written beside the archive under another name, then renamed: a failed backup never leaves a truncated
    # archive that looks whole. The dump waits there too, on the disk meant for backups rather than in /tmp.
    partial = path.with_name(path.name + ".partial")
    try:
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as scratch:
            dump = Path(scratch) / database.MEMBERS[engine]
            try:
                tables = database.dump(into=dump)
            except database.DatabaseError as error:
                raise BackupError(str(error)) from error
            with tarfile.open(partial, f"w:{mode}" if mode else "w") as tar:
                with dump.open("rb") as file:
                    dumped = media.add_stream(
                        tar, name=database.MEMBERS[engine], file=file, size=dump.stat().st_size, mtime=time.time()
                    )
                files = media.add_all(tar)
                manifest = {
                    "format": FORMAT,
                    "created_at": timezone.now().isoformat(),
                    "database": {"engine": engine, "member": database.MEMBERS[engine], "tables": tables, **dumped},
                    "media": {"files": files},
                }
                body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(body)
                info.mtime = int(timezone.now().timestamp())
                tar.addfile(info, BytesIO(body))
        os.replace(partial, path)
    except media.MediaError as error:
        raise BackupError(str(error)) from error
    finally:
        partial.unlink(missing_ok=True)
    return _contents(path, manifest)


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile(MANIFEST))
    except (KeyError, ValueError, AttributeError) as error:  # absent, not JSON, not a file
        raise BackupError(
            _("This archive has no readable manifest: it is incomplete, or not a portal backup.")
        ) from error
    found = manifest.get("format") if isinstance(manifest, dict) else None
    if found != FORMAT:
        raise BackupError(
            _("This archive's format is %(found)s; this portal reads format %(expected)s.")
            % {"found": found, "expected": FORMAT}
        )
    try:
        complete = (
            manifest["database"]["engine"] in database.MEMBERS
            and all(isinstance(rows, int) for rows in manifest["database"]["tables"].values())
            and all(
                isinstance(file["sha256"], str) and isinstance(file["size"], int)
                for file in _members(manifest).values()
            )
        )
    except (KeyError, TypeError, AttributeError):
        complete = False
    if not complete:
        raise BackupError(_("This archive's manifest is incomplete: it is not a portal backup."))
    return manifest


def _members(manifest: dict) -> dict[str, dict]:
    """Each member of the archive the manifest describes, by name, with its SHA-256 and size."""
    files = manifest["media"]["files"]
    return {manifest["database"]["member"]: manifest["database"], **{media.PREFIX + n: f for n, f in files.items()}}


_LISTED = 5  # a refusal names this many of the archive's problems; the first few say what happened

# What reading a damaged archive raises, by compression: truncated or altered bytes, in tar's framing or the
# compressor's.
_UNREADABLE = (tarfile.TarError, EOFError, zlib.error, lzma.LZMAError, OSError)


def _open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:*")
    except _UNREADABLE as error:
        raise _unreadable(path, error) from error


def _unreadable(path: Path, error: Exception) -> BackupError:
    return BackupError(
        _("Refused: %(path)s cannot be read whole (%(error)s): it is damaged or incomplete. Nothing was restored.")
        % {"path": path, "error": error}
    )


def _check(tar: tarfile.TarFile, manifest: dict, *, dump: Path) -> None:
    """Read every member of the archive and compare it with the manifest, copying the database's dump to `dump`
    on the way; refuse the archive on the first pass over it, before anything has been changed."""
    described = _members(manifest)
    problems, seen = [], set()
    for member in tar:
        if member.name == MANIFEST:
            continue
        expected = described.get(member.name)
        if expected is None or not member.isfile() or member.name in seen:
            problems.append(_("%(name)s is not in the manifest") % {"name": member.name})
            continue
        seen.add(member.name)
        with tar.extractfile(member) as file:
            if member.name == manifest["database"]["member"]:
                with dump.open("wb") as out:
                    found = media.checksum(file, into=out)
            else:
                found = media.checksum(file)
        if found != {"sha256": expected["sha256"], "size": expected["size"]}:
            problems.append(_("%(name)s differs from the manifest's SHA-256") % {"name": member.name})
    problems += [_("%(name)s is missing") % {"name": name} for name in sorted(described.keys() - seen)]
    if problems:
        listed = "; ".join(problems[:_LISTED]) + ("; …" if len(problems) > _LISTED else "")
        raise BackupError(
            _(
                "Refused: this archive does not match its manifest (damaged or altered). Nothing was restored. "
                "%(problems)s."
            )
            % {"problems": listed}
        )


def backup_restore(*, path: Path, force: bool = False) -> Restored:
    """Restore an archive into an empty database and an empty storage (or, with `force`, over what they hold),
    then check the result against the archive's manifest. Every byte of the archive is checked against the
    manifest before anything is changed: a damaged archive restores nothing."""
    path = Path(path)
    _compression(path)
    if not path.is_file():
        raise BackupError(_("There is no archive at %(path)s.") % {"path": path})
    try:
        occupied = database.row_counts()
    except database.DatabaseError as error:
        raise BackupError(str(error)) from error
    stored = next(media.names(), None)
    if not force and occupied:
        raise BackupError(
            _(
                "Refused: the database is not empty (%(tables)s tables, %(rows)s rows). Restore into a new, empty "
                "database, or pass --force to replace everything it holds."
            )
            % {"tables": len(occupied), "rows": sum(occupied.values())}
        )
    if not force and stored is not None:
        raise BackupError(
            _(
                "Refused: the file storage is not empty (it holds %(name)s, for one). Restore into an empty "
                "storage, or pass --force to replace the files of the same names."
            )
            % {"name": stored}
        )
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as scratch, _open(path) as tar:
        try:
            # The manifest comes last in the archive: reading it first costs a pass over the headers, and
            # refuses a foreign archive before the slower pass that checks every byte.
            manifest = _read_manifest(tar)
            dump = Path(scratch) / database.MEMBERS[manifest["database"]["engine"]]
            _check(tar, manifest, dump=dump)
        except _UNREADABLE as error:
            raise _unreadable(path, error) from error
        try:
            database.load(source=dump, engine=manifest["database"]["engine"], replace=force)
        except database.DatabaseError as error:
            raise BackupError(str(error)) from error
        try:
            media.restore_all(tar, replace=force)
        except media.MediaError as error:
            raise BackupError(str(error)) from error
    files = manifest["media"]["files"]
    return Restored(
        contents=_contents(path, manifest),
        mismatches=_differences(manifest),
        extra_files=[name for name in media.names() if name not in files],
    )


def _differences(manifest: dict) -> list[str]:
    """Every way the portal as restored differs from the manifest: rows per table, then the files."""
    mismatches = []
    expected, found = manifest["database"]["tables"], database.row_counts()
    for table in sorted(expected.keys() | found.keys()):
        if expected.get(table) != found.get(table):
            mismatches.append(
                _("table %(table)s: %(expected)s rows in the archive, %(found)s restored")
                % {"table": table, "expected": expected.get(table, "-"), "found": found.get(table, "-")}
            )
    files = manifest["media"]["files"]
    for name, file in sorted(files.items()):
        try:
            restored = media.digest(name)
        except FileNotFoundError:
            restored = None
        if restored != file["sha256"]:
            mismatches.append(_("file %(name)s: its SHA-256 differs from the archive's") % {"name": name})
    return mismatches
