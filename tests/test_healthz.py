"""/healthz in the suite's default mode: Celery eager (no broker), the test database up."""

from django.db import OperationalError, connections

HEALTHZ = "/healthz"


def test_healthz_is_ok_with_the_database_up_and_tasks_run_eagerly(client, db):
    response = client.get(HEALTHZ)

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "eager"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_unavailable_when_the_database_fails(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(type(connections["default"]), "cursor", refuse)
        response = client.get(HEALTHZ)

    assert response.status_code == 503
    assert response.json() == {"database": "error: OperationalError", "broker": "eager"}
