"""The content-security policy in the journeys: any violation the browser reports, on any tab of a test's
browser context, fails the test.

Chromium reports a violation twice: as a `securitypolicyviolation` event in the page, and as a console
error ("Refused to apply inline style because it violates the following Content Security Policy
directive ..."). An init script (which runs before the page's own scripts, and which the policy does not
govern) turns each event into a console line with MARKER, so both reach `context.on("console")`.
"""

from dataclasses import dataclass, field

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage

MARKER = "CSP violation:"
REPORTED = (MARKER, "Content Security Policy", "Refused to")

LISTENER = f"""
document.addEventListener("securitypolicyviolation", (event) => {{
  console.error({MARKER!r} + " " + event.effectiveDirective + " blocked " + (event.blockedURI || "inline")
    + " in " + event.documentURI + (event.sample ? " (" + event.sample + ")" : ""));
}});
"""

# The watch of every browser context the running test opened (tests/browser/conftest.py starts and clears them).
WATCHES: dict[BrowserContext, "CspWatch"] = {}


@dataclass
class CspWatch:
    context: BrowserContext
    violations: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, context: BrowserContext) -> "CspWatch":
        """Watches `context` from now on (before its first page opens, to see that page's first violation)."""
        WATCHES[context] = watch = cls(context)
        context.add_init_script(LISTENER)
        context.on("console", watch._on_console)
        return watch

    @classmethod
    def of(cls, context: BrowserContext) -> "CspWatch":
        return WATCHES[context]

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning") and any(word in message.text for word in REPORTED):
            self.violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def assert_none(self) -> None:
        """Fails with every violation reported so far (then forgets them, so one is reported once)."""
        # A round trip to each open tab first: the console events of what it just did arrive before the answer.
        for page in self.context.pages:
            if not page.is_closed():
                page.evaluate("0")
        violations, self.violations = self.violations, []
        if violations:
            pytest.fail("content-security policy violated:\n" + "\n".join(f"  {v}" for v in violations), pytrace=False)
