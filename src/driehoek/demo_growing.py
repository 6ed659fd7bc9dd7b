"""The demo's growing workplace: a year of evaluations, for the workplace report's chart.

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
    Question,
    SupportKind,
)

_WILGENHOEK = "Zorgcentrum De Wilgenhoek"
_KASTANJE = "Woongroep De Kastanje"
GROWING = (
    Intake(
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
            Evaluation(
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
            Evaluation(
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
            Evaluation(
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
    Intake(
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
            Evaluation(
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
            Evaluation(
                days_ago=5,
                factors={Factor.SUPPORT: (F.ABSENT, "Werkbegeleider drie weken ziek.")},
                signed=False,
            ),
        ),
    ),
)
