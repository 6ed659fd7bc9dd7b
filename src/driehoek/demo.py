"""Invented, realistic placements so a new user sees the product at once.

Every name here is made up. The meetings are dated around today so that the lists look current.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from driehoek.dates import add_months
from driehoek.demo_prepared import seed_preparations
from driehoek.demo_signed import seed_record
from driehoek.demo_template import seed_template
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
    Pathway,
    PlacementStatus,
    Pressure,
    Question,
    Ref,
    SupportKind,
)
from driehoek.record import Level
from driehoek.store import Store

F = FactorStatus


@dataclass(frozen=True)
class _Evaluation:
    """A quarterly evaluation of a demo placement, `days_ago` before today."""

    days_ago: int
    dispositions: tuple[tuple[str, Disposition, str], ...] = ()
    """(start of an open agreement's text, what became of it, why)"""
    answers: tuple[tuple[Question, Party, str], ...] = ()
    progress: tuple[str, ...] = ()
    factors: dict[Factor, tuple[FactorStatus, str]] = field(default_factory=dict)
    agreements: tuple[tuple[AgreementKind, str, Party, str], ...] = ()
    continuation: Continuation | None = None
    reasons: str = ""
    signed: bool = True
    given: int | None = None
    """The supervision minutes given since the meeting before (issue 13.3)."""


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
    evaluations: tuple[_Evaluation, ...] = ()
    outcome: PlacementStatus | None = None
    outcome_reason: str = ""
    record: dict[str, object] = field(default_factory=dict)
    """The placement as the school files it (`record`): placement columns and their values."""
    student_number: str = ""
    recognition_number: str = ""
    """The organisation's SBB number (set once: the organisation's other placements show it)."""
    meeting: tuple[str, str] = ("", "")
    """Where the intake was held, and who took the minutes."""
    # The workplace: the article's pressures, room to make mistakes, agreements from a factor
    pressures: frozenset[Pressure] = frozenset()
    pressures_note: str = ""
    room_for_mistakes: FactorStatus = FactorStatus.NOT_DISCUSSED
    from_factor: tuple[tuple[str, Factor], ...] = ()
    """(an agreement's text, the factor it was made from)"""
    promises: tuple[tuple[str, int, int], ...] = ()
    """(a supervision agreement's text, the minutes it promises, every so many weeks)"""


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
        reasons="Een goede leerplek, mits het wekelijkse nabespreken echt wordt ingepland.",
        signed=(Party.STUDENT, Party.WORKPLACE, Party.SCHOOL),
        # Every school field filled in, as a BPV form has them (all invented).
        record={
            "school": "ROC Midden, locatie Utrecht-Noord",
            "level": Level.FOUR,
            "crebo": "25480",
            "cohort": "2025",
            "hours_per_week": 32.0,
            "hours_total": 1280,
            "workplace_address": "Lindelaan 12, 3571 AB Utrecht",
            "practice_supervisor": "Jeroen Smits",
            "practice_supervisor_email": "j.smits@delinde.example",
            "practice_supervisor_phone": "030 123 45 67",
            "school_supervisor": "Karin Mulder",
            "school_supervisor_email": "k.mulder@rocmidden.example",
            "school_supervisor_phone": "06 1234 5678",
        },
        student_number="2087461",
        recognition_number="100234567",
        meeting=("Woongroep Het Anker, kantoor", "Karin Mulder"),
        pressures=frozenset({Pressure.WORKLOAD, Pressure.STAFF_TURNOVER}),
        pressures_note="Twee vacatures in het team sinds de zomer.",
        room_for_mistakes=F.REALISABLE,
        from_factor=(("Wekelijks nabespreken van een activiteit, 20 minuten", Factor.SUPPORT),),
    ),
    _Intake(
        student="Sem Verbeek",
        organisation="Zorggroep De Linde",
        team="Dagbesteding De Zonnebloem",
        programme="SPH",
        pathway=Pathway.BBL,
        days_ago=290,
        workplace=("Ilse van Dam", "praktijkopleider"),
        school=("Karin Mulder", "stagebegeleider"),
        goals=("Een dagprogramma afstemmen op de wensen van deelnemers",),
        ways=frozenset({LearningWay.DOING, LearningWay.REFLECTING}),
        factors={
            **dict.fromkeys(Factor, (F.PRESENT, "")),
            Factor.SUPPORT: (F.ABSENT, "Het team heeft geen vast moment voor feedback."),
        },
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
        evaluations=(
            _Evaluation(
                days_ago=200,
                dispositions=(
                    ("Elke maand", Disposition.CARRY, "Twee maanden gelukt, de derde niet."),
                ),
                answers=(
                    (Question.LEARNING, Party.STUDENT, "Ja, vooral op de rustige dagen."),
                    (Question.LEARNING, Party.WORKPLACE, "Sem pakt steeds meer zelf op."),
                    (Question.TIME, Party.WORKPLACE, "Weinig: het team is onderbezet."),
                    (Question.SUPERVISION, Party.SCHOOL, "Goed contact, één bezoek gehad."),
                    (Question.ATTENTION, Party.STUDENT, "Rapporteren kost me veel tijd."),
                ),
                progress=("Op weg: twee onderdelen zelf afgestemd met deelnemers.",),
                factors={
                    Factor.SUPPORT: (F.REALISABLE, "Vast moment voor feedback afgesproken."),
                },
                agreements=(
                    (
                        AgreementKind.SUPERVISION,
                        "Elke vrijdag 15 minuten terugkijken op de week",
                        Party.WORKPLACE,
                        "wekelijks",
                    ),
                    (AgreementKind.WORK, "Rapportage-sjabloon uitproberen", Party.STUDENT, "+30"),
                ),
                continuation=Continuation.ADJUST,
                reasons="Meer vaste tijd voor terugkijken, minder losse momenten.",
            ),
            _Evaluation(
                days_ago=105,
                dispositions=(
                    ("Elke maand", Disposition.CARRY, "Weer deels gelukt; blijft staan."),
                    ("Elke vrijdag", Disposition.DONE, ""),
                    (
                        "Rapportage-sjabloon",
                        Disposition.DROP,
                        "Het team gebruikt een eigen sjabloon.",
                    ),
                ),
                answers=(
                    (Question.LEARNING, Party.STUDENT, "Ja."),
                    (Question.TIME, Party.WORKPLACE, "Beter sinds de vrijdag-momenten."),
                    (Question.SUPERVISION, Party.SCHOOL, "Goed."),
                    (Question.ATTENTION, Party.WORKPLACE, "Omgaan met onrust in de groep."),
                ),
                progress=("Zelfstandig: stelt het weekprogramma nu zelf op.",),
                factors={
                    Factor.SUPPORT: (F.PRESENT, "Feedback is een vast onderdeel van de week."),
                },
                continuation=Continuation.CONTINUE,
            ),
        ),
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


_EARLIER = _Intake(
    student="Lars Visser",
    organisation="Zorggroep De Linde",
    team="Woongroep Het Anker",
    programme="SPH",
    pathway=Pathway.BOL,
    days_ago=560,
    workplace=("Jeroen Smits", "werkbegeleider"),
    school=("Karin Mulder", "stagebegeleider"),
    goals=("Een groepsgesprek voorbereiden en leiden",),
    ways=frozenset({LearningWay.DOING}),
    factors={
        Factor.INVOLVEMENT: (F.REALISABLE, "Nog niet bij het teamoverleg."),
        Factor.EXPERIMENT: (F.ABSENT, "Vaste werkwijze, weinig ruimte."),
        Factor.SUPPORT: (F.ABSENT, "Geen vast moment voor feedback."),
        Factor.VARIATION: (F.PRESENT, ""),
        Factor.AUTONOMY: (F.ABSENT, ""),
        Factor.INFORMATION: (F.REALISABLE, "Stagemap ontbreekt nog."),
    },
    support=((SupportKind.VISIT, "Stagebezoek in week 8"),),
    agreements=(
        (
            AgreementKind.SUPERVISION,
            "Tweewekelijks feedbackgesprek",
            Party.WORKPLACE,
            "tweewekelijks",
        ),
    ),
    decision=Decision.SUITABLE_WITH_CONDITIONS,
    reasons="Alleen als het feedbackgesprek er echt komt.",
    signed=(Party.STUDENT, Party.WORKPLACE, Party.SCHOOL),
    evaluations=(
        _Evaluation(
            days_ago=470,
            dispositions=(("Tweewekelijks", Disposition.DONE, ""),),
            answers=(
                (Question.LEARNING, Party.STUDENT, "Ja, sinds de feedbackgesprekken."),
                (Question.TIME, Party.WORKPLACE, "Net genoeg."),
                (Question.SUPERVISION, Party.SCHOOL, "Goed."),
                (Question.ATTENTION, Party.SCHOOL, "Reflectieverslagen op tijd inleveren."),
            ),
            progress=("Leidt het groepsgesprek nu zelf.",),
            factors={
                Factor.INVOLVEMENT: (F.PRESENT, "Doet mee aan het teamoverleg."),
                Factor.SUPPORT: (F.REALISABLE, "Feedback komt op gang."),
                Factor.INFORMATION: (F.PRESENT, "Stagemap er."),
            },
            continuation=Continuation.CONTINUE,
        ),
    ),
    outcome=PlacementStatus.COMPLETED,
)


# A workplace that grew over a year, for the workplace report's quarterly chart: the first
# student's intake found little room to learn, each quarterly evaluation found more, and the
# second student's intake, half a year on, found the improved place. The second student's
# latest evaluation is still a draft, which the report leaves out.
_WILGENHOEK = "Zorgcentrum De Wilgenhoek"
_KASTANJE = "Woongroep De Kastanje"
_GROWING = (
    _Intake(
        student="Yara Bosman",
        organisation=_WILGENHOEK,
        team=_KASTANJE,
        programme="SPH",
        pathway=Pathway.BOL,
        days_ago=360,
        workplace=("Wouter Brink", "werkbegeleider"),
        school=("Karin Mulder", "stagebegeleider"),
        goals=("Een eigen activiteit voor de bewoners opzetten",),
        ways=frozenset({LearningWay.DOING, LearningWay.FEEDBACK}),
        factors={
            Factor.INVOLVEMENT: (F.REALISABLE, "Teamoverleg pas na de inwerkperiode."),
            Factor.EXPERIMENT: (F.ABSENT, "Vaste dagstructuur, weinig ruimte voor iets nieuws."),
            Factor.SUPPORT: (F.ABSENT, "Onderbezetting: nabespreken schiet erbij in."),
            Factor.VARIATION: (F.PRESENT, ""),
            Factor.AUTONOMY: (F.ABSENT, ""),
            Factor.INFORMATION: (F.REALISABLE, "Stageplan nog niet af."),
        },
        support=((SupportKind.VISIT, "Stagebezoek na elke kwartaalevaluatie"),),
        agreements=(
            (
                AgreementKind.SUPERVISION,
                "Elke dinsdag een half uur nabespreken",
                Party.WORKPLACE,
                "wekelijks",
            ),
        ),
        # Promised time against given: the first quarter gave less than half (the placement
        # view and the report flag the place), the second all of it.
        promises=(("Elke dinsdag een half uur nabespreken", 30, 1),),
        decision=Decision.SUITABLE_WITH_CONDITIONS,
        reasons="Alleen met een vast moment om na te bespreken.",
        signed=(Party.STUDENT, Party.WORKPLACE, Party.SCHOOL),
        evaluations=(
            _Evaluation(
                days_ago=270,
                dispositions=(("Elke dinsdag", Disposition.CARRY, "Lukt nog niet elke week."),),
                answers=(
                    (Question.LEARNING, Party.STUDENT, "Steeds meer, nu ik bij het overleg zit."),
                    (Question.TIME, Party.WORKPLACE, "Krap; het nabespreken schuift nog."),
                    (Question.SUPERVISION, Party.SCHOOL, "Goed contact met de werkbegeleider."),
                    (Question.ATTENTION, Party.STUDENT, "Een eigen activiteit mogen proberen."),
                ),
                progress=("Op weg: een idee voor een activiteit besproken.",),
                factors={
                    Factor.INVOLVEMENT: (F.PRESENT, "Doet mee aan het teamoverleg."),
                    Factor.SUPPORT: (F.REALISABLE, "Nabespreken op dinsdag, nog niet elke week."),
                    Factor.INFORMATION: (F.PRESENT, "Stageplan besproken en getekend."),
                },
                continuation=Continuation.CONTINUE,
                given=90,
            ),
            _Evaluation(
                days_ago=180,
                dispositions=(("Elke dinsdag", Disposition.DONE, ""),),
                given=300,
                answers=(
                    (Question.LEARNING, Party.STUDENT, "Ja."),
                    (Question.TIME, Party.WORKPLACE, "Het nabespreken staat nu vast."),
                    (Question.SUPERVISION, Party.SCHOOL, "Goed."),
                    (Question.ATTENTION, Party.WORKPLACE, "Ruimte maken voor haar activiteit."),
                ),
                progress=("De activiteit is voorbereid.",),
                factors={
                    Factor.EXPERIMENT: (F.REALISABLE, "Mag in juni een eigen activiteit proberen."),
                    Factor.SUPPORT: (F.PRESENT, "Elke dinsdag nabespreken."),
                },
                continuation=Continuation.CONTINUE,
            ),
            _Evaluation(
                days_ago=90,
                answers=(
                    (Question.LEARNING, Party.STUDENT, "Ja, vooral van de eigen activiteit."),
                    (Question.TIME, Party.WORKPLACE, "Voldoende."),
                    (Question.SUPERVISION, Party.SCHOOL, "Goed."),
                    (Question.ATTENTION, Party.SCHOOL, "Zelf leren plannen."),
                ),
                progress=("Zelfstandig: de activiteit loopt elke week.",),
                factors={
                    Factor.EXPERIMENT: (F.PRESENT, "Eigen activiteit loopt, het team denkt mee."),
                    Factor.AUTONOMY: (F.REALISABLE, "Bepaalt de opzet zelf, de planning nog niet."),
                },
                continuation=Continuation.CONTINUE,
            ),
        ),
    ),
    _Intake(
        student="Tim Hendriks",
        organisation=_WILGENHOEK,
        team=_KASTANJE,
        programme="SPH",
        pathway=Pathway.BBL,
        days_ago=150,
        workplace=("Wouter Brink", "praktijkopleider"),
        school=("Mehmet Yilmaz", "stagebegeleider"),
        goals=("Rapporteren volgens de methodiek van het team",),
        ways=frozenset({LearningWay.WATCHING, LearningWay.DOING}),
        factors={
            **dict.fromkeys(Factor, (F.PRESENT, "")),
            Factor.EXPERIMENT: (F.REALISABLE, "Na de inwerkperiode."),
            Factor.AUTONOMY: (F.ABSENT, "BBL: eerst de vaste routines."),
        },
        support=((SupportKind.RETURN_DAY, "Terugkomdag elke maand"),),
        agreements=(
            (
                AgreementKind.WORK,
                "Elke week één rapportage laten nalezen",
                Party.STUDENT,
                "wekelijks",
            ),
        ),
        decision=Decision.SUITABLE,
        signed=(Party.STUDENT, Party.WORKPLACE, Party.SCHOOL),
        evaluations=(
            _Evaluation(
                days_ago=60,
                dispositions=(("Elke week", Disposition.DONE, ""),),
                answers=(
                    (Question.LEARNING, Party.STUDENT, "Ja."),
                    (Question.TIME, Party.WORKPLACE, "Genoeg."),
                    (Question.SUPERVISION, Party.SCHOOL, "Goed."),
                    (Question.ATTENTION, Party.WORKPLACE, "Zelf de ochtend plannen."),
                ),
                progress=("Rapporteert nu zelfstandig.",),
                factors={Factor.AUTONOMY: (F.REALISABLE, "Plant zijn eigen ochtenden.")},
                continuation=Continuation.CONTINUE,
            ),
            _Evaluation(
                days_ago=5,
                factors={Factor.SUPPORT: (F.ABSENT, "Werkbegeleider drie weken ziek.")},
                signed=False,
            ),
        ),
    ),
)


def seed_demo(store: Store) -> list[int]:
    """Fill an empty database with the demo placements; returns the new meetings' ids."""
    # The growing workplace comes after the rest, so every other row keeps the id it had
    # before it was added (snapshots show some of them).
    ids = _seed(store, (*_INTAKES, _EARLIER)) + _seed(store, _GROWING)
    seed_record(store)
    seed_preparations(store)  # demo_prepared: a flag for a new user to see
    return [*ids, seed_template(store)]  # nursing, with its own template (demo_template)


def _seed(store: Store, intakes: tuple[_Intake, ...]) -> list[int]:
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


def _evaluate(store: Store, meeting_id: int, e: _Evaluation, intake: _Intake) -> None:
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
