"""The command line: the app, the demo, and the entry points that need no screen.

Every failure a user can cause (a wrong path, a file that is not ours, an unknown meeting)
prints one line in the user's language and exits non-zero; none prints a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from driehoek import __version__, admin, outputs, privacy, serve
from driehoek.database import (
    DatabaseRefused,
    Problem,
    damaged,
    open_database,
    problem_of,
    session_client,
    session_user,
    shared_folder,
)
from driehoek.i18n import DEFAULT_LANG, LANGUAGES, Catalogue, Lang, parse_lang
from driehoek.paths import chosen_db_path, default_db_path
from driehoek.store import NotFound, Store
from driehoek.text import clean_line

LANG_ENV = "DRIEHOEK_LANG"


class UserError(Exception):
    """A problem to tell the user in one line; the exit code goes with it."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _now() -> datetime:
    return datetime.now(UTC)


def _early_lang(argv: Sequence[str]) -> Lang:
    """The language, known before parsing, so that --help is translated too."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return parse_lang(argv[i + 1]) or DEFAULT_LANG
        if arg.startswith("--lang="):
            return parse_lang(arg.split("=", 1)[1]) or DEFAULT_LANG
    # Then the setting (DRIEHOEK_LANG), then the session's locale (an SSH client sends its
    # LANG), then Dutch. A locale of a language we do not speak ("C", "de_DE") means Dutch.
    for name in (LANG_ENV, "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return parse_lang(value) or DEFAULT_LANG
    return DEFAULT_LANG


def _parser(t: Catalogue) -> argparse.ArgumentParser:
    # SUPPRESS: the options may come before or after the command; a subcommand's default
    # must not overwrite a value given before it.
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--db", metavar="PATH", help=t("cli.db", default=default_db_path()))
    common.add_argument("--lang", choices=LANGUAGES, help=t("cli.lang"))

    parser = argparse.ArgumentParser(
        prog="driehoek", description=t("cli.description"), parents=[common]
    )
    parser.add_argument("--version", action="version", version=f"driehoek {__version__}")
    commands = parser.add_subparsers(
        dest="command",
        metavar="{demo,list,export," + ",".join((*admin.COMMANDS, *outputs.COMMANDS)) + ",serve}",
    )
    commands.add_parser("demo", parents=[common], help=t("cli.demo"), description=t("cli.demo"))
    listing = commands.add_parser(
        "list", parents=[common], help=t("cli.list"), description=t("cli.list")
    )
    listing.add_argument("--json", action="store_true", help=t("cli.json"))
    export = commands.add_parser(
        "export", parents=[common], help=t("cli.export"), description=t("cli.export")
    )
    export.add_argument(
        "meeting_id", type=int, nargs="?", metavar="MEETING_ID", help=t("cli.meeting_id")
    )
    export.add_argument("--student", metavar="NAME_OR_ID", help=t("cli.export_student"))
    export.add_argument(
        "--format", choices=("md", "html", "json"), default="md", help=t("cli.format")
    )
    export.add_argument("-o", "--output", metavar="FILE", help=t("cli.output"))
    outputs.add_export_options(export, t)
    admin.add_commands(commands, common, t)
    outputs.add_commands(commands, common, t)
    serve.add_parser(commands, common, t)
    return parser


_OPENED: list[Store] = []
"""The stores this command opened; `main` closes them whatever happens (`_close_stores`)."""


def _store(path: Path, *, create: bool, t: Catalogue) -> Store:
    """Open the database; a refusal (DatabaseRefused) is one line from `main`."""
    db = open_database(path, create=create)
    store = Store(db, clock=_now, user=session_user(), client=session_client())
    _OPENED.append(store)
    try:
        privacy.finish_erasure(store)  # an erasure that another session's read held up
    except sqlite3.DatabaseError as e:
        if not damaged(e):
            raise
        raise DatabaseRefused(Problem.DAMAGED, path, str(e)) from e
    return store


def _close_stores() -> None:
    """Close what this command opened, so the database file alone holds what it wrote."""
    while _OPENED:
        _OPENED.pop().close()


def _database(args: argparse.Namespace, t: Catalogue, *, create: bool) -> Store:
    path, is_default = chosen_db_path(getattr(args, "db", None))
    if is_default:
        # The default database is ours to make; a path the user typed may be a typo.
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        create = True
    return _store(path, create=create, t=t)


def _run_app(store: Store, lang: Lang) -> int:
    from driehoek.app import make_app  # Textual only where a screen is needed

    app = make_app(store, lang=lang)
    app.run()
    return app.return_code or 0


def _demo(args: argparse.Namespace, t: Catalogue) -> int:
    from driehoek.demo import seed_demo

    # Only a database named on this command line gets the invented students; DRIEHOEK_DB
    # may well be the real shared file, so the demo never writes into it.
    if getattr(args, "db", None):
        path = Path(args.db).expanduser()
    else:
        path = default_db_path().with_name("demo.db")
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    store = _store(path, create=True, t=t)
    if not store.meetings():
        seed_demo(store)
    return _run_app(store, t.lang)


def _list(args: argparse.Namespace, t: Catalogue) -> int:
    from driehoek.dates import format_date
    from driehoek.serialize import summary_data

    store = _database(args, t, create=False)
    meetings = store.meetings()
    if args.json:
        print(json.dumps([summary_data(m) for m in meetings], ensure_ascii=False, indent=2))
        return 0
    if not meetings:
        print(t("cli.no_meetings"))
    for m in meetings:
        where = " · ".join(x for x in (m.organisation, m.team) if x)
        decision = t.enum(m.outcome) if m.outcome else "–"
        line = (
            f"{m.id:>5}  {m.date.isoformat()}  {t.enum(m.kind):<17}  {m.student}  ({where})  "
            f"{decision}  [{format_date(m.date, t.lang, 'medium')}]"
        )
        print(clean_line(line))
    return 0


def _export(args: argparse.Namespace, t: Catalogue) -> int:
    from driehoek.dossier import meeting_document
    from driehoek.files import write_private
    from driehoek.minutes import render_minutes
    from driehoek.serialize import meeting_data

    if outputs.export_targets(args) != 1:
        raise UserError(t("error.export_what"), 2)
    outputs.check_export_options(args, t)
    store = _database(args, t, create=False)
    if args.placement is not None or args.all:
        return outputs.export(args, t, store)
    if args.student is not None:
        if args.format != "json":
            raise UserError(t("error.student_json"), 2)
        try:
            return admin.export_student(store, args.student, args.output, t)
        except admin.AdminError as e:
            raise UserError(str(e), e.code) from e
    try:
        meeting = store.meeting(args.meeting_id)
    except NotFound as e:
        raise UserError(t("error.no_meeting", id=args.meeting_id)) from e
    if args.format == "json":
        text = json.dumps(meeting_data(meeting), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "html":
        text = meeting_document(meeting, t.lang, "html")
    else:
        text = render_minutes(meeting, t.lang)
    store.record("export", "meetings", meeting.id, meeting.id)
    if args.output:
        path = Path(args.output).expanduser()
        try:
            write_private(path, text)
        except OSError as e:
            raise UserError(t("error.write_output", path=path, reason=e.strerror or e)) from e
        print(t("cli.written", path=path), file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _serve(args: argparse.Namespace, t: Catalogue) -> int:
    # The database is checked here, once, rather than in every browser tab's own process.
    _database(args, t, create=True).close()
    path = chosen_db_path(getattr(args, "db", None))[0]
    try:
        return serve.serve(
            db_path=path,
            lang=t.lang,
            host=args.host,
            port=args.port,
            public_url=args.public_url,
            t=t,
        )
    except serve.ServeError as e:
        raise UserError(str(e)) from e


def main(argv: Sequence[str] | None = None) -> int:
    """Run driehoek as the command line asks; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    t = Catalogue(_early_lang(argv))
    args = _parser(t).parse_args(argv)
    lang: Lang = getattr(args, "lang", None) or t.lang
    t = Catalogue(lang)
    # Minutes and exports hold personal data: whatever we create is the owner's alone, or, when
    # the database lives in a shared group folder (chmod 2770), the group's too.
    os.umask(0o007 if shared_folder(chosen_db_path(getattr(args, "db", None))[0].parent) else 0o077)
    try:
        if args.command == "demo":
            return _demo(args, t)
        if args.command == "list":
            return _list(args, t)
        if args.command == "export":
            return _export(args, t)
        if args.command == "serve":
            return _serve(args, t)
        if args.command in admin.COMMANDS:
            return admin.run(args, t, lambda create: _database(args, t, create=create))
        if args.command in outputs.COMMANDS:
            return outputs.run(args, t, lambda create: _database(args, t, create=create))
        return _run_app(_database(args, t, create=True), lang)
    except (UserError, admin.AdminError) as e:
        print(f"driehoek: {e}", file=sys.stderr)
        return e.code
    except DatabaseRefused as e:
        print(
            f"driehoek: {t(f'error.{e.problem.value}', path=e.path, detail=e.detail)}",
            file=sys.stderr,
        )
        return 2
    except sqlite3.DatabaseError as e:
        # A write that failed after the file was opened: SQLite rolled it back, so the file
        # is as it was. A full disk, a lock held too long or a damaged page is the place,
        # not a bug: one line.
        path = chosen_db_path(getattr(args, "db", None))[0]
        problem = problem_of(e, path)
        if problem not in (Problem.FULL, Problem.BUSY, Problem.DAMAGED):
            raise
        print(f"driehoek: {t(f'error.{problem.value}', path=path)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # `driehoek list | head`: the reader left; that is not an error.
        sys.stderr.close()
        return 0
    finally:
        _close_stores()
