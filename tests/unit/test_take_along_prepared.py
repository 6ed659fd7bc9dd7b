"""The parties' preparations go along with a placement taken to a laptop and come back with
it (`dossier_prepared`): recognised by their meeting and party, the newer view of a party
kept, nothing doubled, a signed meeting left alone; a dossier's preparation checked as
anything else in it. Names are invented."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from driehoek import importing, prepared, privacy
from driehoek.bringing_back import Brought
from driehoek.database import open_database
from driehoek.domain import Factor, FactorStatus, MeetingKind, Party
from driehoek.dossier_check import BadDossier
from driehoek.preparation import Preparation, PreparedFactor, Source
from driehoek.store import Store


class Clock:
    """A clock the test moves on."""

    def __init__(self) -> None:
        self.now = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def later(self, minutes: int = 10) -> None:
        self.now += timedelta(minutes=minutes)


@dataclass
class Trip:
    a: Store  # the school's database
    b: Store  # the laptop's
    clock: Clock
    intake_a: int
    intake_b: int
    student_a: int
    student_b: int


def _view(meeting_id: int, party: Party, status: FactorStatus, note: str) -> Preparation:
    factors = (PreparedFactor(Factor.AUTONOMY, status, note),)
    return Preparation(meeting_id, party, MeetingKind.INTAKE, factors=factors)


def _through_a_file(data: dict[str, Any]) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(json.dumps(data))
    return loaded


@pytest.fixture
def trip(tmp_path: Path) -> Iterator[Trip]:
    """An intake the workplace prepared at school, its placement taken to a laptop."""
    clock = Clock()
    a = Store(open_database(tmp_path / "school.db"), clock=clock, user="coordinator")
    intake = a.new_intake("Fenna Bosch", "Zorgboerderij Klaver", day=date(2027, 1, 11))
    prepared.save(a, _view(intake, Party.WORKPLACE, FactorStatus.PRESENT, "Ze plant zelf."))
    placement = a.meeting(intake).placement
    clock.later()
    b = Store(open_database(tmp_path / "laptop.db"), clock=clock, user="laptop")
    done = importing.import_dossier(
        b, _through_a_file(privacy.dossier(a, placement.student_id, placement.id))
    )
    assert isinstance(done, importing.Imported)
    intake_b = int(b.db.execute("SELECT id FROM meetings").fetchone()[0])
    yield Trip(a, b, clock, intake, intake_b, placement.student_id, done.student_id)
    a.close()
    b.close()


def _back(trip: Trip, *, dry_run: bool = False) -> Brought:
    data = privacy.dossier(trip.b, trip.student_b)
    done = importing.import_dossier(trip.a, _through_a_file(data), dry_run=dry_run)
    assert isinstance(done, Brought)
    return done


def _views(store: Store, meeting_id: int) -> dict[Party, tuple[FactorStatus, str, Source]]:
    return {
        p.party: (p.factor(Factor.AUTONOMY).status, p.factor(Factor.AUTONOMY).note, p.source)
        for p in store.meeting(meeting_id).preparations
    }


def test_the_preparations_go_along_to_the_laptop(trip: Trip) -> None:
    assert _views(trip.b, trip.intake_b) == {
        Party.WORKPLACE: (FactorStatus.PRESENT, "Ze plant zelf.", Source.FORM)
    }
    here, there = trip.a.meeting(trip.intake_a), trip.b.meeting(trip.intake_b)
    assert there.preparations[0].updated_at == here.preparations[0].updated_at
    assert there.preparations[0].updated_by == "coordinator"


def test_what_the_parties_prepared_on_the_laptop_comes_back_once(trip: Trip) -> None:
    trip.clock.later()
    prepared.save(trip.b, _view(trip.intake_b, Party.STUDENT, FactorStatus.ABSENT, "Ik vraag."))
    prepared.save(
        trip.b, _view(trip.intake_b, Party.WORKPLACE, FactorStatus.REALISABLE, "Na week 4.")
    )
    trial = _back(trip, dry_run=True)
    assert _views(trip.a, trip.intake_a)[Party.WORKPLACE][0] is FactorStatus.PRESENT  # dry run
    assert [(e.what, e.table) for e in trial.events] == [
        ("new", "preparations"),
        ("changed", "preparations"),
    ]
    done = _back(trip)
    assert [(e.what, e.table, e.meeting_id) for e in done.events] == [
        ("new", "preparations", trip.intake_a),
        ("changed", "preparations", trip.intake_a),
    ]
    assert _views(trip.a, trip.intake_a) == {
        Party.STUDENT: (FactorStatus.ABSENT, "Ik vraag.", Source.FORM),
        Party.WORKPLACE: (FactorStatus.REALISABLE, "Na week 4.", Source.FORM),
    }
    audited = trip.a.db.execute(
        "SELECT action FROM audit WHERE entity = 'preparations' AND meeting_id = ? ORDER BY id",
        [trip.intake_a],
    ).fetchall()
    assert [r[0] for r in audited] == ["create", "create", "change"]
    # The same dossier again: nothing to do.
    assert [e for e in _back(trip).events if e.table == "preparations"] == []


def test_a_newer_view_here_stays(trip: Trip) -> None:
    trip.clock.later()
    prepared.save(trip.b, _view(trip.intake_b, Party.WORKPLACE, FactorStatus.ABSENT, "Laptop."))
    trip.clock.later()
    prepared.save(trip.a, _view(trip.intake_a, Party.WORKPLACE, FactorStatus.PRESENT, "Later."))
    done = _back(trip)
    assert [e for e in done.events if e.table == "preparations"] == []
    assert _views(trip.a, trip.intake_a)[Party.WORKPLACE][1] == "Later."


def test_a_meeting_signed_here_takes_no_preparation_from_the_laptop(trip: Trip) -> None:
    for party, name in ((Party.STUDENT, "Fenna Bosch"), (Party.WORKPLACE, "Ria Kok"),
                        (Party.SCHOOL, "Ellen Bos")):  # fmt: skip
        trip.a.sign(trip.intake_a, party, name)
    trip.clock.later()
    prepared.save(trip.b, _view(trip.intake_b, Party.SCHOOL, FactorStatus.ABSENT, "Te laat."))
    done = _back(trip)
    assert [e for e in done.events if e.table == "preparations"] == []
    assert Party.SCHOOL not in _views(trip.a, trip.intake_a)


def _meeting_of(data: dict[str, Any]) -> dict[str, Any]:
    meeting: dict[str, Any] = data["placements"][0]["meetings"][0]
    return meeting


def test_a_dossiers_preparations_are_checked_like_the_rest_of_it(trip: Trip) -> None:
    data = _through_a_file(privacy.dossier(trip.b, trip.student_b))
    meeting = _meeting_of(data)
    view = meeting["preparations"][0]
    meeting["preparations"] = [
        view,
        {**view, "answers": {**view["answers"], "kind": "evaluation"}},
        {**view, "party": "teacher", "answers": {"kind": "intake", "factors": {"x": {}}}},
    ]
    with pytest.raises(BadDossier) as refused:
        importing.import_dossier(trip.a, data)
    places = {(p.place, p.what) for p in refused.value.problems}
    at = "placements[0].meetings[0].preparations"
    assert (f"{at}[2].party", "not_one_of") in places
    assert any(place.startswith(f"{at}[2].answers.factors") for place, _ in places)

    meeting["preparations"] = [view, {**view, "answers": {**view["answers"], "kind": "evaluation"}}]
    with pytest.raises(BadDossier) as refused:
        importing.import_dossier(trip.a, data)
    assert {(p.place, p.what) for p in refused.value.problems} == {
        (f"{at}[1]", "duplicate"),
        (f"{at}[1].answers.kind", "not_one_of"),
    }


def test_a_dossier_of_an_older_driehoek_has_no_preparations_and_is_read(trip: Trip) -> None:
    data = _through_a_file(privacy.dossier(trip.b, trip.student_b))
    del _meeting_of(data)["preparations"]
    done = importing.import_dossier(trip.a, data)
    assert isinstance(done, Brought)
    assert _views(trip.a, trip.intake_a) == {
        Party.WORKPLACE: (FactorStatus.PRESENT, "Ze plant zelf.", Source.FORM)
    }
