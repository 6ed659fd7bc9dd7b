"""Where each key of a template file is: tomllib keeps no positions, and a problem without
its line sends the user hunting.

A small scan of the text, line by line: the line of each table and each key, by its dotted
path. An array of tables (`[[extra_questions]]`) is numbered from 1, so the second question's
`id` is at `("extra_questions", "2", "id")`.
"""

from __future__ import annotations

import re

MAX_DEPTH = 4
"""The most parts a key may have (`nl.factor_questions.involvement` has three); deeper is
refused before parsing, for the same reason."""

_TABLE = re.compile(r"^\s*(?P<open>\[\[?)\s*(?P<path>[^\]]+?)\s*\]\]?\s*(#.*)?$")
_PART = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_KEY = re.compile(rf"^\s*(?P<path>{_PART}(?:\s*\.\s*{_PART})*)\s*=")
_QUOTED_OR_BARE = re.compile(r"""\s*("[^"]*"|'[^']*'|[^."']*)\s*(\.|$)""")
"""One part of a dotted key and the dot after it (none at the end)."""


def _parts(dotted: str) -> tuple[str, ...]:
    """The parts of a dotted key, `nl."step_hints".x` -> (nl, step_hints, x), in one pass (a
    lookahead per dot would take minutes on a valid key of thirty thousand parts)."""
    parts: list[str] = []
    at = 0
    while at < len(dotted):
        m = _QUOTED_OR_BARE.match(dotted, at)
        if m is None or m.end() == at:
            break
        parts.append(m[1].strip().strip("\"'"))
        at = m.end()
    return tuple(parts)


class Lines:
    """The line of each table and key of a TOML text, by its dotted path: tomllib keeps no
    positions, and a problem without its line sends the user hunting."""

    def __init__(self, text: str) -> None:
        self.at: dict[tuple[str, ...], int] = {}
        self.too_deep: tuple[int, tuple[str, ...]] | None = None
        """The first key with more than MAX_DEPTH parts: its line and its first parts."""
        table: tuple[str, ...] = ()
        in_string: str | None = None
        entries: dict[tuple[str, ...], int] = {}
        """How many entries each array of tables has had so far."""
        for number, line in enumerate(text.splitlines(), start=1):
            if in_string is not None:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            if (m := _TABLE.match(line)) is not None:
                table = self._deep(number, _parts(m["path"]))
                self.at.setdefault(table, number)
                if m["open"] == "[[":  # one more entry of an array: its keys under its number
                    entries[table] = entries.get(table, 0) + 1
                    table = (*table, str(entries[table]))
                    self.at.setdefault(table, number)
            elif (m := _KEY.match(line)) is not None:
                self.at.setdefault(self._deep(number, table + _parts(m["path"])), number)
                rest = line[m.end() :]
                for quotes in ('"""', "'''"):
                    if rest.count(quotes) % 2 == 1:
                        in_string = quotes

    def _deep(self, number: int, path: tuple[str, ...]) -> tuple[str, ...]:
        if len(path) > MAX_DEPTH:
            self.too_deep = self.too_deep or (number, path[: MAX_DEPTH + 1])
            return path[: MAX_DEPTH + 1]
        return path

    def of(self, path: tuple[str, ...]) -> int:
        """The line of `path`, else of the nearest table around it, else 1."""
        while path:
            if path in self.at:
                return self.at[path]
            path = path[:-1]
        return 1
