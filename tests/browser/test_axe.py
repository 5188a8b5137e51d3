"""The journeys' accessibility check itself: it must fail on a page that breaks the rules."""

import pytest
from _pytest.outcomes import Failed

from . import axe
from .axe import Axe, Figures

BAD_PAGE = """<!doctype html><html lang="en"><head><title>bad</title></head><body><main>
<h1>Bad page</h1>
<span class="badge" style="background-color:#b8860b;color:#fff;font-size:12px">On request</span>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
</main></body></html>"""


def test_the_check_fails_on_low_contrast_and_an_image_without_text(page, monkeypatch):
    monkeypatch.setattr(axe, "FIGURES", Figures())  # the session's figures count the portal's pages only
    page.set_content(BAD_PAGE)
    with pytest.raises(Failed) as failure:
        Axe(page)._assert_accessible(page, "en")
    assert "color-contrast" in str(failure.value)
    assert "image-alt" in str(failure.value)
