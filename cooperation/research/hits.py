"""Joint research's part of the global search (registry.AreaApp.search)."""

from django.utils.text import capfirst

from protocol import search
from protocol.areas import Area
from protocol.registry import SearchHit

from .models import ResearchProject
from .selectors import projects_matching, projects_visible_to


def search_hits(user, *, query: str, limit: int) -> list[SearchHit]:
    also = search.also_searched(query)
    return [
        SearchHit(
            area=Area.RESEARCH,
            kind=capfirst(ResearchProject._meta.verbose_name),
            title=project.titles.first,
            url=project.get_absolute_url(),
            when=project.start_date,
            snippet=search.highlight(project.objectives, query, also=also),
            rank=project.search_rank,
        )
        for project in projects_matching(projects_visible_to(user), query, rank_limit=search.GLOBAL_RANK_LIMIT)[:limit]
    ]
