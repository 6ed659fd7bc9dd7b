"""The meeting a placement's preparation form is for (`driehoek prepare --placement ID`).

A placement a school's list brought in is "gepland" and has no meeting yet, while that is
exactly when the parties prepare. So the form can be asked for by placement: with no meeting
yet, its intake is started as Ctrl+N starts it in the app (`Store.start_intake`: dated today,
the participants named from what the list knew); with a meeting still open (not signed by all
three), that one is used, so a second form never makes a second intake. With every meeting
signed, the next one is an evaluation, which carries the last one along as it is started: the
table starts it (Ctrl+E), and its number is then what `driehoek prepare MEETING` takes.

A meeting started here is kept when it is left unwritten: a form was handed out for it
(`drafts`).
"""

from __future__ import annotations

from dataclasses import dataclass

from driehoek.domain import MeetingKind, MeetingSummary, Party
from driehoek.store import Store


class NothingOpen(Exception):
    """Every meeting of the placement is signed by all three: no form without a new one."""


@dataclass(frozen=True)
class Chosen:
    """The meeting the form is for, and whether it was started for it."""

    meeting_id: int
    kind: MeetingKind
    started: bool


def _open(summary: MeetingSummary) -> bool:
    return summary.signed_by < len(Party)


def meeting_for(store: Store, placement_id: int) -> Chosen:
    """The placement's open meeting, its intake started if it has no meeting yet.

    Raises:
        NotFound: No such placement.
        NothingOpen: All its meetings are signed by all three.
    """
    # Under the write lock: two forms asked for at once make one intake, not two.
    with store.transaction():
        store.placement(placement_id)  # NotFound
        meetings = store.meetings(placement_id)  # newest first
        if not meetings:
            return Chosen(store.start_intake(placement_id), MeetingKind.INTAKE, started=True)
        still_open = [m for m in meetings if _open(m)]
        if not still_open:
            raise NothingOpen(placement_id)
        return Chosen(still_open[0].id, still_open[0].kind, started=False)
