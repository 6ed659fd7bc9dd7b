"""The interface's words: one gettext catalogue per language, looked up by key.

The catalogues are gettext `.po` files in `driehoek/locale/<lang>/LC_MESSAGES/driehoek.po`,
the format translators' tools read (Poedit, Weblate). The build compiles them to `.mo` with
Babel (hatch_build.py); at run time the standard library's `gettext` reads the `.mo`, so the
installed app needs no Babel.

The msgids are keys (`meeting.heading`), not Dutch or English source text. Every language is a
translation of the key, so the code says `t("meeting.heading", ...)` as it did when the
catalogues were Python dicts, and a translator sees the key with its text in Dutch and English
(the `#.` comments). Dutch text as msgid, the classic gettext way, would have changed every call
site at once and made every later wording change a code change.

Messages use named placeholders (`{student}`), never concatenation, so each language can order
its sentence as it needs. A message about a number of things has plural forms (`t.n`), chosen
by each language's `Plural-Forms` rule. tests/unit/test_i18n.py keeps the languages' keys,
plurals and placeholders identical.
"""

from __future__ import annotations

import gettext
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Literal, get_args

Lang = Literal["nl", "en"]
LANGUAGES: tuple[Lang, ...] = get_args(Lang)
DEFAULT_LANG: Lang = "nl"

DOMAIN = "driehoek"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
"""`driehoek/locale`: the `.po` sources, and beside each the `.mo` the build made of it."""


class CataloguesMissing(RuntimeError):
    """The compiled catalogues are not there: the package was not built (a bare checkout)."""


@cache
def translation(lang: Lang, domain: str = DOMAIN) -> gettext.GNUTranslations:
    """The compiled catalogue of one language, read once per process.

    Raises:
        CataloguesMissing: There is no `.mo` for `lang` (the build makes them).
    """
    try:
        found = gettext.translation(domain, LOCALE_DIR, languages=[lang])
    except FileNotFoundError as e:
        raise CataloguesMissing(
            f"no compiled catalogue {lang}/LC_MESSAGES/{domain}.mo in {LOCALE_DIR}: the build "
            "makes it from the .po file (pip install -e . in a checkout)"
        ) from e
    assert isinstance(found, gettext.GNUTranslations)
    return found


class Catalogue:
    """The messages of one language; call it with a key and the values its message names."""

    def __init__(self, lang: Lang) -> None:
        self.lang: Lang = lang
        self._gettext = translation(lang).gettext
        self._ngettext = translation(lang).ngettext

    def __call__(self, key: str, /, **params: object) -> str:
        """The message for `key`, with `{placeholders}` filled in from `params`.

        A missing key is a programming error and raises KeyError; the parity test and the
        tests of every screen make sure none reaches a user.

        A message with plural forms takes its form from `count` (the way the dict catalogues
        were called before they had plurals: `t("cli.purged", count=3)`), so `t.n` and this
        say the same; asked without an int `count`, it raises KeyError rather than guess.
        """
        message = self._gettext(key)
        if message == key:  # gettext's answer for a msgid it does not hold (no text is a key)
            raise KeyError(key)
        # gettext() answers a plural message with its form for 1; a count must choose.
        if self.is_plural(key):
            count = params.pop("count", None)
            if not isinstance(count, int):
                raise KeyError(f"{key} is a message with plural forms: use t.n({key!r}, count)")
            return self.n(key, count, **params)
        return message.format(**params) if params else message

    def n(self, key: str, count: int, /, **params: object) -> str:
        """The form of the plural message `key` that goes with `count`, filled in with `count`
        as `{count}` and with `params`: `t.n("cli.purged", 1)` -> "1 dossier gewist."."""
        message = self._ngettext(key, key, count)
        if message == key:
            raise KeyError(key)
        return message.format(count=count, **params)

    def enum(self, value: StrEnum, *, short: bool = False) -> str:
        """The label of an enum value: `Party.SCHOOL` -> the `party.school` message.

        `short`: the narrow form (`decision_short.suitable`) where a table column has one.
        """
        prefix = _PREFIX[type(value).__name__]
        if short and self.has(f"{prefix}_short.{value.value}"):
            return self(f"{prefix}_short.{value.value}")
        return self(f"{prefix}.{value.value}")

    def has(self, key: str) -> bool:
        """Whether the catalogue holds `key` (for optional texts such as tooltips)."""
        return self._gettext(key) != key  # a plural message too: its form for 1

    def is_plural(self, key: str) -> bool:
        """Whether `key` is a message with plural forms (for `t.n`)."""
        return self._ngettext(key, key, 2) != key


# The catalogue prefix of each enum that has labels.
_PREFIX = {
    "Party": "party",
    "Pathway": "pathway",
    "MeetingKind": "kind",
    "PlacementStatus": "placement_status",
    "Factor": "factor",
    "FactorStatus": "factor_status",
    "LearningWay": "way",
    "Pressure": "pressure",
    "SupportKind": "support_kind",
    "AgreementKind": "agreement_kind",
    "AgreementStatus": "agreement_status",
    "Decision": "decision",
    "Question": "question",
    "Disposition": "disposition",
    "Continuation": "continuation",
    "Step": "step",
}


def parse_lang(value: str | None) -> Lang | None:
    """`nl`, `en`, or a locale such as `en_GB.UTF-8`, to a language we speak; else None."""
    if not value:
        return None
    code = value.split("_")[0].split(".")[0].split("-")[0].lower()
    return next((lang for lang in LANGUAGES if lang == code), None)
