"""The API's lists page as the pages' lists do (protocol.lists): by keyset, `?page=` a signed cursor, no count."""

from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from protocol.lists import page_of, ranked_page_of

PARAM = "page"


class KeysetPagination(BasePagination):
    """A view that searches gives `ranked(rows)` (a relevance-ordered queryset, or None for no search): its pages
    are then numbered over the capped ranked set, as on the list page."""

    def paginate_queryset(self, queryset, request, view=None):
        ranked = view.ranked(queryset) if view is not None and hasattr(view, "ranked") else None
        if ranked is not None:
            self.page = ranked_page_of(request, ranked, rows=queryset)
        else:
            self.page = page_of(request, queryset)
        self.request = request
        return self.page.object_list

    def _link(self, has: bool, value: str | None) -> str | None:
        if not has:
            return None
        url = self.request.build_absolute_uri()
        # No value: the first page, which is the list without `?page=`.
        return replace_query_param(url, PARAM, value) if value else remove_query_param(url, PARAM)

    def get_paginated_response(self, data):
        return Response(
            {
                "next": self._link(self.page.has_older, self.page.older),
                "previous": self._link(self.page.has_newer, self.page.newer),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page (older rows), or null at the end."},
                "previous": {**link, "description": "The page before, or null on the first page."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": PARAM,
                "required": False,
                "in": "query",
                "description": "The page: the cursor taken from `next` or `previous`, or `last` for the end.",
                "schema": {"type": "string"},
            }
        ]
