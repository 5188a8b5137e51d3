"""List pages: filter → page → which empty state ("nothing yet" or "nothing matches"). Every list uses this."""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def list_page(request, filterset, *, rows: QuerySet | None = None) -> dict:
    """The context every list template reads: `filterset`, `page`, and `is_filtered` (an empty page then
    means "nothing matches these filters", not "nothing yet"). `rows` replaces `filterset.qs` when the view
    narrows it further (a search)."""
    return {
        "filterset": filterset,
        "page": page_of(request, filterset.qs if rows is None else rows),
        "is_filtered": any(request.GET.get(name) for name in filterset.filters),
    }


def page_of(request, rows: QuerySet) -> Page:
    """The page `?page=` asks for (the last one past the end, the first one for nonsense)."""
    return Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
