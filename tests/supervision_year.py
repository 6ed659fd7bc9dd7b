"""A year of a placement whose supervision agreement promises time, built through the store:
an intake on 5 January 2026 with "60 minutes a week" of supervision from the workplace, and
four evaluations thirteen weeks apart, each recording the minutes given since the last, each
carrying the agreement on and signed. Invented names only."""

from __future__ import annotations

from datetime import date, timedelta

from driehoek.domain import AgreementKind, Continuation, Decision, Disposition, Part, Party, Ref
from driehoek.store import Store

INTAKE_DAY = date(2026, 1, 5)
EVALUATION_DAYS = tuple(INTAKE_DAY + timedelta(weeks=13 * n) for n in range(1, 5))
PROMISED_PER_PERIOD = 13 * 60
"""Thirteen weeks of sixty minutes a week."""
AGREEMENT = "Wekelijks een begeleidingsgesprek met de werkbegeleider"


def _sign(store: Store, meeting_id: int) -> None:
    for party in Party:
        store.sign(meeting_id, party, f"Ondertekenaar {party.value}")


def supervision_year(
    store: Store, student: str, organisation: str, given: int, *, sign_last: bool = True
) -> tuple[int, list[int]]:
    """The placement and its evaluations' ids; each period gave `given` minutes."""
    intake = store.new_intake(student, organisation, day=INTAKE_DAY)
    m = store.meeting(intake)
    a = store.add_agreement(
        intake, owner=Party.WORKPLACE, kind=AgreementKind.SUPERVISION, text=AGREEMENT
    )
    store.update_agreement(a.id, a.version, promised_minutes=60, promised_weeks=1)
    store.update_meeting(intake, m.version, decision=Decision.SUITABLE)
    _sign(store, intake)
    placement = m.placement.id
    evaluations = []
    for number, day in enumerate(EVALUATION_DAYS, start=1):
        meeting_id = store.new_evaluation(placement, day=day)
        evaluations.append(meeting_id)
        m = store.meeting(meeting_id)
        for review in m.reviews:
            store.edit(
                Ref(Part.DISPOSITION, review.id),
                review.version,
                {"disposition": Disposition.CARRY, "reason": "Loopt door."},
            )
        m = store.meeting(meeting_id)
        store.update_meeting(
            meeting_id,
            m.version,
            supervision_minutes=given,
            continuation=Continuation.CONTINUE,
        )
        if sign_last or number < len(EVALUATION_DAYS):
            _sign(store, meeting_id)
    return placement, evaluations
