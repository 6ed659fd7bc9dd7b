"""The home screen's placement list: the placements with the most recent activity first,
optionally only those a few typed letters find, and the light rows it is built from.

It runs on every pause in the home screen's search, on files of a million meetings, so it
touches as little as it can (bench/findings.md, figures 6 and 11 have the figures):

- The order is each placement's latest meeting that counts (`schedule.counts_sql`), then the
  student's name, then the id. `placement_activity` keeps each placement's latest meeting of
  any kind, an upper bound of that day, with an index on it: the placements are found in
  that order and only the first few hundred are looked at closely (`candidates`).
- With letters typed, the full-text match is either probed while walking that index (a
  broad match: one letter finds thousands, and the walk stops after a few hundred), or listed
  and sorted by the kept day (a narrow match: a name finds a few, which a walk would have to
  look for through the whole table). A short first walk measures how often the letters match,
  and from that the cheaper of the two is chosen; both give the same placements.
- The columns shown are fetched for the `limit` placements kept, and Python builds one light
  row per placement (`PlacementSummary`) whose values are cleaned and read into their domain
  types when a screen asks for them: the home screen shows some twenty of them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from typing import Any

from driehoek.domain import Pathway, PlacementStatus
from driehoek.rows import Values
from driehoek.schedule import counts_sql, status_sql
from driehoek.text import clean_text

FETCH_SLACK = 10
"""Placements the walk takes beyond a quarter more than it keeps, at first: enough that it
almost never has to walk on (tests set it to 0 to make it walk)."""

_MATCH = """(p.student_id IN (SELECT rowid FROM students_fts WHERE students_fts MATCH :query)
    OR p.organisation_id IN (
        SELECT rowid FROM organisations_fts WHERE organisations_fts MATCH :query))"""
"""The typed letters find the placement: a student's name or number, or an organisation's
name (the full-text lists are made once per statement and probed per placement)."""

_MATCHED = """SELECT pl.id FROM students_fts f JOIN placements pl ON pl.student_id = f.rowid
    WHERE students_fts MATCH :query
    UNION SELECT pl.id FROM organisations_fts f
    JOIN placements pl ON pl.organisation_id = f.rowid
    WHERE organisations_fts MATCH :query"""
"""Every placement the typed letters find, listed from the full-text indexes."""

_COUNTED = f"""(SELECT date FROM meetings m WHERE placement_id = {{id}} AND {counts_sql()}
    ORDER BY date DESC LIMIT 1)"""
"""The placement's latest meeting that counts: from its newest meeting back, most often one
step (the same as `max(date)` over the meetings that count)."""

_SHOWN = f"""SELECT seen.id, seen.last_date, {_COUNTED.format(id="seen.id")},
        s.name, o.name, p.team, p.programme, p.pathway, {status_sql("p", ":today")}
    FROM seen JOIN placements p ON p.id = seen.id JOIN students s ON s.id = p.student_id
    JOIN organisations o ON o.id = p.organisation_id"""
"""For each placement `seen`: its kept day, its latest meeting that counts, what is shown."""

_NEWEST = f"{_SHOWN} ORDER BY seen.last_date DESC, seen.id DESC"

_WALK_ALL = f"""WITH seen AS MATERIALIZED (
        SELECT placement_id AS id, last_date FROM placement_activity
        WHERE last_date IS NOT NULL ORDER BY last_date DESC, placement_id DESC LIMIT :fetch)
    {_NEWEST}"""
"""The `fetch` placements with the latest meetings, nothing typed."""

_WALK = f"""WITH walk AS (
        SELECT placement_id, last_date FROM placement_activity
        WHERE last_date IS NOT NULL ORDER BY last_date DESC, placement_id DESC LIMIT :steps),
    seen AS MATERIALIZED (
        SELECT w.placement_id AS id, w.last_date FROM walk w
        JOIN placements p ON p.id = w.placement_id WHERE {_MATCH}
        ORDER BY w.last_date DESC, w.placement_id DESC LIMIT :fetch)
    {_NEWEST}"""
"""The first `fetch` matches among the `steps` placements with the latest meetings."""

_SORTED = f"""WITH seen AS MATERIALIZED (
        SELECT a.placement_id AS id, a.last_date FROM placement_activity a
        WHERE a.placement_id IN ({_MATCHED}) AND a.last_date IS NOT NULL
        ORDER BY a.last_date DESC, a.placement_id DESC LIMIT :fetch)
    {_NEWEST}"""
"""The `fetch` matches with the latest meetings, every match looked at."""

_NEVER_MET = f"""WITH seen AS MATERIALIZED (
        SELECT p.id, NULL AS last_date FROM placements p JOIN students s ON s.id = p.student_id
        WHERE {{where}} NOT EXISTS (SELECT 1 FROM placement_activity a
                                    WHERE a.placement_id = p.id AND a.last_date IS NOT NULL)
        ORDER BY s.name COLLATE NOCASE, p.id LIMIT :limit)
    {_SHOWN}"""
"""The first `limit` placements without a meeting, by name: after every other one."""

_COUNT = f"SELECT count(*) FROM meetings m WHERE placement_id = ? AND {counts_sql()}"

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
"""SQLite's NOCASE: only A to Z fold; every other character compares as it is."""


