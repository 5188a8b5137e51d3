import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from protocol import language, search
from protocol.forms import merge_service_errors
from protocol.lists import list_page, page_of
from protocol.once.submissions import create_or_existing, created_by_resubmission
from protocol.uploads.kept import keep_for_reshow, kept_spent
from protocol.visibility import visible_or_404

from . import files, permissions, selectors, services, serving
from .exports import DOCUMENTS
from .filters import DocumentFilter, includes_archived
from .forms import DecisionForm, DocumentForm, ReasonForm, UploadForm
from .models import AccessRequest, Document

PREVIEW_PAGES = 3
PICK_FIELD = re.compile(r"[A-Za-z][\w-]{0,60}", re.ASCII)


@login_required
def document_list(request):
    query = request.GET.get("q", "").strip()
    documents = selectors.documents_listed_for(request.user, include_archived=includes_archived(request.GET))
    filterset = DocumentFilter(request.GET or None, queryset=documents)
    # A search pages by number through its ranked ids, fetched once; the library itself by keyset.
    # (A query of no words at all searches nothing: the plain list.)
    ranked = selectors.documents_matching(filterset.qs, query) if search.query_terms(query) else None
    context = list_page(request, filterset, ranked=ranked, export=DOCUMENTS)
    page = context["page"]
    if page.download:
        return page.download
    if query:
        snippets = _snippets(request.user, page.object_list, query)
        for document in page.object_list:
            document.snippet = snippets.get(document.pk)
    return render(
        request,
        "documents/list.html",
        context
        | {
            "query": query,
            "results_capped": bool(query) and page.count >= search.RANK_LIMIT,
            "can_upload": permissions.can_upload(request.user),
        },
    )


def _snippets(user, documents, query: str) -> dict:
    """One query for the page: the stretch of each current version's text around the first term.
    Only for documents the user may download; the others show their summary, as their page does."""
    terms = search.query_terms(query)
    if not terms:
        return {}
    readable = [d.current_version_id for d in documents if d.current_version_id and permissions.can_download(user, d)]
    excerpts = selectors.version_excerpts(readable, around=terms[0])
    return {
        document.pk: search.highlight(excerpts.get(document.current_version_id) or document.summary, query)
        for document in documents
    }


@login_required
def document_pick(request):
    """htmx: library documents matching a query, as checkboxes for a form that links documents."""
    query = request.GET.get("document_query", "").strip()
    # The form field the checkboxes post to (e.g. a meeting's "materials", an agenda row's documents).
    field = request.GET.get("field", "")
    if not PICK_FIELD.fullmatch(field):
        field = "documents"
    documents = list(selectors.documents_search(request.user, query)[:10]) if query else []
    return render(request, "documents/_pick_results.html", {"documents": documents, "query": query, "field": field})


@login_required
def document_detail(request, pk):
    document = visible_or_404(selectors.document_detail, request.user, pk)
    user = request.user
    can_manage = permissions.can_manage(user, document)
    versions = list(document.versions.all())
    current = next((v for v in versions if v.pk == document.current_version_id), None)
    context = {
        "document": document,
        "versions": versions,
        "current": current,
        "can_manage": can_manage,
        "can_download": permissions.can_download(user, document),
        "can_request_access": permissions.can_request_access(user, document),
        "my_requests": [],
        "requests": [],
        "downloads": [],
        "preview_text": None,
        "preview_pages": list(range(1, min(current.page_count or 1, PREVIEW_PAGES) + 1)) if current else [],
    }
    if document.confidentiality == "on_request" and not can_manage:
        context["my_requests"] = list(selectors.access_requests_for(document).filter(requester=user))
    if can_manage:
        context["requests"] = list(selectors.access_requests_for(document))
        context["downloads"] = list(selectors.download_log(document)[:10])
    if current and context["can_download"] and current.kind == "text":
        with current.file.open("rb") as handle:
            context["preview_text"] = files.text_preview(handle, limit=20_000)
    return render(request, "documents/detail.html", context)


@login_required
def document_create(request):
    if not permissions.can_upload(request.user):
        raise PermissionDenied
    form = DocumentForm(request.POST or None)
    upload_form = UploadForm(request.POST or None, request.FILES or None, first=True, user=request.user)
    if request.method == "POST" and form.is_valid() and upload_form.is_valid():
        try:
            document, created = create_or_existing(
                request,
                form,
                lambda: services.document_create(
                    by=request.user, fields=form.to_fields(), upload=upload_form.cleaned_data["file"]
                ),
            )
        except ValidationError as exc:
            _add_upload_errors(form, upload_form, exc)
        else:
            kept_spent(upload_form)
            if created:
                messages.success(request, _("Document added."))
                _warn_if_identical(request, document)
            return redirect(document)
    keep_for_reshow(upload_form, user=request.user)
    return render(
        request,
        "documents/form.html",
        {"form": form, "upload_form": upload_form, "max_upload_mb": settings.DOCUMENT_MAX_UPLOAD_MB},
    )


