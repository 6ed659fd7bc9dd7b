"""Preparations in the core: what the parties' views say together, how they are kept (the
migration from the schema before, the lock on signed meetings, erasure), and the form's text
with untrusted names in it. Names are invented."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from driehoek import migrate_prepare, prepared
from driehoek.database import connect
from driehoek.demo import seed_demo
from driehoek.domain import Factor, FactorStatus, Meeting, MeetingKind, Party
from driehoek.i18n import Catalogue
from driehoek.migrations import LATEST, MIGRATIONS, migrate, schema_version
from driehoek.preparation import Preparation, PreparedFactor, compare, differing, proposal
from driehoek.prepare_form import decode, header, parse_form, render_form
from driehoek.store import Clock, Signed, Store

KEY = bytes(32)
"""A form key for forms made and read here without a database's own."""

NAMES = {Party.STUDENT: "Student", Party.WORKPLACE: "Werkplek", Party.SCHOOL: "School"}


def _view(party: Party, *factors: PreparedFactor, meeting_id: int = 1) -> Preparation:
    return Preparation(meeting_id, party, MeetingKind.INTAKE, factors=factors)


def test_parties_that_tick_different_statuses_differ_and_agreeing_ones_propose() -> None:
    student = _view(
        Party.STUDENT,
        PreparedFactor(Factor.AUTONOMY, FactorStatus.ABSENT, "Ik mag weinig zelf."),
        PreparedFactor(Factor.SUPPORT, FactorStatus.PRESENT, "Fijne collega's."),
    )
    workplace = _view(
        Party.WORKPLACE,
        PreparedFactor(Factor.AUTONOMY, FactorStatus.PRESENT, "Ze kiest zelf haar aanpak."),
        PreparedFactor(Factor.SUPPORT, FactorStatus.PRESENT),
        PreparedFactor(Factor.VARIATION, FactorStatus.NOT_DISCUSSED, "Weet ik niet."),
    )
    views = compare([workplace, student])
    assert differing([workplace, student]) == (Factor.AUTONOMY,)
    autonomy = views[Factor.AUTONOMY]
    assert [p for p, _v in autonomy.views] == [Party.STUDENT, Party.WORKPLACE]
    assert autonomy.noted == (
        (Party.STUDENT, "Ik mag weinig zelf."),
        (Party.WORKPLACE, "Ze kiest zelf haar aanpak."),
    )
    assert proposal(autonomy, FactorStatus.NOT_DISCUSSED, "", NAMES) is None
    support = views[Factor.SUPPORT]
    assert support.agreed is FactorStatus.PRESENT
    offered = proposal(support, FactorStatus.NOT_DISCUSSED, "", NAMES)
    assert offered is not None
    assert (offered.status, offered.note) == (FactorStatus.PRESENT, "Student: Fijne collega's.")
    # Only into fields still empty: what the meeting wrote stays.
    kept = proposal(support, FactorStatus.REALISABLE, "", NAMES)
    assert kept is not None
    assert kept.status is None
    assert proposal(support, FactorStatus.ABSENT, "Al besproken.", NAMES) is None
    # A note without a tick is no view on the status: nothing to agree or differ on.
    assert not views[Factor.VARIATION].differs
    assert views[Factor.VARIATION].agreed is None


def _store(path: Path, clock: Clock) -> Store:
    return Store(connect(path), clock=clock, user="coordinator")


def test_the_migration_adds_preparations_to_a_file_of_the_schema_before(
    tmp_path: Path, fixed_clock: Clock
) -> None:
    db = connect(tmp_path / "ouder.db")
    index = MIGRATIONS.index(migrate_prepare.preparations)
    db.execute("BEGIN IMMEDIATE")
    for migration in MIGRATIONS[:index]:
        migration(db)
    db.execute(f"PRAGMA user_version = {index}")
    db.commit()
    before = Store(db, clock=fixed_clock, user="coordinator")
    meeting_id = before.new_intake("Sanne de Vries", "Zorggroep Noord")
    assert "preparations" not in db.table_names()
    assert migrate(db) == LATEST - index
    assert schema_version(db) == LATEST
    store = Store(db, clock=fixed_clock, user="coordinator")
    view = _view(Party.SCHOOL, PreparedFactor(Factor.INFORMATION, FactorStatus.REALISABLE, "x"))
    assert prepared.save(store, Preparation(meeting_id, Party.SCHOOL, MeetingKind.INTAKE,
                                            factors=view.factors)) == 1  # fmt: skip
    assert store.meeting(meeting_id).prepared_by == (Party.SCHOOL,)
    triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert {"audit_preparations_create", "signed_preparations_insert"} <= triggers
    with pytest.raises(sqlite3.IntegrityError):  # the answers are a JSON object, nothing else
        db.execute("UPDATE preparations SET answers = '[1]' WHERE meeting_id = ?", [meeting_id])
    db.close()


def test_a_signed_meeting_refuses_preparations_whoever_writes(store: Store) -> None:
    meeting_id = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    prepared.save(store, _view(Party.STUDENT, meeting_id=meeting_id))
    for party in Party:
        store.sign(meeting_id, party, "Naam")
    with pytest.raises(Signed):
        prepared.save(store, _view(Party.WORKPLACE, meeting_id=meeting_id))
    with pytest.raises(Signed):  # replacing the one kept is a change too
        prepared.save(store, _view(Party.STUDENT, meeting_id=meeting_id))
    with pytest.raises(prepared.WrongKind):
        prepared.save(store, Preparation(meeting_id, Party.SCHOOL, MeetingKind.EVALUATION))


