"""Placements for the workplace report's tests, built as a coordinator would (names invented).

The tests live on 28 November 2026. `counted_fixture` builds, by hand:

| placement | team | signed meetings (the factors as each left them) | draft | outcome |
| --- | --- | --- | --- | --- |
| P1 Linde | Woongroep Oost | intake 10-3-2025 `+-~+?+` | | running |
| | | evaluations 10-6-2025 `+~++?+`, 15-1-2026 `++++?+` | | |
| P2 Linde | woongroep  oost | intake 1-2-2026 `-??+??` | eval. 1-5-2026 | ended early |
| P3 Linde | Dagbesteding (hostile) | intake 1-3-2026 `+?????`, not a good place | | not started |
| P4 hostile | (none) | intake 30-11-2024 `------` | | completed |
| P5 hostile | (none) | | intake 1-12-2025 | planned |

The pressures named, and room to make mistakes (`ROOM`), where a meeting records them:

| meeting | pressures | room for mistakes |
| --- | --- | --- |
| P1 intake | werkdruk | realisable |
| P1 evaluation 10-6-2025 | werkdruk, ziekteverzuim (carried on to the next) | realisable |
| P1 evaluation 15-1-2026 | (as carried) | present |
| P2 intake | personeelsverloop | not discussed |
| P2 draft evaluation | + agressieve cliënten (a draft: not counted) | absent |
| P4 intake | bezuinigingen, werkdruk | absent |
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from plan_data import decide, intake, set_factors, set_status, set_team

from driehoek.domain import Decision, Factor, FactorStatus, Party, PlacementStatus, Pressure
from driehoek.report import Quality
from driehoek.store import Store

P, A, R, N = (
    FactorStatus.PRESENT,
    FactorStatus.ABSENT,
    FactorStatus.REALISABLE,
    FactorStatus.NOT_DISCUSSED,
)
INV, EXP, SUP, VAR, AUT, INF = Factor
WORKLOAD, BUDGET_CUTS, STAFF_TURNOVER, AGGRESSIVE_CLIENTS, SICK_LEAVE = Pressure

LINDE = "Zorggroep De Linde"
HOSTILE = "Kinderopvang # Het | *Speelhuis* <b>x</b> [a](http://x.example)"
"""An organisation whose name tries to add a heading, a cell, emphasis, HTML and a link."""
DAYCARE = "Dagbesteding | *Zon*"


def sign(store: Store, meeting_id: int, parties: Iterable[Party] = tuple(Party)) -> None:
    """The parties sign the minutes (all three unless told otherwise)."""
    for party in parties:
        store.sign(meeting_id, party, f"Ondertekenaar {party.value}")


def tallies(q: Quality) -> dict[Factor, tuple[int, int, int, int]]:
    """Per factor: (present, realisable, absent, not discussed)."""
    return {f: (t.present, t.realisable, t.absent, t.not_discussed) for f, t in q.factors.items()}


def set_pressures(
    store: Store,
    meeting_id: int,
    pressures: Iterable[Pressure] | None = None,
    room: FactorStatus | None = None,
) -> None:
    """Tick the pressures named (all others unticked) and/or answer room for mistakes."""
    changes: dict[str, object] = {}
    if pressures is not None:
        changes["pressures"] = frozenset(pressures)
    if room is not None:
        changes["room_for_mistakes"] = room
    store.update_meeting(meeting_id, store.meeting(meeting_id).version, **changes)


def counted_fixture(store: Store) -> None:
    """Build the placements of the tables above."""
    p1, m = intake(store, "Anouk Verbrugge", LINDE, date(2025, 3, 10))
    set_team(store, p1, "Woongroep Oost")
    set_factors(store, m, {INV: P, EXP: A, SUP: R, VAR: P, INF: P})
    set_pressures(store, m, [WORKLOAD], R)
    decide(store, m, Decision.SUITABLE)
    sign(store, m)
    m = store.new_evaluation(p1, day=date(2025, 6, 10))  # starts from the intake's statuses
    set_factors(store, m, {EXP: R, SUP: P})
    set_pressures(store, m, [WORKLOAD, SICK_LEAVE])
    sign(store, m)
    m = store.new_evaluation(p1, day=date(2026, 1, 15))
    set_factors(store, m, {EXP: P})
    set_pressures(store, m, room=P)
    sign(store, m)

    p2, m = intake(store, "Bilal Achterberg", LINDE, date(2026, 2, 1))
    set_team(store, p2, "woongroep  oost")
    set_factors(store, m, {INV: A, VAR: P})
    set_pressures(store, m, [STAFF_TURNOVER])
    decide(store, m, Decision.SUITABLE)
    sign(store, m)
    m = store.new_evaluation(p2, day=date(2026, 5, 1))
    set_factors(store, m, {INV: P})
    set_pressures(store, m, [STAFF_TURNOVER, AGGRESSIVE_CLIENTS], A)
    set_status(store, p2, PlacementStatus.ENDED_EARLY)

    p3, m = intake(store, "Chantal Overdijk", "zorggroep de linde", date(2026, 3, 1))
    set_team(store, p3, DAYCARE)
    set_factors(store, m, {INV: P})
    decide(store, m, Decision.NOT_SUITABLE)
    sign(store, m)

    p4, m = intake(store, "Dewi Kortenhoef", HOSTILE, date(2024, 11, 30))
    set_factors(store, m, dict.fromkeys(Factor, A))
    set_pressures(store, m, [BUDGET_CUTS, WORKLOAD], A)
    decide(store, m, Decision.SUITABLE)
    sign(store, m)
    set_status(store, p4, PlacementStatus.COMPLETED)

    intake(store, "Esra Lindeboom", HOSTILE, date(2025, 12, 1))
