"""Following a meeting as it is written: what the follower's screen shows, and when it changes.

`Follower` looks at the read-only database (`readonly`) whenever the screen's timer asks, and
returns a new `View` only when there is something new to show: the minutes as
`minutes.render_minutes` gives them, whether they are still a draft, and whether following has
ended. It never writes; it has no way to.

Following through a share (a follow-only account, a link of `driehoek serve`) ends with the
share: when all three have signed, the follower sees the final minutes once more and then
nothing new; when the share is stopped, the minutes are taken off the screen.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from driehoek import shares
from driehoek.dates import format_date
from driehoek.domain import Meeting, Party
from driehoek.i18n import Catalogue, Lang
from driehoek.minutes import render_minutes
from driehoek.readonly import ReadOnlyDatabase, ReadOnlyReading
from driehoek.store import NotFound

POLL_SECONDS = 0.2
"""How often the follower's screen asks whether anything was saved: one `PRAGMA data_version`
(a few microseconds), so a save shows within a quarter of a second or so (bench: see the e2e
timings), well inside the second the issue asks for."""


class State(StrEnum):
    """Where following stands."""

    LIVE = "live"
    """Shown as it is saved."""
    SIGNED = "signed"
    """Through a share: all three have signed; these are the final minutes, nothing follows."""
    STOPPED = "stopped"
    """Through a share: the share was stopped; nothing is shown any more."""
    GONE = "gone"
    """The meeting is no longer there (its student was erased)."""
    WAITING = "waiting"
    """The file could not be read just now; the last minutes stay, and it is tried again."""


FINAL = frozenset({State.SIGNED, State.STOPPED, State.GONE})
"""States after which nothing changes any more: the follower stops looking."""


@dataclass(frozen=True)
class View:
    """What the follower's screen shows."""

    state: State
    title: str
    """The meeting in a few words: kind, student, date ("" once it is gone)."""
    markdown: str
    """The minutes ("" when there are none to show)."""
    signed: int
    """How many of the three parties have signed."""
    read_at: datetime | None
    """When the database was last read successfully."""
    detail: str = ""
    """Why the file could not be read (WAITING)."""


@dataclass(frozen=True)
class Target:
    """A meeting a follower may follow, and the share that lets her (None: the whole file)."""

    meeting_id: int
    share_id: int | None
    title: str
    """`meeting_title`: how it is named in a list."""


def meeting_title(meeting: Meeting, t: Catalogue) -> str:
    """`startgesprek · Joris Valkenier · 3 december 2026`: which meeting is followed."""
    day = format_date(meeting.day, t.lang) if meeting.day else t("value.invalid_date")
    student = meeting.placement.student
    return t("follow.meeting", kind=t.enum(meeting.kind), student=student, day=day)


class Follower:
    """Reads one meeting whenever asked, and says when what is shown must change.

    Args:
        database: The read-only database.
        meeting_id: The meeting followed.
        lang: The language of the minutes.
        clock: The time now (the moment of the last read is shown).
        share_id: The share it is followed through; None for a follower who may read the
            whole file anyway (`driehoek follow MEETING`), whose following never ends.
    """

    def __init__(
        self,
        database: ReadOnlyDatabase,
        meeting_id: int,
        lang: Lang,
        clock: Callable[[], datetime],
        *,
        share_id: int | None = None,
    ) -> None:
        self.database = database
        self.meeting_id = meeting_id
        self.t = Catalogue(lang)
        self.clock = clock
        self.share_id = share_id
        self.view: View | None = None

    def poll(self) -> View | None:
        """The new view if anything changed since the last call (the first call always gives
        one); None when the screen can stay as it is."""
        last = self.view
        if last is not None and last.state in FINAL:
            return None
        if last is not None and last.state is State.LIVE and not self.database.changed():
            return None
        try:
            view = self.database.read(self._look)
        except sqlite3.DatabaseError as e:
            view = View(
                State.WAITING,
                last.title if last else "",
                last.markdown if last else "",
                last.signed if last else 0,
                last.read_at if last else None,
                detail=str(e),
            )
        if last is not None and _same(view, last):
            return None
        self.view = view
        return view

    def _look(self, reading: ReadOnlyReading) -> View:
        now = self.clock()
        if self.share_id is not None:
            # The share first: while its row is there, its meeting is the one it was made for
            # (erasing a meeting takes its shares along, and a share's number is never given
            # again). A meeting's number may be: after the newest student is erased, the next
            # meeting gets hers, and nothing of that one may show here.
            share = shares.share(reading.db, self.share_id)
            if share is None or share.meeting_id != self.meeting_id:
                return View(State.GONE, "", "", 0, now)
        try:
            meeting = reading.meeting(self.meeting_id)
        except NotFound:
            return View(State.GONE, "", "", 0, now)
        title = meeting_title(meeting, self.t)
        signed = sum(1 for party in Party if meeting.signed(party))
        state = State.LIVE
        if self.share_id is not None and shares.live_share(reading.db, self.share_id) is None:
            state = State.SIGNED if shares.signed_by_all(meeting) else State.STOPPED
        if state is State.STOPPED:
            return View(state, title, "", signed, now)
        return View(state, title, render_minutes(meeting, self.t.lang), signed, now)


def _same(a: View, b: View) -> bool:
    """Whether two views show the same (the moment of reading aside)."""
    return (a.state, a.title, a.markdown, a.signed, a.detail) == (
        b.state,
        b.title,
        b.markdown,
        b.signed,
        b.detail,
    )
