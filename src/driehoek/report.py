"""Workplace quality across placements: the school's signalling role (DOMAIN.md), in figures.

Per organisation, and per team within it: how often each of the six factors was present,
absent or realisable, in all meetings and per year, and how the placements ended. Every
meeting's assessment counts (an evaluation that keeps a factor as it was counts it again:
the table looked at it again); a factor not discussed is left out. `render_workplace_report`
writes the figures as Markdown for school and workplace to discuss together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from driehoek import mdtext
from driehoek.dates import format_date
from driehoek.domain import Factor, FactorStatus, PlacementStatus
from driehoek.i18n import Catalogue, Lang
from driehoek.store import Store

COUNTED = (FactorStatus.PRESENT, FactorStatus.ABSENT, FactorStatus.REALISABLE)
"""The statuses the report counts, in the order it shows them."""
SIGNS = {FactorStatus.PRESENT: "+", FactorStatus.ABSENT: "-", FactorStatus.REALISABLE: "~"}
"""The signs the app shows for them (never colour alone)."""
BAR_WIDTH = 10
"""Characters in a bar: each stands for a tenth."""


@dataclass(frozen=True)
class Tally:
    """How often one factor (or all six together) was present, absent and realisable."""

    present: int = 0
    absent: int = 0
    realisable: int = 0

    @property
    def total(self) -> int:
        """Assessments counted: present, absent and realisable together."""
        return self.present + self.absent + self.realisable

    def of(self, status: FactorStatus) -> int:
        """The count for one of the counted statuses."""
        return int(getattr(self, status.value))

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.present + other.present,
            self.absent + other.absent,
            self.realisable + other.realisable,
        )


@dataclass(frozen=True)
class Quality:
    """The figures of one organisation, or of one team within it."""

    name: str
    """The organisation's name, or the team's ('' for placements without a team)."""
    placements: int
    meetings: int
    factors: Mapping[Factor, Tally]
    """Every factor, over all the years in the report."""
    years: Mapping[int, Mapping[Factor, Tally]]
    """Per year of the meeting's date, the factors assessed that year."""
    meetings_per_year: Mapping[int, int]
    outcomes: Mapping[PlacementStatus, int]
    """How many placements stand at each status (every status is present, maybe as 0)."""

    @property
    def overall(self) -> Tally:
        """The six factors together."""
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


