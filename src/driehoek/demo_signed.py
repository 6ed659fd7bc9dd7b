"""The demo's record after the table: minutes reopened (and changed since), and notes in a
placement's log between meetings. Added after the rest of the demo, so every other row keeps
its id. Every name is made up."""

from __future__ import annotations

from datetime import timedelta

from driehoek import logbook, signing
from driehoek.domain_log import LogKind, MeetingState
from driehoek.store import Store

REOPENED_STUDENT = "Tim Hendriks"
REASON = "De werkbegeleider wilde de terugkomdagen in de toelichting genoemd zien."
NOTE = "Gebeld met de werkbegeleider: het rooster voor de komende weken is rond."


def seed_record(store: Store) -> None:
    """Reopen one signed intake and change it (it waits to be signed again); write a note and
    an agreement kept in the log of a placement whose latest minutes are signed."""
    today = store.today()
    for placement in store.placements("", limit=100):
        meetings = store.meetings(placement.id)
        if not meetings:
            continue
        intake = meetings[-1]
        if placement.student == REOPENED_STUDENT and intake.state is MeetingState.SIGNED:
            _reopen(store, intake.id)
        latest = meetings[0]
        if latest.state is MeetingState.SIGNED and not logbook.entries(store.db, placement.id):
            kept = logbook.open_agreements(store.db, placement.id)
            if kept:
                logbook.add(store, placement.id, LogKind.NOTE, today - timedelta(days=9), NOTE)
                logbook.add(
                    store,
                    placement.id,
                    LogKind.KEPT,
                    today - timedelta(days=2),
                    agreement_id=kept[0].id,
                )
                return


def _reopen(store: Store, meeting_id: int) -> None:
    signing.reopen(store, meeting_id, REASON)
    m = store.meeting(meeting_id)
    store.update_meeting(
        meeting_id, m.version, learning_note="Leert op de werkvloer en op de terugkomdagen."
    )
