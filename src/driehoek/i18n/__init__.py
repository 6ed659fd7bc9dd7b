"""The interface's words: one catalogue per language, looked up by key.

Messages use named placeholders (`{student}`), never concatenation, so each language can order
its sentence as it needs. A test keeps the catalogues' keys and placeholders identical.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Literal, get_args

from driehoek.i18n import en, nl

Lang = Literal["nl", "en"]
LANGUAGES: tuple[Lang, ...] = get_args(Lang)
DEFAULT_LANG: Lang = "nl"

CATALOGUES: Mapping[Lang, Mapping[str, str]] = {"nl": nl.MESSAGES, "en": en.MESSAGES}


class Catalogue:
    """The messages of one language; call it with a key and the values its message names."""

    def __init__(self, lang: Lang) -> None:
        self.lang: Lang = lang
        self._messages = CATALOGUES[lang]

    def __call__(self, key: str, /, **params: object) -> str:
        """The message for `key`, with `{placeholders}` filled in from `params`.

        A missing key is a programming error and raises KeyError; the parity test and the
        tests of every screen make sure none reaches a user.
        """
        message = self._messages[key]
        return message.format(**params) if params else message

    def enum(self, value: StrEnum) -> str:
        """The label of an enum value: `Party.SCHOOL` -> the `party.school` message."""
        return self(f"{_PREFIX[type(value).__name__]}.{value.value}")

    def has(self, key: str) -> bool:
        """Whether the catalogue holds `key` (for optional texts such as tooltips)."""
        return key in self._messages


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
