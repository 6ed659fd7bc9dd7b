"""The workplace step as the table uses it, at 80x24 and on the wall at 160x45: an agreement
made from a factor (^t) starts empty under that factor, owned by the workplace, of the kind
the factor asks; keys choose an owner or a kind, and what is typed as text stays text; the
article's pressures are a checklist with a note, and room to make mistakes is asked with
factor 2."""

from __future__ import annotations

import pytest
from textual.widgets import ContentSwitcher

from driehoek.app import DriehoekApp, make_app
from driehoek.domain import AgreementKind, Factor, FactorStatus, Meeting, Party, Pressure
from driehoek.flow import Step
from driehoek.i18n import Catalogue
from driehoek.minutes import render_minutes
from driehoek.store import Store
from driehoek.widgets.fields import ChoiceField, TextField
from driehoek.widgets.value_fields import WhenField
from waiting import settle_until

from .drive import (
    AppPilot,
    driehoek,
    meeting_screen,
    region_text,
    saved,
    shows,
    squeezed,
    tab_to,
    toasts,
    type_text,
    walk_to,
)
from .meetings import fresh_intake

T = Catalogue("nl")
SIZES = [(80, 24), (160, 45)]
sizes = pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])


def in_panel(app: DriehoekApp, text: str) -> bool:
    """Whether the panel on the right (a factor, or the pressures) shows `text` whole."""
    panel = app.screen.query_one("#factor-details", ContentSwitcher).visible_content
    return panel is not None and squeezed(text) in squeezed(region_text(app, panel))


def stored(store: Store, meeting_id: int) -> Meeting:
    return store.meeting(meeting_id)


async def to_factor(pilot: AppPilot, factor: Factor, sign: str) -> None:
    """From the list of factors: highlight `factor` and set its status with its sign."""
    app = driehoek(pilot)
    factor_list = app.screen.query_one("#factor-list")
    if app.focused is not factor_list:
        for _ in range(12):
            await pilot.press("shift+tab")
            if app.focused is factor_list:
                break
    await pilot.press("home", *["down"] * (factor.number - 1), sign)


async def from_factor(pilot: AppPilot) -> TextField:
    """^t on the factor shown; returns the new agreement's text field, once it has the cursor."""
    app = driehoek(pilot)
    await pilot.press("ctrl+t")
    await settle_until(
        pilot,
        lambda: isinstance(app.focused, TextField) and app.focused.id is not None,
        "the cursor in the new agreement's text",
    )
    field = app.focused
    assert isinstance(field, TextField)
    return field


@sizes
async def test_an_agreement_from_a_factor_starts_empty_under_it(
    store: Store, size: tuple[int, int]
) -> None:
    meeting_id = fresh_intake(store)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=size) as pilot:
        await walk_to(pilot, Step.WORKPLACE)
        await to_factor(pilot, Factor.SUPPORT, "-")
        field = await from_factor(pilot)
        assert field.value == ""  # nothing copied from the factor's note to rewrite
        [made] = stored(store, meeting_id).agreements
        assert (made.text, made.owner, made.kind, made.factor) == (
            "",
            Party.WORKPLACE,
            AgreementKind.SUPERVISION,  # support and feedback: the supervision's to mend
            Factor.SUPPORT,
        )
        # Under the factor, with its kind and owner, in view.
        assert in_panel(app, T("field.factor_agreements"))
        assert in_panel(app, "‹begeleiding› ‹werkplek›")
        assert field.region.bottom <= size[1] - 1
        # A sentence with spaces is text: no space flips the owner or the kind.
        await type_text(pilot, "Elke week twintig minuten nabespreken")
        await saved(pilot)
        [made] = stored(store, meeting_id).agreements
        assert made.text == "Elke week twintig minuten nabespreken"
        assert (made.owner, made.kind) == (Party.WORKPLACE, AgreementKind.SUPERVISION)

        # Variation realisable: the work itself changes, a work agreement.
        await to_factor(pilot, Factor.VARIATION, "~")
        await from_factor(pilot)
        await type_text(pilot, "Ook een groepsactiviteit leiden")
        await saved(pilot)
        made_later = stored(store, meeting_id).agreements[1]
        assert (made_later.kind, made_later.owner, made_later.factor) == (
            AgreementKind.WORK,
            Party.WORKPLACE,
            Factor.VARIATION,
        )

        # The agreements step says which factor each came from.
        await walk_to(pilot, Step.AGREEMENTS)
        for factor in (Factor.SUPPORT, Factor.VARIATION):
            assert shows(app, f"{T('field.at_factor', number=factor.number)}: {T.enum(factor)}")
    minutes = render_minutes(stored(store, meeting_id), "nl")
    assert f"Elke week twintig minuten nabespreken ({T('field.at_factor', number=3)})" in minutes


@sizes
async def test_no_agreement_from_a_factor_that_is_present(
    store: Store, size: tuple[int, int]
) -> None:
    meeting_id = fresh_intake(store)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=size, notifications=True) as pilot:
        await walk_to(pilot, Step.WORKPLACE)
        await to_factor(pilot, Factor.AUTONOMY, "+")
        await pilot.press("ctrl+t")
        await settle_until(
            pilot,
            lambda: T("meeting.from_factor_needs_status") in " ".join(toasts(app)),
            "the reason why",
        )
        await pilot.press("end")  # the pressures: no factor, so no agreement either
        await pilot.press("ctrl+t")
        await saved(pilot)
        assert not stored(store, meeting_id).agreements


