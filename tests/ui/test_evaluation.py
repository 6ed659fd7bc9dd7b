"""The issue's acceptance test for the quarterly evaluation: at 80x24, keyboard only, from the
home screen to the exported minutes, on a placement where one agreement was carried twice
already; then the next evaluation brings back only what was carried."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from markdown_it.token import Token
from textual.widget import Widget
from textual.widgets import RadioSet

from driehoek.app import DriehoekApp, make_app
from driehoek.domain import (
    AgreementKind,
    AgreementStatus,
    Continuation,
    Disposition,
    Factor,
    FactorStatus,
    Meeting,
    MeetingKind,
    Party,
    Question,
)
from driehoek.flow import Flow, Step
from driehoek.i18n import Catalogue
from driehoek.store import Store
from waiting import settle_until

from . import markdown_read as md
from .drive import (
    SIZE,
    AppPilot,
    choose,
    current_step,
    driehoek,
    export_as,
    exports_in,
    fill,
    meeting_screen,
    pick_radio,
    region_text,
    saved,
    screen_text,
    squeezed,
    tab_to,
    type_text,
)
from .evaluations import (
    CARRIED_ONCE,
    CARRIED_TWICE,
    GOALS,
    NEW_LAST_TIME,
    STUDENT,
    WORKPLACE,
    History,
    other_placement,
    placement_with_history,
)

T = Catalogue("nl")

# What becomes of each agreement under review, and why.
DISPOSITIONS = {
    CARRIED_TWICE: (Disposition.CARRY, "Het team is nog onderbezet."),
    CARRIED_ONCE: (Disposition.DONE, ""),
    NEW_LAST_TIME: (Disposition.DROP, "Casus al besproken in intervisie."),
}
ANSWERS = {
    Question.LEARNING: {
        Party.STUDENT: "Ja, op de rustige dagen.",
        Party.WORKPLACE: "Ze pakt veel zelf op.",
        Party.SCHOOL: "Dat blijkt uit haar verslagen.",
    },
    Question.TIME: {Party.WORKPLACE: "Krap: het team is onderbezet."},
    Question.SUPERVISION: {Party.SCHOOL: "Goed contact, één bezoek."},
    Question.ATTENTION: {Party.STUDENT: "Rapporteren kost veel tijd."},
}
PROGRESS = ("Zit het overleg om de week voor.", "Rapporteert zelfstandig, nog kort.")
CHANGED = (Factor.SUPPORT, FactorStatus.ABSENT, FactorStatus.PRESENT)
NEW_AGREEMENT = ("Feedback vast in het rooster zetten", AgreementKind.SUPERVISION, Party.WORKPLACE)
NEW_DUE = ("15-1-2027", date(2027, 1, 15), "15 januari 2027")
REASONS = "Feedback moet vaster in het rooster."


def review_text(app: DriehoekApp, review_id: int) -> str:
    """The line of one agreement under review, as the screen shows it (squeezed)."""
    row = app.screen.query_one(f"#disposition-{review_id}").parent
    block = row.parent if row is not None else None
    assert isinstance(block, Widget)
    return squeezed(region_text(app, block.query_one(".review-what")))


async def dispose(pilot: AppPilot, history: History) -> None:
    app = driehoek(pilot)
    reviews = meeting_screen(app).meeting.reviews
    assert [r.agreement.id for r in reviews] == [
        history.carried_twice,
        history.carried_once,
        history.new_last_time,
    ]
    counts = (2, 1, 0)
    for review, count in zip(reviews, counts, strict=True):
        line = review_text(app, review.id)
        assert squeezed(review.agreement.text) in line
        assert (squeezed(T("field.carried", count=count)) in line) is bool(count), line
    for review in reviews:
        disposition, reason = DISPOSITIONS[review.agreement.text]
        await choose(pilot, f"#disposition-{review.id}", disposition)
        if reason:
            await fill(pilot, f"#reason-{review.id}", reason)


async def questions(pilot: AppPilot) -> None:
    for question, by_party in ANSWERS.items():
        for party, text in by_party.items():
            await fill(pilot, f"#answer-{question.value}-{party.value}", text)


async def progress(pilot: AppPilot) -> None:
    items = meeting_screen(driehoek(pilot)).meeting.progress
    assert [p.goal for p in items] == list(GOALS)
    for item, text in zip(items, PROGRESS, strict=True):
        await fill(pilot, f"#progress-{item.id}", text)


async def workplace(pilot: AppPilot) -> None:
    app = driehoek(pilot)
    factor, before, _ = CHANGED
    assert app.focused is app.screen.query_one("#factor-list")
    await pilot.press(*["down"] * (factor.number - 1), "+")
    await pilot.pause()
    was = T("field.changed", status=T.enum(before))
    listed = squeezed(region_text(app, app.screen.query_one("#factor-list")))
    assert listed.count(squeezed(was)) == 1, listed


async def agreements(pilot: AppPilot) -> None:
    """^t starts a new line in its text; then back to its kind, on to its owner and when."""
    app = driehoek(pilot)
    text, kind, owner = NEW_AGREEMENT
    await pilot.press("ctrl+t")
    await pilot.pause()
    line = meeting_screen(app).meeting.agreements[-1]
    assert app.focused is app.screen.query_one(f"#agreement-{line.id}")
    await type_text(pilot, text)
    await pilot.press("shift+tab")
    await choose(pilot, app.focused or "#step-agreements", kind)
    await pilot.press("tab", "tab")
    await choose(pilot, app.focused or "#step-agreements", owner)
    await pilot.press("tab")
    await type_text(pilot, NEW_DUE[0])


async def decision(pilot: AppPilot) -> None:
    radio_set = pilot.app.screen.query_one("#decision", RadioSet)
    await tab_to(pilot, radio_set)
    await pick_radio(pilot, radio_set, list(Continuation).index(Continuation.ADJUST))
    await fill(pilot, "#decision-reasons", REASONS)


async def review(pilot: AppPilot) -> None:
    for party in Party:
        await tab_to(pilot, f"#sign-{party.value}")
        await pilot.press("space")
        await pilot.pause()


async def test_an_evaluation_by_keyboard_disposes_of_everything_and_ends_in_its_minutes(
    store: Store, tmp_path: Path
) -> None:
    history = placement_with_history(store)
    other_placement(store)
    export_to = tmp_path / "evaluatie.md"
    app = make_app(store, settings=exports_in(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "mila")
        await pilot.press("ctrl+e")
        await pilot.pause()
        meeting = meeting_screen(app).meeting
        assert meeting.kind is MeetingKind.EVALUATION
        assert meeting.placement.id == history.placement_id
        assert current_step(app) is Step.OPEN_AGREEMENTS
        await dispose(pilot, history)
        steps = (
            (Step.QUESTIONS, questions),
            (Step.PROGRESS, progress),
            (Step.WORKPLACE, workplace),
            (Step.AGREEMENTS, agreements),
            (Step.DECISION, decision),
            (Step.REVIEW, review),
        )
        for step, walk in steps:
            await pilot.press("ctrl+n")
            await pilot.pause()
            assert current_step(app) is step, screen_text(app)
            await walk(pilot)
        await saved(pilot)
        await settle_until(
            pilot,
            lambda: f"✓ {T('review.complete')}" in screen_text(app),
            "the review step shows the evaluation complete",
        )
        await export_as(pilot, export_to.name)
        assert export_to.is_file(), screen_text(app)

        check_database(store, store.meeting(meeting.id), history)
        check_minutes(export_to.read_text(encoding="utf-8"))

        # The next evaluation: what was done or dropped stays away, the carried one is back.
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        following = meeting_screen(app).meeting
        assert following.id != meeting.id
        assert current_step(app) is Step.OPEN_AGREEMENTS
        new_id = store.meeting(meeting.id).agreements[0].id
        assert [(r.agreement.id, r.carried) for r in following.reviews] == [
            (history.carried_twice, 3),
            (new_id, 0),
        ]
        body = squeezed(region_text(app, app.screen.query_one("#step-open_agreements")))
        assert squeezed(CARRIED_TWICE) in body
        assert squeezed(T("field.carried", count=3)) in body
        assert squeezed(NEW_AGREEMENT[0]) in body
        assert squeezed(CARRIED_ONCE) not in body
        assert squeezed(NEW_LAST_TIME) not in body


def check_database(store: Store, m: Meeting, history: History) -> None:
    got = {r.agreement.id: (r.disposition, r.reason) for r in m.reviews}
    assert got == {
        history.carried_twice: DISPOSITIONS[CARRIED_TWICE],
        history.carried_once: DISPOSITIONS[CARRIED_ONCE],
        history.new_last_time: DISPOSITIONS[NEW_LAST_TIME],
    }
    status = {a.id: a.status for a, _ in store.placement_agreements(history.placement_id)}
    assert status[history.carried_twice] is AgreementStatus.OPEN
    assert status[history.carried_once] is AgreementStatus.DONE
    assert status[history.new_last_time] is AgreementStatus.DROPPED
    answers = {(a.question, a.party): a.text for a in m.answers if a.text}
    assert answers == {(q, p): text for q, by in ANSWERS.items() for p, text in by.items()}
    assert [(p.goal, p.text) for p in m.progress] == list(zip(GOALS, PROGRESS, strict=True))
    factor, _, after = CHANGED
    assert m.factor(factor).status is after
    before = {f.factor: f.status for f in m.previous_factors}
    assert [f.factor for f in m.factors if before[f.factor] is not f.status] == [factor]
    new = [(a.text, a.kind, a.owner, a.due, a.status) for a in m.agreements]
    assert new == [(*NEW_AGREEMENT, NEW_DUE[1], AgreementStatus.OPEN)]
    assert m.continuation is Continuation.ADJUST
    assert m.decision_reasons == REASONS
    # On the placement's rhythm: its start (16-2-2026) plus a year, not the meeting's day plus 3.
    assert m.next_evaluation == date(2027, 2, 16)
    assert {s.party for s in m.sign_offs} == set(Party)
    assert Flow(m).complete


def subsections(tokens: list[Token]) -> dict[str, list[Token]]:
    """The tokens under each h3 of a section, by the h3's text."""
    found: dict[str, list[Token]] = {}
    current: list[Token] | None = None
    for i, t in enumerate(tokens):
        if t.type == "heading_open" and t.tag == "h3":
            current = found.setdefault(md.inline_text(tokens[i + 1]), [])
        elif current is not None:
            current.append(t)
    return found


