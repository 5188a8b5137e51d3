"""The journeys' content-security policy check itself: it must fail on what the policy refuses, in any tab,
and the policy must really refuse it (the page's own inline code does not run)."""

import pytest
from _pytest.outcomes import Failed
from django.urls import reverse

from .csp import CspWatch

INJECT = """() => new Promise((resolve) => {
  let seen = 0;
  // After the watch's own listener (added first, by the init script): its console line is already sent.
  document.addEventListener("securitypolicyviolation", () => { if (++seen === 3) resolve(); });
  const style = document.createElement("style");
  style.textContent = "body { background: red; }";
  document.head.append(style);
  document.body.setAttribute("style", "color: red");
  const script = document.createElement("script");
  script.textContent = "window.inlineScriptRan = true;";
  document.body.append(script);
})"""


def test_the_check_fails_on_an_inline_style_a_style_attribute_and_an_inline_script(live_server, page, csp_watch):
    page.goto(live_server.url + reverse("login"))
    csp_watch.assert_none()  # the sign-in page itself breaks nothing

    page.evaluate(INJECT)

    with pytest.raises(Failed) as failure:
        csp_watch.assert_none()
    message = str(failure.value)
    assert "style-src-elem" in message
    assert "style-src-attr" in message
    assert "script-src-elem" in message
    # Refused, not only reported.
    assert page.evaluate("window.inlineScriptRan") is None
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 0, 0)"
    csp_watch.assert_none()  # each violation is reported once


def test_the_check_watches_every_tab_of_the_test(live_server, page, csp_watch):
    page.goto(live_server.url + reverse("login"))
    other = page.context.new_page()  # as the accessibility check opens the other language's rendering
    other.goto(live_server.url + reverse("password_reset"))
    other.evaluate(INJECT)
    other.close()

    with pytest.raises(Failed, match="style-src-elem"):
        csp_watch.assert_none()


def test_a_context_the_test_opens_itself_is_watched_too(live_server, browser):
    context = browser.new_context(locale="en-US")  # as tests at several window widths do
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("login"))
        page.evaluate(INJECT)
        with pytest.raises(Failed, match="script-src-elem"):
            CspWatch.of(context).assert_none()
    finally:
        context.close()
