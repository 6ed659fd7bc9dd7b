"""The workplace report: its figures against a hand-counted fixture, and its Markdown structure."""

from __future__ import annotations

from datetime import date

import pytest
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdtokens import all_types, headings, parse
from plan_data import decide, intake, set_factors, set_status, set_team

from driehoek.domain import Decision, Factor, FactorStatus, PlacementStatus
from driehoek.report import (
    Quality,
    Tally,
    WorkplaceReport,
    bar,
    render_workplace_report,
    workplace_report,
)
from driehoek.store import Store

P, A, R, N = (
    FactorStatus.PRESENT,
    FactorStatus.ABSENT,
    FactorStatus.REALISABLE,
    FactorStatus.NOT_DISCUSSED,
)
INV, EXP, SUP, VAR, AUT, INF = Factor

LINDE = "Zorggroep De Linde"
HOSTILE = "Kinderopvang # Het | *Speelhuis* <b>x</b> [a](http://x.example)"
"""An organisation whose name tries to add a heading, a cell, emphasis, HTML and a link."""
DAYCARE = "Dagbesteding | *Zon*"


@pytest.fixture
def counted(store: Store) -> Store:
    """Five placements, seven meetings; the statuses each meeting ends with, by hand:

    | placement | team | meeting | INV | EXP | SUP | VAR | AUT | INF |
    | --- | --- | --- | --- | --- | --- | --- | --- | --- |
    | P1 Linde | Woongroep Oost | intake 10-3-2025 | + | - | ~ | + | ? | + |
    | P1 | | evaluation 10-6-2025 | + | ~ | + | + | ? | + |
    | P1 | | evaluation 15-1-2026 | + | + | + | + | ? | + |
    | P2 Linde | woongroep  oost | intake 1-2-2026 | - | ? | ? | + | ? | ? |
    | P3 Linde | Dagbesteding | intake 1-3-2026 | + | ? | ? | ? | ? | ? |
    | P4 hostile | (none) | intake 30-11-2024 | - | - | - | - | - | - |
    | P5 hostile | (none) | intake 1-12-2025 | ? | ? | ? | ? | ? | ? |

    Outcomes: P1 running, P2 ended early, P3 not started, P4 completed, P5 planned.
    """
    p1, m = intake(store, "Anouk Verbrugge", LINDE, date(2025, 3, 10))
    set_team(store, p1, "Woongroep Oost")
    set_factors(store, m, {INV: P, EXP: A, SUP: R, VAR: P, INF: P})
    decide(store, m, Decision.SUITABLE)
    m = store.new_evaluation(p1, day=date(2025, 6, 10))  # starts from the intake's statuses
    set_factors(store, m, {EXP: R, SUP: P})
    m = store.new_evaluation(p1, day=date(2026, 1, 15))
    set_factors(store, m, {EXP: P})

    p2, m = intake(store, "Bilal Achterberg", LINDE, date(2026, 2, 1))
    set_team(store, p2, "woongroep  oost")
    set_factors(store, m, {INV: A, VAR: P})
    decide(store, m, Decision.SUITABLE)
    set_status(store, p2, PlacementStatus.ENDED_EARLY)

    p3, m = intake(store, "Chantal Overdijk", "zorggroep de linde", date(2026, 3, 1))
    set_team(store, p3, DAYCARE)
    set_factors(store, m, {INV: P})
    decide(store, m, Decision.NOT_SUITABLE)

    p4, m = intake(store, "Dewi Kortenhoef", HOSTILE, date(2024, 11, 30))
    set_factors(store, m, dict.fromkeys(Factor, A))
    decide(store, m, Decision.SUITABLE)
    set_status(store, p4, PlacementStatus.COMPLETED)

    intake(store, "Esra Lindeboom", HOSTILE, date(2025, 12, 1))
    return store


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


def _tallies(q: Quality) -> dict[Factor, tuple[int, int, int]]:
    return {f: (t.present, t.absent, t.realisable) for f, t in q.factors.items()}


def _years(q: Quality) -> dict[int, dict[Factor, tuple[int, int, int]]]:
    return {
        year: {f: (t.present, t.absent, t.realisable) for f, t in factors.items()}
        for year, factors in q.years.items()
    }


def _outcomes(q: Quality) -> dict[str, int]:
    return {s.value: n for s, n in q.outcomes.items() if n}


def test_organisations_in_alphabetical_order(counted: Store) -> None:
    report = workplace_report(counted)
    assert [o.whole.name for o in report.organisations] == [HOSTILE, LINDE]
    assert report.made_on == date(2026, 11, 28)
    assert report.since is None


