"""The session's locale chooses the language, through the command line, as over SSH.

An SSH client sends its LANG (sshd's `AcceptEnv LANG LC_*`): a coordinator whose laptop runs
in English gets the English interface, one in German or in the C locale gets Dutch, the
default. DRIEHOEK_LANG (the setting) beats the locale, and `--lang` beats both.

`main` would run the app in this process's terminal, so the app runner is replaced by one
that keeps what `main` chose (the store and the language); the test then flies that very app
with Pilot.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from driehoek import cli, interactive
from driehoek.app import make_app
from driehoek.database import open_database
from driehoek.i18n import Lang
from driehoek.store import Store
from waiting import settle_until

from .drive import SIZE, screen_lines, shows

LOCALE_VARIABLES = ("DRIEHOEK_LANG", "LC_ALL", "LC_MESSAGES", "LANG")

CASES: list[tuple[dict[str, str], Lang]] = [
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "nl_NL.UTF-8"}, "nl"),
    ({"LANG": "de_DE.UTF-8"}, "nl"),  # a language driehoek does not speak: Dutch
    ({"LANG": "C.UTF-8"}, "nl"),
    ({"LANG": "C"}, "nl"),
    ({}, "nl"),
    ({"LANG": "en_GB.UTF-8", "DRIEHOEK_LANG": "nl"}, "nl"),  # the setting beats the locale
    ({"LANG": "de_DE.UTF-8", "DRIEHOEK_LANG": "en"}, "en"),
    ({"LANG": "nl_NL.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),  # messages beat LANG
    ({"LANG": "en_GB.UTF-8", "LC_ALL": "C.UTF-8"}, "nl"),  # LC_ALL beats everything
]


def case_id(case: tuple[dict[str, str], Lang]) -> str:
    env, lang = case
    return f"{' '.join(f'{k}={v}' for k, v in env.items()) or 'no locale'} -> {lang}"


@pytest.fixture(autouse=True)
def keep_umask() -> Iterator[None]:
    """main() sets the process's umask for the files it makes; give the next test its own."""
    umask = os.umask(0o022)
    os.umask(umask)
    yield
    os.umask(umask)


def session(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    """The locale of a session that sends exactly `env`."""
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)


def empty_database(path: Path) -> Path:
    open_database(path).close()
    return path


@pytest.mark.parametrize(("env", "lang"), CASES, ids=[case_id(c) for c in CASES])
def test_the_locale_chooses_the_language(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], lang: Lang
) -> None:
    session(monkeypatch, env)
    assert cli._early_lang([]) == lang


@pytest.mark.parametrize("flag", ["--lang", "--lang="])
def test_the_flag_beats_the_setting_and_the_locale(
    monkeypatch: pytest.MonkeyPatch, flag: str
) -> None:
    session(monkeypatch, {"LANG": "nl_NL.UTF-8", "DRIEHOEK_LANG": "nl"})
    argv = ["--lang=en"] if flag.endswith("=") else ["--lang", "en"]
    assert cli._early_lang(argv) == "en"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "en_GB.UTF-8"}, "No meetings yet.\n"),
        ({"LANG": "de_DE.UTF-8"}, "Nog geen gesprekken.\n"),
        ({"LANG": "C.UTF-8"}, "Nog geen gesprekken.\n"),
        ({"LANG": "en_GB.UTF-8", "DRIEHOEK_LANG": "nl"}, "Nog geen gesprekken.\n"),
    ],
    ids=["en_GB", "de_DE", "C", "setting-beats-LANG"],
)
def test_driehoek_list_speaks_the_session_language(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    env: dict[str, str],
    expected: str,
) -> None:
    session(monkeypatch, env)
    db_path = empty_database(tmp_path / "leeg.db")
    assert cli.main(["list", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out == expected


def chosen_by_main(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, env: dict[str, str]
) -> tuple[Store, Lang]:
    """What `driehoek --db PATH` would run the app on, in a session with `env`."""
    session(monkeypatch, env)
    chosen: list[tuple[Store, Lang]] = []

    def keep(store: Store, lang: Lang, _settings: object) -> int:
        chosen.append((store, lang))
        return 0

    monkeypatch.setattr(cli, "_run_app", keep)
    # pytest's stdin is no terminal; here the session is one (interactive.py refuses otherwise).
    monkeypatch.setattr(interactive, "refusal", lambda: None)
    assert cli.main(["--db", str(db_path)]) == 0
    assert len(chosen) == 1
    # main closes the store it opened when it returns (the app has run by then): the same
    # file, opened again as main opened it.
    store, lang = chosen[0]
    again = open_database(db_path, create=False)
    return Store(again, clock=store.clock, user=store.user, client=store.client), lang


async def test_an_english_session_gets_the_english_interface(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db_path = empty_database(tmp_path / "gesprekken.db")
    store, lang = chosen_by_main(monkeypatch, db_path, {"LANG": "en_GB.UTF-8"})
    assert lang == "en"
    store.new_intake("Ravi Pinas", "Buurtzorg Oost")
    app = make_app(store, lang=lang)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            footer = screen_lines(app)[-1]
            assert "^n New intake" in footer, footer
            assert shows(app, "Placements")
            assert not shows(app, "Stages")
            await pilot.press("enter")
            await pilot.pause()
            assert "1/7  Participants and placement" in screen_lines(app)[2]
    finally:
        store.db.close()


@pytest.mark.parametrize("locale", ["de_DE.UTF-8", "C.UTF-8"])
async def test_other_sessions_get_dutch(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, locale: str
) -> None:
    db_path = empty_database(tmp_path / "gesprekken.db")
    store, lang = chosen_by_main(monkeypatch, db_path, {"LANG": locale})
    assert lang == "nl"
    app = make_app(store, lang=lang)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "^n Startgesprek" in screen_lines(app)[-1]
            assert shows(app, "Stages")
    finally:
        store.db.close()


@pytest.mark.parametrize(
    ("lang", "said", "not_said"),
    [("nl", "Niets gevonden", "No matches"), ("en", "No matches found", "Niets")],
)
async def test_the_menu_says_it_found_nothing_in_the_users_language(
    store: Store, lang: Lang, said: str, not_said: str
) -> None:
    app = make_app(store, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"qxqxq")
        # Textual waits half a second before saying so.
        await settle_until(pilot, lambda: shows(app, said), f"the menu says {said!r}")
        assert not shows(app, not_said)
