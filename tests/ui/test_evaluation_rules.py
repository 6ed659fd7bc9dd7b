"""The rules around the evaluation, at 80x24 by keyboard: no sign-off while an open agreement
waits for its disposition, no evaluation of a placement that never started; and the screens
that follow the placement over time (the placement view, the workplace report, the history)."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox

from driehoek.app import DriehoekApp, make_app
from driehoek.demo import seed_demo
from driehoek.domain import Decision, Disposition, FactorStatus, Party, PlacementStatus
from driehoek.flow import Step
from driehoek.i18n import Catalogue
from driehoek.screens.history import HistoryScreen
from driehoek.screens.home import HomeScreen
from driehoek.screens.placement import PlacementScreen
from driehoek.screens.workplaces import WorkplacesScreen
from driehoek.store import NotReady, Store
from waiting import settle_until

from .drive import (
    SIZE,
    AppPilot,
    choose,
    driehoek,
    fill,
    jump_to,
    meeting_screen,
    region_text,
    saved,
    screen_lines,
    screen_text,
    shows,
    squeezed,
    tab_to,
    toasts,
    type_fast,
    type_text,
)
from .evaluations import (
    CARRIED_ONCE,
    CARRIED_TWICE,
    DONE_EARLY,
    DROPPED_EARLY,
    NEW_LAST_TIME,
    STUDENT,
    placement_with_history,
)
from .meetings import complete_intake

T = Catalogue("nl")
SCROLLBAR = " ▁▂▃▄▅▆▇█"


def ticked(app: DriehoekApp, party: Party) -> bool:
    """Whether the sign box of `party` shows its tick (the glyph, not only the colour)."""
    box = app.screen.query_one(f"#sign-{party.value}", Checkbox)
    shown = region_text(app, box)
    assert squeezed(T.enum(party).capitalize()) in squeezed(shown), shown
    return "X" in shown[:4]


def warned(app: DriehoekApp, key: str) -> bool:
    """Whether a notification says the message `key`, however it wrapped."""
    return any(squeezed(T(key)) == squeezed(toast) for toast in toasts(app))


async def test_an_evaluation_cannot_be_signed_while_an_agreement_has_no_disposition(
    store: Store,
) -> None:
    history = placement_with_history(store)
    meeting_id = store.new_evaluation(history.placement_id)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        reviews = meeting_screen(app).meeting.reviews
        assert len(reviews) == 3
        first, second, last = reviews
        await choose(pilot, f"#disposition-{first.id}", Disposition.CARRY)
        await fill(pilot, f"#reason-{first.id}", "Nog niet elke week.")
        await choose(pilot, f"#disposition-{second.id}", Disposition.DONE)
        await jump_to(pilot, Step.REVIEW)
        open_needs = squeezed(region_text(app, app.screen.query_one("#open-needs")))
        assert squeezed(T.n("need.disposition", 1)) in open_needs

        await pilot.press("space")  # the cursor starts on the student's sign box
        await pilot.pause()
        assert warned(app, "meeting.close_first"), toasts(app)
        assert not ticked(app, Party.STUDENT)
        assert store.meeting(meeting_id).sign_offs == ()
        with pytest.raises(NotReady):
            store.sign(meeting_id, Party.STUDENT, STUDENT)
        assert store.meeting(meeting_id).sign_offs == ()

        await jump_to(pilot, Step.OPEN_AGREEMENTS)
        await choose(pilot, f"#disposition-{last.id}", Disposition.DROP)
        await fill(pilot, f"#reason-{last.id}", "Al besproken in intervisie.")
        await jump_to(pilot, Step.REVIEW)
        await pilot.press("space")
        await pilot.pause()
        assert ticked(app, Party.STUDENT)
    assert [s.party for s in store.meeting(meeting_id).sign_offs] == [Party.STUDENT]


async def test_an_evaluation_of_a_placement_that_never_started_is_refused(store: Store) -> None:
    refused = store.new_intake("Bo Smit", "Opvang De Kikker")
    m = store.meeting(refused)
    store.update_meeting(refused, m.version, decision=Decision.NOT_SUITABLE)
    placement_id = m.placement.id
    assert store.placement(placement_id).status is PlacementStatus.NOT_STARTED
    placement_with_history(store)
    app = make_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await type_text(pilot, "bo smit")
        await pilot.pause()
        assert shows(app, "Bo Smit")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert warned(app, "home.not_started"), toasts(app)
    assert len(store.meetings(placement_id)) == 1


async def test_the_placement_view_shows_three_lanes_and_saves_outcome_and_cadence(
    store: Store,
) -> None:
    history = placement_with_history(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "mila")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, PlacementScreen)
        lanes = app.screen.query(".lane")
        texts = [squeezed(region_text(app, lane)) for lane in lanes]
        assert [text[: len(T.enum(p))] for text, p in zip(texts, Party, strict=True)] == [
            squeezed(T.enum(p).capitalize()) for p in Party
        ]
        student, workplace, school = texts
        assert squeezed(f"✓ {DONE_EARLY}") in student
        assert squeezed(f"○ {CARRIED_ONCE}") in student
        assert squeezed(f"○ {CARRIED_TWICE}") in workplace
        assert squeezed(f"× {DROPPED_EARLY}") in school
        assert squeezed(f"○ {NEW_LAST_TIME}") in school
        assert not app.screen.query(".warning")

        await tab_to(pilot, "#outcome")
        await pilot.press("space")  # running -> completed
        await pilot.pause()
        assert store.placement(history.placement_id).status is PlacementStatus.COMPLETED
        await fill(pilot, "#cadence", "2")
        await fill(pilot, "#outcome-reason", "Diploma gehaald.")

        def stored() -> tuple[int, str]:
            placement = store.placement(history.placement_id)
            return placement.cadence_months, placement.outcome_reason

        await settle_until(pilot, lambda: stored() == (2, "Diploma gehaald."), "both are stored")

        await tab_to(pilot, "#placement-meetings")
        await pilot.press("down", "enter")  # the second newest: the first evaluation
        await pilot.pause()
        wanted = store.meetings(history.placement_id)[1]
        assert meeting_screen(app).meeting.id == wanted.id
        assert meeting_screen(app).meeting.date == wanted.date


async def test_the_placement_view_opens_at_its_top(store: Store) -> None:
    """The outcome, the cadence and the title of the meetings are the first thing it shows."""
    placement_with_history(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "mila")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, PlacementScreen)
        # Below the title: the outcome's row, its reason's row, then the meetings.
        top = screen_lines(app)[1:6]
        for key in ("placement.outcome", "placement.cadence", "placement.meetings"):
            assert any(squeezed(T(key)) in squeezed(line) for line in top), screen_text(app)


async def test_a_changed_factor_still_says_what_it_was_when_its_step_opens_again(
    store: Store,
) -> None:
    history = placement_with_history(store)
    app = make_app(store, open_meeting=store.new_evaluation(history.placement_id))
    async with app.run_test(size=SIZE) as pilot:
        await jump_to(pilot, Step.WORKPLACE)
        await pilot.press("down", "down", "+")  # 3. support: absent at the last meeting
        await pilot.pause()
        was = squeezed(T("field.changed", status=T.enum(FactorStatus.ABSENT)))
        assert was in squeezed(region_text(app, app.screen.query_one("#factor-list")))
        await pilot.press("ctrl+b")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        listed = squeezed(region_text(app, app.screen.query_one("#factor-list")))
        assert was in listed, screen_text(app)


async def test_the_placement_view_warns_when_a_party_holds_no_agreement(store: Store) -> None:
    complete_intake(store)  # one agreement, the workplace's
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, PlacementScreen)
        warning = app.screen.query_one(".warning")
        parties = ", ".join(T.enum(p) for p in (Party.STUDENT, Party.SCHOOL))
        expected = f"⚠ {T('placement.no_agreement', parties=parties)}"
        assert squeezed(region_text(app, warning)) == squeezed(expected)


async def test_the_workplace_report_shows_each_organisation(store: Store) -> None:
    seed_demo(store)
    organisations = store.organisations()
    assert len(organisations) >= 3
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_fast(pilot, T("cmd.workplaces"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkplacesScreen)
        seen: list[str] = []
        for _ in range(60):  # page by page to the end of the report
            lines = screen_lines(app)
            seen += lines
            await pilot.press("pagedown")
            await pilot.pause()
            if screen_lines(app) == lines:
                break
        # Each organisation has a heading of its own: a line that holds just its name (and
        # perhaps the scroll bar at its end).
        headings = {line.rstrip(SCROLLBAR).strip() for line in seen}
        assert [name for name in organisations if name not in headings] == []


async def show_history(pilot: AppPilot, store: Store, meeting_id: int, reason: str) -> int:
    """Carry the first agreement under review, with `reason`, then open the history from the
    menu; returns the id of the disposition changed."""
    app = pilot.app
    first = meeting_screen(driehoek(pilot)).meeting.reviews[0]
    await choose(pilot, f"#disposition-{first.id}", Disposition.CARRY)
    await fill(pilot, f"#reason-{first.id}", reason)
    await saved(pilot)
    await pilot.press("ctrl+p")
    await pilot.pause()
    await type_fast(pilot, T("cmd.history"))
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, HistoryScreen)
    assert store.meeting(meeting_id).reviews[0].reason == reason
    return first.id


async def test_the_history_of_an_evaluation_names_who_and_not_what(store: Store) -> None:
    history = placement_with_history(store)
    meeting_id = store.new_evaluation(history.placement_id)
    secret = "Zeefdrukwerkplaats"  # a word only the content holds
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await show_history(pilot, store, meeting_id, f"Eerst de {secret}")
        rows = [squeezed(line) for line in screen_lines(app)]
        changed = squeezed(f"28-11-2026 11:30 {store.user} {T('action.change')}")
        assert any(changed in row for row in rows), screen_text(app)
        shown = squeezed(screen_text(app))
        assert squeezed(T("entity.dispositions")[:10]) in shown
        assert secret not in shown
        assert squeezed(STUDENT) not in shown.split(squeezed(T("history.title")))[1]


async def test_the_history_names_the_changed_row_in_full(store: Store) -> None:
    """Which agreement of earlier was changed: its kind and number, not cut off."""
    history = placement_with_history(store)
    meeting_id = store.new_evaluation(history.placement_id)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        changed = await show_history(pilot, store, meeting_id, "Nog niet elke week.")
        row = f"{T('action.change')} {T('entity.dispositions')} {changed}"
        assert squeezed(row) in squeezed(screen_text(app)), screen_text(app)