def test_figures_of_an_organisation_over_all_years(counted: Store) -> None:
    linde = workplace_report(counted).organisations[1].whole
    assert (linde.placements, linde.meetings) == (3, 5)
    assert _tallies(linde) == {
        INV: (4, 1, 0),
        EXP: (1, 1, 1),
        SUP: (2, 0, 1),
        VAR: (4, 0, 0),
        AUT: (0, 0, 0),
        INF: (3, 0, 0),
    }
    assert linde.overall == Tally(14, 2, 2)
    assert _outcomes(linde) == {"running": 1, "ended_early": 1, "not_started": 1}
    assert set(linde.outcomes) == set(PlacementStatus)


def test_figures_per_year(counted: Store) -> None:
    linde = workplace_report(counted).organisations[1].whole
    assert linde.meetings_per_year == {2025: 2, 2026: 3}
    assert _years(linde) == {
        2025: {
            INV: (2, 0, 0),
            EXP: (0, 1, 1),
            SUP: (1, 0, 1),
            VAR: (2, 0, 0),
            AUT: (0, 0, 0),
            INF: (2, 0, 0),
        },
        2026: {
            INV: (2, 1, 0),
            EXP: (1, 0, 0),
            SUP: (1, 0, 0),
            VAR: (2, 0, 0),
            AUT: (0, 0, 0),
            INF: (1, 0, 0),
        },
    }


def test_teams_typed_twice_are_one_team(counted: Store) -> None:
    teams = workplace_report(counted).organisations[1].teams
    assert [t.name for t in teams] == [DAYCARE, "Woongroep Oost"]
    daycare, oost = teams
    assert (oost.placements, oost.meetings) == (2, 4)
    assert _tallies(oost) == {
        INV: (3, 1, 0),
        EXP: (1, 1, 1),
        SUP: (2, 0, 1),
        VAR: (4, 0, 0),
        AUT: (0, 0, 0),
        INF: (3, 0, 0),
    }
    assert _outcomes(oost) == {"running": 1, "ended_early": 1}
    assert (daycare.placements, daycare.meetings) == (1, 1)
    assert _tallies(daycare)[INV] == (1, 0, 0)
    assert sum(t.total for t in daycare.factors.values()) == 1
    assert _outcomes(daycare) == {"not_started": 1}


def test_an_organisation_without_teams_and_a_meeting_with_nothing_discussed(
    counted: Store,
) -> None:
    hostile = workplace_report(counted).organisations[0]
    assert hostile.teams == ()
    q = hostile.whole
    assert (q.placements, q.meetings) == (2, 2)
    assert _tallies(q) == dict.fromkeys(Factor, (0, 1, 0))
    # 2025 had a meeting, but nothing in it was discussed: the year is there, with no counts.
    assert q.meetings_per_year == {2024: 1, 2025: 1}
    assert _years(q) == {
        2024: dict.fromkeys(Factor, (0, 1, 0)),
        2025: dict.fromkeys(Factor, (0, 0, 0)),
    }
    assert _outcomes(q) == {"completed": 1, "planned": 1}


def test_since_leaves_out_earlier_meetings_and_placements_without_a_later_one(
    counted: Store,
) -> None:
    report = workplace_report(counted, since=date(2025, 6, 1))
    assert report.since == date(2025, 6, 1)
    # P4 (2024) is out; P5 (1-12-2025) stays, with nothing discussed.
    hostile, linde = report.organisations
    assert (hostile.whole.placements, hostile.whole.meetings) == (1, 1)
    assert _outcomes(hostile.whole) == {"planned": 1}
    assert (linde.whole.placements, linde.whole.meetings) == (3, 4)
    assert _tallies(linde.whole) == {
        INV: (3, 1, 0),
        EXP: (1, 0, 1),
        SUP: (2, 0, 0),
        VAR: (3, 0, 0),
        AUT: (0, 0, 0),
        INF: (2, 0, 0),
    }
    assert workplace_report(counted, since=date(2027, 1, 1)).organisations == ()


def test_bars_are_ten_signs_in_proportion() -> None:
    assert bar(Tally(14, 2, 2)) == "++++++++-~"
    assert bar(Tally(1, 1, 1)) == "++++---~~~"
    assert bar(Tally(0, 6, 0)) == "----------"
    assert bar(Tally(2, 0, 1)) == "+++++++~~~"
    assert bar(Tally()) == "–"
    for tally in (Tally(1, 2, 3), Tally(7, 0, 5), Tally(33, 33, 34)):
        assert len(bar(tally)) == 10


