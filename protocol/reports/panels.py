"""The dashboard's figures: per area and party, this year against last year, the joint activities confirmed and
each area's own figures (the registry's `figures` hook), as SVG charts with their numbers in a table beside."""

from django.utils import timezone
from django.utils.translation import gettext as _

from protocol import registry
from protocol.activities.charts import grouped_bar_chart
from protocol.areas import Area
from protocol.parties.selectors import parties_all
from protocol.registry import Panel
from protocol.visibility import has_party


def figures_panels(user) -> list[Panel]:
    if not has_party(user):
        return []
    this_year = timezone.localdate().year
    years = [this_year - 1, this_year]
    return [Panel("figures", "reports/_panel_figures.html", {"areas": figures_by_area(user, years=years),
                                                             "years": years}, slot="main")]  # fmt: skip


def figures_by_area(user, *, years: list[int]) -> list[dict]:
    """One chart per area: a row per figure, a bar per party and year. A fixed number of queries (each hook's)."""
    figures = [figure for app in registry.registered() if app.figures for figure in app.figures(user, years=years)]
    parties = list(parties_all())
    series = [
        (f"{party.code} {year}", f"{party.short_name} {year}", f"{party.name} {year}")
        for party in parties
        for year in years
    ]
    areas = []
    for area in Area:
        labels: dict[str, str] = {}
        values: dict[tuple[str, int, int], int | float] = {}
        for figure in figures:
            if figure.area == area:
                labels.setdefault(figure.key, str(figure.label))
                values[(figure.key, figure.party_id, figure.year)] = figure.value
        rows = [
            (label, [values.get((key, party.pk, year), 0) for party in parties for year in years])
            for key, label in labels.items()
        ]
        chart = grouped_bar_chart(rows, series) if rows else None
        title = _("%(area)s: %(first)s and %(last)s per party") % {
            "area": area.label,
            "first": years[0],
            "last": years[-1],
        }
        areas.append({"area": area, "chart": chart, "chart_id": f"figures-{area.value}", "title": title})
    return areas
