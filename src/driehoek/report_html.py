"""The workplace report as a printable HTML page, each quarterly chart drawn as inline SVG.

Our own small SVG, no library and no script: the page's Content-Security-Policy allows no
scripts and no outside resources, and an inline `<svg>` needs neither. Each chart is a figure
with a title and a description for screen readers, its bars carry their numbers as tooltips
and, where there is room, the signs the app uses (+ ~ - ?), and a table beside it holds every
number it draws. The colours (Okabe-Ito's, for colour-blind readers) also differ in lightness,
so a grey printout still tells them apart.
"""

from __future__ import annotations

import html
from collections.abc import Iterator

from driehoek.domain import Factor, FactorStatus
from driehoek.dossier import html_page, markdown_html
from driehoek.i18n import Catalogue, Lang
from driehoek.report import ORDER, SIGNS, Period, Quality, Tally, WorkplaceReport
from driehoek.report_markdown import Chart, quarter_label, report_parts

FILL = {
    FactorStatus.PRESENT: "#1d4f91",
    FactorStatus.REALISABLE: "#f0b13c",
    FactorStatus.ABSENT: "#c9532c",
    FactorStatus.NOT_DISCUSSED: "#e4e4e4",
}
"""Dark, light, middle and palest: four steps of lightness as well as four colours."""
INK = {
    FactorStatus.PRESENT: "#ffffff",
    FactorStatus.REALISABLE: "#1a1a1a",
    FactorStatus.ABSENT: "#ffffff",
    FactorStatus.NOT_DISCUSSED: "#1a1a1a",
}
"""The colour of a sign drawn on each fill."""

LABEL_WIDTH = 250
"""Room for the factor's number and name left of its row."""
COLUMN = 34
"""Width of a quarter's column; its bar is `BAR` wide."""
BAR = 24
ROW = 46
"""Height of a factor's row; its tallest bar is `BAR_HEIGHT` high."""
BAR_HEIGHT = 38
SIGN_ROOM = 13
"""A block at least this high shows its sign."""
BLOCK_ROOM = 6
"""Placements are drawn as blocks of their own while a block is at least this high."""
TOP = 8
MIN_WIDTH = 560
AXIS = 34
LEGEND = 30

CSS = """
figure.chart { margin: .6em 0 .4em; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
table.numbers { font-size: .85em; }
table.numbers th, table.numbers td { padding: .2em .35em; }
table.numbers td { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden;
           clip: rect(0 0 0 0); white-space: nowrap; }
table.numbers caption { caption-side: top; text-align: left; font-size: .9em; color: #444;
                        padding-bottom: .3em; }
@media print { figure.chart { break-inside: avoid; page-break-inside: avoid; } }
"""


def _attrs(**values: object) -> str:
    """SVG attributes from keywords: `stroke_width=1` is `stroke-width="1"`; text escaped."""
    return " ".join(f'{k.rstrip("_").replace("_", "-")}="{_value(v)}"' for k, v in values.items())


def _value(v: object) -> str:
    # Numbers need no escaping, and a chart has thousands of them.
    return str(v) if isinstance(v, int | float) else html.escape(str(v))


def _counts(tally: Tally, t: Catalogue) -> str:
    return ", ".join(f"{tally.of(s)} {t.enum(s)}" for s in ORDER)


def cell(tally: Tally) -> str:
    """A table cell's numbers, the statuses no placement had left out: `+2 ~1`; none, `–`."""
    return " ".join(f"{SIGNS[s]}{tally.of(s)}" for s in ORDER if tally.of(s)) or "–"


