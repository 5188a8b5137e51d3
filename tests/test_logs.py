"""Structured logs (protocol/logs.py): one JSON object per line, a line per request with its id, who (ids only),
the path without its query, status and duration; the request's id on every line it logs, the task's id and name
on every line a Celery task logs; readable lines with `make run`."""

import io
import json
import logging
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from protocol.celery import app as celery_app
from protocol.logs import ContextFilter, PortalJsonFormatter, RequestLogMiddleware, _who
from tests.test_settings import ROOT, manage


class Lines:
    """What the portal's handler would write, captured from the root logger."""

    def __init__(self, formatter: logging.Formatter):
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.addFilter(ContextFilter())
        self.handler.setFormatter(formatter)

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.text.splitlines()]

    def of(self, logger: str) -> list[dict]:
        return [record for record in self.records() if record["logger"] == logger]


def capture(formatter):
    root = logging.getLogger()
    lines = Lines(formatter)
    root.addHandler(lines.handler)
    return root, lines


@pytest.fixture
def json_lines():
    root, lines = capture(PortalJsonFormatter())
    yield lines
    root.removeHandler(lines.handler)


@pytest.fixture
def plain_lines():
    root, lines = capture(logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"]))
    yield lines
    root.removeHandler(lines.handler)


@celery_app.task(name="tests.test_logs.say_task")
def say_task(word: str) -> None:
    logging.getLogger("tests.task").warning("the task says %s", word)


def test_a_request_gets_one_line_with_its_id_user_party_path_status_and_duration(client, cas_official, json_lines):
    client.force_login(cas_official)
    response = client.get(reverse("dashboard") + "?q=zhang.wei%40example.org")

    (line,) = json_lines.of("protocol.request")
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert (line["method"], line["path"], line["status"]) == ("GET", "/", 200)
    assert (line["user_id"], line["party"]) == (cas_official.pk, "CAS")
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["level"] == "INFO" and line["timestamp"].endswith("+00:00")
    assert line["message"].startswith("GET / 200 ")
    # The query string can hold personal data: it is in no line, nor are the user's name, username or e-mail.
    for personal in ("zhang.wei", "example.org", cas_official.username, cas_official.full_name, cas_official.email):
        assert personal not in json_lines.text


def test_every_line_a_request_logs_names_its_id_and_no_request_object(client, db, json_lines):
    response = client.get("/no-such-page/?token=secret-value")

    assert response.status_code == 404
    not_found, request_line = json_lines.of("django.request"), json_lines.of("protocol.request")
    assert [line["request_id"] for line in not_found] == [response["X-Request-ID"]]
    assert request_line[0]["request_id"] == response["X-Request-ID"]
    assert (request_line[0]["user_id"], request_line[0]["party"], request_line[0]["status"]) == (None, None, 404)
    # django.request passes the request object, whose text holds the query string: never written.
    assert "request" not in not_found[0]
    assert "secret-value" not in json_lines.text
    # One JSON object per line, even for a message over several lines.
    logging.getLogger("tests").warning("first\nsecond")
    assert json_lines.records()[-1]["message"] == "first\nsecond"


def test_the_proxys_request_id_is_kept_when_sane_and_replaced_when_not(client, db, json_lines):
    from_nginx = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    assert client.get("/healthz", HTTP_X_REQUEST_ID=from_nginx)["X-Request-ID"] == from_nginx

    for forged in ["short", "x" * 65, "id with spaces", 'quote"and{json}', "line\nbreak-ab12cd34", "中文中文中文中文"]:
        given = client.get("/healthz", HTTP_X_REQUEST_ID=forged)["X-Request-ID"]
        assert given != forged and len(given) == 32
    assert json_lines.of("protocol.request")[0]["request_id"] == from_nginx


def test_the_request_line_does_not_load_a_user_the_request_never_asked_for(db):
    def loaded():
        pytest.fail("the log line loaded the session's user")

    request = RequestFactory().get("/healthz")
    request.user = SimpleLazyObject(loaded)
    assert _who(request) == (None, None)


def test_a_task_names_its_id_and_name_on_every_line_it_logs(db, json_lines):
    result = say_task.delay("hello")  # eager in the suite: the same code path as in a worker

    (line,) = [line for line in json_lines.records() if line["logger"] == "tests.task"]
    assert line["message"] == "the task says hello"
    assert (line["task_id"], line["task_name"]) == (result.id, "tests.test_logs.say_task")
    # Outside a task (and a request) no ids at all, rather than empty ones.
    logging.getLogger("tests.task").warning("after the task")
    after = json_lines.records()[-1]
    assert not {"task_id", "task_name", "request_id"} & after.keys()


def test_a_task_run_inside_a_request_names_both(rf, db, json_lines):
    def view(request):
        say_task.delay("from a view")
        from django.http import HttpResponse

        return HttpResponse()

    request = rf.get("/somewhere")
    response = RequestLogMiddleware(view)(request)
    response.close()  # as a WSGI server does: the request's id is forgotten

    (line,) = [line for line in json_lines.records() if line["logger"] == "tests.task"]
    assert line["request_id"] == response["X-Request-ID"]
    assert line["task_name"] == "tests.test_logs.say_task" and line["task_id"]


def test_plain_lines_are_readable_and_name_the_request(client, db, plain_lines):
    response = client.get("/healthz?x=1")

    (line,) = [line for line in plain_lines.text.splitlines() if "protocol.request" in line]
    assert f"INFO protocol.request [{response['X-Request-ID']}] GET /healthz 200 " in line
    assert not line.startswith("{")


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"DJANGO_DEBUG": "false"}, "json"),
        ({"DJANGO_DEBUG": "true"}, "plain"),
        ({"DJANGO_DEBUG": "false", "LOG_FORMAT": "plain"}, "plain"),
    ],
)
def test_json_is_the_default_without_debug_and_plain_with_make_runs_debug(environment, expected):
    script = "import logging; logging.getLogger('tests').warning('configured')"
    result = manage("shell", "-c", script, SECRET_KEY="k3y-for-this-test-only", **environment)

    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stderr.splitlines() if "configured" in line]
    if expected == "json":
        assert json.loads(line) | {"timestamp": None} == {
            "level": "WARNING",
            "logger": "tests",
            "message": "configured",
            "timestamp": None,
        }
    else:
        assert line.endswith("WARNING tests configured")


def test_an_unknown_log_format_stops_start_up():
    result = manage("check", DJANGO_DEBUG="true", LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "LOG_FORMAT must be json or plain" in result.stderr


def test_celery_worker_and_beat_keep_the_portals_logging():
    # A receiver of setup_logging turns off Celery's own configuration (which would replace the JSON handler).
    script = (
        "import logging; from celery.signals import setup_logging; from protocol.celery import app;"
        "assert setup_logging.receivers; app.log.setup(); "
        "handler, = logging.getLogger().handlers; print(type(handler.formatter).__name__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "protocol.settings", "DJANGO_DEBUG": "false", "SECRET_KEY": "k", "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "PortalJsonFormatter"
