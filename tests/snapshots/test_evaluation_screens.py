"""Snapshots of the evaluation and of the screens that follow a placement over time, at 80x24,
on the demo data under a fixed clock (and the fixed user of the test store).

The evaluation is Sem Verbeek's latest: complete and signed, so it opens at its review step,
and the other steps are reached with ^b from there. Update with `--snapshot-update` only after
looking at snapshot_report.html.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from driehoek import signing
from driehoek.database import open_database
from driehoek.domain import MeetingKind, Part, Ref
from driehoek.flow import STEPS as FLOWS
from driehoek.flow import Step
from driehoek.i18n import Catalogue
from driehoek.store import Store
from ui.drive import driehoek, notice, tab_to, type_text
from waiting import settle_until

from .steady import pressed
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
    assert snap_compare(app, run_before=pressed(*back_to(step)), terminal_size=SIZE)


def test_placement_view(snap_compare: SnapCompare, store: Store, demo: list[int]) -> None:
    keys = [*"Sem", "ctrl+o"]
    assert snap_compare(app_for(store), run_before=pressed(*keys), terminal_size=SIZE)


def test_workplace_report(snap_compare: SnapCompare, store: Store, demo: list[int]) -> None:
    async def open_report(pilot: Pilot[None]) -> None:
        await from_the_menu(pilot, T("cmd.workplaces"))

    assert snap_compare(app_for(store), run_before=open_report, terminal_size=SIZE)


def test_history_of_an_evaluation(snap_compare: SnapCompare, store: Store, demo: list[int]) -> None:
    async def open_history(pilot: Pilot[None]) -> None:
        await from_the_menu(pilot, T("cmd.history"))

    app = app_for(store, meeting=latest_evaluation(store, demo))
    assert snap_compare(app, run_before=open_history, terminal_size=SIZE)


def test_clash_notice(snap_compare: SnapCompare, store: Store, demo: list[int]) -> None:
    """The notice under the step, as a clash over the reason of an agreement of earlier
    brings it up: the cursor stays in the reason, with what this user typed."""
    meeting_id = latest_evaluation(store, demo)
    # Signed by all three: only reopened minutes can change, and so clash.
    signing.reopen(store, meeting_id, "De redenen bij de afspraken aanvullen.")
    review = store.meeting(meeting_id).reviews[0]
    [path] = [row[2] for row in store.db.execute("PRAGMA database_list") if row[1] == "main"]
    other_db = open_database(Path(path))
    other = Store(other_db, clock=store.clock, user="coordinator-b")

    async def clash(pilot: Pilot[None]) -> None:
        app = driehoek(pilot)
        await pilot.press(*back_to(Step.OPEN_AGREEMENTS))
        await tab_to(pilot, f"#reason-{review.id}")
        # Typing, so nothing waits to be shown from the other session's save: the app run by
        # snap_compare shows notifications, and the poll's would land in the picture.
        await pilot.press("end", "space")
        ref = Ref(Part.DISPOSITION, review.id)
        other.edit(ref, review.version, {"reason": "Half gelukt; het team wil eerst zelf verder."})
        await type_text(pilot, "Het team kiest een ander programma.")
        await settle_until(pilot, lambda: "coordinator-b" in notice(app), "the clash is told")

    app = app_for(store, meeting=meeting_id)
    assert snap_compare(app, run_before=clash, terminal_size=SIZE)
    other_db.close()
