"""The workplace report in the app, from the menu, at 80x24 and on the wall at 160x45: the
demo's workplace whose factors changed over a year shows its quarterly chart, row by row, each
row whole on one line of the screen."""

from __future__ import annotations

import pytest

from driehoek.app import make_app
from driehoek.demo import seed_demo
from driehoek.i18n import Catalogue
from driehoek.screens.workplaces import WorkplacesScreen
from driehoek.store import Store
from waiting import settle_until

from .drive import AppPilot, driehoek, screen_lines, shows, type_fast

T = Catalogue("nl")
SCROLLBAR = " ▁▂▃▄▅▆▇█"
WORKPLACE = "Zorgcentrum De Wilgenhoek"
CHART = [
    "Kwartaal  Stages  1       2       3       4       5       6",
    "2025 K4        1  ~       -       -       +       -       ~",
    "2026 K1        1  +       -       ~       +       -       +",
    "2026 K2        1  +       ~       +       +       -       +",
    "2026 K3        2  ++      +~      ++      ++      ~~      ++",
    "2026 K4        2  ++      +~      ++      ++      ~~      ++",
]
"""Yara's intake a year ago found little room to learn; each quarter found more; Tim joined in
the third quarter. Tim's latest evaluation (support absent) is a draft: it does not count."""


async def open_report(pilot: AppPilot) -> None:
    """From the home screen, through the menu, as a coordinator would."""
    app = driehoek(pilot)
    await pilot.press("ctrl+p")
    await type_fast(pilot, T("cmd.workplaces"))
    await pilot.press("enter")
    await settle_until(
        pilot, lambda: isinstance(app.screen, WorkplacesScreen), "the workplace report"
    )


async def read_down(pilot: AppPilot, until: str) -> list[str]:
    """Page down through the report, collecting what the screen shows, until `until` is on
    it (or the report ends); returns the lines seen, in order."""
    app = driehoek(pilot)
    seen: list[str] = []
    for _ in range(80):
        lines = screen_lines(app)
        seen += lines
        if any(until in line for line in lines):
            return seen
        await pilot.press("pagedown")
        await pilot.pause()
        if screen_lines(app) == lines:
            break
    return seen


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
async def test_the_chart_of_a_workplace_whose_factors_changed(
    store: Store, size: tuple[int, int]
) -> None:
    seed_demo(store)
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await open_report(pilot)
        # The legend comes first: signs, not colour alone.
        assert shows(app, T("report.signs"))
        lines = await read_down(pilot, CHART[-1])
        heading = next(
            i for i, line in enumerate(lines) if line.rstrip(SCROLLBAR).strip() == WORKPLACE
        )
        after = lines[heading:]
        found = [next(i for i, line in enumerate(after) if row in line) for row in CHART]
        assert found == sorted(found), found  # in order, each row whole on one line
        assert all(len(line) <= size[0] for line in lines)
