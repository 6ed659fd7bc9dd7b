"""The minutes shown in the app, as Markdown rendered by Rich in a single widget.

One widget rather than Textual's Markdown (a widget per block): a full set of minutes
renders about six times faster, which keeps the review step and the preview instant. The
minutes hold no raw HTML or links (`mdtext` escapes them), and Rich is told not to make
hyperlinks, so nothing in them can be clicked or open a browser on a shared server.
"""

from __future__ import annotations

from rich.markdown import Markdown
from textual.widgets import Static


class MinutesView(Static):
    """Read-only minutes; call `show` with new Markdown."""

    DEFAULT_CSS = """
    MinutesView { height: auto; padding: 0 1; }
    """

    def __init__(self, markdown: str, *, id: str | None = None) -> None:
        super().__init__(Markdown(markdown, hyperlinks=False), id=id)

    def show(self, markdown: str) -> None:
        """Replace the minutes shown."""
        self.update(Markdown(markdown, hyperlinks=False))
