"""Checkboxes and radio buttons whose state shows in the glyph, not only in its colour.

Textual draws an unticked box as a dimmed `X`; on a projector, in 16 colours or for a
colour-blind reader that looks ticked. Ours draw the mark only when it is on.
"""

from __future__ import annotations

from textual.content import ContentText
from textual.widgets import Checkbox, RadioButton


class Tick(Checkbox):
    """A checkbox that shows `X` when ticked and nothing when not."""

    def __init__(
        self, label: ContentText, value: bool, *, id: str | None = None, compact: bool = False
    ) -> None:
        super().__init__(label, value, id=id, compact=compact)
        self.BUTTON_INNER = "X" if value else " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = "X" if self.value else " "
        super().watch_value()


class Choice(RadioButton):
    """A radio button that shows a dot when chosen and nothing when not."""

    def __init__(
        self, label: ContentText, value: bool, *, id: str | None = None, compact: bool = False
    ) -> None:
        super().__init__(label, value, id=id, compact=compact)
        self.BUTTON_INNER = "●" if value else " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = "●" if self.value else " "
        super().watch_value()