class _Group:
    """Collects the rows of one organisation or team."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.tallies: dict[tuple[int, Factor], dict[FactorStatus, int]] = defaultdict(
            lambda: dict.fromkeys(COUNTED, 0)
        )
        self.meetings: dict[int, int] = defaultdict(int)
        self.outcomes: dict[PlacementStatus, int] = dict.fromkeys(PlacementStatus, 0)

    def quality(self) -> Quality:
        years: dict[int, dict[Factor, Tally]] = {
            year: dict.fromkeys(Factor, Tally())
            for year in sorted({y for y, _ in self.tallies} | set(self.meetings))
        }
        for (year, factor), counts in self.tallies.items():
            years[year][factor] = Tally(*(counts[s] for s in COUNTED))
        factors = {f: sum((y[f] for y in years.values()), Tally()) for f in Factor}
        return Quality(
            name=self.name,
            placements=sum(self.outcomes.values()),
            meetings=sum(self.meetings.values()),
            factors=factors,
            years=years,
            meetings_per_year=dict(sorted(self.meetings.items())),
            outcomes=dict(self.outcomes),
        )


def _team_key(team: str) -> str:
    # "Woongroep Oost" and "woongroep  oost" are one team, typed twice.
    return " ".join(team.split()).casefold()


def workplace_report(store: Store, *, since: date | None = None) -> WorkplaceReport:
    """Count the factors and outcomes per organisation and team.

    Args:
        store: The database.
        since: Only meetings on or after this day, and only placements with such a meeting;
            all of them when not given.

    Returns:
        Organisations in alphabetical order (ignoring case), each with its teams likewise.
    """
    params = {"since": since.isoformat() if since else ""}
    names = dict(store.db.execute("SELECT id, name FROM organisations").fetchall())
    wholes: dict[int, _Group] = {}
    teams: dict[tuple[int, str], _Group] = {}
    spellings: dict[tuple[int, str], set[str]] = defaultdict(set)

    def groups(organisation: int, team: str) -> tuple[_Group, _Group]:
        """The organisation's group and its team's, made when first seen."""
        key = (organisation, _team_key(team))
        spellings[key].add(" ".join(team.split()))
        whole = wholes.setdefault(organisation, _Group(names[organisation]))
        return whole, teams.setdefault(key, _Group(key[1]))

    for organisation, team, year, factor, status, count in store.db.execute(
        """SELECT p.organisation_id, p.team, CAST(substr(m.date, 1, 4) AS INTEGER), f.factor,
                  f.status, count(*)
           FROM factors f JOIN meetings m ON m.id = f.meeting_id
           JOIN placements p ON p.id = m.placement_id
           WHERE f.status != 'not_discussed' AND m.date >= :since
           GROUP BY p.organisation_id, p.team, 3, f.factor, f.status""",
        params,
    ):
        if factor not in Factor._value2member_map_ or status not in FactorStatus._value2member_map_:
            continue  # a value driehoek cannot read (a hand edit): `driehoek check` names it
        for group in groups(organisation, team):
            group.tallies[year, Factor(factor)][FactorStatus(status)] += count
    for organisation, team, year, count in store.db.execute(
        """SELECT p.organisation_id, p.team, CAST(substr(m.date, 1, 4) AS INTEGER), count(*)
           FROM meetings m JOIN placements p ON p.id = m.placement_id
           WHERE m.date >= :since GROUP BY p.organisation_id, p.team, 3""",
        params,
    ):
        for group in groups(organisation, team):
            group.meetings[year] += count
    for organisation, team, status, count in store.db.execute(
        """SELECT p.organisation_id, p.team, p.status, count(*) FROM placements p
           WHERE :since = '' OR EXISTS (SELECT 1 FROM meetings m
                                       WHERE m.placement_id = p.id AND m.date >= :since)
           GROUP BY p.organisation_id, p.team, p.status""",
        params,
    ):
        if status not in PlacementStatus._value2member_map_:
            continue  # as above
        for group in groups(organisation, team):
            group.outcomes[PlacementStatus(status)] += count

    per_organisation: dict[int, list[Quality]] = defaultdict(list)
    for key, group in teams.items():
        # A team typed in several ways is shown in one of them, the same one every time.
        group.name = min(spellings[key], key=lambda s: (s.casefold(), s))
        per_organisation[key[0]].append(group.quality())
    organisations = []
    for organisation, whole in wholes.items():
        its_teams = sorted(
            per_organisation[organisation], key=lambda q: (q.name == "", q.name.casefold(), q.name)
        )
        named = any(team.name for team in its_teams)
        organisations.append(
            OrganisationQuality(whole.quality(), tuple(its_teams) if named else ())
        )
    organisations.sort(key=lambda o: (o.whole.name.casefold(), o.whole.name))
    return WorkplaceReport(made_on=store.today(), since=since, organisations=tuple(organisations))


# -- Markdown -----------------------------------------------------------------------------------


def bar(tally: Tally) -> str:
    """A bar of `BAR_WIDTH` signs in proportion (largest remainders): `++++++---~`."""
    if not tally.total:
        return "–"
    exact = [tally.of(s) * BAR_WIDTH / tally.total for s in COUNTED]
    widths = [int(x) for x in exact]
    by_remainder = sorted(range(len(COUNTED)), key=lambda i: (-(exact[i] - widths[i]), i))
    for i in by_remainder[: BAR_WIDTH - sum(widths)]:
        widths[i] += 1
    return "".join(SIGNS[s] * w for s, w in zip(COUNTED, widths, strict=True))


def _count(tally: Tally, status: FactorStatus) -> str:
    n = tally.of(status)
    return f"{n} ({round(100 * n / tally.total)}%)" if tally.total else "0"


def _compact(tally: Tally) -> str:
    if not tally.total:
        return "–"
    return " ".join(f"{SIGNS[s]}{tally.of(s)}" for s in COUNTED)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


class _Report:
    """Collects the lines of one rendering."""

    def __init__(self, report: WorkplaceReport, lang: Lang) -> None:
        self.r = report
        self.lang = lang
        self.t = Catalogue(lang)
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def status_header(self) -> list[str]:
        return [f"{SIGNS[s]} {self.t.enum(s)}" for s in COUNTED]

    def render(self) -> str:
        t = self.t
        self.add(f"# {t('report.title')}", "")
        since = (
            t("report.since", date=format_date(self.r.since, self.lang))
            if self.r.since
            else t("report.all")
        )
        self.add(
            f"- {t('report.made_on')}: {format_date(self.r.made_on, self.lang)}",
            f"- {t('report.period')}: {since}",
            f"- {t('report.counted')}",
        )
        if not self.r.organisations:
            self.add("", f"_{t('report.empty')}_")
        else:
            self.overview()
            for organisation in self.r.organisations:
                self.organisation(organisation)
        return "\n".join(self.lines).strip() + "\n"

    def overview(self) -> None:
        t = self.t
        self.add("", f"## {t('report.overview')}", "")
        header = [t("report.organisation"), t("report.placements"), t("report.meetings")]
        rows = []
        for o in self.r.organisations:
            q, overall = o.whole, o.whole.overall
            rows.append(
                [
                    mdtext.cell(q.name),
                    str(q.placements),
                    str(q.meetings),
                    *(_count(overall, s) for s in COUNTED),
                    f"`{bar(overall)}`" if overall.total else "–",
                ]
            )
        self.add(*_table([*header, *self.status_header(), t("report.share")], rows))

    def organisation(self, o: OrganisationQuality) -> None:
        t = self.t
        self.add("", f"## {mdtext.inline(o.whole.name)}", "")
        if len(o.teams) == 1:
            # One team is the whole organisation: its name, not the same tables twice.
            self.add(f"{t('field.team')}: {mdtext.inline(o.teams[0].name)}", "")
        self.quality(o.whole, level=3)
        for team in o.teams if len(o.teams) > 1 else ():
            name = mdtext.inline(team.name) if team.name else t("report.no_team")
            self.add("", f"### {t('report.team', team=name)}", "")
            self.quality(team, level=4)

    def quality(self, q: Quality, *, level: int) -> None:
        t, h = self.t, "#" * level
        self.add(t("report.summary", placements=q.placements, meetings=q.meetings))
        self.add("", f"{h} {t('report.factors')}", "")
        header = [t("minutes.factor"), *self.status_header(), t("report.share")]
        rows = [
            [
                f"{f.number}. {t.enum(f)}",
                *(_count(q.factors[f], s) for s in COUNTED),
                f"`{bar(q.factors[f])}`" if q.factors[f].total else "–",
            ]
            for f in Factor
        ]
        self.add(*_table(header, rows))
        if q.years:
            self.add("", f"{h} {t('report.years')}", "", t("report.years_legend"), "")
            header = [t("report.year"), t("report.meetings"), *(str(f.number) for f in Factor)]
            rows = [
                [
                    str(year),
                    str(q.meetings_per_year.get(year, 0)),
                    *(_compact(factors[f]) for f in Factor),
                ]
                for year, factors in q.years.items()
            ]
            self.add(*_table(header, rows))
        self.add("", f"{h} {t('report.outcomes')}", "")
        rows = [[t.enum(s), str(q.outcomes.get(s, 0))] for s in PlacementStatus]
        self.add(*_table([t("report.outcome"), t("report.placements")], rows))


def render_workplace_report(report: WorkplaceReport, lang: Lang) -> str:
    """The report as Markdown: an overview, then per organisation (and team) the factors,
    the factors per year, and the placements' outcomes.

    Names of organisations and teams are user text and are escaped, so a name can never add a
    heading, a table cell or a link. The same report in the same language gives the same bytes.
    """
    return _Report(report, lang).render()