class _Svg:
    """Draws one chart: a row per factor, a stacked bar per quarter."""

    def __init__(self, chart: Chart, number: int, t: Catalogue) -> None:
        self.q: Quality = chart.quality
        self.title = chart.title
        self.id = f"chart-{number}"
        self.t = t
        self.most = max((p.placements for p in self.q.periods), default=0) or 1
        # Never narrower than the legend below the bars.
        self.width = max(LABEL_WIDTH + COLUMN * len(self.q.periods) + 8, MIN_WIDTH)
        self.height = TOP + ROW * len(Factor) + AXIS + LEGEND

    def draw(self) -> str:
        t, periods = self.t, self.q.periods
        first, last = quarter_label(periods[0].quarter, t), quarter_label(periods[-1].quarter, t)
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
            f"{_attrs(aria_labelledby=f'{self.id}-title {self.id}-desc')} "
            f"{_attrs(viewBox=f'0 0 {self.width} {self.height}', width=self.width)} "
            f'{_attrs(height=self.height)} font-family="system-ui, sans-serif" font-size="12">'
        )
        return "\n".join(
            [
                head,
                f'<title id="{self.id}-title">'
                f"{html.escape(t('report.chart_title', name=self.title))}</title>",
                f'<desc id="{self.id}-desc">'
                f"{html.escape(t('report.chart_desc', first=first, last=last, most=self.most))}"
                "</desc>",
                *self._rows(),
                *self._axis(),
                *self._legend(),
                "</svg>",
            ]
        )

    def _rows(self) -> Iterator[str]:
        for row, factor in enumerate(Factor):
            base = TOP + ROW * row + BAR_HEIGHT
            label = f"{factor.number}. {self.t.enum(factor)}"
            yield (f"<text {_attrs(x=0, y=base - BAR_HEIGHT // 2 + 4)}>{html.escape(label)}</text>")
            yield (
                f"<line {_attrs(x1=LABEL_WIDTH - 4, y1=base + 0.5, x2=self.width - 4)} "
                f"{_attrs(y2=base + 0.5, stroke='#999', stroke_width=1)}/>"
            )
            for column, period in enumerate(self.q.periods):
                yield from self._bar(factor, period, LABEL_WIDTH + COLUMN * column, base)

    def _bar(self, factor: Factor, period: Period, x: int, base: int) -> Iterator[str]:
        tally = period.factors[factor]
        if not tally.total:
            return
        unit = BAR_HEIGHT / self.most
        tip = self.t(
            "report.bar_title",
            quarter=quarter_label(period.quarter, self.t),
            factor=self.t.enum(factor),
            counts=_counts(tally, self.t),
        )
        yield f"<g><title>{html.escape(tip)}</title>"
        # A block per placement while the blocks stay visible, so they can be counted like the
        # signs of the text chart; with many placements, one block per status.
        apart = unit >= BLOCK_ROOM
        top = float(base)
        for status in ORDER:  # from the baseline up: present first, so growth reads as rising
            n = tally.of(status)
            for height in [unit] * n if apart else [n * unit] if n else []:
                top -= height
                yield (
                    f"<rect {_attrs(x=x, y=round(top, 2), width=BAR, height=round(height, 2))} "
                    f"{_attrs(fill=FILL[status], stroke='#fff', stroke_width=1)}/>"
                )
                if height >= SIGN_ROOM:
                    y = round(top + height / 2 + 4, 2)
                    yield (
                        f"<text {_attrs(x=x + BAR / 2, y=y, fill=INK[status])} "
                        f'text-anchor="middle" font-weight="bold">'
                        f"{html.escape(SIGNS[status])}</text>"
                    )
        yield "</g>"

    def _axis(self) -> Iterator[str]:
        y = TOP + ROW * len(Factor) + 2
        year = None
        for column, period in enumerate(self.q.periods):
            x = LABEL_WIDTH + COLUMN * column + BAR / 2
            short = quarter_label(period.quarter, self.t).removeprefix(f"{period.quarter.year} ")
            yield f'<text {_attrs(x=x, y=y + 10)} text-anchor="middle">{html.escape(short)}</text>'
            if period.quarter.year != year:
                year = period.quarter.year
                yield (f'<text {_attrs(x=x - BAR / 2, y=y + 24)} fill="#444">{year}</text>')
        yield (
            f'<text {_attrs(x=0, y=y + 10)} fill="#444">'
            f"{html.escape(self.t('report.quarter'))}</text>"
        )

    def _legend(self) -> Iterator[str]:
        y = TOP + ROW * len(Factor) + AXIS + 10
        x = 0
        for status in ORDER:
            label = f"{SIGNS[status]} {self.t.enum(status)}"
            yield f"<rect {_attrs(x=x, y=y, width=14, height=14, fill=FILL[status])}/>"
            yield f"<text {_attrs(x=x + 19, y=y + 11)}>{html.escape(label)}</text>"
            x += 30 + 7 * len(label)


def _numbers(chart: Chart, t: Catalogue) -> str:
    """Every number the chart draws, as a table: a row per quarter, a column per factor."""
    # A column per factor is headed by its number, as in the chart: the names would make the
    # table wider than a printed page. A screen reader hears the name all the same.
    head = "".join(
        f'<th scope="col" title="{html.escape(t.enum(f))}"><span aria-hidden="true">'
        f'{f.number}</span><span class="sr-only">{html.escape(f"{f.number}. {t.enum(f)}")}'
        "</span></th>"
        for f in Factor
    )
    rows = []
    for period in chart.quality.periods:
        cells = "".join(f"<td>{cell(period.factors[f])}</td>" for f in Factor)
        rows.append(
            f'<tr><th scope="row">{html.escape(quarter_label(period.quarter, t))}</th>'
            f"<td>{period.placements}</td>{cells}</tr>"
        )
    caption = html.escape(t("report.numbers_caption", name=chart.title))
    return (
        f'<table class="numbers">\n<caption>{caption}</caption>\n<thead><tr>'
        f'<th scope="col">{html.escape(t("report.quarter"))}</th>'
        f'<th scope="col">{html.escape(t("report.placements"))}</th>{head}</tr></thead>\n'
        "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n"
    )


def render_workplace_report_html(report: WorkplaceReport, lang: Lang) -> str:
    """The report as one HTML page: the Markdown report's text and tables, and for each
    organisation and team a chart (inline SVG) with its numbers as a table beside it."""
    t = Catalogue(lang)
    body: list[str] = []
    number = 0
    for part in report_parts(report, lang):
        if isinstance(part, str):
            body.append(markdown_html(part))
            continue
        number += 1
        svg = _Svg(part, number, t).draw()
        body.append(f'<figure class="chart">\n{svg}\n</figure>\n{_numbers(part, t)}')
    return html_page("".join(body), t("report.title"), lang, css=CSS)
