"""Who a request to the API is: a personal access token, checked on every request."""

from rest_framework.test import APIClient

from .conftest import make_token

LIST = "/api/v1/notifications/"


def bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def test_every_token_made_authenticates(cas_official):
    # The lookup prefix was URL-safe base64, which holds "_" (the separator) in about one token in nine: those
    # tokens were shown to their user and never worked. 200 tokens all pass only when none can contain one.
    secrets = [make_token(cas_official)[1] for _ in range(200)]
    refused = [secret for secret in secrets if bearer(secret).get(LIST).status_code != 200]
    assert refused == []


def test_a_tokens_prefix_is_what_its_row_is_found_by(cas_official):
    token, secret = make_token(cas_official)
    assert secret.startswith(f"cpp_{token.prefix}_")
    assert "_" not in token.prefix
    assert len(token.prefix) == 12
