"""The minutes beside the step on a wide shared screen (F2): they follow the step being edited,
and what the last change altered is marked.

The room reads the minutes while the coordinator types. Left at the top, they showed the
header and the participants whatever step the table was in. This widget scrolls its container
to the section of the current step (by its heading), and when a save changes the minutes it
marks the lines that changed with a bar in the margin, bringing them into view if they lie
outside it. The mark stays until the next change, so "what did we just write" can be read
back after the step moves on.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from rich.segment import Segment
from rich.style import Style
from textual.containers import ScrollableContainer
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from driehoek.domain import MeetingKind
from driehoek.flow import Step, label_key
from driehoek.widgets.minutes_view import rendered

_SECTIONS = {
    "participants": "minutes.participants",
    "learning": "minutes.learning",
    "workplace": "minutes.workplace",
    "support": "minutes.support",
    "agreements": "minutes.agreements",
    "new_agreements": "minutes.new_agreements",
    "decision": "minutes.decision",
    "continuation": "minutes.continuation",
    "review": "minutes.signoff",
    "open_agreements": "minutes.reviews",
    "questions": "minutes.questions",
    "progress": "minutes.progress",
}


def section_key(kind: MeetingKind, step: Step) -> str:
    """The catalogue key of the minutes' heading for the part a step writes."""
    return _SECTIONS[label_key(kind, step)]


MARK = "▌"
"""In the margin of each line the last change altered."""

_GUTTER = 2
"""The margin's width: the mark and a space."""


class LiveMinutes(Widget):
    """Read-only minutes that follow a section and mark the last change; call `show`."""

    DEFAULT_CSS = """
    LiveMinutes {
        height: auto;
        padding: 0 1 0 0;
    }
    LiveMinutes > .live-minutes--mark {
        color: $accent;
        text-style: bold;
    }
    LiveMinutes > .live-minutes--changed {
        background: $accent 15%;
    }
    """

    COMPONENT_CLASSES = {"live-minutes--mark", "live-minutes--changed"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._markdown = ""
        self._before: str | None = None
        """The minutes as they were before the last change (None: no change seen yet)."""
        self._heading = ""
        self._laid_out: tuple[str, int] | None = None
        """What `_lines` hold: the minutes and the width they were laid out at."""
        self._lines: list[Strip] = []
        self._changed: frozenset[int] = frozenset()
        self._heading_line = 0
        self._just_changed = False
        """Whether the last `show` changed the minutes (then the change is kept in sight)."""

    @property
    def changed_lines(self) -> frozenset[int]:
        """The lines (from the top) the last change altered."""
        return self._changed

    def show(self, markdown: str, heading: str) -> None:
        """Show `markdown`, scrolled to the section headed `heading`; what differs from the
        minutes shown before is marked as the last change and brought into view."""
        self._just_changed = bool(self._markdown) and markdown != self._markdown
        if self._just_changed:
            self._before = self._markdown
        self._markdown = markdown
        self._heading = heading
        self._laid_out = None
        self.refresh(layout=True)
        self.call_after_refresh(self._follow)

    # -- laying out -------------------------------------------------------------------------

    def _lines_of(self, markdown: str, width: int) -> list[list[Segment]]:
        console = self.app.console
        options = console.options.update_width(max(width, 1))
        return console.render_lines(rendered(markdown), options, pad=False)

    def _lay_out(self, width: int) -> None:
        width = max(width - _GUTTER, 1)
        if self._laid_out == (self._markdown, width):
            return
        lines = self._lines_of(self._markdown, width)
        plain = [_plain(line) for line in lines]
        self._lines = [Strip(line) for line in lines]
        self._changed = frozenset()
        if self._before is not None:
            before = [_plain(line) for line in self._lines_of(self._before, width)]
            self._changed = _changed_lines(before, plain)
        self._heading_line = next(
            (y for y, line in enumerate(lines) if _is_heading(line, self._heading)), 0
        )
        self._laid_out = (self._markdown, width)
        # Laid out anew (other minutes, another width: a scroll bar came or went), the lines
        # moved: follow again once the layout is done.
        self.call_after_refresh(self._follow)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        self._lay_out(width)
        return len(self._lines)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        self._lay_out(width)
        if y >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        base = self.rich_style
        if y in self._changed:
            mark_style = base + self.get_component_rich_style("live-minutes--mark")
            line = self._lines[y].apply_style(
                self.get_component_rich_style("live-minutes--changed")
            )
            gutter = [Segment(MARK, mark_style), Segment(" ", base)]
        else:
            line, gutter = self._lines[y], [Segment(" " * _GUTTER, base)]
        strip = Strip([*gutter, *line.apply_style(base)])
        return strip.extend_cell_length(width, base).crop(0, width)

    # -- following --------------------------------------------------------------------------

    def _follow(self) -> None:
        """Scroll the container to the section's heading; after a change, to the change if
        it would be out of sight there."""
        scroller = self.parent
        if not isinstance(scroller, ScrollableContainer) or self.size.width <= _GUTTER:
            return  # not shown (a narrow screen): laid out once it is
        self._lay_out(self.size.width)
        top = self._heading_line
        seen = max(scroller.scrollable_content_region.height, 1)
        if self._just_changed and self._changed:
            first, last = min(self._changed), max(self._changed)
            if first < top or last >= top + seen:
                top = max(first - seen // 3, 0)
        scroller.scroll_to(y=self.virtual_region.y + top, animate=False, immediate=True)


def _plain(line: list[Segment]) -> str:
    return "".join(segment.text for segment in line).rstrip()


def _is_heading(line: list[Segment], heading: str) -> bool:
    """Whether a rendered line is the heading: its text, in bold (a paragraph that happens to
    read the same is not bold: typed emphasis is escaped in the minutes)."""
    if not heading or _plain(line).strip() != heading:
        return False
    return all(isinstance(s.style, Style) and bool(s.style.bold) for s in line if s.text.strip())


def _changed_lines(before: list[str], after: list[str]) -> frozenset[int]:
    """The lines of `after` that are new or different from `before` (blank ones left out);
    where lines were only removed, the line that now stands in their place."""
    changed: set[int] = set()
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, _, _, start, end in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            changed.update(range(start, end))
        elif tag == "delete" and after:
            changed.add(min(start, len(after) - 1))
    return frozenset(y for y in changed if after[y].strip())
