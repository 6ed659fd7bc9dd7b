"""The command line's housekeeping: backup, check, and a student's rights (access, import,
erasure, retention). `cli` registers these commands and hands them an open store.

Erasing is the one thing here that cannot be undone, so it asks: the student's name typed
back (or `--yes` in a script). A command that does not run in a terminal never asks; it
refuses without `--yes`.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from driehoek import csv_cli
from driehoek.cli_numbers import MAX_YEARS, whole
from driehoek.database import DatabaseRefused, database_path, problem_of
from driehoek.database import Problem as FileProblem
from driehoek.files import Refused, check_target, write_private
from driehoek.i18n import Catalogue
from driehoek.os_words import why
from driehoek.paths import chosen_db_path
from driehoek.rows import Unreadable, shown
from driehoek.store import NotFound, Store
from driehoek.text import clean_line

if TYPE_CHECKING:
    from driehoek.dossier_check import BadDossier, Problem
    from driehoek.maintenance import Finding

OpenStore = Callable[..., Store]
"""Opens the database the command line names; `create=False` refuses a missing file."""

COMMANDS = ("backup", "check", "import", "erase", "purge", "retention")


class AdminError(Exception):
    """A refusal to report in one line, with its exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def add_commands(commands: Any, common: argparse.ArgumentParser, t: Catalogue) -> None:
    """Register the housekeeping commands on the command line's subparsers."""

    def command(name: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = commands.add_parser(
            name, parents=[common], help=t(f"cli.{name}"), description=t(f"cli.{name}")
        )
        return parser

    command("backup").add_argument("file", metavar="FILE", help=t("cli.backup_file"))
    command("check")
    importing = command("import")
    importing.add_argument("file", metavar="FILE", help=t("cli.import_file"))
    csv_cli.add_options(importing, t)
    erase = command("erase")
    erase.add_argument("--student", required=True, metavar="NAME_OR_ID", help=t("cli.student"))
    erase.add_argument("--yes", action="store_true", help=t("cli.yes"))
    purge = command("purge")
    purge.add_argument("--dry-run", action="store_true", help=t("cli.dry_run"))
    purge.add_argument("--years", type=whole(t, MAX_YEARS), metavar="N", help=t("cli.years"))
    purge.add_argument("--yes", action="store_true", help=t("cli.yes"))
    command("retention").add_argument(
        "years", type=whole(t, MAX_YEARS), nargs="?", metavar="YEARS", help=t("cli.retention_years")
    )


def output_target(value: str, store: Store, t: Catalogue) -> Path:
    """The file a command was asked to write (`-o FILE`, `backup FILE`): refused, before
    anything is written or recorded, if it is the open database or one of its companions
    (`-wal`, `-shm`, also under another name of the same file) or a symlink.

    Raises:
        AdminError: The refusal, in one line.
    """
    path = Path(value).expanduser()
    try:
        check_target(path, database_path(store.db))
    except Refused as e:
        raise AdminError(t(f"refused.{e.reason}", path=path)) from e
    return path


def write_output(path: Path, text: str, t: Catalogue) -> None:
    """Write a file `output_target` allowed (`write_file`), and say so on stderr."""
    write_file(path, text, t)
    print(t("cli.written", path=path), file=sys.stderr)


def write_file(path: Path, text: str, t: Catalogue) -> None:
    """Write a file `output_target` allowed (atomically, 0600 or 0660 in a group folder); a
    failure is one line in the user's language."""
    try:
        write_private(path, text)
    except Refused as e:  # a symlink put there since the check
        raise AdminError(t(f"refused.{e.reason}", path=path)) from e
    except OSError as e:
        raise AdminError(t("error.write_output", path=path, reason=why(e, t))) from e


def student_id(store: Store, name_or_id: str, t: Catalogue) -> int:
    """The student the user named, or a one-line refusal."""
    from driehoek import privacy  # here: the app's start needs none of it

    try:
        return privacy.find_student(store, name_or_id)
    except NotFound as e:
        raise AdminError(t("error.no_student", student=name_or_id)) from e
    except privacy.Ambiguous as e:
        ids = ", ".join(str(i) for i in e.ids)
        raise AdminError(t("error.ambiguous_student", student=e.name, ids=ids)) from e


def export_student(store: Store, name_or_id: str, output: str | None, t: Catalogue) -> int:
    """`driehoek export --student`: everything held on one student, as JSON."""
    from driehoek import privacy  # here: the app's start needs none of it

    path = output_target(output, store, t) if output else None
    sid = student_id(store, name_or_id, t)
    text = privacy.dossier_json(privacy.dossier(store, sid))
    store.record("export", "students", sid, None)
    if path is not None:
        write_output(path, text, t)
    else:
        sys.stdout.write(text)
    return 0


def _confirmed(args: argparse.Namespace, prompt: str, answer: str, t: Catalogue) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise AdminError(t("cli.needs_yes"))
    return input(prompt).strip().casefold() == answer.casefold()


def run(args: argparse.Namespace, t: Catalogue, open_store: OpenStore) -> int:
    """Run one housekeeping command; returns the exit code."""
    try:
        return _COMMANDS[args.command](args, t, open_store)
    except DatabaseRefused as e:
        raise AdminError(t(f"error.{e.problem.value}", path=e.path, detail=e.detail), 2) from e


def _backup(args: argparse.Namespace, t: Catalogue, open_store: OpenStore) -> int:
    from driehoek.maintenance import BackupExists, backup

    store = open_store(create=False)
    target = output_target(args.file, store, t)
    try:
        size = backup(store.db, target)
    except BackupExists as e:
        raise AdminError(t("error.backup_exists", path=target)) from e
    except (OSError, sqlite3.OperationalError) as e:
        if problem_of(e, target) is FileProblem.FULL:
            raise AdminError(t("error.full", path=target)) from e
        reason = e.strerror if isinstance(e, OSError) and e.strerror else e
        raise AdminError(t("error.write_output", path=target, reason=reason)) from e
    print(t("cli.backup_done", path=target, size=f"{size / 1024:.0f} KiB"))
    return 0


def _check(args: argparse.Namespace, t: Catalogue, open_store: OpenStore) -> int:
    from driehoek.maintenance import check, read_only

    try:
        findings = check(open_store(create=False).db)
    except DatabaseRefused as e:
        if e.problem is not FileProblem.DAMAGED:
            raise
        # Refused before a byte of it changed: look at it read-only, so that the user sees
        # what is damaged (and the file stays as it is, for a recovery tool).
        print(f"driehoek: {t('cli.check_read_only', path=e.path)}", file=sys.stderr)
        db = read_only(e.path)
        try:
            findings = check(db, read_only=True)
        finally:
            db.close()
    for finding in findings:
        mark = t("cli.check_ok") if finding.ok else t("cli.check_problem")
        detail = _detail(finding, t)
        said = f" ({detail})" if detail and (finding.shown or not finding.ok) else ""
        print(f"{mark:<8} {t(f'check.{finding.check}')}{said}")
        lines = [unreadable_line(row, t) for row in finding.rows]
        more = int(finding.detail) - len(lines) if lines and finding.detail.isdigit() else 0
        if more > 0:
            lines.append(t("check.unreadable_more", count=more))
        for line in lines:
            print(f"{'':<8}   {line}")
    return 0 if all(f.ok for f in findings) else 1


def unreadable_line(row: Unreadable, t: Catalogue) -> str:
    """`meetings 12, date: geen datum: "2026-13-45"`: where, then what is wrong."""
    value = shown(row.value)
    if row.expected == "missing" and row.put_aside is not None:
        what = t("check.expected.missing_put_aside", value=shown(row.put_aside))
    else:
        what = t(f"check.expected.{row.expected}", value=value)
    return t("check.unreadable_line", table=row.table, id=row.row, column=row.column, what=what)


def _detail(finding: Finding, t: Catalogue) -> str:
    if finding.key:
        return t(f"check_detail.{finding.key}", **finding.values)
    return finding.detail


def _reason(error: sqlite3.Error, path: Path | None, t: Catalogue) -> str:
    """Why a write failed, in a few words for the middle of a sentence."""
    problem = problem_of(error, path)
    known = problem in (FileProblem.FULL, FileProblem.BUSY, FileProblem.DAMAGED)
    return t(f"reason.{problem.value if known else 'other'}")


def _import(args: argparse.Namespace, t: Catalogue, open_store: OpenStore) -> int:
    # Here, not at the top: the checks' models take a quarter of a second to build, and no
    # other command (nor the app's start) needs them.
    from driehoek import brought_lines
    from driehoek.dossier_check import BadDossier
    from driehoek.importing import Brought, Imported, import_dossier, read_dossier

    path = Path(args.file).expanduser()
    try:
        csv_cli.check_regular(path, t)
        if csv_cli.is_list(path):  # a school's list (CSV), not a dossier
            return csv_cli.run(args, t, lambda create: open_store(create=create))
    except csv_cli.ListRefused as e:
        raise AdminError(str(e), e.code) from e
    if args.map:
        raise AdminError(t("csv.only_list", option="--map"), 2)
    try:
        # The whole file is checked before the database is opened: a bad dossier leaves an
        # existing database's bytes as they were, and creates no new one.
        dossier = read_dossier(path)
    except OSError as e:
        detail = why(e, t)
        raise AdminError(t("error.unreadable", path=clean_line(str(path)), detail=detail), 2) from e
    except BadDossier as e:
        raise AdminError(refusal(path, e, t), 2) from e
    new_file = not chosen_db_path(getattr(args, "db", None))[0].exists()
    try:
        if args.dry_run and new_file:  # every row would be new; a dry run makes no file
            held = sum(len(p.meetings) for p in dossier.placements)
            done: Imported | Brought = Imported(0, len(dossier.placements), held)
        else:
            store = open_store(create=not args.dry_run)
            done = import_dossier(store, dossier, dry_run=args.dry_run)
    except BadDossier as e:  # refused by the database after all: rolled back, one line
        raise AdminError(refusal(path, e, t), 2) from e
    if isinstance(done, Brought):
        print("\n".join(brought_lines.lines(done, t, dry_run=args.dry_run)))
        return 0
    placements = t.n("cli.imported_placements", done.placements)
    meetings = t.n("cli.imported_meetings", done.meetings)
    if args.dry_run:
        print(t("take.dry_new_student", placements=placements, meetings=meetings))
        return 0
    print(t("cli.imported", id=done.student_id, placements=placements, meetings=meetings))
    return 0


def refusal(path: Path, bad: BadDossier, t: Catalogue) -> str:
    """A refused dossier: one line when one thing is wrong, else a line that says so and then
    one line per problem (the first `MAX_PROBLEMS_SHOWN`, and how many more)."""
    from driehoek.dossier_check import MAX_PROBLEMS_SHOWN

    lines = [problem_line(p, t) for p in bad.problems[:MAX_PROBLEMS_SHOWN]]
    if len(lines) == 1:
        return t("error.bad_dossier", path=path, detail=lines[0])
    more = len(bad.problems) - len(lines)
    if more:
        lines.append(t("dossier.more", count=more))
    head = t("error.bad_dossier_many", path=path, count=len(bad.problems))
    return "\n".join([head, *(f"  {line}" for line in lines)])


def problem_line(problem: Problem, t: Catalogue) -> str:
    """`placements[0].meetings[2].date: geen datum: "2026-13-45"`: where, then what."""
    what = t(f"dossier.{problem.what}", **problem.params)
    return f"{problem.place}: {what}" if problem.place else what


def _erase(args: argparse.Namespace, t: Catalogue, open_store: OpenStore) -> int:
    from driehoek import privacy  # here: the app's start needs none of it

    store = open_store(create=False)
    sid = student_id(store, args.student, t)
    name = store.db.execute("SELECT name FROM students WHERE id = ?", [sid]).fetchone()[0]
    if not _confirmed(args, t("cli.confirm_erase", name=name), name, t):
        print(t("cli.not_erased"))
        return 1
    erased = privacy.erase_student(store, sid)
    if erased.unfinished is not None:
        # Her rows are gone (committed), but the file still has to be rewritten: say both.
        reason = _reason(erased.unfinished, database_path(store.db), t)
        message = t.n("cli.erased_not_rewritten", erased.meetings, id=sid, reason=reason)
        raise AdminError(message)
    print(t.n("cli.erased", erased.meetings, id=sid))
    if not erased.wal_cleared:
        print(t("cli.wal_busy"), file=sys.stderr)
    return 0


def _purge(args: argparse.Namespace, t: Catalogue, open_store: OpenStore) -> int:
    from driehoek import privacy  # here: the app's start needs none of it

    store = open_store(create=False)
    years = args.years if args.years is not None else privacy.retention_years(store)
    expired = privacy.expired(store, years)
    for e in expired:
        print(t("cli.expired", id=e.student_id, name=e.name, ended=e.ended, until=e.keep_until))
    if not expired:
        print(t.n("cli.nothing_expired", years))
        return 0
    if args.dry_run:
        print(t.n("cli.dry_run_done", len(expired)))
        return 0
    if not _confirmed(args, t.n("cli.confirm_purge", len(expired)), t("cli.yes_word"), t):
        print(t("cli.not_erased"))
        return 1
    path = database_path(store.db)
    try:
        gone = privacy.purge(store, years)
    except privacy.PurgeStopped as e:
        reason = _reason(e.error, path, t)
        raise AdminError(
            t.n("cli.purge_stopped", len(expired), done=len(e.done), reason=reason)
        ) from e
    print(t.n("cli.purged", len(gone)))
    unfinished = [erased.unfinished for erased in gone if erased.unfinished is not None]
    if unfinished:
        raise AdminError(t("cli.purge_not_rewritten", reason=_reason(unfinished[0], path, t)))
    if not all(erased.wal_cleared for erased in gone):
        print(t("cli.wal_busy"), file=sys.stderr)
    return 0


def _retention(args: argparse.Namespace, t: Catalogue, open_store: OpenStore) -> int:
    from driehoek import privacy  # here: the app's start needs none of it

    store = open_store(create=False)
    if args.years is not None:
        if args.years < 1:
            raise AdminError(t("error.retention_years"))
        privacy.set_retention_years(store, args.years)
    print(t.n("cli.retention_now", privacy.retention_years(store)))
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace, Catalogue, OpenStore], int]] = {
    "backup": _backup,
    "check": _check,
    "import": _import,
    "erase": _erase,
    "purge": _purge,
    "retention": _retention,
}
