"""The workplace report as Markdown: what `driehoek report workplaces` prints and the app shows.

Factors read as signs (+ ~ - ?), never as colour alone, and every chart fits 80 columns: the
quarterly chart is a fenced code block, so it keeps its columns in every Markdown reader and in
a terminal, and no sign in it can turn into Markdown (`~~` would strike through in a table).
Names of organisations and teams are user text and are escaped (`mdtext`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from driehoek import mdtext
from driehoek.dates import format_date
from driehoek.domain import Factor, PlacementStatus, Pressure
from driehoek.i18n import Catalogue, Lang
from driehoek.minutes_supervision import organisation_lines as supervision_lines
from driehoek.report import (
    ORDER,
    SIGNS,
    OrganisationQuality,
    Quality,
    Quarter,
    Tally,
    WorkplaceReport,
)

BAR_WIDTH = 10
"""Signs in a bar of the tables."""
CELL_WIDTH = 6
"""Signs in a cell of the quarterly chart: six factors of six, and the chart fits 80 columns."""


def bar(tally: Tally, width: int = BAR_WIDTH) -> str:
    """The placements of a tally as signs, good to unknown: `++~-?`.

    One sign per placement while they fit in `width`; beyond that, `share`.
    """
    if tally.total <= width:
        return "".join(SIGNS[s] * tally.of(s) for s in ORDER)
    return share(tally, width)


def share(tally: Tally, width: int = BAR_WIDTH) -> str:
    """Exactly `width` signs in proportion (largest remainders): `++++++~~-?`; none, ''."""
    if not tally.total:
        return ""
    exact = [tally.of(s) * width / tally.total for s in ORDER]
    widths = [int(x) for x in exact]
    by_remainder = sorted(range(len(ORDER)), key=lambda i: (-(exact[i] - widths[i]), i))
    for i in by_remainder[: width - sum(widths)]:
        widths[i] += 1
    return "".join(SIGNS[s] * w for s, w in zip(ORDER, widths, strict=True))


def quarter_label(quarter: Quarter, t: Catalogue) -> str:
    """`2026 K1` in Dutch, `2026 Q1` in English."""
    return t("report.quarter_label", year=quarter.year, number=quarter.number)


def chart_lines(q: Quality, t: Catalogue) -> list[str]:
    """The quarterly chart: a row per quarter, its placements, and per factor a cell of signs.

    Reading a column down shows how one factor developed at the workplace.
    """
    labels = [quarter_label(p.quarter, t) for p in q.periods]
    first = max(len(t("report.quarter")), *(len(label) for label in labels))
    second = max(len(t("report.placements")), *(len(str(p.placements)) for p in q.periods))
    lines = [
        f"{t('report.quarter'):<{first}}  {t('report.placements'):>{second}}  "
        + "  ".join(f"{f.number:<{CELL_WIDTH}}" for f in Factor)
    ]
    for label, period in zip(labels, q.periods, strict=True):
        cells = "  ".join(f"{bar(period.factors[f], CELL_WIDTH):<{CELL_WIDTH}}" for f in Factor)
        lines.append(f"{label:<{first}}  {period.placements:>{second}}  {cells}".rstrip())
    return [line.rstrip() for line in lines]


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _code(signs: str) -> str:
    # A code span keeps `~~` from striking through and reads as a picture; no signs, a dash.
    return f"`{signs}`" if signs else "–"


def status_header(t: Catalogue) -> list[str]:
    """`+ aanwezig`, `~ realiseerbaar`, ...: a column per status, sign first."""
    return [f"{SIGNS[s]} {t.enum(s)}" for s in ORDER]


@dataclass(frozen=True)
class Chart:
    """Where a quarterly chart goes in the report: each format draws it its own way."""

    quality: Quality
    title: str
    """Plain text: the organisation (and team) it is about."""


Part = str | Chart
"""A stretch of Markdown, or a chart."""


def report_parts(report: WorkplaceReport, lang: Lang) -> list[Part]:
    """The report as Markdown with its charts left out, each `Chart` where it belongs."""
    return _Report(report, lang).render()


class _Report:
    """Collects the parts of one rendering."""

    def __init__(self, report: WorkplaceReport, lang: Lang) -> None:
        self.r = report
        self.lang = lang
        self.t = Catalogue(lang)
        self.lines: list[str] = []
        self.parts: list[Part] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def chart(self, chart: Chart) -> None:
        self.parts.append("\n".join(self.lines).strip() + "\n")
        self.parts.append(chart)
        self.lines = []

    def render(self) -> list[Part]:
        self.head()
        for organisation in self.r.organisations:
            self.organisation(organisation)
        self.parts.append("\n".join(self.lines).strip() + "\n")
        return self.parts

    def head(self) -> None:
        """The title, what the report covers and how it counts, and the overview."""
        t = self.t
        self.add(f"# {t('report.title')}", "")
        since = (
            t("report.since", date=format_date(self.r.since, self.lang))
            if self.r.since
            else t("report.all")
        )
        self.add(
            f"- {t('report.made_on')}: {format_date(self.r.made_on, self.lang)}",
            f"- {t('report.period')}: {since}",
            f"- {t('report.counted')}",
            f"- {t('report.signs')}",
        )
        if not self.r.organisations:
            self.add("", f"_{t('report.empty')}_")
            return
        self.add("", f"## {t('report.overview')}", "")
        header = [
            t("report.organisation"),
            t("report.placements"),
            t("report.counted_placements"),
            t("report.signed_meetings"),
            t("report.drafts"),
            t("report.share_all"),
        ]
        rows = [
            [
                mdtext.cell(o.whole.name),
                str(o.whole.placements),
                str(o.whole.counted),
                str(o.whole.signed_meetings),
                str(o.whole.drafts),
                _code(share(o.whole.overall)),
            ]
            for o in self.r.organisations
        ]
        # How to read it after the overview, so the first screen shows figures.
        self.add(
            *_table(header, rows),
            "",
            f"- {t('report.overview_legend')}",
            f"- {t('report.factors')}: {t('report.factors_legend')}",
            f"- {t('report.quarters')}: {t('report.quarters_legend')}",
            f"- {t('report.pressures')}: {t('report.pressures_legend')}",
        )

    def organisation(self, o: OrganisationQuality) -> None:
        t = self.t
        self.add("", f"## {mdtext.inline(o.whole.name)}", "")
        if len(o.teams) == 1:
            # One team is the whole organisation: its name, not the same tables twice.
            self.add(f"{t('field.team')}: {mdtext.inline(o.teams[0].name)}", "")
        self.quality(o.whole, o.whole.name, level=3)
        figures = self.r.supervision.get(o.whole.name)
        if figures is not None:  # supervision time promised against given (issue 13.3)
            self.add("", f"### {t('report.supervision')}", "", *supervision_lines(figures, t))
        for team in o.teams if len(o.teams) > 1 else ():
            name = mdtext.inline(team.name) if team.name else t("report.no_team")
            self.add("", f"### {t('report.team', team=name)}", "")
            title = f"{o.whole.name} · {team.name or t('report.no_team')}"
            self.quality(team, title, level=4)

    def quality(self, q: Quality, title: str, *, level: int) -> None:
        t, h = self.t, "#" * level
        self.add(
            f"- {t('report.summary_placements', placements=q.placements, counted=q.counted)}",
            f"- {t('report.summary_meetings', meetings=q.signed_meetings, drafts=q.drafts)}",
        )
        if not q.counted:
            self.add("", f"_{t('report.nothing_signed')}_")
        else:
            self.add("", f"{h} {t('report.factors')}", "")
            # Signs as headers (the legend above names them): the factor's name needs the width.
            header = [t("minutes.factor"), *(SIGNS[s] for s in ORDER), t("report.placements")]
            rows = [
                [
                    f"{f.number}. {t.enum(f)}",
                    *(str(q.factors[f].of(s)) for s in ORDER),
                    _code(bar(q.factors[f])),
                ]
                for f in Factor
            ]
            self.add(*_table(header, rows))
            self.add("", f"{h} {t('report.quarters')}", "")
            self.chart(Chart(q, title))
            self.pressures(q, h)
        self.add("", f"{h} {t('report.outcomes')}", "")
        rows = [[t.enum(s), str(q.outcomes.get(s, 0))] for s in PlacementStatus]
        self.add(*_table([t("report.outcome"), t("report.placements")], rows))

    def pressures(self, q: Quality, h: str) -> None:
        """The article's pressures, each counted by the placements that named it, and room
        to make mistakes as the factors are counted."""
        t = self.t
        self.add("", f"{h} {t('report.pressures')}", "")
        rows = [[t.enum(p), str(q.pressures.get(p, 0))] for p in Pressure]
        self.add(*_table([t("report.pressure"), t("report.named")], rows), "")
        counts = ", ".join(f"{q.mistakes.of(s)} {t.enum(s)}" for s in ORDER if q.mistakes.of(s))
        self.add(f"- {t('report.room_for_mistakes')}: {_code(bar(q.mistakes))} ({counts})")


def render_workplace_report(report: WorkplaceReport, lang: Lang) -> str:
    """The report as Markdown: an overview, then per organisation (and team) the factors by
    each placement's latest signed state, the factors quarter by quarter, and the outcomes.

    Names of organisations and teams are user text and are escaped, so a name can never add a
    heading, a table cell or a link. The same report in the same language gives the same bytes.
    """
    t = Catalogue(lang)
    text = "\n".join(
        part
        if isinstance(part, str)
        else "\n".join(["```text", *chart_lines(part.quality, t), "```", ""])
        for part in report_parts(report, lang)
    )
    return text.strip() + "\n"
