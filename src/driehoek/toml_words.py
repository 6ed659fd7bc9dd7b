"""What is wrong with a TOML file, in the user's language.

`tomllib` says what it found in English ("Invalid value (at line 3, column 9)"); driehoek speaks
Dutch by default. Its messages are fixed sentences, so each is matched here to a catalogue key
(`toml.*`); the line comes from the position it names. A message this module does not know (a
later Python's) falls back to a plain "cannot be read" with the line, never to the English.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from driehoek.i18n import Catalogue
from driehoek.text import clean_line

_POSITION = re.compile(r"\s*\(at line (?P<line>\d+), column \d+\)|\s*\(at end of document\)")

_KNOWN: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"Cannot overwrite a value$", "toml.twice"),
        # `Cannot declare ('a', 'b') twice`: the key's parts as a tuple (`_name` joins them).
        (r"Cannot declare (?P<name>.+) twice$", "toml.twice_named"),
        (r"Duplicate inline table key '?(?P<name>.+?)'?$", "toml.twice_named"),
        (r"Cannot (?:mutate immutable namespace|redefine namespace) (?P<name>.+)$",
         "toml.twice_named"),
        (r"Expected '=' after a key in a key/value pair$", "toml.equals"),
        (r"Expected '\]\]?' at the end of an? (?:table|array) declaration$", "toml.bracket"),
        (r"Expected newline or end of document after a statement$", "toml.newline"),
        (r"Invalid date or datetime$", "toml.date"),
        (r"Invalid initial character for a key part$", "toml.key"),
        (r"Invalid statement$", "toml.statement"),
        (r"Invalid value$", "toml.value"),
        (r"Unclosed (?:array|inline table)$", "toml.unclosed"),
        # A text left open: a new line inside "...", or the end of the file inside '''...'''.
        (r"""Unterminated string$|Illegal character '\\n'$|Expected "(?:'''|\"\"\")"$""",
         "toml.string"),
        (r"Unescaped '\\' in a string$|Invalid hex value$|Escaped character is not",
         "toml.escape"),
        (r"(?:Found invalid|Illegal) character '?(?P<name>.+?)'?$", "toml.character"),
        (r"Expected '(?P<name>.+)'$", "toml.expected"),
    )
)  # fmt: skip


def _name(said: str) -> str:
    """A key as the file writes it: `('a', 'b')` (a tuple's repr) as `a.b`."""
    if said.startswith("(") and said.endswith(")"):
        parts = (part.strip().strip("'\"") for part in said[1:-1].split(","))
        return ".".join(part for part in parts if part)
    return said


@dataclass(frozen=True)
class TomlProblem:
    """A TOML file's first problem: its line (None: the end of the file) and what it is."""

    line: int | None
    key: str
    name: str = ""

    def words(self, t: Catalogue) -> str:
        """What is wrong, in `t`'s language, without the line."""
        return t(self.key, name=clean_line(self.name)[:40])

    def said(self, t: Catalogue) -> str:
        """What is wrong and where: "regel 3: geen geldige waarde (...)"."""
        if self.line is None:
            return t("toml.at_end", problem=self.words(t))
        return t("toml.at_line", line=self.line, problem=self.words(t))


def toml_problem(error: tomllib.TOMLDecodeError) -> TomlProblem:
    """`tomllib`'s complaint, as a line and a catalogue key."""
    message = str(error).splitlines()[0] if str(error) else ""
    found = _POSITION.search(message)
    line = int(found["line"]) if found and found["line"] else None
    said = _POSITION.sub("", message).strip()
    for pattern, key in _KNOWN:
        match = pattern.search(said)
        if match:
            return TomlProblem(line, key, _name(match.groupdict().get("name") or ""))
    return TomlProblem(line, "toml.unknown")
