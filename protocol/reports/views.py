"""The annual implementation report's pages: the years, a year's versions and highlights, one version (its
progress while it is built, its sections, its sign-off), generating, approving, downloading."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from protocol.downloads import attachment_disposition
from protocol.forms import merge_service_errors
from protocol.once.submissions import create_or_existing
from protocol.session_limits import polled
from protocol.visibility import visible_or_404

from . import permissions, selectors, services
from .content import localised
from .forms import APPROVE, REQUEST_CHANGES, GenerateForm, HighlightForm, ReviewForm
from .models import Edition, Highlight


def _year_or_404(user, year: int) -> int:
    if not permissions.can_read_reports(user) or year not in selectors.report_years():
        raise Http404
    return year


@login_required
def report_list(request):
    if not permissions.can_read_reports(request.user):
        raise Http404
    return render(
        request,
        "reports/list.html",
        {"years": selectors.years_overview(request.user), "can_read_drafts": permissions.can_read_drafts(request.user)},
    )


@login_required
def report_year(request, year):
    _year_or_404(request.user, year)
    drafts = permissions.can_read_drafts(request.user)
    return render(
        request,
        "reports/year.html",
        {
            "year": year,
            "versions": selectors.versions_of_year(request.user, year=year),
            "record": selectors.year_record(year=year),
            "highlights": list(selectors.highlights_of(year=year)) if drafts else [],
            "highlight_form": HighlightForm() if permissions.can_choose_highlights(request.user) else None,
            "can_generate": permissions.can_generate(request.user),
            "can_read_drafts": drafts,
        },
    )


@login_required
def report_generate(request, year):
    """GET: what generating does, asked first; POST: a new version, built by the task."""
    _year_or_404(request.user, year)
    if not permissions.can_generate(request.user):
        raise PermissionDenied
    form = GenerateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report, created = create_or_existing(
                request, form, lambda: services.report_request(year=year, by=request.user)
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if created:
                messages.success(request, _("Version %(version)d is being generated.") % {"version": report.version})
            return redirect(report)
    return render(
        request,
        "reports/generate.html",
        {"year": year, "form": form, "record": selectors.year_record(year=year),
         "latest": selectors.latest_version(year=year)},
    )  # fmt: skip


@login_required
@require_POST
def highlight_add(request, year):
    _year_or_404(request.user, year)
    if not permissions.can_choose_highlights(request.user):
        raise PermissionDenied
    form = HighlightForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            create_or_existing(
                request,
                form,
                lambda: services.highlight_add(
                    year=year, area=data["area"], by=request.user, text_zh=data["text_zh"], text_en=data["text_en"],
                    activity=data["activity"],
                ),
            )  # fmt: skip
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            messages.success(request, _("Highlight added. It enters the next version generated."))
            return redirect("reports:year", year)
    return render(
        request,
        "reports/year.html",
        {
            "year": year,
            "versions": selectors.versions_of_year(request.user, year=year),
            "record": selectors.year_record(year=year),
            "highlights": list(selectors.highlights_of(year=year)),
            "highlight_form": form,
            "can_generate": True,
            "can_read_drafts": True,
        },
        status=400,
    )


@login_required
@require_POST
def highlight_remove(request, pk):
    if not permissions.can_read_drafts(request.user):
        raise Http404
    highlight = get_object_or_404(Highlight, pk=pk)
    services.highlight_remove(highlight=highlight, by=request.user)
    messages.success(request, _("Highlight removed."))
    return redirect("reports:year", highlight.year)


@login_required
def report_detail(request, year, version):
    report = visible_or_404(selectors.report_of, request.user, year=year, version=version)
    language = "zh" if request.LANGUAGE_CODE.startswith("zh") else "en"
    edition = localised(json.loads(report.data), language) if report.data else None
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "stalled": selectors.is_stalled(report),
            "edition": edition,
            "decisions": selectors.decisions_on(report) if report.is_ready else [],
            "record": selectors.year_record(year=year),
            "latest": selectors.latest_version(year=year),
            "can_review": permissions.can_review(request.user, report),
            "can_generate": permissions.can_generate(request.user),
            "editions": Edition,
        },
    )


@polled
@login_required
def report_progress(request, year, version):
    """The polled partial: while the version is built; once it is, the whole page is loaded again."""
    report = visible_or_404(selectors.report_of, request.user, year=year, version=version)
    stalled = selectors.is_stalled(report)
    response = render(request, "reports/_progress.html", {"report": report, "stalled": stalled})
    if (stalled or not report.is_under_way) and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@login_required
def report_review(request, year, version):
    """Approve the version read (asked on a page of its own first) or request changes, for one's own party."""
    report = visible_or_404(selectors.report_of, request.user, year=year, version=version)
    if not permissions.can_review(request.user, report):
        raise PermissionDenied
    decision = request.GET.get("decision", REQUEST_CHANGES)
    form = ReviewForm(request.POST or None, initial={"decision": APPROVE if decision == APPROVE else REQUEST_CHANGES})
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == APPROVE:
                report = services.report_approve(report=report, by=request.user)
                if report.is_locked:
                    messages.success(request, _("Approved by both parties: locked as the year’s record."))
                else:
                    messages.success(request, _("Approved for your party. The other party's approval is awaited."))
            else:
                services.report_request_changes(report=report, by=request.user, comment=form.cleaned_data["comment"])
                messages.success(request, _("Changes requested. The coordinators have been sent your comment."))
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            return redirect(report)
    return render(request, "reports/review.html", {"report": report, "form": form})


@login_required
def report_download(request, year, version, edition):
    report = visible_or_404(selectors.report_of, request.user, year=year, version=version)
    return file_response(report, edition)


def file_response(report, edition: str) -> FileResponse:
    """One edition's file of a version the reader may see, streamed, named in the edition's language (the page's
    download and the API's)."""
    year, version = report.year, report.version
    if edition not in Edition.values or not report.is_ready:
        raise Http404
    file = report.file_of(edition)
    if not file:
        raise Http404
    extension = "xlsx" if edition == Edition.XLSX else "pdf"
    language = {Edition.PDF_ZH: "中文", Edition.PDF_EN: "English", Edition.XLSX: ""}[edition]
    name = f"{year}年度合作协议实施报告（第{version}版）{language}.{extension}"
    if edition == Edition.PDF_EN:
        name = f"Implementation report {year} (version {version}).pdf"
    response = FileResponse(file.open("rb"), content_type=_CONTENT_TYPES[extension])
    suffix = f"-{edition[4:]}" if extension == "pdf" else ""
    response["Content-Disposition"] = attachment_disposition(
        name, ascii_filename=f"implementation-report-{year}-v{version}{suffix}.{extension}"
    )
    return response


_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
