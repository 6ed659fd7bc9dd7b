"""Reading never falls over on one bad row: a file that an older driehoek let a bad dossier
into (migrated as a user's upgrade does it), and a file edited by hand past the schema's
checks, still open; every command works, the bad value shows as invalid where it appears, and
`driehoek check` names each one by table and id."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from cli_run import run

from bad_rows import NOW, OTHER, STUDENT, OldFile, old_file, past_the_lock, plain_connection
from driehoek import planning, privacy, signing
from driehoek.database import open_database
from driehoek.domain import UNKNOWN_DAY, Factor, FactorStatus, MeetingKind, Party
from driehoek.dossier import placement_markdown
from driehoek.maintenance import check
from driehoek.minutes import render_minutes
from driehoek.report import workplace_report
from driehoek.store import Store


@pytest.fixture
def upgraded(tmp_path: Path) -> OldFile:
    """The old file with bad rows, opened once by this driehoek (which migrates it)."""
    old = old_file(tmp_path / "school.db")
    open_database(old.path).close()
    return old


def test_list_shows_the_meeting_with_an_invalid_date(
    capsys: pytest.CaptureFixture[str], upgraded: OldFile
) -> None:
    code, out, err = run(capsys, "list", "--db", str(upgraded.path))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 3
    bad = next(line for line in lines if line.split()[0] == str(upgraded.intake))
    assert "ongeldige datum" in bad
    assert STUDENT in bad
    assert any(OTHER in line and "2026-10-01" in line for line in lines)

    code, out, _ = run(capsys, "list", "--json", "--db", str(upgraded.path))
    meeting = next(m for m in json.loads(out) if m["id"] == upgraded.intake)
    assert (meeting["date"], meeting["invalid"]) == (None, ["date"])
    assert all("invalid" not in m for m in json.loads(out) if m["id"] != upgraded.intake)


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_every_export_works_and_says_what_is_invalid(
    capsys: pytest.CaptureFixture[str], upgraded: OldFile, tmp_path: Path, fmt: str
) -> None:
    db = ["--db", str(upgraded.path)]
    for meeting in (upgraded.intake, upgraded.evaluation, upgraded.other_meeting):
        code, out, err = run(capsys, "export", str(meeting), "--format", fmt, *db)
        assert (code, err) == (0, ""), err
        if meeting == upgraded.intake:
            if fmt == "json":
                data = json.loads(out)
                assert data["date"] is None
                # The due date that was set aside is empty now, not unreadable.
                assert data["invalid"] == ["date", "learning_ways", "sign_offs 3: signed_at"]
            else:
                assert "ongeldige datum" in out
    if fmt != "json":
        code, _, err = run(capsys, "export", "--all", "--dir", str(tmp_path), "--format", fmt, *db)
        assert (code, err.count("\n")) == (0, 1), err
        assert len(list(tmp_path.glob(f"*.{fmt}"))) == 3  # the invalid one too
        code, out, err = run(capsys, "export", "--placement", "1", "--format", fmt, *db)
        assert (code, err) == (0, ""), err


def test_the_students_dossier_holds_what_was_set_aside(
    capsys: pytest.CaptureFixture[str], upgraded: OldFile
) -> None:
    code, out, err = run(
        capsys, "export", "--student", STUDENT, "--format", "json", "--db", str(upgraded.path)
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert {(s["entity"], s["column"], s["value"]) for s in data["unreadable_values"]} == {
        ("placements", "end", "<script>"),
        ("meetings", "date", "2026-13-45"),
        ("meetings", "next_evaluation", "2027-6-1"),
        ("agreements", "due", "2026-02-30"),
        ("sign_offs", "signed_at", "gisteren"),
    }


def test_check_names_each_row_it_cannot_read(
    capsys: pytest.CaptureFixture[str], upgraded: OldFile
) -> None:
    code, out, err = run(capsys, "check", "--db", str(upgraded.path))
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[-4] == "PROBLEEM waarden die driehoek kan lezen (3)"
    set_aside = "leeg; bij het bijwerken van driehoek apart gezet"
    assert [line.strip() for line in lines[-3:]] == [
        f'meetings {upgraded.intake}, date: {set_aside}: "2026-13-45"',
        f'sign_offs {upgraded.sign_off_rowid}, signed_at: {set_aside}: "gisteren"',
        f'meetings {upgraded.intake}, learning_ways: onbekende waarde: "doing,dancing"',
    ]
    assert all(line.startswith("in orde") for line in lines[:-4])


def test_the_other_commands_that_read_work_too(
    capsys: pytest.CaptureFixture[str], upgraded: OldFile, tmp_path: Path
) -> None:
    db = ["--db", str(upgraded.path)]
    for args in (["due"], ["calendar", "-o", str(tmp_path / "plan.ics")], ["report", "workplaces"],
                 ["purge", "--dry-run"], ["backup", str(tmp_path / "kopie.db")]):  # fmt: skip
        code, _, err = run(capsys, *args, *db)
        assert code == 0, (args, err)


def test_putting_the_date_right_makes_the_meeting_whole(upgraded: OldFile) -> None:
    db = open_database(upgraded.path)
    try:
        store = Store(db, clock=lambda: NOW, user="coordinator")
        m = store.meeting(upgraded.intake)
        assert (m.day, m.date) == (None, UNKNOWN_DAY)
        # All three signed it: putting its date right is a change, made after reopening it.
        signing.reopen(store, m.id, "De datum was na de upgrade niet meer leesbaar.")
        m = store.meeting(upgraded.intake)
        store.update_meeting(m.id, m.version, date=date(2026, 9, 7))
        m = store.meeting(upgraded.intake)
        assert m.day == date(2026, 9, 7)
        assert "date" not in m.invalid
        # The reopening withdrew the sign-offs, the one with an unreadable moment among them.
        assert [r.column for r in check(db)[-1].rows] == ["learning_ways"]
    finally:
        db.close()


# -- a hand edit past the checks ---------------------------------------------------------------


@pytest.fixture
def hand_edited(upgraded: OldFile) -> OldFile:
    """After the upgrade, someone wrote junk with `sqlite3` and the checks switched off."""
    conn = plain_connection(upgraded.path, past_the_checks=True)
    try:
        with conn, past_the_lock(conn):
            i, e = upgraded.intake, upgraded.evaluation
            conn.execute("UPDATE meetings SET date = 'zzz', kind = 'workshop' WHERE id = ?", [e])
            conn.execute("UPDATE meetings SET decision = 'misschien' WHERE id = ?", [i])
            conn.execute("UPDATE placements SET pathway = 'HBO', status = 'pauze', start = 'x'")
            conn.execute("UPDATE participants SET party = 'ouder' WHERE meeting_id = ?", [i])
            conn.execute("UPDATE factors SET status = 'half' WHERE meeting_id = ?", [i])
            conn.execute("UPDATE agreements SET owner = 'iedereen', status = '?'")
            conn.execute("UPDATE support SET kind = 'bezoekje'")
            conn.execute("UPDATE answers SET question = 'waarom', party = 'ouder' WHERE id = 1")
            conn.execute("UPDATE dispositions SET disposition = 'later'")
            conn.execute(
                "UPDATE sign_offs SET party = 'ouder', signed_at = '28-11-2026' WHERE rowid = ?",
                [upgraded.sign_off_rowid],
            )
    finally:
        conn.close()
    return upgraded


def test_every_read_goes_on_past_values_it_cannot_read(hand_edited: OldFile) -> None:
    db = open_database(hand_edited.path)
    try:
        store = Store(db, clock=lambda: NOW, user="coordinator")
        for summary in store.meetings():
            m = store.meeting(summary.id)
            render_minutes(m, "nl")
            render_minutes(m, "en")
        evaluation = store.meeting(hand_edited.evaluation)
        assert {"date", "kind"} <= set(evaluation.invalid)
        assert evaluation.kind is MeetingKind.INTAKE  # the stand-in, said to be one
        intake = store.meeting(hand_edited.intake)
        assert {"decision", "participants 1: party", "factors support: status"} <= set(
            intake.invalid
        )
        assert intake.factor(Factor.SUPPORT).status is FactorStatus.NOT_DISCUSSED
        assert intake.placement.invalid == ("pathway", "start", "status")
        odd = next(s for s in intake.sign_offs if s.signed_at is None)
        assert odd.party is Party.STUDENT  # a stand-in: `invalid` says so
        assert f"sign_offs {hand_edited.sign_off_rowid}: party" in intake.invalid
        placements = store.placements()
        assert {p.student for p in placements} == {STUDENT, OTHER}
        assert store.placements("femke")[0].invalid == ("pathway", "status", "last_meeting")
        store.factor_history(hand_edited.placement)
        store.placement_agreements(hand_edited.placement)
        store.history(hand_edited.intake)
        placement_markdown(store, hand_edited.placement, "nl")
        planning.due(store, weeks=52)
        privacy.expired(store)
        privacy.dossier(store, hand_edited.student)
        workplace_report(store)
    finally:
        db.close()


def test_check_names_every_hand_edited_value(
    capsys: pytest.CaptureFixture[str], hand_edited: OldFile
) -> None:
    code, out, _ = run(capsys, "check", "--db", str(hand_edited.path), "--lang", "en")
    assert code == 1
    named = {tuple(line.split(":")[0].strip().split(", ")) for line in out.splitlines()[7:]}
    e = hand_edited.evaluation
    for expected in (
        (f"meetings {e}", "date"),
        (f"meetings {e}", "kind"),
        (f"meetings {hand_edited.intake}", "decision"),
        ("placements 1", "pathway"),
        ("placements 1", "start"),
        ("participants 1", "party"),
        ("agreements 1", "owner"),
        ("support 1", "kind"),
        ("answers 1", "question"),
        ("dispositions 1", "disposition"),
        (f"sign_offs {hand_edited.sign_off_rowid}", "signed_at"),
    ):
        assert expected in named, (expected, out)
    assert f'meetings {e}, date: not a date: "zzz"' in out
