"""Placements with known dates, built through the store as a coordinator would (names invented).

The tests live on 28 November 2026 (`conftest.FIXED_NOW`). What is due then, worked out by hand:

| student | what happened | next evaluation |
| --- | --- | --- |
| Sem Rietveld | intake 1-8-2026, suitable | 1-11-2026: overdue |
| Jesse Warmink | intake 28-8-2026, suitable | 28-11-2026: today |
| Noor Veldkamp | intake 15-6-2026; cadence 1 month; evaluation 20-11-2026 | 20-12-2026 |
| Emma Ruiterberg | intake 1-2-2026 (next 1-5-2026); evaluation 2-11-2026 | 2-2-2027 |
| Lotte Hazelaar | intake 27-11-2026, no decision yet (planned) | 27-2-2027 |
| Iris Kalkhoven | intake 30-11-2026, no decision yet (planned) | 28-2-2027 (month end) |
| Daan Oosterbeek | intake 1-9-2026, not suitable | none |
| Fleur Brinkhorst | intake 1-5-2026; evaluation 1-8-2026 ends the placement | none |
| Bram Kooistra | intake 1-7-2026, suitable; placement completed | none |
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from driehoek.domain import Continuation, Decision, Factor, FactorStatus, Part, PlacementStatus, Ref
from driehoek.planning import set_cadence
from driehoek.store import Store

WITHIN_4_WEEKS = [
    ("Sem Rietveld", date(2026, 11, 1), True),
    ("Jesse Warmink", date(2026, 11, 28), False),
    ("Noor Veldkamp", date(2026, 12, 20), False),
]
"""(student, due, overdue) with the default four weeks, soonest first."""
WITHIN_14_WEEKS = [
    *WITHIN_4_WEEKS,
    ("Emma Ruiterberg", date(2027, 2, 2), False),
    ("Lotte Hazelaar", date(2027, 2, 27), False),
    ("Iris Kalkhoven", date(2027, 2, 28), False),
]
"""The same up to 6 March 2027."""


def decide(store: Store, meeting_id: int, decision: Decision) -> None:
    """Record an intake's decision (which moves the placement's status)."""
    m = store.meeting(meeting_id)
    store.update_meeting(meeting_id, m.version, decision=decision)


def conclude(store: Store, meeting_id: int, continuation: Continuation) -> None:
    """Record an evaluation's conclusion."""
    m = store.meeting(meeting_id)
    store.update_meeting(meeting_id, m.version, continuation=continuation)


def set_status(store: Store, placement_id: int, status: PlacementStatus) -> None:
    """Record a placement's outcome by hand."""
    p = store.placement(placement_id)
    store.edit(Ref(Part.PLACEMENT, placement_id), p.version, {"status": status.value})


def set_team(store: Store, placement_id: int, team: str) -> None:
    """Name the placement's team."""
    p = store.placement(placement_id)
    store.edit(Ref(Part.PLACEMENT, placement_id), p.version, {"team": team})


def set_factors(store: Store, meeting_id: int, statuses: Mapping[Factor, FactorStatus]) -> None:
    """Mark factors as the table concluded (the others keep what they had)."""
    m = store.meeting(meeting_id)
    for factor, status in statuses.items():
        store.update_factor(meeting_id, factor, m.factor(factor).version, status=status)


def held(store: Store, placement_id: int, day: date) -> int:
    """An evaluation held on `day`: started, and concluded to go on (an evaluation nobody
    wrote in counts for nothing: `schedule`)."""
    meeting_id = store.new_evaluation(placement_id, day=day)
    conclude(store, meeting_id, Continuation.CONTINUE)
    return meeting_id


def intake(store: Store, student: str, organisation: str, day: date) -> tuple[int, int]:
    """A new intake on `day`: (placement id, meeting id)."""
    meeting_id = store.new_intake(student, organisation, day=day)
    return store.meeting(meeting_id).placement.id, meeting_id


def known_dates(store: Store) -> dict[str, int]:
    """Build the placements of the module's table; returns each student's placement id."""
    wilgen, baken, zonnedauw = (
        "Zorggroep De Wilgen",
        "Stichting Het Baken",
        "Kinderopvang Zonnedauw",
    )
    ids: dict[str, int] = {}

    ids["Sem Rietveld"], m = intake(store, "Sem Rietveld", baken, date(2026, 8, 1))
    decide(store, m, Decision.SUITABLE)
    ids["Jesse Warmink"], m = intake(store, "Jesse Warmink", baken, date(2026, 8, 28))
    decide(store, m, Decision.SUITABLE_WITH_CONDITIONS)

    ids["Noor Veldkamp"], m = intake(store, "Noor Veldkamp", wilgen, date(2026, 6, 15))
    set_team(store, ids["Noor Veldkamp"], "Dagbesteding")
    decide(store, m, Decision.SUITABLE)
    set_cadence(store, ids["Noor Veldkamp"], 1)
    held(store, ids["Noor Veldkamp"], date(2026, 11, 20))

    ids["Emma Ruiterberg"], m = intake(store, "Emma Ruiterberg", wilgen, date(2026, 2, 1))
    decide(store, m, Decision.SUITABLE)
    held(store, ids["Emma Ruiterberg"], date(2026, 11, 2))

    ids["Lotte Hazelaar"], _ = intake(store, "Lotte Hazelaar", wilgen, date(2026, 11, 27))
    ids["Iris Kalkhoven"], _ = intake(store, "Iris Kalkhoven", wilgen, date(2026, 11, 30))

    ids["Daan Oosterbeek"], m = intake(store, "Daan Oosterbeek", zonnedauw, date(2026, 9, 1))
    decide(store, m, Decision.NOT_SUITABLE)

    ids["Fleur Brinkhorst"], m = intake(store, "Fleur Brinkhorst", baken, date(2026, 5, 1))
    decide(store, m, Decision.SUITABLE)
    evaluation = store.new_evaluation(ids["Fleur Brinkhorst"], day=date(2026, 8, 1))
    conclude(store, evaluation, Continuation.END)

    ids["Bram Kooistra"], m = intake(store, "Bram Kooistra", baken, date(2026, 7, 1))
    decide(store, m, Decision.SUITABLE)
    set_status(store, ids["Bram Kooistra"], PlacementStatus.COMPLETED)
    return ids
