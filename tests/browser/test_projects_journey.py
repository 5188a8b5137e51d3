"""Issue 14's journey, in a real browser, in both languages: the SIPO coordinator (in English) creates a project with
two indicators, publishes it, opens it for participation and opens a call with two criteria and two places, reviewed
by two SIPO officials; two CAS officials (in Chinese) apply; both reviewers score both applications (in English); the
coordinator accepts one and waitlists the other; the accepted participant records a contribution (in Chinese); the
SIPO coordinator confirms it, and the ledger shows it confirmed. Last, a third CAS official's application, its form
loaded before the deadline and sent after it (the server's clock travels), is refused with the time the call closed.

Pages are driven by URLs, form field names and data, not translated labels; what is checked for each language is read
through the catalogue (`translation.override`).
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from cooperation.projects.models import Application, ApplicationStatus, Contribution, ContributionStatus, Project
from protocol.activities.models import Status
from protocol.language import datetime_in_words
from protocol.parties.models import Language
from protocol.parties.roles import Role
from tests.factories import UserFactory

from .conftest import pick_person, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Patent navigation of new-energy vehicle batteries"
TITLE_OTHER = "新能源汽车动力电池专利导航"
CALL = "征集电池专利分析专家"
LOCAL = "%Y-%m-%dT%H:%M"


def test_a_call_is_published_applied_to_reviewed_decided_and_a_contribution_confirmed_into_the_ledger(
    # time_machine before page: the clock stays moved while the page's teardown checks the pages left over.
    time_machine,
    live_server,
    page,
    step,
    eager_tasks,
    cas,
    sipo,
    cas_official,
    sipo_official,
    sipo_coordinator,
):
    base = live_server.url
    html = page.locator("html")
    reviewer = UserFactory(username="sipo_reviewer", full_name="Sun Hao", party=sipo, roles=[Role.OFFICIAL])
    second = UserFactory(username="cas_official_2", full_name="Zhou Min", party=cas, roles=[Role.OFFICIAL])
    late = UserFactory(username="cas_official_3", full_name="Qian Yu", party=cas, roles=[Role.OFFICIAL])
    for person, language in [
        (cas_official, Language.CHINESE),
        (second, Language.CHINESE),
        (late, Language.CHINESE),
        (sipo_official, Language.ENGLISH),
        (reviewer, Language.ENGLISH),
        (sipo_coordinator, Language.ENGLISH),
    ]:
        person.preferred_language = language
        person.save(update_fields=["preferred_language"])
    today = timezone.localdate()
    now = timezone.localtime().replace(second=0, microsecond=0)
    opens, closes = now - timedelta(hours=1), now + timedelta(days=5)

    def in_language(language: str, text: str) -> str:
        with translation.override(language):
            return gettext(text)

    def submit(form_scope, value: str | None = None):
        selector = f"button[type=submit][name=action][value={value}]" if value else "button[type=submit]"
        form_scope.locator(selector).last.click()

    # The SIPO coordinator, in English, creates the project with two indicators...
    sign_in(page, base, sipo_coordinator)
    expect(html).to_have_attribute("lang", Language.ENGLISH)
    page.goto(base + reverse("projects:create"))
    form = page.locator("main form.project-form, main form").first
    form.locator("input[name=title]").fill(TITLE)
    form.locator("input[name=title_other]").fill(TITLE_OTHER)
    form.locator("select[name=project_type]").select_option("patent_navigation")
    form.locator("textarea[name=description]").fill("Patent landscape of battery chemistry and recycling.")
    form.locator("input[name=starts_on]").fill((today - timedelta(days=30)).isoformat())
    form.locator("input[name=ends_on]").fill((today + timedelta(days=300)).isoformat())
    form.locator("input[name='indicators-0-name']").fill("Patent families analysed")
    form.locator("input[name='indicators-0-baseline']").fill("0")
    form.locator("input[name='indicators-0-target']").fill("5000")
    form.locator("input[name='indicators-1-name']").fill("Reports delivered")
    form.locator("input[name='indicators-1-target']").fill("2")
    step("project form filled, in English")
    page.locator("main form button[type=submit]:not([name])").last.click()
    expect(page).to_have_url(re.compile(re.escape(base) + r"/projects/\d+/$"))
    project = Project.objects.get(title=TITLE)
    project_url = base + project.get_absolute_url()
    assert page.url == project_url
    assert list(project.indicators.values_list("name", flat=True)) == ["Patent families analysed", "Reports delivered"]
    assert project.published_at is None

    # ... publishes it (asked first: it cannot be undone) and opens it for participation.
    page.locator(f"main a[href='{reverse('projects:publish', args=[project.pk])}']").click()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(project_url)
    page.locator(f"main a[href='{reverse('projects:advance', args=[project.pk])}']").click()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(project_url)
    project.refresh_from_db()
    assert project.published_at is not None and project.status == "open"
    step("project published and open, in English")

    # ... and a call with two criteria and two places, reviewed by two SIPO officials.
    page.locator(f"main a[href='{reverse('projects:call_create', args=[project.pk])}']").click()
    form = page.locator("main form").first
    form.locator("input[name=title]").fill(CALL)
    form.locator("textarea[name=description]").fill("Experts in battery patents, ten days each.")
    form.locator("input[name=sought][value=experts]").check()
    form.locator("input[name=places]").fill("2")
    form.locator("input[name=opens_at]").fill(opens.strftime(LOCAL))
    form.locator("input[name=closes_at]").fill(closes.strftime(LOCAL))
    with translation.override(Language.ENGLISH):
        pick_person(form, "reviewers", "Wang F", sipo_official.name_with_party)
        pick_person(form, "reviewers", "Sun H", reviewer.name_with_party)
    form.locator("textarea[name=criteria]").fill("Expertise\nAvailability")
    step("call form filled, in English")
    page.locator("main form button[type=submit]:not([name])").last.click()
    expect(page).to_have_url(re.compile(re.escape(base) + r"/projects/calls/\d+/$"))
    call = project.calls.get()
    call_url = base + call.get_absolute_url()
    assert call.places == 2 and call.closes_at == closes
    assert list(call.criteria.values_list("name", flat=True)) == ["Expertise", "Availability"]
    assert set(call.reviewers.all()) == {sipo_official, reviewer}
    sign_out(page, base)

    # Two CAS officials apply, in Chinese.
    def apply(person):
        sign_in(page, base, person)
        expect(html).to_have_attribute("lang", Language.CHINESE)
        page.goto(call_url)
        page.locator(f"main a[href='{reverse('projects:apply', args=[call.pk])}']").click()
        form = page.locator("main form").first
        form.locator("textarea[name=motivation]").fill(f"{person.full_name}：五年电池专利分析经验。")
        form.locator("textarea[name=contribution]").fill("十个专家工作日。")
        submit(form, "submit")
        expect(page).to_have_url(re.compile(re.escape(base) + r"/projects/applications/\d+/$"))
        step(f"{person.username} applied, in Chinese")
        sign_out(page, base)
        return Application.objects.get(call=call, applicant=person)

    first_application, second_application = apply(cas_official), apply(second)
    assert {first_application.status, second_application.status} == {ApplicationStatus.SUBMITTED}

    # Both reviewers score both applications, in English.
    criteria = list(call.criteria.all())

    def review(person, application, scores):
        page.goto(base + reverse("projects:review", args=[application.pk]))
        for criterion, score in zip(criteria, scores, strict=True):
            page.locator(f"main input[name=score_{criterion.pk}][value='{score}']").check()
        submit(page.locator("main form").first, "submit")
        expect(page).to_have_url(base + application.get_absolute_url())

    for person, scores in [(sipo_official, (5, 4)), (reviewer, (4, 4))]:
        sign_in(page, base, person)
        expect(html).to_have_attribute("lang", Language.ENGLISH)
        review(person, first_application, scores)
        review(person, second_application, (3, 2))
        step(f"{person.username} reviewed both, in English")
        sign_out(page, base)

    # The coordinator sees both reviews and decides: one accepted, the other waitlisted.
    sign_in(page, base, sipo_coordinator)

    def decide(application, decision: str):
        page.goto(base + reverse("projects:decide", args=[application.pk]))
        page.locator(f"main input[name=decision][value={decision}]").check()
        page.locator("main textarea[name=comment]").fill("Thank you for applying.")
        page.locator("main form button[type=submit]").last.click()
        expect(page).to_have_url(base + application.get_absolute_url())

    page.goto(base + first_application.get_absolute_url())
    expect(page.locator("main")).to_contain_text("4.25")  # the average of 5, 4, 4 and 4
    decide(first_application, "accepted")
    decide(second_application, "waitlisted")
    first_application.refresh_from_db()
    second_application.refresh_from_db()
    assert (first_application.status, second_application.status) == (
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.WAITLISTED,
    )
    step("one accepted, one waitlisted, in English")
    sign_out(page, base)

    # The accepted participant records a contribution, in Chinese.
    sign_in(page, base, cas_official)
    page.goto(base + reverse("projects:contributions", args=[project.pk]))
    page.locator(f"main a[href='{reverse('projects:contribution_create', args=[project.pk])}']").first.click()
    form = page.locator("main form").first
    form.locator("select[name=kind]").select_option("expert_days")
    form.locator("input[name=on]").fill(today.isoformat())
    form.locator("input[name=quantity]").fill("3")
    form.locator("textarea[name=description]").fill("三个专家工作日：电池回收专利分析。")
    step("contribution form filled, in Chinese")
    page.locator("main form button[type=submit]:not([name])").last.click()
    expect(page).to_have_url(base + reverse("projects:contributions", args=[project.pk]))
    contribution = Contribution.objects.get(project=project)
    assert contribution.status == ContributionStatus.RECORDED
    sign_out(page, base)

    # The SIPO coordinator confirms it: it is in the ledger, confirmed, with nobody asked to confirm it again.
    sign_in(page, base, sipo_coordinator)
    page.goto(base + reverse("projects:to_confirm"))
    confirm_url = reverse("projects:contribution_confirm", args=[contribution.pk])
    page.locator(f"main a[href='{confirm_url}']").first.click()
    expect(page).to_have_url(base + confirm_url)
    page.locator("main button[name=action][value=confirm]").click()
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.CONFIRMED
    activity = contribution.activity
    assert activity is not None and activity.status == Status.CONFIRMED
    page.goto(base + activity.get_absolute_url())
    expect(page.locator("main")).to_contain_text(TITLE)
    expect(page.locator("main .status-confirmed, main .badge").filter(
        has_text=in_language(Language.ENGLISH, "Confirmed")).first).to_be_visible()  # fmt: skip
    step("the contribution confirmed, in the ledger, in English")
    sign_out(page, base)

    # A third CAS official loads the form before the deadline and sends it after: refused, with the closing time.
    sign_in(page, base, late)
    page.goto(base + reverse("projects:apply", args=[call.pk]))
    form = page.locator("main form").first
    form.locator("textarea[name=motivation]").fill("迟到的申请。")
    form.locator("textarea[name=contribution]").fill("两个专家工作日。")
    time_machine.move_to(closes + timedelta(minutes=1), tick=True)
    submit(form, "submit")
    expect(page).to_have_url(call_url)
    with translation.override(Language.CHINESE):
        closed_at = datetime_in_words(call.closes_at)
    expect(page.locator("main .alert").filter(has_text=closed_at)).to_be_visible()
    assert not Application.objects.filter(call=call, applicant=late).exists()
    step("an application after the deadline refused, in Chinese")
