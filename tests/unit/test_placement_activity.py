"""The home screen's search walks `placement_activity` newest first: the table stays equal to
a fresh count over the meetings whichever way meetings are written, and the list it gives is
the list the full computation gives, for any data and any letters typed, whether the matches
are walked or listed (`placement_list`)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from driehoek import drafts, importing, placement_list, privacy
from driehoek.database import open_database
from driehoek.demo import seed_demo
from driehoek.domain import Part, Ref
from driehoek.erasure import erase_student
from driehoek.maintenance import STALE_ACTIVITY_SQL, check
from driehoek.reading_lists import fts_prefix_query
from driehoek.schedule import counts_sql, status_sql
from driehoek.store import Clock, Store


def stale(store: Store) -> int:
    wrong: int = store.db.execute(STALE_ACTIVITY_SQL).fetchone()[0]
    return wrong


def reference(store: Store, search: str, limit: int) -> list[tuple[Any, ...]]:
    """The list as the search computed it before `placement_activity`: every matching
    placement's latest counting meeting worked out, sorted, the first `limit` kept."""
    query = fts_prefix_query(search)
    params: dict[str, object] = {"limit": limit, "today": store.today().isoformat()}
    where = ""
    if query:
        where = """WHERE p.id IN (
            SELECT pl.id FROM students_fts f JOIN placements pl ON pl.student_id = f.rowid
            WHERE students_fts MATCH :query
            UNION SELECT pl.id FROM organisations_fts f
            JOIN placements pl ON pl.organisation_id = f.rowid
            WHERE organisations_fts MATCH :query)"""
        params["query"] = query
    rows = store.db.execute(
        f"""WITH top AS (
                SELECT p.id, s.name AS student,
                       (SELECT max(date) FROM meetings m WHERE placement_id = p.id
                        AND {counts_sql()}) AS last_meeting
                FROM placements p JOIN students s ON s.id = p.student_id {where}
                ORDER BY last_meeting DESC, s.name COLLATE NOCASE, p.id LIMIT :limit)
            SELECT p.id, top.student, {status_sql("p", ":today")}, top.last_meeting,
                   (SELECT count(*) FROM meetings m WHERE placement_id = p.id
                    AND {counts_sql()})
            FROM top JOIN placements p ON p.id = top.id
            ORDER BY top.last_meeting DESC, top.student COLLATE NOCASE, p.id""",
        params,
    ).fetchall()
    return [tuple(r) for r in rows]


def listed(store: Store, search: str, limit: int) -> list[tuple[Any, ...]]:
    return [
        (
            p.id,
            p.student,
            str(p.status),
            p.last_meeting.isoformat() if p.last_meeting else None,
            p.meetings,
        )
        for p in store.placements(search, limit=limit)
    ]


# -- every way a meeting is written keeps the table right ---------------------------------------


def test_every_path_that_writes_meetings_keeps_the_table_right(
    tmp_path: Path, fixed_clock: Clock
) -> None:
    a = Store(open_database(tmp_path / "school.db"), clock=fixed_clock, user="coordinator")
    seed_demo(a)
    assert stale(a) == 0
    placement = a.placements()[0]

    opened = a.new_evaluation(placement.id, day=date(2027, 3, 1))
    assert stale(a) == 0
    assert drafts.leave(a, opened) is not None  # nothing written: it goes
    assert stale(a) == 0
    evaluation = a.new_evaluation(placement.id, day=date(2027, 3, 1))
    version = a.meeting(evaluation).version
    a.edit(Ref(Part.MEETING, evaluation), version, {"date": "2027-03-08"})
    assert stale(a) == 0

    # Taken along to a laptop, an evaluation added there, brought back.
    intake = a.new_intake("Fenna Bosch", "Zorgboerderij Klaver", day=date(2027, 1, 11))
    taken = a.meeting(intake).placement
    b = Store(open_database(tmp_path / "laptop.db"), clock=fixed_clock, user="laptop")
    importing.import_dossier(b, json.loads(json.dumps(privacy.dossier(a, taken.student_id))))
    assert stale(b) == 0
    on_laptop = b.db.execute("SELECT id FROM placements").fetchone()[0]
    later = b.new_evaluation(on_laptop, day=date(2027, 4, 12))
    b.edit(Ref(Part.MEETING, later), b.meeting(later).version, {"location": "Op de boerderij"})
    student_b = b.meeting(later).placement.student_id
    back = json.loads(json.dumps(privacy.dossier(b, student_b)))
    importing.import_dossier(a, back)
    assert stale(a) == 0
    assert a.placements("fenna")[0].last_meeting == date(2027, 4, 12)

    # Erasing a student takes her placements' rows along.
    erase_student(a, taken.student_id)
    assert stale(a) == 0
    left = a.db.execute(
        "SELECT count(*) FROM placement_activity WHERE placement_id NOT IN "
        "(SELECT id FROM placements)"
    ).fetchone()[0]
    assert left == 0
    findings = {f.check: f.ok for f in check(a.db)}
    assert findings["activity"] is True
    a.db.close()
    b.db.close()


