"""`driehoek follow` and `driehoek share`: following a meeting read-only, and who may.

`follow MEETING` shows one meeting's minutes as they are written, on a database opened so that
nothing can change it (`readonly`). `follow --shared` is what a follow-only SSH login runs
(docs/ssh.md): it shows only meetings shared with this OS account (`share MEETING --account
NAME`), the one asked for with `ssh -t host 12`, else the only one, else one chosen from a list.
`share MEETING` makes a link for `driehoek serve` instead; `--stop` ends a meeting's shares,
`--list` shows those that hold.

Every refusal is one line and exit code 2, as elsewhere; nothing here imports Textual until a
screen is shown.
"""

from __future__ import annotations

import argparse
import os
import pwd
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from driehoek import interactive
from driehoek.admin import AdminError
from driehoek.cli_numbers import row_id
from driehoek.dates import MEETING_TZ, format_date
from driehoek.i18n import Catalogue
from driehoek.paths import chosen_db_path
from driehoek.store import NotFound, Store
from driehoek.stored import parse_moment
from driehoek.text import clean_line

if TYPE_CHECKING:
    from driehoek.following import Target
    from driehoek.readonly import ReadOnlyDatabase, ReadOnlyReading

COMMANDS = ("follow", "share")

OpenStore = Callable[..., Store]


def add_parsers(commands: Any, common: argparse.ArgumentParser, t: Catalogue) -> None:
    """Register `follow` and `share` on the command line's subparsers."""
    from driehoek.serve import DEFAULT_HOST, DEFAULT_PORT, default_public_url

    follow = commands.add_parser(
        "follow", parents=[common], help=t("cli.follow"), description=t("cli.follow")
    )
    follow.add_argument(
        "meeting", type=row_id(t), nargs="?", metavar="MEETING_ID", help=t("cli.meeting_id")
    )
    follow.add_argument("--shared", action="store_true", help=t("cli.follow_shared"))
    # For `driehoek serve` only: the share behind a link, which the server has checked.
    follow.add_argument("--share", type=row_id(t), metavar="SHARE", help=argparse.SUPPRESS)

    share = commands.add_parser(
        "share", parents=[common], help=t("cli.share"), description=t("cli.share")
    )
    share.add_argument(
        "meeting", type=row_id(t), nargs="?", metavar="MEETING_ID", help=t("cli.meeting_id")
    )
    share.add_argument("--account", metavar="NAME", help=t("cli.share_account"))
    share.add_argument(
        "--public-url",
        metavar="URL",
        default=default_public_url(DEFAULT_HOST, DEFAULT_PORT),
        help=t("cli.share_public_url", default=default_public_url(DEFAULT_HOST, DEFAULT_PORT)),
    )
    share.add_argument("--stop", action="store_true", help=t("cli.share_stop"))
    share.add_argument("--list", action="store_true", help=t("cli.share_list"))


def refusal(args: argparse.Namespace) -> str | None:
    """Why `follow` may not start here (see `interactive.refusal`), as a catalogue key."""
    return interactive.refusal(follow_only=args.shared)


def this_account() -> str:
    """The OS account this process runs as: the kernel's word, not the environment's."""
    return pwd.getpwuid(os.getuid()).pw_name


# -- follow ------------------------------------------------------------------------------------


def follow(args: argparse.Namespace, t: Catalogue) -> int:
    """Run `driehoek follow`; returns the exit code.

    Raises:
        AdminError: A refusal in one line (exit code 2).
        DatabaseRefused: The file cannot be followed (the command line says why).
    """
    from driehoek.readonly import open_read_only  # here: the app's start needs none

    path: Path = chosen_db_path(getattr(args, "db", None))[0]
    if args.share is None and not args.shared and args.meeting is None:
        raise AdminError(t("follow.meeting_needed"), 2)
    database = open_read_only(path)
    try:
        targets = _targets(args, database, t)
        from driehoek.follow_app import make_follow_app  # Textual only for the screen

        app = make_follow_app(database, t.lang, targets, clock=lambda: datetime.now(MEETING_TZ))
        app.run()
        return app.return_code or 0
    finally:
        database.close()


def _targets(args: argparse.Namespace, database: ReadOnlyDatabase, t: Catalogue) -> list[Target]:
    """The meetings this follower may choose from (one: it is shown at once)."""
    from driehoek.following import Target, meeting_title

    if args.share is not None:
        target = database.read(lambda r: _share_target(r, args.share, t))
        if target is None:
            raise AdminError(t("follow.share_ended"), 2)
        return [target]
    if args.shared:
        return _account_targets(args, database, t)
    try:
        title = database.read(lambda r: meeting_title(r.meeting(args.meeting), t))
    except NotFound as e:
        raise AdminError(t("error.no_meeting", id=args.meeting), 2) from e
    return [Target(args.meeting, None, title)]


