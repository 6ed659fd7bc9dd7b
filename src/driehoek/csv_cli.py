"""`driehoek import LIST.csv`: a school's list of placements in, from the command line.

The file is read and every row checked before the database is opened: a file that cannot be
read at all is one line and exit code 2, the database untouched. Then the good rows go in, in
one transaction; each refused row is one line (`regel 17: ...`) and makes the exit code 1.
"""

from __future__ import annotations

import argparse
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from driehoek.i18n import Catalogue
from driehoek.os_words import why
from driehoek.paths import chosen_db_path
from driehoek.text import clean_line

if TYPE_CHECKING:
    from driehoek.csv_import import Outcome, Result
    from driehoek.csv_rows import Refusal
    from driehoek.store import Store

_DOSSIER_SUFFIXES = (".json",)
_LIST_SUFFIXES = (".csv", ".tsv", ".txt")


class ListRefused(Exception):
    """The list cannot be read: one line, and its exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def add_options(parser: argparse.ArgumentParser, t: Catalogue) -> None:
    """`--map` and `--dry-run` on `driehoek import`."""
    parser.add_argument("--map", metavar="FILE.toml", help=t("cli.import_map"))
    parser.add_argument("--dry-run", action="store_true", help=t("cli.import_dry_run"))


def check_regular(path: Path, t: Catalogue) -> None:
    """Refuse a folder, a pipe or a device before anything reads it: a pipe would hang (or
    lose its first bytes to telling a list from a dossier), and a folder is no file. A path
    that is not there is left to the reading, which says so.

    Raises:
        ListRefused: Not a regular file (exit code 2).
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode):
        raise ListRefused(t("import.not_a_file", path=_shown(path)))


def is_list(path: Path) -> bool:
    """Whether `path` is a list (CSV) rather than a dossier (JSON): by its extension, else by
    its first character (a dossier is a JSON object and starts with `{`)."""
    suffix = path.suffix.casefold()
    if suffix in _DOSSIER_SUFFIXES:
        return False
    if suffix in _LIST_SUFFIXES:
        return True
    try:
        with path.open("rb") as f:
            start = f.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return False  # the dossier import says why it cannot be read
    return not start.startswith(b"{")


def _shown(path: Path) -> str:
    return clean_line(str(path))


def refusal_line(r: Refusal, t: Catalogue) -> str:
    """`regel 17: einddatum 1-1-2027 ligt voor begindatum 1-2-2027`."""
    values = dict(r.values)
    if "column" in values:
        values["column"] = t(f"csv.field.{values['column']}")
    return t("csv.line", line=r.line, problem=t(f"csv.row.{r.what}", **values))


def _outcome_line(o: Outcome, t: Catalogue) -> str:
    from driehoek.csv_import import Action

    row = o.row
    what = t("csv.placement", name=row.name, number=row.student_number, where=row.organisation)
    if row.start:
        day = f"{row.start.day}-{row.start.month}-{row.start.year}"  # as schools write it
        what = t("csv.placement_from", placement=what, start=day)
    if o.action is Action.ADDED:
        return t("csv.line", line=row.line, problem=t("csv.would_add", placement=what))
    fields = ", ".join(t(f"csv.field.{name}") for name in o.changed)
    problem = t("csv.would_change", placement=what, fields=fields)
    return t("csv.line", line=row.line, problem=problem)


def _summary(result: Result, t: Catalogue, *, dry_run: bool) -> str:
    from driehoek.csv_import import Action

    parts = {
        "added": t.n("csv.n_added", result.count(Action.ADDED)),
        "changed": t.n("csv.n_changed", result.count(Action.CHANGED)),
        "unchanged": t.n("csv.n_unchanged", result.count(Action.UNCHANGED)),
        "refused": t.n("csv.n_refused", len(result.refusals)),
    }
    return t("csv.dry_summary" if dry_run else "csv.summary", **parts)


def run(args: argparse.Namespace, t: Catalogue, open_store: Callable[[bool], Store]) -> int:
    """Read the list, check it, and (unless `--dry-run`) write its good rows; the exit code."""
    # Here, not above: the command line builds its parser (and the app starts) without them.
    from driehoek.csv_columns import FIELDS, BadMap, find_columns, read_map
    from driehoek.csv_import import Action, Outcome, Result, check_rows, import_rows
    from driehoek.csv_read import Unreadable, read_table

    path = Path(args.file).expanduser()
    try:
        mapping = read_map(Path(args.map).expanduser()) if args.map else None
    except OSError as e:
        detail = why(e, t)
        raise ListRefused(t("error.unreadable", path=_shown(Path(args.map)), detail=detail)) from e
    except BadMap as e:
        said = e.toml.said(t) if e.toml is not None else clean_line(e.detail)
        detail = t(f"csv.{e.what}", detail=said, fields=", ".join(FIELDS))
        raise ListRefused(t("csv.bad_map", path=_shown(Path(args.map)), detail=detail)) from e
    try:
        table = read_table(path)
    except OSError as e:
        detail = why(e, t)
        raise ListRefused(t("error.unreadable", path=_shown(path), detail=detail)) from e
    except Unreadable as e:
        reason = t(f"csv.unreadable.{e.what}", line=e.line)
        raise ListRefused(t("csv.unreadable", path=_shown(path), reason=reason)) from e
    columns = find_columns(table.header, mapping)
    if columns.missing:
        names = ", ".join(t(f"csv.field.{name}") for name in columns.missing)
        raise ListRefused(t("csv.missing_columns", path=_shown(path), columns=names))
    rows, refused = check_rows(table, columns)
    if args.dry_run and not chosen_db_path(getattr(args, "db", None))[0].exists():
        # No database yet: every row would be new, and a dry run creates no file.
        result = Result([Outcome(row, Action.ADDED) for row in rows])
    else:
        result = import_rows(open_store(not args.dry_run), rows, dry_run=args.dry_run)
    # Refused by the file itself, or by what the database holds (a number that is another
    # student's): each one line, in the file's order.
    result.refusals = sorted([*refused, *result.refusals], key=lambda r: r.line)
    if args.dry_run:
        for o in result.outcomes:
            if o.action is not Action.UNCHANGED:
                print(_outcome_line(o, t))
    for r in result.refusals:
        print(refusal_line(r, t), file=sys.stderr)
    print(_summary(result, t, dry_run=args.dry_run))
    return 1 if result.refusals else 0
