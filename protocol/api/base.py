"""What every viewset of the API shares: reads through the area's own selector (so "not visible" is 404),
conditional reads of a detail (ETag / If-None-Match → 304), and one write path (permission → serializer →
one service → the record as it now is)."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from rest_framework import status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from protocol import search


def etag_of(data) -> str:
    body = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False).encode()
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


class ConditionalRetrieveMixin:
    """A detail answers with an ETag of what it shows this reader; If-None-Match naming it gets 304."""

    def retrieve(self, request, *args, **kwargs):
        data = self.get_serializer(self.get_object()).data
        tag = etag_of(data)
        sent = {value.strip() for value in request.headers.get("If-None-Match", "").split(",")}
        if tag in sent or f"W/{tag}" in sent:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": tag})
        return Response(data, headers={"ETag": tag})


# Ids are 64-bit: a larger number is no record's (and would overflow the database's integer).
LARGEST_ID = 2**63 - 1


class VisibleRecordsMixin:
    """Rows from `visible(user)`, the area's own selector; an id that is no visible record's is 404."""

    def visible(self, user):
        raise NotImplementedError

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset  # the schema's generator, asking with no user: the model is all it needs
        return self.visible(self.request.user)

    def get_object(self):
        value = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")
        if not value.isascii() or not value.isdigit() or int(value) > LARGEST_ID:
            raise NotFound
        return super().get_object()


class SearchMixin:
    """The list page's search (`?q=`), ranked as on the page: `matching(rows, query)` is the area's own search
    (protocol.search's, or a selector that ranks its way); the pagination pages what `ranked` returns."""

    matching = None

    def ranked(self, rows):
        query = self.request.query_params.get("q", "").strip()
        if self.matching is None or not search.query_terms(query):
            return None  # no search: the list's own order
        return self.matching(rows, query)


class ReadOnlyViewSet(VisibleRecordsMixin, ConditionalRetrieveMixin, SearchMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail of what the area's selector lets the reader see."""


def check_if_match(request, current_data) -> None:
    """A write sent with If-Match (the ETag of the copy the client read) is refused with 409 when the record
    has moved on since: the client would otherwise overwrite or confirm what it has not seen."""
    from django.utils.translation import gettext as _

    from .errors import Conflict

    sent = request.headers.get("If-Match", "").strip()
    if not sent or sent == "*":
        return
    tags = {value.strip().removeprefix("W/") for value in sent.split(",")}
    if etag_of(current_data) not in tags:
        raise Conflict(_("This record changed since you read it: read it again before changing it."))
