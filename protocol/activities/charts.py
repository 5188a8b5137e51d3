"""A horizontal grouped bar chart drawn as SVG on the server: no JavaScript build.

One mechanism for every such chart of the portal: the ledger's activities per area and party, and the
figures per area, party and year (`grouped_bar_chart`). templates/activities/_chart.html draws it."""

from dataclasses import dataclass

from protocol.areas import Area

ROW_HEIGHT = 46
BAR_HEIGHT = 16
BAR_GAP = 2
LABEL_WIDTH = 190
PLOT_WIDTH = 360
TOP = 30
LEGEND_STEP = 130


@dataclass(frozen=True)
class Series:
    """One bar of each row, in the legend and the table's header: a party, or a party in a year."""

    key: str
    label: str  # short, in the legend and the table header
    name: str  # in full, in the bar's tooltip
    legend_x: int = 0


@dataclass(frozen=True)
class Bar:
    key: str  # the series' key: a party's code, "CAS 2026"…
    name: str
    value: int | float
    x: int
    y: int
    width: int
    css_class: str

    @property
    def party_code(self) -> str:
        return self.key


@dataclass(frozen=True)
class Row:
    label: str
    label_y: int
    bars: list[Bar]


@dataclass(frozen=True)
class BarChart:
    rows: list[Row]
    series: list[Series]
    width: int
    height: int
    total: int | float


def grouped_bar_chart(rows: list[tuple[str, list[int | float]]], series: list[tuple[str, str, str]]) -> BarChart:
    """`rows`: (label, one value per series); `series`: (key, label, name) each. The bars share one scale."""
    largest = max((value for _, values in rows for value in values), default=0) or 1
    row_height = max(ROW_HEIGHT, len(series) * (BAR_HEIGHT + BAR_GAP) + 10)
    drawn = []
    for index, (label, values) in enumerate(rows):
        top = TOP + index * row_height
        bars = [
            Bar(
                key=series[i][0],
                name=f"{series[i][2]} {value}",
                value=value,
                x=LABEL_WIDTH,
                y=top + i * (BAR_HEIGHT + BAR_GAP),
                width=round(PLOT_WIDTH * value / largest),
                css_class=f"bar-{i % 4}",
            )
            for i, value in enumerate(values)
        ]
        drawn.append(Row(label=label, label_y=top + BAR_HEIGHT + 4, bars=bars))
    return BarChart(
        rows=drawn,
        series=[Series(*names, legend_x=i * LEGEND_STEP) for i, names in enumerate(series)],
        width=max(LABEL_WIDTH + PLOT_WIDTH + 50, len(series) * LEGEND_STEP),
        height=TOP + len(drawn) * row_height,
        total=sum(value for _, values in rows for value in values),
    )


def area_party_chart(counts: dict[tuple[str, int], int], parties) -> BarChart:
    parties = list(parties)
    rows = [(str(area.label), [counts.get((area.value, party.pk), 0) for party in parties]) for area in Area]
    return grouped_bar_chart(rows, [(party.code, party.short_name, party.name) for party in parties])
