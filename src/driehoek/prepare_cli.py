"""`driehoek prepare MEETING`: a party's fill-in form out (`--party P -o FORM.md`), and back in
(`--read FORM.md`).

Reading checks the whole form before anything is written: a file that is no readable form is
one line and exit code 2; a form with problems is one line per problem (`regel 17: ...`), a
summary, exit code 1, and nothing stored; a good one replaces the party's earlier preparation.
A meeting all three signed takes no preparation, and hands out no form for one.

`--placement ID` instead of MEETING asks for the form by placement, before it has a meeting
(one a school's list brought in): its intake is started for it (`prepare_placement`), in the
same transaction as the form is written, so a form that cannot be written leaves no intake.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from driehoek import admin
from driehoek.cli_numbers import row_id
from driehoek.domain import Meeting, Party
from driehoek.i18n import Catalogue
from driehoek.os_words import why
from driehoek.store import NotFound, Signed, Store
from driehoek.text import clean_line

if TYPE_CHECKING:
    from driehoek.prepare_form import Problem

MAX_PROBLEMS_SHOWN = 50
"""A form is mended from the top: beyond this many problems, a count (a file of junk would
otherwise fill the terminal with thousands of lines)."""


class FormRefused(admin.AdminError):
    """A refusal in one line, with its exit code (1: refused, 2: unreadable); the command
    line reports it as it reports the housekeeping commands' refusals."""


def add_parser(commands: Any, common: argparse.ArgumentParser, t: Catalogue) -> None:
    """Register `driehoek prepare` on the command line's subparsers."""
    prepare: argparse.ArgumentParser = commands.add_parser(
        "prepare", parents=[common], help=t("cli.prepare"), description=t("cli.prepare")
    )
    prepare.add_argument(
        "meeting_id", type=row_id(t), nargs="?", metavar="MEETING", help=t("cli.meeting_id")
    )
    prepare.add_argument(
        "--placement", type=row_id(t), metavar="ID", help=t("cli.prepare_placement")
    )
    prepare.add_argument("--party", choices=[p.value for p in Party], help=t("cli.prepare_party"))
    prepare.add_argument("-o", "--output", metavar="FORM.md", help=t("cli.prepare_output"))
    prepare.add_argument("--read", metavar="FORM.md", help=t("cli.prepare_read"))
    from driehoek.serve import DEFAULT_HOST, DEFAULT_PORT, default_public_url

    public_url = default_public_url(DEFAULT_HOST, DEFAULT_PORT)
    prepare.add_argument("--link", action="store_true", help=t("cli.prepare_link"))
    prepare.add_argument(
        "--public-url",
        metavar="URL",
        default=public_url,
        help=t("cli.share_public_url", default=public_url),
    )


def _meeting(store: Store, meeting_id: int, t: Catalogue) -> Meeting:
    try:
        meeting = store.meeting(meeting_id)
    except NotFound as e:
        raise FormRefused(t("error.no_meeting", id=meeting_id)) from e
    if meeting.closed:
        raise FormRefused(t("prepare.signed", id=meeting_id))
    return meeting


def read_bytes(path: Path, t: Catalogue) -> bytes:
    """The form's bytes, at most one more than a form may have; a FIFO, a device or a folder
    is refused before it is read (it might never end)."""
    from driehoek.prepare_form import MAX_FORM_BYTES

    shown = clean_line(str(path))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        raise FormRefused(t("error.unreadable", path=shown, detail=why(e, t)), 2) from e
    # Looked at before a file object is made of it: `fdopen` of a folder raises by itself.
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise FormRefused(t("prepare.unreadable.not_a_file", path=shown), 2)
    with os.fdopen(fd, "rb") as f:
        return f.read(MAX_FORM_BYTES + 1)


def problem_line(problem: Problem, t: Catalogue) -> str:
    """`regel 17: factor 3: meer dan één vakje aangekruist`."""
    what = t(f"prepare.problem.{problem.what}", **dict(problem.values))
    return t("prepare.line", line=problem.line, problem=what)


def _chosen(args: argparse.Namespace, t: Catalogue, store: Store) -> tuple[int, str]:
    """The meeting the form is for, and the line that says which (empty for MEETING: named
    already). For `--placement`, its intake may be started: call within a transaction."""
    if args.placement is None:
        return args.meeting_id, ""
    from driehoek import prepare_placement
    from driehoek.dates import format_date

    try:
        chosen = prepare_placement.meeting_for(store, args.placement)
    except NotFound as e:
        raise FormRefused(t("error.no_placement", id=args.placement), 2) from e
    except prepare_placement.NothingOpen as e:
        raise FormRefused(t("prepare.placement_all_signed", placement=args.placement)) from e
    m = store.meeting(chosen.meeting_id)
    p = m.placement
    words = {
        "id": m.id,
        "placement": p.id,
        "student": clean_line(p.student),
        "organisation": clean_line(p.organisation),
        "kind": t.enum(m.kind),
        "date": format_date(m.day, t.lang) if m.day else t("value.invalid_short"),
    }
    return m.id, t("prepare.started" if chosen.started else "prepare.chosen", **words)


