"""Planning that tells the truth, at the keyboard (80x24 and 160x45): Ctrl+E and Ctrl+N then
leaving without writing change nothing; an empty meeting is deleted with Del, asked first, and
the audit trail says so; a placement is "gepland" until its start, on the home screen and in
the placement view."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable

from driehoek import drafts
from driehoek.app import make_app
from driehoek.domain import Decision, MeetingKind
from driehoek.planning import due
from driehoek.screens.delete_meeting import DeleteMeetingDialog
from driehoek.screens.home import HomeScreen
from driehoek.screens.meeting import MeetingScreen
from driehoek.screens.new_intake import NewIntakeDialog
from driehoek.screens.placement import PlacementScreen
from driehoek.store import Store
from waiting import settle_until

from .drive import AppPilot, driehoek, saved, screen_text, shows, tab_to, toasts, type_fast

SIZES = [(80, 24), (160, 45)]


def _overdue(store: Store) -> int:
    """Yara's placement: intake 1 August 2026, suitable, evaluation overdue since 1 November."""
    meeting = store.new_intake("Yara Molendijk", "Woonzorg De Eik", day=date(2026, 8, 1))
    m = store.meeting(meeting)
    store.update_meeting(meeting, m.version, decision=Decision.SUITABLE)
    return m.placement.id


def _state(store: Store) -> tuple[object, ...]:
    meetings = store.db.execute("SELECT count(*) FROM meetings").fetchone()[0]
    placements = store.db.execute("SELECT count(*) FROM placements").fetchone()[0]
    return meetings, placements, [(d.placement_id, d.due, d.overdue) for d in due(store)]


async def _home(pilot: AppPilot) -> None:
    app = driehoek(pilot)
    await settle_until(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("leave", ["ctrl+l", "ctrl+q"])
async def test_ctrl_e_then_leaving_without_writing_changes_nothing(
    store: Store, size: tuple[int, int], leave: str
) -> None:
    _overdue(store)
    before = _state(store)
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await settle_until(pilot, lambda: shows(app, "Yara Molendijk"), "the list")
        await pilot.press("ctrl+e")
        await settle_until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the evaluation")
        await pilot.press(leave)
        if leave == "ctrl+l":
            await _home(pilot)
            await settle_until(pilot, lambda: shows(app, "!1-11-2026"), "still overdue")
            assert "(leeg)" not in screen_text(app)
    assert _state(store) == before


@pytest.mark.parametrize("size", SIZES)
async def test_ctrl_n_then_leaving_without_writing_leaves_no_placement(
    store: Store, size: tuple[int, int]
) -> None:
    before = _state(store)
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await _home(pilot)
        await pilot.press("ctrl+n")
        await settle_until(pilot, lambda: isinstance(app.screen, NewIntakeDialog), "the dialog")
        await type_fast(pilot, "Gijs Brouwershaven")
        await pilot.press("enter")
        await type_fast(pilot, "Bakkerij Koren")
        await pilot.press("enter")
        await settle_until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the intake")
        await pilot.press("ctrl+l")
        await _home(pilot)
        await settle_until(pilot, lambda: not shows(app, "Gijs"), "no placement listed")
    assert _state(store) == before


async def test_an_evaluation_written_in_stays_and_counts(store: Store) -> None:
    placement = _overdue(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_until(pilot, lambda: shows(app, "Yara Molendijk"), "the list")
        await pilot.press("ctrl+e")
        await settle_until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the evaluation")
        await type_fast(pilot, "Ruim op tijd begonnen")  # in the first field of the first step
        await saved(pilot)
        await pilot.press("ctrl+l")
        await _home(pilot)
    [item] = due(store, weeks=52)
    assert item.placement_id == placement
    assert not item.overdue
    assert store.meeting(item.meeting_id).kind is MeetingKind.EVALUATION
    assert not drafts.is_empty(store, item.meeting_id)


@pytest.mark.parametrize("size", SIZES)
async def test_an_empty_meeting_is_deleted_with_del_asked_first_and_audited(
    store: Store, size: tuple[int, int]
) -> None:
    placement = _overdue(store)
    left = store.new_evaluation(placement)  # left behind by a session that was killed
    app = make_app(store)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle_until(pilot, lambda: shows(app, "(leeg)"), "the empty evaluation, marked")
        await tab_to(pilot, "#meetings")
        await pilot.press("delete")
        await settle_until(
            pilot, lambda: isinstance(app.screen, DeleteMeetingDialog), "the question"
        )
        assert shows(app, "Leeg gesprek wissen?")
        await pilot.press("escape")  # first: no
        await _home(pilot)
        assert shows(app, "(leeg)")
        await pilot.press("delete")
        await settle_until(
            pilot, lambda: isinstance(app.screen, DeleteMeetingDialog), "the question"
        )
        await pilot.press("enter")
        await _home(pilot)
        await settle_until(pilot, lambda: not shows(app, "(leeg)"), "the meeting gone")
        # The intake has a decision: not deleted, and one line says why.
        await pilot.press("delete")
        await settle_until(
            pilot,
            lambda: any("al iets geschreven" in x for x in toasts(app)),
            "why the intake stays",
        )
        assert isinstance(app.screen, HomeScreen)
    assert store.db.execute("SELECT count(*) FROM meetings WHERE id = ?", [left]).fetchone()[0] == 0
    assert (
        store.db.execute(
            "SELECT count(*) FROM audit WHERE action = 'delete_empty' AND entity_id = ?", [left]
        ).fetchone()[0]
        == 1
    )
    assert len(store.meetings(placement)) == 1


@pytest.mark.parametrize("size", SIZES)
async def test_a_placement_is_planned_until_its_start(store: Store, size: tuple[int, int]) -> None:
    placement = _overdue(store)
    p = store.placement(placement)
    store.update_placement(placement, p.version, start=date(2027, 2, 1), end=date(2027, 12, 31))
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await settle_until(pilot, lambda: shows(app, "Yara Molendijk"), "the list")
        table = app.screen.query_one("#placements", DataTable)
        assert "gepland" in str(table.get_row_at(0)[2])
        assert shows(app, "1-5-2027")  # the intake's next date: the start plus three months
        await pilot.press("ctrl+o")
        await settle_until(pilot, lambda: isinstance(app.screen, PlacementScreen), "placement")
        await settle_until(
            pilot, lambda: shows(app, "Status: gepland tot de start op 1-2-2027"), "the status"
        )
