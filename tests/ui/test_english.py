"""The same app in English: step titles, footer keys and messages; Dutch when nobody asks."""

from __future__ import annotations

from driehoek.app import make_app
from driehoek.flow import Step
from driehoek.store import Store

from .drive import SIZE, driehoek, screen_lines, screen_text, shows, toasts, walk_to
from .meetings import fresh_intake

MEETING_KEYS_EN = ("^n Next", "^b Back", "^g Step…", "^t New", "^r Minutes", "^s Export", "^l List")
MEETING_KEYS_NL = ("^n Verder", "^b Terug", "^g Stap…", "^t Nieuw", "^r Verslag", "^s Export")


async def test_english_shows_english_titles_keys_and_messages(store: Store) -> None:
    app = make_app(store, lang="en", open_meeting=fresh_intake(store))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        lines = screen_lines(app)
        assert lines[0].strip().startswith("Intake ")
        assert "1/7  Participants and placement" in lines[2]
        footer = lines[-1]
        for key in (*MEETING_KEYS_EN, "^p Menu"):
            assert key in footer, footer
        assert "Verder" not in footer

        await walk_to(pilot, Step.DECISION)
        assert "6/7  Decision" in screen_text(app)
        assert shows(app, "a good learning place, with conditions")
        await pilot.press("ctrl+t")  # nothing to add in this step: the message says so
        await pilot.pause()
        assert "There is nothing to add in this step." in toasts(app)

        await pilot.press("ctrl+r")
        await pilot.pause()
        assert shows(app, "Minutes (preview)")
        assert shows(app, "Minutes of the intake: Ravi Pinas")
        assert "esc Close" in screen_lines(app)[-1]
        await pilot.press("escape", "ctrl+l")
        await pilot.pause()
        home = screen_lines(driehoek(pilot))
        assert "^n New intake" in home[-1]
        assert shows(app, "Placements")


async def test_dutch_is_the_default(store: Store) -> None:
    app = make_app(store, open_meeting=fresh_intake(store))
    async with app.run_test(size=SIZE) as pilot:
        lines = screen_lines(app)
        assert lines[0].strip().startswith("Startgesprek ")
        assert "1/7  Deelnemers en stage" in lines[2]
        for key in (*MEETING_KEYS_NL, "^l Lijst", "^p Menu"):
            assert key in lines[-1], lines[-1]
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert "^n Startgesprek" in screen_lines(app)[-1]
