"""The planning rules that follow from the placement: the next evaluation's default, the status
before the start (`driehoek.schedule`, `Placement.status_on`)."""

from __future__ import annotations

from datetime import date

import pytest

from driehoek.schedule import next_evaluation


def test_the_issues_example_falls_three_months_after_the_start() -> None:
    # An intake on 7 December 2026 for a placement that starts on 1 February 2027: the first
    # evaluation is on 1 May 2027, not on 7 March (the meeting's date plus three months).
    start, end = date(2027, 2, 1), date(2028, 1, 31)
    assert next_evaluation(date(2026, 12, 7), start=start, end=end, cadence=3) == date(2027, 5, 1)


@pytest.mark.parametrize(
    ("held", "expected"),
    [
        (date(2027, 5, 1), date(2027, 8, 1)),  # on the day: the next quarter
        (date(2027, 4, 24), date(2027, 8, 1)),  # a week early: still the next quarter
        (date(2027, 5, 20), date(2027, 8, 1)),  # late: the rhythm holds
        (date(2027, 7, 15), date(2027, 11, 1)),  # very late: more than half a cadence on
        (date(2027, 8, 1), date(2027, 11, 1)),
    ],
)
def test_then_quarterly_counted_from_the_start(held: date, expected: date) -> None:
    start, end = date(2027, 2, 1), date(2028, 6, 30)
    assert next_evaluation(held, start=start, end=end, cadence=3) == expected


def test_never_after_the_end() -> None:
    start, end = date(2027, 2, 1), date(2027, 7, 15)
    assert next_evaluation(date(2027, 5, 1), start=start, end=end, cadence=3) is None
    assert next_evaluation(date(2027, 1, 10), start=start, end=end, cadence=3) == date(2027, 5, 1)


def test_month_ends_do_not_drift() -> None:
    start = date(2026, 11, 30)
    got = []
    day = start
    for _ in range(4):
        planned = next_evaluation(day, start=start, end=None, cadence=3)
        assert planned is not None
        got.append(planned)
        day = planned
    assert got == [date(2027, 2, 28), date(2027, 5, 30), date(2027, 8, 30), date(2027, 11, 30)]


def test_without_a_start_the_meetings_date_plus_the_cadence() -> None:
    assert next_evaluation(date(2026, 12, 7), start=None, end=None, cadence=3) == date(2027, 3, 7)
    assert next_evaluation(date(2026, 12, 7), start=None, end=None, cadence=1) == date(2027, 1, 7)


def test_another_cadence_counts_from_the_start_too() -> None:
    start = date(2027, 2, 1)
    assert next_evaluation(date(2027, 1, 5), start=start, end=None, cadence=6) == date(2027, 8, 1)
    assert next_evaluation(date(2027, 8, 1), start=start, end=None, cadence=6) == date(2028, 2, 1)


def test_no_date_beyond_the_calendar() -> None:
    assert next_evaluation(date(9999, 11, 1), start=None, end=None, cadence=3) is None
