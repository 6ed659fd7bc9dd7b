"""Text that looks like Textual markup is shown as typed, and cannot act on the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from driehoek.flow import Step

from .flows import (
    T,
    Terminals,
    add_goal,
    go_to_step,
    only_meeting,
    start_intake,
    step_heading,
    wait_for_home,
)
from .tmux import PaneExit

pytestmark = pytest.mark.e2e

# If any of these were parsed as markup, the brackets would vanish (and a click could quit).
STUDENT = "[b]Jip[/b] [@click=app.quit]x[/]"
ORGANISATION = "[red]De Korst;"
GOAL = "[bold]x[/] [@click=app.quit]klik[/]"


def test_markup_typed_by_a_user_is_shown_literally(terminals: Terminals, db_path: Path) -> None:
    app = terminals.start("--db", str(db_path))
    wait_for_home(app)
    start_intake(app, STUDENT, ORGANISATION)
    assert f"{STUDENT} · {ORGANISATION}" in app.screen()  # the meeting's heading

    go_to_step(app, Step.LEARNING)
    add_goal(app, GOAL)
    app.keys("C-n")  # away and back: the goal is drawn again from what was stored
    app.wait_for(step_heading(Step.WORKPLACE))
    app.keys("C-b")
    # The goal is drawn below the heading, maybe in a later piece of output: wait for both.
    heading = step_heading(Step.LEARNING)
    app.wait_until(
        lambda: heading in (shown := app.screen()) and GOAL in shown, "step 2 with the goal"
    )

    app.keys("C-r")  # the minutes preview renders Markdown: still literal
    app.wait_for(T("minutes.title", kind=T("kind.intake"), student=STUDENT))
    app.keys("Escape")
    app.wait_until(lambda: T("minutes.preview_title") not in app.screen(), "the preview to close")

    app.keys("C-l")  # the overview: the name is cut to its column, but literal
    app.wait_for(T("home.placements"))
    app.wait_for(STUDENT[:15])
    assert not app.terminal_closed()  # the markup did not quit the app

    app.keys("C-q")
    assert app.wait_for_exit() == PaneExit(status=0, signal=None)
    meeting = only_meeting(db_path)
    assert (meeting.placement.student, meeting.placement.organisation) == (STUDENT, ORGANISATION)
    assert [goal.text for goal in meeting.goals] == [GOAL]
