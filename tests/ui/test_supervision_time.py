"""Enough time for supervision? (issue 13.3) At the keyboard, at 80x24: the time a supervision
agreement promises, the time given typed at an evaluation, and the flag on the placement view."""

from __future__ import annotations

from datetime import date
from functools import partial

import pytest
from textual.widgets import Static

from driehoek.app import DriehoekApp, make_app
from driehoek.domain import AgreementKind, Party, Promise
from driehoek.flow import Step
from driehoek.i18n import Catalogue
from driehoek.screens.placement import PlacementScreen
from driehoek.store import Store
from driehoek.widgets.time_fields import PromiseField
from supervision_year import supervision_year
from waiting import settle_until

from .drive import (
    SIZE,
    fill,
    jump_to,
    region_text,
    saved,
    shows,
    squeezed,
    tab_to,
    toasts,
    type_fast,
)
from .meetings import fresh_intake

T = Catalogue("nl")


def told(app: DriehoekApp, key: str) -> bool:
    """Whether a notification on screen says the message `key`."""
    return any(squeezed(T(key)) in squeezed(toast) for toast in toasts(app))


async def test_a_supervision_agreement_takes_the_time_it_promises(store: Store) -> None:
    meeting_id = fresh_intake(store)
    work = store.add_agreement(meeting_id, owner=Party.STUDENT, kind=AgreementKind.WORK)
    store.update_agreement(work.id, work.version, text="Rooster elke vrijdag inleveren")
    talk = store.add_agreement(meeting_id, owner=Party.WORKPLACE, kind=AgreementKind.SUPERVISION)
    store.update_agreement(talk.id, talk.version, text="Begeleidingsgesprek met Jeroen")
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await jump_to(pilot, Step.AGREEMENTS)
        # Only the supervision agreement has a line for its time.
        assert app.screen.query_one(f"#promise-row-{talk.id}").display
        assert not app.screen.query_one(f"#promise-row-{work.id}").display
        field = app.screen.query_one(f"#promise-{talk.id}", PromiseField)
        await fill(pilot, field, "abc")
        await pilot.press("tab")  # leaving it says what to type; nothing is saved
        await settle_until(pilot, lambda: told(app, "supervision.promise_form"), "what to type")
        await saved(pilot)
        assert store.meeting(meeting_id).agreements[1].promise is None
        assert field.has_class("-invalid")
        assert field.value == "abc"  # the text stays, to be put right
        for absurd, message in (("60/0", "weeks_range"), (str(10**12), "minutes_range")):
            await fill(pilot, field, absurd)
            await pilot.press("tab")
            key = f"supervision.{message}"
            await settle_until(pilot, partial(told, app, key), "the bounds")
        await fill(pilot, field, "30 min per 2 weken")
        await saved(pilot)
        assert store.meeting(meeting_id).agreements[1].promise == Promise(30, 2)
        assert not field.has_class("-invalid")
        assert shows(app, T("field.promise"))


async def test_the_time_given_is_typed_at_the_evaluation_and_weighed(store: Store) -> None:
    placement, _ = supervision_year(store, "Lotte Hendriks", "Zorgboerderij De Linde", 780)
    meeting_id = store.new_evaluation(placement, day=date(2027, 4, 5))  # 13 weeks on
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await jump_to(pilot, Step.QUESTIONS)
        given = await tab_to(pilot, "#given-time")
        await type_fast(pilot, str(10**12))
        await pilot.press("tab")
        await settle_until(pilot, lambda: told(app, "supervision.given_range"), "the bound is told")
        await saved(pilot)
        assert store.meeting(meeting_id).supervision_minutes is None
        await fill(pilot, given, "390")
        await saved(pilot)
        assert store.meeting(meeting_id).supervision_minutes == 390
        figures = app.screen.query_one("#supervision-figures", Static)
        figures.scroll_visible(animate=False)
        expected = T("supervision.period", promised=780, given=390, share=50)
        await settle_until(
            pilot, lambda: squeezed(expected) in squeezed(region_text(app, figures)), "figures"
        )
        flag = T("supervision.flag", threshold=75)
        assert squeezed(flag) in squeezed(region_text(app, figures))
        assert figures.has_class("-short")


@pytest.mark.parametrize(
    ("student", "given", "flagged"), [("Lotte", 390, True), ("Daan", 780, False)]
)
async def test_the_placement_view_flags_a_place_that_gave_too_little(
    store: Store, student: str, given: int, flagged: bool
) -> None:
    supervision_year(store, "Lotte Hendriks", "Zorgboerderij De Linde", 390)
    supervision_year(store, "Daan Vermeulen", "Kinderopvang Het Anker", 780)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle_until(pilot, lambda: shows(app, "Lotte Hendriks"), "the list")
        await type_fast(pilot, student)
        await pilot.press("ctrl+o")
        await settle_until(pilot, lambda: isinstance(app.screen, PlacementScreen), "the placement")
        section = app.screen.query_one("#placement-supervision", Static)
        section.scroll_visible(animate=False)
        together = T("supervision.period", promised=3120, given=4 * given, share=given * 100 // 780)
        await settle_until(
            pilot,
            lambda: squeezed(together) in squeezed(region_text(app, section)),
            "the figures together",
        )
        flag = T("supervision.flag_placement", threshold=75)
        assert (squeezed(flag) in squeezed(region_text(app, section))) is flagged
