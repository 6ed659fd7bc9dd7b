"""Snapshots of the evaluation and of the screens that follow a placement over time, at 80x24,
on the demo data under a fixed clock (and the fixed user of the test store).

The evaluation is Sem Verbeek's latest: complete and signed, so it opens at its review step,
and the other steps are reached with ^b from there. Update with `--snapshot-update` only after
looking at snapshot_report.html.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from driehoek.domain import MeetingKind
from driehoek.flow import STEPS as FLOWS
from driehoek.flow import Step
from driehoek.i18n import Catalogue
from driehoek.localize import localized
from driehoek.screens.conflict import Conflict, ConflictDialog
from driehoek.store import Store

from .test_screens import SIZE, SnapCompare, app_for

STEPS = list(FLOWS[MeetingKind.EVALUATION])  # an evaluation's steps, in order
T = Catalogue("nl")


def latest_evaluation(store: Store, demo: list[int]) -> int:
    """Sem Verbeek's latest evaluation (the demo's second placement): one agreement carried
    twice by then, answers, progress, a factor that changed, signed by all three."""
    placement = store.meeting(demo[1]).placement
    assert placement.student == "Sem Verbeek"
    latest = store.meetings(placement.id)[0]
    assert latest.kind is MeetingKind.EVALUATION
    return latest.id


def back_to(step: Step) -> list[str]:
    """The keys from the review step (the last) back to `step`."""
    return ["ctrl+b"] * (len(STEPS) - 1 - STEPS.index(step))


async def from_the_menu(pilot: Pilot[None], command: str) -> None:
    """Open the menu (^p), type the command's name and take it."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*command)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("step", STEPS, ids=[f"{n}-{s.value}" for n, s in enumerate(STEPS, 1)])
def test_step_of_an_evaluation(
    snap_compare: SnapCompare, store: Store, demo: list[int], step: Step
) -> None:
    app = app_for(store, meeting=latest_evaluation(store, demo))
    assert snap_compare(app, press=back_to(step), terminal_size=SIZE)


def test_placement_view(snap_compare: SnapCompare, store: Store, demo: list[int]) -> None:
    keys = [*"Sem", "ctrl+o"]
    assert snap_compare(app_for(store), press=keys, terminal_size=SIZE)


def test_workplace_report(snap_compare: SnapCompare, store: Store, demo: list[int]) -> None:
    async def open_report(pilot: Pilot[None]) -> None:
        await from_the_menu(pilot, T("cmd.workplaces"))

    assert snap_compare(app_for(store), run_before=open_report, terminal_size=SIZE)


def test_history_of_an_evaluation(snap_compare: SnapCompare, store: Store, demo: list[int]) -> None:
    async def open_history(pilot: Pilot[None]) -> None:
        await from_the_menu(pilot, T("cmd.history"))

    app = app_for(store, meeting=latest_evaluation(store, demo))
    assert snap_compare(app, run_before=open_history, terminal_size=SIZE)


def test_conflict_dialog(snap_compare: SnapCompare, store: Store, demo: list[int]) -> None:
    """The dialog as a clash over an agreement of earlier brings it up, over the meeting."""
    what = T("entity.dispositions")
    conflicts = [
        Conflict(what, "meenemen", "laten vallen"),
        Conflict(what, "Weer deels gelukt; blijft staan.", "Het team kiest een ander programma."),
    ]

    async def clash(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(localized(ConflictDialog, "nl")(conflicts, T))
        await pilot.pause()

    app = app_for(store, meeting=latest_evaluation(store, demo))
    assert snap_compare(app, run_before=clash, terminal_size=SIZE)
