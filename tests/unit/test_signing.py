"""Signed means signed in the core, drafts marked in every export, and the log between meetings:
the store and the schema refuse writes to minutes all three signed; reopening asks a reason,
withdraws the sign-offs, is in the audit trail and in the minutes with what changed; every
export of a meeting not signed by all three says CONCEPT/DRAFT in its title and first line;
`driehoek list` shows each meeting's state. All names are invented."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from cli_run import run
from sample_meetings import filled_meeting

from bad_rows import at_version, plain_connection, stand_ins_for_newer_tables
from driehoek import asides, logbook, signing
from driehoek.database import open_database
from driehoek.demo import seed_demo
from driehoek.domain import Disposition, Part, Party, Pressure, Ref
from driehoek.domain_log import LogKind, MeetingState
from driehoek.dossier import export_text
from driehoek.migrate_signed import signed_and_between
from driehoek.migrations import LATEST, MIGRATIONS, schema_version
from driehoek.minutes import render_minutes
from driehoek.store import Clock, Signed, Store

REASON = "Het besluit was verkeerd overgenomen."


def test_the_store_refuses_every_write_to_signed_minutes(store: Store) -> None:
    m = filled_meeting(store)
    assert m.closed
    assert m.state is MeetingState.SIGNED
    goal, agreement = m.goals[0], m.agreements[0]
    for write in (
        lambda: store.update_goal(goal.id, goal.version, "Anders"),
        lambda: store.update_agreement(agreement.id, agreement.version, text="Anders"),
        lambda: store.update_meeting(m.id, m.version, learning_note="Anders"),
        lambda: store.add_goal(m.id),
        lambda: store.add_agreement(m.id),
        lambda: store.delete("goals", goal.id),
        lambda: store.unsign(m.id, Party.SCHOOL),
        lambda: store.sign(m.id, Party.SCHOOL, "Iemand anders"),
    ):
        with pytest.raises(Signed):
            write()
    assert store.meeting(m.id) == m


def test_the_schema_refuses_a_hand_edit_of_signed_minutes(
    tmp_path: Path, fixed_clock: Clock
) -> None:
    path = tmp_path / "school.db"
    db = open_database(path)
    m = filled_meeting(Store(db, clock=fixed_clock, user="tester"))
    db.close()
    conn = plain_connection(path)
    try:
        for sql in (
            "UPDATE agreements SET text = 'Anders' WHERE meeting_id = ?",
            "DELETE FROM goals WHERE meeting_id = ?",
            "UPDATE meetings SET decision = 'not_suitable' WHERE id = ?",
            "INSERT INTO goals (meeting_id, text, updated_at) VALUES (?, 'x', '2026-11-28T10:30')",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="signed by all three"), conn:
                conn.execute(sql, [m.id])
    finally:
        conn.close()


def test_reopening_asks_a_reason_withdraws_the_sign_offs_and_tells_what_changed(
    store: Store,
) -> None:
    m = filled_meeting(store)
    with pytest.raises(ValueError, match="reason"):
        signing.reopen(store, m.id, "  ")
    assert store.meeting(m.id).closed
    signing.reopen(store, m.id, REASON)
    m = store.meeting(m.id)
    assert (m.sign_offs, m.state) == ((), MeetingState.REOPENED)
    with pytest.raises(signing.NotClosed):
        signing.reopen(store, m.id, REASON)  # nothing left to reopen
    version = store.update_meeting(m.id, m.version, learning_note="Leert vooral door te doen.")
    version = store.update_meeting(m.id, version, pressures={Pressure.WORKLOAD})
    store.update_meeting(m.id, version, location="Teamkamer")
    goal = store.add_goal(m.id)
    store.update_goal(goal.id, goal.version, "Een overdracht zelf schrijven")
    minutes = render_minutes(store.meeting(m.id), "nl")
    assert minutes.startswith("# CONCEPT – Verslag startgesprek: Jasmijn van Oostveen\n")
    assert f"Heropend op 28 november 2026 door tester: {REASON}" in minutes
    assert "Gewijzigd sinds het akkoord van 28 november 2026:" in minutes
    assert "- Toelichting bij het leren: gewijzigd" in minutes
    assert "- Druk op de werkplek: gewijzigd" in minutes  # the workplace step's pressures
    assert "- Plaats van het gesprek: gewijzigd" in minutes  # and the minutes' header
    assert "- Leerdoel toegevoegd: ‘Een overdracht zelf schrijven’" in minutes
    # Signed again: final, the reopening still in the minutes.
    for person in store.meeting(m.id).participants:
        store.sign(m.id, person.party, person.name)
    m = store.meeting(m.id)
    assert m.state is MeetingState.SIGNED
    minutes = render_minutes(m, "nl")
    assert minutes.startswith("# Verslag startgesprek")
    assert f"door tester: {REASON}" in minutes
    actions = [
        row[0]
        for row in store.db.execute(
            "SELECT action FROM audit WHERE meeting_id = ? AND action = 'reopen'", [m.id]
        )
    ]
    assert actions == ["reopen"]


@pytest.mark.parametrize(("lang", "mark"), [("nl", "CONCEPT"), ("en", "DRAFT")])
def test_every_export_of_a_draft_says_so_in_its_title_and_first_line(
    store: Store, lang: str, mark: str
) -> None:
    m = filled_meeting(store)
    for fmt in ("md", "html", "json"):
        assert mark not in export_text(m, lang, fmt).splitlines()[0]  # type: ignore[arg-type]
    signing.reopen(store, m.id, REASON)
    m = store.meeting(m.id)
    md = export_text(m, lang, "md")  # type: ignore[arg-type]
    assert md.splitlines()[0].startswith(f"# {mark} – ")
    html = export_text(m, lang, "html")  # type: ignore[arg-type]
    assert f"<title>{mark} – " in html
    assert f"<h1>{mark} – " in html
    data = json.loads(export_text(m, lang, "json"))  # type: ignore[arg-type]
    assert next(iter(data)) == "title"
    assert data["title"].startswith(f"{mark} – ")
    assert data["state"] == "reopened"


def test_list_shows_each_meetings_state(
    tmp_path: Path, fixed_clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.db"
    db = open_database(path)
    seed_demo(Store(db, clock=fixed_clock, user="tester"))
    db.close()
    code, out, err = run(capsys, "list", "--db", str(path))
    assert (code, err) == (0, "")
    assert states(out, len("kwartaalevaluatie"), len("ondertekend")) == {
        "concept",
        "ondertekend",
        "heropend",
    }
    code, out, _ = run(capsys, "list", "--json", "--db", str(path))
    assert {m["state"] for m in json.loads(out)} == {"draft", "signed", "reopened"}
    code, out, _ = run(capsys, "--lang", "en", "list", "--db", str(path))
    assert states(out, len("quarterly evaluation"), len("reopened")) == {
        "draft",
        "signed",
        "reopened",
    }


def states(out: str, kind: int, width: int) -> set[str]:
    """The state column of `driehoek list`: after the id, the date and the kind (each column
    as wide as its longest word), so the student's name starts in one column on every line."""
    start = 5 + 2 + 10 + 2 + kind + 2
    lines = out.splitlines()
    assert all(line[start + width : start + width + 2] == "  " for line in lines), out
    assert all(line[start + width + 2] != " " for line in lines), out
    return {line[start : start + width].strip() for line in lines}


