"""Meetings for tests: a fully filled one, one with the same text in every field, a bare one.

All names are invented.
"""

from __future__ import annotations

from datetime import date

from driehoek.domain import (
    AgreementKind,
    Continuation,
    Decision,
    Disposition,
    Factor,
    FactorAssessment,
    FactorStatus,
    LearningWay,
    Meeting,
    MeetingKind,
    Part,
    Participant,
    Party,
    Pathway,
    Placement,
    PlacementStatus,
    Pressure,
    Ref,
    SupportKind,
)
from driehoek.record import Level
from driehoek.store import Store

MEETING_DAY = date(2026, 11, 26)


RECORD: dict[str, object] = {
    "school": "ROC Rivierenland, locatie Tiel",
    "level": Level.FOUR,
    "crebo": "25480",
    "cohort": "2025-2026",
    "hours_per_week": 24.5,
    "hours_total": 640,
    "workplace_address": "Kompasweg 3, 4001 AA Tiel",
    "practice_supervisor": "Bram Hendriksma",
    "practice_supervisor_email": "b.hendriksma@hoeksteen.example",
    "practice_supervisor_phone": "0344 123 456",
    "school_supervisor": "Marloes Vinkhuizen",
    "school_supervisor_email": "m.vinkhuizen@rocrivierenland.example",
    "school_supervisor_phone": "06 9876 5432",
}
"""The placement as the school files it, every field filled in (invented)."""


def filled_meeting(store: Store) -> Meeting:
    """An intake with every section filled in and signed by all three parties."""
    meeting_id = store.new_intake(
        "Jasmijn van Oostveen", "Zorgcentrum De Hoeksteen", day=MEETING_DAY
    )
    m = store.meeting(meeting_id)
    p = m.placement
    store.edit(
        Ref(Part.PLACEMENT, p.id),
        p.version,
        {
            "team": "Woongroep Kompas",
            "programme": "SPH",
            "pathway": "BBL",
            "start": date(2027, 1, 4),
            "end": date(2027, 7, 2),
            **RECORD,
        },
    )
    store.edit(Ref(Part.STUDENT, p.student_id), p.student_version, {"student_number": "3051772"})
    store.edit(
        Ref(Part.ORGANISATION, p.organisation_id),
        p.organisation_version,
        {"recognition_number": "100887766"},
    )
    m = store.meeting(meeting_id)  # the start moved its default next date: a new version
    store.update_meeting(
        meeting_id, m.version, location="De Hoeksteen, kamer 2", minute_taker="Marloes Vinkhuizen"
    )
    m = store.meeting(meeting_id)
    names = {
        Party.STUDENT: ("Jasmijn van Oostveen", ""),
        Party.WORKPLACE: ("Bram Hendriksma", "werkbegeleider"),
        Party.SCHOOL: ("Marloes Vinkhuizen", ""),
    }
    for participant in m.participants:
        name, role = names[participant.party]
        store.update_participant(participant.id, participant.version, name=name, role=role)
    for text in ("Zelfstandig een avondactiviteit leiden", "Rapporteren in het cliëntdossier"):
        goal = store.add_goal(meeting_id)
        store.update_goal(goal.id, goal.version, text)
    version = store.update_meeting(
        meeting_id,
        m.version,
        learning_ways={LearningWay.DOING, LearningWay.FEEDBACK},
        learning_note="Leert door te doen.\nWil na elke dienst kort terugkijken.",
        pressures={Pressure.WORKLOAD, Pressure.STAFF_TURNOVER},
        pressures_note="Twee vacatures in het team.",
        room_for_mistakes=FactorStatus.REALISABLE,
    )
    statuses = {
        Factor.INVOLVEMENT: (FactorStatus.PRESENT, "Doet mee aan het teamoverleg."),
        Factor.EXPERIMENT: (FactorStatus.REALISABLE, "Eigen activiteit vanaf week 3."),
        Factor.SUPPORT: (FactorStatus.ABSENT, "Weinig tijd voor nabespreken."),
        Factor.VARIATION: (FactorStatus.PRESENT, ""),
        Factor.AUTONOMY: (FactorStatus.REALISABLE, "Eerst samen, dan alleen."),
        Factor.INFORMATION: (FactorStatus.PRESENT, "Stageplan besproken."),
    }
    for factor, (status, note) in statuses.items():
        store.update_factor(meeting_id, factor, 1, status=status, note=note)
    for kind, text in (
        (SupportKind.VISIT, "Bezoek in week 6 en week 16"),
        (SupportKind.RETURN_DAY, "Terugkomdag elke tweede vrijdag"),
    ):
        item = store.add_support(meeting_id, kind)
        store.update_support(item.id, item.version, text=text)
    a = store.add_agreement(
        meeting_id,
        owner=Party.WORKPLACE,
        kind=AgreementKind.SUPERVISION,
        text="Wekelijks nabespreken, twintig minuten",
        factor=Factor.SUPPORT,
    )
    store.update_agreement(a.id, a.version, frequency="wekelijks")
    a = store.add_agreement(meeting_id, owner=Party.STUDENT, text="Eigen avondactiviteit")
    store.update_agreement(a.id, a.version, due=date(2027, 2, 1), frequency="eenmalig")
    store.add_agreement(
        meeting_id, owner=Party.SCHOOL, kind=AgreementKind.SUPERVISION, text="Bezoek plannen"
    )
    store.update_meeting(
        meeting_id,
        version,
        decision=Decision.SUITABLE_WITH_CONDITIONS,
        decision_reasons="Een goede leerplek, mits het nabespreken echt\nwordt ingepland.",
        next_evaluation=date(2027, 3, 1),
    )
    for party in Party:
        store.sign(meeting_id, party, names[party][0])
    return store.meeting(meeting_id)


