"""The command line's outputs across meetings: what is due, the calendar, the workplace report,
and exports of a whole placement or of every meeting. `cli` registers these and hands them an
open store; each failure is one line (an `AdminError`), never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from driehoek import planning
from driehoek.admin import AdminError, output_target, write_output
from driehoek.cli_numbers import MAX_WEEKS, row_id, whole
from driehoek.dates import parse_date
from driehoek.domain import PlacementStatus
from driehoek.files import Refused, write_private
from driehoek.i18n import Catalogue
from driehoek.os_words import why
from driehoek.store import NotFound, Store
from driehoek.text import clean_line

OpenStore = Callable[..., Store]
"""Opens the database the command line names; `create=False` refuses a missing file."""

COMMANDS = ("due", "calendar", "report")
REPORT_FORMATS = ("md", "html", "csv", "json")
DUE_WEEKS = 4
CALENDAR_WEEKS = 26


def add_commands(commands: Any, common: argparse.ArgumentParser, t: Catalogue) -> None:
    """Register `due`, `calendar` and `report workplaces` on the command line's subparsers."""

    def command(parent: Any, name: str, key: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = parent.add_parser(
            name, parents=[common], help=t(key), description=t(key)
        )
        return parser

    due = command(commands, "due", "cli.due")
    due.add_argument(
        "--weeks",
        type=whole(t, MAX_WEEKS),
        default=DUE_WEEKS,
        metavar="N",
        help=t("cli.weeks", default=DUE_WEEKS),
    )
    due.add_argument("--json", action="store_true", help=t("cli.json"))
    calendar = command(commands, "calendar", "cli.calendar")
    calendar.add_argument("-o", "--output", metavar="FILE.ics", help=t("cli.calendar_output"))
    calendar.add_argument(
        "--weeks",
        type=whole(t, MAX_WEEKS),
        default=CALENDAR_WEEKS,
        metavar="N",
        help=t("cli.weeks", default=CALENDAR_WEEKS),
    )
    reports = command(commands, "report", "cli.report").add_subparsers(
        dest="report", metavar="{workplaces}", required=True
    )
    workplaces = command(reports, "workplaces", "cli.report_workplaces")
    workplaces.add_argument("--since", metavar="DATE", help=t("cli.since"))
    workplaces.add_argument(
        "--format", choices=REPORT_FORMATS, default="md", help=t("cli.report_format")
    )
    workplaces.add_argument("-o", "--output", metavar="FILE", help=t("cli.output"))


def add_export_options(export: argparse.ArgumentParser, t: Catalogue) -> None:
    """The `export` options for a whole placement and for every meeting."""
    export.add_argument("--placement", type=row_id(t), metavar="ID", help=t("cli.export_placement"))
    export.add_argument("--all", action="store_true", help=t("cli.export_all"))
    export.add_argument("--since", metavar="DATE", help=t("cli.since"))
    export.add_argument("--dir", metavar="DIR", help=t("cli.export_dir"))


def export_targets(args: argparse.Namespace) -> int:
    """How many of MEETING_ID, --student, --placement and --all the user gave (one is right)."""
    given = (args.meeting_id, args.student, args.placement, args.all or None)
    return sum(value is not None for value in given)


def check_export_options(args: argparse.Namespace, t: Catalogue) -> None:
    """Refuse options that do not go with the chosen export, before opening the database."""
    if args.since is not None and not args.all:
        raise AdminError(t("error.only_with", option="--since", other="--all"), 2)
    if args.dir is not None and not args.all:
        raise AdminError(t("error.only_with", option="--dir", other="--all"), 2)
    if args.all and args.dir is None:
        raise AdminError(t("error.all_needs_dir"), 2)
    if args.all and args.output:
        raise AdminError(t("error.all_needs_dir"), 2)
    if args.all and args.format == "json":
        raise AdminError(t("error.json_one_meeting"), 2)


def export(args: argparse.Namespace, t: Catalogue, store: Store) -> int:
    """`driehoek export --placement ID` or `driehoek export --all --dir DIR`."""
    from driehoek import dossier  # here, not above: the app's own start needs none of it

    if args.all:
        return _export_all(args, t, store)
    path = output_target(args.output, store, t) if args.output else None
    try:
        if args.format == "json":  # a dossier of this placement alone, to take along
            text = _placement_dossier(store, args.placement)
        else:
            text = dossier.placement_document(store, args.placement, t.lang, args.format)
    except NotFound as e:
        raise AdminError(t("error.no_placement", id=args.placement)) from e
    store.record("export", "placements", args.placement, None)
    _emit(text, path, t)
    return 0


def _placement_dossier(store: Store, placement_id: int) -> str:
    """The student's dossier with this placement only: what a laptop takes along."""
    from driehoek import privacy

    row = store.db.execute(
        "SELECT student_id FROM placements WHERE id = ?", [placement_id]
    ).fetchone()
    if row is None:
        raise NotFound(f"placement {placement_id}")
    return privacy.dossier_json(privacy.dossier(store, int(row[0]), placement_id))


def _export_all(args: argparse.Namespace, t: Catalogue, store: Store) -> int:
    from driehoek import dossier

    since = _since(args.since, t)
    directory = Path(args.dir).expanduser()
    if directory.is_symlink():
        raise AdminError(t("refused.folder_symlink", path=directory))
    if not directory.exists():
        # The folder itself is made, as an export tool's output folder usually is; a missing
        # folder above it is far more likely a typo than a wish for a new tree of folders.
        if not directory.parent.is_dir():
            raise AdminError(t("error.no_directory", path=directory))
        try:
            directory.mkdir()
        except OSError as e:
            raise AdminError(t("error.write_output", path=directory, reason=why(e, t))) from e
    elif not directory.is_dir():
        raise AdminError(t("error.not_a_directory", path=directory))
    try:
        done = dossier.export_all(store, directory, since=since, lang=t.lang, fmt=args.format)
    except Refused as e:  # a symlink where a file would go: the files before it stay
        raise AdminError(t(f"refused.{e.reason}", path=e.path)) from e
    except OSError as e:
        path = Path(e.filename) if e.filename else directory
        raise AdminError(t("error.write_output", path=path, reason=why(e, t))) from e
    print(t.n("cli.exported_all", len(done.files), path=directory), file=sys.stderr)
    return 0


def run(args: argparse.Namespace, t: Catalogue, open_store: OpenStore) -> int:
    """Run `due`, `calendar` or `report`; returns the exit code."""
    if args.command == "due":
        return _due(args, t, open_store)
    if args.command == "calendar":
        return _calendar(args, t, open_store)
    return _report(args, t, open_store)


def _weeks(args: argparse.Namespace, t: Catalogue) -> int:
    if args.weeks < 0:
        raise AdminError(t("error.bad_weeks"), 2)
    return int(args.weeks)


def _since(text: str | None, t: Catalogue) -> date | None:
    if text is None:
        return None
    try:
        day = parse_date(text)
    except ValueError:
        day = None
    if day is None:
        raise AdminError(t("error.bad_date", value=clean_line(text)), 2)
    return day


def _emit(text: str, path: Path | None, t: Catalogue) -> None:
    """Write `text` to the file the user named (checked by `output_target`), or to standard
    output."""
    if path is None:
        sys.stdout.write(text)
        return
    write_output(path, text, t)


def _due(args: argparse.Namespace, t: Catalogue, open_store: OpenStore) -> int:
    weeks = _weeks(args, t)
    store = open_store(create=False)
    today = store.today()
    items = planning.due(store, weeks=weeks, today=today)
    if args.json:
        data = [
            {
                "placement_id": item.placement_id,
                "student": item.student,
                "organisation": item.organisation,
                "team": item.team,
                "due": item.due.isoformat(),
                "overdue": item.overdue,
                "days": (item.due - today).days,
                "meeting_id": item.meeting_id,
                "status": item.status.value,
            }
            for item in items
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    if not items:
        print(t.n("due.none", weeks))
    width = max((len(w) for w in (t("due.overdue"), t("due.today"))), default=0)
    for item in items:
        marker = t("due.overdue") if item.overdue else t("due.today") if item.due == today else ""
        where = " · ".join(x for x in (item.organisation, item.team) if x.strip())
        line = f"{item.placement_id:>5}  {item.due.isoformat()}  {marker:<{width}}  "
        # Before its start date a placement says so (`schedule`): no surprise at the table.
        planned = f"  [{t.enum(item.status)}]" if item.status is PlacementStatus.PLANNED else ""
        print(clean_line(f"{line}{item.student}  ({where}){planned}"))
    return 0


def _calendar(args: argparse.Namespace, t: Catalogue, open_store: OpenStore) -> int:
    if not args.output:
        raise AdminError(t("error.calendar_needs_output"), 2)
    weeks = _weeks(args, t)
    store = open_store(create=False)
    path = output_target(args.output, store, t)
    items = planning.due(store, weeks=weeks)
    text = planning.to_ical(items, lang=t.lang, now=store.clock()).decode("utf-8")
    try:
        write_private(path, text)
    except Refused as e:
        raise AdminError(t(f"refused.{e.reason}", path=path)) from e
    except OSError as e:
        raise AdminError(t("error.write_output", path=path, reason=why(e, t))) from e
    # The file names students: who took it is the audit trail's business.
    with store.transaction():
        for item in items:
            store.record("export", "placements", item.placement_id, None)
    print(t.n("cli.calendar_written", len(items), path=path), file=sys.stderr)
    return 0


def _report(args: argparse.Namespace, t: Catalogue, open_store: OpenStore) -> int:
    # Imported here, not above: the other commands need none of it.
    from driehoek.report import workplace_report
    from driehoek.report_files import render_workplace_report_csv, render_workplace_report_json
    from driehoek.report_html import render_workplace_report_html
    from driehoek.report_markdown import render_workplace_report

    since = _since(args.since, t)
    store = open_store(create=False)
    path = output_target(args.output, store, t) if args.output else None
    report = workplace_report(store, since=since)
    if args.format == "html":
        text = render_workplace_report_html(report, t.lang)
    elif args.format == "csv":
        text = render_workplace_report_csv(report, t.lang)
    elif args.format == "json":
        text = render_workplace_report_json(report)
    else:
        text = render_workplace_report(report, t.lang)
    _emit(text, path, t)
    return 0
