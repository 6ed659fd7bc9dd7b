"""One-line fields that show their whole text, from the start, while the cursor is elsewhere.

On a shared screen the room reads what the fields hold. A Textual `Input` is one line that
scrolls sideways to keep its cursor in view, and stays scrolled when the cursor leaves: a long
agreement showed "…oral in de middagen" and nothing before it. `WholeWhenLeft` draws a field
the cursor is not in as its whole text, wrapped over as many lines as it needs (the row grows
with it); the field with the cursor edits as an Input does, on one line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import Input

if TYPE_CHECKING:
    _Base = Input
else:
    _Base = object


class WholeWhenLeft(_Base):
    """Mix in before `Input`: unfocused, the field shows all its text, wrapped."""

    _whole: tuple[str, int, list[Text]] | None = None
    """The last wrapping: (value, width, lines), kept while neither changes."""

    def on_mount(self) -> None:
        # Another session's change, or a correction, changes the value with the cursor
        # elsewhere: the number of lines may change with it.
        self.watch(self, "value", self._value_changed, init=False)

    def _value_changed(self) -> None:
        # With the cursor in it the field is one line whatever its text: no layout for a key
        # typed (the stylesheet fixes its height while focused, issue 14).
        if not self.has_focus:
            self._relayout()

    def on_focus(self) -> None:
        self._relayout()  # one line to edit on

    def on_blur(self) -> None:
        self._relayout()  # all of it, from the start

    def _relayout(self) -> None:
        self.refresh(layout=True)

    @property
    def shows_whole(self) -> bool:
        """Whether the field is drawn as its whole text (not being edited, and not empty)."""
        return not self.has_focus and bool(self.value)

    def whole_lines(self, width: int) -> list[Text]:
        """The value wrapped at `width` cells: at spaces where it can, inside a word where a
        word is longer than the line."""
        if self._whole is None or self._whole[:2] != (self.value, width):
            text = Text(self.value, end="")
            lines = list(text.wrap(self.app.console, max(width, 1), overflow="fold"))
            self._whole = (self.value, width, lines or [Text("")])
        return self._whole[2]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self.shows_whole:
            return super().get_content_height(container, viewport, width)
        return len(self.whole_lines(width))

    def render_line(self, y: int) -> Strip:
        if not self.shows_whole:
            return super().render_line(y)
        width = self.scrollable_content_region.width
        lines = self.whole_lines(width)
        if y >= len(lines):
            return Strip.blank(width, self.rich_style)
        strip = Strip(list(lines[y].render(self.app.console)))
        return strip.extend_cell_length(width).crop(0, width).apply_style(self.rich_style)
