"""`manage.py restore` changes nothing when it should not restore: into a database or storage that holds data
(unless --force), and from an archive that is damaged — truncated, or with a member that is not what the
manifest says — whatever --force says."""

import io
import json
import tarfile
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from protocol.backup import services

from .portal import files_in, manifest_of, rows_per_table, serving

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def archive(tmp_path, new_portal, cas_shared):
    """A backup of a small portal: a database of one table and row, and a library document's file and thumbnail.
    Not the test database's: SQLite's backup waits for the test's open transaction to end, which it never does."""
    path, source = tmp_path / "portal.tar.gz", new_portal("source")
    with serving(source.database, settings.MEDIA_ROOT) as database, database.cursor() as cursor:
        cursor.execute("CREATE TABLE backup_probe (id integer PRIMARY KEY, note varchar(20))")
        cursor.execute("INSERT INTO backup_probe (id, note) VALUES (1, '备份')")
        call_command("backup", str(path), stdout=StringIO())
    assert {name.split("/")[0] for name in manifest_of(path)["media"]["files"]} == {"documents", "thumbnails"}
    return path


def rewritten(archive, path, *, change=lambda name, data: data, add=()):
    """A copy of the archive at `path`, each member's bytes passed through `change` (None leaves it out)."""
    with tarfile.open(archive) as source, tarfile.open(path, "w:gz") as copy:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            if data is not None:
                member.size = len(data)
                copy.addfile(member, io.BytesIO(data))
        for name, data in add:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
    return path


def altered(first: str):
    """Change one byte of the first member whose name starts with `first`; keep its size."""
    done = []

    def change(name, data):
        if name.startswith(first) and not done:
            done.append(name)
            return bytes([data[0] ^ 0xFF]) + data[1:]
        return data

    return change


def older_format(name, data):
    if name != "manifest.json":
        return data
    return json.dumps(json.loads(data) | {"format": services.FORMAT - 1}).encode()


def truncated(archive, path):
    path.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    return path


def as_plain_tar(archive, path):
    with tarfile.open(archive) as source, tarfile.open(path, "w") as copy:
        for member in source:
            copy.addfile(member, source.extractfile(member))
    return path


DAMAGES = {
    "truncated": (truncated, "cannot be read whole"),
    "a plain tar truncated": (
        lambda archive, path: truncated(as_plain_tar(archive, path.with_suffix("")), path.with_suffix("")),
        "cannot be read whole",
    ),
    "a library file altered": (
        lambda archive, path: rewritten(archive, path, change=altered("media/documents/")),
        r"does not match its manifest \(damaged or altered\)\. Nothing was restored\. "
        r"media/documents/\S+ differs from the manifest's SHA-256",
    ),
    "a thumbnail altered": (
        lambda archive, path: rewritten(archive, path, change=altered("media/thumbnails/")),
        r"media/thumbnails/\S+ differs from the manifest's SHA-256",
    ),
    "the database dump altered": (
        lambda archive, path: rewritten(archive, path, change=altered("database.")),
        r"database\.\w+ differs from the manifest's SHA-256",
    ),
    "a file taken out": (
        lambda archive, path: rewritten(
            archive, path, change=lambda name, data: None if name.startswith("media/thumbnails/") else data
        ),
        r"media/thumbnails/\S+ is missing",
    ),
    "a file slipped in": (
        lambda archive, path: rewritten(archive, path, add=[("media/documents/1/extra.pdf", b"%PDF-1.4")]),
        "media/documents/1/extra.pdf is not in the manifest",
    ),
    "a manifest of an older format": (
        lambda archive, path: rewritten(archive, path, change=older_format),
        f"format is {services.FORMAT - 1}; this portal reads format {services.FORMAT}",
    ),
    "no manifest": (
        lambda archive, path: rewritten(
            archive, path, change=lambda name, data: None if name == "manifest.json" else data
        ),
        "no readable manifest",
    ),
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_archive_is_refused_and_restores_nothing(archive, tmp_path, fresh, damage):
    make, message = DAMAGES[damage]
    damaged = make(archive, tmp_path / "damaged.tar.gz")
    with serving(fresh.database, fresh.media) as restored:
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(damaged), stdout=StringIO())
        assert rows_per_table(restored) == {}
    assert files_in(fresh.media) == {}


def test_a_damaged_archive_changes_nothing_even_when_forced(archive, tmp_path):
    damaged = rewritten(archive, tmp_path / "damaged.tar.gz", change=altered("media/documents/"))
    rows, stored = rows_per_table(), files_in(settings.MEDIA_ROOT)
    with pytest.raises(CommandError, match="does not match its manifest"):
        call_command("restore", str(damaged), force=True, stdout=StringIO())
    assert (rows_per_table(), files_in(settings.MEDIA_ROOT)) == (rows, stored)


def test_a_restore_into_a_storage_that_holds_files_is_refused(archive, tmp_path, fresh):
    (fresh.media / "left-behind.pdf").write_bytes(b"%PDF-1.4")
    with serving(fresh.database, fresh.media) as restored:
        with pytest.raises(CommandError, match=r"the file storage is not empty .*left-behind\.pdf.* --force"):
            call_command("restore", str(archive), stdout=StringIO())
        assert rows_per_table(restored) == {}
    assert list(files_in(fresh.media)) == ["left-behind.pdf"]


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_a_database_that_holds_data_is_refused_unless_forced(cas_shared, make_document, tmp_path):
    archive = tmp_path / "portal.tar.gz"
    call_command("backup", str(archive), stdout=StringIO())
    make_document(title="备份之后加入的文献")
    rows, stored = rows_per_table(), files_in(settings.MEDIA_ROOT)
    with pytest.raises(CommandError, match=r"the database is not empty \(\d+ tables, \d+ rows\).* --force"):
        call_command("restore", str(archive), stdout=StringIO())
    assert (rows_per_table(), files_in(settings.MEDIA_ROOT)) == (rows, stored)

    out = StringIO()
    call_command("restore", str(archive), force=True, stdout=out)
    manifest = manifest_of(archive)
    assert rows_per_table() == manifest["database"]["tables"] != rows
    now = files_in(settings.MEDIA_ROOT)
    archived = {name: file["sha256"] for name, file in manifest["media"]["files"].items()}
    assert {name: now[name] for name in archived} == archived
    # The files added after the backup are not the archive's: left alone, and named.
    added = sorted(stored.keys() - archived.keys())
    assert added and sorted(now.keys() - archived.keys()) == added
    assert all(f"Left alone, not in the archive: {name}" in out.getvalue() for name in added)
