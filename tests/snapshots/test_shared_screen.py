"""The shared screen: presentation (F2), the step only (F3) and help (F1), in both languages.

At a meeting the screen is a projector or a large monitor; between meetings, an 80x24 SSH
terminal. So the presentation is pictured at both 80x24 and 160x45 (where the minutes are
written beside the step), in Dutch and in English, on the demo data under a fixed clock. The
complete intake (Anouk de Wit) opens at its last step; ^b walks back to the workplace step,
the one with the most on it. Update with `--snapshot-update` only after looking at the report.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from driehoek.app import DriehoekApp, make_app
from driehoek.domain import MeetingKind
from driehoek.flow import STEPS, Step
from driehoek.i18n import LANGUAGES, Lang
from driehoek.store import Store

from .steady import pressed

SnapCompare = Callable[..., bool]
SMALL = (80, 24)
LARGE = (160, 45)
INTAKE = list(STEPS[MeetingKind.INTAKE])
TO_WORKPLACE = ["ctrl+b"] * (len(INTAKE) - 1 - INTAKE.index(Step.WORKPLACE))
"""From the review step, where a complete intake opens, back to the workplace step."""


def app_for(store: Store, lang: Lang, meeting: int | None = None) -> DriehoekApp:
    app = make_app(store, lang=lang, open_meeting=meeting)
    app.animation_level = "none"
    return app


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_presentation(
    snap_compare: SnapCompare, store: Store, demo: list[int], lang: Lang, size: tuple[int, int]
) -> None:
    app = app_for(store, lang, demo[0])
    assert snap_compare(app, run_before=pressed(*TO_WORKPLACE, "f2"), terminal_size=size)


def test_step_only(snap_compare: SnapCompare, store: Store, demo: list[int]) -> None:
    app = app_for(store, "nl", demo[0])
    assert snap_compare(app, run_before=pressed(*TO_WORKPLACE, "f3"), terminal_size=SMALL)


def test_presentation_of_the_step_only(
    snap_compare: SnapCompare, store: Store, demo: list[int]
) -> None:
    app = app_for(store, "en", demo[0])
    assert snap_compare(app, run_before=pressed(*TO_WORKPLACE, "f2", "f3"), terminal_size=LARGE)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_on_the_home_screen(
    snap_compare: SnapCompare, store: Store, demo: list[int], lang: Lang
) -> None:
    assert snap_compare(app_for(store, lang), run_before=pressed("f1"), terminal_size=SMALL)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_in_a_meeting(
    snap_compare: SnapCompare, store: Store, demo: list[int], lang: Lang
) -> None:
    app = app_for(store, lang, demo[0])
    assert snap_compare(app, run_before=pressed(*TO_WORKPLACE, "f1"), terminal_size=SMALL)


def test_home_in_english(snap_compare: SnapCompare, store: Store, demo: list[int]) -> None:
    assert snap_compare(app_for(store, "en"), terminal_size=SMALL)
