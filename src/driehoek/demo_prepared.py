"""The demo's preparations: the student and the workplace prepared today's intake, and differ
on one factor, so a new user who opens it sees the flag in the workplace step (and, where they
agree, the answer filled in as the starting point). Names and words are invented."""

from __future__ import annotations

from driehoek import prepared
from driehoek.domain import Factor, FactorStatus, MeetingKind, Party
from driehoek.domain_log import MeetingState
from driehoek.preparation import Preparation, PreparedFactor
from driehoek.store import Store

PREPARED_STUDENT = "Noor Bakker"
"""The student whose intake (today, still empty) the two parties prepared."""

_VIEWS = {
    Party.STUDENT: (
        PreparedFactor(Factor.INVOLVEMENT, FactorStatus.PRESENT, "Ik mag mee naar teamoverleg."),
        PreparedFactor(Factor.AUTONOMY, FactorStatus.ABSENT, "Ik moet alles eerst vragen."),
        PreparedFactor(Factor.SUPPORT, FactorStatus.PRESENT, ""),
    ),
    Party.WORKPLACE: (
        PreparedFactor(Factor.INVOLVEMENT, FactorStatus.PRESENT, ""),
        PreparedFactor(
            Factor.AUTONOMY,
            FactorStatus.PRESENT,
            "Ze plant haar eigen activiteiten met de kinderen.",
        ),
        PreparedFactor(Factor.SUPPORT, FactorStatus.PRESENT, "Elke vrijdag intervisie."),
    ),
}


def seed_preparations(store: Store) -> None:
    """Keep the student's and the workplace's preparation of `PREPARED_STUDENT`'s intake."""
    for placement in store.placements("", limit=100):
        if placement.student != PREPARED_STUDENT:
            continue
        for meeting in store.meetings(placement.id):
            if meeting.kind is MeetingKind.INTAKE and meeting.state is MeetingState.DRAFT:
                for party, factors in _VIEWS.items():
                    view = Preparation(meeting.id, party, MeetingKind.INTAKE, factors=factors)
                    prepared.save(store, view)
