"""What a coordinator does in driehoek, as keystrokes, with the screen texts to wait for.

Texts come from the Dutch catalogue (the default language), so a reworded label does not
break these tests; keys are the ones the footer shows.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from driehoek.database import open_database
from driehoek.domain import Meeting, MeetingKind
from driehoek.flow import STEPS, Step
from driehoek.i18n import Catalogue
from driehoek.store import Store

from .tmux import TmuxSession

T = Catalogue("nl")
INTAKE_STEPS = STEPS[MeetingKind.INTAKE]


def driehoek_command() -> list[str]:
    """The installed console script next to this Python, else `python -m driehoek`."""
    script = Path(sys.executable).parent / "driehoek"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "driehoek"]


class Terminals:
    """Starts driehoek in fresh tmux sessions, all sharing one throwaway HOME."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.sessions: list[TmuxSession] = []

    def start(self, *args: str, width: int = 80, height: int = 24) -> TmuxSession:
        """Run `driehoek *args` in a new session of `width`×`height`."""
        return self.run([*driehoek_command(), *args], width=width, height=height)

    def run(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        width: int = 80,
        height: int = 24,
    ) -> TmuxSession:
        """Run any program (`ssh ...`) in a new session, with the clean environment plus `env`."""
        session = TmuxSession(self.home, width=width, height=height)
        self.sessions.append(session)
        session.start(argv, env)
        return session

    def close(self) -> list[TmuxSession]:
        """Stop every tmux server these tests started, and every program in them.

        Returns:
            The sessions whose program outlived its terminal and had to be killed.
        """
        return [session for session in self.sessions if not session.close()]


def step_heading(step: Step) -> str:
    """The heading of a step in an intake as the meeting screen shows it: `2/7  Wat…`."""
    number = INTAKE_STEPS.index(step) + 1
    return f"{number}/{len(INTAKE_STEPS)}  {T(f'step_title.{step.value}')}"


def wait_for_home(app: TmuxSession) -> str:
    """Wait until the home screen is up; returns it."""
    return app.wait_for(T("home.placements"))


def start_intake(app: TmuxSession, student: str, organisation: str) -> None:
    """From the home screen: a new intake for `student` at `organisation`, at step 1."""
    app.keys("C-n")
    app.wait_for(T("new.title"))
    app.type(student)
    app.keys("Enter")
    app.type(organisation)
    app.keys("Enter")
    app.wait_for(step_heading(Step.PARTICIPANTS))


def go_to_step(app: TmuxSession, step: Step) -> str:
    """In a meeting: ctrl+g and the step's number; returns the screen of that step."""
    app.keys("C-g")
    app.wait_for(T("meeting.goto_title"))
    app.keys(str(INTAKE_STEPS.index(step) + 1))
    return app.wait_for(step_heading(step))


def add_goal(app: TmuxSession, text: str) -> str:
    """In step 2: a new learning goal with `text`; returns the screen once it shows the text."""
    app.keys("C-t")
    app.type(text)
    return app.wait_for(text)


def open_first_meeting(app: TmuxSession, student: str) -> None:
    """From the home screen: Enter on the highlighted placement opens its latest meeting."""
    app.wait_for(student)
    app.keys("Enter")
    headings = [step_heading(step) for step in INTAKE_STEPS]
    app.wait_until(
        lambda: any(heading in app.screen() for heading in headings), "the meeting screen"
    )


@contextmanager
def stored(db_path: Path) -> Iterator[Store]:
    """The database as the program left it, read through the store."""
    db = open_database(db_path, create=False)
    try:
        yield Store(db, clock=lambda: datetime.now(UTC), user="e2e")
    finally:
        db.close()


def only_meeting(db_path: Path) -> Meeting:
    """The one meeting in the database."""
    with stored(db_path) as store:
        summaries = store.meetings()
        assert len(summaries) == 1, f"expected one meeting, found {summaries}"
        return store.meeting(summaries[0].id)


def saved_goals(db_path: Path) -> list[str]:
    """The goals in the database now, as another session sees them (read-only), while the
    program may still have the file open."""
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT text FROM goals ORDER BY id")]
    finally:
        conn.close()
