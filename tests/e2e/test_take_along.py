"""A placement taken along to a laptop and brought back, with the real `driehoek` commands.

The school's database and the laptop's are two files; what a coordinator does in the app
between the commands (an evaluation on the laptop, an edit at school) is done through the store,
as the app would. Each command is run as a user types it, and judged by what it prints and what
the files then hold.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from driehoek.database import open_database
from driehoek.domain import Part, Party, Ref
from driehoek.store import Store

from .flows import driehoek_command
from .tmux import clean_env

pytestmark = pytest.mark.e2e

TABLES = ("students", "placements", "meetings", "agreements", "goals", "set_aside")


def driehoek(home: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*driehoek_command(), *args],
        cwd=cwd,
        env=clean_env(home),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def in_the_app(path: Path, user: str) -> Store:
    """The database as a coordinator's session in the app has it."""
    return Store(open_database(path), clock=lambda: datetime.now(UTC), user=user)


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def test_a_placement_taken_along_and_brought_back(tmp_path: Path, home: Path) -> None:
    school, laptop = tmp_path / "school.db", tmp_path / "laptop.db"
    a = in_the_app(school, "coordinator")
    a.new_intake("Kees Abbing", "Buurthuis De Kern", day=date(2027, 1, 6))
    intake = a.new_intake("Fenna Bosch", "Zorgboerderij Klaver", day=date(2027, 1, 11))
    agreement = a.add_agreement(intake, owner=Party.WORKPLACE, text="Elke week een gesprek")
    placement = a.meeting(intake).placement.id
    a.db.close()

    # Taken along: the placement alone, into the laptop's own (new) database.
    out = driehoek(home, tmp_path, "export", "--placement", str(placement), "--format", "json",
                   "-o", "mee.json", "--db", str(school))  # fmt: skip
    assert (out.returncode, out.stderr) == (0, "Geschreven: mee.json\n")
    out = driehoek(home, tmp_path, "import", "mee.json", "--db", str(laptop))
    assert (out.returncode, out.stderr) == (0, "")
    assert out.stdout.startswith("Dossier ingelezen: student ")

    # On the laptop an evaluation and a changed agreement; at school another field of it.
    b = in_the_app(laptop, "laptop")
    b_placement = b.db.execute("SELECT id FROM placements").fetchone()[0]
    b.new_evaluation(b_placement, day=date(2027, 4, 12))
    on_b = b.meeting(intake).agreements[0]
    b.edit(Ref(Part.AGREEMENT, on_b.id), on_b.version, {"text": "Om de week een gesprek"})
    b.db.close()
    a = in_the_app(school, "coordinator")
    on_a = a.meeting(intake).agreements[0]
    a.edit(Ref(Part.AGREEMENT, on_a.id), on_a.version, {"due": date(2027, 5, 3)})
    a.db.close()
    out = driehoek(home, tmp_path, "export", "--student", "Fenna Bosch", "--format", "json",
                   "-o", "terug.json", "--db", str(laptop))  # fmt: skip
    assert (out.returncode, out.stderr) == (0, "Geschreven: terug.json\n")
    before, untouched = counts(school), school.read_bytes()

    # A dry run says what would happen, and leaves the file as it was, byte for byte.
    out = driehoek(home, tmp_path, "import", "terug.json", "--dry-run", "--db", str(school))
    assert (out.returncode, out.stderr) == (0, "")
    clash = (
        f"botsing: afspraak {agreement.id} in gesprek {intake} is hier en in het dossier "
        "gewijzigd; de versie van hier blijft, die uit het dossier staat apart (Geschiedenis)."
    )
    dry = out.stdout.splitlines()
    assert clash in dry
    assert "nieuw: gesprek 3" in dry
    assert dry[-1].startswith("Proefdraai, er is niets veranderd. Het dossier hoort bij student 2:")
    assert school.read_bytes() == untouched

    # Brought back: nothing duplicated, the evaluation in, the clash named, both versions kept.
    out = driehoek(home, tmp_path, "import", "terug.json", "--db", str(school))
    assert (out.returncode, out.stderr) == (0, "")
    assert out.stdout.splitlines() == [
        clash,
        "Dossier teruggebracht bij student 2: 1 nieuw, 0 gewijzigd, 12 ongewijzigd, 1 botsing.",
    ]
    after = counts(school)
    assert after == {**before, "meetings": before["meetings"] + 1, "set_aside": 1}
    conn = sqlite3.connect(school)
    try:
        row = conn.execute("SELECT text, due FROM agreements WHERE id = ?", [agreement.id])
        assert row.fetchone() == ("Elke week een gesprek", "2027-05-03")
        (kept,) = conn.execute("SELECT value FROM set_aside").fetchone()
        assert json.loads(kept)["text"] == "Om de week een gesprek"
    finally:
        conn.close()

    # The same file again changes nothing, and says the clash was kept before.
    out = driehoek(home, tmp_path, "import", "terug.json", "--db", str(school))
    assert out.returncode == 0
    assert out.stdout.splitlines()[0].endswith(
        "de versie uit het dossier stond al apart (Geschiedenis)."
    )
    assert counts(school) == after


def test_a_dossier_that_claims_another_student_is_refused_and_changes_nothing(
    tmp_path: Path, home: Path
) -> None:
    school = tmp_path / "school.db"
    a = in_the_app(school, "coordinator")
    a.new_intake("Kees Abbing", "Buurthuis De Kern", day=date(2027, 1, 6))
    a.new_intake("Fenna Bosch", "Zorgboerderij Klaver", day=date(2027, 1, 11))
    a.db.close()
    for name, file in (("Kees Abbing", "kees.json"), ("Fenna Bosch", "fenna.json")):
        out = driehoek(home, tmp_path, "export", "--student", name, "--format", "json",
                       "-o", file, "--db", str(school))  # fmt: skip
        assert out.returncode == 0, out.stderr
    # Fenna's rows under Kees's identity: a forged file that would merge her into him.
    fenna = json.loads((tmp_path / "fenna.json").read_text())
    fenna["student"]["uid"] = json.loads((tmp_path / "kees.json").read_text())["student"]["uid"]
    (tmp_path / "vals.json").write_text(json.dumps(fenna))
    untouched = school.read_bytes()

    out = driehoek(home, tmp_path, "import", "vals.json", "--db", str(school), "--lang", "en")

    assert out.returncode == 2
    assert out.stdout == ""
    assert "placements[0].uid: belongs here to another student, placement or meeting" in out.stderr
    assert school.read_bytes() == untouched
