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

from driehoek import __version__, admin, follow_cli, interactive, outputs, serve, settings
from driehoek.argparse_words import speaking
from driehoek.cli_numbers import row_id
from driehoek.crashlog import CRASH_EXIT, log_crash
from driehoek.database import (
    DatabaseRefused,
    Problem,
    damaged,
    open_connection,
    problem_of,
    session_client,
    session_user,
    shared_folder,
)
from driehoek.erasure import finish_erasure
from driehoek.i18n import DEFAULT_LANG, LANGUAGES, Catalogue, Lang, parse_lang
from driehoek.paths import chosen_db_path, default_db_path
from driehoek.settings import Settings
from driehoek.store import NotFound, Store
from driehoek.text import clean_line


class UserError(Exception):
    """A problem to tell the user in one line; the exit code goes with it."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _now() -> datetime:
    return datetime.now(UTC)


def _argv_lang(argv: Sequence[str]) -> Lang | None:
    """The `--lang` on the command line, read before parsing so that --help is translated."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return parse_lang(argv[i + 1]) or DEFAULT_LANG
        if arg.startswith("--lang="):
            return parse_lang(arg.split("=", 1)[1]) or DEFAULT_LANG
    return None


def _early_lang(argv: Sequence[str], chosen: Settings | None = None) -> Lang:
    """The language, known before parsing: `--lang`, DRIEHOEK_LANG, the settings file, the
    session's locale, Dutch (`settings.language`)."""
    return settings.language(_argv_lang(argv), os.environ, chosen or Settings())[0]


