"""The home screen's placement columns: how wide the names are, and what a cell and a
heading hold (`screens.home`)."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

STUDENT_WIDTH = 20
ORGANISATION_WIDTH = 24
"""The student's and the organisation's columns at 80 columns (long names end in …)."""


def name_widths(screen_width: int, student: int = 0, organisation: int = 0) -> tuple[int, int]:
    """The student's and the organisation's columns on a screen this wide, for names up to
    `student` and `organisation` cells long: every column beyond 80 goes to them, first so that
    each longest name is whole, the rest shared (a quarter to the student); where both cannot
    be whole, the room is shared by how long they are, each at least its width at 80."""
    room = STUDENT_WIDTH + ORGANISATION_WIDTH + max(0, screen_width - 80)
    want = max(STUDENT_WIDTH, student), max(ORGANISATION_WIDTH, organisation)
    spare = room - sum(want)
    if spare >= 0:
        return want[0] + spare // 4, want[1] + spare - spare // 4
    share = max(STUDENT_WIDTH, min(want[0], room * want[0] // sum(want)))
    share = min(share, room - ORGANISATION_WIDTH)
    return share, room - share


def where(organisation: str, team: str) -> str:
    """The organisation and the team, as the list shows them."""
    return " · ".join(x for x in (organisation, team) if x)


def fit(text: str, width: int) -> Content:
    """A cell's text, ending in … when it is cut (a table cuts without saying so)."""
    return Content(text if len(text) <= width else text[: width - 1] + "…")


def label(text: str) -> Text:
    """A column's heading as plain text: a string would be read as Rich markup, which loads
    Rich's table of emoji names (about 1 MiB) at the first paint (bench/findings.md)."""
    return Text(text)
