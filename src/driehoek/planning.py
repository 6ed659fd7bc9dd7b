"""Planning: which evaluations are due, the cadence per placement, and the calendar file.

A placement that is planned or running is due for its next evaluation on the date its latest
meeting that counts set (`next_evaluation`): by default the placement's start plus its cadence,
then every cadence, never after its end (`schedule`), and the table may move it by hand. An
evaluation nobody wrote in yet does not count (`schedule.counts_sql`): opening one changes
nothing. A placement that did not start (the intake said "not suitable"), that an evaluation
ended, or whose outcome is recorded (completed, ended early) has nothing due.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from driehoek import __version__
from driehoek.domain import Part, PlacementStatus, Ref
from driehoek.i18n import Catalogue, Lang
from driehoek.schedule import counts_sql, status_sql
from driehoek.store import Store
from driehoek.stored import day_sql, parse_day

CADENCES = range(1, 25)
"""The months between evaluations a placement may have (the schema checks the same)."""

# One row per placement: its latest meeting that counts is one step back in the
# (placement_id, date, kind, version) index (ties on a date go to the later id, as everywhere
# else; an evaluation still at its first version is looked at more closely, and skipped if
# nothing is written in it), so 100,000 meetings cost a scan of the placements and about one
# index probe each; `EXPLAIN QUERY PLAN` shows no temporary tables but the final sort.
_LATEST = """JOIN meetings m ON m.id = (SELECT id FROM meetings latest WHERE placement_id = p.id
                           AND {counts} ORDER BY date DESC, id DESC LIMIT 1)""".format(
    counts=counts_sql("latest")
)
_DUE_WHERE = """p.status IN ('planned', 'running')
      AND m.next_evaluation IS NOT NULL AND m.next_evaluation <= :until
      AND (m.decision IS NULL OR m.decision != 'not_suitable')
      AND (m.continuation IS NULL OR m.continuation != 'end')"""
_DUE = f"""
    SELECT p.id AS placement_id, s.name AS student, o.name AS organisation, p.team,
           m.id AS meeting_id, m.version AS meeting_version, m.next_evaluation AS due,
           {status_sql("p", ":today")} AS status
    FROM placements p
    {_LATEST}
    JOIN students s ON s.id = p.student_id
    JOIN organisations o ON o.id = p.organisation_id
    WHERE {_DUE_WHERE}
    ORDER BY m.next_evaluation, s.name COLLATE NOCASE, p.id
"""
# The same placements as `_DUE`, counted in SQL: the home screen's line needs two numbers, not
# every due placement's names (a date the file cannot read is left out there, and here).
_DUE_COUNTS = f"""
    SELECT coalesce(sum(due < :today), 0),
           coalesce(sum(due >= :today AND due <= :soon), 0)
    FROM (SELECT m.next_evaluation AS due FROM placements p {_LATEST} WHERE {_DUE_WHERE})
    WHERE {day_sql("due")}
"""
# The dates of a few placements only: the rows a list shows.
_DUE_OF = f"""
    SELECT p.id, m.next_evaluation
    FROM placements p
    {_LATEST}
    WHERE p.id IN (SELECT value FROM json_each(:ids)) AND {_DUE_WHERE}
"""


@dataclass(frozen=True)
class DueEvaluation:
    """A placement's next evaluation, due on a date (possibly past already)."""

    placement_id: int
    student: str
    organisation: str
    team: str
    due: date
    overdue: bool
    meeting_id: int
    """The placement's latest meeting: the one that set the date."""
    meeting_version: int = 1
    """That meeting's version: it grows whenever the meeting (and so maybe the date) changes."""
    status: PlacementStatus = PlacementStatus.RUNNING
    """The placement's status today: planned until its start date (`schedule`)."""


def due(store: Store, *, weeks: int = 4, today: date | None = None) -> list[DueEvaluation]:
    """The evaluations that are overdue or due within `weeks` weeks, soonest first.

    Args:
        store: The database.
        weeks: How far ahead to look; 0 gives the overdue ones and today's.
        today: The day to count from; the store's today (in the Netherlands) when not given.

    Returns:
        One entry per placement at most, ordered by date, then student, then placement.

    Raises:
        ValueError: `weeks` is negative.
    """
    if weeks < 0:
        raise ValueError("weeks must not be negative")
    today = today or store.today()
    until = today + timedelta(weeks=weeks)
    rows = store.conn.execute(
        _DUE, {"until": until.isoformat(), "today": today.isoformat()}
    ).fetchall()
    result = []
    for placement_id, student, organisation, team, meeting_id, version, day, status in rows:
        on = parse_day(day)
        if on is None:
            continue  # a date the file holds but cannot be read: `driehoek check` names it
        result.append(
            DueEvaluation(
                placement_id=placement_id,
                student=student,
                organisation=organisation,
                team=team,
                due=on,
                overdue=on < today,
                meeting_id=meeting_id,
                meeting_version=version,
                status=PlacementStatus(status),
            )
        )
    return result


