"""Project support's exports: the applications to a call with every reviewer's scores (XLSX), and a project's
contributions (CSV, XLSX), in the reader's language.

The applications are the organiser's working papers: whoever cannot see the call gets 404, whoever sees it
but is not its organiser's coordinator or one of its reviewers 403. A project's contributions are for
whoever may see the project (404 for anyone else)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from protocol.visibility import visible_or_404

from . import exports, permissions, selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def applications_xlsx(request, pk):
    call = visible_or_404(selectors.call_for_export, request.user, pk)
    if not permissions.can_export_applications(request.user, call):
        raise PermissionDenied
    sheet = exports.applications_sheet(call, list(selectors.applications_exported(call)), selectors.reviewers_of(call))
    response = HttpResponse(exports.applications_xlsx(sheet, title=call.title), content_type=XLSX)
    response["Content-Disposition"] = exports.call_disposition(
        call, what=_("applications"), ascii_what="applications", extension="xlsx"
    )
    return response


def _contribution_lines(request, pk):
    project = visible_or_404(selectors.project_visible_to, request.user, pk)
    rows = selectors.contributions_listed(request.user, project)
    return project, exports.contribution_lines(list(rows))


@login_required
@require_GET
def contributions_csv(request, pk):
    project, lines = _contribution_lines(request, pk)
    response = HttpResponse(exports.contributions_csv(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = exports.project_disposition(
        project, what=_("contributions"), ascii_what="contributions", extension="csv"
    )
    return response


@login_required
@require_GET
def contributions_xlsx(request, pk):
    project, lines = _contribution_lines(request, pk)
    response = HttpResponse(exports.contributions_xlsx(lines, title=project.titles.first), content_type=XLSX)
    response["Content-Disposition"] = exports.project_disposition(
        project, what=_("contributions"), ascii_what="contributions", extension="xlsx"
    )
    return response