def _parser(t: Catalogue) -> argparse.ArgumentParser:
    # SUPPRESS: the options may come before or after the command; a subcommand's default
    # must not overwrite a value given before it.
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--db", metavar="PATH", help=t("cli.db", default=default_db_path()))
    common.add_argument("--lang", choices=LANGUAGES, help=t("cli.lang"))

    parser = argparse.ArgumentParser(
        prog="driehoek", description=t("cli.description"), parents=[common]
    )
    parser.add_argument(
        "--version", action="version", version=f"driehoek {__version__}", help=t("cli.version")
    )
    commands = parser.add_subparsers(
        dest="command",
        metavar="{demo,list,export,"
        + ",".join((*admin.COMMANDS, *outputs.COMMANDS))
        + ",serve,follow,share,slip,template,prepare,settings}",
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
        "meeting_id", type=row_id(t), nargs="?", metavar="MEETING_ID", help=t("cli.meeting_id")
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
    follow_cli.add_parsers(commands, common, t)
    from driehoek import template_cli  # its own module (issue 13.4), kept out of this one

    template_cli.add_parsers(commands, common, t)
    slip = commands.add_parser(
        "slip", parents=[common], help=t("cli.slip"), description=t("cli.slip")
    )
    slip.add_argument("--date", metavar="DATE", help=t("cli.slip_date"))
    slip.add_argument("--programme", metavar="P", help=t("cli.slip_programme"))
    slip.add_argument("--cohort", metavar="C", help=t("cli.slip_cohort"))
    slip.add_argument("-o", "--output", metavar="FILE", help=t("cli.output"))
    slip.add_argument("--format", choices=("md", "html"), default="md", help=t("cli.slip_format"))
    from driehoek import prepare_cli  # its own module: issue 12.2

    prepare_cli.add_parser(commands, common, t)
    commands.add_parser(
        "settings", parents=[common], help=t("cli.settings"), description=t("cli.settings")
    )
    return parser


_OPENED: list[Store] = []
"""The stores this command opened; `main` closes them whatever happens (`_close_stores`)."""
_CHOSEN: list[Settings] = []
"""The settings this command runs with (`_main` puts them here), for each store it opens."""


def _store(path: Path, *, create: bool, t: Catalogue) -> Store:
    """Open the database; a refusal (DatabaseRefused) is one line from `main`."""
    # A plain connection: sqlite-utils comes in when the store first writes (`Lists.db`).
    store = Store(
        open_connection(path, create=create),
        clock=_now,
        user=session_user(),
        client=session_client(),
    )
    if _CHOSEN:  # the user's threshold for supervision time (a signed meeting keeps its own)
        store.supervision_threshold = _CHOSEN[-1].supervision_threshold
    _OPENED.append(store)
    try:
        finish_erasure(store)  # an erasure that another session's read held up
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


def _run_app(store: Store, lang: Lang, chosen: Settings) -> int:
    from driehoek.app import make_app  # Textual only where a screen is needed

    app = make_app(store, lang=lang, settings=chosen)
    app.run()
    return app.return_code or 0


def _demo(args: argparse.Namespace, t: Catalogue, chosen: Settings) -> int:
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
    return _run_app(store, t.lang, chosen)


def _list(args: argparse.Namespace, t: Catalogue) -> int:
    from driehoek.dates import format_date
    from driehoek.domain import MeetingKind
    from driehoek.domain_log import MeetingState
    from driehoek.serialize import summary_data

    store = _database(args, t, create=False)
    meetings = store.meetings(counted=True)  # not an evaluation nobody wrote in (`schedule`)
    if args.json:
        print(json.dumps([summary_data(m) for m in meetings], ensure_ascii=False, indent=2))
        return 0
    if not meetings:
        print(t("cli.no_meetings"))
    # Each meeting's state (concept, ondertekend, heropend) in a column of its own width.
    state_width = max(len(t(f"meeting_state.{s.value}")) for s in MeetingState)
    kind_width = max(len(t.enum(k)) for k in MeetingKind)
    for m in meetings:
        where = " · ".join(x for x in (m.organisation, m.team) if x)
        decision = t.enum(m.outcome) if m.outcome else "–"
        # A date the file holds but driehoek cannot read is said so, on its own line.
        iso, medium = (
            (m.day.isoformat(), format_date(m.day, t.lang, "medium"))
            if m.day
            else (t("value.invalid_date"), t("value.invalid_date"))
        )
        state = t(f"meeting_state.{m.state.value}").ljust(state_width)
        line = (
            f"{m.id:>5}  {iso}  {t.enum(m.kind):<{kind_width}}  {state}  {m.student}  ({where})  "
            f"{decision}  [{medium}]"
        )
        print(clean_line(line))
    return 0


def _export(args: argparse.Namespace, t: Catalogue) -> int:
    from driehoek.dossier import export_text

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
    path = admin.output_target(args.output, store, t) if args.output else None
    try:
        meeting = store.meeting(args.meeting_id)
    except NotFound as e:
        raise UserError(t("error.no_meeting", id=args.meeting_id)) from e
    text = export_text(meeting, t.lang, args.format)
    store.record("export", "meetings", meeting.id, meeting.id)
    if path is not None:
        admin.write_output(path, text, t)
    else:
        sys.stdout.write(text)
    return 0


def _serve(args: argparse.Namespace, t: Catalogue) -> int:
    try:
        # The options and the token file first: a refusal leaves the database untouched.
        plan = serve.plan(
            host=args.host,
            port=args.port,
            public_url=args.public_url,
            token_file=args.token_file,
            max_sessions=args.max_sessions,
            t=t,
        )
        # The database is checked here, once, rather than in every browser tab's own process.
        _database(args, t, create=True).close()
        path = chosen_db_path(getattr(args, "db", None))[0]
        return serve.serve(plan, db_path=path, lang=t.lang, t=t)
    except serve.ServeError as e:
        raise UserError(str(e)) from e


INTERACTIVE = (None, "demo")
"""The commands that open the app's screen: without a terminal they are refused."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run driehoek as the command line asks; returns the exit code.

    An unexpected error anywhere (a bug) is one sentence naming the private crash log, never a
    traceback, and exit code 70; the app's own screen does the same for errors while it runs.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(argv)
    except Exception as error:
        log = log_crash(error)
        t = Catalogue(_early_lang(argv))
        print(f"driehoek: {t('error.crash_command', log=log or '-')}", file=sys.stderr)
        return CRASH_EXIT


def _main(argv: list[str]) -> int:
    chosen = settings.load()  # the language may come from it, so before --help
    _CHOSEN[:] = [chosen]
    t = Catalogue(_early_lang(argv, chosen))
    with speaking(t.lang):  # "usage:", "options" and its errors in t.lang
        args = _parser(t).parse_args(argv)
    lang: Lang = getattr(args, "lang", None) or t.lang
    t = Catalogue(lang)
    if args.command == "settings":
        from driehoek import settings_cli

        return settings_cli.show(t, _argv_lang(argv))
    if args.command in INTERACTIVE or args.command == "follow":
        # Before anything is opened or created: see interactive.py.
        follows = args.command == "follow"
        refused = follow_cli.refusal(args) if follows else interactive.refusal()
        if refused is not None:
            print(f"driehoek: {t(refused)}", file=sys.stderr)
            return 2
    else:
        # The app tells them in a notification; a command can only say them here.
        for trouble in chosen.problems:
            print(f"driehoek: {settings.describe(trouble, t)}", file=sys.stderr)
    # Minutes and exports hold personal data: whatever we create is the owner's alone, or, when
    # the database lives in a shared group folder (chmod 2770), the group's too.
    os.umask(0o007 if shared_folder(chosen_db_path(getattr(args, "db", None))[0].parent) else 0o077)
    try:
        if args.command == "demo":
            return _demo(args, t, chosen)
        if args.command == "list":
            return _list(args, t)
        if args.command == "export":
            return _export(args, t)
        if args.command == "serve":
            return _serve(args, t)
        if args.command == "follow":
            return follow_cli.follow(args, t)
        if args.command == "slip":
            from driehoek import slip_cli

            return slip_cli.run(args, t, lambda create: _database(args, t, create=create))
        if args.command == "share":
            return follow_cli.share(args, t, lambda create: _database(args, t, create=create))
        if args.command == "template":
            from driehoek import template_cli

            return template_cli.run(args, t, lambda create: _database(args, t, create=create))
        if args.command == "prepare":
            from driehoek import prepare_cli

            return prepare_cli.run(args, t, lambda create: _database(args, t, create=create))
        if args.command in admin.COMMANDS:
            return admin.run(args, t, lambda create: _database(args, t, create=create))
        if args.command in outputs.COMMANDS:
            return outputs.run(args, t, lambda create: _database(args, t, create=create))
        return _run_app(_database(args, t, create=True), lang, chosen)
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
