"""Signed means signed, as a coordinator meets it at the keyboard (80x24 and 160x45): minutes
all three signed are read-only with a line saying how to reopen; reopening asks a reason and
the minutes say so with what changed; quick entry on signed minutes goes to the placement's log
between meetings, which the next evaluation starts from. All names are invented."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widget import Widget
from textual.widgets import Checkbox, Input

from driehoek import logbook
from driehoek.app import make_app
from driehoek.domain import Disposition, Part, PlacementStatus, Ref
from driehoek.domain_log import LogKind, MeetingState
from driehoek.flow import Step
from driehoek.minutes import render_minutes
from driehoek.screens.home import HomeScreen
from driehoek.screens.meeting import MeetingScreen
from driehoek.screens.placement import PlacementScreen
from driehoek.screens.signed_dialogs import LogDialog, ReopenDialog
from driehoek.store import Store
from driehoek.widgets.fields import Bound
from waiting import settle_until

from .drive import AppPilot, driehoek, jump_to, saved, screen_lines, shows, toasts, type_text
from .meetings import complete_intake

SIZES = [(80, 24), (160, 45)]
REASON = "De werkbegeleider las het besluit anders"


def started(store: Store, meeting_id: int) -> int:
    """The placement of a signed intake, started in September (so it can be evaluated)."""
    p = store.meeting(meeting_id).placement
    store.edit(
        Ref(Part.PLACEMENT, p.id),
        p.version,
        {"start": date(2026, 9, 1), "status": PlacementStatus.RUNNING.value},
    )
    return p.id


async def until_shown(pilot: AppPilot, text: str) -> None:
    app = driehoek(pilot)
    await settle_until(pilot, lambda: shows(app, text), f"{text!r} on screen")


@pytest.mark.parametrize("size", SIZES)
async def test_signed_minutes_are_read_only_and_reopen_with_a_reason(
    store: Store, size: tuple[int, int]
) -> None:
    meeting_id = complete_intake(store)
    before = store.meeting(meeting_id)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=size, notifications=True) as pilot:
        await until_shown(
            pilot, "Door alle drie getekend: alleen lezen. ^u heropent (met een reden)."
        )
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.query_one("#closed-bar").size.height == 1  # one line, even at 80x24
        # On every step: each field is disabled; typing, Ctrl+T (add) and deleting a line
        # reach nothing, and the keys that would write say how to reopen.
        for step in (Step.PARTICIPANTS, Step.AGREEMENTS, Step.REVIEW):
            await jump_to(pilot, step)
            await until_shown(pilot, "alleen lezen")
            fields = [
                w
                for w in screen.query("*")
                if isinstance(w, Bound | Checkbox) and isinstance(w, Widget)
            ]
            assert fields
            assert all(w.is_disabled for w in fields)
            await type_text(pilot, "xyz ")
            await pilot.press("ctrl+t")
            await screen.action_delete_item()
        await settle_until(
            pilot, lambda: any("heropen het eerst met ^u" in t for t in toasts(app)), "refusal"
        )
        footer = screen_lines(app)[-1]
        assert "^u Heropenen" in footer
        assert "^t" not in footer  # nothing to add to signed minutes
        assert store.meeting(meeting_id) == before

        # Ctrl+U asks why; without a reason nothing happens.
        await pilot.press("ctrl+u")
        await settle_until(pilot, lambda: isinstance(app.screen, ReopenDialog), "the dialog")
        await pilot.press("enter")
        await until_shown(pilot, "Geef een reden om te heropenen.")
        assert store.meeting(meeting_id).closed
        await type_text(pilot, REASON)
        await pilot.press("enter")
        await settle_until(pilot, lambda: app.screen is screen, "back in the meeting")
        await settle_until(pilot, lambda: not store.meeting(meeting_id).closed, "reopened")
        assert store.meeting(meeting_id).sign_offs == ()
        assert not shows(app, "alleen lezen")
        # Now it can change: a new agreement, typed in.
        await jump_to(pilot, Step.AGREEMENTS)
        await pilot.press("ctrl+t")
        await settle_until(
            pilot, lambda: isinstance(app.focused, Input) and app.focused.value == "", "new line"
        )
        await type_text(pilot, "Na drie weken opnieuw bellen")
        await saved(pilot)

    m = store.meeting(meeting_id)
    assert m.state is MeetingState.REOPENED
    assert [a.text for a in m.agreements][-1] == "Na drie weken opnieuw bellen"
    minutes = render_minutes(m, "nl")
    assert minutes.startswith("# CONCEPT – Verslag startgesprek: Noa Dijkstra\n")
    assert f"Heropend op 28 november 2026 door tester: {REASON}" in minutes
    assert "Afspraak toegevoegd: ‘Na drie weken opnieuw bellen’" in minutes
    actions = [r[0] for r in store.db.execute("SELECT action FROM audit ORDER BY id")]
    assert "reopen" in actions


@pytest.mark.parametrize("size", SIZES)
async def test_quick_entry_on_signed_minutes_goes_to_the_log_and_the_next_evaluation(
    store: Store, size: tuple[int, int]
) -> None:
    intake_id = complete_intake(store)
    placement_id = started(store, intake_id)
    before = store.meeting(intake_id)
    app = make_app(store)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle_until(pilot, lambda: isinstance(app.screen, HomeScreen), "the list")
        await until_shown(pilot, "Noa Dijkstra")
        # Ctrl+T on the list: the intake is signed, so the log opens, saying why.
        await pilot.press("ctrl+t")
        await settle_until(pilot, lambda: isinstance(app.screen, LogDialog), "the log")
        await until_shown(pilot, "in het logboek van de stage, niet in dat verslag")
        await type_text(pilot, "Gebeld: het rooster is rond")
        await pilot.press("enter")
        await settle_until(pilot, lambda: isinstance(app.screen, HomeScreen), "back home")
        assert store.meeting(intake_id) == before  # the signed minutes are as they were
        # The placement view shows the log; Ctrl+T there marks the agreement kept.
        await pilot.press("ctrl+o")
        await settle_until(pilot, lambda: isinstance(app.screen, PlacementScreen), "placement")
        await until_shown(pilot, "notitie: Gebeld: het rooster is rond")
        await pilot.press("ctrl+t")
        await settle_until(pilot, lambda: isinstance(app.screen, LogDialog), "the log")
        await pilot.press("tab")  # from the note to the open agreements
        await pilot.press("enter")
        await settle_until(pilot, lambda: isinstance(app.screen, PlacementScreen), "placement")
        await until_shown(pilot, "afspraak nagekomen: ‘Wekelijks nabespreken’")
        await until_shown(pilot, "wacht op de volgende evaluatie")
        # The next evaluation starts from it, on the step that reviews the agreements.
        await pilot.press("ctrl+e")
        await settle_until(pilot, lambda: isinstance(app.screen, MeetingScreen), "evaluation")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        await jump_to(pilot, Step.OPEN_AGREEMENTS)
        await until_shown(pilot, "Tussen de gesprekken")
        await until_shown(pilot, "Gebeld: het rooster is rond")
        await until_shown(pilot, "logboek: nagekomen op 28-11-2026")
        evaluation = store.meeting(screen.meeting.id)

    assert [e.kind for e in evaluation.between] == [LogKind.NOTE, LogKind.KEPT]
    assert [r.disposition for r in evaluation.reviews] == [Disposition.DONE]
    assert all(e.meeting_id == evaluation.id for e in logbook.entries(store.db, placement_id))
    assert "## Tussen de gesprekken" in render_minutes(evaluation, "nl")
