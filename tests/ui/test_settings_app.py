"""The settings file as the app uses it: keys a browser user moved, a theme chosen in the menu
and kept for the next start, and a broken file that is told once and changes nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import constants

from driehoek import settings
from driehoek.app import make_app
from driehoek.flow import Step
from driehoek.i18n import Catalogue
from driehoek.keymap import default_keys
from driehoek.screens.home import HomeScreen
from driehoek.store import Store
from waiting import settle_until

from .drive import SIZE, AppPilot, current_step, screen_lines, squeezed, toasts, type_text
from .meetings import fresh_intake

T = Catalogue("nl")


@pytest.fixture
def config(own_home: Path) -> Path:
    path = settings.settings_path()
    path.parent.mkdir(parents=True)
    return path


async def told(pilot: AppPilot, text: str) -> None:
    await settle_until(
        pilot,
        lambda: squeezed(text) in squeezed("".join(toasts(pilot.app))),  # type: ignore[arg-type]
        f"a notification: {text}",
    )


def test_every_key_the_file_may_move_is_a_binding_of_the_app() -> None:
    assert sorted(default_keys()) == sorted(settings.KEY_IDS)


async def test_moved_keys_work_and_the_footer_shows_them(store: Store, config: Path) -> None:
    """A browser never passes Ctrl+N and Ctrl+T to the page: the meeting's keys move to F6/F7."""
    config.write_text('[keys]\n"meeting.next_step" = "f6"\nmeeting.add = "f7"\n', encoding="utf-8")
    app = make_app(store, settings=settings.load(), open_meeting=fresh_intake(store))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert current_step(app) is Step.PARTICIPANTS
        footer = screen_lines(app)[-1]
        assert "f6 Verder" in footer, footer
        assert "f7 Nieuw" in footer, footer
        assert "^n" not in footer
        await pilot.press("f6")
        await pilot.pause()
        assert current_step(app) is Step.LEARNING
        await pilot.press("ctrl+n")  # no longer next step
        await pilot.pause()
        assert current_step(app) is Step.LEARNING
        assert toasts(app) == []  # nothing wrong with the file


async def test_a_broken_file_is_told_once_and_the_app_starts_with_the_defaults(
    store: Store, config: Path
) -> None:
    config.write_text(
        'theme = "nord"\n[keys]\n"meeting.next_step" = "f6"\n"meeting.volgende" = "f8"\n',
        encoding="utf-8",
    )
    app = make_app(store, settings=settings.load(), open_meeting=fresh_intake(store))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await told(pilot, f"{config}, regel 4: ‘meeting.volgende’")
        assert len(toasts(app)) == 1
        assert app.theme == "nord"  # the rest of the file applies
        await pilot.press("f6")
        await pilot.pause()
        assert current_step(app) is Step.LEARNING


async def test_a_file_that_is_not_toml_still_starts_the_app(store: Store, config: Path) -> None:
    config.write_text("[keys\n", encoding="utf-8")
    app = make_app(store, settings=settings.load())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await told(pilot, f"{config}, regel 1: geen geldige TOML (‘[keys’)")
        assert isinstance(app.screen, HomeScreen)
        assert app.theme == constants.DEFAULT_THEME


async def test_an_unknown_theme_is_told_and_the_default_applies(store: Store, config: Path) -> None:
    config.write_text('language = "nl"\ntheme = "paars"\n', encoding="utf-8")
    app = make_app(store, settings=settings.load())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await told(pilot, f"{config}, regel 2: theme = ‘paars’ bestaat niet")
        assert app.theme == constants.DEFAULT_THEME
    assert config.read_text(encoding="utf-8") == 'language = "nl"\ntheme = "paars"\n'


async def test_a_theme_chosen_in_the_menu_is_kept_for_the_next_start(
    store: Store, config: Path
) -> None:
    config.write_text('# mijn instellingen\nlanguage = "nl"\n', encoding="utf-8")
    app = make_app(store, settings=settings.load())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, T("cmd.theme"))
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "textual-light")
        await pilot.press("enter")
        await settle_until(pilot, lambda: app.theme == "textual-light", "the light theme")
    assert config.read_text(encoding="utf-8") == (
        '# mijn instellingen\nlanguage = "nl"\ntheme = "textual-light"\n'
    )
    again = make_app(store, settings=settings.load())
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"
    assert config.read_text(encoding="utf-8").count("theme") == 1


async def test_without_a_settings_file_nothing_is_written(store: Store, config: Path) -> None:
    app = make_app(store)  # as most tests build it: no file read, none written
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert not config.exists()