def placements(
    conn: sqlite3.Connection, query: str | None, *, limit: int, today: date
) -> list[PlacementSummary]:
    """The placements with the latest meetings that count first (see the module docstring).

    Args:
        conn: The store's connection.
        query: An FTS5 query (`reading_lists.fts_prefix_query`), or None for every placement.
        limit: At most this many.
        today: The day whose status is shown (planned until the start).
    """
    rows = candidates(conn, query, limit, today)
    # The order SQL would give for `ORDER BY counted DESC, name COLLATE NOCASE, id`: stable
    # sorts, the last key first (NULL after every day, as SQLite puts it in DESC).
    rows.sort(key=lambda r: (r[3].translate(_ASCII_LOWER), r[0]))
    rows.sort(key=lambda r: (r[2] is not None, r[2] or ""), reverse=True)

    def count(placement_id: int) -> int:
        return int(conn.execute(_COUNT, [placement_id]).fetchone()[0])

    return [PlacementSummary((*r[:1], *r[3:], r[2]), count) for r in rows[:limit]]


def candidates(
    conn: sqlite3.Connection, query: str | None, limit: int, today: date
) -> list[tuple[Any, ...]]:
    """The placements among which the `limit` first are, each as its id, its kept day, its
    latest meeting that counts (None without one), and the columns shown (`_SHOWN`).

    `placement_activity` keeps each placement's latest meeting of any kind, an upper bound of
    its latest meeting that counts (`migrate_activity` says why). Taking the matches with the
    latest kept days first, those taken hold the `limit` first as soon as `limit` of them have
    a counting meeting later than the kept day of any match not taken; until then more are
    taken, four times as many each time. When every match with a meeting has been taken, the
    rest come after them by name: the first `limit` of those without a meeting are candidates.
    """
    fetch = max(1, limit * 5 // 4 + FETCH_SLACK)
    params: dict[str, object] = {"today": today.isoformat()}
    if query is not None:
        params["query"] = query
    sql, steps = _WALK_ALL, fetch
    size = 0  # about how many placements have a meeting: the walk's end
    if query is not None:
        sql, steps, size = _plan(conn, query, fetch)
    while True:
        rows = conn.execute(sql, {**params, "fetch": fetch, "steps": steps}).fetchall()
        if len(rows) == fetch:
            counted = sorted((row[2] for row in rows if row[2] is not None), reverse=True)
            boundary = rows[-1][1]  # no placement not taken has a later day kept
            if len(counted) >= limit and (limit == 0 or counted[limit - 1] > boundary):
                return rows
            fetch *= 4
            steps *= 4
            continue
        if sql is _WALK and steps < size:
            # The walk ended at its bound: walk on as far as the matches seen say it must,
            # unless listing every match (about as many as the letters find) costs less.
            needed = fetch * steps / len(rows) if rows else float("inf")
            if needed > len(rows) * size / steps:
                sql = _SORTED
            else:
                steps = int(needed * 1.5) + 1
            continue
        # Every match with a meeting is among `rows`: the others, by name, come last.
        where = f"p.id IN ({_MATCHED}) AND" if query else ""
        never_met = conn.execute(_NEVER_MET.format(where=where), {**params, "limit": limit})
        return rows + never_met.fetchall()


_ESTIMATE = """SELECT (SELECT coalesce(max(placement_id), 0) FROM placement_activity),
    (SELECT count(*) FROM students_fts WHERE students_fts MATCH :query),
    (SELECT count(*) FROM organisations_fts WHERE organisations_fts MATCH :query),
    (SELECT coalesce(max(id), 0) FROM students), (SELECT coalesce(max(id), 0) FROM organisations),
    (SELECT coalesce(max(id), 0) FROM placements)"""
"""What the choice between walking and listing rests on: about how many placements have a
meeting, how many students and organisations the letters find, and about how many students,
organisations and placements there are (the largest ids: no table is counted)."""


def _plan(conn: sqlite3.Connection, query: str, fetch: int) -> tuple[str, int, int]:
    """How to take the first `fetch` matches: walking the kept days, probing each placement,
    or listing every match and sorting it. Walking takes about `fetch` / (the share that
    matches) steps, listing about as many steps as there are matches; the full-text index
    counts the students and organisations found at little cost (it lists them anyway), and
    each brings its share of the placements. Returns the query, the walk's bound and the
    number of placements with a meeting (about)."""
    size, students, organisations, all_students, all_organisations, all_placements = conn.execute(
        _ESTIMATE, {"query": query}
    ).fetchone()
    matches = all_placements * (
        students / max(1, all_students) + organisations / max(1, all_organisations)
    )
    if matches * matches <= fetch * size:  # few enough to list: fewer than a walk's steps
        return _SORTED, 0, int(size)
    # Twice the steps the matches say, so that the walk seldom has to go on.
    return _WALK, int(2 * fetch * size / matches) + 1, int(size)


class PlacementSummary:
    """One line of the placement list on the home screen.

    The row is kept as SQLite gave it; each value is cleaned (`text.clean_text`: the file may
    hold what another tool wrote) or read into its domain type when it is asked for, and the
    number of meetings that count is counted then (the home screen does not show it). A
    search keeps a few hundred placements and a screen shows some twenty: reading them all up
    front took as long as the query itself (bench/findings.md, figure 6).
    """

    __slots__ = ("_count", "_meetings", "_read", "_row")

    def __init__(self, row: tuple[Any, ...], count: Callable[[int], int]) -> None:
        self._row = row
        """id, student, organisation, team, programme, pathway, status, last meeting."""
        self._count = count
        self._meetings: int | None = None
        self._read: tuple[Pathway, PlacementStatus, date | None, tuple[str, ...]] | None = None

    @property
    def id(self) -> int:
        """The placement's id."""
        return int(self._row[0])

    @property
    def student(self) -> str:
        """The student's name."""
        return _text(self._row[1])

    @property
    def organisation(self) -> str:
        """The organisation's name."""
        return _text(self._row[2])

    @property
    def team(self) -> str:
        """The team or location at the organisation."""
        return _text(self._row[3])

    @property
    def programme(self) -> str:
        """The student's programme."""
        return _text(self._row[4])

    @property
    def pathway(self) -> Pathway:
        """BOL or BBL (BOL, and named in `invalid`, for a value not known)."""
        return self._values()[0]

    @property
    def status(self) -> PlacementStatus:
        """Today's status (planned until the start)."""
        return self._values()[1]

    @property
    def last_meeting(self) -> date | None:
        """The day of the latest meeting that counts; None without one."""
        return self._values()[2]

    @property
    def meetings(self) -> int:
        """How many meetings count: counted in the store when first asked for."""
        if self._meetings is None:
            self._meetings = self._count(self.id)
        return self._meetings

    @property
    def invalid(self) -> tuple[str, ...]:
        """As `Placement.invalid`, for the values listed here."""
        return self._values()[3]

    def _values(self) -> tuple[Pathway, PlacementStatus, date | None, tuple[str, ...]]:
        if self._read is None:
            r, v = self._row, Values()
            self._read = (
                v.choice(Pathway, r[5], "pathway", Pathway.BOL),
                v.choice(PlacementStatus, r[6], "status", PlacementStatus.PLANNED),
                v.day(r[7], "last_meeting"),
                v.invalid(),
            )
        return self._read

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PlacementSummary):
            return NotImplemented
        return self._row == other._row

    def __hash__(self) -> int:
        return hash(self._row)

    def __repr__(self) -> str:
        return (
            f"PlacementSummary(id={self.id}, student={self.student!r}, "
            f"organisation={self.organisation!r}, status={self.status.value!r}, "
            f"last_meeting={self.last_meeting})"
        )


def _text(value: object) -> str:
    # The tables are STRICT: a text column holds text, or NULL where it may be empty.
    return "" if value is None else clean_text(str(value))
