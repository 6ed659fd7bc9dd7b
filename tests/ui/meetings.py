"""Meetings built straight through the store, for tests whose subject is not the typing."""

from __future__ import annotations

from datetime import date

from driehoek.domain import (
    AgreementKind,
    Decision,
    Factor,
    FactorStatus,
    LearningWay,
    Part,
    Party,
    Ref,
    SupportKind,
)
from driehoek.store import Store


def fresh_intake(store: Store) -> int:
    """An intake just started: only the student's name and the organisation."""
    return store.new_intake("Ravi Pinas", "Buurtzorg Oost")


def complete_intake(store: Store, *, signed: bool = True) -> int:
    """An intake with every step done and signed by all three (unless not `signed`: then it
    waits for the three signatures, and can still be changed); returns the meeting's id."""
    meeting_id = store.new_intake("Noa Dijkstra", "Stichting De Haven")
    m = store.meeting(meeting_id)
    p = m.placement
    store.edit(
        Ref(Part.PLACEMENT, p.id),
        p.version,
        {"team": "Woongroep Zeezicht", "programme": "SPH", "start": date(2027, 1, 4)},
    )
    m = store.meeting(meeting_id)  # the start moved its default next date: a new version
    names = {Party.WORKPLACE: "Bram Visser", Party.SCHOOL: "Ellen Bos"}
    for person in m.participants:
        if person.party in names:
            store.update_participant(person.id, person.version, name=names[person.party])
    goal = store.add_goal(meeting_id)
    store.update_goal(goal.id, goal.version, "Een dagprogramma zelf plannen")
    version = store.update_meeting(meeting_id, m.version, learning_ways={LearningWay.DOING})
    for factor in Factor:
        status = FactorStatus.REALISABLE if factor is Factor.AUTONOMY else FactorStatus.PRESENT
        store.update_factor(meeting_id, factor, 1, status=status)
    item = store.add_support(meeting_id, SupportKind.VISIT)
    store.update_support(item.id, item.version, text="Bezoek in week 6")
    agreement = store.add_agreement(meeting_id, owner=Party.WORKPLACE, kind=AgreementKind.WORK)
    store.update_agreement(agreement.id, agreement.version, text="Wekelijks nabespreken")
    store.update_meeting(meeting_id, version, decision=Decision.SUITABLE)
    if signed:
        sign_all(store, meeting_id)
    return meeting_id


def sign_all(store: Store, meeting_id: int) -> None:
    """The three sign `complete_intake`'s meeting, which makes it read-only."""
    for party, name in (
        (Party.STUDENT, "Noa Dijkstra"),
        (Party.WORKPLACE, "Bram Visser"),
        (Party.SCHOOL, "Ellen Bos"),
    ):
        store.sign(meeting_id, party, name)
