"""One search across every area: each registered app searches what the reader may see in it (registry)."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import registry, search
from .language import list_separator

# Each area shows its best few; its own list (the "more" link) pages through the rest.
PER_AREA = 10


@dataclass(frozen=True)
class AreaResults:
    label: str
    hits: list[registry.SearchHit]
    more_url: str | None  # the area's own list searching the same query, when it found more than PER_AREA


def _problem_with(query: str) -> str | None:
    if not query:
        return _("Type a word or two to search for.")
    if len(query) > search.MAX_QUERY_CHARS:
        return _("This search is too long: search for at most %(limit)s characters.") % {
            "limit": search.MAX_QUERY_CHARS
        }
    if not search.query_terms(query):
        return _("There is no word to search for in this query.")
    return None


def _results(user, query: str) -> list[AreaResults]:
    results = []
    for app in registry.registered():
        if app.search is None:
            continue
        hits = list(app.search(user, query=query, limit=PER_AREA + 1))
        if not hits:
            continue
        more = len(hits) > PER_AREA and app.search_list
        results.append(
            AreaResults(
                label=app.nav[1] if app.nav else app.label,
                hits=hits[:PER_AREA],
                more_url=f"{reverse(app.search_list)}?{urlencode({'q': query})}" if more else None,
            )
        )
    return results


@login_required
def global_search(request):
    query = " ".join(request.GET.get("q", "").split())
    problem = _problem_with(query)
    return render(
        request,
        "search.html",
        {
            "query": query,
            "problem": problem,
            "results": [] if problem else _results(request.user, query),
            "also_searched": "" if problem else list_separator().join(search.also_searched(query)),
            "max_chars": search.MAX_QUERY_CHARS,
        },
    )
