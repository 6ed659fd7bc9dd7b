"""The workplace report in each format: Markdown (read back with markdown-it), HTML (an inline
SVG chart with its title and its numbers as a table), CSV (read back with Python's csv, no cell
a spreadsheet would run) and JSON (round-trips, stable keys)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from html.parser import HTMLParser

import pytest
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdtokens import all_types, headings, parse
from plan_data import intake, set_team
from report_data import DAYCARE, HOSTILE, LINDE, counted_fixture, sign

from driehoek.domain import Factor
from driehoek.report import WorkplaceReport, workplace_report
from driehoek.report_files import (
    render_workplace_report_csv,
    render_workplace_report_json,
    report_data,
    safe_cell,
)
from driehoek.report_html import render_workplace_report_html
from driehoek.report_markdown import render_workplace_report
from driehoek.store import Store


@pytest.fixture
def report(store: Store) -> WorkplaceReport:
    counted_fixture(store)
    return workplace_report(store)


def tables(tokens: list[Token]) -> list[list[list[str]]]:
    """Every table as rows of cell texts; a cell holds text and, for a bar, one code span
    (shown as `code`), nothing else."""
    found = []
    for node in SyntaxTreeNode(tokens).walk():
        if node.type != "table":
            continue
        rows = []
        for tr in (tr for part in node.children for tr in part.children):
            row = []
            for cell in tr.children:
                inline = cell.children[0].token
                assert inline is not None
                children = inline.children or []
                assert {c.type for c in children} <= {"text", "code_inline"}, children
                row.append(
                    "".join(
                        f"`{c.content}`" if c.type == "code_inline" else c.content for c in children
                    )
                )
            rows.append(row)
        found.append(rows)
    return found


def fences(markdown: str) -> list[tuple[str, str]]:
    """(info, content) of every fenced code block."""
    return [(t.info, t.content) for t in parse(markdown) if t.type == "fence"]


# -- Markdown ----------------------------------------------------------------------------------


def test_markdown_headings(report: WorkplaceReport) -> None:
    found = headings(parse(render_workplace_report(report, "nl")))
    assert [text for tag, text in found if tag == "h1"] == ["Kwaliteit van de leerwerkplekken"]
    assert [text for tag, text in found if tag == "h2"] == ["Overzicht", HOSTILE, LINDE]
    assert [text for tag, text in found if tag == "h3" and text.startswith("Team")] == [
        f"Team: {DAYCARE}",
        "Team: Woongroep Oost",
    ]
    # The hostile organisation: its signed intake has factors; Linde and its two teams too.
    assert [text for _, text in found].count("Per kwartaal") == 4
    assert [text for _, text in found].count("Hoe de stages eindigden") == 4
    assert [text for _, text in found].count("Druk op de werkplek") == 4  # beside each chart


def test_markdown_tables(report: WorkplaceReport) -> None:
    overview, *rest = tables(parse(render_workplace_report(report, "nl")))
    assert overview == [
        ["Organisatie", "Stages", "Geteld", "Ondertekend", "Concepten", "Alle factoren"],
        [HOSTILE, "2", "1", "1", "1", "`----------`"],
        [LINDE, "3", "3", "5", "1", "`++++-?????`"],
    ]
    factors = [t for t in rest if t[0][0] == "Factor"]
    linde = factors[1]
    assert linde[0] == ["Factor", "+", "~", "-", "?", "Stages"]
    assert linde[1] == ["1. Betrokkenheid en invloed", "2", "0", "1", "0", "`++-`"]
    assert linde[5] == ["5. Taakautonomie", "0", "0", "0", "3", "`???`"]
    for table in tables(parse(render_workplace_report(report, "nl"))):
        assert len({len(row) for row in table}) == 1, table
    pressures = [t for t in rest if t[0][0] == "Druk"]
    assert pressures[1] == [  # Linde, each placement by its latest signed meeting
        ["Druk", "Genoemd"],
        ["werkdruk", "1"],
        ["bezuinigingen", "0"],
        ["personeelsverloop", "1"],
        ["agressieve cliënten", "0"],
        ["ziekteverzuim", "1"],
    ]


def test_markdown_room_for_mistakes_reads_as_a_factor(report: WorkplaceReport) -> None:
    items = render_workplace_report(report, "nl").splitlines()
    room = [line for line in items if line.startswith("- Ruimte om fouten te maken:")]
    assert room == [
        "- Ruimte om fouten te maken: `-` (1 afwezig)",
        "- Ruimte om fouten te maken: `+??` (1 aanwezig, 2 niet besproken)",
        "- Ruimte om fouten te maken: `?` (1 niet besproken)",
        "- Ruimte om fouten te maken: `+?` (1 aanwezig, 1 niet besproken)",
    ]


def test_markdown_chart_is_a_text_block_that_fits_80_columns(report: WorkplaceReport) -> None:
    text = render_workplace_report(report, "nl")
    charts = fences(text)
    assert [info for info, _ in charts] == ["text"] * 4
    linde = charts[1][1].splitlines()
    assert linde[0].split() == ["Kwartaal", "Stages", "1", "2", "3", "4", "5", "6"]
    # P1 from March 2025; P2 and P3 from February/March 2026 (P3 only that quarter: it never
    # started; P2 stops at its intake: it ended early, its evaluation a draft).
    assert [line.split() for line in linde[1:]] == [
        ["2025", "K1", "1", "+", "-", "~", "+", "?", "+"],
        ["2025", "K2", "1", "+", "~", "+", "+", "?", "+"],
        ["2025", "K3", "1", "+", "~", "+", "+", "?", "+"],
        ["2025", "K4", "1", "+", "~", "+", "+", "?", "+"],
        ["2026", "K1", "3", "++-", "+??", "+??", "++?", "???", "+??"],
        ["2026", "K2", "1", "+", "+", "+", "+", "?", "+"],
        ["2026", "K3", "1", "+", "+", "+", "+", "?", "+"],
        ["2026", "K4", "1", "+", "+", "+", "+", "?", "+"],
    ]
    assert max(len(line) for _, chart in charts for line in chart.splitlines()) <= 80
    english = fences(render_workplace_report(report, "en"))[1][1].splitlines()
    assert english[0].split()[:2] == ["Quarter", "Placements"]
    assert english[1].startswith("2025 Q1")
    assert max(len(line) for line in english) <= 80


def test_user_text_never_becomes_structure(report: WorkplaceReport) -> None:
    types = all_types(parse(render_workplace_report(report, "nl")))
    assert not types & {"link_open", "html_inline", "html_block", "em_open", "strong_open"}
    assert "s_open" not in types  # `~~` in a bar stays inside its code span


def test_an_organisation_with_no_signed_meeting_says_so(store: Store) -> None:
    placement, _ = intake(store, "Gwen Peeters", "Kinderopvang De Vlinder", date(2026, 10, 1))
    set_team(store, placement, "Peuters")
    text = render_workplace_report(workplace_report(store), "nl")
    assert "Nog geen ondertekend gesprek: hier is nog niets te tellen." in text
    assert fences(text) == []
    found = [t for _, t in headings(parse(text))]
    assert "Factoren" not in found
    assert "Hoe de stages eindigden" in found


def test_the_report_in_english_and_when_empty(store: Store) -> None:
    tokens = parse(render_workplace_report(workplace_report(store), "en"))
    assert headings(tokens) == [("h1", "Quality of the learning workplaces")]
    assert tables(tokens) == []
    root = SyntaxTreeNode(tokens)
    assert root.children[-1].type == "paragraph"
    assert "No meetings in this period." in render_workplace_report(workplace_report(store), "en")


def test_the_same_report_gives_the_same_bytes(store: Store) -> None:
    counted_fixture(store)
    first = render_workplace_report(workplace_report(store), "nl")
    assert render_workplace_report(workplace_report(store), "nl") == first


# -- HTML --------------------------------------------------------------------------------------


class Page(HTMLParser):
    """Reads a page back: its elements must nest, and what the tests look for is noted."""

    VOID = {"meta", "br", "hr", "img", "input", "link", "rect", "line"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.open, tag
        assert self.open[-1] == tag, (self.open[-5:], tag)
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open:
            self.text.setdefault(self.open[-1], []).append(data)


def read_page(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    assert page.open == [], page.open
    return page


def test_html_has_an_svg_chart_with_a_title_and_its_numbers(report: WorkplaceReport) -> None:
    text = render_workplace_report_html(report, "nl")
    assert text.startswith("<!DOCTYPE html>\n")
    page = read_page(text)
    svgs = [attrs for tag, attrs in page.tags if tag == "svg"]
    assert len(svgs) == 4
    ids = {attrs.get("id") for _, attrs in page.tags}
    for svg in svgs:
        assert svg["role"] == "img"
        title, desc = (svg["aria-labelledby"] or "").split()
        assert {title, desc} <= ids
    titles = page.text["title"]
    assert f"{LINDE}: de factoren per kwartaal" in titles
    assert f"{LINDE} · Woongroep Oost: de factoren per kwartaal" in titles
    # Every chart has a table of its numbers beside it: a row per quarter.
    numbers = [attrs for tag, attrs in page.tags if tag == "table" and attrs.get("class")]
    assert len(numbers) == 4
    linde = text.split(f"{LINDE}: per kwartaal en per factor")[1].split("</table>")[0]
    rows = read_page(linde.split("<tbody>")[1].split("</tbody>")[0]).text
    assert rows["th"] == [f"{y} K{q}" for y, q in [(2025, 1), (2025, 2), (2025, 3), (2025, 4)]] + [
        f"2026 K{q}" for q in (1, 2, 3, 4)
    ]
    assert rows["td"][:7] == ["1", "+1", "-1", "~1", "+1", "?1", "+1"]
    assert rows["td"][28:35] == ["3", "+2 -1", "+1 ?2", "+1 ?2", "+2 ?1", "?3", "+1 ?2"]


def test_html_stays_inside_its_page(report: WorkplaceReport) -> None:
    text = render_workplace_report_html(report, "nl")
    page = read_page(text)
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "img", "iframe", "object", "embed", "link", "a", "b"}
    assert not any(k in {"href", "src", "xlink:href"} for _, a in page.tags for k in a)
    assert not any(k.startswith("on") for _, a in page.tags for k in a)
    csp = next(a for tag, a in page.tags if tag == "meta" and a.get("http-equiv"))
    assert csp["content"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert "&lt;b&gt;x&lt;/b&gt;" in text  # the hostile name, shown as text


# -- CSV ---------------------------------------------------------------------------------------


def read_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")  # Excel reads the file as UTF-8
    assert "\r\n" in text
    raw = text.encode("utf-8").decode("utf-8-sig")
    return list(csv.reader(io.StringIO(raw, newline=""), delimiter=";"))


def test_csv_reads_back_with_a_row_per_organisation_team_factor_and_quarter(
    report: WorkplaceReport,
) -> None:
    header, *rows = read_csv(render_workplace_report_csv(report, "nl"))
    assert header == [
        "Organisatie",
        "Niveau",
        "Team / locatie",
        "Nr",
        "Factor",
        "Kwartaal",
        "Van",
        "Tot en met",
        "Stages",
        "Aanwezig",
        "Realiseerbaar",
        "Afwezig",
        "Niet besproken",
        "Genoemd",
    ]
    groups = [q for o in report.organisations for q in (o.whole, *o.teams)]
    # Per quarter: six factors, room to make mistakes, five pressures.
    assert len(rows) == sum(12 * len(q.periods) for q in groups)
    assert all(len(row) == len(header) for row in rows)
    linde = [r for r in rows if r[0] == LINDE and r[1] == "organisatie" and r[3] == "1"]
    assert linde[4] == [
        LINDE,
        "organisatie",
        "",
        "1",
        "Betrokkenheid en invloed",
        "2026 K1",
        "2026-01-01",
        "2026-03-31",
        "3",
        "2",
        "0",
        "1",
        "0",
        "",
    ]
    teams = {r[2] for r in rows if r[0] == LINDE and r[1] == "team"}
    assert teams == {DAYCARE, "Woongroep Oost"}
    whole = [r for r in rows if r[0] == LINDE and r[1] == "organisatie" and r[5] == "2026 K1"]
    assert [r[3:5] for r in whole[6:]] == [
        ["2", "Ruimte om fouten te maken"],
        ["", "Druk: werkdruk"],
        ["", "Druk: bezuinigingen"],
        ["", "Druk: personeelsverloop"],
        ["", "Druk: agressieve cliënten"],
        ["", "Druk: ziekteverzuim"],
    ]
    assert whole[6][8:] == ["3", "1", "0", "0", "2", ""]
    assert [r[8:] for r in whole[7:]] == [
        ["3", "", "", "", "", n] for n in ("1", "0", "1", "0", "1")
    ]


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x.example")', "+31 6", "-2+3", "@SUM(A1)"])
def test_csv_never_starts_a_cell_with_a_formula(store: Store, name: str) -> None:
    placement, m = intake(store, "Hidde Koster", name, date(2026, 9, 1))
    set_team(store, placement, f"={name}")
    sign(store, m)
    _, *rows = read_csv(render_workplace_report_csv(workplace_report(store), "nl"))
    assert rows
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert {row[0] for row in rows} == {f"'{name}"}
    assert {row[2] for row in rows if row[1] == "team"} == {f"'={name}"}


def test_a_safe_cell() -> None:
    assert safe_cell("Zorggroep") == "Zorggroep"
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell(3) == "3"
    assert safe_cell("\x1b[31m=rood") == "[31m=rood"  # escapes stripped, then checked


# -- JSON --------------------------------------------------------------------------------------


def test_json_round_trips_with_stable_keys(report: WorkplaceReport) -> None:
    text = render_workplace_report_json(report)
    data = json.loads(text)
    assert data == report_data(report)
    assert json.dumps(data, ensure_ascii=False, indent=2) + "\n" == text
    assert list(data) == ["made_on", "since", "organisations"]
    linde = data["organisations"][1]
    assert list(linde) == [
        "name",
        "placements",
        "counted",
        "signed_meetings",
        "drafts",
        "factors",
        "quarters",
        "outcomes",
        "pressures",
        "room_for_mistakes",
        "supervision",
        "teams",
    ]
    assert linde["supervision"] is None  # no promised time recorded here
    assert linde["name"] == LINDE
    assert list(linde["factors"]) == [f.value for f in Factor]
    assert linde["factors"]["involvement"] == {
        "present": 2,
        "realisable": 0,
        "absent": 1,
        "not_discussed": 0,
    }
    quarter = linde["quarters"][4]
    assert {k: quarter[k] for k in ("quarter", "start", "end", "placements")} == {
        "quarter": "2026-Q1",
        "start": "2026-01-01",
        "end": "2026-03-31",
        "placements": 3,
    }
    assert linde["outcomes"] == {
        "planned": 0,
        "running": 1,
        "completed": 0,
        "ended_early": 1,
        "not_started": 1,
    }
    assert [team["name"] for team in linde["teams"]] == [DAYCARE, "Woongroep Oost"]
    assert "teams" not in linde["teams"][0]
    assert linde["pressures"] == {
        "workload": 1,
        "budget_cuts": 0,
        "staff_turnover": 1,
        "aggressive_clients": 0,
        "sick_leave": 1,
    }
    assert linde["room_for_mistakes"] == {
        "present": 1,
        "realisable": 0,
        "absent": 0,
        "not_discussed": 2,
    }
    assert quarter["pressures"]["staff_turnover"] == 1
    assert quarter["room_for_mistakes"]["not_discussed"] == 2
