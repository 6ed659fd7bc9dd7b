"""A crash never shows student data on the shared screen, wherever the error happens.

The real app runs in tmux, built by `make_app` in a small script where Ctrl+R fails while a
local variable holds something confidential (Textual's own crash report prints local
variables): in the minutes action (an event handler), in a worker it starts, as an error that
renders itself (Textual shows those with `panic`), or in the thread that reads the terminal.
Each time the screen shows driehoek's one sentence, no traceback and not the secret; the
traceback, without locals, is in the private crash log; the exit code is 70.
"""

from __future__ import annotations

import stat
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from driehoek.crashlog import CRASH_EXIT
from driehoek.database import open_database
from driehoek.flow import Step
from driehoek.store import Store

from .flows import T, Terminals, step_heading

pytestmark = pytest.mark.e2e

SECRET = "Dossiernotitie-Kwetsbaar-7731"
"""Only ever in a local variable of the action that fails."""

END = "(e2e: einde)"
"""What the script prints last, once the app has ended and printed what it prints."""

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
from driehoek.textual_private import KeyReader

where = sys.argv[4]


class Loud(Exception):  # renders itself: Textual shows it with panic(), not _fatal_error()

    def __rich__(self) -> str:
        return {SECRET!r}


async def failing_minutes(self: MeetingScreen) -> None:
    confidential = {SECRET!r}
    if where == "rich":
        raise Loud("the minutes could not be drawn")
    raise RuntimeError("the minutes could not be drawn")


async def failing_work() -> None:
    confidential = {SECRET!r}
    raise RuntimeError("the minutes could not be drawn")


async def minutes_in_a_worker(self: MeetingScreen) -> None:
    self.run_worker(failing_work(), exit_on_error=True)


reader_feed = KeyReader.feed


def failing_feed(self: KeyReader, data: bytes) -> list:
    confidential = {SECRET!r}
    if b"\x12" in data:  # Ctrl+R
        raise RuntimeError("the minutes could not be drawn")
    return reader_feed(self, data)


if where == "worker":
    MeetingScreen.action_minutes = minutes_in_a_worker
elif where == "input":
    KeyReader.feed = failing_feed
else:
    MeetingScreen.action_minutes = failing_minutes
if sys.argv[5:] == ["textual"]:  # Textual's own report, to show what the test would catch
    from textual.app import App
    from driehoek.app import DriehoekApp
    DriehoekApp._fatal_error = App._fatal_error
store = Store(
    open_database(Path(sys.argv[1]), create=False), clock=lambda: datetime.now(UTC), user="e2e"
)
app = make_app(store, open_meeting=int(sys.argv[2]))
app.run()
print({END!r}, flush=True)
sys.exit(app.return_code or 0)
"""


def crash(
    terminals: Terminals, tmp_path: Path, db_path: Path, where: str, *extra: str
) -> tuple[int, str, bytes]:
    """Run the app that fails `where`, press Ctrl+R; its exit status, screen and every byte."""
    db = open_database(db_path)
    meeting_id = Store(db, clock=lambda: datetime.now(UTC), user="opzet").new_intake(
        "Tijn Veldkamp", "Werkplaats De Hamer"
    )
    db.close()
    script = tmp_path / "crash_app.py"
    script.write_text(SCRIPT, encoding="utf-8")
    go, recording = tmp_path / "go", tmp_path / "terminal.bytes"

    app = terminals.run(
        [sys.executable, str(script), str(db_path), str(meeting_id), str(go), where, *extra],
        env={"PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")},
    )
    app.record(recording)
    go.touch()
    app.wait_for(step_heading(Step.PARTICIPANTS))
    app.keys("C-r")
    ended = app.wait_for_exit()
    # tmux hands the program's output to the recorder (`cat`) in its own time, after the end
    # may already show; read the recording once it holds the script's last line, so that
    # what the app printed as it ended (a traceback, the secret) is in it.
    app.wait_until(lambda: END.encode() in recording.read_bytes(), "the whole output recorded")
    return ended.status or 0, app.screen(history=True), recording.read_bytes()


def test_textuals_own_crash_report_would_show_the_secret(
    terminals: Terminals, tmp_path: Path, db_path: Path
) -> None:
    """The test below can see a leak: Textual's report, with locals, puts the secret on screen."""
    _, shown, output = crash(terminals, tmp_path, db_path, "handler", "textual")
    assert SECRET.encode() in output
    assert "Traceback" in shown or "RuntimeError" in shown


FAILING = {
    "handler": ("RuntimeError: the minutes could not be drawn", "failing_minutes"),
    "worker": ("RuntimeError: the minutes could not be drawn", "failing_work"),
    "rich": ("Loud: the minutes could not be drawn", "failing_minutes"),
    "input": ("RuntimeError: the minutes could not be drawn", "failing_feed"),
}
"""Where the error happens: what the crash log must then say, and in which function."""


@pytest.mark.parametrize("where", FAILING)
def test_a_crash_shows_one_sentence_and_logs_the_traceback_privately(
    terminals: Terminals, tmp_path: Path, db_path: Path, home: Path, where: str
) -> None:
    status, shown, output = crash(terminals, tmp_path, db_path, where)

    assert status == CRASH_EXIT
    sentence = T("error.crash", log="-").split(".")[0]
    assert sentence in " ".join(shown.split()), shown
    assert "Traceback" not in shown
    assert FAILING[where][0].split(":")[0] not in shown
    assert SECRET not in shown
    assert SECRET.encode() not in output

    log = home / ".local" / "state" / "driehoek" / "log" / "crash.log"
    assert log.is_file(), f"no crash log at {log}; the screen said:\n{shown}"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    text = log.read_text(encoding="utf-8")
    error, function = FAILING[where]
    assert "Traceback" in text
    assert error in text
    assert function in text
    assert SECRET not in text
    assert "confidential" not in text  # no locals
    assert "crash.log" in shown.replace("\n", "")  # the sentence says where to look
