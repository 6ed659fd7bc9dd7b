"""Keys pressed, then the screen let settle before the snapshot is taken."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot

from waiting import settle_until


def pressed(*keys: str) -> Callable[[Pilot[object]], Awaitable[None]]:
    """A `run_before` for `snap_compare`: press `keys`, then wait until two looks in a row
    show the same screen. A soft-wrapped note (a TextArea) can be drawn once before its width
    is known, as one long line cut at the edge, and wrapped on the next refresh: the snapshot
    is of what the room sees after that."""

    async def run_before(pilot: Pilot[object]) -> None:
        await pilot.press(*keys)
        looks: list[str] = []

        def steady() -> bool:
            looks.append(pilot.app.export_screenshot())
            return len(looks) >= 2 and looks[-1] == looks[-2]

        await settle_until(pilot, steady, "the same screen twice in a row")

    return run_before