@login_required
def document_edit(request, pk):
    document = visible_or_404(selectors.document_detail, request.user, pk)
    if not permissions.can_manage(request.user, document):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(document=document, by=request.user, fields=form.to_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(document)
    return render(request, "documents/form.html", {"form": form, "document": document})


@login_required
def version_create(request, pk):
    document = visible_or_404(selectors.document_detail, request.user, pk)
    if not permissions.can_manage(request.user, document):
        raise PermissionDenied
    upload_form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and upload_form.is_valid():
        try:
            version, created = create_or_existing(
                request,
                upload_form,
                lambda: services.document_add_version(
                    document=document,
                    by=request.user,
                    upload=upload_form.cleaned_data["file"],
                    change_note=upload_form.cleaned_data["change_note"],
                    other_kind=upload_form.cleaned_data["other_kind"],
                ),
            )
        except ValidationError as exc:
            _add_upload_errors(None, upload_form, exc)
        else:
            kept_spent(upload_form)
            if created:
                messages.success(request, _("Version %(number)d uploaded.") % {"number": version.number})
                _warn_if_identical(request, document, sha256=version.sha256)
            return redirect(document)
    keep_for_reshow(upload_form, user=request.user)
    upload_form.ask_other_kind()
    return render(request, "documents/version_form.html", {"document": document, "upload_form": upload_form})


def _add_upload_errors(form, upload_form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        (form if form is not None else upload_form).add_error(None, exc)
    else:
        upload_form.add_error("file", exc)


def _warn_if_identical(request, document: Document, sha256: str | None = None) -> None:
    sha256 = sha256 or document.current_version.sha256
    twins = list(selectors.identical_documents(request.user, sha256=sha256, exclude_pk=document.pk)[:3])
    if twins:
        links = format_html_join(
            language.list_separator(), '<a href="{}">{}</a>', ((twin.get_absolute_url(), twin.title) for twin in twins)
        )
        messages.warning(
            request,
            format_html(_("An identical file is already in the library: {links}."), links=links),
            extra_tags=" ".join(f"twin-{twin.pk}" for twin in twins),
        )


@login_required
def document_archive(request, pk):
    document = visible_or_404(selectors.document_detail, request.user, pk)
    if not permissions.can_manage(request.user, document):
        raise PermissionDenied
    archive = not document.is_archived
    if request.method == "POST":
        # The form says which way it goes, so sending it twice does not undo it.
        archive = request.POST.get("archived") == "1"
        if archive == document.is_archived:
            return redirect(document)
        services.document_archive(document=document, by=request.user, archived=archive)
        messages.success(request, _("Document archived.") if archive else _("Document restored to the library."))
        return redirect(document)
    return render(request, "documents/archive.html", {"document": document, "archive": archive})


@login_required
def download(request, pk, number):
    return serving.download(request.user, serving.downloadable_version_or_404(request.user, pk, number))


@login_required
@xframe_options_sameorigin
def preview(request, pk, number):
    """Pictures only: an image as stored, a PDF page drawn on the server as PNG. Nothing else is ever
    rendered inline, and what is shown sits in a sandboxed frame that may run no script."""
    version = serving.downloadable_version_or_404(request.user, pk, number)
    if version.kind == "image":
        services.preview_record(version=version, page=None, by=request.user)
        response = FileResponse(version.file.open("rb"), content_type=version.content_type)
    elif version.kind == "pdf":
        page = _positive_int(request.GET.get("page"), default=1)
        if version.page_count is not None and page > version.page_count:
            raise Http404
        services.preview_record(version=version, page=page, by=request.user)
        try:
            with version.file.open("rb") as handle:
                png = files.render_pdf_page(handle, page=page, width=720)
        except files.ThumbnailFailed:
            raise Http404 from None
        response = HttpResponse(png, content_type="image/png")
    else:
        raise Http404
    response["Content-Disposition"] = "inline"
    # The browser wraps a picture in its own page; it may load that one picture and nothing else.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _positive_int(value, *, default: int) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return default


@login_required
def thumbnail(request, pk, number):
    version = serving.downloadable_version_or_404(request.user, pk, number)
    if not version.thumbnail:
        raise Http404
    response = FileResponse(version.thumbnail.open("rb"), content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def access_request_create(request, pk):
    document = visible_or_404(selectors.document_detail, request.user, pk)
    # Asking is allowed once, so a repeated submission is led to the request before permission would refuse it.
    if created_by_resubmission(request) is not None:
        return redirect(document)
    if not permissions.can_request_access(request.user, document):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _access_request, created = create_or_existing(
                request,
                form,
                lambda: services.access_request_create(
                    document=document, by=request.user, reason=form.cleaned_data["reason"]
                ),
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if created:
                messages.success(request, _("Request sent to the owning party's document admins."))
            return redirect(document)
    return render(request, "documents/request_access.html", {"document": document, "form": form})


@login_required
@require_POST
def access_request_decide(request, pk):
    access_request = _managed_request_or_404(request, pk)
    form = DecisionForm(request.POST)
    action = request.POST.get("action")
    if not form.is_valid() or action not in ("grant", "refuse", "revoke"):
        return HttpResponseBadRequest(_("Choose to grant, refuse or revoke."))
    try:
        if action == "revoke":
            services.access_request_revoke(
                request=access_request, by=request.user, comment=form.cleaned_data.get("comment", "")
            )
            messages.success(request, _("Access revoked."))
        else:
            services.access_request_decide(
                request=access_request,
                by=request.user,
                grant=action == "grant",
                comment=form.cleaned_data.get("comment", ""),
            )
            messages.success(request, _("Access granted.") if action == "grant" else _("Request refused."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(access_request.document)


def _managed_request_or_404(request, pk: int) -> AccessRequest:
    access_request = get_object_or_404(selectors.access_requests_all(), pk=pk)
    document = visible_or_404(selectors.document_detail, request.user, access_request.document_id)
    if not permissions.can_manage(request.user, document):
        raise Http404
    return access_request


@login_required
def download_log(request, pk):
    document = visible_or_404(selectors.document_detail, request.user, pk)
    if not permissions.can_manage(request.user, document):
        raise Http404
    page = page_of(request, selectors.download_log(document))
    return render(request, "documents/download_log.html", {"document": document, "page": page})
