"""Workplace quality across placements: the school's signalling role (DOMAIN.md), in figures.

Per organisation, and per team within it: for each of the six factors, how many placements
had it present, realisable, absent or not discussed, as a whole and quarter by quarter, and
how the placements ended. Two rules make the figures mean what they seem to:

- Only signed meetings count: a meeting that all three parties signed. A draft may still change
  (or be thrown away), so it says nothing yet about the workplace.
- Each placement counts once, by its latest signed state. An evaluation starts from the factors
  as the previous meeting left them, so counting every meeting would make a placement with four
  evaluations weigh five times as much as one that ended after its intake.

Over time the unit is the calendar quarter, because the evaluations are quarterly: each quarter
holds about one signed meeting per running placement, so every step a placement takes shows,
and a placement year (ten months or so) shows its development in three or four rows, where a
year would fold it into one. A placement counts in each quarter it was at the workplace (from
its first signed meeting until it ended), with its latest signed state as of the quarter's end.

This module counts; `report_markdown`, `report_html` and `report_files` write the figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from driehoek.domain import Factor, FactorStatus, PlacementStatus, Pressure
from driehoek.schedule import counts_sql, status_sql
from driehoek.store import Store
from driehoek.supervision_report import PlaceFigures, organisation_figures

ORDER = (
    FactorStatus.PRESENT,
    FactorStatus.REALISABLE,
    FactorStatus.ABSENT,
    FactorStatus.NOT_DISCUSSED,
)
"""The statuses in the order the report shows them: from good to not known."""
SIGNS = {
    FactorStatus.PRESENT: "+",
    FactorStatus.REALISABLE: "~",
    FactorStatus.ABSENT: "-",
    FactorStatus.NOT_DISCUSSED: "?",
}
"""The signs the app shows for them (never colour alone)."""
_INDEX = {status: i for i, status in enumerate(ORDER)}
_STOPPED = (PlacementStatus.ENDED_EARLY, PlacementStatus.NOT_STARTED)
"""Outcomes whose planned end date no longer tells when the placement left."""


@dataclass(frozen=True)
class Tally:
    """How many placements had one factor present, realisable, absent or not discussed."""

    present: int = 0
    realisable: int = 0
    absent: int = 0
    not_discussed: int = 0

    @property
    def total(self) -> int:
        """Placements counted: every status together."""
        return self.present + self.realisable + self.absent + self.not_discussed

    def of(self, status: FactorStatus) -> int:
        """The count for one status."""
        return self.counts[_INDEX[status]]

    @property
    def counts(self) -> tuple[int, int, int, int]:
        """The four counts in `ORDER`: present, realisable, absent, not discussed."""
        return (self.present, self.realisable, self.absent, self.not_discussed)

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(a + b for a, b in zip(self.counts, other.counts, strict=True)))


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter: January to March is the first."""

    year: int
    number: int

    @classmethod
    def of(cls, day: date) -> Quarter:
        """The quarter `day` falls in."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        """Its first day."""
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """Its last day."""
        return self.next().start - timedelta(days=1)

    @property
    def key(self) -> str:
        """`2026-Q1`: the same in every language, for files that machines read."""
        return f"{self.year}-Q{self.number}"

    def next(self) -> Quarter:
        """The quarter after it."""
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )


@dataclass(frozen=True)
class Period:
    """One quarter of a workplace: the placements there, and their factors at its end."""

    quarter: Quarter
    placements: int
    factors: Mapping[Factor, Tally]
    pressures: Mapping[Pressure, int] = field(default_factory=dict)
    """Per pressure, how many of the placements named it at the quarter's end."""
    mistakes: Tally = Tally()
    """Room to make mistakes, counted as a factor is."""


@dataclass(frozen=True)
class Quality:
    """The figures of one organisation, or of one team within it."""

    name: str
    """The organisation's name, or the team's ('' for placements without a team)."""
    placements: int
    """Placements with a meeting in the report's period, signed or not: how they ended counts."""
    counted: int
    """Those with a signed meeting: the placements the factors count."""
    signed_meetings: int
    drafts: int
    """Meetings not (yet) signed by all three: left out of every count, shown as a number."""
    factors: Mapping[Factor, Tally]
    """Every factor, one count per placement: as its latest signed meeting left it."""
    periods: tuple[Period, ...]
    """Quarter by quarter, from the first with a signed meeting to the last with a placement."""
    outcomes: Mapping[PlacementStatus, int]
    """How many placements stand at each status (every status is present, maybe as 0)."""
    pressures: Mapping[Pressure, int] = field(default_factory=dict)
    """The article's pressures (werkdruk, bezuinigingen, personeelsverloop, agressieve
    cliënten, ziekteverzuim): per pressure (every one, maybe 0), how many placements named it
    in their latest signed meeting, counted like the factors."""
    mistakes: Tally = Tally()
    """Room to make mistakes (asked with factor 2), counted like a factor."""

    @property
    def overall(self) -> Tally:
        """The six factors together (six per placement counted)."""
        total = Tally()
        for tally in self.factors.values():
            total += tally
        return total


