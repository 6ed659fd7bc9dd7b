"""One byte can't end the app: bytes that are not UTF-8, and sequences Textual chokes on.

A terminal set to Latin-1 (or an SSH client that is) sends é as the single byte 0xe9; an 8-bit
terminal sends 0x9b for CSI; a bad link can cut a character in half. Textual's own reader
stopped on the first of these with its traceback on the shared screen and exit code 0. Here
they arrive in the middle of typing a learning goal in the real program in tmux: it runs on,
each shows as U+FFFD, and the goal as typed is in the database.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from driehoek.flow import Step

from .flows import Terminals, go_to_step, only_meeting, start_intake, wait_for_home
from .tmux import PaneExit

pytestmark = pytest.mark.e2e

STUDENT = "Lotte Brandsma"
ORGANISATION = "Zorgboerderij De Hoeve"
REPLACEMENT = "\ufffd"


def test_bytes_that_are_not_utf8_in_the_middle_of_typing_are_shown_and_the_text_is_saved(
    terminals: Terminals, db_path: Path
) -> None:
    app = terminals.start("--db", str(db_path))
    wait_for_home(app)
    start_intake(app, STUDENT, ORGANISATION)
    go_to_step(app, Step.LEARNING)
    app.keys("C-t")
    app.type("Caf")
    app.send_bytes(b"\xe9")  # é from a Latin-1 terminal
    app.type(" plannen ")
    app.send_bytes(b"\x9b")  # an 8-bit CSI
    app.type("met ")
    app.send_bytes(b"\xc3")  # half of a UTF-8 é, then a plain letter
    app.type("de groep")
    expected = f"Caf{REPLACEMENT} plannen {REPLACEMENT}met {REPLACEMENT}de groep"
    app.wait_for(expected)

    app.keys("C-q")
    assert app.wait_for_exit() == PaneExit(status=0, signal=None)
    assert [goal.text for goal in only_meeting(db_path).goals] == [expected]


def test_key_sequences_textuals_parser_raises_on_are_dropped_and_typing_goes_on(
    terminals: Terminals, db_path: Path
) -> None:
    app = terminals.start("--db", str(db_path))
    wait_for_home(app)
    start_intake(app, STUDENT, ORGANISATION)
    go_to_step(app, Step.LEARNING)
    app.keys("C-t")
    app.type("Zelf ")
    app.send_bytes(b"\x1b[99999999u")  # a kitty key code beyond Unicode: chr() raised
    app.type("koken ")
    app.send_bytes(b"\x1b[97:65;1u")  # int('97:65') raised
    app.type("leren")
    app.wait_for("Zelf koken leren")

    app.keys("C-q")
    assert app.wait_for_exit() == PaneExit(status=0, signal=None)
    assert [goal.text for goal in only_meeting(db_path).goals] == ["Zelf koken leren"]
