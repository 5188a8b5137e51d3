"""The compose stack (docker-compose.yml, deploy/nginx.conf): a proxy in front of two web replicas, object storage,
exactly one beat, compression, and the one trusted hop the client's address is read from. `make compose-check`
validates the file with docker-compose itself; this reads what it says."""

import re
from pathlib import Path

import pytest
import yaml

from protocol.storage_url import S3_BACKEND, storage_from_url

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


@pytest.fixture(scope="module")
def nginx() -> str:
    return (ROOT / "deploy" / "nginx.conf").read_text()


def defaults(value: str) -> str:
    """The value as compose gives it with nothing set in .env: each ${NAME:-default} its default."""
    return re.sub(r"\$\{[A-Z0-9_]+:-([^}]*)\}", r"\1", value)


def gunicorns(services) -> list[str]:
    return [name for name, service in services.items() if "gunicorn" in str(service.get("command", ""))]


def test_two_web_replicas_behind_the_proxy_and_only_the_proxy_published(services, nginx):
    webs = gunicorns(services)
    assert len(webs) >= 2
    for name in webs:
        assert "ports" not in services[name]  # nobody reaches a replica but the proxy
        assert f"server {name}:8000" in nginx
        assert services[name]["environment"]["TRUSTED_PROXY_HOPS"] == "1"
    proxy = services["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in proxy["volumes"]
    assert [name for name, service in services.items() if service.get("ports")] == ["proxy"]


def test_exactly_one_beat_and_a_worker_and_migrations_run_once(services):
    commands = {name: str(service.get("command", "")) for name, service in services.items()}
    beats = [name for name, command in commands.items() if "beat" in command]
    assert beats == ["beat"] and services["beat"]["deploy"]["replicas"] == 1
    assert [name for name, command in commands.items() if "worker" in command]
    migrating = [name for name, command in commands.items() if "migrate" in command and "mc " not in command]
    assert migrating == ["migrate"]


def test_object_storage_postgresql_and_redis_are_services_and_the_app_is_pointed_at_them(services):
    assert services["minio"]["image"].startswith("minio/minio:")
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    environment = services["web-1"]["environment"]
    assert {"STORAGE_URL", "DATABASE_URL", "REDIS_URL", "CACHE_URL"} <= environment.keys()


def test_every_replica_and_worker_keeps_media_in_the_object_storage_service_not_a_shared_volume(services):
    apps = [name for name, service in services.items() if service.get("build")]
    assert {"web-1", "web-2", "worker", "beat", "migrate"} <= set(apps)
    minio = services["minio"]["environment"]
    for name in apps:
        url = storage_from_url(defaults(services[name]["environment"]["STORAGE_URL"]))
        assert url["BACKEND"] == S3_BACKEND
        assert url["OPTIONS"]["endpoint_url"] == "http://minio:9000"
        # The same account and bucket the minio service and its bucket job are given.
        assert url["OPTIONS"]["access_key"] == defaults(minio["MINIO_ROOT_USER"]) == "portal"
        assert url["OPTIONS"]["secret_key"] == defaults(minio["MINIO_ROOT_PASSWORD"])
        assert url["OPTIONS"]["bucket_name"] == defaults(services["minio-bucket"]["environment"]["S3_BUCKET"])
        assert not any("/app/media" in str(volume) for volume in services[name].get("volumes", []))


def test_the_proxy_compresses_html_and_sets_the_forwarded_headers_itself(nginx):
    assert "gzip on;" in nginx  # text/html always, with it (naming it in gzip_types only draws a warning)
    assert "text/css" in nginx.split("gzip_types", 1)[1].split(";", 1)[0]
    # Appended (the portal reads the rightmost entry), and the scheme replaced, never a client's.
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    assert "proxy_set_header X-Request-ID $request_id;" in nginx
