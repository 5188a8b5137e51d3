"""The optional virus scan (protocol/uploads/scan.py): through the library's upload page, against a fake clamd
that speaks INSTREAM (everywhere) and against the real one with an EICAR signature of the test's own."""

import io
import re
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from cooperation.documents.models import DocumentVersion
from protocol.uploads import scan
from tests.ci import needs
from tests.documents import samples
from tests.documents.test_uploads import assert_nothing_stored, assert_refused, post_document, stored_files

# Built from two halves so this file is not itself flagged by a scanner on a developer's machine.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
UNAVAILABLE = "The virus scanner is not available at the moment, so the file could not be checked and was not accepted."


class FakeClamd:
    """clamd's INSTREAM over a Unix socket, one connection at a time: answers `reply` and keeps what it was sent."""

    def __init__(self, folder: Path, reply: bytes | None):
        self.path = str(folder / "clamd.sock")
        self.reply = reply
        self.commands: list[bytes] = []
        self.streams: list[bytes] = []
        self.release = threading.Event()
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.path)
        self.server.listen()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _address = self.server.accept()
            except OSError:  # closed at the end of the test
                return
            with connection, connection.makefile("rb") as incoming:
                self.commands.append(incoming.readline())
                received = b""
                while size := int.from_bytes(incoming.read(4), "big"):
                    received += incoming.read(size)
                self.streams.append(received)
                if self.reply is None:  # a scanner that hangs: the client's timeout must end the wait
                    self.release.wait(10)
                    continue
                connection.sendall(self.reply)

    def close(self) -> None:
        self.release.set()
        # shutdown, not only close: it wakes the accept() the server thread is blocked in.
        self.server.shutdown(socket.SHUT_RDWR)
        self.server.close()
        self.thread.join(10)


@pytest.fixture
def short_folder():
    # A Unix socket's path must be short (108 bytes); pytest's tmp_path can be longer.
    with tempfile.TemporaryDirectory(prefix="clamd-") as folder:
        yield Path(folder)


@pytest.fixture
def fake_clamd(settings, short_folder):
    servers = []

    def start(reply: bytes | None) -> FakeClamd:
        server = FakeClamd(short_folder, reply)
        servers.append(server)
        settings.CLAMD_URL = f"unix://{server.path}"
        return server

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def docadmin_client(client, cas_docadmin, sipo_docadmin):
    client.force_login(cas_docadmin)
    return client


def test_a_finding_refuses_the_upload_naming_it_and_nothing_is_stored(docadmin_client, fake_clamd):
    clamd = fake_clamd(b"stream: Eicar-Signature FOUND\n")

    response = post_document(docadmin_client, "notes.txt", EICAR)

    assert_refused(response, "infected", "The file was refused: the virus scanner found “Eicar-Signature” in it.")
    assert_nothing_stored()
    assert clamd.commands == [b"nINSTREAM\n"] and clamd.streams == [EICAR]


def test_a_clean_file_is_scanned_whole_and_stored(docadmin_client, fake_clamd):
    clamd = fake_clamd(b"stream: OK\n")
    content = samples.english_pdf()

    response = post_document(docadmin_client, "report.pdf", content)

    assert response.status_code == 302
    assert clamd.streams == [content]
    assert stored_files() == [Path(DocumentVersion.objects.get().file.name)]


def test_a_large_file_reaches_the_scanner_in_chunks_whole(docadmin_client, fake_clamd):
    clamd = fake_clamd(b"stream: OK\n")
    content = "专利信息资源共享\n".encode() * 100_000  # 2.5 MB, a temporary file on disk, many chunks

    assert post_document(docadmin_client, "big.txt", content).status_code == 302
    assert clamd.streams == [content]


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param(b"stream: Can't allocate memory ERROR\n", id="scan-error"),
        pytest.param(b"INSTREAM size limit exceeded. ERROR\n", id="over-stream-max-length"),
        pytest.param(b"", id="closed-without-answer"),
        pytest.param(b"what is this\n", id="unknown-answer"),
    ],
)
def test_a_scanner_that_cannot_say_refuses_the_upload(docadmin_client, fake_clamd, reply):
    fake_clamd(reply)

    response = post_document(docadmin_client, "notes.txt", b"patent information\n")

    assert_refused(response, "scanner_unavailable", UNAVAILABLE)
    assert_nothing_stored()


