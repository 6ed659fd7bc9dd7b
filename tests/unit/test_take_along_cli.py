"""`driehoek import DOSSIER.json --dry-run` and a dossier brought back, as a user runs them:
what is said, in both languages, and that a dry run changes nothing and creates no file."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from cli_run import run

from driehoek import prepared
from driehoek.database import open_database
from driehoek.domain import Factor, FactorStatus, MeetingKind, Part, Party, Ref
from driehoek.preparation import Preparation, PreparedFactor
from driehoek.store import Store

FENNA = "Fenna Bosch"


@pytest.fixture
def school(tmp_path: Path) -> Path:
    path = tmp_path / "school.db"
    db = open_database(path)
    store = Store(db, clock=lambda: datetime.now(UTC), user="coordinator")
    store.new_intake(FENNA, "Zorgboerderij Klaver", day=date(2027, 1, 11))
    db.close()
    return path


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def export(capsys: pytest.CaptureFixture[str], db: Path, out: Path) -> None:
    code, _, err = run(
        capsys, "export", "--student", FENNA, "--format", "json", "-o", str(out), "--db", str(db)
    )
    assert code == 0, err


def test_a_dry_run_into_a_database_not_made_yet_makes_none(
    capsys: pytest.CaptureFixture[str], school: Path, tmp_path: Path
) -> None:
    dossier, laptop = tmp_path / "mee.json", tmp_path / "laptop.db"
    export(capsys, school, dossier)

    code, out, err = run(capsys, "import", str(dossier), "--dry-run", "--db", str(laptop))

    assert (code, err) == (0, "")
    assert out == (
        "Proefdraai, er is niets veranderd. Het dossier zou als nieuwe student binnenkomen: "
        "1 stage, 1 gesprek.\n"
    )
    assert list(tmp_path.glob("laptop.db*")) == []


def test_a_dry_run_of_a_new_student_into_another_database_changes_nothing(
    capsys: pytest.CaptureFixture[str], school: Path, tmp_path: Path
) -> None:
    dossier, other = tmp_path / "mee.json", tmp_path / "ander.db"
    export(capsys, school, dossier)
    Store(open_database(other), clock=lambda: datetime.now(UTC)).db.close()
    before = dump(other)

    code, out, _ = run(capsys, "import", str(dossier), "--dry-run", "--db", str(other))

    assert code == 0
    assert out.startswith("Proefdraai, er is niets veranderd. Het dossier zou als nieuwe")
    assert dump(other) == before


def test_a_dossier_brought_back_says_so_in_english_with_every_change_in_a_dry_run(
    capsys: pytest.CaptureFixture[str], school: Path, tmp_path: Path
) -> None:
    taken, back, laptop = tmp_path / "mee.json", tmp_path / "terug.json", tmp_path / "laptop.db"
    export(capsys, school, taken)
    assert run(capsys, "import", str(taken), "--db", str(laptop))[0] == 0
    db = open_database(laptop)
    store = Store(db, clock=lambda: datetime.now(UTC), user="laptop")
    m = store.meeting(1)
    store.edit(Ref(Part.MEETING, m.id), m.version, {"learning_note": "Leert door te doen."})
    db.close()
    export(capsys, laptop, back)
    before = dump(school)

    code, out, _ = run(
        capsys, "import", str(back), "--dry-run", "--db", str(school), "--lang", "en"
    )

    assert code == 0
    assert out.splitlines() == [
        "changed: meeting 1",
        "Dry run, nothing was changed. The dossier is of student 1: 0 new, 1 changed, "
        "11 unchanged, 0 clashes.",
    ]
    assert dump(school) == before
    code, out, _ = run(capsys, "import", str(back), "--db", str(school), "--lang", "en")
    assert out == (
        "Dossier brought back to student 1: 0 new, 1 changed, 11 unchanged, 0 clashes.\n"
    )
    assert dump(school) != before


def test_a_party_that_prepares_on_the_laptop_comes_back_in_the_dry_run_and_for_real(
    capsys: pytest.CaptureFixture[str], school: Path, tmp_path: Path
) -> None:
    taken, back, laptop = tmp_path / "mee.json", tmp_path / "terug.json", tmp_path / "laptop.db"
    export(capsys, school, taken)
    assert (
        json.loads(taken.read_text(encoding="utf-8"))["placements"][0]["meetings"][0][
            "preparations"
        ]
        == []
    )
    assert run(capsys, "import", str(taken), "--db", str(laptop))[0] == 0
    store = Store(open_database(laptop), clock=lambda: datetime.now(UTC), user="laptop")
    meeting_id = store.meetings()[0].id
    view = (PreparedFactor(Factor.AUTONOMY, FactorStatus.ABSENT, "Ik vraag alles eerst."),)
    prepared.save(store, Preparation(meeting_id, Party.STUDENT, MeetingKind.INTAKE, view))
    store.close()
    export(capsys, laptop, back)

    code, out, err = run(capsys, "import", str(back), "--dry-run", "--db", str(school))
    assert (code, err) == (0, "")
    assert f"nieuw: voorbereiding 1 in gesprek {meeting_id}\n" in out, out

    assert run(capsys, "import", str(back), "--db", str(school))[0] == 0
    code, minutes, _ = run(capsys, "export", str(meeting_id), "--db", str(school))
    assert code == 0
    assert "- Voorbereid door: student\n" in minutes
    assert "Ik vraag alles eerst." not in minutes  # her own words stay out of the minutes