# -- Markdown ------------------------------------------------------------------------------------


def test_the_report_has_one_title_and_a_heading_per_organisation_and_team(
    counted: Store,
) -> None:
    tokens = parse(render_workplace_report(workplace_report(counted), "nl"))
    found = headings(tokens)
    assert found[0] == ("h1", "Kwaliteit van de leerwerkplekken")
    assert [text for tag, text in found if tag == "h1"] == ["Kwaliteit van de leerwerkplekken"]
    h2 = [text for tag, text in found if tag == "h2"]
    assert h2 == ["Overzicht", HOSTILE, LINDE]
    assert [text for tag, text in found if tag == "h3" and text.startswith("Team")] == [
        f"Team: {DAYCARE}",
        "Team: Woongroep Oost",
    ]


def test_user_text_never_becomes_structure(counted: Store) -> None:
    tokens = parse(render_workplace_report(workplace_report(counted), "nl"))
    types = all_types(tokens)
    assert not types & {"link_open", "html_inline", "html_block", "em_open", "strong_open"}
    assert "s_open" not in types  # `~~` in a bar stays inside its code span


def test_tables_keep_their_cells(counted: Store) -> None:
    found = tables(parse(render_workplace_report(workplace_report(counted), "nl")))
    overview, *rest = found
    assert overview[0] == [
        "Organisatie",
        "Stages",
        "Gesprekken",
        "+ aanwezig",
        "- afwezig",
        "~ realiseerbaar",
        "Verdeling",
    ]
    assert overview[1][:3] == [HOSTILE, "2", "2"]
    assert overview[2] == [LINDE, "3", "5", "14 (78%)", "2 (11%)", "2 (11%)", "`++++++++-~`"]
    for table in found:
        assert len({len(row) for row in table}) == 1, table
    factor_tables = [t for t in rest if t[0][0] == "Factor"]
    # Linde as a whole: its first factor.
    linde = factor_tables[1]
    assert linde[1] == [
        "1. Betrokkenheid en invloed",
        "4 (80%)",
        "1 (20%)",
        "0 (0%)",
        "`++++++++--`",
    ]
    assert linde[5] == ["5. Taakautonomie", "0", "0", "0", "–"]


def test_the_per_year_table_and_the_outcomes(counted: Store) -> None:
    found = tables(parse(render_workplace_report(workplace_report(counted), "nl")))
    years = [t for t in found if t[0][0] == "Jaar"]
    linde = years[1]
    assert linde == [
        ["Jaar", "Gesprekken", "1", "2", "3", "4", "5", "6"],
        ["2025", "2", "+2 -0 ~0", "+0 -1 ~1", "+1 -0 ~1", "+2 -0 ~0", "–", "+2 -0 ~0"],
        ["2026", "3", "+2 -1 ~0", "+1 -0 ~0", "+1 -0 ~0", "+2 -0 ~0", "–", "+1 -0 ~0"],
    ]
    outcomes = [t for t in found if t[0][0] == "Afloop"]
    assert outcomes[1] == [
        ["Afloop", "Stages"],
        ["gepland", "0"],
        ["loopt", "1"],
        ["afgerond", "0"],
        ["vroeg gestopt", "1"],
        ["niet gestart", "1"],
    ]


def test_bars_are_code_spans_of_signs_only(counted: Store) -> None:
    codes = [
        child.content
        for token in parse(render_workplace_report(workplace_report(counted), "nl"))
        for child in token.children or ()
        if child.type == "code_inline"
    ]
    assert "++++++++-~" in codes
    assert all(len(code) == 10 and set(code) <= set("+-~") for code in codes)


def test_the_report_in_english_and_when_empty(store: Store) -> None:
    empty = render_workplace_report(workplace_report(store), "en")
    tokens = parse(empty)
    assert headings(tokens) == [("h1", "Quality of the learning workplaces")]
    emphasis = [t for t in tokens if t.type == "inline" and t.content.startswith("_")]
    assert [t.content for t in emphasis] == ["_No meetings in this period._"]
    assert tables(tokens) == []


def test_the_same_report_gives_the_same_bytes(counted: Store) -> None:
    first = render_workplace_report(workplace_report(counted), "nl")
    assert render_workplace_report(workplace_report(counted), "nl") == first
    report = WorkplaceReport(made_on=date(2026, 11, 28), since=date(2025, 1, 1))
    assert "vanaf 1 januari 2025" in render_workplace_report(report, "nl")
