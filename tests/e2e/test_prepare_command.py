"""`driehoek prepare`, run as a user types it: the demo's intake of today, a form for the
school written to a file only its owner may read, filled in in the file, read back; a form
filled in badly is refused line by line with exit code 1, nothing stored."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from driehoek.database import open_database
from driehoek.demo import seed_demo
from driehoek.demo_prepared import PREPARED_STUDENT
from driehoek.store import Store

from .flows import driehoek_command
from .tmux import clean_env

pytestmark = pytest.mark.e2e


def _run(args: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
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


def _demo(path: Path) -> int:
    """A demo database; the id of the intake the student and the workplace prepared."""
    store = Store(open_database(path), clock=lambda: datetime.now(UTC))
    try:
        seed_demo(store)
        return next(
            m.id for m in store.meetings() if m.student == PREPARED_STUDENT and m.signed_by == 0
        )
    finally:
        store.close()


def test_the_school_prepares_by_form_and_the_minutes_say_so(tmp_path: Path, home: Path) -> None:
    meeting = _demo(tmp_path / "demo.db")
    db = ["--db", "demo.db"]

    written = _run([*db, "prepare", str(meeting), "--party", "school", "-o", "school.md"],
                   tmp_path, home)  # fmt: skip
    assert written.returncode == 0, written.stderr
    form = tmp_path / "school.md"
    assert form.stat().st_mode & 0o777 == 0o600  # it names the student
    text = form.read_text(encoding="utf-8")
    start = text.index("## Factor 6:")
    text = text[:start] + text[start:].replace("- [ ] realiseerbaar", "- [x] realiseerbaar", 1)
    fence = text.index("~~~\n~~~", start)
    text = text[:fence] + "~~~\nHet stageplan volgt in week 2.\n~~~" + text[fence + 7 :]

    bad = text.replace("- [ ] aanwezig", "- [x] aanwezig", 1).replace(
        "- [ ] afwezig", "- [x] afwezig", 1
    )
    form.write_text(bad, encoding="utf-8")
    refused = _run([*db, "prepare", str(meeting), "--read", "school.md"], tmp_path, home)
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert refused.stderr.splitlines() == [
        f"regel {bad.splitlines().index('- [x] afwezig') + 1}: bij factor 1 is meer dan één "
        "vakje aangekruist; kies er één",
        "driehoek: school.md: 1 probleem in het formulier; niets opgeslagen.",
    ]

    form.write_text(text, encoding="utf-8")
    read = _run([*db, "prepare", str(meeting), "--read", "school.md"], tmp_path, home)
    assert (read.returncode, read.stderr) == (0, "")
    assert read.stdout == f"Voorbereiding van de school voor gesprek {meeting} bewaard.\n"
    minutes = _run([*db, "export", str(meeting)], tmp_path, home)
    assert "- Voorbereid door: student, werkplek, school\n" in minutes.stdout
    assert "stageplan" not in minutes.stdout
