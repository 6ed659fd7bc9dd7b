"""The minutes shown in the app, as Markdown rendered by Rich in a single widget.

One widget rather than Textual's Markdown (a widget per block): a full set of minutes
renders about six times faster, which keeps the review step and the preview instant. The
minutes hold no raw HTML or links (`mdtext` escapes them), and Rich is told not to make
hyperlinks, so nothing in them can be clicked or open a browser on a shared server.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.style import Style
from rich.theme import Theme
from textual.widgets import Static

# Rich's defaults colour headings magenta and underline them, which reads as a link; the
# minutes use weight, not colour, and leave colour to the app's theme. The app pushes this
# onto its console once.
MINUTES_THEME = Theme(
    {
        "markdown.h1": Style(bold=True),
        "markdown.h2": Style(bold=True),
        "markdown.h3": Style(bold=True, italic=True),
        "markdown.table.header": Style(bold=True),
        "markdown.table.border": Style(dim=True),
        "markdown.item.number": Style(bold=True),
    },
    inherit=True,
)


def rendered(markdown: str) -> RenderableType:
    """The minutes as Rich renders them in the app."""
    # Imported here: rich.markdown brings markdown-it-py, which the home screen, and so the
    # start of the app (that pushes MINUTES_THEME), can do without.
    from rich.markdown import Markdown

    # A fenced block (the workplace report's chart) in the terminal's own colours: Rich's
    # default code theme paints a dark box that clashes with a light app theme.
    return Markdown(markdown, hyperlinks=False, code_theme="ansi_dark")


class MinutesView(Static):
    """Read-only minutes; call `show` with new Markdown."""

    DEFAULT_CSS = """
    MinutesView { height: auto; padding: 0 1; }
    """

    def __init__(self, markdown: str, *, id: str | None = None) -> None:
        super().__init__(rendered(markdown), id=id)

    def show(self, markdown: str) -> None:
        """Replace the minutes shown."""
        self.update(rendered(markdown))
