"""The follower's screen at 80x24: the minutes as another session saves them, the state of the
signatures, the end of a share, a choice of shared meetings; and no key that changes a byte.

The follower reads the database through `readonly`; the coordinator writes through a store of
its own, as a second session on the same file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import cast

import pytest
from textual.pilot import Pilot

from conftest import FIXED_NOW
from driehoek import shares
from driehoek.app import DriehoekApp
from driehoek.database import open_database
from driehoek.domain import Party
from driehoek.follow_app import FollowApp, make_follow_app
from driehoek.following import Target, meeting_title
from driehoek.i18n import Catalogue
from driehoek.readonly import ReadOnlyDatabase, open_read_only
from driehoek.screens.follow import ChooseScreen, FollowHelp, FollowScreen
from driehoek.store import Store
from waiting import settle_until

from .drive import SIZE, screen_text

T = Catalogue("nl")
STUDENT = "Joris Valkenier"
GOAL = "Zelfstandig een dienst draaien"

EVERY_KEY = [
    *"abcdefghijklmnopqrstuvwxyz",
    *"0123456789",
    *(f"ctrl+{c}" for c in "abcdefghijklmnoprstuvwxyz"),  # not ctrl+q: it quits
    *(f"f{n}" for n in range(1, 13)),
    "enter",
    "tab",
    "shift+tab",
    "escape",
    "space",
    "backspace",
    "delete",
    "insert",
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "pageup",
    "pagedown",
    "plus",
    "minus",
    "question_mark",
    "tilde",
    "slash",
    "colon",
]
"""Every key a follower could think of pressing (`tests/e2e/test_follow.py` sends them through a
real terminal too)."""


def fingerprint(path: Path) -> dict[str, str]:
    """The database and its log, byte for byte (an empty log holds nothing)."""
    files = (path, path.with_name(path.name + "-wal"))
    return {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest()
        for f in files
        if f.exists() and (f == path or f.stat().st_size)
    }


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "gedeeld.db"


@pytest.fixture
def coordinator(path: Path) -> Iterator[Store]:
    """The coordinator's session, writing as the app does."""
    store = Store(open_database(path), clock=lambda: FIXED_NOW, user="coordinator")
    yield store
    store.close()


@pytest.fixture
def database(coordinator: Store, path: Path) -> Iterator[ReadOnlyDatabase]:
    coordinator.new_intake(STUDENT, "Dagbesteding De Vlonder")
    database = open_read_only(path)
    yield database
    database.close()


def app_for(database: ReadOnlyDatabase, targets: list[Target]) -> FollowApp:
    return make_follow_app(database, "nl", targets, clock=lambda: FIXED_NOW)


def target(coordinator: Store, meeting_id: int, share_id: int | None = None) -> Target:
    return Target(meeting_id, share_id, meeting_title(coordinator.meeting(meeting_id), T))


def text(app: FollowApp) -> str:
    return screen_text(cast(DriehoekApp, app))


async def until(pilot: Pilot[None], done: Callable[[], bool], what: str) -> None:
    """Let the follower run (its poll) until `done()`; on failure, show the screen."""
    try:
        await settle_until(pilot, done, what)
    except AssertionError as e:
        raise AssertionError(f"{e}\n{text(cast(FollowApp, pilot.app))}") from None


def add_goal(store: Store, meeting_id: int, goal: str = GOAL) -> None:
    added = store.add_goal(meeting_id)
    store.update_goal(added.id, added.version, goal)


async def test_the_follower_shows_what_the_coordinator_saves(
    coordinator: Store, database: ReadOnlyDatabase
) -> None:
    app = app_for(database, [target(coordinator, 1)])
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: STUDENT in text(app), "the minutes")
        shown = text(app)
        assert T("follow.heading", meeting=meeting_title(coordinator.meeting(1), T)) in shown
        assert T("follow.draft", signed=0) in shown
        assert T("follow.footer") in shown
        assert GOAL not in shown

        add_goal(coordinator, 1)
        await until(pilot, lambda: GOAL in text(app), "the goal the coordinator saved")

        coordinator.sign(1, Party.STUDENT, STUDENT)
        await until(pilot, lambda: T("follow.draft", signed=1) in text(app), "one signature")


async def test_no_key_changes_a_byte_or_leaves_the_minutes(
    coordinator: Store, database: ReadOnlyDatabase, path: Path
) -> None:
    add_goal(coordinator, 1)
    app = app_for(database, [target(coordinator, 1)])
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: GOAL in text(app), "the minutes")
        before = fingerprint(path)

        for key in EVERY_KEY:
            await pilot.press(key)
            await pilot.pause()
            if isinstance(app.screen, FollowHelp):
                await pilot.press("escape")
                await pilot.pause()
            assert isinstance(app.screen, FollowScreen), key
            assert fingerprint(path) == before, key

        assert len(app.screen_stack) == 2, "no other screen was opened"
        await pilot.press("ctrl+q")
    assert fingerprint(path) == before


async def test_help_says_what_the_screen_is_and_escape_closes_it(
    coordinator: Store, database: ReadOnlyDatabase
) -> None:
    app = app_for(database, [target(coordinator, 1)])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, FollowHelp), "the help")
        assert T("follow.help_title") in text(app)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, FollowScreen), "the minutes again")


async def test_a_share_ends_on_the_final_minutes_at_the_last_signature(
    coordinator: Store, database: ReadOnlyDatabase
) -> None:
    share = shares.share_with_account(coordinator, 1, "mirjam")
    app = app_for(database, [target(coordinator, 1, share.id)])
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: STUDENT in text(app), "the minutes")
        for party, name in zip(Party, (STUDENT, "Mirjam Smit", "Kees de Boer"), strict=True):
            coordinator.sign(1, party, name)
        await until(pilot, lambda: T("follow.signed_ended") in text(app), "the end")
        assert STUDENT in text(app), "the final minutes stay"
        await pilot.press("end")
        await until(pilot, lambda: "Kees de Boer" in text(app), "the signatures, at the end")


async def test_a_stopped_share_takes_the_minutes_away(
    coordinator: Store, database: ReadOnlyDatabase
) -> None:
    share, _token = shares.share_link(coordinator, 1)
    app = app_for(database, [target(coordinator, 1, share.id)])
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "Dagbesteding De Vlonder" in text(app), "the minutes")
        shares.stop(coordinator, 1)
        await until(pilot, lambda: T("follow.stopped") in text(app), "the stop")
        assert "Dagbesteding De Vlonder" not in text(app)


async def test_several_shared_meetings_are_a_list_to_choose_from(
    coordinator: Store, database: ReadOnlyDatabase
) -> None:
    second = coordinator.new_intake("[b]Sanne[/b] Dekker", "Bakkerij De Korenaar")
    add_goal(coordinator, second, "Deeg leren kneden")
    targets = [
        target(coordinator, meeting, shares.share_with_account(coordinator, meeting, "mirjam").id)
        for meeting in (1, second)
    ]
    app = app_for(database, targets)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ChooseScreen), "the list")
        shown = text(app)
        assert T("follow.choose_title") in shown
        assert STUDENT in shown
        assert "[b]Sanne[/b] Dekker" in shown, "a name is shown as typed, never as markup"

        await pilot.press("down", "enter")
        await until(pilot, lambda: "Deeg leren kneden" in text(app), "the second meeting")
        assert "[b]Sanne[/b] Dekker" in text(app)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ChooseScreen), "the list again")
        await pilot.press("up", "enter")
        await until(pilot, lambda: "Dagbesteding De Vlonder" in text(app), "the first meeting")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ChooseScreen), "the list again")
