"""The compose stack (docker-compose.yml, deploy/nginx.conf): a proxy in front of two web replicas, object storage,
exactly one beat, compression, and the one trusted hop the client's address is read from. `make compose-check`
validates the file with docker-compose itself; this reads what it says."""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


@pytest.fixture(scope="module")
def nginx() -> str:
    return (ROOT / "deploy" / "nginx.conf").read_text()


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
    assert environment["S3_ENDPOINT_URL"] == "http://minio:9000"
    assert {
        "S3_BUCKET",
        "S3_ACCESS_KEY",
        "S3_SECRET_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "CACHE_URL",
    } <= environment.keys()


def test_the_proxy_compresses_html_and_sets_the_forwarded_headers_itself(nginx):
    assert "gzip on;" in nginx  # text/html always, with it (naming it in gzip_types only draws a warning)
    assert "text/css" in nginx.split("gzip_types", 1)[1].split(";", 1)[0]
    # Appended (the portal reads the rightmost entry), and the scheme replaced, never a client's.
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    assert "proxy_set_header X-Request-ID $request_id;" in nginx
