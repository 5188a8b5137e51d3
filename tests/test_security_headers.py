"""The headers every page carries: a content-security policy with no inline script or style, no caching of
what a signed-in user (or a page with a CSRF token) sees, and the usual hardening headers. The browser
journeys fail on any violation the browser reports (tests/browser/csp.py); here, what is sent, and the
templates that could break the policy on a page no journey visits."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from cooperation.meetings import services as meeting_services

ROOT = Path(__file__).resolve().parent.parent
POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'none'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
}


def policy_of(response) -> dict[str, set[str]]:
    header = response["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: set(values) for name, *values in directives}


def assert_strict_policy(response) -> None:
    assert response["Content-Type"].startswith("text/html")
    assert policy_of(response) == POLICY
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header


# The policy


@pytest.mark.parametrize("path", [reverse("login"), reverse("about"), reverse("password_reset"), "/no-such-page/"])
def test_anonymous_pages_carry_the_strict_policy(client, db, path):
    assert_strict_policy(client.get(path))


@pytest.mark.parametrize(
    "path",
    [
        reverse("dashboard"),
        reverse("activities:list"),
        reverse("documents:list"),
        reverse("meetings:list"),
        reverse("search") + "?q=协议",
        "/activities/999999/",  # the 404 page
    ],
)
def test_signed_in_pages_carry_the_strict_policy(client, cas_official, path):
    client.force_login(cas_official)
    assert_strict_policy(client.get(path))


def test_a_page_swapped_in_by_htmx_and_a_form_refused_carry_it_too(client, cas_official):
    client.force_login(cas_official)
    assert_strict_policy(client.get(reverse("notifications:badge"), headers={"HX-Request": "true"}))
    assert_strict_policy(client.post(reverse("activities:create"), {}))


def test_the_admin_lives_under_the_same_policy(client, portal_admin):
    client.force_login(portal_admin)
    assert_strict_policy(client.get(reverse("admin:index")))
    assert_strict_policy(client.get(reverse("admin:django_celery_beat_periodictask_add")))


def test_htmx_is_told_not_to_inject_its_indicator_style_nor_to_eval(client, cas_official):
    client.force_login(cas_official)
    page = client.get(reverse("dashboard")).content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", page)
    assert config, "htmx would add an inline <style> for its indicators, which the policy refuses"
    assert '"includeIndicatorStyles": false' in config.group(1)
    assert '"allowEval": false' in config.group(1)
    # Read before htmx itself loads.
    assert page.index('name="htmx-config"') < page.index("htmx-2.min.js")


def test_a_document_preview_keeps_its_own_sandboxed_policy(client, make_document, cas_docadmin):
    document = make_document(content=None, name="合作协议.pdf")
    client.force_login(cas_docadmin)
    response = client.get(reverse("documents:preview", args=[document.pk, 1]))
    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("sandbox; default-src 'none'")


# Templates that would break it on a page no journey visits

# Not served as pages: e-mails (mail clients, no policy) and the HTML weasyprint turns into PDFs.
NOT_PAGES = {
    "registration/password_reset_email.html",
    "notifications/email/digest.html",
    "notifications/email/message.html",
    "notifications/email/_footer.html",
    "training/certificate_pdf.html",
    "research/summary_pdf.html",
    "meetings/minutes_pdf.html",
    "reports/_report_pdf_style.html",
    "reports/report_en.html",
    "reports/report_zh.html",
}
REFUSED = {
    "a style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "a <style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "an inline <script>": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>(?!\s*</script>)", re.IGNORECASE),
    "an inline event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "a javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "an hx-on attribute (htmx evals it)": re.compile(r"\shx-on", re.IGNORECASE),
}


def page_templates() -> list[Path]:
    folder = ROOT / "templates"
    return [path for path in sorted(folder.rglob("*.html")) if path.relative_to(folder).as_posix() not in NOT_PAGES]


def test_no_page_template_holds_inline_script_style_or_handlers():
    templates = page_templates()
    assert len(templates) > 100
    found = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in templates
        for what, pattern in REFUSED.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_template_check_would_see_each_kind():
    for sample in [
        '<div style="color: red">',
        "<style>p {}</style>",
        "<script>alert(1)</script>",
        '<button onclick="go()">',
        '<a href="javascript:go()">',
        '<div hx-on:click="go()">',
    ]:
        assert any(pattern.search(sample) for pattern in REFUSED.values()), sample
    static_script = '<script src="/static/js/picker.js" defer></script>'
    assert not any(pattern.search(static_script) for pattern in REFUSED.values())


# Caching


def test_signed_in_pages_are_never_stored(client, cas_official):
    client.force_login(cas_official)
    for path in [reverse("dashboard"), reverse("activities:list"), "/activities/999999/"]:
        assert client.get(path)["Cache-Control"] == "private, no-store", path


def test_downloads_previews_and_exports_are_never_stored(client, make_document, cas_docadmin):
    document = make_document(content=None, name="合作协议.pdf")
    client.force_login(cas_docadmin)
    for name in ("download", "preview", "thumbnail"):
        response = client.get(reverse(f"documents:{name}", args=[document.pk, 1]))
        assert response.status_code == 200, name
        assert response["Cache-Control"] == "private, no-store", name
        b"".join(response.streaming_content) if response.streaming else response.content  # closes the file
    export = client.get(reverse("activities:list") + "?export=csv")
    assert export["Content-Disposition"].startswith("attachment")
    assert export["Cache-Control"] == "private, no-store"
    b"".join(export.streaming_content)


@pytest.mark.parametrize("path", [reverse("login"), reverse("about")])
def test_anonymous_pages_with_a_csrf_token_are_never_stored(client, db, path):
    # The sign-in form's token; on the about page, the language switcher's. The second time with the cookie.
    for _ in range(2):
        response = client.get(path)
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert response["Cache-Control"] == "private, no-store"
    assert client.cookies["csrftoken"]


def test_anonymous_answers_without_a_token_keep_their_own_caching(client, db, cas_official):
    feed = client.get(meeting_services.calendar_feed_of(user=cas_official).get_absolute_url())
    assert feed["Cache-Control"] == "private, max-age=300"  # calendar clients poll it; its secret is the key
    # never_cache's own header, as the view says.
    assert client.get(reverse("healthz"))["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_static_files_keep_their_long_caching_even_for_a_signed_in_user(settings, cas_official):
    settings.WHITENOISE_USE_FINDERS = True  # tests run without collectstatic
    client = Client()  # a new handler, built with the setting
    client.force_login(cas_official)
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=") or "public" in response["Cache-Control"]
    assert "no-store" not in response["Cache-Control"]


# The usual hardening headers


def test_https_pages_carry_hsts_nosniff_frame_options_and_referrer_policy(settings, cas_official):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    client = Client()  # SecurityMiddleware reads its settings when the handler is built
    client.force_login(cas_official)
    response = client.get(reverse("dashboard"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
