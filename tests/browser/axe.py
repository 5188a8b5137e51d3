"""axe-core in the journeys: no serious or critical accessibility violation on any page they visit, in
either language.

axe.min.js comes from the axe-playwright-python wheel (pinned in requirements-dev.txt; no CDN, no npm);
only its bundled script is used, evaluated in the page and run with axe.run().

`Axe.check()` runs on the page as it is now (after a step, a sign-in, a sign-out), then on the same URL
in the other language in a second tab of the same browser context. Every other page the journey loaded
is checked the same way, in both languages, when the test ends. Figures for the whole run (pages checked,
violations by impact) are printed at the end of the session.
"""

from collections import Counter
from dataclasses import dataclass, field
from importlib.resources import files

import pytest
from django.conf import settings
from playwright.sync_api import Page

from protocol.parties.models import Language, User

AXE_SOURCE = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
IMPACTS = ("critical", "serious", "moderate", "minor")
FAILING = {"serious", "critical"}
OTHER_LANGUAGE = {Language.ENGLISH: Language.CHINESE, Language.CHINESE: Language.ENGLISH}


@dataclass
class Figures:
    """What axe found over the session: the report's numbers."""

    pages: int = 0
    by_impact: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        impacts = ", ".join(f"{impact} {self.by_impact[impact]}" for impact in IMPACTS)
        rules = ", ".join(f"{rule} ×{count}" for rule, count in self.by_rule.most_common()) or "-"
        return [f"axe-core: {self.pages} page renderings checked; violations by impact: {impacts}", f"rules: {rules}"]


FIGURES = Figures()


@dataclass
class Axe:
    page: Page
    user: User | None = None
    loaded: list[str] = field(default_factory=list)
    checked: set[tuple[str, str]] = field(default_factory=set)

    def watch(self) -> None:
        # Only note the URL here: calling into the page from inside an event handler would race the journey.
        self.page.on("load", lambda loaded: self.loaded.append(loaded.url))

    def check(self) -> None:
        """The page as it is now, then its URL in the other language; fails on a serious or critical violation."""
        language = self.page.locator("html").get_attribute("lang") or Language.CHINESE
        self._assert_accessible(self.page, language)
        self._check_in_other_tab(self.page.url, OTHER_LANGUAGE[language])

    def check_the_rest(self) -> None:
        """The pages loaded but not checked live (between steps), in both languages, as they are now."""
        for url in dict.fromkeys(self.loaded):
            for language in Language.values:
                if (url, language) not in self.checked:
                    self._check_in_other_tab(url, language)

    def _check_in_other_tab(self, url: str, language: str) -> None:
        if (url, language) in self.checked or not url.startswith("http"):
            return
        context = self.page.context
        saved_cookies = context.cookies()
        saved_language = self.user and User.objects.values_list("preferred_language", flat=True).get(pk=self.user.pk)
        # A signed-in user's saved language wins over the cookie (UserLanguageMiddleware): set both, then restore.
        if self.user:
            User.objects.filter(pk=self.user.pk).update(preferred_language=language)
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": url}])
        tab = context.new_page()
        try:
            tab.goto(url)
            self._assert_accessible(tab, language)
        finally:
            tab.close()
            if self.user:
                User.objects.filter(pk=self.user.pk).update(preferred_language=saved_language)
            context.clear_cookies()
            context.add_cookies(saved_cookies)

    def _assert_accessible(self, page: Page, language: str) -> None:
        self.checked.add((page.url, language))
        if page.evaluate("typeof window.axe === 'undefined'"):
            # Evaluated through the DevTools protocol, which the page's content-security policy does not
            # govern: a <script> tag with the source inline would be refused (and reported as a violation).
            page.evaluate(AXE_SOURCE)
        violations = page.evaluate("async () => (await axe.run(document)).violations")
        FIGURES.pages += 1
        for violation in violations:
            FIGURES.by_impact[violation["impact"]] += 1
            FIGURES.by_rule[f"{violation['id']} ({violation['impact']})"] += 1
        failing = [v for v in violations if v["impact"] in FAILING]
        if failing:
            pytest.fail(f"axe-core, {page.url} in {language}:\n" + "\n".join(map(_describe, failing)), pytrace=False)


def _describe(violation: dict) -> str:
    targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"][:5])
    summary = violation["nodes"][0].get("failureSummary", "").replace("\n", " ") if violation["nodes"] else ""
    return f"  {violation['impact']}: {violation['id']} — {violation['help']} [{targets}] {summary}"
