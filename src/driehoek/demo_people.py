"""The demo's invented placements: intakes and evaluations dated around today.

Every name here is made up.
"""

from __future__ import annotations

from driehoek.demo_cases import Evaluation, F, Intake
from driehoek.domain import (
    AgreementKind,
    Continuation,
    Decision,
    Disposition,
    Factor,
    LearningWay,
    Party,
    Pathway,
    PlacementStatus,
    Pressure,
    Question,
    SupportKind,
)
from driehoek.record import Level

INTAKES = (
    Intake(
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
    Intake(
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
            Evaluation(
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
            Evaluation(
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
    Intake(
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
    Intake(
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
    Intake(
        student="Noor Bakker",
        organisation="Stichting Jeugdhulp Horizon",
        team="Gezinshuis De Bron",
        programme="SPH",
        pathway=Pathway.BBL,
        days_ago=0,
    ),
)


EARLIER = Intake(
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
        Evaluation(
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
