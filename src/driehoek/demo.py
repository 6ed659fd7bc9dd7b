"""Invented, realistic placements so a new user sees the product at once.

Every name here is made up (`demo_people`, `demo_growing`). The meetings are dated around today
so that the lists look current.
"""

from __future__ import annotations

from datetime import timedelta

from driehoek.dates import add_months
from driehoek.demo_cases import Evaluation, F, Intake
from driehoek.demo_growing import GROWING
from driehoek.demo_people import EARLIER, INTAKES
from driehoek.demo_prepared import seed_preparations
from driehoek.demo_signed import seed_record
from driehoek.demo_template import seed_template
from driehoek.domain import Part, Party, Ref
from driehoek.store import Store


def seed_demo(store: Store) -> list[int]:
    """Fill an empty database with the demo placements; returns the new meetings' ids."""
    # The growing workplace comes after the rest, so every other row keeps the id it had
    # before it was added (snapshots show some of them).
    ids = _seed(store, (*INTAKES, EARLIER)) + _seed(store, GROWING)
    seed_record(store)
    seed_preparations(store)  # demo_prepared: a flag for a new user to see
    return [*ids, seed_template(store)]  # nursing, with its own template (demo_template)


def _seed(store: Store, intakes: tuple[Intake, ...]) -> list[int]:
    today = store.today()
    ids = []
    for intake in intakes:
        day = today - timedelta(days=intake.days_ago)
        meeting_id = store.new_intake(intake.student, intake.organisation, day=day)
        ids.append(meeting_id)
        _fill(store, meeting_id, intake, day)
    for meeting_id, intake in zip(ids, intakes, strict=True):
        placement = store.meeting(meeting_id).placement
        for evaluation in intake.evaluations:
            day = today - timedelta(days=evaluation.days_ago)
            _evaluate(store, store.new_evaluation(placement.id, day=day), evaluation, intake)
        if intake.outcome is not None:
            placement = store.placement(placement.id)
            store.update_placement(
                placement.id,
                placement.version,
                status=intake.outcome.value,
                end=today - timedelta(days=intake.days_ago - 300),
            )
    return ids


def _evaluate(store: Store, meeting_id: int, e: Evaluation, intake: Intake) -> None:
    m = store.meeting(meeting_id)
    for start, disposition, reason in e.dispositions:
        review = next(r for r in m.reviews if r.agreement.text.startswith(start))
        store.edit(
            Ref(Part.DISPOSITION, review.id),
            review.version,
            {"disposition": disposition, "reason": reason},
        )
    for question, party, text in e.answers:
        answer = m.answer(question, party)
        if answer is not None:
            store.edit(Ref(Part.ANSWER, answer.id), answer.version, {"text": text})
    for item, text in zip(m.progress, e.progress, strict=False):
        store.edit(Ref(Part.PROGRESS, item.id), item.version, {"text": text})
    for factor, (status, note) in e.factors.items():
        store.update_factor(meeting_id, factor, m.factor(factor).version, status=status, note=note)
    for agreement_kind, text, owner, when in e.agreements:
        a = store.add_agreement(meeting_id, owner=owner, kind=agreement_kind, text=text)
        if when.startswith("+"):
            store.update_agreement(a.id, a.version, due=m.date + timedelta(days=int(when[1:])))
        else:
            store.update_agreement(a.id, a.version, frequency=when)
    if e.continuation is not None or e.given is not None:
        m = store.meeting(meeting_id)
        store.update_meeting(
            meeting_id,
            m.version,
            continuation=e.continuation,
            decision_reasons=e.reasons,
            supervision_minutes=e.given,
        )
    if e.signed:
        names = {p.party: p.name for p in store.meeting(meeting_id).participants if p.name}
        for party in Party:
            store.sign(meeting_id, party, names.get(party, intake.student))


def _fill(store: Store, meeting_id: int, intake: Intake, day: object) -> None:
    m = store.meeting(meeting_id)
    p = m.placement
    store.edit(
        Ref(Part.PLACEMENT, p.id),
        p.version,
        {
            "team": intake.team,
            "programme": intake.programme,
            "pathway": intake.pathway.value,
            "start": add_months(m.date, 1),
            "end": add_months(m.date, 11),
            **intake.record,
        },
    )
    if intake.student_number:
        store.edit(
            Ref(Part.STUDENT, p.student_id),
            p.student_version,
            {"student_number": intake.student_number},
        )
    if intake.recognition_number:
        store.edit(
            Ref(Part.ORGANISATION, p.organisation_id),
            p.organisation_version,
            {"recognition_number": intake.recognition_number},
        )
    # The start moved the intake's default next date (`schedule`): go on from that version.
    m = store.meeting(meeting_id)
    if any(intake.meeting):
        location, minute_taker = intake.meeting
        store.update_meeting(meeting_id, m.version, location=location, minute_taker=minute_taker)
        m = store.meeting(meeting_id)
    for participant in m.participants:
        name, role = {
            Party.STUDENT: (intake.student, ""),
            Party.WORKPLACE: intake.workplace,
            Party.SCHOOL: intake.school,
        }[participant.party]
        if name:
            store.update_participant(participant.id, participant.version, name=name, role=role)
    for text in intake.goals:
        goal = store.add_goal(meeting_id)
        store.update_goal(goal.id, goal.version, text)
    version = m.version
    if intake.ways or intake.learning_note:
        version = store.update_meeting(
            meeting_id, version, learning_ways=intake.ways, learning_note=intake.learning_note
        )
    if intake.pressures or intake.pressures_note or intake.room_for_mistakes != F.NOT_DISCUSSED:
        version = store.update_meeting(
            meeting_id,
            version,
            pressures=intake.pressures,
            pressures_note=intake.pressures_note,
            room_for_mistakes=intake.room_for_mistakes,
        )
    for factor, (status, note) in intake.factors.items():
        store.update_factor(meeting_id, factor, 1, status=status, note=note)
    for kind, text in intake.support:
        item = store.add_support(meeting_id, kind)
        store.update_support(item.id, item.version, text=text)
    for agreement_kind, text, owner, when in intake.agreements:
        a = store.add_agreement(
            meeting_id,
            owner=owner,
            kind=agreement_kind,
            text=text,
            factor=dict(intake.from_factor).get(text),
        )
        if when.startswith("+"):
            version_a = store.update_agreement(
                a.id, a.version, due=m.date + timedelta(days=int(when[1:]))
            )
        else:
            version_a = store.update_agreement(a.id, a.version, frequency=when)
        for promised, minutes, weeks in intake.promises:
            if promised == text:
                store.update_agreement(
                    a.id, version_a, promised_minutes=minutes, promised_weeks=weeks
                )
    if intake.decision is not None:
        store.update_meeting(
            meeting_id, version, decision=intake.decision, decision_reasons=intake.reasons
        )
    names = {
        Party.STUDENT: intake.student,
        Party.WORKPLACE: intake.workplace[0],
        Party.SCHOOL: intake.school[0],
    }
    for party in intake.signed:
        store.sign(meeting_id, party, names[party])
