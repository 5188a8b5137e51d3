"""Backup and restore of the whole portal: one archive with the database, every stored file and a manifest.

The archive is a tar (compressed as its name says: .tar, .tar.gz / .tgz, .tar.xz, .tar.bz2) holding, in order:
the database (database.pgdump or database.sqlite3, see database.py), every file of the default storage under
media/, and manifest.json, written last since the files' hashes are taken as they stream. The manifest holds the
rows per table and each file's SHA-256 and size; a restore checks the restored portal against it."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from . import database, media

FORMAT = 1
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
                tar.add(dump, arcname=database.MEMBERS[engine])
                files = media.add_all(tar)
                manifest = {
                    "format": FORMAT,
                    "created_at": timezone.now().isoformat(),
                    "database": {"engine": engine, "member": database.MEMBERS[engine], "tables": tables},
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
    except (KeyError, ValueError) as error:
        raise BackupError(_("This archive has no readable manifest: it is not a portal backup.")) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("This archive's format is %(found)s; this portal reads format %(expected)s.")
            % {"found": manifest.get("format"), "expected": FORMAT}
        )
    return manifest


def backup_restore(*, path: Path, force: bool = False) -> Restored:
    """Restore an archive into an empty database and an empty storage (or, with `force`, over what they hold),
    then check the result against the archive's manifest."""
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
    with tarfile.open(path, "r:*") as tar:
        # The manifest comes last in the archive; reading it first costs one pass, and refuses a foreign archive
        # before anything is changed.
        manifest = _read_manifest(tar)
        engine = manifest["database"]["engine"]
        with tempfile.TemporaryDirectory(prefix="portal-restore-") as scratch:
            dump = Path(scratch) / database.MEMBERS[engine]
            with tar.extractfile(manifest["database"]["member"]) as member, dump.open("wb") as out:
                shutil.copyfileobj(member, out, media.BLOCK)
            try:
                database.load(source=dump, engine=engine, replace=force)
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