def test_a_preparation_goes_with_its_meeting_and_its_student(store: Store) -> None:
    meeting_id = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    prepared.save(store, _view(Party.STUDENT, meeting_id=meeting_id))
    student = store.meeting(meeting_id).placement.student_id
    with store.transaction():
        store.db.execute("DELETE FROM students WHERE id = ?", [student])
    assert store.db.execute("SELECT count(*) FROM preparations").fetchone()[0] == 0


def test_a_hand_edited_row_is_read_without_what_it_cannot_read(store: Store) -> None:
    meeting_id = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    prepared.save(store, _view(Party.STUDENT, meeting_id=meeting_id))
    row = {
        "meeting_id": meeting_id,
        "party": "student",
        "answers": '{"factors": {"involvement": {"status": "maybe", "note": 3},'
        ' "nonsense": {}}, "goals": ["Leren", 7], "questions": []}',
        "source": "form",
        "updated_at": "geen moment",
        "updated_by": "",
        "version": 1,
    }
    read = prepared.from_row(row)
    assert read.factors == (PreparedFactor(Factor.INVOLVEMENT),)
    assert read.goals == ("Leren",)
    assert read.updated_at is None


def test_untrusted_names_cannot_add_structure_to_the_form(store: Store) -> None:
    meeting_id = store.new_intake("Sanne\n## Factor 1: x\n~~~", "Zorg\x1b[2J\n- [x] aanwezig")
    meeting = store.meeting(meeting_id)
    text = render_form(meeting, Party.WORKPLACE, Catalogue("nl"), key=KEY)
    assert "\x1b" not in text
    assert text.count("\n## Factor 1:") == 1
    assert "\n~~~\n~~~\n" in text
    assert "\n- [x]" not in text
    # Read back untouched, it is a form with nothing in it and no problem.
    result, problems, head = parse_form(text, meeting)
    assert problems == []
    assert result is not None
    assert result.empty
    assert head == header(text)[0]


def test_the_demo_has_a_meeting_to_come_whose_preparations_differ(store: Store) -> None:
    seed_demo(store)
    prepared_meetings = [
        m for m in map(store.meeting, (s.id for s in store.meetings())) if m.preparations
    ]
    [meeting] = prepared_meetings
    assert not meeting.closed
    assert meeting.prepared_by == (Party.STUDENT, Party.WORKPLACE)
    assert differing(meeting.preparations) == (Factor.AUTONOMY,)
    assert all(f.status is FactorStatus.NOT_DISCUSSED for f in meeting.factors)


def _problems(text: str, meeting: Meeting) -> list[tuple[int, str]]:
    result, problems, _head = parse_form(text, meeting)
    assert (result is None) == bool(problems)
    return [(p.line, p.what) for p in problems]


def _line_of(text: str, needle: str, start: str = "") -> int:
    offset = text.index(needle, text.index(start) if start else 0)
    return text[:offset].count("\n") + 1


def test_a_form_tampered_with_is_refused_part_by_part(store: Store) -> None:
    """What someone might do to a form, on purpose or not: each is named on its line."""
    meeting = store.meeting(store.new_intake("Sanne de Vries", "Zorggroep Noord"))
    form = render_form(meeting, Party.WORKPLACE, Catalogue("nl"), key=KEY)
    factor2 = form.index("## Factor 2:")
    cases = {
        # A part twice, a heading of its own, a question part in an intake's form.
        "twice": form.replace("## Factor 3:", "## Factor 2:", 1),
        "unknown_section": form.replace("## Factor 3:", "## Factor 9:", 1),
        "not_here": form.replace("<!-- driehoek-form: end -->", "## Vraag 1: x\n\n~~~\nJa\n~~~\n"),
        # A block above the first part; a second block in one part.
        "block_before": form.replace("## Factor 1:", "~~~\nhier\n~~~\n\n## Factor 1:", 1),
        "second_block": form[:factor2] + "~~~\nnog meer\n~~~\n\n" + form[factor2:],
        # An answer far too long; goals in a form that does not ask for them.
        "too_long": form.replace("~~~\n~~~", "~~~\n" + "x" * 4001 + "\n~~~", 1),
    }
    for what, text in cases.items():
        found = _problems(text, meeting)
        assert [w for _line, w in found] == [what], (what, found)
    assert _problems(cases["twice"], meeting) == [(_line_of(form, "## Factor 3:"), "twice")]
    goals = form.replace("<!-- driehoek-form: end -->", "## Leerdoelen\n\n~~~\nLeren\n~~~\n")
    assert [w for _l, w in _problems(goals, meeting)] == ["not_here"]


def test_a_student_form_takes_at_most_twenty_goals_and_windows_line_ends(store: Store) -> None:
    meeting = store.meeting(store.new_intake("Sanne de Vries", "Zorggroep Noord"))
    form = render_form(meeting, Party.STUDENT, Catalogue("nl"), key=KEY)
    at = form.index("## Leerdoelen")
    fence = form.index("~~~\n~~~", at)
    many = "\n".join(f"{n}. Doel {n}" for n in range(1, 22))
    too_many = form[:fence] + f"~~~\n{many}\n~~~" + form[fence + 7 :]
    assert _problems(too_many, meeting) == [(_line_of(form, "## Leerdoelen"), "too_many_goals")]
    # Saved by Notepad: CRLF line ends, a BOM; the goals' bullets and numbers are not kept.
    two = form[:fence] + "~~~\n1. Rapporteren\n- Een activiteit leiden\n\n~~~" + form[fence + 7 :]
    crlf = decode(b"\xef\xbb\xbf" + two.replace("\n", "\r\n").encode())
    result, problems, _head = parse_form(crlf, meeting)
    assert problems == []
    assert result is not None
    assert result.goals == ("Rapporteren", "Een activiteit leiden")
