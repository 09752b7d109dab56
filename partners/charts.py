"""Charts drawn on the server as SVG: no script, no inline style, no fetch.

A chart is a frozen value holding its shapes already measured, so the template
(``partners/impact/chart.html``) only places them, and its rows, which the same
template shows as a table: every chart has a text equivalent. The SVG uses
presentation attributes only (CSP-clean, and WeasyPrint draws it in a PDF).
Two shapes: ``bar_chart`` (one horizontal bar per label) and ``day_chart``
(one column per day, empty days included, so gaps show).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

WIDTH = 640
BAR_HEIGHT = 22
BAR_GAP = 10
LABEL_WIDTH = 190
VALUE_ROOM = 48
DAY_PLOT_HEIGHT = 160
DAY_TOP_ROOM = 18  # room for the number over the tallest column
DAY_AXIS_ROOM = 28
MAX_DAYS = 366
DAY_LABELS = 6  # dates written under the columns, at most
MAX_VALUES_SHOWN = 31  # numbers written over the columns up to this many days


@dataclass(frozen=True)
class Shape:
    """One bar or column, with where its label and value are written."""

    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float
    show_label: bool = True
    show_value: bool = True


@dataclass(frozen=True)
class Chart:
    """A measured chart, its text summary and its rows for the table."""

    chart_id: str
    title: str
    summary: str
    shape: str  # "bars" or "columns"
    width: int
    height: int
    shapes: tuple[Shape, ...]
    rows: tuple[tuple[str, int], ...]
    label_heading: str
    value_heading: str
    baseline_y: float = 0  # where the columns stand (column charts only)

    @property
    def empty(self) -> bool:
        return not any(value for _label, value in self.rows)


def _summary(rows: list[tuple[str, int]]) -> str:
    total = sum(value for _label, value in rows)
    if not total:
        return _("Nothing to show yet.")
    label, most = max(rows, key=lambda row: row[1])
    return _("%(total)d in all; the most, %(most)d, for %(label)s.") % {
        "total": total,
        "most": most,
        "label": label,
    }


def bar_chart(
    *,
    chart_id: str,
    title: str,
    rows: list[tuple[str, int]],
    label_heading: str,
    value_heading: str,
) -> Chart:
    """Return a horizontal bar chart: one bar per (label, value) row."""
    top = max((value for _label, value in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    shapes = []
    for index, (label, value) in enumerate(rows):
        y = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP)
        width = round(room * value / top, 1)
        shapes.append(
            Shape(
                label=label,
                value=value,
                x=LABEL_WIDTH,
                y=y,
                width=width,
                height=BAR_HEIGHT,
                label_x=LABEL_WIDTH - 8,
                label_y=y + BAR_HEIGHT * 0.7,
                value_x=LABEL_WIDTH + width + 6,
                value_y=y + BAR_HEIGHT * 0.7,
            )
        )
    return Chart(
        chart_id=chart_id,
        title=title,
        summary=_summary(rows),
        shape="bars",
        width=WIDTH,
        height=BAR_GAP + len(rows) * (BAR_HEIGHT + BAR_GAP),
        shapes=tuple(shapes),
        rows=tuple(rows),
        label_heading=label_heading,
        value_heading=value_heading,
    )


def every_day(days: dict[date, int]) -> list[tuple[date, int]]:
    """Return each day from the first to the last with a count, empty days as 0.

    At most ``MAX_DAYS``: a longer span keeps its latest days.
    """
    if not days:
        return []
    first, last = min(days), max(days)
    first = max(first, last - timedelta(days=MAX_DAYS - 1))
    span = (last - first).days + 1
    return [
        (first + timedelta(days=n), days.get(first + timedelta(days=n), 0))
        for n in range(span)
    ]


def day_chart(
    *, chart_id: str, title: str, days: dict[date, int], value_heading: str
) -> Chart:
    """Return a column chart of counts per day, with a few dates written under it."""
    series = every_day(days)
    rows = [(date_format(day, "j M Y"), value) for day, value in series]
    top = max((value for _day, value in series), default=0) or 1
    step = WIDTH / len(series) if series else WIDTH
    label_every = max(1, -(-len(series) // DAY_LABELS))
    shapes = []
    for index, (label, value) in enumerate(rows):
        height = round(DAY_PLOT_HEIGHT * value / top, 1)
        x = round(index * step + step * 0.1, 1)
        shapes.append(
            Shape(
                label=label,
                value=value,
                x=x,
                y=round(DAY_TOP_ROOM + DAY_PLOT_HEIGHT - height, 1),
                width=round(step * 0.8, 1),
                height=height,
                label_x=x,
                label_y=DAY_TOP_ROOM + DAY_PLOT_HEIGHT + 18,
                value_x=round(x + step * 0.4, 1),
                value_y=round(DAY_TOP_ROOM + DAY_PLOT_HEIGHT - height - 4, 1),
                show_label=index % label_every == 0,
                show_value=bool(value) and len(rows) <= MAX_VALUES_SHOWN,
            )
        )
    return Chart(
        chart_id=chart_id,
        title=title,
        summary=_summary(rows),
        shape="columns",
        width=WIDTH,
        height=DAY_TOP_ROOM + DAY_PLOT_HEIGHT + DAY_AXIS_ROOM,
        shapes=tuple(shapes),
        rows=tuple(rows),
        label_heading=_("Day"),
        value_heading=value_heading,
        baseline_y=DAY_TOP_ROOM + DAY_PLOT_HEIGHT,
    )
