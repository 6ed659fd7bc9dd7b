"""A crash never shows student data on the shared screen.

The real app runs in tmux, built by `make_app` in a small script whose minutes action raises
while a local variable holds something confidential (Textual's own crash report prints local
variables). The screen shows driehoek's one sentence, no traceback and not the secret; the
traceback, without locals, is in the private crash log.
"""

from __future__ import annotations

import stat
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from driehoek.database import open_database
from driehoek.flow import Step
from driehoek.store import Store

from .flows import T, Terminals, step_heading

pytestmark = pytest.mark.e2e

SECRET = "Dossiernotitie-Kwetsbaar-7731"
"""Only ever in a local variable of the action that fails."""

SCRIPT = f"""
import sys, time
from datetime import UTC, datetime
from pathlib import Path

go = Path(sys.argv[3])
while not go.exists():  # the test records the terminal from the first byte
    time.sleep(0.02)

from driehoek.app import make_app
from driehoek.database import open_database
from driehoek.screens.meeting import MeetingScreen
from driehoek.store import Store


async def failing_minutes(self: MeetingScreen) -> None:
    confidential = {SECRET!r}
    raise RuntimeError("the minutes could not be drawn")


MeetingScreen.action_minutes = failing_minutes
if sys.argv[4:] == ["textual"]:  # Textual's own report, to show what the test would catch
    from textual.app import App
    from driehoek.app import DriehoekApp
    DriehoekApp._fatal_error = App._fatal_error
store = Store(
    open_database(Path(sys.argv[1]), create=False), clock=lambda: datetime.now(UTC), user="e2e"
)
app = make_app(store, open_meeting=int(sys.argv[2]))
app.run()
sys.exit(app.return_code or 0)
"""


def crash(
    terminals: Terminals, tmp_path: Path, db_path: Path, *extra: str
) -> tuple[int, str, bytes]:
    """Run the failing app, open the minutes; its exit status, screen and every byte."""
    db = open_database(db_path)
    meeting_id = Store(db, clock=lambda: datetime.now(UTC), user="opzet").new_intake(
        "Tijn Veldkamp", "Werkplaats De Hamer"
    )
    db.close()
    script = tmp_path / "crash_app.py"
    script.write_text(SCRIPT, encoding="utf-8")
    go, recording = tmp_path / "go", tmp_path / "terminal.bytes"

    app = terminals.run(
        [sys.executable, str(script), str(db_path), str(meeting_id), str(go), *extra],
        env={"PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")},
    )
    app.record(recording)
    go.touch()
    app.wait_for(step_heading(Step.PARTICIPANTS))
    app.keys("C-r")
    ended = app.wait_for_exit()
    return ended.status or 0, app.screen(history=True), recording.read_bytes()


def test_textuals_own_crash_report_would_show_the_secret(
    terminals: Terminals, tmp_path: Path, db_path: Path
) -> None:
    """The test below can see a leak: Textual's report, with locals, puts the secret on screen."""
    _, shown, output = crash(terminals, tmp_path, db_path, "textual")
    assert SECRET.encode() in output
    assert "Traceback" in shown or "RuntimeError" in shown


def test_a_crash_shows_one_sentence_and_logs_the_traceback_privately(
    terminals: Terminals, tmp_path: Path, db_path: Path, home: Path
) -> None:
    status, shown, output = crash(terminals, tmp_path, db_path)

    assert status == 1
    sentence = T("error.crash", log="-").split(".")[0]
    assert sentence in " ".join(shown.split()), shown
    assert "Traceback" not in shown
    assert "RuntimeError" not in shown
    assert SECRET not in shown
    assert SECRET.encode() not in output

    log = home / ".local" / "state" / "driehoek" / "log" / "crash.log"
    assert log.is_file(), f"no crash log at {log}; the screen said:\n{shown}"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text
    assert "RuntimeError: the minutes could not be drawn" in text
    assert "failing_minutes" in text
    assert SECRET not in text
    assert "confidential" not in text  # no locals
    assert "crash.log" in shown.replace("\n", "")  # the sentence says where to look