def _write(args: argparse.Namespace, t: Catalogue, store: Store) -> int:
    from driehoek.form_key import form_key
    from driehoek.prepare_form import render_form

    if args.party is None:
        raise FormRefused(t("prepare.which_party"), 2)
    party = Party(args.party)
    path = admin.output_target(args.output, store, t) if args.output else None
    # One transaction: an intake started for the form goes again if the form is not written.
    with store.transaction():
        meeting_id, said = _chosen(args, t, store)
        meeting = _meeting(store, meeting_id, t)
        before = next((p for p in meeting.preparations if p.party is party), None)
        text = render_form(meeting, party, t, before, key=form_key(store.db))
        # The form names the student: who took one is the audit trail's business (and a
        # meeting a form is out for is not removed as left unwritten: `drafts`).
        store.record("export", "meetings", meeting.id, meeting.id)
        if path is None:
            sys.stdout.write(text)
        else:
            admin.write_output(path, text, t)
    if said:  # on the form's own output it would end up in the form
        print(said, file=sys.stderr if path is None else sys.stdout)
    return 0


def _link(args: argparse.Namespace, t: Catalogue, store: Store) -> int:
    """A party's link to its form in the browser (`driehoek serve`), printed once."""
    from driehoek import prepare_links
    from driehoek.serve_url import PublicUrl

    if args.party is None:
        raise FormRefused(t("prepare.which_party"), 2)
    public = PublicUrl.parse(args.public_url.rstrip("/"))
    if public is None:
        raise FormRefused(t("serve.bad_public_url", url=clean_line(args.public_url)), 2)
    party = Party(args.party)
    with store.transaction():
        meeting_id, said = _chosen(args, t, store)
        try:
            link, token = prepare_links.new_link(store, meeting_id, party)
        except NotFound as e:
            raise FormRefused(t("error.no_meeting", id=meeting_id)) from e
        except prepare_links.Signed as e:
            raise FormRefused(t("prepare.signed", id=meeting_id)) from e
    if said:
        print(said)
    print(t("prepare.link", party=t.enum(party), id=meeting_id))
    print(f"{public.origin}{public.path}{prepare_links.prepare_path(link.id)}?token={token}")
    return 0


def _read(args: argparse.Namespace, t: Catalogue, open_store: Callable[[bool], Store]) -> int:
    from driehoek import prepared
    from driehoek.form_key import form_matches  # here: it brings hashlib, not the first screen's
    from driehoek.prepare_form import (
        MAX_FORM_BYTES,
        Unreadable,
        decode,
        header,
        parse_form,
    )

    path = Path(args.read).expanduser()
    shown = clean_line(str(path))
    raw = read_bytes(path, t)
    try:
        text = decode(raw)
        head = header(text)[0]
    except Unreadable as e:
        message = t(f"prepare.unreadable.{e.what}", path=shown, line=e.line, max=MAX_FORM_BYTES)
        raise FormRefused(message, 2) from e
    if head.meeting_id != args.meeting_id:
        raise FormRefused(t("prepare.other_meeting", form=head.meeting_id, id=args.meeting_id))
    if args.party is not None and head.party.value != args.party:
        party = t.enum(Party(args.party))
        raise FormRefused(t("prepare.other_party", form=t.enum(head.party), party=party))
    store = open_store(False)
    meeting = _meeting(store, args.meeting_id, t)
    if not form_matches(store.db, meeting, head.party, head.check):
        raise FormRefused(t("prepare.bad_check", id=meeting.id))
    preparation, problems, _head = parse_form(text, meeting)
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        print(problem_line(problem, t), file=sys.stderr)
    if len(problems) > MAX_PROBLEMS_SHOWN:
        print(t.n("prepare.more", len(problems) - MAX_PROBLEMS_SHOWN), file=sys.stderr)
    if preparation is None:
        raise FormRefused(t.n("prepare.refused", len(problems), path=shown))
    if preparation.empty:
        raise FormRefused(t("prepare.empty", path=shown))
    try:
        version = prepared.save(store, preparation)
    except Signed as e:  # all three signed it since it was read
        raise FormRefused(t("prepare.signed", id=meeting.id)) from e
    except (NotFound, prepared.WrongKind) as e:  # erased, or changed, meanwhile
        raise FormRefused(t("error.no_meeting", id=meeting.id)) from e
    party = t.enum(preparation.party)
    if version > 1:
        print(t("prepare.replaced", party=party, id=meeting.id, version=version))
    else:
        print(t("prepare.saved", party=party, id=meeting.id))
    return 0


def run(args: argparse.Namespace, t: Catalogue, open_store: Callable[[bool], Store]) -> int:
    """`driehoek prepare`: write a form, or read one back; the exit code."""
    try:
        if (args.meeting_id is None) == (args.placement is None):
            raise FormRefused(t("prepare.meeting_or_placement"), 2)
        if args.link and (args.read is not None or args.output is not None):
            raise FormRefused(t("prepare.link_alone"), 2)
        if args.read is not None and args.placement is not None:
            raise FormRefused(t("prepare.placement_read"), 2)
        if args.read is not None:
            if args.output is not None:
                raise FormRefused(t("prepare.read_or_write"), 2)
            return _read(args, t, open_store)
        if args.link:
            return _link(args, t, open_store(False))
        return _write(args, t, open_store(False))
    except FormRefused:
        raise
    except admin.AdminError as e:  # the output file refused (`admin.output_target`)
        raise FormRefused(str(e), e.code) from e
