"""The ledger's part of the global search (registry.AreaApp.search)."""

from django.utils.text import capfirst

from protocol import search
from protocol.registry import SearchHit

from .models import Activity
from .selectors import activities_visible_to


def search_hits(user, *, query: str, limit: int) -> list[SearchHit]:
    also = search.also_searched(query)
    return [
        SearchHit(
            area=activity.area,
            kind=capfirst(Activity._meta.verbose_name),
            title=activity.titles.first,
            url=activity.get_absolute_url(),
            when=activity.start_date,
            snippet=search.highlight(activity.description, query, also=also),
            rank=activity.search_rank,
        )
        for activity in search.apply_search(activities_visible_to(user), query, rank_limit=search.GLOBAL_RANK_LIMIT)[
            :limit
        ]
    ]
