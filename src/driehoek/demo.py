"""Invented, realistic placements so a new user sees the product at once.

Every name here is made up. The meetings are dated around today so that the lists look current.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from driehoek.dates import add_months
from driehoek.domain import (
    AgreementKind,
    Decision,
    Factor,
    FactorStatus,
    LearningWay,
    Part,
    Party,
    Pathway,
    Ref,
    SupportKind,
)
from driehoek.store import Store

F = FactorStatus


@dataclass(frozen=True)
class _Intake:
    student: str
    organisation: str
    team: str
    programme: str
    pathway: Pathway
    days_ago: int
    workplace: tuple[str, str] = ("", "")
    school: tuple[str, str] = ("", "")
    goals: tuple[str, ...] = ()
    ways: frozenset[LearningWay] = frozenset()
    learning_note: str = ""
    factors: dict[Factor, tuple[FactorStatus, str]] = field(default_factory=dict)
    support: tuple[tuple[SupportKind, str], ...] = ()
    agreements: tuple[tuple[AgreementKind, str, Party, str], ...] = ()
    decision: Decision | None = None
    reasons: str = ""
    signed: tuple[Party, ...] = ()


_INTAKES = (
    _Intake(
        student="Anouk de Wit",
        organisation="Zorggroep De Linde",
        team="Woongroep Het Anker",
        programme="SPH",
        pathway=Pathway.BOL,
        days_ago=40,
        workplace=("Jeroen Smits", "werkbegeleider"),
        school=("Karin Mulder", "stagebegeleider"),
        goals=(
            "Zelfstandig een groepsactiviteit voorbereiden en leiden",
            "Methodisch rapporteren in het cliëntdossier",
            "Feedback vragen en verwerken in de eigen werkwijze",
        ),
        ways=frozenset({LearningWay.DOING, LearningWay.FEEDBACK}),
        learning_note="Leert het best door eerst mee te kijken en het daarna zelf te doen,\n"
        "met een korte nabespreking direct na de activiteit.",
        factors={
            Factor.INVOLVEMENT: (F.PRESENT, "Neemt deel aan het teamoverleg op dinsdag."),
            Factor.EXPERIMENT: (F.REALISABLE, "Ruimte voor een eigen activiteit vanaf week 4."),
            Factor.SUPPORT: (F.ABSENT, "Hoge werkdruk; nabespreken schiet er vaak bij in."),
            Factor.VARIATION: (F.PRESENT, "Dag- en avonddiensten, wisselende cliënten."),
            Factor.AUTONOMY: (F.REALISABLE, "Eerst onder begeleiding, daarna zelfstandig."),
            Factor.INFORMATION: (F.PRESENT, "Stagemap met beoordelingscriteria besproken."),
        },
        support=(
            (SupportKind.VISIT, "Stagebezoek in week 6 en week 16"),
            (SupportKind.RETURN_DAY, "Terugkomdag elke tweede vrijdag van de maand"),
            (SupportKind.INTERVISION, "Intervisiegroep op school, vier bijeenkomsten"),
        ),
        agreements=(
            (
                AgreementKind.SUPERVISION,
                "Wekelijks nabespreken van een activiteit, 20 minuten",
                Party.WORKPLACE,
                "wekelijks",
            ),
            (
                AgreementKind.WORK,
                "Eigen groepsactiviteit voorbereiden en uitvoeren",
                Party.STUDENT,
                "+28",
            ),
            (
                AgreementKind.SUPERVISION,
                "Stagebezoek plannen met werkbegeleider",
                Party.SCHOOL,
                "+21",
            ),
        ),
        decision=Decision.SUITABLE_WITH_CONDITIONS,
        reasons="Geschikt, mits het wekelijkse nabespreken echt wordt ingepland.",
        signed=(Party.STUDENT, Party.WORKPLACE, Party.SCHOOL),
    ),
    _Intake(
        student="Sem Verbeek",
        organisation="Zorggroep De Linde",
        team="Dagbesteding De Zonnebloem",
        programme="SPH",
        pathway=Pathway.BBL,
        days_ago=75,
        workplace=("Ilse van Dam", "praktijkopleider"),
        school=("Karin Mulder", "stagebegeleider"),
        goals=("Een dagprogramma afstemmen op de wensen van deelnemers",),
        ways=frozenset({LearningWay.DOING, LearningWay.REFLECTING}),
        factors=dict.fromkeys(Factor, (F.PRESENT, "")),
        support=((SupportKind.CONTACT, "Maandelijks belcontact met de praktijkopleider"),),
        agreements=(
            (
                AgreementKind.WORK,
                "Elke maand één nieuw onderdeel van het dagprogramma",
                Party.STUDENT,
                "maandelijks",
            ),
        ),
        decision=Decision.SUITABLE,
        signed=(Party.STUDENT, Party.WORKPLACE, Party.SCHOOL),
    ),
    _Intake(
        student="Fleur Hoekstra",
        organisation="Kinderopvang Het Speelhuis",
        team="BSO De Vlieger",
        programme="SPH",
        pathway=Pathway.BOL,
        days_ago=20,
        workplace=("Ruud Koster", "groepsleider"),
        school=("Mehmet Yilmaz", "docent"),
        goals=("Groepsdynamiek bij kinderen van 8 tot 12 jaar leren begeleiden",),
        ways=frozenset({LearningWay.WATCHING, LearningWay.READING}),
        factors={
            Factor.INVOLVEMENT: (F.ABSENT, "Stagiaires draaien alleen mee als extra handen."),
            Factor.EXPERIMENT: (F.ABSENT, "Geen ruimte voor eigen activiteiten."),
            Factor.SUPPORT: (F.ABSENT, "Werkbegeleider werkt op een andere locatie."),
            Factor.VARIATION: (F.PRESENT, ""),
            Factor.AUTONOMY: (F.ABSENT, ""),
            Factor.INFORMATION: (F.REALISABLE, "Stageplan moet nog worden opgesteld."),
        },
        decision=Decision.NOT_SUITABLE,
        reasons="Op deze locatie is nu te weinig begeleiding en ruimte om te leren.\n"
        "School zoekt samen met de student een andere plek.",
        signed=(Party.STUDENT, Party.WORKPLACE, Party.SCHOOL),
    ),
    _Intake(
        student="Daan Kuipers",
        organisation="Stichting Jeugdhulp Horizon",
        team="Ambulant team Noord",
        programme="SPH",
        pathway=Pathway.BOL,
        days_ago=2,
        workplace=("Sanne Groen", "werkbegeleider"),
        school=("Mehmet Yilmaz", "stagebegeleider"),
        goals=("Een eerste gesprek met een gezin zelfstandig voeren",),
        ways=frozenset({LearningWay.WATCHING}),
        factors={
            Factor.INVOLVEMENT: (F.PRESENT, ""),
            Factor.EXPERIMENT: (F.REALISABLE, "Na de inwerkperiode."),
        },
    ),
    _Intake(
        student="Noor Bakker",
        organisation="Stichting Jeugdhulp Horizon",
        team="Gezinshuis De Bron",
        programme="SPH",
        pathway=Pathway.BBL,
        days_ago=0,
    ),
)


def seed_demo(store: Store) -> list[int]:
    """Fill an empty database with the demo placements; returns the new meetings' ids."""
    today = store.today()
    ids = []
    for intake in _INTAKES:
        day = today - timedelta(days=intake.days_ago)
        meeting_id = store.new_intake(intake.student, intake.organisation, day=day)
        ids.append(meeting_id)
        _fill(store, meeting_id, intake, day)
    return ids


def _fill(store: Store, meeting_id: int, intake: _Intake, day: object) -> None:
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
        },
    )
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
    for factor, (status, note) in intake.factors.items():
        store.update_factor(meeting_id, factor, 1, status=status, note=note)
    for kind, text in intake.support:
        item = store.add_support(meeting_id, kind)
        store.update_support(item.id, item.version, text=text)
    for agreement_kind, text, owner, when in intake.agreements:
        a = store.add_agreement(meeting_id, owner=owner, kind=agreement_kind, text=text)
        if when.startswith("+"):
            store.update_agreement(a.id, a.version, due=m.date + timedelta(days=int(when[1:])))
        else:
            store.update_agreement(a.id, a.version, frequency=when)
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
