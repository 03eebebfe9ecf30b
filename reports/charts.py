"""Geometry for the server-rendered SVG bar charts (dashboard and PDF share it)."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

LABEL_WIDTH = 150
BAR_AREA = 260
ROW_HEIGHT = 26
BAR_HEIGHT = 18


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str
    y: int
    text_y: int
    width: int
    value_x: int
    url: str = ""


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH

    @property
    def is_empty(self) -> bool:
        return not any(bar.value for bar in self.bars)


def bar_chart(title: str, rows: list[tuple[str, float, str, str]]) -> BarChart:
    """Horizontal bars from (label, value, display text, url) rows, scaled to the largest."""
    largest = max((value for _, value, _, _ in rows), default=0) or 1
    bars = []
    for index, (label, value, display, url) in enumerate(rows):
        width = round(BAR_AREA * float(value) / float(largest))
        y = index * ROW_HEIGHT + 4
        bars.append(
            Bar(
                label=label,
                value=value,
                display=display,
                y=y,
                text_y=y + BAR_HEIGHT - 5,
                width=width,
                value_x=LABEL_WIDTH + width + 6,
                url=url,
            )
        )
    return BarChart(
        title=title,
        bars=bars,
        width=LABEL_WIDTH + BAR_AREA + 70,
        height=max(len(rows), 1) * ROW_HEIGHT + 8,
    )


def drilldown_url(code: str, year: int, **params) -> str:
    query = {"year": year, **{key: value for key, value in params.items() if value}}
    return f"{reverse('reports:drilldown', args=[code])}?{urlencode(query)}"


def report_charts(report, *, links: bool = True) -> dict:
    """The four bar charts of a report; with `links`, each bar opens its companies (to the
    as-of date of an as-of report)."""
    year, cut_on = report.year, getattr(report, "cut_on", None)

    def url(**params):
        as_of = cut_on if params["year"] == year else None
        return drilldown_url("firms_supported", as_of=as_of, **params) if links else ""

    def firms(value):
        return number_format(value, force_grouping=True)

    return {
        "by_year": bar_chart(
            _("Firms supported by year"),
            [
                (str(row.year), row.firms_supported, firms(row.firms_supported), url(year=row.year))
                for row in report.by_year
            ],
        ),
        "by_industry": bar_chart(
            _("Firms supported by focus industry"),
            [
                (row.label, row.firms, firms(row.firms), url(year=year, industry=row.key))
                for row in report.by_industry
            ],
        ),
        "by_stage": bar_chart(
            _("Firms supported by growth stage at the report date"),
            [
                (row.label, row.firms, firms(row.firms), url(year=year, stage=row.key))
                for row in report.by_stage
            ],
        ),
        "by_program": bar_chart(
            _("Firms supported by programme"),
            [
                (row.label, row.firms, firms(row.firms), url(year=year, program=row.key))
                for row in report.by_program
                if row.firms
            ],
        ),
    }
