"""The settings file: what it sets, what a broken one says (one line: the line and the key),
what `driehoek settings` shows, and how a theme is written back without losing a comment."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cli_run import run

from driehoek import settings
from driehoek.database import open_database
from driehoek.i18n import Catalogue
from driehoek.settings import Problem, Settings, Source, Trouble

T = Catalogue("nl")
THEMES = {"textual-dark", "textual-light", "nord"}


@pytest.fixture
def config(own_home: Path) -> Path:
    """Where the settings file is for this test's user (XDG_CONFIG_HOME is the test's own)."""
    path = settings.settings_path()
    assert path == own_home / ".config" / "driehoek" / "settings.toml"
    path.parent.mkdir(parents=True)
    return path


def only(problems: tuple[Problem, ...]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


def test_without_a_file_everything_is_the_default(config: Path, own_home: Path) -> None:
    chosen = settings.load()
    assert chosen == Settings(path=config, exports_folder=chosen.exports_folder)
    assert chosen.problems == ()
    assert chosen.exports_folder == own_home / ".local/share/driehoek/exports"
    assert chosen.default_exports


def test_with_a_documents_folder_exports_go_there(own_home: Path) -> None:
    (own_home / "Documents").mkdir()
    assert settings.default_exports_folder() == own_home / "Documents" / "driehoek-exports"


def test_every_setting_is_read(config: Path, tmp_path: Path) -> None:
    config.write_text(
        "# mine\n"
        'language = "en"\n'
        'theme = "nord"\n'
        f'exports_folder = "{tmp_path}/verslagen"\n'
        "[keys]\n"
        '"meeting.next_step" = "f6"\n'
        'meeting.add = "f7, ctrl+t"\n',
        encoding="utf-8",
    )
    chosen = settings.load(themes=THEMES)
    assert chosen.problems == ()
    assert (chosen.language, chosen.theme) == ("en", "nord")
    assert chosen.exports_folder == tmp_path / "verslagen"
    assert not chosen.default_exports
    assert chosen.keys == {"meeting.next_step": "f6", "meeting.add": "f7,ctrl+t"}
    assert chosen.source("theme") is Source.FILE


@pytest.mark.parametrize(("text", "threshold"), [("", 75), ("80", 80), ('"60 %"', 60)])
def test_the_supervision_threshold_is_a_percentage(config: Path, text: str, threshold: int) -> None:
    config.write_text(f"supervision_threshold = {text}\n" if text else "", encoding="utf-8")
    chosen = settings.load()
    assert chosen.problems == ()
    assert chosen.supervision_threshold == threshold


def test_a_relative_or_home_folder_is_under_home(config: Path, own_home: Path) -> None:
    config.write_text('exports_folder = "~/verslagen"\n', encoding="utf-8")
    assert settings.load().exports_folder == own_home / "verslagen"
    config.write_text('exports_folder = "verslagen"\n', encoding="utf-8")
    assert settings.load().exports_folder == own_home / "verslagen"


@pytest.mark.parametrize(
    ("text", "trouble", "key", "line"),
    [
        ('language = "en"\ntheme = donker\n', Trouble.SYNTAX, "", 2),
        ('language = "en"\n\nthema = "nord"\n', Trouble.UNKNOWN_KEY, "thema", 3),
        ("theme = 3\n", Trouble.NOT_TEXT, "theme", 1),
        ('language = "de"\n', Trouble.BAD_LANGUAGE, "language", 1),
        ('language = "en"\ntheme = "paars"\n', Trouble.UNKNOWN_THEME, "theme", 2),
        ('exports_folder = "/nergens/te/vinden"\n', Trouble.NO_PARENT, "exports_folder", 1),
        ('keys = "f6"\n', Trouble.NOT_A_TABLE, "keys", 1),
        ('[keys]\n"meeting.volgende" = "f6"\n', Trouble.UNKNOWN_BINDING, "meeting.volgende", 2),
        ('[keys]\n\nmeeting.volgende = "f6"\n', Trouble.UNKNOWN_BINDING, "meeting.volgende", 3),
        ('[keys]\n"meeting.add" = 6\n', Trouble.NOT_TEXT, "meeting.add", 2),
        ('[keys]\n"meeting.add" = " , "\n', Trouble.EMPTY_KEYS, "meeting.add", 2),
        ("supervision_threshold = 0\n", Trouble.BAD_THRESHOLD, "supervision_threshold", 1),
        ('supervision_threshold = "abc"\n', Trouble.BAD_THRESHOLD, "supervision_threshold", 1),
        ("supervision_threshold = 1e12\n", Trouble.BAD_THRESHOLD, "supervision_threshold", 1),
    ],
)
def test_a_broken_setting_is_one_problem_naming_its_line_and_key(
    config: Path, text: str, trouble: Trouble, key: str, line: int
) -> None:
    config.write_text(text, encoding="utf-8")
    chosen = settings.load(themes=THEMES)
    problem = only(chosen.problems)
    assert (problem.trouble, problem.key, problem.line) == (trouble, key, line)
    told = settings.describe(problem, T)
    assert told.startswith(f"{config}, regel {line}: ")
    assert "\n" not in told
    if key:
        assert key in told
    assert chosen.theme is None  # the default
    assert chosen.keys == {}


def test_the_other_settings_still_apply_beside_a_broken_one(config: Path) -> None:
    config.write_text('language = "en"\nthema = "nord"\n', encoding="utf-8")
    chosen = settings.load()
    assert chosen.language == "en"
    assert only(chosen.problems).key == "thema"


def test_an_unreadable_file_is_one_problem(config: Path) -> None:
    config.mkdir()  # a folder where the file should be
    problem = only(settings.load().problems)
    assert problem.trouble is Trouble.UNREADABLE
    assert settings.describe(problem, T).startswith(f"{config}: ")


def test_the_language_comes_from_the_flag_the_environment_the_file_the_locale_dutch(
    config: Path,
) -> None:
    config.write_text('language = "en"\n', encoding="utf-8")
    chosen = settings.load()
    nl_locale = {"LANG": "nl_NL.UTF-8"}
    assert settings.language("nl", {"DRIEHOEK_LANG": "en"}, chosen) == ("nl", Source.COMMAND_LINE)
    assert settings.language(None, {"DRIEHOEK_LANG": "nl"}, chosen) == ("nl", Source.ENVIRONMENT)
    assert settings.language(None, nl_locale, chosen) == ("en", Source.FILE)
    assert settings.language(None, nl_locale, Settings()) == ("nl", Source.ENVIRONMENT)
    assert settings.language(None, {"LANG": "en_GB"}, Settings()) == ("en", Source.ENVIRONMENT)
    assert settings.language(None, {}, Settings()) == ("nl", Source.DEFAULT)


# -- writing the theme back -------------------------------------------------------------------


def test_a_chosen_theme_replaces_only_its_line(config: Path) -> None:
    config.write_text(
        '# Mijn instellingen\nlanguage = "en"  # Engels\ntheme = "nord"\n\n[keys]\n'
        '"meeting.next_step" = "f6"  # niet Ctrl+N in de browser\n',
        encoding="utf-8",
    )
    config.chmod(0o640)
    settings.save_theme(config, "textual-light")
    assert config.read_text(encoding="utf-8") == (
        '# Mijn instellingen\nlanguage = "en"  # Engels\ntheme = "textual-light"\n\n[keys]\n'
        '"meeting.next_step" = "f6"  # niet Ctrl+N in de browser\n'
    )
    assert stat.S_IMODE(config.stat().st_mode) == 0o640
    assert settings.load().theme == "textual-light"


def test_a_theme_goes_above_the_first_table_when_there_was_none(config: Path) -> None:
    config.write_text('# keys\n[keys]\n"meeting.add" = "f7"\n', encoding="utf-8")
    settings.save_theme(config, "nord")
    chosen = settings.load()
    assert (chosen.theme, dict(chosen.keys)) == ("nord", {"meeting.add": "f7"})
    assert config.read_text(encoding="utf-8").startswith('# keys\ntheme = "nord"\n[keys]\n')


def test_the_first_chosen_theme_makes_a_private_file(config: Path) -> None:
    config.parent.rmdir()
    settings.save_theme(config, "nord")
    assert config.read_text(encoding="utf-8") == 'theme = "nord"\n'
    assert stat.S_IMODE(config.stat().st_mode) == 0o600


def test_a_broken_file_is_never_written(config: Path) -> None:
    config.write_text("theme = \n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"Invalid value"):
        settings.save_theme(config, "nord")
    assert config.read_text(encoding="utf-8") == "theme = \n"


# -- the command line -------------------------------------------------------------------------


def test_driehoek_settings_shows_the_file_and_every_setting_with_its_source(
    capsys: pytest.CaptureFixture[str], config: Path, tmp_path: Path
) -> None:
    config.write_text(
        f'theme = "nord"\nexports_folder = "{tmp_path}"\n[keys]\n"meeting.next_step" = "f6"\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "settings", "--lang", "en")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"Settings file: {config} (exists)"
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:]}
    assert rows["language"] == ["en", "(command", "line)"]
    assert rows["theme"] == ["nord", "(settings", "file)"]
    assert rows["exports_folder"] == [str(tmp_path), "(settings", "file)"]
    assert rows["keys.meeting.next_step"] == ["f6", "(settings", "file)"]
    assert rows["keys.meeting.add"] == ["ctrl+t", "(default)"]
    assert rows["supervision_threshold"] == ["75", "%", "(default)"]
    assert len(rows) == 4 + len(settings.KEY_IDS)


def test_driehoek_settings_without_a_file(
    capsys: pytest.CaptureFixture[str], config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRIEHOEK_LANG", "nl")
    code, out, _err = run(capsys, "settings")
    assert code == 0
    assert out.splitlines()[0] == f"Instellingenbestand: {config} ({T('settings.missing')})"
    assert "(omgeving)" in out.splitlines()[1]


def test_a_broken_file_is_one_line_on_stderr_and_the_command_still_runs(
    capsys: pytest.CaptureFixture[str], config: Path, tmp_path: Path
) -> None:
    config.write_text('language = "en"\n\n[keys]\n"meeting.volgende" = "f6"\n', encoding="utf-8")
    db = tmp_path / "leeg.db"
    open_database(db).close()
    code, out, err = run(capsys, "list", "--db", str(db))
    assert code == 0
    assert out == "No meetings yet.\n"  # the file's language applies; only the key is ignored
    assert err == (
        f"driehoek: {config}, line 4: ‘meeting.volgende’ is not a driehoek key "
        "(driehoek settings lists them all); it is ignored.\n"
    )
    code, _out, err = run(capsys, "settings")
    assert code == 1
    assert err.count("\n") == 1
    assert "line 4" in err
    assert "meeting.volgende" in err


def test_a_file_that_is_not_toml_gives_dutch_defaults_and_one_line(
    capsys: pytest.CaptureFixture[str], config: Path, tmp_path: Path
) -> None:
    config.write_text('language = "en\n', encoding="utf-8")
    db = tmp_path / "leeg.db"
    open_database(db).close()
    code, out, err = run(capsys, "list", "--db", str(db))
    assert code == 0
    assert out == "Nog geen gesprekken.\n"
    assert err.startswith(f'driehoek: {config}, regel 1: geen geldige TOML (‘language = "en’)')
    assert err.count("\n") == 1
    assert "Traceback" not in err
