"""Training's part of the global search (registry.AreaApp.search): courses, and their sessions."""

from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.timezone import localtime

from protocol import search
from protocol.areas import Area
from protocol.registry import SearchHit, ranked

from .models import Course, TrainingSession
from .selectors import courses_visible_to, matching, sessions_visible_to


def search_hits(user, *, query: str, limit: int) -> list[SearchHit]:
    also = search.also_searched(query)
    courses = [
        SearchHit(
            area=Area.TRAINING,
            kind=capfirst(Course._meta.verbose_name),
            title=course.titles.first,
            url=course.get_absolute_url(),
            when=course.created_at,
            snippet=search.highlight(course.description, query, also=also),
            rank=course.search_rank,
        )
        for course in search.apply_search(courses_visible_to(user), query, rank_limit=search.GLOBAL_RANK_LIMIT)[:limit]
    ]
    sessions = [
        SearchHit(
            area=Area.TRAINING,
            kind=capfirst(TrainingSession._meta.verbose_name),
            title=f"{session.course.titles.first} · {date_format(localtime(session.starts_at), 'DATE_FORMAT')}",
            url=session.get_absolute_url(),
            when=session.starts_at,
            snippet=search.highlight(session.location, query, also=also),
            rank=session.search_rank,
        )
        for session in matching(sessions_visible_to(user), query, rank_limit=search.GLOBAL_RANK_LIMIT)[:limit]
    ]
    return ranked(courses + sessions, limit=limit)
