"""Step 1's form rows, each label drawn by its field (issue 14): they read as before at 80x24,
in Dutch and in English, and a key typed in a field does not lay out the screen again."""

from __future__ import annotations

import pytest
from textual.screen import Screen

from driehoek.app import make_app
from driehoek.i18n import Catalogue, Lang
from driehoek.store import Store
from driehoek.widgets.fields import ChoiceField

from .drive import SIZE, handled, region_text, saved, screen_lines, type_fast
from .meetings import fresh_intake

LONG_TEAM = "Woongroep Het Anker, locatie Oost, de groep van de jongeren met een eigen kamer"
"""Longer than the team field (56 columns at 80x24): it scrolls while typed, wraps when left."""


def _row(lines: list[str], label: str) -> str:
    found = [line for line in lines if line.lstrip().startswith(label)]
    assert found, f"no row starts with {label!r}:\n" + "\n".join(lines)
    return found[0]


LANGS: list[Lang] = ["nl", "en"]


@pytest.mark.parametrize("lang", LANGS)
async def test_each_label_stands_before_its_field_on_its_row(store: Store, lang: Lang) -> None:
    t = Catalogue(lang)
    meeting_id = fresh_intake(store)
    placement = store.meeting(meeting_id).placement
    store.update_placement(placement.id, placement.version, team="De Linde")
    app = make_app(store, lang=lang, open_meeting=meeting_id)
    async with app.run_test(size=SIZE):
        lines = screen_lines(app)
        # Labels in the first column (after the step's margin), fields from column 21 on.
        organisation = _row(lines, t("field.organisation"))
        assert organisation.index("Buurtzorg Oost") == 21
        assert _row(lines, t("field.team")).index("De Linde") == 21
        programme = _row(lines, t("field.programme"))
        assert programme.index(t("field.pathway")) > 21 + 20  # beside the field, after it
        dates = _row(lines, t("field.start"))
        assert t("field.end") in dates
        assert t("field.date_placeholder") in dates[21:]


async def test_a_long_text_scrolls_beside_its_label_and_wraps_under_the_field(
    store: Store,
) -> None:
    t = Catalogue("nl")
    app = make_app(store, open_meeting=fresh_intake(store))
    async with app.run_test(size=SIZE) as pilot:
        team = app.screen.query_one("#placement-team")
        app.screen.set_focus(team)
        await type_fast(pilot, LONG_TEAM)
        await handled(pilot)
        row = _row(screen_lines(app), t("field.team"))
        assert row.rstrip().endswith("een eigen kamer")  # the end, where the cursor is
        assert "Woongroep" not in row  # scrolled: one line while it is edited
        await pilot.press("tab")
        await saved(pilot)
        lines = screen_lines(app)
        first = _row(lines, t("field.team"))
        assert first.index("Woongroep") == 21  # from the start again, beside its label
        below = lines[lines.index(first) + 1]
        assert below[:21].strip() == ""  # the rest wraps under the field, not the label
        assert "kamer" in region_text(app, team)


async def test_a_key_typed_in_a_one_line_field_does_not_lay_out_the_screen(
    store: Store,
) -> None:
    app = make_app(store, open_meeting=fresh_intake(store))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        app.screen.set_focus(screen.query_one("#placement-team"))
        await handled(pilot)
        layouts: list[Screen[object]] = []
        screen.screen_layout_refresh_signal.subscribe(screen, layouts.append)
        for letter in "Zorgteam":
            await pilot.press(letter)
            await handled(pilot)
            await pilot.pause()  # drawn
        assert layouts == []
        assert "Zorgteam" in _row(screen_lines(app), Catalogue("nl")("field.team"))


async def test_a_click_on_a_label_brings_the_cursor_to_its_field_and_changes_nothing(
    store: Store,
) -> None:
    meeting_id = fresh_intake(store)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        pathway = app.screen.query_one("#placement-pathway", ChoiceField)
        chosen = pathway.value
        assert await pilot.click(pathway, offset=(3, 0))  # on "Leerweg", not on the value
        await handled(pilot)
        assert app.focused is pathway
        assert pathway.value == chosen
        team = app.screen.query_one("#placement-team")
        assert await pilot.click(team, offset=(2, 0))  # on "Team / locatie"
        await handled(pilot)
        assert app.focused is team
        assert await pilot.click(pathway, offset=(len(pathway.label) + 1, 0))  # the value
        await handled(pilot)
        assert pathway.value != chosen
