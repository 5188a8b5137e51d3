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

from protocol.audit import services as audit
from protocol.exports import CONTENT_TYPES, CSV, XLSX
from protocol.visibility import visible_or_404

from . import exports, permissions, selectors


@login_required
@require_GET
def applications_xlsx(request, pk):
    call = visible_or_404(selectors.call_for_export, request.user, pk)
    if not permissions.can_export_applications(request.user, call):
        raise PermissionDenied
    sheet = exports.applications_sheet(call, list(selectors.applications_exported(call)), selectors.reviewers_of(call))
    response = HttpResponse(exports.applications_xlsx(sheet, title=call.title), content_type=CONTENT_TYPES[XLSX])
    audit.export_record(request=request, target=call, name="applications", fmt=XLSX)
    response["Content-Disposition"] = exports.call_disposition(
        call, what=_("applications"), ascii_what="applications", extension="xlsx"
    )
    return response


def _contributions(request, pk, *, fmt: str):
    """The contributions list's own export (`?export=` on its page), at its older addresses."""
    project = visible_or_404(selectors.project_visible_to, request.user, pk)
    rows = selectors.contributions_listed(request.user, project)
    return exports.contributions_of_project(project).response(request, rows, fmt=fmt)


@login_required
@require_GET
def contributions_csv(request, pk):
    return _contributions(request, pk, fmt=CSV)


@login_required
@require_GET
def contributions_xlsx(request, pk):
    return _contributions(request, pk, fmt=XLSX)