def test_the_log_waits_for_the_next_evaluation_which_starts_from_it(store: Store) -> None:
    m = filled_meeting(store)
    placement_id = m.placement.id
    with pytest.raises(ValueError, match="text"):
        logbook.add(store, placement_id, LogKind.NOTE, date(2026, 12, 1), " ")
    note = logbook.add(store, placement_id, LogKind.NOTE, date(2026, 12, 1), "Gebeld.")
    agreement = m.agreements[0]
    kept = logbook.add(
        store, placement_id, LogKind.KEPT, date(2026, 12, 3), agreement_id=agreement.id
    )
    with pytest.raises(logbook.AlreadyKept):
        logbook.add(store, placement_id, LogKind.KEPT, date(2026, 12, 4), agreement_id=agreement.id)
    assert store.meeting(m.id) == m  # the signed intake is untouched
    assert [e.meeting_id for e in logbook.waiting(store.db, placement_id)] == [None, None]
    evaluation = store.meeting(store.new_evaluation(placement_id, day=date(2027, 2, 1)))
    assert [e.id for e in evaluation.between] == [note.id, kept.id]
    review = next(r for r in evaluation.reviews if r.agreement.id == agreement.id)
    assert review.disposition is Disposition.DONE
    minutes = render_minutes(evaluation, "nl")
    assert "## Tussen de gesprekken" in minutes
    assert "1-12-2026, notitie: Gebeld." in minutes
    assert "(logboek: 3-12-2026)" in minutes
    assert logbook.waiting(store.db, placement_id) == []


def test_minutes_signed_before_the_upgrade_are_locked_and_can_be_reopened(
    tmp_path: Path, fixed_clock: Clock
) -> None:
    """A file of the driehoek before this migration, with an intake all three signed: after
    the upgrade it is locked, and reopening it keeps what they signed (the minutes as they
    stand: nothing could change them in between)."""
    path = tmp_path / "oud.db"
    db = at_version(path, MIGRATIONS.index(signed_and_between))
    stand_ins_for_newer_tables(db)
    m = filled_meeting(Store(db, clock=fixed_clock, user="oud"))
    db.close()
    db = open_database(path)
    try:
        assert schema_version(db) == LATEST
        store = Store(db, clock=fixed_clock, user="tester")
        assert store.meeting(m.id).closed
        assert store.meeting(m.id).signed_versions == ()  # the old file kept none
        with pytest.raises(Signed):
            store.update_goal(m.goals[0].id, m.goals[0].version, "Anders")
        signing.reopen(store, m.id, REASON)
        reopened = store.meeting(m.id)
        assert [v.reopened for v in reopened.signed_versions] == [True]
        assert "Niets gewijzigd sinds het akkoord van 28 november 2026." in render_minutes(
            reopened, "nl"
        )
    finally:
        db.close()


def test_an_edit_typed_as_the_minutes_were_signed_elsewhere_is_kept_aside(store: Store) -> None:
    """A coordinator typed on while another session took the third sign-off: what she typed is
    not lost, and the signed minutes do not change (it is kept aside, under History)."""
    m = filled_meeting(store)
    goal = m.goals[0]
    ref = Ref(Part.GOAL, goal.id)
    outcome = asides.edit_or_set_aside(store, m.id, ref, goal.version, {"text": "Later getypt"})
    assert isinstance(outcome, asides.Kept)
    assert store.meeting(m.id) == m
    [kept] = asides.set_aside_versions(store, m.id)
    assert kept.values["text"] == "Later getypt"
