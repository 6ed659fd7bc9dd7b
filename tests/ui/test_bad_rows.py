"""A database holding a row this driehoek cannot read (a date an older import stored, a hand
edit past the checks) opens at 80x24: the home screen lists the meeting with an invalid date,
the meeting opens, says what it cannot read, and the date can be put right."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from bad_rows import NOW, STUDENT, OldFile, old_file, past_the_lock, plain_connection
from driehoek.app import make_app
from driehoek.database import open_database
from driehoek.i18n import Catalogue
from driehoek.screens.home import HomeScreen
from driehoek.store import Store
from waiting import settle_until

from .drive import SIZE, fill, meeting_screen, screen_lines, shows, toasts, type_text

T = Catalogue("nl")


@pytest.fixture
def upgraded(tmp_path: Path) -> OldFile:
    return old_file(tmp_path / "school.db")


@pytest.fixture
def old_store(upgraded: OldFile) -> Iterator[Store]:
    """The old file, opened (and so migrated) by this driehoek."""
    db = open_database(upgraded.path)
    yield Store(db, clock=lambda: NOW, user="coordinator")
    db.close()


async def test_the_home_screen_lists_the_meeting_with_an_invalid_date(
    old_store: Store, upgraded: OldFile
) -> None:
    app = make_app(old_store)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "femke")
        await settle_until(pilot, lambda: shows(app, STUDENT), "Femke in the list")
        assert isinstance(app.screen, HomeScreen)
        rows = [line for line in screen_lines(app) if "ongeldig" in line]
        assert len(rows) == 1, screen_lines(app)
        assert "startgesprek" in rows[0]
        assert shows(app, "7-12-2026")  # the evaluation, whose date is fine


async def test_the_meeting_opens_says_what_is_unreadable_and_takes_a_new_date(
    old_store: Store, upgraded: OldFile
) -> None:
    app = make_app(old_store, open_meeting=upgraded.intake)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle_until(pilot, lambda: bool(toasts(app)), "the warning")
        screen = meeting_screen(app)
        assert "ongeldige datum" in screen_lines(app)[0] + screen_lines(app)[1]
        assert any("Niet alles in dit gesprek is leesbaar" in t for t in toasts(app)), toasts(app)
        # All three signed it: putting its date right is a change, made after reopening it.
        await pilot.press("ctrl+u")
        await type_text(pilot, "De datum was na de upgrade niet meer leesbaar.")
        await pilot.press("enter")
        await settle_until(pilot, lambda: not old_store.meeting(upgraded.intake).closed, "open")
        await fill(pilot, "#meeting-date", "7-9-2026")
        await settle_until(
            pilot,
            lambda: old_store.meeting(upgraded.intake).day == date(2026, 9, 7),
            "the date saved",
        )
        assert screen is app.screen
        await settle_until(pilot, lambda: shows(app, "7-9-2026"), "the new date in the heading")


async def test_a_hand_edit_past_the_checks_does_not_stop_the_home_screen_or_the_meeting(
    upgraded: OldFile,
) -> None:
    open_database(upgraded.path).close()
    conn = plain_connection(upgraded.path, past_the_checks=True)
    try:
        with conn, past_the_lock(conn):  # a hand edit can drop the lock on signed minutes
            conn.execute(
                "UPDATE meetings SET date = 'zzz', kind = 'workshop' WHERE id = ?",
                [upgraded.evaluation],
            )
            conn.execute("UPDATE placements SET status = 'pauze'")
            conn.execute("UPDATE participants SET party = 'ouder'")
    finally:
        conn.close()
    db = open_database(upgraded.path)
    try:
        store = Store(db, clock=lambda: NOW, user="coordinator")
        app = make_app(store)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await type_text(pilot, "femke")
            await settle_until(pilot, lambda: shows(app, STUDENT), "Femke in the list")
            await pilot.press("enter")  # opens her latest meeting: the hand-edited one
            await settle_until(
                pilot, lambda: not isinstance(app.screen, HomeScreen), "the meeting open"
            )
            meeting_screen(app)
            await settle_until(pilot, lambda: bool(toasts(app)), "the warning")
            assert shows(app, T("value.invalid_date"))
    finally:
        db.close()
