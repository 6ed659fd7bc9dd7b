"""Start driehoek as the command line does and leave right after its first painted screen.

    python bench/first_paint.py --db PATH [--check]

The app is built exactly as `driehoek --db PATH` builds it (`open_connection`, a `Store` with the
wall clock and the user's name, `make_app(store, lang="nl")`) and run headless at 80x24. When
the home screen has been mounted (its `on_mount` has filled the list from the store), it asks
for one refresh and exits after it: the same moment at which the minimal yardstick app exits
(`call_after_refresh(self.exit)` in its `on_mount`).

Why a driver and not Textual's own hooks: `TEXTUAL_PRESS=ctrl+q` (with `TEXTUAL_DRIVER` set to
the headless driver) also ends the real command unchanged, but it presses the key once the app
is ready, not once the home screen has painted, and Ctrl+Q goes through driehoek's quit action
(which saves open meetings first); the moment it measures depends on how the two race. The
driver hooks the exit to the screen's first refresh, which is what the figure is about, and
changes nothing in the product. `bench/run.py` times the real command that way too, as a check.

--check   print the number of placements shown, to see the screen was really filled
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime
from pathlib import Path

import driehoek.cli  # noqa: F401  (what the `driehoek` command imports before anything else)
from driehoek.database import open_connection
from driehoek.store import Store


def main(argv: list[str] | None = None) -> int:
    """Run the app until its first paint; see the module docstring."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--check", action="store_true")
    a = p.parse_args(argv)

    from driehoek.app import make_app  # as the command line does: Textual only now

    store = Store(open_connection(a.db), clock=lambda: datetime.now(UTC), user=getpass.getuser())
    app = make_app(store, lang="nl")
    shown: list[int] = []

    async def exit_after_first_paint(pilot: object) -> None:
        screen = app.screen  # the home screen, pushed by the app's on_mount

        def mounted() -> None:
            # Runs after everything already queued for the screen, its mount included.
            if a.check:
                shown.append(len(screen.query_one("#placements").rows))  # type: ignore[attr-defined]
            screen.call_after_refresh(app.exit)

        screen.call_later(mounted)

    app.run(headless=True, size=(80, 24), auto_pilot=exit_after_first_paint)
    if a.check:
        print(f"placements shown: {shown}", file=sys.stderr)
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
