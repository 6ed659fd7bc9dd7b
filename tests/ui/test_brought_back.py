"""A version a dossier brought back is kept aside in the meeting's History; in minutes all
three signed it cannot be put back without reopening, and the screen says so (no crash)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from textual.pilot import Pilot

from driehoek import importing, privacy, signing
from driehoek.app import make_app
from driehoek.database import open_database
from driehoek.domain import Part, Party, Ref
from driehoek.screens.history import HistoryScreen
from driehoek.store import Clock, Store
from waiting import settle_until

from .drive import SIZE, region_text, toasts, type_text


async def open_history(pilot: Pilot[None]) -> HistoryScreen:
    await pilot.press("ctrl+p")
    await type_text(pilot, "Geschiedenis")
    await pilot.press("enter")
    app = pilot.app
    await settle_until(pilot, lambda: isinstance(app.screen, HistoryScreen), "History is open")
    assert isinstance(app.screen, HistoryScreen)
    return app.screen


def signed_with_a_laptops_version(tmp_path: Path, clock: Clock) -> tuple[Store, int]:
    """An intake taken along; changed on the laptop, signed at school, brought back."""
    school = Store(open_database(tmp_path / "school.db"), clock=clock, user="coordinator")
    intake = school.new_intake("Fenna Bosch", "Zorgboerderij Klaver", day=date(2027, 1, 11))
    school.add_agreement(intake, owner=Party.WORKPLACE, text="Elke week een gesprek")
    student = school.meeting(intake).placement.student_id
    laptop = Store(open_database(tmp_path / "laptop.db"), clock=clock, user="laptop")
    taken = importing.import_dossier(
        laptop, json.loads(json.dumps(privacy.dossier(school, student)))
    )
    on_laptop = laptop.meeting(intake).agreements[0]
    laptop.edit(Ref(Part.AGREEMENT, on_laptop.id), on_laptop.version, {"text": "Om de week"})
    back = json.loads(json.dumps(privacy.dossier(laptop, taken.student_id)))
    laptop.db.close()
    for party in Party:
        school.sign(intake, party, f"Naam {party.value}")
    importing.import_dossier(school, back)
    return school, intake


async def test_a_brought_back_version_in_signed_minutes_stays_aside_and_is_told(
    tmp_path: Path, fixed_clock: Clock
) -> None:
    store, intake = signed_with_a_laptops_version(tmp_path, fixed_clock)
    app = make_app(store, open_meeting=intake)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        history = await open_history(pilot)
        preview = history.query_one("#set-aside-preview")
        await settle_until(
            pilot, lambda: "Om de week" in region_text(app, preview), "the laptop's version shown"
        )
        await pilot.press("enter")  # put it back: refused, the minutes are signed
        await settle_until(
            pilot,
            lambda: any("heropen" in toast for toast in toasts(app)),
            "told to reopen first",
        )
        assert app.is_running
    assert signing.closed(store.db, intake)
    assert store.meeting(intake).agreements[0].text == "Elke week een gesprek"
    store.db.close()
