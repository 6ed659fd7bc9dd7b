"""The user's settings file: where exports go, the language, the theme and the keys.

TOML under the platform's config folder (`~/.config/driehoek/settings.toml` on Linux), read
with `tomllib` when the command line starts, never at import time. Every key is optional; a
file that is missing is no problem. A broken file never stops driehoek: each problem becomes
one `Problem` (the line and the key), told on stderr or as a notification, and that setting
keeps its default.

    language = "en"                      # nl or en
    theme = "textual-light"              # remembered when chosen in the menu
    exports_folder = "~/verslagen"       # where Ctrl+S writes
    supervision_threshold = 75           # flag less than this % of the promised supervision time
    [keys]                               # Textual binding ids -> keys
    "meeting.next_step" = "f6"
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from platformdirs import user_config_path, user_data_path, user_documents_path

from driehoek.i18n import DEFAULT_LANG, LANGUAGES, Catalogue, Lang, parse_lang
from driehoek.paths import APP_NAME
from driehoek.supervision_time import DEFAULT_THRESHOLD, TimeError, parse_threshold

FILE_NAME = "settings.toml"
LANG_ENV = "DRIEHOEK_LANG"
LOCALE_ENV = ("LC_ALL", "LC_MESSAGES", "LANG")
EXPORTS_FOLDER_NAME = "driehoek-exports"

KEY_IDS = (
    "app.quit",
    "app.help",
    "app.palette",
    "home.new_intake",
    "home.new_evaluation",
    "home.placement",
    "home.new_agreement",
    "home.open",
    "home.search",
    "home.delete_meeting",
    "meeting.next_step",
    "meeting.previous_step",
    "meeting.goto_step",
    "meeting.add",
    "meeting.minutes",
    "meeting.export",
    "meeting.home",
    "meeting.presenting",
    "meeting.focus_mode",
    "meeting.reopen",
    "meeting.record",
    "placement.new_evaluation",
    "placement.record",
    "placement.delete_meeting",
    "placement.home",
    "placement.log",
    "placement.slip",
    "workplaces.home",
)
"""Every key a user may move (`[keys]`); the screens' `Binding(id=...)` use these (a test
keeps the two the same)."""

KNOWN = ("language", "theme", "exports_folder", "keys", "supervision_threshold")


class Source(StrEnum):
    """Where a setting in force came from (`driehoek settings` shows it)."""

    DEFAULT = "default"
    FILE = "file"
    ENVIRONMENT = "environment"
    COMMAND_LINE = "command_line"


class Trouble(StrEnum):
    """What is wrong with a line of the file; one message each (`settings.<value>`)."""

    UNREADABLE = "unreadable"
    SYNTAX = "syntax"
    UNKNOWN_KEY = "unknown_key"
    NOT_TEXT = "not_text"
    NOT_A_TABLE = "not_a_table"
    BAD_LANGUAGE = "bad_language"
    UNKNOWN_THEME = "unknown_theme"
    UNKNOWN_BINDING = "unknown_binding"
    EMPTY_KEYS = "empty_keys"
    NO_PARENT = "no_parent"
    BAD_THRESHOLD = "bad_threshold"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the settings file: that setting keeps its default."""

    trouble: Trouble
    file: Path
    key: str = ""
    line: int | None = None
    value: str = ""
    """What was found (a line's text, a theme's name, an error's words), for the message."""


def describe(problem: Problem, t: Catalogue) -> str:
    """The problem as the one line a user is told: the file, the line, the key, what to do."""
    if problem.line is not None:
        where = t("settings.where_line", file=problem.file, line=problem.line)
    else:
        where = t("settings.where", file=problem.file)
    return t(f"settings.{problem.trouble.value}", where=where, key=problem.key, value=problem.value)


def settings_path() -> Path:
    """Where the settings file is (it need not exist)."""
    return user_config_path(APP_NAME, appauthor=False) / FILE_NAME


def default_exports_folder() -> Path:
    """`driehoek-exports` in the user's Documents folder where there is one (a laptop), else
    beside the default database (a server account has no Documents)."""
    documents = user_documents_path()
    if documents.is_dir() and documents != Path.home():
        return documents / EXPORTS_FOLDER_NAME
    return user_data_path(APP_NAME, appauthor=False) / "exports"


