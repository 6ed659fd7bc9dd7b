"""The demo's record after the table: minutes reopened (and changed since), and notes in a
placement's log between meetings. Added after the rest of the demo, so every other row keeps
its id. Every name is made up."""

from __future__ import annotations

from datetime import timedelta

from driehoek import logbook, signing
from driehoek.domain_log import LogKind, MeetingState
from driehoek.store import Store

REOPENED_STUDENT = "Tim Hendriks"
LOG_STUDENT = "Sem Verbeek"
"""Not Anouk de Wit: README's quick-entry tasks start from her placement as the demo left it."""
REASON = "De werkbegeleider wilde de terugkomdagen in de toelichting genoemd zien."
NOTE = "Gebeld met de werkbegeleider: het rooster voor de komende weken is rond."


def seed_record(store: Store) -> None:
    """Reopen one signed intake and change it (it waits to be signed again); write a note and
    an agreement kept in the log of a placement whose latest minutes are signed (a student of
    each, named above)."""
    for placement in store.placements("", limit=100):
        meetings = store.meetings(placement.id)
        if not meetings:
            continue
        intake = meetings[-1]
        if placement.student == REOPENED_STUDENT and intake.state is MeetingState.SIGNED:
            _reopen(store, intake.id)
        if placement.student == LOG_STUDENT and meetings[0].state is MeetingState.SIGNED:
            _log(store, placement.id)


def _log(store: Store, placement_id: int) -> None:
    today = store.today()
    logbook.add(store, placement_id, LogKind.NOTE, today - timedelta(days=9), NOTE)
    kept = logbook.open_agreements(store.db, placement_id)
    if kept:
        day = today - timedelta(days=2)
        logbook.add(store, placement_id, LogKind.KEPT, day, agreement_id=kept[0].id)


def _reopen(store: Store, meeting_id: int) -> None:
    signing.reopen(store, meeting_id, REASON)
    m = store.meeting(meeting_id)
    store.update_meeting(
        meeting_id, m.version, learning_note="Leert op de werkvloer en op de terugkomdagen."
    )