def check_minutes(text: str) -> None:
    tokens = md.parse(text)
    assert md.structure(tokens) <= {"text", "softbreak", "hardbreak"}
    h1 = [title for tag, title in md.headings(tokens) if tag == "h1"]
    assert h1 == [T("minutes.title", kind=T.enum(MeetingKind.EVALUATION), student=STUDENT)]

    reviewed = md.tables(md.section(tokens, T("minutes.reviews")))[0]
    assert reviewed[0] == [
        T("field.what"),
        T("field.who"),
        T("field.made_on"),
        T("field.disposition"),
        T("field.reason"),
    ]
    assert reviewed[1:] == [
        [
            CARRIED_TWICE,
            T.enum(Party.WORKPLACE),
            "gemaakt 2-2-2026, 2× meegenomen",
            T.enum(Disposition.CARRY),
            DISPOSITIONS[CARRIED_TWICE][1],
        ],
        [
            CARRIED_ONCE,
            T.enum(Party.STUDENT),
            "gemaakt 4-5-2026, 1× meegenomen",
            T.enum(Disposition.DONE),
            "–",  # done needs no reason
        ],
        [
            NEW_LAST_TIME,
            T.enum(Party.SCHOOL),
            "gemaakt 24-8-2026",
            T.enum(Disposition.DROP),
            DISPOSITIONS[NEW_LAST_TIME][1],
        ],
    ]

    asked = subsections(md.section(tokens, T("minutes.questions")))
    assert list(asked) == [f"{n}. {T.enum(q)}" for n, q in enumerate(Question, start=1)]
    for (title, part), by_party in zip(asked.items(), ANSWERS.values(), strict=True):
        said = [f"{T.enum(p).capitalize()}: {text}" for p, text in by_party.items()]
        assert md.list_items(part) == said, title

    progressed = md.tables(md.section(tokens, T("minutes.progress")))[0][1:]
    assert progressed == [list(row) for row in zip(GOALS, PROGRESS, strict=True)]

    workplace = md.section(tokens, T("minutes.workplace"))
    changes = subsections(workplace)[T("minutes.changes")]
    factor, before, after = CHANGED
    assert md.list_items(changes) == [
        T(
            "minutes.changed_from",
            factor=T.enum(factor),
            before=T.enum(before),
            after=T.enum(after),
        )
    ]

    new = md.tables(md.section(tokens, T("minutes.new_agreements")))[0][1:]
    text, kind, owner = NEW_AGREEMENT
    assert new == [[text, T.enum(kind), T.enum(owner), NEW_DUE[2]]]

    follow = md.paragraphs(md.section(tokens, T("minutes.continuation")))
    assert f"{T('minutes.continuation')}: {T.enum(Continuation.ADJUST)}" in follow
    assert REASONS in follow
    assert f"{T('minutes.next_evaluation')}: 16 februari 2027" in follow

    signed = md.list_items(md.section(tokens, T("minutes.signoff")))
    on = T("minutes.signed_on", date="28 november 2026")
    assert signed[1] == f"Werkplek: {WORKPLACE[0]}, {on}"
    assert len(signed) == 3
    assert all(line.endswith(on) for line in signed)
