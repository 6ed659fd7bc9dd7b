"""Dates as coordinators type them, quarters ahead, and month names in Dutch and English."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

import pytest
from babel.dates import format_date as cldr_format_date

from driehoek.dates import add_months, format_date, format_short, parse_date
from driehoek.i18n import Lang


@pytest.mark.parametrize(
    "text",
    ["2026-12-01", "1-12-2026", "01-12-2026", "1/12/2026", "1.12.2026", " 1-12-2026 ", "2026-12-1"],
)
def test_parse_date_reads_iso_and_day_first_forms(text: str) -> None:
    assert parse_date(text) == date(2026, 12, 1)


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_field_is_no_date(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "32-13-2026",
        "31-11-2026",  # November has 30 days
        "29-2-2026",  # not a leap year
        "morgen",
        "12-01-26",  # a two-digit year is ambiguous
        "2026/12/01",
        "1 december 2026",
        "1-12-2026x",
        "0-1-2026",
    ],
)
def test_parse_date_refuses_what_is_not_a_real_day(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message is the typed text, not fixed
        parse_date(text)


def test_a_leap_day_is_a_date() -> None:
    assert parse_date("29-2-2028") == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 8, 31), 3, date(2026, 11, 30)),
        (date(2026, 11, 28), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 5, 10), 0, date(2026, 5, 10)),
        (date(2026, 5, 10), 24, date(2028, 5, 10)),
    ],
)
def test_add_months_clamps_to_the_end_of_a_shorter_month(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


def test_dutch_month_names_come_from_the_catalogue_not_the_os_locale() -> None:
    assert format_date(date(2026, 3, 1), "nl") == "1 maart 2026"
    assert format_date(date(2026, 3, 1), "nl", "full") == "zondag 1 maart 2026"
    assert format_date(date(2026, 12, 1), "en") == "1 December 2026"
    assert format_date(date(2026, 12, 1), "nl", "medium") == "1 dec 2026"


@pytest.mark.parametrize(("lang", "locale"), [("nl", "nl_NL"), ("en", "en_GB")])
@pytest.mark.parametrize("style", ["long", "medium", "full"])
def test_every_day_is_written_as_babel_wrote_it(
    lang: Lang, locale: str, style: Literal["long", "medium", "full"]
) -> None:
    """The app no longer needs Babel at run time; its dates read as Babel's CLDR data wrote
    them (a leap year through, every month and weekday; Babel stays in the test extra)."""
    days = [date(2028, 1, 1) + timedelta(days=n) for n in range(366)] + [date(999, 1, 2)]
    differ = {
        d: (format_date(d, lang, style), cldr_format_date(d, style, locale=locale))
        for d in days
        if format_date(d, lang, style) != cldr_format_date(d, style, locale=locale)
    }
    assert differ == {}


def test_the_short_form_reads_back_as_the_same_day() -> None:
    day = date(2027, 2, 3)
    assert format_short(day) == "3-2-2027"
    assert parse_date(format_short(day)) == day
