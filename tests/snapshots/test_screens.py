"""One snapshot per screen and state, at 80x24, on the demo data under a fixed clock.

Steps are reached with ^b from the review step (where a complete meeting opens), not with ^g:
what a snapshot shows should not depend on the go-to dialog. Update with `--snapshot-update`
only after looking at snapshot_report.html.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from driehoek.app import DriehoekApp, make_app
from driehoek.domain import MeetingKind
from driehoek.flow import STEPS as FLOWS
from driehoek.flow import Step
from driehoek.i18n import Lang
from driehoek.store import Store

from .steady import pressed

SnapCompare = Callable[..., bool]
SIZE = (80, 24)
STEPS = list(FLOWS[MeetingKind.INTAKE])  # an intake's steps, in order


def app_for(store: Store, *, lang: Lang = "nl", meeting: int | None = None) -> DriehoekApp:
    app = make_app(store, lang=lang, open_meeting=meeting)
    app.animation_level = "none"
    return app


def back_to(step: Step) -> list[str]:
    """The keys from the review step (the last) back to `step`."""
    return ["ctrl+b"] * (len(STEPS) - 1 - STEPS.index(step))


def test_home_with_placements(snap_compare: SnapCompare, store: Store, demo: list[int]) -> None:
    assert snap_compare(app_for(store), terminal_size=SIZE)


def test_home_search_finds_nothing(
    snap_compare: SnapCompare, store: Store, demo: list[int]
) -> None:
    assert snap_compare(app_for(store), run_before=pressed(*"Xander"), terminal_size=SIZE)


def test_new_intake_dialog(snap_compare: SnapCompare, store: Store, demo: list[int]) -> None:
    keys = ["ctrl+n", *"Sanne de Boer", "enter", *"Zorggroep"]
    assert snap_compare(app_for(store), run_before=pressed(*keys), terminal_size=SIZE)


@pytest.mark.parametrize("step", STEPS, ids=[f"{n}-{s.value}" for n, s in enumerate(STEPS, 1)])
def test_step_of_a_complete_intake(
    snap_compare: SnapCompare, store: Store, demo: list[int], step: Step
) -> None:
    app = app_for(store, meeting=demo[0])
    assert snap_compare(app, run_before=pressed(*back_to(step)), terminal_size=SIZE)


def test_step_of_a_new_intake(snap_compare: SnapCompare, store: Store, demo: list[int]) -> None:
    app = app_for(store, meeting=demo[4])  # Noor Bakker, just started: participants, mostly empty
    assert snap_compare(app, terminal_size=SIZE)


def test_goto_dialog(snap_compare: SnapCompare, store: Store, demo: list[int]) -> None:
    app = app_for(store, meeting=demo[3])  # half done: some steps marked, some not
    assert snap_compare(app, run_before=pressed("ctrl+g"), terminal_size=SIZE)


def test_minutes_preview(snap_compare: SnapCompare, store: Store, demo: list[int]) -> None:
    app = app_for(store, meeting=demo[0])
    assert snap_compare(app, run_before=pressed("ctrl+r"), terminal_size=SIZE)


def test_export_dialog(snap_compare: SnapCompare, store: Store, demo: list[int]) -> None:
    app = app_for(store, meeting=demo[0])
    assert snap_compare(app, run_before=pressed("ctrl+s"), terminal_size=SIZE)


def test_workplace_step_in_english(
    snap_compare: SnapCompare, store: Store, demo: list[int]
) -> None:
    app = app_for(store, lang="en", meeting=demo[0])
    assert snap_compare(app, run_before=pressed(*back_to(Step.WORKPLACE)), terminal_size=SIZE)


def test_review_step_in_english(snap_compare: SnapCompare, store: Store, demo: list[int]) -> None:
    app = app_for(store, lang="en", meeting=demo[0])
    assert snap_compare(app, terminal_size=SIZE)
