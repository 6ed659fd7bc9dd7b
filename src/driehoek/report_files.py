"""The workplace report for other programs: CSV for a spreadsheet, JSON for anything else.

CSV is what a coordinator opens in Excel, so it is made for Dutch Excel: fields separated by
`;` (Excel splits a double-clicked .csv on the list separator of the computer's region, which
is `;` wherever the decimal separator is a comma, as in the Netherlands; `,` would put each
line in one cell there), a byte order mark so Excel reads the names as UTF-8, and CRLF line
ends. Its headers and names follow the language; one row per organisation or team, topic (a
factor, room to make mistakes, or one of the article's pressures) and quarter. A name is
user text, and Excel runs a cell that starts with `=`, `+`, `-` or `@` as a formula: such a
cell gets a leading `'`, which Excel shows as text (OWASP's advice).

JSON holds the whole report with stable English keys, the same in every language (README
describes them).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from driehoek.domain import Factor, Pressure
from driehoek.i18n import Catalogue, Lang
from driehoek.report import ORDER, OrganisationQuality, Period, Quality, Tally, WorkplaceReport
from driehoek.report_markdown import quarter_label
from driehoek.supervision_report import PlaceFigures
from driehoek.text import clean_line

DELIMITER = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (or a formula after a tab or return)."""


def safe_cell(value: object) -> str:
    """A value as a spreadsheet cell that is never run: `'=1+1` for `=1+1`."""
    text = clean_line(str(value))
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _tally(tally: Tally) -> dict[str, int]:
    return {status.value: tally.of(status) for status in ORDER}


def _pressures(counts: Mapping[Pressure, int]) -> dict[str, int]:
    return {p.value: counts.get(p, 0) for p in Pressure}


def _quality(q: Quality) -> dict[str, Any]:
    return {
        "name": q.name,
        "placements": q.placements,
        "counted": q.counted,
        "signed_meetings": q.signed_meetings,
        "drafts": q.drafts,
        "factors": {f.value: _tally(q.factors[f]) for f in Factor},
        "quarters": [
            {
                "quarter": p.quarter.key,
                "start": p.quarter.start.isoformat(),
                "end": p.quarter.end.isoformat(),
                "placements": p.placements,
                "factors": {f.value: _tally(p.factors[f]) for f in Factor},
                "pressures": _pressures(p.pressures),
                "room_for_mistakes": _tally(p.mistakes),
            }
            for p in q.periods
        ],
        "outcomes": {status.value: n for status, n in q.outcomes.items()},
        "pressures": _pressures(q.pressures),
        "room_for_mistakes": _tally(q.mistakes),
    }


def _supervision(figures: PlaceFigures | None) -> dict[str, int | None] | None:
    """An organisation's supervision time promised against given (issue 13.3), or None when
    none of its signed evaluations recorded both."""
    if figures is None:
        return None
    total = figures.total
    return {
        "placements": figures.placements,
        "short": figures.short,
        "threshold": figures.threshold,
        "promised_minutes": total.promised,
        "given_minutes": total.given,
        "share": total.share,
        "periods": total.periods,
        "short_periods": total.short_periods,
    }


def report_data(report: WorkplaceReport) -> dict[str, Any]:
    """The report as plain data, for `json.dumps`."""
    return {
        "made_on": report.made_on.isoformat(),
        "since": report.since.isoformat() if report.since else None,
        "organisations": [
            {
                **_quality(o.whole),
                "supervision": _supervision(report.supervision.get(o.whole.name)),
                "teams": [_quality(team) for team in o.teams],
            }
            for o in report.organisations
        ],
    }


def render_workplace_report_json(report: WorkplaceReport) -> str:
    """The report as JSON (UTF-8, indented, keys as README lists them)."""
    return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"


_MISTAKES = "room_for_mistakes"
Topic = Factor | Pressure | str
"""A CSV row's subject: a factor, a pressure, or room to make mistakes."""


def _topics(t: Catalogue) -> list[tuple[Topic, object, str]]:
    """The six factors, room to make mistakes (asked with factor 2: it has that number), then
    the pressures: each with its number (none for a pressure) and its name."""
    return [
        *((f, f.number, t.enum(f)) for f in Factor),
        (_MISTAKES, Factor.EXPERIMENT.number, t("report.room_for_mistakes")),
        *((p, "", f"{t('report.pressure')}: {t.enum(p)}") for p in Pressure),
    ]


def _values(topic: Topic, period: Period) -> list[object]:
    """The status counts (a factor, room for mistakes) or how many named it (a pressure)."""
    if isinstance(topic, Pressure):
        return ["", "", "", "", period.pressures.get(topic, 0)]
    tally = period.factors[topic] if isinstance(topic, Factor) else period.mistakes
    return [*(tally.of(status) for status in ORDER), ""]


def _rows(o: OrganisationQuality, t: Catalogue) -> list[list[object]]:
    groups = [(t("report.level_organisation"), "", o.whole)] + [
        (t("report.level_team"), team.name or t("report.no_team"), team) for team in o.teams
    ]
    rows: list[list[object]] = []
    for level, team, q in groups:
        for topic, number, name in _topics(t):
            for period in q.periods:
                rows.append(
                    [
                        o.whole.name,
                        level,
                        team,
                        number,
                        name,
                        quarter_label(period.quarter, t),
                        period.quarter.start.isoformat(),
                        period.quarter.end.isoformat(),
                        period.placements,
                        *_values(topic, period),
                    ]
                )
    return rows


def render_workplace_report_csv(report: WorkplaceReport, lang: Lang) -> str:
    """The quarterly figures as CSV for a spreadsheet: one row per organisation or team,
    topic and quarter, with the placements that quarter and how many had each status (a
    factor, room to make mistakes) or named it (a pressure: the last column)."""
    t = Catalogue(lang)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(
        [
            t("report.organisation"),
            t("report.level"),
            t("field.team"),
            t("report.factor_number"),
            t("minutes.factor"),
            t("report.quarter"),
            t("report.quarter_start"),
            t("report.quarter_end"),
            t("report.placements"),
            *(t.enum(status).capitalize() for status in ORDER),
            t("report.named"),
        ]
    )
    for organisation in report.organisations:
        writer.writerows([safe_cell(v) for v in row] for row in _rows(organisation, t))
    return "\ufeff" + out.getvalue()
