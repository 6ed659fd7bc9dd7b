"""A date that is no date, typed in a meeting at 80x24: leaving the field says what to type,
the field stays marked with the text in it, and nothing is saved (what was stored stays)."""

from __future__ import annotations

from datetime import date

import pytest

from driehoek.app import DriehoekApp, make_app
from driehoek.flow import Step
from driehoek.i18n import Catalogue
from driehoek.store import Store
from driehoek.widgets.value_fields import DateField
from waiting import settle_until

from .drive import SIZE, fill, jump_to, saved, squeezed, toasts
from .meetings import fresh_intake

T = Catalogue("nl")


def told(app: DriehoekApp, text: str) -> bool:
    return any(squeezed(text) in squeezed(toast) for toast in toasts(app))


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31-2-2027", T("meeting.bad_date", text="31-2-2027")),
        ("morgen", T("meeting.bad_date", text="morgen")),
        ("", T("meeting.need_date")),  # the meeting's own date is required
    ],
)
async def test_leaving_a_bad_date_says_what_to_type_and_keeps_the_text(
    store: Store, typed: str, message: str
) -> None:
    meeting_id = fresh_intake(store)
    before = store.meeting(meeting_id).day
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await jump_to(pilot, Step.PARTICIPANTS)
        field = app.screen.query_one("#meeting-date", DateField)
        await fill(pilot, field, typed)
        await pilot.press("tab")

        await settle_until(pilot, lambda: told(app, message), "what to type")
        assert field.has_class("-invalid")
        assert field.value == typed
        await saved(pilot)
        assert store.meeting(meeting_id).day == before

        await fill(pilot, field, "3-2-2027")  # put right: saved, the mark gone
        await pilot.press("tab")
        await saved(pilot)
        assert store.meeting(meeting_id).day == date(2027, 2, 3)
        assert not field.has_class("-invalid")
