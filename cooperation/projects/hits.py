"""Project support's part of the global search (registry.AreaApp.search): IP projects and their calls."""

from django.utils.text import capfirst

from protocol import search
from protocol.areas import Area
from protocol.registry import SearchHit, ranked

from .models import Call, Project
from .selectors import calls_visible_to, matching, projects_visible_to


def search_hits(user, *, query: str, limit: int) -> list[SearchHit]:
    also = search.also_searched(query)
    projects = [
        SearchHit(
            area=Area.PROJECTS,
            kind=capfirst(Project._meta.verbose_name),
            title=project.titles.first,
            url=project.get_absolute_url(),
            when=project.starts_on,
            snippet=search.highlight(project.description, query, also=also),
            rank=project.search_rank,
        )
        for project in matching(projects_visible_to(user), query, rank_limit=search.GLOBAL_RANK_LIMIT)[:limit]
    ]
    calls = [
        SearchHit(
            area=Area.PROJECTS,
            kind=capfirst(Call._meta.verbose_name),
            title=call.title,
            url=call.get_absolute_url(),
            when=call.opens_at,
            snippet=search.highlight(call.description, query, also=also),
            rank=call.search_rank,
        )
        for call in search.apply_search(
            calls_visible_to(user).defer("search_text", "search_vector"), query, rank_limit=search.GLOBAL_RANK_LIMIT
        )[:limit]
    ]
    return ranked(projects + calls, limit=limit)