def _share_target(reading: ReadOnlyReading, share_id: int, t: Catalogue) -> Target | None:
    from driehoek import shares  # here: not needed at start
    from driehoek.following import Target, meeting_title

    found = shares.live_share(reading.db, share_id)
    if found is None:
        return None
    return Target(found.meeting_id, found.id, meeting_title(reading.meeting(found.meeting_id), t))


def _account_targets(
    args: argparse.Namespace, database: ReadOnlyDatabase, t: Catalogue
) -> list[Target]:
    from driehoek.following import Target, meeting_title

    account = this_account()
    asked = args.meeting if args.meeting is not None else interactive.requested_meeting()

    def look(reading: ReadOnlyReading) -> list[Target]:
        from driehoek import shares  # here: not needed at start

        return [
            Target(s.meeting_id, s.id, meeting_title(reading.meeting(s.meeting_id), t))
            for s in shares.live_for_account(reading.db, account)
        ]

    targets = database.read(look)
    if asked is not None:
        # The same line whether the meeting exists or not: a follower learns nothing of
        # meetings that are not shared with her.
        targets = [target for target in targets if target.meeting_id == asked]
        if not targets:
            raise AdminError(t("follow.not_shared", id=asked), 2)
    if not targets:
        raise AdminError(t("follow.nothing_shared"), 2)
    return targets


# -- share -------------------------------------------------------------------------------------


def share(args: argparse.Namespace, t: Catalogue, open_store: OpenStore) -> int:
    """Run `driehoek share`; returns the exit code.

    Raises:
        AdminError: A refusal in one line.
    """
    from driehoek import shares  # here: not needed at start
    from driehoek.following import meeting_title

    if args.list:
        return _list(open_store(create=False), t)
    if args.meeting is None:
        raise AdminError(t("share.meeting_needed"), 2)
    if args.account is not None and not _is_account(args.account):
        raise AdminError(t("share.bad_account", account=clean_line(args.account)), 2)
    link_base = None if args.stop or args.account else _link_base(args.public_url, t)
    store = open_store(create=False)
    meeting_id = args.meeting
    try:
        title = clean_line(meeting_title(store.meeting(meeting_id), t))
        if args.stop:
            count = shares.stop(store, meeting_id)
            print(t("share.stopped", id=meeting_id, count=count))
        elif args.account is not None:
            shares.share_with_account(store, meeting_id, args.account)
            print(t("share.account", id=meeting_id, meeting=title, account=args.account))
        else:
            made, token = shares.share_link(store, meeting_id)
            print(t("share.link", id=meeting_id, meeting=title))
            print(f"{link_base}{shares.follow_path(made.id)}?token={token}")
    except NotFound as e:
        raise AdminError(t("error.no_meeting", id=meeting_id), 2) from e
    except shares.AlreadySigned as e:
        raise AdminError(t("share.signed", id=meeting_id), 2) from e
    return 0


def _is_account(name: str) -> bool:
    from driehoek import shares  # here: not needed at start

    if not shares.ACCOUNT.fullmatch(name):
        return False
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _link_base(public_url: str, t: Catalogue) -> str:
    """The public URL the link starts with (as `serve --public-url` takes it), checked."""
    from driehoek.serve_url import PublicUrl

    url = public_url.rstrip("/")
    public = PublicUrl.parse(url)
    if public is None:
        raise AdminError(t("serve.bad_public_url", url=clean_line(url)), 2)
    return public.origin + public.path


def _moment(stored: str, t: Catalogue) -> str:
    """`7 december 2026 14:30`, on the meeting's clock, as the rest of driehoek shows it (the
    stored moment as it is if it cannot be read)."""
    moment = parse_moment(stored)
    if moment is None:
        return stored
    local = moment.astimezone(MEETING_TZ)
    return f"{format_date(local.date(), t.lang)} {local:%H:%M}"


def _list(store: Store, t: Catalogue) -> int:
    from driehoek import shares  # here: not needed at start
    from driehoek.following import meeting_title

    holding = shares.live(store.db)
    if not holding:
        print(t("share.none"))
    for found in holding:
        who = (
            t("share.who_account", account=found.account)
            if found.account is not None
            else t("share.who_link")
        )
        title = meeting_title(store.meeting(found.meeting_id), t)
        line = t(
            "share.line",
            id=found.meeting_id,
            meeting=title,
            who=who,
            since=_moment(found.created_at, t),
            by=found.created_by or "-",
        )
        print(clean_line(line))
    return 0
