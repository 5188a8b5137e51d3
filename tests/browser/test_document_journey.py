"""The document library's journey, in a real browser: a CAS document admin uploads a Chinese PDF
on request; a SIPO official finds it by a word from its body, asks for it; the admin grants it;
the official downloads it under its Chinese name; the admin sees the download in the log.

Pages are driven by URLs, form field names and data (titles, names), not by translated labels.
"""

import re

import pytest
from django.urls import reverse
from django.utils.http import urlencode
from playwright.sync_api import expect

from cooperation.documents.models import AccessRequest, Document
from tests.documents import samples

from .conftest import sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

# Neither 专利 nor 信息 is in the title: finding it by 专利信息 means its body was searched.
TITLE = "中国科学院与国家知识产权局合作协议"
FILE_NAME = "合作协议.pdf"
QUERY = "专利信息"  # the body says "……加强专利信息资源共享……"


def test_cas_docadmin_shares_a_chinese_pdf_on_request_and_a_sipo_official_finds_asks_and_downloads_it(
    live_server, page, step, eager_tasks, tmp_path, cas_docadmin, sipo_official
):
    base = live_server.url
    pdf = tmp_path / FILE_NAME
    pdf.write_bytes(samples.chinese_pdf())

    # The CAS document admin uploads the PDF, on request.
    sign_in(page, base, cas_docadmin)
    page.goto(base + reverse("documents:create"))
    form = page.locator("main form[enctype='multipart/form-data']")
    form.locator("input[name=file]").set_input_files(pdf)
    form.locator("input[name=title]").fill(TITLE)
    form.locator("select[name=doc_type]").select_option("strategic_report")
    form.locator("select[name=area]").select_option("documents")
    form.locator("select[name=language]").select_option("zh")
    form.locator("select[name=confidentiality]").select_option("on_request")
    step("upload form filled")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(base) + r"/documents/\d+/$"))
    detail_url = page.url
    document_pk = int(detail_url.rstrip("/").rsplit("/", 1)[1])
    expect(page.locator("h1")).to_have_text(TITLE)
    # Processing ran in the upload's request (eager tasks): the page no longer says "processing".
    expect(page.locator("main .processing")).to_have_count(0)
    step("document added")
    sign_out(page, base)

    # The SIPO official searches a word pair that is only in the body and finds it; the snippet quotes
    # the body only to those who may download it, so here it shows no marked text yet.
    sign_in(page, base, sipo_official)
    page.goto(base + reverse("documents:list"))
    page.locator("main form[role=search] input[name=q]").fill(QUERY)
    page.locator("main form[role=search] input[name=q]").press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=" + re.escape("%E4%B8%93%E5%88%A9%E4%BF%A1%E6%81%AF")))
    results = page.locator("main .document-row")
    expect(results).to_have_count(1)
    expect(results.first.locator(f"a[href='{reverse('documents:detail', args=[document_pk])}']")).to_have_text(TITLE)
    expect(results.first.locator(".snippet mark")).to_have_count(0)
    step("search results")

    # ... opens it: no download yet, only a request.
    results.first.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(detail_url)
    download_href = reverse("documents:download", args=[document_pk, 1])
    expect(page.locator(f"main a[href='{download_href}']")).to_have_count(0)
    page.locator(f"main a[href='{reverse('documents:request_access', args=[document_pk])}']").click()
    page.locator("main textarea[name=reason]").fill("用于专利信息分析 — for the joint patent analysis.")
    step("access request form")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(detail_url)
    expect(page.locator("main .alert-info")).to_be_visible()
    step("access requested")
    sign_out(page, base)

    # The CAS document admin grants it on the document page.
    access_request = AccessRequest.objects.get(document_id=document_pk, requester=sipo_official)
    sign_in(page, base, cas_docadmin)
    page.goto(detail_url)
    decide = page.locator(f"form[action='{reverse('documents:decide', args=[access_request.pk])}']")
    expect(page.locator("main .access-request.access-pending", has=decide)).to_contain_text(sipo_official.full_name)
    decide.locator("button[name=action][value=grant]").click()
    expect(page).to_have_url(detail_url)
    expect(page.locator("main .access-request.access-granted")).to_contain_text(sipo_official.full_name)
    step("access granted")
    sign_out(page, base)

    # Granted, the SIPO official's search now quotes the body, the words marked; the download keeps its name.
    sign_in(page, base, sipo_official)
    page.goto(base + reverse("documents:list") + "?" + urlencode({"q": QUERY}))
    expect(results).to_have_count(1)
    expect(results.first.locator(".snippet mark").first).to_contain_text("专利")
    step("search results after the grant")
    results.first.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(detail_url)
    expect(page.locator("main .alert-success")).to_be_visible()
    with page.expect_download() as info:
        page.locator(f"main a[href='{download_href}']").first.click()
    download = info.value
    assert download.suggested_filename == FILE_NAME
    assert download.failure() is None
    assert download.path().read_bytes().startswith(b"%PDF")
    step("downloaded")
    sign_out(page, base)

    # The CAS document admin sees the download in the log.
    sign_in(page, base, cas_docadmin)
    page.goto(detail_url)
    expect(page.locator("main table.download-log")).to_contain_text(sipo_official.full_name)
    step("download log")


def test_a_file_chosen_before_a_validation_error_is_kept_for_the_corrected_submit(
    live_server, page, step, eager_tasks, tmp_path, cas_docadmin
):
    base = live_server.url
    pdf = tmp_path / FILE_NAME
    pdf.write_bytes(samples.chinese_pdf())

    sign_in(page, base, cas_docadmin)
    page.goto(base + reverse("documents:create"))
    form = page.locator("main form[enctype='multipart/form-data']")
    form.locator("input[name=file]").set_input_files(pdf)
    form.locator("input[name=title]").fill(TITLE)
    # "Type" forgotten.
    form.locator("select[name=area]").select_option("documents")
    form.locator("select[name=language]").select_option("zh")
    form.locator("select[name=confidentiality]").select_option("shared")
    form.locator("button[type=submit]").click()
    expect(page.locator("main select[name=doc_type].is-invalid")).to_be_visible()
    expect(page.locator("main #div_id_file")).to_contain_text(FILE_NAME)
    expect(page.locator("main input[name=file].is-invalid")).to_have_count(0)
    step("form shown again, the file kept")

    form.locator("select[name=doc_type]").select_option("strategic_report")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(base) + r"/documents/\d+/$"))
    document = Document.objects.get(title=TITLE)
    assert document.current_version.original_name == FILE_NAME
    with document.current_version.file.open("rb") as handle:
        assert handle.read() == pdf.read_bytes()
    step("document added with the kept file")
