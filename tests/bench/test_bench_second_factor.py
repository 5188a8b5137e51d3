"""The bench signs in past the second factor (bench/second_factor.py), over HTTP as a browser and in-process."""

from urllib.parse import urlsplit

import pytest
from django.test import Client

from bench import second_factor
from bench.management.commands.bench_pages import Command
from bench.management.commands.seed_scale import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.mfa]


def test_the_bench_passes_the_second_factor_over_http(live_server, cas_coordinator, cas_official):
    for user in (cas_coordinator, cas_official):
        user.set_password(PASSWORD)
        user.save()
    command = Command()
    url = urlsplit(live_server.url)
    command.host, command.port = url.hostname, url.port
    command.factors = {cas_coordinator.username: second_factor.set_up(cas_coordinator)}
    for user in (cas_coordinator, cas_official):
        cookie = command._sign_in(user.username)
        assert command._request("GET", "/", cookie=cookie).status == 200
    assert len(command.factors[cas_coordinator.username].recovery_codes) == 9


def test_the_bench_passes_it_in_process(portal_admin):
    client = Client()
    second_factor.force_login(client, portal_admin)
    assert client.get("/admin/").status_code == 200