def test_check_names_a_table_out_of_step(tmp_path: Path, fixed_clock: Clock) -> None:
    store = Store(open_database(tmp_path / "x.db"), clock=fixed_clock, user="coordinator")
    store.new_intake("Joris Valkenier", "Dagbesteding De Vlonder", day=date(2026, 9, 1))
    store.db.execute("UPDATE placement_activity SET last_date = '2020-01-01'")
    store.db.commit()

    finding = next(f for f in check(store.db) if f.check == "activity")
    assert (finding.ok, finding.detail) == (False, "1")
    store.db.close()


# -- the list is the full computation's, for any data ------------------------------------------

NAMES = ["Anouk de Vries", "anouk Bakker", "Bram Vos", "Daan de Wit", "Noa Dijkstra", "Sem Vos"]
ORGANISATIONS = ["Buurthuis De Kern", "Zorgboerderij Klaver", "Speeltuin De Wilg"]
DAYS = [f"2026-{month:02d}-{day:02d}" for month in (1, 3, 6) for day in (1, 15)]

meeting = st.tuples(
    st.sampled_from(["intake", "evaluation"]),
    st.sampled_from(DAYS),
    st.sampled_from([True, False, False]),  # something written in it
)
placement = st.tuples(
    st.sampled_from(NAMES), st.sampled_from(ORGANISATIONS), st.lists(meeting, max_size=4)
)


CHOSEN = placement_list._plan


def walking(conn: sqlite3.Connection, query: str, fetch: int) -> tuple[str, int, int]:
    """The walk from a first step of one placement: it has to go on, or turn to the list."""
    return placement_list._WALK, 1, CHOSEN(conn, query, fetch)[2]


def listing(conn: sqlite3.Connection, query: str, fetch: int) -> tuple[str, int, int]:
    """Every match listed and sorted, however many the letters find."""
    return placement_list._SORTED, 0, CHOSEN(conn, query, fetch)[2]


WAYS = {"chosen": CHOSEN, "walk": walking, "list": listing}


@pytest.fixture(autouse=True)
def usual_slack() -> Iterator[None]:
    yield
    placement_list.FETCH_SLACK = 10
    placement_list._plan = CHOSEN


@pytest.fixture(scope="module")
def empty_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("activity") / "leeg.db"
    open_database(path).close()
    return path


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    placements=st.lists(placement, max_size=40),
    search=st.sampled_from(["", "a", "an", "anouk", "vos", "de", "kern", "b", "zzz"]),
    limit=st.integers(min_value=0, max_value=6),
    moved=st.booleans(),
    slack=st.sampled_from([0, 10]),
    way=st.sampled_from(list(WAYS)),
)
def test_the_list_is_the_full_computations(
    empty_file: Path,
    tmp_path: Path,
    fixed_clock: Clock,
    placements: list[tuple[str, str, list[tuple[str, str, bool]]]],
    search: str,
    limit: int,
    moved: bool,
    slack: int,
    way: str,
) -> None:
    placement_list.FETCH_SLACK = slack  # 0: the walk goes on from a short first step
    placement_list._plan = WAYS[way]  # typed letters: walked or listed, the same list
    path = tmp_path / "gevuld.db"
    for leftover in (path, path.with_name("gevuld.db-wal"), path.with_name("gevuld.db-shm")):
        leftover.unlink(missing_ok=True)  # the example before's (one tmp_path for them all)
    shutil.copy(empty_file, path)  # with its mode: readable by this account alone
    store = Store(open_database(path), clock=fixed_clock, user="coordinator")
    db = store.db
    stamp = {"updated_at": "2026-11-28T10:30:00+00:00", "updated_by": "test"}
    with store.transaction():
        for student, organisation, meetings in placements:
            student_id = db.execute(
                "INSERT INTO students (name, updated_at) VALUES (?, ?)",
                [student, stamp["updated_at"]],
            ).lastrowid
            db.execute(
                "INSERT OR IGNORE INTO organisations (name, updated_at) VALUES (?, ?)",
                [organisation, stamp["updated_at"]],
            )
            organisation_id = db.execute(
                "SELECT id FROM organisations WHERE name = ?", [organisation]
            ).fetchone()[0]
            placement_id = db.execute(
                "INSERT INTO placements (student_id, organisation_id, updated_at) VALUES (?, ?, ?)",
                [student_id, organisation_id, stamp["updated_at"]],
            ).lastrowid
            for kind, day, written in meetings:
                db.execute(
                    "INSERT INTO meetings (placement_id, kind, date, version, updated_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [placement_id, kind, day, 2 if written else 1, stamp["updated_at"]],
                )
        if moved:  # a day changed and a meeting removed afterwards, as the app may
            db.execute("UPDATE meetings SET date = '2026-12-01' WHERE id % 3 = 0")
            db.execute("DELETE FROM meetings WHERE id % 5 = 0")

    assert stale(store) == 0
    assert listed(store, search, limit) == reference(store, search, limit)
    db.close()
