"""Communication's part of the global search (registry.AreaApp.search): meetings and their approved minutes."""

from django.utils.text import capfirst

from protocol import search
from protocol.areas import Area
from protocol.registry import SearchHit, ranked

from .models import Meeting, Minutes
from .selectors import meetings_visible_to, minutes_searchable_by


def search_hits(user, *, query: str, limit: int) -> list[SearchHit]:
    also = search.also_searched(query)
    meetings = [
        SearchHit(
            area=Area.COMMUNICATION,
            kind=capfirst(Meeting._meta.verbose_name),
            title=meeting.titles.first,
            url=meeting.get_absolute_url(),
            when=meeting.starts_at,
            snippet=search.highlight(meeting.location, query, also=also),
            rank=meeting.search_rank,
        )
        for meeting in search.apply_search(meetings_visible_to(user), query, rank_limit=search.GLOBAL_RANK_LIMIT)[
            :limit
        ]
    ]
    minutes = [
        SearchHit(
            area=Area.COMMUNICATION,
            kind=capfirst(Minutes._meta.verbose_name),
            title=record.meeting.titles.first,
            url=record.get_absolute_url(),
            when=record.meeting.starts_at,
            snippet=search.highlight(record.approved_revision.text, query, also=also),
            rank=record.search_rank,
        )
        for record in search.apply_search(minutes_searchable_by(user), query, rank_limit=search.GLOBAL_RANK_LIMIT)[
            :limit
        ]
    ]
    return ranked(meetings + minutes, limit=limit)
