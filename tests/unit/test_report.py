"""The workplace report's counting: only signed meetings, each placement once by its latest
signed state, and quarter by quarter as the placements' states were at each quarter's end."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pytest
from plan_data import decide, intake, set_factors, set_status
from report_data import (
    AGGRESSIVE_CLIENTS,
    BUDGET_CUTS,
    SICK_LEAVE,
    STAFF_TURNOVER,
    WORKLOAD,
    A,
    P,
    R,
    counted_fixture,
    set_pressures,
    sign,
    tallies,
)

from driehoek.domain import (
    Continuation,
    Decision,
    Factor,
    FactorStatus,
    Party,
    PlacementStatus,
    Pressure,
)
from driehoek.report import OrganisationQuality, Quality, Quarter, Tally, workplace_report
from driehoek.report_markdown import bar, share
from driehoek.store import Store

INV, EXP, SUP, VAR, AUT, INF = Factor
ORG = "Zorggroep De Beukenhof"


def whole(store: Store, name: str = ORG, **kwargs: date) -> Quality:
    report = workplace_report(store, **kwargs)
    return next(o for o in report.organisations if o.whole.name == name).whole


def periods(q: Quality, factor: Factor) -> dict[str, tuple[int, int, int, int]]:
    """Per quarter, one factor: (present, realisable, absent, not discussed)."""
    return {
        p.quarter.key: (
            p.factors[factor].present,
            p.factors[factor].realisable,
            p.factors[factor].absent,
            p.factors[factor].not_discussed,
        )
        for p in q.periods
    }


def evaluation(
    store: Store, placement: int, day: date, statuses: Mapping[Factor, FactorStatus]
) -> int:
    m = store.new_evaluation(placement, day=day)
    set_factors(store, m, statuses)
    return m


# -- drafts and weights ------------------------------------------------------------------------


def test_drafts_do_not_count(store: Store) -> None:
    placement, m = intake(store, "Aylin Dekker", ORG, date(2026, 2, 2))
    set_factors(store, m, dict.fromkeys(Factor, A))
    decide(store, m, Decision.SUITABLE)
    sign(store, m)
    # A later evaluation finds everything present, but only two of the three signed it.
    e = evaluation(store, placement, date(2026, 5, 4), dict.fromkeys(Factor, P))
    sign(store, e, (Party.STUDENT, Party.SCHOOL))
    # And a placement whose intake nobody signed.
    _, m2 = intake(store, "Bas Mulder", ORG, date(2026, 3, 1))
    set_factors(store, m2, dict.fromkeys(Factor, P))

    q = whole(store)
    assert (q.placements, q.counted, q.signed_meetings, q.drafts) == (2, 1, 1, 2)
    assert tallies(q) == dict.fromkeys(Factor, (0, 0, 1, 0))
    assert {p.quarter.key for p in q.periods} == {"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"}
    assert all(p.placements == 1 for p in q.periods)
    assert set(periods(q, SUP).values()) == {(0, 0, 1, 0)}
    # Once the third party signs, the evaluation counts: the placement's latest state.
    sign(store, e, (Party.WORKPLACE,))
    assert tallies(whole(store)) == dict.fromkeys(Factor, (1, 0, 0, 0))


def test_a_placement_with_four_signed_evaluations_weighs_once(store: Store) -> None:
    long, m = intake(store, "Chloë Vermeer", ORG, date(2025, 9, 1))
    set_factors(store, m, dict.fromkeys(Factor, P))
    decide(store, m, Decision.SUITABLE)
    sign(store, m)
    for day in (date(2025, 12, 1), date(2026, 3, 2), date(2026, 6, 1), date(2026, 9, 1)):
        sign(store, evaluation(store, long, day, {}))  # nothing changed: still all present
    _, m = intake(store, "Daan Smit", ORG, date(2026, 9, 15))
    set_factors(store, m, dict.fromkeys(Factor, A))
    decide(store, m, Decision.SUITABLE)
    sign(store, m)

    q = whole(store)
    assert (q.placements, q.counted, q.signed_meetings) == (2, 2, 6)
    # One placement present, one absent: half and half, however many meetings each had.
    assert tallies(q) == dict.fromkeys(Factor, (1, 0, 1, 0))
    assert q.overall == Tally(present=6, absent=6)


def test_the_latest_signed_state_is_the_last_by_date_not_by_entry(store: Store) -> None:
    placement, m = intake(store, "Emre Kaya", ORG, date(2026, 1, 10))
    set_factors(store, m, {SUP: A})
    decide(store, m, Decision.SUITABLE)
    sign(store, m)
    later = evaluation(store, placement, date(2026, 7, 1), {SUP: P})
    earlier = evaluation(store, placement, date(2026, 4, 1), {SUP: R})
    sign(store, later)
    sign(store, earlier)
    q = whole(store)
    assert q.factors[SUP] == Tally(present=1)
    assert periods(q, SUP) == {
        "2026-Q1": (0, 0, 1, 0),
        "2026-Q2": (0, 1, 0, 0),
        "2026-Q3": (1, 0, 0, 0),
        "2026-Q4": (1, 0, 0, 0),
    }


# -- over time ---------------------------------------------------------------------------------


@pytest.fixture
def developing(store: Store) -> Store:
    """One workplace over a year, by hand (the tests live on 28 November 2026):

    | placement | signed meetings: support (factor 3) | outcome | counts in |
    | --- | --- | --- | --- |
    | Fenna | intake 3-11-2025 -; 2-2-2026 ~; 4-5-2026 +; draft 3-8-2026 - | running | 25Q4-26Q4 |
    | Gijs | intake 1-4-2026 ~; eval 1-7-2026 + | completed, end 31-8-2026 | 26Q2-26Q3 |
    | Hanna | intake 5-1-2026 -; eval 2-3-2026 - (ends it) | ended early | 26Q1 |
    | Ilse | intake 10-5-2026 - (not a good place for her) | not started | 26Q2 |
    """
    fenna, m = intake(store, "Fenna Bos", ORG, date(2025, 11, 3))
    set_factors(store, m, {SUP: A, INV: P})
    decide(store, m, Decision.SUITABLE)
    sign(store, m)
    sign(store, evaluation(store, fenna, date(2026, 2, 2), {SUP: R}))
    sign(store, evaluation(store, fenna, date(2026, 5, 4), {SUP: P}))
    evaluation(store, fenna, date(2026, 8, 3), {SUP: A})  # a draft: never counts

    gijs, m = intake(store, "Gijs Brouwer", ORG, date(2026, 4, 1))
    set_factors(store, m, {SUP: R, INV: P})
    decide(store, m, Decision.SUITABLE)
    sign(store, m)
    sign(store, evaluation(store, gijs, date(2026, 7, 1), {SUP: P}))
    p = store.placement(gijs)
    store.update_placement(gijs, p.version, end=date(2026, 8, 31))
    set_status(store, gijs, PlacementStatus.COMPLETED)

    hanna, m = intake(store, "Hanna de Groot", ORG, date(2026, 1, 5))
    set_factors(store, m, {SUP: A})
    decide(store, m, Decision.SUITABLE)
    sign(store, m)
    e = evaluation(store, hanna, date(2026, 3, 2), {})
    s = store.meeting(e)
    store.update_meeting(e, s.version, continuation=Continuation.END, decision_reasons="Te zwaar.")
    sign(store, e)
    p = store.placement(hanna)
    store.update_placement(hanna, p.version, end=date(2026, 12, 31))  # the plan, no longer true

    _, m = intake(store, "Ilse Jansen", ORG, date(2026, 5, 10))
    set_factors(store, m, {SUP: A})
    decide(store, m, Decision.NOT_SUITABLE)
    sign(store, m)
    return store


def test_the_series_follows_each_placements_latest_signed_state(developing: Store) -> None:
    q = whole(developing)
    assert [p.quarter.key for p in q.periods] == [
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]
    assert [p.placements for p in q.periods] == [1, 2, 3, 2, 1]
    assert periods(q, SUP) == {
        "2025-Q4": (0, 0, 1, 0),  # Fenna's intake
        "2026-Q1": (0, 1, 1, 0),  # Fenna ~ (February); Hanna - (ended in March)
        "2026-Q2": (1, 1, 1, 0),  # Fenna + (May), Gijs ~ (his + came in July), Ilse -
        "2026-Q3": (2, 0, 0, 0),  # Fenna + (the August draft does not count), Gijs +
        "2026-Q4": (1, 0, 0, 0),  # Fenna; Gijs completed in August
    }


def test_an_organisation_with_no_signed_meeting(store: Store) -> None:
    _, m = intake(store, "Jesse Vos", "Kinderopvang De Vlinder", date(2026, 10, 1))
    set_factors(store, m, dict.fromkeys(Factor, P))
    decide(store, m, Decision.SUITABLE)
    sign(store, m, (Party.STUDENT, Party.WORKPLACE))
    q = whole(store, "Kinderopvang De Vlinder")
    assert (q.placements, q.counted, q.signed_meetings, q.drafts) == (1, 0, 0, 1)
    assert q.periods == ()
    assert tallies(q) == dict.fromkeys(Factor, (0, 0, 0, 0))
    assert {s.value: n for s, n in q.outcomes.items() if n} == {"running": 1}
    assert q.pressures == dict.fromkeys(Pressure, 0)
    assert q.mistakes == Tally()


# -- the fixture shared with the formats -------------------------------------------------------


def test_figures_of_an_organisation_and_its_teams(store: Store) -> None:
    counted_fixture(store)
    report = workplace_report(store)
    hostile, linde = report.organisations
    assert isinstance(linde, OrganisationQuality)
    q = linde.whole
    assert (q.placements, q.counted, q.signed_meetings, q.drafts) == (3, 3, 5, 1)
    # P1 by its evaluation of 15-1-2026 (the intake and the evaluation before it left out).
    assert tallies(q) == {
        INV: (2, 0, 1, 0),
        EXP: (1, 0, 0, 2),
        SUP: (1, 0, 0, 2),
        VAR: (2, 0, 0, 1),
        AUT: (0, 0, 0, 3),
        INF: (1, 0, 0, 2),
    }
    assert [t.name for t in linde.teams] == ["Dagbesteding | *Zon*", "Woongroep Oost"]
    daycare, oost = linde.teams
    assert (oost.placements, oost.counted, oost.signed_meetings, oost.drafts) == (2, 2, 4, 1)
    assert tallies(daycare)[INV] == (1, 0, 0, 0)
    assert {s.value: n for s, n in oost.outcomes.items() if n} == {"running": 1, "ended_early": 1}
    assert hostile.teams == ()
    assert (hostile.whole.placements, hostile.whole.counted) == (2, 1)


def test_pressures_count_like_the_factors(store: Store) -> None:
    """Each placement once, by its latest signed meeting: P1's intake named only werkdruk,
    its evaluations carried werkdruk and ziekteverzuim on; P2's draft evaluation, which added
    agressieve cliënten, does not count; P3 named none."""
    counted_fixture(store)
    hostile, linde = workplace_report(store).organisations
    q = linde.whole
    assert q.pressures == {
        WORKLOAD: 1,
        BUDGET_CUTS: 0,
        STAFF_TURNOVER: 1,
        AGGRESSIVE_CLIENTS: 0,
        SICK_LEAVE: 1,
    }
    assert list(q.pressures) == list(Pressure)  # the article's order, every one
    # Room to make mistakes: P1 present at its last evaluation; P2 and P3 never discussed.
    assert q.mistakes == Tally(present=1, not_discussed=2)
    daycare, oost = linde.teams
    assert sum(daycare.pressures.values()) == 0
    assert oost.pressures[STAFF_TURNOVER] == 1
    assert hostile.whole.pressures[BUDGET_CUTS] == 1
    assert hostile.whole.mistakes == Tally(absent=1)
    # Quarter by quarter, as the factors: P1 named werkdruk alone until its June evaluation.
    by_quarter = {p.quarter.key: p for p in linde.whole.periods}
    assert by_quarter["2025-Q1"].pressures[SICK_LEAVE] == 0
    assert by_quarter["2025-Q1"].pressures[WORKLOAD] == 1
    assert by_quarter["2025-Q2"].pressures[SICK_LEAVE] == 1
    assert by_quarter["2025-Q2"].mistakes == Tally(realisable=1)
    assert by_quarter["2026-Q1"].mistakes == Tally(present=1, not_discussed=2)


def test_an_unsigned_meetings_pressures_never_count(store: Store) -> None:
    _, m = intake(store, "Fenna Bos", ORG, date(2026, 9, 1))
    set_pressures(store, m, list(Pressure), A)
    sign(store, m, (Party.STUDENT, Party.WORKPLACE))
    q = whole(store)
    assert q.pressures == dict.fromkeys(Pressure, 0)
    assert q.mistakes == Tally()
    sign(store, m, (Party.SCHOOL,))
    q = whole(store)
    assert q.pressures == dict.fromkeys(Pressure, 1)
    assert q.mistakes == Tally(absent=1)


def test_since_leaves_out_earlier_meetings(store: Store) -> None:
    counted_fixture(store)
    report = workplace_report(store, since=date(2025, 6, 1))
    assert report.since == date(2025, 6, 1)
    hostile, linde = report.organisations
    # The hostile organisation's signed intake (2024) is out; its draft of 2025 stays.
    assert (hostile.whole.placements, hostile.whole.counted) == (1, 0)
    assert linde.whole.periods[0].quarter == Quarter(2025, 2)
    assert workplace_report(store, since=date(2027, 1, 1)).organisations == ()


# -- building blocks ---------------------------------------------------------------------------


def test_quarters() -> None:
    assert Quarter.of(date(2026, 3, 31)) == Quarter(2026, 1)
    assert Quarter.of(date(2026, 4, 1)) == Quarter(2026, 2)
    q4 = Quarter(2025, 4)
    assert (q4.start, q4.end, q4.key) == (date(2025, 10, 1), date(2025, 12, 31), "2025-Q4")
    assert q4.next() == Quarter(2026, 1)
    assert Quarter(2026, 1).end == date(2026, 3, 31)
    assert Quarter(2024, 1).end == date(2024, 3, 31)


def test_tallies() -> None:
    assert Tally(1, 2, 3, 4).total == 10
    assert Tally(1, 0, 0, 0) + Tally(0, 1, 1, 1) == Tally(1, 1, 1, 1)


def test_bars_have_a_sign_per_placement_until_they_are_full() -> None:
    assert bar(Tally(present=2, realisable=1, absent=1)) == "++~-"
    assert bar(Tally(absent=1, not_discussed=2), width=6) == "-??"
    assert bar(Tally()) == ""
    assert bar(Tally(present=14, realisable=2, absent=2)) == "++++++++~-"
    assert bar(Tally(1, 1, 1), width=2) == "+~"
    for tally in (Tally(1, 2, 3, 4), Tally(7, 0, 5), Tally(33, 33, 34)):
        assert len(bar(tally)) == 10
        assert len(bar(tally, width=6)) == 6


def test_shares_are_always_ten_signs_in_proportion() -> None:
    assert share(Tally(absent=6)) == "----------"
    assert share(Tally(present=7, absent=1, not_discussed=10)) == "++++-?????"
    assert share(Tally(1, 1, 1)) == "++++~~~---"
    assert share(Tally()) == ""