def due_counts(store: Store, *, weeks: int, soon_days: int, today: date) -> tuple[int, int]:
    """How many of `due(store, weeks=weeks, today=today)` are overdue, and how many of the
    others are due within `soon_days` days; counted in SQL (`_DUE_COUNTS`)."""
    until = today + timedelta(weeks=weeks)
    soon = min(until, today + timedelta(days=soon_days))
    late, coming = store.conn.execute(
        _DUE_COUNTS,
        {"until": until.isoformat(), "today": today.isoformat(), "soon": soon.isoformat()},
    ).fetchone()
    return int(late), int(coming)


def due_days(
    store: Store, placement_ids: Sequence[int], *, weeks: int, today: date
) -> dict[int, date]:
    """The day each of these placements is due, for those `due(store, weeks=weeks,
    today=today)` has: the dates beside the rows a list shows, without the rest."""
    until = today + timedelta(weeks=weeks)
    rows = store.conn.execute(
        _DUE_OF, {"ids": json.dumps(list(placement_ids)), "until": until.isoformat()}
    ).fetchall()
    days = {placement_id: parse_day(day) for placement_id, day in rows}
    return {placement_id: day for placement_id, day in days.items() if day is not None}


def set_cadence(store: Store, placement_id: int, months: int, *, version: int | None = None) -> int:
    """Set how many months apart a placement's evaluations are.

    Every next date that is still the default of an unsigned meeting follows the new cadence
    (`Store.update_placement`), and the next evaluation that is started takes its date from
    it. A date set by hand stays, and so does one in signed minutes: the table agreed it; to
    move it, edit that meeting's next date.

    Args:
        store: The database.
        placement_id: The placement.
        months: 1 to 24.
        version: The placement's version as the user saw it; the current one when not given.

    Returns:
        The placement's new version.

    Raises:
        ValueError: `months` is outside 1 to 24.
        NotFound: No such placement.
        StaleEdit: Someone else changed the placement since `version`.
    """
    if months not in CADENCES:
        raise ValueError(f"a cadence is {CADENCES.start} to {CADENCES.stop - 1} months")
    if version is None:
        version = store.placement(placement_id).version
    return store.edit(Ref(Part.PLACEMENT, placement_id), version, {"cadence_months": months})


def calendar_uid(item: DueEvaluation) -> str:
    """The event's UID: the same for the same planned evaluation in every export, so a
    calendar program that imports the file again updates the event instead of adding it."""
    return f"evaluation-{item.placement_id}-after-{item.meeting_id}@driehoek"


def to_ical(items: Sequence[DueEvaluation], *, lang: Lang, now: datetime) -> bytes:
    """The planned evaluations as an iCalendar file: one all-day event each.

    Each event keeps its UID from export to export (`calendar_uid`), and its SEQUENCE is the
    version of the meeting that set the date, so a date moved since the last import counts as
    a newer edition of the same event.

    Args:
        items: What `due` returned.
        lang: The language of the summaries and descriptions.
        now: The time stamp of every event (DTSTAMP): the store's clock.

    Returns:
        The file's bytes (CRLF line ends, as RFC 5545 wants).
    """
    # Imported here: icalendar takes a tenth of a second to import, and the home screen (which
    # shows what is due) starts without it.
    from icalendar import Calendar, Event

    t = Catalogue(lang)
    stamp = now.astimezone(UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", f"-//driehoek//driehoek {__version__}//{lang.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", t("calendar.name"))
    for item in items:
        where = ", ".join(x for x in (item.organisation, item.team) if x.strip())
        event = Event()
        event.add("uid", calendar_uid(item))
        event.add("dtstamp", stamp)
        event.add("sequence", item.meeting_version)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
        event.add(
            "summary", t("calendar.summary", student=item.student, organisation=item.organisation)
        )
        event.add(
            "description", t("calendar.description", placement=item.placement_id, where=where)
        )
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
