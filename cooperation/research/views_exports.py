"""A research project's exports: its summary as a PDF, its milestones as CSV and as an Excel workbook.

Whoever may see the project may export it (the project's selector answers 404 for anyone else: the other
party for a draft or an internal project, an account of no party always), in their own language."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from protocol.audit import services as audit
from protocol.visibility import visible_or_404

from . import exports, selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def summary_pdf(request, pk):
    project = visible_or_404(selectors.project_detail, request.user, pk)
    response = HttpResponse(exports.summary_pdf(project, today=timezone.localdate()), content_type="application/pdf")
    response["Content-Disposition"] = exports.disposition(
        project, what=_("summary"), ascii_what="summary", extension="pdf"
    )
    return response


@login_required
@require_GET
def milestones_csv(request, pk):
    project = visible_or_404(selectors.project_detail, request.user, pk)
    lines = exports.milestone_lines(project, today=timezone.localdate())
    response = HttpResponse(exports.milestones_csv(lines), content_type="text/csv; charset=utf-8")
    audit.export_record(request=request, target=project, name="milestones", fmt="csv")
    response["Content-Disposition"] = exports.disposition(
        project, what=_("milestones"), ascii_what="milestones", extension="csv"
    )
    return response


@login_required
@require_GET
def milestones_xlsx(request, pk):
    project = visible_or_404(selectors.project_detail, request.user, pk)
    lines = exports.milestone_lines(project, today=timezone.localdate())
    response = HttpResponse(exports.milestones_xlsx(lines, title=project.titles.first), content_type=XLSX)
    audit.export_record(request=request, target=project, name="milestones", fmt="xlsx")
    response["Content-Disposition"] = exports.disposition(
        project, what=_("milestones"), ascii_what="milestones", extension="xlsx"
    )
    return response