def meeting_with_text_everywhere(store: Store, text: str) -> Meeting:
    """An intake where every field a user can type in holds `text`."""
    meeting_id = store.new_intake(text, text, day=MEETING_DAY)
    m = store.meeting(meeting_id)
    store.update_placement(m.placement.id, m.placement.version, team=text, programme=text)
    for participant in m.participants:
        store.update_participant(participant.id, participant.version, name=text, role=text)
    goal = store.add_goal(meeting_id)
    store.update_goal(goal.id, goal.version, text)
    version = store.update_meeting(
        meeting_id,
        m.version,
        learning_note=text,
        pressures={Pressure.SICK_LEAVE},
        pressures_note=text,
        room_for_mistakes=FactorStatus.ABSENT,
    )
    for factor in Factor:
        store.update_factor(meeting_id, factor, 1, status=FactorStatus.ABSENT, note=text)
    item = store.add_support(meeting_id, SupportKind.OTHER)
    store.update_support(item.id, item.version, text=text)
    for owner in Party:
        a = store.add_agreement(meeting_id, owner=owner, text=text)
        store.update_agreement(a.id, a.version, frequency=text)
    store.update_meeting(meeting_id, version, decision=Decision.NOT_SUITABLE, decision_reasons=text)
    for party in Party:
        store.sign(meeting_id, party, text)
    return store.meeting(meeting_id)


def evaluation_with_text_everywhere(store: Store, text: str) -> Meeting:
    """An evaluation after `meeting_with_text_everywhere`'s intake, every field holding `text`:
    the reviewed agreements' reasons, the answers, the progress on the goal, a new agreement."""
    intake = meeting_with_text_everywhere(store, text)
    meeting_id = store.new_evaluation(intake.placement.id, day=date(2027, 3, 1))
    m = store.meeting(meeting_id)
    for review in m.reviews:
        store.edit(
            Ref(Part.DISPOSITION, review.id),
            review.version,
            {"disposition": Disposition.CARRY.value, "reason": text},
        )
    for answer in m.answers:
        store.edit(Ref(Part.ANSWER, answer.id), answer.version, {"text": text})
    for progress in m.progress:
        store.edit(Ref(Part.PROGRESS, progress.id), progress.version, {"text": text})
    a = store.add_agreement(meeting_id, owner=Party.STUDENT, text=text)
    store.update_agreement(a.id, a.version, frequency=text)
    store.update_meeting(
        meeting_id, m.version, continuation=Continuation.ADJUST, decision_reasons=text
    )
    for party in Party:
        store.sign(meeting_id, party, text)
    return store.meeting(meeting_id)


def bare_meeting() -> Meeting:
    """An intake as `new_intake` leaves it, built without a store (for pure functions)."""
    placement = Placement(
        id=1,
        student_id=1,
        student="Roos Dijkhuizen",
        organisation_id=1,
        organisation="Buurtzorg Het Veld",
        team="",
        programme="",
        pathway=Pathway.BOL,
        start=None,
        end=None,
        status=PlacementStatus.PLANNED,
        version=1,
        student_version=1,
    )
    return Meeting(
        id=1,
        kind=MeetingKind.INTAKE,
        date=MEETING_DAY,
        placement=placement,
        learning_ways=frozenset(),
        learning_note="",
        decision=None,
        decision_reasons="",
        next_evaluation=date(2027, 2, 26),
        version=1,
        participants=(
            Participant(1, Party.STUDENT, "Roos Dijkhuizen", "", 1),
            Participant(2, Party.WORKPLACE, "", "", 1),
            Participant(3, Party.SCHOOL, "", "", 1),
        ),
        factors=tuple(FactorAssessment(f, FactorStatus.NOT_DISCUSSED, "", 1) for f in Factor),
    )
