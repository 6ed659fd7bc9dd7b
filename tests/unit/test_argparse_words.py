"""argparse's own words in the user's language: `driehoek --help` and a refused command line
say "gebruik:", "opties" and "deze argumenten ontbreken" in Dutch, argparse's English in English.

driehoek reaches argparse's words through two private names of argparse (argparse_words.py
says why); the first tests here fail, naming what changed, when a Python release changes them.
"""

from __future__ import annotations

import argparse
import ast
import gettext
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from catalogues import forms, key_of, messages, po
from driehoek import argparse_words
from driehoek.cli import main

DEVELOPER_ONLY = {
    # Raised while a program builds its parser, never by what a user types.
    "%r is not callable",
    "'required' is an invalid argument for positionals",
    ".__call__() not defined",
    'argument "-" with mode %r',
    "cannot have multiple subparser arguments",
    "cannot merge actions - two groups are named %r",
    "conflicting option string: %s",
    "conflicting subparser alias: %s",
    "conflicting subparser: %s",
    "dest= is required for options like %r",
    "invalid conflict_resolution value: %r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "mutually exclusive arguments must be optional",
}


def argparse_messages() -> set[str]:
    """Every message the running Python's argparse passes to `_` or `ngettext` (each plural's
    singular), read from its source."""
    found = set()
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in argparse_words.HOOKS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def dutch() -> dict[str, tuple[str, ...]]:
    return {key_of(m): forms(m) for m in messages(po("nl", "argparse"))}


# -- the private hooks -----------------------------------------------------------------------


def test_argparse_still_has_its_gettext_hooks() -> None:
    for name in argparse_words.HOOKS:
        assert hasattr(argparse, name), f"argparse.{name} is gone: see argparse_words.py"
    assert argparse._ is gettext.gettext, "argparse._ is no longer gettext.gettext"  # type: ignore[attr-defined]
    assert argparse.ngettext is gettext.ngettext, "argparse.ngettext is not gettext.ngettext"  # type: ignore[attr-defined]
    assert argparse_messages(), "argparse no longer calls _() with its messages"


def test_argparse_takes_its_words_from_the_hooks_and_gets_them_back() -> None:
    with argparse_words.speaking("nl"):
        parser = argparse.ArgumentParser(prog="driehoek")
        parser.add_argument("file")
        shown = parser.format_help()
    assert shown.startswith("gebruik: driehoek")
    assert "\nargumenten:\n" in shown
    assert "\nopties:\n" in shown
    assert "toon deze hulp en stop" in shown
    assert argparse.ArgumentParser(prog="x").format_help().startswith("usage: x")


def test_every_message_a_user_can_see_is_in_dutch() -> None:
    missing = sorted(argparse_messages() - DEVELOPER_ONLY - set(dutch()))
    assert missing == [], "translate these in locale/nl/LC_MESSAGES/argparse.po"


def _printf(text: str) -> list[str]:
    return sorted(re.findall(r"%(?:\(\w+\))?[sdr]", text))


def test_the_dutch_keeps_argparse_placeholders() -> None:
    for m in messages(po("nl", "argparse")):
        for text in forms(m):
            assert text.strip(), key_of(m)
            assert _printf(text) == _printf(key_of(m)), key_of(m)


# -- what a user sees --------------------------------------------------------------------------


def _help(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    assert exit_.value.code == 0
    return capsys.readouterr().out


HELP = [
    (
        "nl",
        [
            "gebruik: driehoek",
            "\nargumenten:\n",
            "\nopties:\n",
            "toon deze hulp en stop",
            "toon het versienummer en stop",  # Python 3.11 writes it without gettext
        ],
        ["usage:", "options:", "positional arguments", "show this help", "show program"],
    ),
    (
        "en",
        [
            "usage: driehoek",
            "\npositional arguments:\n",
            "\noptions:\n",
            "show this help",
            "show the version number and exit",
        ],
        ["gebruik:", "opties:", "toon deze hulp"],
    ),
]
"""What `driehoek --help` says, and does not, in each language."""


@pytest.mark.parametrize(("lang", "said", "not_said"), HELP)
def test_help_in_the_language(
    capsys: pytest.CaptureFixture[str], lang: str, said: list[str], not_said: list[str]
) -> None:
    shown = _help(capsys, "--lang", lang, "--help")
    for text in said:
        assert text in shown, text
    for text in not_said:
        assert text not in shown, text


@pytest.mark.parametrize(
    ("lang", "usage", "options"),
    [("nl", "gebruik: driehoek export", "opties:"), ("en", "usage: driehoek export", "options:")],
)
def test_export_help_in_the_language(
    capsys: pytest.CaptureFixture[str], lang: str, usage: str, options: str
) -> None:
    shown = _help(capsys, "export", "--help", "--lang", lang)
    assert shown.startswith(usage)
    assert f"\n{options}\n" in shown
    assert "MEETING_ID" in shown
    assert "--format {md,html,json}" in shown


REFUSED = [
    (["backup"], "deze argumenten ontbreken: FILE", "the following arguments are required: FILE"),
    (
        ["export", "--format", "xx"],
        "ongeldige keuze: 'xx' (kies uit",
        "invalid choice: 'xx' (choose from",
    ),
    (["list", "--bogus"], "onbekende argumenten: --bogus", "unrecognized arguments: --bogus"),
    (
        ["export", "--db"],
        "argument --db: hier hoort één waarde bij",
        "argument --db: expected one argument",
    ),
    (["export", "x"], "‘x’ is geen geheel getal.", "‘x’ is not a whole number."),
]
"""A command line argparse refuses, and what it says in Dutch and in English."""


@pytest.mark.parametrize(("args", "nl", "en"), REFUSED)
def test_a_refused_command_line_is_told_in_the_language(
    capsys: pytest.CaptureFixture[str], args: list[str], nl: str, en: str
) -> None:
    for lang, expected, usage, error in (
        ("nl", nl, "gebruik:", "fout:"),
        ("en", en, "usage:", "error:"),
    ):
        with pytest.raises(SystemExit) as exit_:
            main(["--lang", lang, *args])
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith(usage), err
        last = err.strip().splitlines()[-1]
        assert f": {error} " in last, last
        assert expected in last, last


def test_the_installed_command_speaks_dutch_by_default_and_english_when_asked(
    tmp_path: Path,
) -> None:
    command = Path(sys.executable).with_name("driehoek")
    env = {**os.environ, "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    env.pop("DRIEHOEK_LANG", None)
    dutch_help = subprocess.run(
        [command, "--help"], capture_output=True, text=True, env=env, check=False, timeout=60
    )
    assert dutch_help.returncode == 0
    assert dutch_help.stdout.startswith("gebruik: driehoek")
    english = subprocess.run(
        [command, "frobnicate"],
        capture_output=True,
        text=True,
        env={**env, "DRIEHOEK_LANG": "en"},
        check=False,
        timeout=60,
    )
    assert english.returncode == 2
    assert english.stderr.startswith("usage: driehoek")
    assert "driehoek: error: argument" in english.stderr
    assert "invalid choice: 'frobnicate'" in english.stderr