@dataclass(frozen=True)
class Settings:
    """The settings in force, where each came from, and what was wrong with the file."""

    path: Path | None = None
    """The settings file (None: none is read or written, as in most tests)."""
    exports_folder: Path = field(default_factory=default_exports_folder)
    language: Lang | None = None
    """The file's language; the command line and the environment come first (`language`)."""
    theme: str | None = None
    keys: Mapping[str, str] = field(default_factory=dict)
    supervision_threshold: int = DEFAULT_THRESHOLD
    """Below this share (percent) of the promised supervision time a period is flagged."""
    problems: tuple[Problem, ...] = ()
    sources: Mapping[str, Source] = field(default_factory=dict)

    def source(self, name: str) -> Source:
        """Where the setting `name` came from."""
        return self.sources.get(name, Source.DEFAULT)

    @property
    def default_exports(self) -> bool:
        """Whether the exports folder is the default one (whose parents driehoek may make)."""
        return self.source("exports_folder") is Source.DEFAULT


def language(
    cli: Lang | None, environ: Mapping[str, str], settings: Settings
) -> tuple[Lang, Source]:
    """The language: `--lang`, then DRIEHOEK_LANG, then the file, then the session's locale
    (an SSH client sends its LANG), then Dutch. A locale driehoek does not speak ("C",
    "de_DE") means Dutch."""
    if cli is not None:
        return cli, Source.COMMAND_LINE
    if (env := parse_lang(environ.get(LANG_ENV))) is not None:
        return env, Source.ENVIRONMENT
    if settings.language is not None:
        return settings.language, Source.FILE
    for name in LOCALE_ENV:
        if value := environ.get(name):
            return parse_lang(value) or DEFAULT_LANG, Source.ENVIRONMENT
    return DEFAULT_LANG, Source.DEFAULT


def load(path: Path | None = None, *, themes: Collection[str] | None = None) -> Settings:
    """Read the settings file; a missing one gives the defaults.

    Args:
        path: The file; `settings_path()` when not given.
        themes: The theme names that exist, to check `theme` against (the app's, which only
            the UI knows); None leaves the theme unchecked.

    Returns:
        The settings; each problem found is in `problems`, its setting left at the default.
    """
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(path=path)
    except (OSError, UnicodeDecodeError) as e:
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        return Settings(path=path, problems=(Problem(Trouble.UNREADABLE, path, value=reason),))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        line = _error_line(str(e))
        shown = (
            text.splitlines()[line - 1].strip() if line and line <= len(text.splitlines()) else ""
        )
        problem = Problem(Trouble.SYNTAX, path, line=line, value=shown[:60])
        return Settings(path=path, problems=(problem,))
    return _read(path, text, data, themes)


def _read(path: Path, text: str, data: dict[str, Any], themes: Collection[str] | None) -> Settings:
    problems: list[Problem] = []
    found: dict[str, Any] = {}
    sources: dict[str, Source] = {}

    def problem(trouble: Trouble, key: str, value: object = "", table: str | None = None) -> None:
        line = _line_of(text, key, table)
        problems.append(Problem(trouble, path, key, line, str(value)[:60]))

    def take(key: str, value: object) -> None:
        found[key] = value
        sources[key] = Source.FILE

    for key, value in data.items():
        if key not in KNOWN:
            problem(Trouble.UNKNOWN_KEY, key)
        elif key == "keys":
            if isinstance(value, dict):
                take(key, _keys(value, problem))
            else:
                problem(Trouble.NOT_A_TABLE, key)
        elif key == "supervision_threshold":  # a number: 75, or "75 %"
            try:
                take(key, parse_threshold(value))
            except TimeError:
                problem(Trouble.BAD_THRESHOLD, key, value)
        elif not isinstance(value, str):
            problem(Trouble.NOT_TEXT, key)
        elif key == "language":
            if value in LANGUAGES:
                take(key, value)
            else:
                problem(Trouble.BAD_LANGUAGE, key, value)
        elif key == "theme":
            if themes is None or value in themes:
                take(key, value)
            else:
                problem(Trouble.UNKNOWN_THEME, key, value)
        else:  # exports_folder
            folder = Path(value).expanduser()
            if not folder.is_absolute():
                folder = Path.home() / folder
            if folder.parent.is_dir():
                take(key, folder)
            else:
                problem(Trouble.NO_PARENT, key, value)
    return Settings(path=path, problems=tuple(problems), sources=sources, **found)