def test_a_scanner_that_is_down_refuses_the_upload_rather_than_accept_it_unscanned(
    docadmin_client, settings, short_folder
):
    settings.CLAMD_URL = f"unix://{short_folder / 'nobody-listens.sock'}"

    response = post_document(docadmin_client, "report.pdf", samples.english_pdf())

    assert_refused(response, "scanner_unavailable", UNAVAILABLE)
    assert "Try again in a few minutes" in response.text
    assert_nothing_stored()


def test_a_scanner_that_hangs_is_given_up_after_the_timeout(docadmin_client, fake_clamd, settings):
    fake_clamd(None)
    settings.CLAMD_TIMEOUT = 0.2

    response = post_document(docadmin_client, "notes.txt", b"patent information\n")

    assert_refused(response, "scanner_unavailable", UNAVAILABLE)
    assert_nothing_stored()


def test_scanning_is_off_by_default_and_then_nothing_is_contacted(docadmin_client, settings, monkeypatch):
    assert settings.CLAMD_URL == ""

    def no_scanner(*args, **kwargs):
        raise AssertionError("a scanner was contacted")

    monkeypatch.setattr(scan.clamdpy, "ClamdUnixSocket", no_scanner)
    monkeypatch.setattr(scan.clamdpy, "ClamdNetworkSocket", no_scanner)

    assert post_document(docadmin_client, "notes.txt", EICAR).status_code == 302


def test_the_scanner_is_reached_over_tcp_too(settings):
    server = socket.create_server(("127.0.0.1", 0))
    settings.CLAMD_URL = f"tcp://127.0.0.1:{server.getsockname()[1]}"
    sent = []

    def serve():
        connection, _address = server.accept()
        with connection, connection.makefile("rb") as incoming:
            incoming.readline()
            while size := int.from_bytes(incoming.read(4), "big"):
                sent.append(incoming.read(size))
            connection.sendall(b"stream: Win.Test.EICAR_HDB-1 FOUND\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        with pytest.raises(ValidationError, match=re.escape("Win.Test.EICAR_HDB-1")) as refused:
            scan.scan_upload(io.BytesIO(EICAR))
        assert refused.value.code == "infected"
    finally:
        thread.join(10)
        server.close()
    assert b"".join(sent) == EICAR


@pytest.mark.parametrize("url", ["clamd.ctl", "http://127.0.0.1:3310", "unix://", "tcp://"])
def test_a_malformed_scanner_address_is_a_configuration_error_reported_by_check(settings, url):
    settings.CLAMD_URL = url
    with pytest.raises(ImproperlyConfigured, match="CLAMD_URL"):
        scan.scanner()
    with pytest.raises(SystemCheckError, match="CLAMD_URL"):
        call_command("check")


# The real clamd. Its signature database comes from the internet (freshclam), which CI and these machines do
# not reach; the EICAR signature is written here instead, so the test needs only the program. .ci/run installs
# it (Debian's clamav-daemon): under CI its absence fails the test, on a developer's machine it skips, loudly.


@pytest.fixture
def real_clamd(settings, short_folder):
    program = shutil.which("clamd") or next(
        (path for path in ("/usr/sbin/clamd", "/sbin/clamd") if Path(path).exists()), None
    )
    if program is None:
        needs("clamd is not installed (Debian package clamav-daemon)")
    database = short_folder / "db"
    database.mkdir()
    (database / "eicar.ndb").write_text(f"Eicar-Test-Signature:0:0:{EICAR.hex()}\n")
    socket_path = short_folder / "clamd.sock"
    config = short_folder / "clamd.conf"
    config.write_text(
        f"LocalSocket {socket_path}\nDatabaseDirectory {database}\nForeground yes\nStreamMaxLength 200M\n"
    )
    process = subprocess.Popen(
        [program, f"--config-file={config}"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = []
    # clamd says this once its socket listens; reading its output waits for that without a sleep.
    for line in process.stdout:
        output.append(line)
        if line.startswith("Self checking every"):
            break
    if process.poll() is not None:
        pytest.fail("clamd did not start:\n" + "".join(output))
    settings.CLAMD_URL = f"unix://{socket_path}"
    yield
    process.terminate()
    process.wait(10)
    process.stdout.close()


def test_the_eicar_test_file_is_refused_by_the_real_clamd(docadmin_client, real_clamd):
    response = post_document(docadmin_client, "eicar.txt", EICAR)

    assert_refused(response, "infected", "the virus scanner found “Eicar-Test-Signature")
    assert_nothing_stored()


def test_a_clean_pdf_passes_the_real_clamd(docadmin_client, real_clamd):
    assert post_document(docadmin_client, "report.pdf", samples.chinese_pdf()).status_code == 302
