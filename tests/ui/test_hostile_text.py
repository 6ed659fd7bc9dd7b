"""Text that looks like markup, Markdown or a terminal command stays text: on every screen,
in the database and in the exported minutes (research §5)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from textual import events
from textual.widgets import Input, RadioSet, TextArea

from driehoek.app import DriehoekApp, make_app
from driehoek.domain import Decision, Factor, Meeting, Part, Party, Ref
from driehoek.flow import Step
from driehoek.i18n import Catalogue
from driehoek.screens.minutes_view import MinutesScreen
from driehoek.store import Store

from . import markdown_read as md
from .drive import (
    SIZE,
    AppPilot,
    bound_field,
    driehoek,
    export_as,
    exports_in,
    meeting_screen,
    pick_radio,
    region_text,
    saved,
    screen_lines,
    screen_text,
    squeezed,
    tab_to,
    type_fast,
    walk_to,
)

T = Catalogue("nl")

HOSTILE = "| # [x](y) <b> ``` [bold] [/] [@click=app.quit]klik[/]"
"""Table pipe, heading, link, HTML, code fence, Rich/Textual markup and a click action."""

# Every kind of text field, each with a word of its own in front of the hostile text.
TEXTS = {
    "student": f"Iris {HOSTILE}",
    "organisation": f"Org {HOSTILE}",
    "team": f"Team {HOSTILE}",
    "programme": f"Opl {HOSTILE}",
    "workplace": f"Wim {HOSTILE}",
    "workplace_role": f"Rol {HOSTILE}",
    "school": f"Sara {HOSTILE}",
    "goal": f"Doel {HOSTILE}",
    "learning_note": f"Noot {HOSTILE}",
    "factor_note": f"Factor {HOSTILE}",
    "support": f"Steun {HOSTILE}",
    "agreement": f"Afspraak {HOSTILE}",
    "frequency": f"wekelijks {HOSTILE}",
    "reasons": f"Reden {HOSTILE}",
    "factor_agreement": f"Uit factor {HOSTILE}",
    "pressures_note": f"Druk {HOSTILE}",
}
FACTOR_AGREEMENT = TEXTS["factor_agreement"]


def alive(app: DriehoekApp) -> None:
    """The app still runs: no MarkupError, no crash report, no `app.quit` from a click."""
    assert app.is_running
    assert app.return_code is None


def literally(
    app: DriehoekApp, text: str, *, chars: int | None = None, within: str | None = None
) -> None:
    """`text` (or its first `chars` letters, where a field is narrower) shows as typed, on the
    screen or within one widget (where columns stand side by side)."""
    wanted = squeezed(text)[:chars]
    shown = region_text(app, app.screen.query_one(within)) if within else screen_text(app)
    assert wanted in squeezed(shown), f"{wanted!r} not in\n{shown}"


async def fill_everything(pilot: AppPilot, meeting: Meeting) -> None:
    app = driehoek(pilot)
    for selector, key in (("#placement-team", "team"), ("#placement-programme", "programme")):
        await tab_to(pilot, selector)
        await type_fast(pilot, TEXTS[key])
    for party, name_key, role_key in (
        (Party.WORKPLACE, "workplace", "workplace_role"),
        (Party.SCHOOL, "school", None),
    ):
        person = next(p for p in meeting.participants if p.party is party)
        ref = Ref(Part.PARTICIPANT, person.id)
        await tab_to(pilot, bound_field(app, ref, "name"))
        await type_fast(pilot, TEXTS[name_key])
        if role_key:
            await tab_to(pilot, bound_field(app, ref, "role"))
            await type_fast(pilot, TEXTS[role_key])

    await walk_to(pilot, Step.LEARNING)
    await pilot.press("ctrl+t")
    await type_fast(pilot, TEXTS["goal"])
    await tab_to(pilot, "#learning-note")
    await type_fast(pilot, TEXTS["learning_note"])

    await walk_to(pilot, Step.WORKPLACE)
    await pilot.press("minus", "enter", "tab")  # absent; on to its status, then its note
    await type_fast(pilot, TEXTS["factor_note"])
    await pilot.press("ctrl+t")  # an agreement from the factor: the cursor in its text
    await type_fast(pilot, TEXTS["factor_agreement"])
    await pilot.press(*["shift+tab"] * 3, "end", "enter")  # to the list; on to the pressures
    await tab_to(pilot, "#pressures-note")
    await type_fast(pilot, TEXTS["pressures_note"])

    await walk_to(pilot, Step.SUPPORT)
    await pilot.press("ctrl+t")  # a new line: the cursor is in its text
    await type_fast(pilot, TEXTS["support"])

    await walk_to(pilot, Step.AGREEMENTS)
    await pilot.press("ctrl+t")
    await type_fast(pilot, TEXTS["agreement"])
    await pilot.press("tab", "tab")
    await type_fast(pilot, TEXTS["frequency"])

    await walk_to(pilot, Step.DECISION)
    radio_set = app.screen.query_one("#decision", RadioSet)
    await tab_to(pilot, radio_set)
    await pick_radio(pilot, radio_set, list(Decision).index(Decision.SUITABLE_WITH_CONDITIONS))
    await tab_to(pilot, "#decision-reasons")
    await type_fast(pilot, TEXTS["reasons"])

    await walk_to(pilot, Step.REVIEW)
    for party in Party:
        await tab_to(pilot, f"#sign-{party.value}")
        await pilot.press("space")
        await pilot.pause()
    await saved(pilot)


async def visit_every_step(pilot: AppPilot) -> None:
    app = driehoek(pilot)
    # What each step shows in full, or at least the start of (narrow one-line fields).
    shown: dict[Step, list[tuple[str, int | None, str | None]]] = {
        Step.PARTICIPANTS: [
            (TEXTS["organisation"], 25, None),
            (TEXTS["team"], 30, None),
            (TEXTS["programme"], 20, None),
            # A name wraps whole in its column, beside the role: the start of its first line.
            (TEXTS["workplace"], 15, None),
            (TEXTS["school"], 15, None),
        ],
        Step.LEARNING: [(TEXTS["goal"], None, None), (TEXTS["learning_note"], None, None)],
        Step.WORKPLACE: [
            (TEXTS["factor_note"], None, "#note-involvement"),
            (TEXTS["factor_agreement"], 25, "#factor-involvement"),
        ],
        Step.SUPPORT: [(TEXTS["support"], 30, None)],
        # 20: the first line of its wrapped text (owner and date sit beside it on that line).
        Step.AGREEMENTS: [(TEXTS["agreement"], 20, None), (FACTOR_AGREEMENT, 20, None)],
        Step.DECISION: [(TEXTS["reasons"], None, None)],
        Step.REVIEW: [
            (f"Student: {TEXTS['student']}", None, None),
            (f"School: {TEXTS['school']}", None, None),
        ],
    }
    for step, texts in shown.items():
        await walk_to(pilot, step)
        alive(app)
        # The heading names the student and the organisation; it is cut at the screen's edge.
        heading = screen_lines(app)[0].strip()
        assert heading.startswith(f"Startgesprek 28-11-2026 · {TEXTS['student'][:30]}")
        for text, chars, within in texts:
            if within is None and squeezed(text)[:chars] not in squeezed(screen_text(app)):
                # A field shows its whole text, wrapped: at 80x24 the step's last rows may lie
                # below the fold. Scroll there, as a user would.
                app.screen.query_one(".step-view").scroll_end(animate=False, immediate=True)
                await pilot.pause()
            literally(app, text, chars=chars, within=within)


async def check_minutes_preview(pilot: AppPilot) -> None:
    app = driehoek(pilot)
    await pilot.press("ctrl+r")
    await pilot.pause()
    assert isinstance(app.screen, MinutesScreen)
    alive(app)
    literally(app, f"# Verslag startgesprek: {TEXTS['student']}"[2:])
    # Scroll through; every paragraph of user text reads as typed, and "klik" does nothing.
    seen = squeezed(screen_text(app))
    clicks = 0
    for _ in range(12):
        await pilot.press("pagedown")
        seen += squeezed(screen_text(app))
        # Pages do not overlap: a line wrapped over the edge of one is read whole from a
        # view two lines up as well.
        await pilot.press("up", "up")
        seen += squeezed(screen_text(app))
        await pilot.press("down", "down")
        for y, line in enumerate(screen_lines(app)):
            if "klik" in line:
                await pilot.click(offset=(line.index("klik") + 1, y))
                clicks += 1
                alive(app)
                assert isinstance(app.screen, MinutesScreen)
    assert clicks, "the preview never showed the word to click"
    for key in ("goal", "learning_note", "support", "reasons"):
        assert squeezed(TEXTS[key]) in seen, key
    await pilot.press("escape")
    await pilot.pause()


async def test_hostile_text_in_every_field_stays_text(store: Store, tmp_path: Path) -> None:
    export_to = tmp_path / "verslag.md"
    app = make_app(store, settings=exports_in(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await type_fast(pilot, TEXTS["student"])
        await pilot.press("enter")
        await type_fast(pilot, TEXTS["organisation"])
        await pilot.press("enter")
        await pilot.pause()
        meeting = meeting_screen(app).meeting
        await fill_everything(pilot, meeting)
        await visit_every_step(pilot)
        await check_minutes_preview(pilot)

        await pilot.press("ctrl+g")
        await pilot.pause()
        alive(app)
        await pilot.press("escape")
        await export_as(pilot, export_to.name)

        await pilot.press("ctrl+l")
        await pilot.pause()
        alive(app)
        home = squeezed(screen_text(app))
        assert squeezed(TEXTS["student"][:18]) in home
        assert squeezed(TEXTS["organisation"][:20]) in home
        await pilot.press("enter")  # and back into the meeting, through the list
        await pilot.pause()
        alive(app)
        meeting_screen(app)

    check_stored(store.meeting(meeting.id))
    check_exported(export_to.read_text(encoding="utf-8"))


def check_stored(m: Meeting) -> None:
    p = m.placement
    assert (p.student, p.organisation, p.team, p.programme) == (
        TEXTS["student"],
        TEXTS["organisation"],
        TEXTS["team"],
        TEXTS["programme"],
    )
    names = {x.party: (x.name, x.role) for x in m.participants}
    assert names[Party.WORKPLACE] == (TEXTS["workplace"], TEXTS["workplace_role"])
    assert names[Party.SCHOOL][0] == TEXTS["school"]
    assert [g.text for g in m.goals] == [TEXTS["goal"]]
    assert m.learning_note == TEXTS["learning_note"]
    assert m.factor(Factor.INVOLVEMENT).note == TEXTS["factor_note"]
    assert m.pressures_note == TEXTS["pressures_note"]
    assert [s.text for s in m.support] == [TEXTS["support"]]
    assert [(a.text, a.frequency) for a in m.agreements] == [
        (FACTOR_AGREEMENT, ""),
        (TEXTS["agreement"], TEXTS["frequency"]),
    ]
    assert m.decision_reasons == TEXTS["reasons"]
    assert {s.name for s in m.sign_offs} == {TEXTS["student"], TEXTS["workplace"], TEXTS["school"]}


def check_exported(text: str) -> None:
    tokens = md.parse(text)
    # User text added no links, HTML, code or emphasis, and no headings, cells or rows.
    assert md.structure(tokens) <= {"text", "softbreak", "hardbreak"}
    assert [tag for tag, _ in md.headings(tokens)].count("h1") == 1
    assert md.headings(tokens)[0] == ("h1", f"Verslag startgesprek: {TEXTS['student']}")
    assert [len(t) for t in md.tables(tokens)] == [1 + 3, 1 + 6, 1 + 2]
    assert all(len(row) == len(t[0]) for t in md.tables(tokens) for row in t)
    people, factors, agreements = md.tables(tokens)
    assert [row[0] for row in people[1:]] == [TEXTS["student"], TEXTS["workplace"], TEXTS["school"]]
    assert factors[1][2] == TEXTS["factor_note"]
    at_factor = T("field.at_factor", number=Factor.INVOLVEMENT.number)
    assert [row[0] for row in agreements[1:]] == [
        f"{FACTOR_AGREEMENT} ({at_factor})",
        TEXTS["agreement"],
    ]
    assert agreements[2][3] == TEXTS["frequency"]
    items = md.list_items(tokens)
    assert TEXTS["goal"] in items
    assert f"{T('support_kind.visit')}: {TEXTS['support']}" in items
    paragraphs = md.paragraphs(tokens)
    assert TEXTS["learning_note"] in paragraphs
    assert TEXTS["pressures_note"] in paragraphs
    assert TEXTS["reasons"] in paragraphs
    assert not [c for c in text if unicodedata.category(c) == "Cc" and c != "\n"]


PASTED = "\x1b]52;c;aGk=\x1b\\ tekst"
"""An OSC 52 clipboard write, as text copied from a terminal can carry it."""


async def paste(pilot: AppPilot, text: str) -> None:
    focused = pilot.app.focused
    assert focused is not None
    focused.post_message(events.Paste(text))
    await pilot.pause()


async def test_pasted_escape_sequences_are_cleaned_before_display_and_storage(
    store: Store,
) -> None:
    meeting_id = store.new_intake("Ravi Pinas", "Buurtzorg Oost")
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        team = await tab_to(pilot, "#placement-team")
        assert isinstance(team, Input)
        await paste(pilot, PASTED)
        assert "\x1b" not in team.value
        assert team.value.endswith(" tekst")
        await walk_to(pilot, Step.DECISION)
        reasons = await tab_to(pilot, "#decision-reasons")
        assert isinstance(reasons, TextArea)
        await paste(pilot, PASTED)
        assert "\x1b" not in reasons.text
        assert reasons.text.endswith(" tekst")
        await saved(pilot)
        alive(app)
    m = store.meeting(meeting_id)
    for stored in (m.placement.team, m.decision_reasons):
        assert stored.endswith(" tekst")
        assert not [c for c in stored if unicodedata.category(c) in ("Cc", "Cf")]
