"""The planning rules that follow from the placement itself: when the next evaluation falls,
what a placement's status is on a given day, and which meetings count.

- **The next evaluation** falls on the placement's rhythm: its start plus the cadence (three
  months unless set otherwise), then every cadence on, counted from the start (so month ends
  do not drift). A meeting sets the first of those dates that lies more than half a cadence
  after it (an evaluation held a few days early does not set the next one a few days later).
  Never after the placement's end: then there is none. Without a start date yet, it is the
  meeting's date plus the cadence.
- **A placement is planned until its start date**: the intake's decision says it will run
  (stored as running), but until the first day it is shown, counted and planned as planned.
  The status is derived when it is read, never moved by a clock: nothing has to run at
  midnight, and every list says the same.
- **A meeting counts once something is written in it.** Starting an evaluation stores it at
  once (so the first keys typed have rows to go into), but an evaluation nobody wrote in
  counts for nothing: not for what is due, not in `list`, not in the report, not as "the
  previous meeting". The intake is different: it is made from the names typed to start it,
  and it is the placement's own record from then on, so it always counts. Either may be
  deleted while nothing is written in it.
"""

from __future__ import annotations

from datetime import date

from driehoek.dates import add_months


def next_evaluation(
    day: date, *, start: date | None, end: date | None, cadence: int
) -> date | None:
    """The default date of the evaluation after a meeting on `day` (see the module docstring).

    Args:
        day: The meeting's date.
        start: The placement's first day, if known.
        end: The placement's last day, if known.
        cadence: Months between evaluations (1 to 24).

    Returns:
        The date, or None when it would fall after the end.
    """
    try:
        if start is None:
            candidate = add_months(day, cadence)
        else:
            # More than half a cadence on: for three months, the first date after a month on.
            after = add_months(day, cadence // 2)
            months = (after.year - start.year) * 12 + after.month - start.month
            k = max(1, months // cadence)  # the first step that can lie beyond `after`
            candidate = add_months(start, k * cadence)
            while candidate <= after:
                k += 1
                candidate = add_months(start, k * cadence)
    except ValueError:  # beyond the year 9999: no date to plan
        return None
    if end is not None and candidate > end:
        return None
    return candidate


def status_sql(placement: str = "p", today: str = ":today") -> str:
    """`Placement.status_on` in SQL, for the placement alias `placement` and a parameter (or
    an expression) for the day."""
    return (
        f"(CASE WHEN {placement}.status = 'running' AND {placement}.start IS NOT NULL "
        f"AND {placement}.start > {today} THEN 'planned' ELSE {placement}.status END)"
    )


_WRITTEN_LINES = ("factors", "answers", "participants", "progress", "dispositions")
"""Rows a new meeting is given, ready to fill in: written once their version moved."""
_ADDED_LINES = ("agreements", "goals", "support")
"""Rows the table adds: written once they hold text (an added empty line is pruned anyway)."""


def empty_sql(meeting: str = "m") -> str:
    """An SQL condition that holds while nothing is written in the meeting aliased `meeting`:
    the meeting and every row it was given still at their first version, no line with text,
    nobody signed, no version kept aside.

    A CASE, not an AND: SQLite works out every operand of an AND that is a value (a column of
    the result), but stops a CASE at the first test that holds. The tests come in the order
    that settles most meetings soonest: a signature, then the factors nearly every meeting
    touched. Over the 100,000 meetings of `bench/make_data.py` (93% signed) the condition
    alone took 1.6 s as an AND and takes 0.26 s as this CASE (a loaded 2-core machine)."""
    m = meeting
    written = [f"{m}.version != 1", f"EXISTS (SELECT 1 FROM sign_offs WHERE meeting_id = {m}.id)"]
    written += [
        f"EXISTS (SELECT 1 FROM {table} WHERE meeting_id = {m}.id AND version > 1)"
        for table in _WRITTEN_LINES
    ]
    written += [
        f"""EXISTS (SELECT 1 FROM {table} WHERE meeting_id = {m}.id
            AND (version > 1 OR trim(text, char(32, 9, 10, 13)) != ''))"""
        for table in _ADDED_LINES
    ]
    written.append(f"EXISTS (SELECT 1 FROM set_aside WHERE meeting_id = {m}.id)")
    return "(CASE " + " ".join(f"WHEN {test} THEN 0" for test in written) + " ELSE 1 END)"


def counts_sql(meeting: str = "m") -> str:
    """An SQL condition that holds for a meeting that counts: an intake, or an evaluation with
    something written in it (see the module docstring)."""
    return f"({meeting}.kind = 'intake' OR NOT {empty_sql(meeting)})"
