"""The issue's acceptance test: a whole intake at 80x24, keyboard only, from the home screen to
the exported minutes; then the database and the Markdown file say everything that was said."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import RadioSet

from driehoek.app import make_app
from driehoek.domain import (
    AgreementKind,
    Decision,
    Factor,
    FactorStatus,
    LearningWay,
    Meeting,
    MeetingKind,
    Part,
    Party,
    Pathway,
    Pressure,
    Ref,
    SupportKind,
)
from driehoek.flow import Flow, Step
from driehoek.i18n import Catalogue
from driehoek.store import Store
from driehoek.widgets.steps.workplace import WorkplaceStep
from waiting import settle_until

from . import markdown_read as md
from .drive import (
    SIZE,
    AppPilot,
    bound_field,
    choose,
    current_step,
    driehoek,
    export_as,
    exports_in,
    fill,
    meeting_screen,
    pick_radio,
    saved,
    screen_text,
    shows,
    tab_to,
    type_text,
)

T = Catalogue("nl")

STUDENT = "Lotte Vermeulen"
ORGANISATION = "Zorggroep Het Baken"
TEAM = "Woongroep De Es"
WORKPLACE = ("Jeroen Smit", "praktijkopleider")
SCHOOL = ("Karin de Graaf", "stagebegeleider")
GOALS = ("Zelfstandig een groepsactiviteit leiden", "Methodisch rapporteren in het dossier")
LEARNING_NOTE = "Kijkt eerst mee, doet het daarna zelf."
FACTORS = {
    Factor.INVOLVEMENT: (FactorStatus.PRESENT, "Neemt deel aan het teamoverleg."),
    Factor.EXPERIMENT: (FactorStatus.REALISABLE, "Eigen activiteit vanaf week 4."),
    Factor.SUPPORT: (FactorStatus.ABSENT, "Nabespreken schiet erbij in."),
    Factor.VARIATION: (FactorStatus.PRESENT, "Dag- en avonddiensten."),
    Factor.AUTONOMY: (FactorStatus.REALISABLE, "Eerst onder begeleiding."),
    Factor.INFORMATION: (FactorStatus.PRESENT, "Stagemap besproken."),
}
FROM_FACTOR = Factor.SUPPORT
PRESSURES = (Pressure.WORKLOAD, Pressure.SICK_LEAVE)
PRESSURES_NOTE = "Twee collega's langdurig ziek."
ROOM_FOR_MISTAKES = FactorStatus.REALISABLE
SUPPORT = (
    (SupportKind.VISIT, "Stagebezoek in week 6"),
    (SupportKind.RETURN_DAY, "Terugkomdag elke tweede vrijdag"),
)
# What, kind, owner, what is typed as "when", and the due date or frequency that means.
FACTOR_AGREEMENT = "Elke week twintig minuten nabespreken"
AGREEMENTS = (
    (FACTOR_AGREEMENT, AgreementKind.SUPERVISION, Party.WORKPLACE, "wekelijks"),
    ("Eigen groepsactiviteit voorbereiden", AgreementKind.WORK, Party.STUDENT, "15-1-2027"),
    ("Stagebezoek plannen", AgreementKind.SUPERVISION, Party.SCHOOL, "1-3-2027"),
)
REASONS = "Een goede leerplek, mits het nabespreken wekelijks wordt ingepland."


async def start_intake(pilot: AppPilot) -> None:
    await pilot.press("ctrl+n")
    await pilot.pause()
    await type_text(pilot, STUDENT)
    await pilot.press("enter")
    await type_text(pilot, ORGANISATION)
    await pilot.press("enter")
    await pilot.pause()


async def participants(pilot: AppPilot, meeting: Meeting) -> None:
    await fill(pilot, "#placement-team", TEAM)
    await fill(pilot, "#placement-programme", "SPH")
    await choose(pilot, "#placement-pathway", Pathway.BBL)
    await fill(pilot, "#placement-start", "1-2-2027")
    await fill(pilot, "#placement-end", "31-1-2028")
    app = driehoek(pilot)
    for party, (name, role) in ((Party.WORKPLACE, WORKPLACE), (Party.SCHOOL, SCHOOL)):
        person = next(p for p in meeting.participants if p.party is party)
        ref = Ref(Part.PARTICIPANT, person.id)
        await fill(pilot, bound_field(app, ref, "name"), name)
        await fill(pilot, bound_field(app, ref, "role"), role)


async def learning(pilot: AppPilot) -> None:
    for goal in GOALS:
        await pilot.press("ctrl+t")
        await pilot.pause()
        await type_text(pilot, goal)
    for way in (LearningWay.DOING, LearningWay.FEEDBACK):
        await tab_to(pilot, f"#way-{way.value}")
        await pilot.press("space")
    await fill(pilot, "#learning-note", LEARNING_NOTE)


async def back_to_the_factors(pilot: AppPilot) -> None:
    """Shift+Tab until the cursor is in the list of factors again."""
    factor_list = pilot.app.screen.query_one("#factor-list")
    for _ in range(12):
        if pilot.app.focused is factor_list:
            return
        await pilot.press("shift+tab")
    raise AssertionError(f"never back in the list; focus on {pilot.app.focused!r}")


async def workplace(pilot: AppPilot) -> None:
    """Factors 1-3 by the status field in their detail, 4-6 by one sign key in the list; room
    for mistakes by its sign with factor 2; then the pressures under the six."""
    app = pilot.app
    factor_list = app.screen.query_one("#factor-list")
    signs = {FactorStatus.PRESENT: "+", FactorStatus.ABSENT: "-", FactorStatus.REALISABLE: "~"}
    for number, (factor, (status, note)) in enumerate(FACTORS.items()):
        assert app.focused is factor_list
        if number:
            await pilot.press("down")
        if number < 3:
            await pilot.press("enter")  # on to the factor's status
            await choose(pilot, f"#status-{factor.value}", status)
        else:
            await pilot.press(signs[status])
            await pilot.press("enter")
        if factor is Factor.EXPERIMENT:
            await tab_to(pilot, "#room-for-mistakes")
            await pilot.press(signs[ROOM_FOR_MISTAKES])
        await tab_to(pilot, f"#note-{factor.value}")
        await type_text(pilot, note)
        if factor is FROM_FACTOR:
            await pilot.press("ctrl+t")  # one keystroke: an agreement from this factor
            await pilot.pause()
            await type_text(pilot, FACTOR_AGREEMENT)  # the cursor is in its text
        await back_to_the_factors(pilot)
    await pilot.press("down", "enter")  # the pressures, under the six factors
    for pressure in Pressure:
        if pressure in PRESSURES:
            await tab_to(pilot, f"#pressure-{pressure.value}")
            await pilot.press("space")
    await fill(pilot, "#pressures-note", PRESSURES_NOTE)
    await back_to_the_factors(pilot)


async def support(pilot: AppPilot) -> None:
    for kind, text in SUPPORT:
        await pilot.press("ctrl+t")  # a new line, the cursor in its text
        await pilot.pause()
        await pilot.press("shift+tab")  # back to its kind
        await choose(pilot, pilot.app.focused or "#step-support", kind)
        await pilot.press("tab")
        await type_text(pilot, text)


async def agreements(pilot: AppPilot) -> None:
    app = driehoek(pilot)
    screen = meeting_screen(app)
    # The one made from the factor: only its frequency is left to say.
    made = screen.meeting.agreements[0]
    assert shows(app, T("field.at_factor", number=FROM_FACTOR.number))
    await tab_to(pilot, f"#agreement-{made.id}")
    await pilot.press("tab", "tab")  # past its owner, to "when"
    await type_text(pilot, AGREEMENTS[0][3])
    for text, kind, owner, when in AGREEMENTS[1:]:
        await pilot.press("ctrl+t")  # a new line, the cursor in its text
        await pilot.pause()
        await pilot.press("shift+tab")  # back to its kind
        await choose(pilot, app.focused or "#step-agreements", kind)
        await pilot.press("tab")
        await type_text(pilot, text)
        await pilot.press("tab")
        await choose(pilot, app.focused or "#step-agreements", owner)
        await pilot.press("tab")
        await type_text(pilot, when)


async def decision(pilot: AppPilot) -> None:
    app = pilot.app
    radio_set = app.screen.query_one("#decision", RadioSet)
    await tab_to(pilot, radio_set)
    await pick_radio(pilot, radio_set, list(Decision).index(Decision.SUITABLE_WITH_CONDITIONS))
    await fill(pilot, "#decision-reasons", REASONS)


async def review(pilot: AppPilot) -> None:
    for party in Party:
        await tab_to(pilot, f"#sign-{party.value}")
        await pilot.press("space")
        await pilot.pause()


async def test_a_whole_intake_by_keyboard_ends_in_complete_minutes(
    store: Store, tmp_path: Path
) -> None:
    export_to = tmp_path / "verslagen" / "startgesprek-lotte.md"
    app = make_app(store, settings=exports_in(export_to.parent))
    async with app.run_test(size=SIZE) as pilot:
        await start_intake(pilot)
        meeting = meeting_screen(app).meeting
        assert current_step(app) is Step.PARTICIPANTS
        await participants(pilot, meeting)
        steps = (
            (Step.LEARNING, learning),
            (Step.WORKPLACE, workplace),
            (Step.SUPPORT, support),
            (Step.AGREEMENTS, agreements),
            (Step.DECISION, decision),
            (Step.REVIEW, review),
        )
        for step, walk in steps:
            await pilot.press("ctrl+n")
            await pilot.pause()
            assert current_step(app) is step, screen_text(app)
            if step is Step.WORKPLACE:
                assert isinstance(meeting_screen(app).view, WorkplaceStep)
            await walk(pilot)
        await saved(pilot)
        await settle_until(
            pilot, lambda: "✓" in screen_text(app), "the review step shows the intake complete"
        )
        await export_as(pilot, export_to.name)  # the folder is made on the first export
        assert export_to.is_file(), screen_text(app)
        assert app.is_running

    check_database(store.meeting(meeting.id))
    check_minutes(export_to.read_text(encoding="utf-8"))


def check_database(m: Meeting) -> None:
    p = m.placement
    assert (p.student, p.organisation, p.team, p.programme) == (STUDENT, ORGANISATION, TEAM, "SPH")
    assert (p.pathway, p.start, p.end) == (Pathway.BBL, date(2027, 2, 1), date(2028, 1, 31))
    people = {(x.party, x.name, x.role) for x in m.participants}
    assert people == {
        (Party.STUDENT, STUDENT, ""),
        (Party.WORKPLACE, *WORKPLACE),
        (Party.SCHOOL, *SCHOOL),
    }
    assert [g.text for g in m.goals] == list(GOALS)
    assert m.learning_ways == {LearningWay.DOING, LearningWay.FEEDBACK}
    assert m.learning_note == LEARNING_NOTE
    assert {f.factor: (f.status, f.note) for f in m.factors} == FACTORS
    assert m.room_for_mistakes is ROOM_FOR_MISTAKES
    assert m.pressures == frozenset(PRESSURES)
    assert m.pressures_note == PRESSURES_NOTE
    assert [(s.kind, s.text) for s in m.support] == list(SUPPORT)
    got = [(a.text, a.kind, a.owner, a.due, a.frequency) for a in m.agreements]
    assert got == [
        (FACTOR_AGREEMENT, AgreementKind.SUPERVISION, Party.WORKPLACE, None, "wekelijks"),
        (AGREEMENTS[1][0], AgreementKind.WORK, Party.STUDENT, date(2027, 1, 15), ""),
        (AGREEMENTS[2][0], AgreementKind.SUPERVISION, Party.SCHOOL, date(2027, 3, 1), ""),
    ]
    assert m.agreements[0].factor is FROM_FACTOR
    assert m.decision is Decision.SUITABLE_WITH_CONDITIONS
    assert m.decision_reasons == REASONS
    assert m.next_evaluation == date(2027, 5, 1)  # three months after the start, 1-2-2027
    signed = {(s.party, s.name) for s in m.sign_offs}
    assert signed == {
        (Party.STUDENT, STUDENT),
        (Party.WORKPLACE, WORKPLACE[0]),
        (Party.SCHOOL, SCHOOL[0]),
    }
    assert Flow(m).complete


def check_minutes(text: str) -> None:
    tokens = md.parse(text)
    assert md.structure(tokens) <= {"text", "softbreak", "hardbreak"}
    h1 = [title for tag, title in md.headings(tokens) if tag == "h1"]
    assert h1 == [T("minutes.title", kind=T.enum(MeetingKind.INTAKE), student=STUDENT)]

    people = md.tables(md.section(tokens, T("minutes.participants")))[0][1:]
    assert [row[0] for row in people] == [STUDENT, WORKPLACE[0], SCHOOL[0]]

    learning = md.section(tokens, T("minutes.learning"))
    items = md.list_items(learning)
    assert items == [*GOALS, T.enum(LearningWay.DOING), T.enum(LearningWay.FEEDBACK)]
    assert LEARNING_NOTE in md.paragraphs(learning)

    workplace = md.section(tokens, T("minutes.workplace"))
    factors = md.tables(workplace)[0][1:]
    assert factors == [
        [f"{f.number}. {T.enum(f)}", T.enum(status), note] for f, (status, note) in FACTORS.items()
    ]
    room = f"{T('minutes.room_for_mistakes')}: {T.enum(ROOM_FOR_MISTAKES)}"
    assert room in md.paragraphs(workplace)
    assert md.list_items(workplace) == [T.enum(p) for p in PRESSURES]
    assert PRESSURES_NOTE in md.paragraphs(workplace)

    support = md.list_items(md.section(tokens, T("minutes.support")))
    assert support == [f"{T.enum(kind)}: {text}" for kind, text in SUPPORT]

    agreed = md.tables(md.section(tokens, T("minutes.agreements")))
    assert len(agreed) == 1
    assert agreed[0][1:] == [
        [
            f"{FACTOR_AGREEMENT} ({T('field.at_factor', number=FROM_FACTOR.number)})",
            T.enum(AgreementKind.SUPERVISION),
            T.enum(Party.WORKPLACE),
            "wekelijks",
        ],
        [AGREEMENTS[1][0], T.enum(AgreementKind.WORK), T.enum(Party.STUDENT), "15 januari 2027"],
        [
            AGREEMENTS[2][0],
            T.enum(AgreementKind.SUPERVISION),
            T.enum(Party.SCHOOL),
            "1 maart 2027",
        ],
    ]

    decided = md.paragraphs(md.section(tokens, T("minutes.decision")))
    assert f"{T('minutes.decision')}: {T.enum(Decision.SUITABLE_WITH_CONDITIONS)}" in decided
    assert REASONS in decided
    assert f"{T('minutes.next_evaluation')}: 1 mei 2027" in decided

    signed = md.list_items(md.section(tokens, T("minutes.signoff")))
    on = T("minutes.signed_on", date="28 november 2026")
    assert signed == [
        f"Student: {STUDENT}, {on}",
        f"Werkplek: {WORKPLACE[0]}, {on}",
        f"School: {SCHOOL[0]}, {on}",
    ]