@dataclass(frozen=True)
class OrganisationQuality:
    """An organisation as a whole, and its teams (none when no placement names a team)."""

    whole: Quality
    teams: tuple[Quality, ...] = ()


@dataclass(frozen=True)
class WorkplaceReport:
    """The figures of every organisation with a placement in the report's period."""

    made_on: date
    since: date | None
    organisations: tuple[OrganisationQuality, ...] = field(default=())
    supervision: Mapping[str, PlaceFigures] = field(default_factory=dict)
    """Per organisation's name, supervision time promised against given (`supervision_report`)."""


@dataclass(frozen=True)
class _State:
    """What a signed meeting left: the factors, the pressures named, room for mistakes."""

    factors: Mapping[Factor, FactorStatus]
    pressures: frozenset[Pressure] = frozenset()
    mistakes: FactorStatus = FactorStatus.NOT_DISCUSSED


@dataclass
class _Track:
    """One placement's signed meetings in the period, oldest first, and how it ended."""

    status: PlacementStatus
    end: date | None
    states: list[tuple[date, _State]] = field(default_factory=list)
    drafts: int = 0

    def state_at(self, day: date) -> _State | None:
        """What the latest signed meeting on or before `day` left."""
        known = [state for when, state in self.states if when <= day]
        return known[-1] if known else None

    def stop(self, made_on: date) -> date:
        """The last day the placement counts at its workplace.

        A placement that never started, or ended early, stops at its last signed meeting (the
        intake that decided against the place, the evaluation that ended it: the end date it
        had was the plan). Any other stops at its end date where it has one (never before its
        last signed meeting); without one, a completed placement stops at its last signed
        meeting and one still going runs until today. Nothing counts beyond today, or beyond
        the last signed meeting where that is later.
        """
        last = self.states[-1][0]
        if self.status in _STOPPED:
            return last
        if self.end is not None:
            stop = max(last, self.end)
        elif self.status is PlacementStatus.COMPLETED:
            stop = last
        else:
            stop = made_on
        return min(stop, max(made_on, last))


def _quarters(first: Quarter, last: Quarter) -> list[Quarter]:
    quarters = [first]
    while quarters[-1] < last:
        quarters.append(quarters[-1].next())
    return quarters


def _tallies(states: Sequence[_State]) -> dict[Factor, Tally]:
    """Per factor, the tally of the states (one per placement); a factor a meeting lacks was
    not discussed. One pass over the states: with many teams this is the report's inner loop."""
    counts = {f: dict.fromkeys(ORDER, 0) for f in Factor}
    for state in states:
        for factor, count in counts.items():
            count[state.factors.get(factor, FactorStatus.NOT_DISCUSSED)] += 1
    return {f: Tally(*count.values()) for f, count in counts.items()}


def _pressures(states: Sequence[_State]) -> dict[Pressure, int]:
    """Per pressure, in the article's order, how many of the states name it."""
    return {p: sum(p in state.pressures for state in states) for p in Pressure}


def _mistakes(states: Sequence[_State]) -> Tally:
    count = dict.fromkeys(ORDER, 0)
    for state in states:
        count[state.mistakes] += 1
    return Tally(*count.values())


def _quality(name: str, tracks: Sequence[_Track], made_on: date) -> Quality:
    """The figures of one group of placements (an organisation or a team)."""
    counted = [t for t in tracks if t.states]
    spans = [(t, t.states[0][0], t.stop(made_on)) for t in counted]
    periods: list[Period] = []
    if spans:
        first = min(Quarter.of(begin) for _, begin, _ in spans)
        last = max(Quarter.of(stop) for _, _, stop in spans)
        for quarter in _quarters(first, last):
            start, end = quarter.start, quarter.end
            states = [
                state
                for t, begin, stop in spans
                if begin <= end and stop >= start and (state := t.state_at(end)) is not None
            ]
            periods.append(
                Period(
                    quarter, len(states), _tallies(states), _pressures(states), _mistakes(states)
                )
            )
    latest = [t.states[-1][1] for t in counted]
    outcomes = dict.fromkeys(PlacementStatus, 0)
    for track in tracks:
        outcomes[track.status] += 1
    return Quality(
        name=name,
        placements=len(tracks),
        counted=len(counted),
        signed_meetings=sum(len(t.states) for t in counted),
        drafts=sum(t.drafts for t in tracks),
        factors=_tallies(latest),
        periods=tuple(periods),
        outcomes=outcomes,
        pressures=_pressures(latest),
        mistakes=_mistakes(latest),
    )


