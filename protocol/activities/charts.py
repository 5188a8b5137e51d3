"""A horizontal grouped bar chart drawn as SVG on the server: no JavaScript build."""

from dataclasses import dataclass

from protocol.areas import Area

ROW_HEIGHT = 46
BAR_HEIGHT = 16
LABEL_WIDTH = 190
PLOT_WIDTH = 360
TOP = 30


@dataclass(frozen=True)
class Bar:
    party_code: str
    party_name: str
    value: int
    x: int
    y: int
    width: int
    css_class: str


@dataclass(frozen=True)
class Row:
    label: str
    label_y: int
    bars: list[Bar]


@dataclass(frozen=True)
class BarChart:
    rows: list[Row]
    parties: list
    width: int
    height: int
    total: int


def area_party_chart(counts: dict[tuple[str, int], int], parties) -> BarChart:
    parties = list(parties)
    largest = max(counts.values(), default=0) or 1
    rows = []
    for index, area in enumerate(Area):
        top = TOP + index * ROW_HEIGHT
        bars = []
        for bar_index, party in enumerate(parties):
            value = counts.get((area.value, party.pk), 0)
            bars.append(
                Bar(
                    party_code=party.code,
                    party_name=party.name,
                    value=value,
                    x=LABEL_WIDTH,
                    y=top + bar_index * (BAR_HEIGHT + 2),
                    width=round(PLOT_WIDTH * value / largest),
                    css_class=f"bar-{bar_index % 4}",
                )
            )
        rows.append(Row(label=str(area.label), label_y=top + BAR_HEIGHT + 4, bars=bars))
    return BarChart(
        rows=rows,
        parties=parties,
        width=LABEL_WIDTH + PLOT_WIDTH + 50,
        height=TOP + len(rows) * ROW_HEIGHT,
        total=sum(counts.values()),
    )
