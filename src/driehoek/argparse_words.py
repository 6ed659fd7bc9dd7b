"""argparse's own words ("usage:", "options", its errors) in the user's language.

Python's argparse passes each of its messages through gettext, by two names it imported from
the `gettext` module into its own (`from gettext import gettext as _, ngettext`) and looks up
each time it makes a message. `speaking(lang)` points those two names at driehoek's `argparse`
catalogue for the language (locale/<lang>/LC_MESSAGES/argparse.po, compiled like the others)
while the parser is built and used, and puts them back after.

PRIVATE HOOKS: `argparse._` and `argparse.ngettext` are argparse's module-level names, not a
public API (textual_private.py lists Textual's hooks; these are argparse's). They have been
the same since Python 3.2, up to 3.14. tests/unit/test_argparse_words.py fails, naming what
changed, when argparse stops making its messages through them, or has a message a user can
see that the Dutch catalogue does not translate.

Why not the alternatives: a global `gettext.textdomain`/`bindtextdomain` takes the language
from the environment (LANGUAGE, LC_ALL, ...), not from --lang or the settings file, and would
reach every gettext user in the process; subclassing the parser and its formatter would mean
overriding more private methods (`_format_usage`, `_check_value`, `_parse_known_args`, ...),
each changed more often in CPython than these two names.
"""

from __future__ import annotations

import argparse
import gettext
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from driehoek.i18n import Lang, translation

DOMAIN = "argparse"
HOOKS = ("_", "ngettext")
"""argparse's module-level gettext functions (see PRIVATE HOOKS above)."""
ARGPARSE_LANG: Lang = "en"
"""The language argparse writes its messages in: it needs no catalogue."""


def words(lang: Lang) -> gettext.NullTranslations:
    """argparse's messages in `lang`: the compiled catalogue, or none for its own English."""
    return gettext.NullTranslations() if lang == ARGPARSE_LANG else translation(lang, DOMAIN)


@contextmanager
def speaking(lang: Lang) -> Iterator[None]:
    """Within the block, argparse writes help, usage and errors in `lang`.

    Build the parser inside it too: argparse translates group titles ("options") and the
    help of --help when the parser is made. The process's argparse is changed for the block
    (a command line is parsed once, at the start, on the main thread).
    """
    found = words(lang)
    replacement: dict[str, Callable[..., str]] = {"_": found.gettext, "ngettext": found.ngettext}
    saved = {name: getattr(argparse, name) for name in HOOKS}
    for name in HOOKS:
        setattr(argparse, name, replacement[name])
    try:
        yield
    finally:
        for name, original in saved.items():
            setattr(argparse, name, original)
