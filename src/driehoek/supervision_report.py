"""Supervision time across meetings, straight from the store: each evaluation's period with
the time promised and given (`supervision_time`), for a placement's view and, added up per
placement, for the workplace report (issue 13.3).

One query for the evaluations and one for the promises under review, not a whole `Meeting`
each: the workplace report runs over every placement in the file.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from driehoek.domain import Promise
from driehoek.migrate_signed import signed
from driehoek.reading import Reading
from driehoek.schedule import counts_sql
from driehoek.stored import parse_day
from driehoek.supervision_time import Period, Tally, period, tally


@dataclass(frozen=True)
class Evaluation:
    """One evaluation's period of supervision time, with what it was judged by."""

    meeting_id: int
    placement_id: int
    organisation_id: int
    period: Period
    threshold: int
    """The meeting's own threshold once signed, else the setting in force."""
    signed: bool


def evaluations(
    store: Reading,
    *,
    placement_id: int | None = None,
    signed_only: bool = False,
    since: date | None = None,
) -> list[Evaluation]:
    """The evaluations that count (something written in them) and had a promise in force,
    oldest first; only those of `placement_id`, only signed ones, only on or after `since`."""
    conditions = ["m.kind = 'evaluation'", counts_sql("m")]
    params: list[object] = []
    if placement_id is not None:
        conditions.append("m.placement_id = ?")
        params.append(placement_id)
    if signed_only:
        conditions.append(signed("m.id"))
    if since is not None:
        conditions.append("m.date >= ?")
        params.append(since.isoformat())
    rows = store.db.execute(
        f"""SELECT m.id, m.placement_id, p.organisation_id, p.start, m.date,
                   m.supervision_minutes, m.supervision_threshold, {signed("m.id")} AS signed,
                   (SELECT b.date FROM meetings b WHERE b.placement_id = m.placement_id
                    AND (b.date < m.date OR (b.date = m.date AND b.id < m.id))
                    AND {counts_sql("b")} ORDER BY b.date DESC, b.id DESC LIMIT 1) AS since
            FROM meetings m JOIN placements p ON p.id = m.placement_id
            WHERE {" AND ".join(conditions)} ORDER BY m.date, m.id""",
        params,
    ).fetchall()
    promises: dict[int, list[Promise]] = defaultdict(list)
    for meeting_id, minutes, weeks in store.db.execute(
        """SELECT d.meeting_id, a.promised_minutes, a.promised_weeks
           FROM dispositions d JOIN agreements a ON a.id = d.agreement_id
           WHERE a.kind = 'supervision' AND a.promised_minutes IS NOT NULL
             AND a.promised_weeks IS NOT NULL"""
    ).fetchall():
        promises[meeting_id].append(Promise(minutes, weeks))
    found = []
    for meeting_id, placement, organisation, start, day, given, kept, is_signed, before in rows:
        held = parse_day(day)
        if held is None:
            continue  # a date that cannot be read: no period to tell
        found_period = period(
            parse_day(before), parse_day(start), held, promises.get(meeting_id, []), given
        )
        if found_period is not None:
            threshold = kept or store.supervision_threshold
            found.append(
                Evaluation(
                    meeting_id, placement, organisation, found_period, threshold, bool(is_signed)
                )
            )
    return found


def placement_tallies(found: list[Evaluation]) -> dict[int, Tally]:
    """Per placement, its periods added up (each period flagged by its own threshold)."""
    per: dict[int, list[Evaluation]] = defaultdict(list)
    for e in found:
        per[e.placement_id].append(e)
    return {
        placement: sum_tallies([tally([e.period], e.threshold) for e in its])
        for placement, its in per.items()
    }


def sum_tallies(tallies: list[Tally]) -> Tally:
    """Tallies added up."""
    total = Tally()
    for one in tallies:
        total = total.plus(one)
    return total


@dataclass(frozen=True)
class PlaceFigures:
    """An organisation's supervision time over its placements (signed evaluations only, as
    the workplace report counts): about the place, never naming a student."""

    placements: int
    """Placements with at least one period of promised time and given time recorded."""
    short: int
    """Those of them given less than `threshold` percent, all periods together."""
    total: Tally
    threshold: int


def organisation_figures(
    store: Reading, since: date | None, names: dict[int, str]
) -> dict[str, PlaceFigures]:
    """Per organisation's name (`names`: by id), its placements' supervision time."""
    found = evaluations(store, signed_only=True, since=since)
    organisation_of = {e.placement_id: e.organisation_id for e in found}
    per: dict[int, list[Tally]] = defaultdict(list)
    for placement, total in placement_tallies(found).items():
        if total.periods:
            per[organisation_of[placement]].append(total)
    threshold = store.supervision_threshold
    return {
        names[organisation]: PlaceFigures(
            placements=len(tallies),
            short=sum(1 for one in tallies if one.short(threshold)),
            total=sum_tallies(tallies),
            threshold=threshold,
        )
        for organisation, tallies in per.items()
        if organisation in names
    }
