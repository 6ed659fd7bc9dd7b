"""A full disk in the middle of a meeting: what was typed stays in the field and is saved once
there is room again; the user is told why, and the app keeps running."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.widgets import TextArea

from conftest import SmallDisk
from driehoek.app import DriehoekApp, make_app
from driehoek.database import open_database
from driehoek.flow import Step
from driehoek.i18n import Catalogue
from driehoek.store import Clock, Store
from driehoek.widgets.steps.review import SignBox
from waiting import settle_until

from .drive import SIZE, AppPilot, tab_to, toasts, type_text, walk_to

T = Catalogue("nl")
TYPED = " en wil graag leren plannen"


@pytest.fixture
def store_on_small_disk(small_disk: SmallDisk, fixed_clock: Clock) -> Iterator[Store]:
    db = open_database(small_disk.path / "school.db")
    yield Store(db, clock=fixed_clock, user="coordinator")
    db.close()


def fill_up(store: Store, disk: SmallDisk) -> None:
    """Empty the log first, so the next write needs new room; then take all the room."""
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    disk.fill()


def a_meeting(store: Store) -> int:
    meeting_id = store.new_intake("Merel Bosman", "Kinderdagverblijf De Egel")
    store.update_meeting(meeting_id, 1, learning_note="Leert door te doen")
    return meeting_id


async def told_the_disk_is_full(pilot: AppPilot) -> None:
    app = pilot.app
    assert isinstance(app, DriehoekApp)
    await settle_until(
        pilot, lambda: any("schijf is vol" in t for t in toasts(app)), "told: the disk is full"
    )


def alive(app: DriehoekApp) -> None:
    assert app.is_running
    assert app.return_code is None


async def test_an_edit_that_cannot_be_written_stays_and_is_saved_when_there_is_room(
    store_on_small_disk: Store, small_disk: SmallDisk
) -> None:
    store = store_on_small_disk
    meeting_id = a_meeting(store)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await walk_to(pilot, Step.LEARNING)
        note = await tab_to(pilot, "#learning-note")
        assert isinstance(note, TextArea)
        await pilot.press("end")
        fill_up(store, small_disk)

        await type_text(pilot, TYPED)
        await told_the_disk_is_full(pilot)
        alive(app)
        assert note.text == f"Leert door te doen{TYPED}"
        assert store.meeting(meeting_id).learning_note == "Leert door te doen"

        small_disk.free()
        await settle_until(  # the app tries again every autosave.RETRY_DELAY s
            pilot,
            lambda: store.meeting(meeting_id).learning_note == f"Leert door te doen{TYPED}",
            "the edit is saved once there is room",
        )
        alive(app)
        assert note.text == f"Leert door te doen{TYPED}"


async def test_adding_a_line_on_a_full_disk_is_told_not_a_crash(
    store_on_small_disk: Store, small_disk: SmallDisk
) -> None:
    store = store_on_small_disk
    meeting_id = a_meeting(store)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await walk_to(pilot, Step.LEARNING)
        fill_up(store, small_disk)
        await pilot.press("ctrl+t")  # a new learning goal: a row to write
        await pilot.pause()
        alive(app)
        assert any("schijf is vol" in t for t in toasts(app)), toasts(app)
    small_disk.free()


async def test_leaving_a_meeting_on_a_full_disk_keeps_the_edit(
    store_on_small_disk: Store, small_disk: SmallDisk
) -> None:
    """Ctrl+L saves before it leaves; with no room, the user stays with her text."""
    store = store_on_small_disk
    meeting_id = a_meeting(store)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await walk_to(pilot, Step.LEARNING)
        await tab_to(pilot, "#learning-note")
        await pilot.press("end")
        fill_up(store, small_disk)
        await type_text(pilot, TYPED)
        await pilot.press("ctrl+l")
        await pilot.pause()
        alive(app)
        small_disk.free()
        await settle_until(  # the app tries again every autosave.RETRY_DELAY s
            pilot,
            lambda: store.meeting(meeting_id).learning_note == f"Leert door te doen{TYPED}",
            "the edit is saved once there is room",
        )


async def test_signing_on_a_full_disk_is_told_and_the_box_stays_unticked(
    store_on_small_disk: Store, small_disk: SmallDisk
) -> None:
    store = store_on_small_disk
    meeting_id = a_meeting(store)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await walk_to(pilot, Step.REVIEW)
        box = await tab_to(pilot, "#sign-student")
        fill_up(store, small_disk)
        await pilot.press("space")
        await told_the_disk_is_full(pilot)
        alive(app)
        assert isinstance(box, SignBox)
        assert not box.value  # it says what is stored: not signed
        assert store.meeting(meeting_id).sign_offs == ()
    small_disk.free()
