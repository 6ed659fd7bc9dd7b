"""A placement with a year behind it, built straight through the store: an intake that made
three agreements and two evaluations that carried one of them twice, so that the evaluation a
test starts finds agreements carried twice, once and never."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from driehoek.domain import (
    AgreementKind,
    Continuation,
    Decision,
    Disposition,
    Factor,
    FactorStatus,
    LearningWay,
    Part,
    Party,
    Ref,
)
from driehoek.store import Store

STUDENT = "Mila Jansen"
ORGANISATION = "Zorggroep Eikenhof"
TEAM = "Woongroep Het Veld"
WORKPLACE = ("Pieter de Jong", "praktijkopleider")
SCHOOL = ("Sanne Willems", "stagebegeleider")
GOALS = ("Een teamoverleg voorzitten", "Signalen van cliënten methodisch rapporteren")

INTAKE_DAY = date(2026, 2, 2)
FIRST_DAY = date(2026, 5, 4)
SECOND_DAY = date(2026, 8, 24)

# Made at the intake; carried at both evaluations, so "2× meegenomen" at the third.
CARRIED_TWICE = "Wekelijks feedbackgesprek van een kwartier"
DONE_EARLY = "Reflectieverslag per maand inleveren"
DROPPED_EARLY = "Stagebezoek op locatie plannen"
# Made at the first evaluation and carried at the second: "1× meegenomen".
CARRIED_ONCE = "Zelf een activiteit voor de bewoners organiseren"
# Made at the second evaluation: never carried yet.
NEW_LAST_TIME = "Een casus inbrengen op de terugkomdag"

FACTORS = {
    Factor.INVOLVEMENT: (FactorStatus.PRESENT, "Doet mee aan het teamoverleg."),
    Factor.EXPERIMENT: (FactorStatus.REALISABLE, "Ruimte na de inwerkperiode."),
    Factor.SUPPORT: (FactorStatus.ABSENT, "Geen vast moment voor feedback."),
    Factor.VARIATION: (FactorStatus.PRESENT, ""),
    Factor.AUTONOMY: (FactorStatus.REALISABLE, ""),
    Factor.INFORMATION: (FactorStatus.PRESENT, "Stagemap besproken."),
}


@dataclass(frozen=True)
class History:
    """The placement and the agreements under review at its next evaluation, by id."""

    placement_id: int
    carried_twice: int
    carried_once: int
    new_last_time: int


def _agreement(
    store: Store, meeting_id: int, text: str, owner: Party, kind: AgreementKind, when: str | date
) -> int:
    a = store.add_agreement(meeting_id, owner=owner, kind=kind, text=text)
    if isinstance(when, date):
        store.update_agreement(a.id, a.version, due=when)
    else:
        store.update_agreement(a.id, a.version, frequency=when)
    return a.id


def _sign_all(store: Store, meeting_id: int) -> None:
    names = {p.party: p.name for p in store.meeting(meeting_id).participants}
    for party in Party:
        store.sign(meeting_id, party, names[party])


def _intake(store: Store) -> tuple[int, int]:
    """The intake, signed; returns its meeting's id and the agreement to be carried twice."""
    meeting_id = store.new_intake(STUDENT, ORGANISATION, day=INTAKE_DAY)
    m = store.meeting(meeting_id)
    p = m.placement
    store.edit(
        Ref(Part.PLACEMENT, p.id),
        p.version,
        {"team": TEAM, "programme": "SPH", "start": date(2026, 2, 16)},
    )
    m = store.meeting(meeting_id)  # the start moved its default next date: a new version
    names = {Party.WORKPLACE: WORKPLACE, Party.SCHOOL: SCHOOL}
    for person in m.participants:
        if person.party in names:
            name, role = names[person.party]
            store.update_participant(person.id, person.version, name=name, role=role)
    for text in GOALS:
        goal = store.add_goal(meeting_id)
        store.update_goal(goal.id, goal.version, text)
    version = store.update_meeting(meeting_id, m.version, learning_ways={LearningWay.DOING})
    for factor, (status, note) in FACTORS.items():
        store.update_factor(meeting_id, factor, 1, status=status, note=note)
    carried = _agreement(
        store, meeting_id, CARRIED_TWICE, Party.WORKPLACE, AgreementKind.SUPERVISION, "wekelijks"
    )
    _agreement(store, meeting_id, DONE_EARLY, Party.STUDENT, AgreementKind.WORK, "maandelijks")
    _agreement(
        store, meeting_id, DROPPED_EARLY, Party.SCHOOL, AgreementKind.SUPERVISION, date(2026, 3, 2)
    )
    store.update_meeting(meeting_id, version, decision=Decision.SUITABLE)
    _sign_all(store, meeting_id)
    return meeting_id, carried


def _evaluate(
    store: Store,
    placement_id: int,
    day: date,
    dispositions: dict[str, tuple[Disposition, str]],
    new: tuple[str, Party, AgreementKind, str | date],
) -> int:
    """An evaluation on `day`: dispositions by agreement text, one new agreement, every
    question answered by the student, progress on every goal; signed. Returns the new
    agreement's id."""
    meeting_id = store.new_evaluation(placement_id, day=day)
    m = store.meeting(meeting_id)
    assert {r.agreement.text for r in m.reviews} == set(dispositions)
    for review in m.reviews:
        disposition, reason = dispositions[review.agreement.text]
        store.edit(
            Ref(Part.DISPOSITION, review.id),
            review.version,
            {"disposition": disposition, "reason": reason},
        )
    for answer in m.answers:
        if answer.party is Party.STUDENT:
            store.edit(Ref(Part.ANSWER, answer.id), answer.version, {"text": "Ja, redelijk."})
    for item in m.progress:
        store.edit(Ref(Part.PROGRESS, item.id), item.version, {"text": "Op weg."})
    made = _agreement(store, meeting_id, *new)
    m = store.meeting(meeting_id)
    store.update_meeting(meeting_id, m.version, continuation=Continuation.CONTINUE)
    _sign_all(store, meeting_id)
    return made


def placement_with_history(store: Store) -> History:
    """The intake and two evaluations of Mila Jansen's placement, all signed."""
    intake_id, carried_twice = _intake(store)
    placement_id = store.meeting(intake_id).placement.id
    carried_once = _evaluate(
        store,
        placement_id,
        FIRST_DAY,
        {
            CARRIED_TWICE: (Disposition.CARRY, "Twee keer overgeslagen door drukte."),
            DONE_EARLY: (Disposition.DONE, ""),
            DROPPED_EARLY: (Disposition.DROP, "Het bezoek werd een belafspraak."),
        },
        (CARRIED_ONCE, Party.STUDENT, AgreementKind.WORK, date(2026, 7, 1)),
    )
    new_last_time = _evaluate(
        store,
        placement_id,
        SECOND_DAY,
        {
            CARRIED_TWICE: (Disposition.CARRY, "Nog niet elke week."),
            CARRIED_ONCE: (Disposition.CARRY, "Uitgesteld door de zomer."),
        },
        (NEW_LAST_TIME, Party.SCHOOL, AgreementKind.SUPERVISION, date(2026, 10, 9)),
    )
    return History(placement_id, carried_twice, carried_once, new_last_time)


def other_placement(store: Store) -> int:
    """A second placement, met more recently, so the list does not start at Mila's; returns
    its intake's id."""
    return store.new_intake("Jesse Kramer", "Kinderdagverblijf De Molen", day=date(2026, 11, 20))
