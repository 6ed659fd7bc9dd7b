"""Meetings nothing is written in: deleting one on request, and an evaluation left unwritten.

Starting an evaluation stores it at once, so that the first keys typed into it have rows to go
into (nothing typed is ever lost), and it counts for nothing until something is written in it
(`schedule`). Leaving a meeting this session started (an evaluation, or an intake with its
placement) while nothing is written in it removes it again, so opening it changed nothing. A
meeting may also be deleted by hand while nothing is written in it (an intake started by
mistake, an evaluation left behind by a session that was killed); one with content, or one a
party prepared (`driehoek prepare`), is never deleted this way. Nor is a meeting left behind
unwritten that a party's form or link was handed out for (`driehoek prepare`, also the intake
`prepare --placement` starts): the parties are filling it in, and their answers need it to come
back to. Deleting it by hand, asked first, stays possible (an intake started for the wrong
placement is undone so). Each check and its delete are
one statement under the write lock: a write from another session either lands first (and the
meeting stays) or finds it gone.

Like the store, this module speaks SQL; it writes through `Store.transaction()`, so the audit
trail's triggers see every row that goes, and the deletion by hand is recorded as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from driehoek.domain import MeetingKind
from driehoek.reading import NotFound
from driehoek.schedule import empty_sql
from driehoek.store import Store


class HasContent(Exception):
    """Something is written in the meeting: it is not deleted this way."""


@dataclass(frozen=True)
class Deleted:
    """What a deletion removed: the meeting, and for an intake started by mistake maybe its
    placement and student too."""

    meeting_id: int
    placement_id: int | None = None
    student_id: int | None = None


def _unprepared(meeting: str = "m") -> str:
    """No party prepared the meeting: a preparation is a party's own work, sent in for this
    meeting, and goes with it when it is deleted. (Not part of `schedule.empty_sql`: a
    prepared evaluation still counts for nothing in the planning until the table writes.)"""
    return f"NOT EXISTS (SELECT 1 FROM preparations WHERE meeting_id = {meeting}.id)"


def is_empty(store: Store, meeting_id: int) -> bool:
    """Whether nothing is written in the meeting (see `schedule.empty_sql`).

    Raises:
        NotFound: No such meeting.
    """
    row = store.db.execute(
        f"SELECT {empty_sql()} AND {_unprepared()} FROM meetings m WHERE m.id = ?", [meeting_id]
    ).fetchone()
    if row is None:
        raise NotFound(f"meeting {meeting_id}")
    return bool(row[0])


def delete_empty(store: Store, meeting_id: int) -> Deleted:
    """Delete a meeting nothing is written in, recorded in the audit trail as such.

    An intake started by mistake takes along the placement it made, if that has no other
    meeting and nothing was filled in for it, and the student, if she has no other placement
    and nothing was changed about her: undoing the start of an intake leaves nothing behind.
    A placement a school's list brought in was not made by its intake: it stays.

    Raises:
        NotFound: No such meeting.
        HasContent: Something is written in it.
    """
    with store.transaction():
        done = _delete(store, meeting_id)
        store.record("delete_empty", "meetings", meeting_id, meeting_id)
        return done


def _not_handed_out(meeting: str = "m") -> str:
    """No party's form was written for the meeting (`prepare_cli` records it in the audit
    trail as an export of the meeting) and no link made: nobody is filling it in."""
    return f"""NOT EXISTS (SELECT 1 FROM preparation_links WHERE meeting_id = {meeting}.id)
        AND NOT EXISTS (SELECT 1 FROM audit WHERE meeting_id = {meeting}.id
                        AND action = 'export' AND entity = 'meetings')"""


def leave(store: Store, meeting_id: int) -> Deleted | None:
    """The user leaves a meeting this session started (Ctrl+E, Ctrl+N) without writing
    anything in it: it is removed as `delete_empty` would, so opening it changed nothing;
    unless a party's form or link was handed out for it meanwhile.

    Returns:
        What was removed, or None when something is written in it, a form for it is out (or
        it is gone already).
    """
    with store.transaction():
        try:
            return _delete(store, meeting_id, keep_handed_out=True)
        except (HasContent, NotFound):
            return None


def _delete(store: Store, meeting_id: int, *, keep_handed_out: bool = False) -> Deleted:
    found = store.db.execute(
        "SELECT kind, placement_id FROM meetings WHERE id = ?", [meeting_id]
    ).fetchone()
    if found is None:
        raise NotFound(f"meeting {meeting_id}")
    kind, placement_id = found
    if kind == MeetingKind.INTAKE.value and _placement_written(store, placement_id):
        raise HasContent(meeting_id)  # the record was filled in (F4): the intake holds it
    if not _delete_if_empty(store, meeting_id, keep_handed_out=keep_handed_out):
        raise HasContent(meeting_id)
    if kind != MeetingKind.INTAKE.value:
        return Deleted(meeting_id)
    # Only a placement the intake made goes with it: one a school's list brought in (its
    # student has a number, which an intake's new student never has) was there before the
    # intake started, "gepland", and stays as it was.
    student_id = store.db.execute(
        """SELECT student_id FROM placements p WHERE id = ? AND version = 1
           AND NOT EXISTS (SELECT 1 FROM meetings WHERE placement_id = p.id)
           AND NOT EXISTS (SELECT 1 FROM students WHERE id = p.student_id
                           AND coalesce(student_number, '') != '')""",
        [placement_id],
    ).fetchone()
    if student_id is None:
        return Deleted(meeting_id)
    store.db.execute("DELETE FROM placements WHERE id = ?", [placement_id])
    gone = store.db.execute(
        """DELETE FROM students AS s WHERE id = ? AND version = 1
           AND NOT EXISTS (SELECT 1 FROM placements WHERE student_id = s.id)""",
        [student_id[0]],
    ).rowcount
    return Deleted(meeting_id, placement_id, student_id[0] if gone else None)


def _placement_written(store: Store, placement_id: int) -> bool:
    """Whether the intake's placement, or its student (if she has no other placement), was
    written in since the intake made them: then the intake is no empty start to undo."""
    row = store.db.execute(
        """SELECT p.version > 1 OR (s.version > 1 AND NOT EXISTS (SELECT 1 FROM placements
               WHERE student_id = s.id AND id != p.id))
           FROM placements p JOIN students s ON s.id = p.student_id WHERE p.id = ?""",
        [placement_id],
    ).fetchone()
    return bool(row and row[0])


def _delete_if_empty(store: Store, meeting_id: int, *, keep_handed_out: bool) -> bool:
    also = f" AND {_not_handed_out()}" if keep_handed_out else ""
    cursor = store.db.execute(
        f"DELETE FROM meetings AS m WHERE m.id = ? AND {empty_sql()} AND {_unprepared()}{also}",
        [meeting_id],
    )
    return cursor.rowcount == 1
