"""The reference Textual apps driehoek is measured against (as in ../shared/perf/sample_app.py).

    python bench/yardsticks.py minimal [--exit] [--headless]
    python bench/yardsticks.py input [--width W]
    python bench/yardsticks.py textarea [--width W] [--height H]

minimal   one Label: the least a Textual app shows.
input     a Label and a bare, focused `Input` (Textual's defaults: a border, a blinking cursor),
          then a Footer.
textarea  a Label and a bare, focused `TextArea` (Textual's defaults), then a Footer; give it
          the size of the driehoek field it stands for.

Every app shows PERF-READY once its first screen is painted. `--exit` leaves right after the
first paint (`call_after_refresh(self.exit)` in `on_mount`); Ctrl+Q quits.
"""

from __future__ import annotations

import argparse
import sys

from textual.app import App, ComposeResult
from textual.widgets import Footer, Input, Label, TextArea

READY = "PERF-READY"


class Yardstick(App[None]):
    """One of the reference apps."""

    def __init__(self, mode: str, *, exit_after_paint: bool, width: int, height: int) -> None:
        super().__init__()
        self.mode = mode
        self.exit_after_paint = exit_after_paint
        self.width = width
        self.height = height

    def compose(self) -> ComposeResult:
        yield Label(READY)
        if self.mode == "input":
            yield Input(id="field")
            yield Footer()
        elif self.mode == "textarea":
            yield TextArea(id="field")
            yield Footer()

    def on_mount(self) -> None:
        if self.mode != "minimal":
            field = self.query_one("#field")
            if self.width:
                field.styles.width = self.width
            if self.height:
                field.styles.height = self.height
            field.focus()
        if self.exit_after_paint:
            self.call_after_refresh(self.exit)


def main(argv: list[str] | None = None) -> int:
    """Run one reference app; see the module docstring."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("mode", choices=["minimal", "input", "textarea"])
    p.add_argument("--exit", action="store_true", dest="exit_after_paint")
    p.add_argument("--headless", action="store_true")
    p.add_argument("--width", type=int, default=0, help="the field's width (default: Textual's)")
    p.add_argument("--height", type=int, default=0, help="the field's height")
    a = p.parse_args(argv)
    app = Yardstick(a.mode, exit_after_paint=a.exit_after_paint, width=a.width, height=a.height)
    app.run(headless=a.headless)
    return 0


if __name__ == "__main__":
    sys.exit(main())
