"""Rotating SECRET_KEY (README, "Rotating the secret key"): with the old key in SECRET_KEY_FALLBACKS nobody is
signed out and reset links still work; without it, both end at once (what a leaked key calls for)."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse

OLD, NEW = "old-key-" + "a" * 50, "new-key-" + "b" * 50


@pytest.mark.parametrize(("fallbacks", "still_signed_in"), [([OLD], True), ([], False)])
def test_a_session_outlives_the_rotation_only_with_the_old_key_as_fallback(
    client, settings, cas_official, fallbacks, still_signed_in
):
    settings.SECRET_KEY = OLD
    client.force_login(cas_official)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, fallbacks
    response = client.get(reverse("dashboard"))
    assert (response.status_code == 200) is still_signed_in
    if not still_signed_in:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("fallbacks", "valid"), [([OLD], True), ([], False)])
def test_a_reset_link_outlives_the_rotation_only_with_the_fallback(settings, cas_official, fallbacks, valid):
    settings.SECRET_KEY = OLD
    token = default_token_generator.make_token(cas_official)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, fallbacks
    assert default_token_generator.check_token(cas_official, token) is valid
