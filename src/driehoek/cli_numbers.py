"""Whole numbers on the command line, within what driehoek can use.

`type=int` takes any number, and one past SQLite's INTEGER (a meeting number of 30 digits) or
past the calendar (a retention of 10,000 years) stopped driehoek with a crash, exit code 70,
far from where it was typed; a retention that large was even stored, and broke `purge` from
then on. These types refuse such a number where it is typed: one line, argparse's exit code 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from driehoek.i18n import Catalogue

SQLITE_MAX = 2**63 - 1
"""The largest row id SQLite can hold."""
MAX_WEEKS = 52 * 100
MAX_YEARS = 100
"""Beyond these the dates they lead to leave the calendar (year 9999)."""


def whole(t: Catalogue, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number no larger than `high` (the lower bound, where there is
    one, is the command's own check, with its own words)."""

    def number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(t("cli.not_whole", value=text)) from None
        if value > high:
            raise argparse.ArgumentTypeError(t("cli.too_large", value=text, high=high))
        return value

    return number


def row_id(t: Catalogue) -> Callable[[str], int]:
    """An argparse type for a meeting's, placement's or share's number."""
    return whole(t, SQLITE_MAX)