@sizes
async def test_keys_choose_owner_and_kind_and_text_stays_text(
    store: Store, size: tuple[int, int]
) -> None:
    meeting_id = fresh_intake(store)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=size) as pilot:
        await walk_to(pilot, Step.WORKPLACE)
        await to_factor(pilot, Factor.EXPERIMENT, "-")
        text = await from_factor(pilot)
        await type_text(pilot, "Zelf een activiteit uitproberen")
        line = text.parent
        assert line is not None
        kind, owner = line.query(ChoiceField).results(ChoiceField)
        when = line.query_one(WhenField)

        await tab_to(pilot, kind)
        await pilot.press("b")  # b: begeleiding
        await tab_to(pilot, owner)
        # Each key, and the owner it leaves chosen.
        keys = (
            ("s", Party.SCHOOL),  # the next owner with an s, as in a list box
            ("s", Party.STUDENT),  # s again: the next with an s, round the end
            ("w", Party.WORKPLACE),  # a letter that begins an owner: that one
            ("e", Party.WORKPLACE),  # and on with its word: "werk"
            ("r", Party.WORKPLACE),
            ("k", Party.WORKPLACE),
            ("right", Party.SCHOOL),  # an arrow: the next
            ("left", Party.WORKPLACE),  # and back
            ("space", Party.SCHOOL),  # a space, nothing typed before it: the next value
            ("left", Party.WORKPLACE),
        )
        for key, chosen in keys:
            await pilot.press(key)
            assert owner.value is chosen, (key, owner.value)
        # A Tab too few: "wekelijks" begins no owner, so it is what "when" says, and the
        # owner is what it was.
        await type_text(pilot, "wekelijks op maandag")
        await settle_until(pilot, lambda: app.focused is when, "the cursor in 'when'")
        await saved(pilot)
        [made] = stored(store, meeting_id).agreements
        assert (made.kind, made.owner) == (AgreementKind.SUPERVISION, Party.WORKPLACE)
        assert (made.text, made.frequency) == (
            "Zelf een activiteit uitproberen",
            "wekelijks op maandag",
        )
        assert meeting_screen(app).step is Step.WORKPLACE


@sizes
async def test_the_pressures_and_room_for_mistakes(store: Store, size: tuple[int, int]) -> None:
    meeting_id = fresh_intake(store)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=size) as pilot:
        await walk_to(pilot, Step.WORKPLACE)
        # Factor 2 asks whether there is room to make mistakes, by the same signs.
        await to_factor(pilot, Factor.EXPERIMENT, "~")
        await pilot.press("enter")  # to its status
        await tab_to(pilot, "#room-for-mistakes")
        assert in_panel(app, T("field.room_for_mistakes"))
        await pilot.press("+")
        # The pressures, under the six factors: all five at once, a tick each, one note.
        await pilot.press("shift+tab", "shift+tab", "end")
        assert app.focused is app.screen.query_one("#factor-list")
        await settle_until(pilot, lambda: in_panel(app, T("question.pressures")), "the pressures")
        for pressure in Pressure:
            assert in_panel(app, T.enum(pressure))
        assert shows(app, T("field.pressures_named", count=0, total=5))
        await pilot.press("enter")  # into the checklist
        await tab_to(pilot, f"#pressure-{Pressure.WORKLOAD.value}")
        await pilot.press("space")
        await tab_to(pilot, f"#pressure-{Pressure.AGGRESSIVE_CLIENTS.value}")
        await pilot.press("space")
        await tab_to(pilot, "#pressures-note")
        await type_text(pilot, "Twee vacatures open sinds de zomer.")
        assert shows(app, T("field.pressures_named", count=2, total=5))
        await saved(pilot)
        m = stored(store, meeting_id)
        assert m.room_for_mistakes is FactorStatus.PRESENT
        assert m.pressures == {Pressure.WORKLOAD, Pressure.AGGRESSIVE_CLIENTS}
        assert m.pressures_note == "Twee vacatures open sinds de zomer."
    minutes = render_minutes(stored(store, meeting_id), "nl")
    assert f"{T('minutes.room_for_mistakes')}: {T.enum(FactorStatus.PRESENT)}" in minutes
    assert T("minutes.pressures") in minutes
    assert "Twee vacatures open sinds de zomer." in minutes


@sizes
async def test_after_a_long_note_the_new_agreement_is_in_view_whole(
    store: Store, size: tuple[int, int]
) -> None:
    meeting_id = fresh_intake(store)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=size) as pilot:
        await walk_to(pilot, Step.WORKPLACE)
        await to_factor(pilot, Factor.SUPPORT, "-")
        await pilot.press("enter")  # to its status
        await tab_to(pilot, f"#note-{Factor.SUPPORT.value}")
        await type_text(pilot, "Hoge werkdruk, weinig tijd voor nabespreken. " * 8)
        text = await from_factor(pilot)
        line = text.parent
        assert line is not None
        owner = line.query(ChoiceField).results(ChoiceField)
        footer_row = size[1] - 1

        def in_view() -> bool:
            return all(w.region.height and w.region.bottom <= footer_row for w in (text, *owner))

        await type_text(pilot, "Elke week nabespreken")
        await saved(pilot)  # typing scrolls its field into view: the line stays in view whole
        assert in_view(), [w.region for w in (text, *owner)]