def theme_problem(chosen: Settings) -> Problem:
    """The problem of a theme the file names that the app does not have (only the app knows
    its themes, so it asks)."""
    file = chosen.path or settings_path()
    try:
        line = _line_of(file.read_text(encoding="utf-8"), "theme", None)
    except (OSError, UnicodeDecodeError):
        line = None
    return Problem(Trouble.UNKNOWN_THEME, file, "theme", line, chosen.theme or "")


def _keys(table: dict[str, Any], problem: Any) -> dict[str, str]:
    """The `[keys]` table as binding id -> keys; `meeting.next_step = "f6"` (a dotted key,
    which TOML nests) reads the same as `"meeting.next_step" = "f6"`."""
    keymap: dict[str, str] = {}
    for binding_id, keys in _flatten(table):
        if binding_id not in KEY_IDS:
            problem(Trouble.UNKNOWN_BINDING, binding_id, table="keys")
        elif not isinstance(keys, str):
            problem(Trouble.NOT_TEXT, binding_id, table="keys")
        elif not [k for k in keys.split(",") if k.strip()]:
            problem(Trouble.EMPTY_KEYS, binding_id, table="keys")
        else:
            keymap[binding_id] = ",".join(k.strip() for k in keys.split(",") if k.strip())
    return keymap


def _flatten(table: dict[str, Any], prefix: str = "") -> list[tuple[str, object]]:
    items: list[tuple[str, object]] = []
    for key, value in table.items():
        if isinstance(value, dict):
            items.extend(_flatten(value, f"{prefix}{key}."))
        else:
            items.append((f"{prefix}{key}", value))
    return items


def _error_line(message: str) -> int | None:
    """The line tomllib names in its error ("... (at line 3, column 7)")."""
    match = re.search(r"at line (\d+)", message)
    return int(match.group(1)) if match else None


_TABLE = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")


def _line_of(text: str, key: str, table: str | None) -> int | None:
    """The line (1-based) where `key` is set, in `table` (None: the top level); None if it
    cannot be found. tomllib keeps no positions, so the text is searched."""
    quote = "[\"']"
    dotted = r"\s*\.\s*".join(f"{quote}?{re.escape(part)}{quote}?" for part in key.split("."))
    pattern = re.compile(rf"^\s*(?:{quote}{re.escape(key)}{quote}|{dotted})\s*=")
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE.match(line)
        if header:
            current = header.group(1).strip("\"' ")
            if current == key and table is None:
                return number  # `[keys]` given as a key of the wrong kind
            continue
        if current == table and pattern.match(line):
            return number
    return None


def save_theme(path: Path, theme: str) -> None:
    """Write `theme = "<name>"` into the settings file, leaving every other line (comments
    included) as it was; the file is made if there is none.

    Raises:
        ValueError: The file is not valid TOML now (it is left alone).
        OSError: The file or its folder cannot be written.
    """
    path = path.resolve() if path.is_symlink() else path  # a dotfiles manager's link
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    tomllib.loads(text)  # raises TOMLDecodeError (a ValueError) for a broken file
    line = f"theme = {_toml_string(theme)}"
    lines = text.splitlines()
    for i, old in enumerate(lines):
        if _TABLE.match(old):
            lines.insert(i, line)
            break
        if re.match(r"""^\s*["']?theme["']?\s*=""", old):
            lines[i] = line
            break
    else:
        lines.append(line)
    new = "\n".join(lines) + "\n"
    if tomllib.loads(new).get("theme") != theme:  # pragma: no cover (a multi-line value)
        raise ValueError("theme")
    _replace(path, new)


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _replace(path: Path, text: str) -> None:
    """Write the settings file in one step, keeping its mode (0600 for a new one)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o600
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            os.fchmod(f.fileno(), mode)
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