def _team_key(team: str) -> str:
    # "Woongroep Oost" and "woongroep  oost" are one team, typed twice.
    return " ".join(team.split()).casefold()


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _tracks(store: Store, since: date | None) -> dict[int, tuple[int, str, _Track]]:
    """Every placement with a meeting on or after `since`: (organisation, team, track)."""
    # Only meetings that count (an evaluation nobody wrote in is not even a draft), and each
    # placement's status as of today: planned until its start (`schedule`).
    params = {"since": since.isoformat() if since else "", "today": store.today().isoformat()}
    tracks: dict[int, tuple[int, str, _Track]] = {}
    for placement, organisation, team, status, end in store.db.execute(
        f"""SELECT p.id, p.organisation_id, p.team, {status_sql("p", ":today")}, p.end
           FROM placements p
           WHERE EXISTS (SELECT 1 FROM meetings m
                         WHERE m.placement_id = p.id AND m.date >= :since AND {counts_sql()})
           ORDER BY p.id""",
        params,
    ):
        if status not in PlacementStatus._value2member_map_:
            continue  # a value driehoek cannot read (a hand edit): `driehoek check` names it
        tracks[placement] = (organisation, team, _Track(PlacementStatus(status), _day(end)))
    factors: dict[int, dict[Factor, FactorStatus]] = defaultdict(dict)
    for meeting, factor, status in store.db.execute(
        """SELECT f.meeting_id, f.factor, f.status FROM factors f
           JOIN meetings m ON m.id = f.meeting_id WHERE m.date >= :since""",
        params,
    ):
        if factor not in Factor._value2member_map_ or status not in FactorStatus._value2member_map_:
            continue  # as above
        factors[meeting][Factor(factor)] = FactorStatus(status)
    # Signed: all three parties signed (a sign-off per party is the table's primary key).
    for placement, meeting, day, signed, pressures, mistakes in store.db.execute(
        f"""SELECT m.placement_id, m.id, m.date,
                  (SELECT count(DISTINCT s.party) FROM sign_offs s
                   WHERE s.meeting_id = m.id) = 3, m.pressures, m.room_for_mistakes
           FROM meetings m WHERE m.date >= :since AND {counts_sql()}
           ORDER BY m.placement_id, m.date, m.id""",
        params,
    ):
        if placement not in tracks:
            continue  # its placement's status could not be read (above)
        track = tracks[placement][2]
        when = _day(day)
        if signed and when is not None:
            # A value driehoek cannot read (a hand edit) counts as not named, not discussed.
            state = _State(
                factors.get(meeting, {}),
                frozenset(p for p in Pressure if p.value in str(pressures).split(",")),
                FactorStatus(mistakes)
                if mistakes in FactorStatus._value2member_map_
                else FactorStatus.NOT_DISCUSSED,
            )
            track.states.append((when, state))
        else:
            track.drafts += 1
    return tracks


def workplace_report(store: Store, *, since: date | None = None) -> WorkplaceReport:
    """Count the factors and outcomes per organisation and team.

    Args:
        store: The database.
        since: Only meetings on or after this day, and only placements with such a meeting;
            all of them when not given.

    Returns:
        Organisations in alphabetical order (ignoring case), each with its teams likewise.
    """
    made_on = store.today()
    names = dict(store.db.execute("SELECT id, name FROM organisations").fetchall())
    wholes: dict[int, list[_Track]] = defaultdict(list)
    teams: dict[tuple[int, str], list[_Track]] = defaultdict(list)
    spellings: dict[tuple[int, str], set[str]] = defaultdict(set)
    for organisation, team, track in _tracks(store, since).values():
        key = (organisation, _team_key(team))
        spellings[key].add(" ".join(team.split()))
        wholes[organisation].append(track)
        teams[key].append(track)

    per_organisation: dict[int, list[Quality]] = defaultdict(list)
    for key, tracks in teams.items():
        # A team typed in several ways is shown in one of them, the same one every time.
        name = min(spellings[key], key=lambda s: (s.casefold(), s))
        per_organisation[key[0]].append(_quality(name, tracks, made_on))
    organisations = []
    for organisation, tracks in wholes.items():
        its_teams = sorted(
            per_organisation[organisation], key=lambda q: (q.name == "", q.name.casefold(), q.name)
        )
        named = any(team.name for team in its_teams)
        organisations.append(
            OrganisationQuality(
                _quality(names[organisation], tracks, made_on), tuple(its_teams) if named else ()
            )
        )
    organisations.sort(key=lambda o: (o.whole.name.casefold(), o.whole.name))
    supervision = organisation_figures(store, since, names)
    return WorkplaceReport(made_on, since, tuple(organisations), supervision)
