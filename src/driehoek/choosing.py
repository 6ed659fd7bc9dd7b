"""What the keys typed into a choice field mean: a choice, or text meant for a text field.

A choice field (an agreement's owner and kind, a factor's status) is chosen with keys: → and
← step through the values, and a letter takes the value whose word starts with it, as in any
list box (`s` the next owner with an s, `s` again the one after; `sc` school at once; `w`
after them werkplek). But the person at the keyboard is often typing a sentence, and a Tab too
many puts her in a choice field: then her letters must neither vanish nor flip the owner. So
the keys typed in a row are read together: as long as each one goes on with a value's word, or
begins one by itself, they choose; once one cannot (`wek…`: no owner goes on with `wek`, none
begins with `k`), they were text. The field is put back to what it held before she started
typing, and the text, every key of it, goes on to the text field she meant (`ChoiceField`
finds it). A space cycles to the next value only when nothing is being typed: after letters it
is part of what is typed.

Plain logic, no Textual: `widgets.choice.ChoiceKeys` feeds it each key and does what it says.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Pick:
    """Take the value at `index` (perhaps the one already taken)."""

    index: int


@dataclass(frozen=True)
class AsText:
    """What was typed is text: put back the value at `restore`, and hand `text` on."""

    restore: int
    text: str


Outcome = Pick | AsText


def fold(text: str) -> str:
    """Text as it is compared: lower case, accents off (`é` is `e`), spaces squeezed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split()) + (" " if plain.endswith(" ") else "")


class TypedChoice:
    """Reads the keys typed into one choice field since it got the cursor.

    Args:
        labels: The values' words as the field shows them, in its order.
        signs: Keys that take one value at once when typed first (`+` present, ...).
    """

    def __init__(self, labels: Sequence[str], signs: Mapping[str, int] | None = None) -> None:
        self.labels = [fold(label) for label in labels]
        self.signs = dict(signs or {})
        self.typed = ""
        """The printable keys typed in a row, since the cursor came or another key was used:
        the text handed on if they turn out to be text."""
        self.word = ""
        """The last of them that still choose a value: the word they begin (`sch`)."""
        self.before: int | None = None
        """The value the field held when the typing began."""

    def reset(self) -> None:
        """Another key (an arrow, Tab, Enter) or the cursor arriving: start afresh."""
        self.typed = ""
        self.word = ""
        self.before = None

    def key(self, char: str, current: int) -> Outcome:
        """One printable key (a space included) typed while the field holds `current`."""
        if self.before is None:
            self.before = current
        self.typed += char
        word = self.word + char
        if not word.strip(" "):  # spaces only: Space's ordinary job, the next value
            return Pick((current + 1) % len(self.labels))
        if not self.word.strip(" ") and char in self.signs:
            self.word = ""
            return Pick(self.signs[char])
        typed = fold(word.lstrip(" "))
        starting = self._starting(typed)
        if starting:
            # The first letter steps through the values it begins (as a list box does);
            # more letters keep the value taken while it still fits.
            self.word = word
            if len(typed) == 1:
                return Pick(_after(starting, current))
            return Pick(current if current in starting else starting[0])
        again = self._starting(typed[0]) if len(set(typed)) == 1 else []
        if again:  # the same letter again and again: on to the next value
            self.word = word
            return Pick(_after(again, current))
        alone = self._starting(fold(char)) if char.strip() else []
        if alone:  # a letter that begins a value by itself: a new word, that value
            self.word = char
            return Pick(_after(alone, current))
        restore, text = self.before, self.typed
        self.reset()
        return AsText(restore, text)

    def _starting(self, typed: str) -> list[int]:
        """The values whose word begins with `typed` (folded)."""
        return [i for i, label in enumerate(self.labels) if label.startswith(typed)]


def _after(indexes: Sequence[int], current: int) -> int:
    """The first of `indexes` after `current`, round the end (the first, if none is after)."""
    return next((i for i in indexes if i > current), indexes[0])
