"""The library's part of the global search (registry.AreaApp.search)."""

from django.utils.text import capfirst

from protocol import search
from protocol.areas import Area
from protocol.registry import SearchHit

from . import selectors
from .models import Document


def search_hits(user, *, query: str, limit: int) -> list[SearchHit]:
    also = search.also_searched(query)
    documents = selectors.documents_matching(
        selectors.documents_listed_for(user).prefetch_related(None), query, rank_limit=search.GLOBAL_RANK_LIMIT
    )
    return [
        SearchHit(
            area=Area.DOCUMENTS,
            kind=capfirst(Document._meta.verbose_name),
            title=document.titles.first,
            url=document.get_absolute_url(),
            when=document.created_at,
            snippet=search.highlight(document.summary, query, also=also),
            rank=document.search_rank,
        )
        for document in documents[:limit]
    ]
