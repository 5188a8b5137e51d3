"""What the backup tests compare, measured without the code under test: the rows of every table, read through
Django's introspection, and the SHA-256 of every file on disk; and the portal filled in every app."""

import hashlib
import json
import tarfile
from contextlib import contextmanager
from datetime import timedelta
from importlib import import_module
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import override_settings
from django.utils import timezone

from cooperation.documents import services as documents
from protocol.api.models import Scope
from protocol.api.services import TokenFields, token_create
from protocol.once.forms import new_token
from protocol.once.models import SubmittedForm
from protocol.parties.models import User
from protocol.uploads.services import upload_stage
from tests.documents import samples
from tests.factories import PartyFactory
from tests.library import fields, upload

# The data migrations' rows, each step idempotent as the migrations are: remade when a transactional test before
# this one emptied every table (tests/agreement/conftest.py remakes its row the same way).
DATA_MIGRATIONS = [
    ("protocol.glossary.migrations.0002_seed", "seed"),
    ("protocol.agreement.migrations.0002_agreement_record", "create_record"),
    ("protocol.notifications.migrations.0005_default_schedule", "install"),
    ("protocol.notifications.migrations.0008_installation", "create_installation"),
    ("cooperation.documents.migrations.0005_processing_schedule", "install"),
    ("cooperation.training.migrations.0002_release_schedule", "install"),
]


def rows_per_table(wrapper=None) -> dict[str, int]:
    """Rows in every table of the database, as Django's introspection lists them."""
    wrapper = wrapper or connections[DEFAULT_DB_ALIAS]
    with wrapper.cursor() as cursor:
        counts = {}
        for table in wrapper.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {wrapper.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def files_in(folder: Path) -> dict[str, str]:
    """Each file under the folder, by its path inside it, with its SHA-256."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(folder).rglob("*"))
        if path.is_file()
    }


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def rows_per_app(counts: dict[str, int]) -> dict[str, int]:
    """Rows of each installed app that has models, its many-to-many tables included."""
    return {
        app.label: sum(counts[model._meta.db_table] for model in app.get_models(include_auto_created=True))
        for app in apps.get_app_configs()
        if list(app.get_models())
    }


@contextmanager
def serving(database: str, media: Path):
    """The portal's database and file storage are, for the block, the database named and the media folder."""
    original = connections[DEFAULT_DB_ALIAS]
    wrapper = original.__class__({**original.settings_dict, "NAME": database}, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = wrapper
    try:
        with override_settings(MEDIA_ROOT=media):
            yield wrapper
    finally:
        wrapper.close()
        connections[DEFAULT_DB_ALIAS] = original


def seed_every_area(client) -> None:
    """The demo data of every area, and a row in each app the demo leaves empty; files with thumbnails."""
    PartyFactory(code="CAS")
    PartyFactory(code="SIPO")
    for module, function in DATA_MIGRATIONS:
        getattr(import_module(module), function)(apps, None)
    call_command("seed_demo", force=True, stdout=StringIO())
    official = User.objects.get(username="cas_official")
    # The demo's library files are text, which has no thumbnail: a PDF has one.
    documents.document_create(
        by=User.objects.get(username="cas_docadmin"), fields=fields(title="备份用的专利文献"), upload=upload()
    )
    upload_stage(user=official, upload=SimpleUploadedFile("草稿.png", samples.png()))
    token_create(
        user=official,
        fields=TokenFields(name="backup check", scope=Scope.READ, expires_at=timezone.now() + timedelta(days=30)),
        verified=True,
    )
    SubmittedForm.objects.create(token=new_token(), user=official)
    client.force_login(official)  # a session row
    LogEntry.objects.create(
        user=User.objects.get(username="admin"),
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(official.pk),
        object_repr=str(official),
        action_flag=ADDITION,
    )
    _second_factor_and_lockout_rows(official)


def _second_factor_and_lockout_rows(user) -> None:
    from axes.models import AccessAttempt, AccessFailureLog
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=user, name="phone")
    StaticDevice.objects.create(user=user, name="backup codes").token_set.create(token="12345678")
    request = {"user_agent": "pytest", "ip_address": "127.0.0.1", "username": "cas_official", "path_info": "/"}
    AccessAttempt.objects.create(**request, http_accept="*/*", get_data="", post_data="", failures_since_start=1)
    AccessFailureLog.objects.create(**request, http_accept="*/*")


def check_round_trip(*, client, archive: Path, fresh) -> tuple[int, int, int]:
    """Seed every area, back up, restore into the fresh database and media folder, and compare; return the tables,
    rows and files that went round."""
    seed_every_area(client)
    rows, stored = rows_per_table(), files_in(settings.MEDIA_ROOT)
    assert [app for app, count in rows_per_app(rows).items() if not count] == []
    assert set(connections[DEFAULT_DB_ALIAS].introspection.django_table_names()) <= rows.keys()
    assert {name.split("/")[0] for name in stored} >= {"documents", "thumbnails", "reports", "staged"}

    out = StringIO()
    call_command("backup", str(archive), stdout=out)
    assert f"{len(rows)} tables, {sum(rows.values())} rows; {len(stored)} files" in out.getvalue()
    with serving(fresh.database, fresh.media) as restored:
        assert rows_per_table(restored) == {}
        call_command("restore", str(archive), stdout=out)
        assert rows_per_table(restored) == rows
    assert "every table's rows and every file's SHA-256 match the manifest" in out.getvalue()
    assert files_in(fresh.media) == stored

    manifest = manifest_of(archive)
    assert manifest["database"]["tables"] == rows
    assert {name: file["sha256"] for name, file in manifest["media"]["files"].items()} == stored
    return len(rows), sum(rows.values()), len(stored)
