"""`driehoek demo` in a real 80×24 terminal: the home screen, the search, and a clean exit."""

from __future__ import annotations

from pathlib import Path

import pytest

from .flows import Terminals, wait_for_home
from .tmux import PaneExit

pytestmark = pytest.mark.e2e

DEMO_STUDENTS = ("Anouk de Wit", "Fleur Hoekstra")

# Terminal modes Textual turns on; a clean exit turns every one of them off again.
MODES_OFF_AFTER_EXIT = (
    "alternate_on",
    "mouse_any_flag",
    "mouse_button_flag",
    "mouse_standard_flag",
    "mouse_sgr_flag",
)


def test_demo_shows_its_students_and_quits_cleanly(
    terminals: Terminals, home: Path, tmp_path: Path
) -> None:
    app = terminals.start("demo")
    written = tmp_path / "terminal.out"
    app.record(written)

    wait_for_home(app)
    # Every name in one look: the list is drawn row by row, in more than one piece of output,
    # so a look as the first name appears may come before the second is there.
    app.wait_until(
        lambda: all(student in app.screen() for student in DEMO_STUDENTS), "the demo's students"
    )
    # The demo keeps its data in the user's data folder (here a throwaway one), never in cwd.
    assert (home / ".local" / "share" / "driehoek" / "demo.db").is_file()

    # The search field has the focus: typing filters the list straight away.
    app.type("Fleur")
    app.wait_until(lambda: DEMO_STUDENTS[0] not in app.screen(), "the search to filter")
    assert DEMO_STUDENTS[1] in app.screen()

    app.keys("C-q")
    assert app.wait_for_exit() == PaneExit(status=0, signal=None)

    # The terminal is given back as it was: normal screen, no mouse reporting, a cursor.
    for mode in MODES_OFF_AFTER_EXIT:
        assert app.pane(f"#{{{mode}}}") == "0", f"{mode} is still on after exit"
    app.wait_until(lambda: b"\x1b[?1049l" in written.read_bytes(), "the terminal output")
    output = written.read_bytes()
    assert output.rfind(b"\x1b[?1049l") > output.rfind(b"\x1b[?1049h"), "alternate screen left on"
    assert output.rfind(b"\x1b[?25h") > output.rfind(b"\x1b[?25l"), "cursor left hidden"
    after = app.screen(history=True)
    assert "Traceback" not in after
    assert "Pane is dead (status 0" in after  # tmux's own line: the program exited with 0
