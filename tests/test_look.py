"""The portal's own look: readable colours (WCAG AA) and an icon on every page."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

CSS = Path(settings.BASE_DIR, "static", "css", "portal.css").read_text()


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted([luminance(a), luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def badge_backgrounds() -> dict[str, str]:
    """Badge classes whose text stays Bootstrap's white, with their background resolved."""
    variables = dict(re.findall(r"--([\w-]+):\s*#([0-9a-fA-F]{6})", CSS))
    rules = re.findall(r"\.((?:status|confidentiality|rsvp)-\w+)\s*\{([^}]*)\}", CSS)
    found = {}
    for name, body in rules:
        if "color:" in body.replace("background-color:", ""):
            continue  # sets its own text colour
        if match := re.search(r"background-color:\s*(?:#([0-9a-fA-F]{6})|var\(--([\w-]+)\))", body):
            found[name] = match.group(1) or variables[match.group(2)]
    return found


def test_the_css_has_badges_to_check():
    assert {"status-logged", "confidentiality-on_request", "rsvp-maybe"} <= set(badge_backgrounds())


@pytest.mark.parametrize("name", sorted(badge_backgrounds()))
def test_white_badge_text_reaches_wcag_aa(name):
    assert contrast(badge_backgrounds()[name], "ffffff") >= 4.5


def test_code_in_an_alert_takes_the_alerts_text_colour():
    assert re.search(r"\.alert code\s*\{\s*color:\s*inherit", CSS)


def test_favicon_ico_leads_to_the_portals_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("img/favicon.svg")
    assert finders.find("img/favicon.svg")


def test_every_page_links_the_icon(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'rel="icon"' in page and "img/favicon.svg" in page
