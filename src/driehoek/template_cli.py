"""`driehoek template show|check|add|list`: a programme's own wording of the meeting.

`show` prints the article's wording as a template file to copy (`--lang en`: in English).
`check FILE` says what is wrong with a file, one line per problem with its line number, or that
it is fine. `add FILE` checks it and stores it under its name and version; a version is never
replaced (a second text under the same name and version is refused). `list` shows what is
stored. Nothing here imports Textual.

Whatever is printed from a file (a key, the parser's complaint) goes through `clean_line` first:
a template may come from anywhere, and its bytes must not reach the terminal as commands.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from driehoek.admin import AdminError
from driehoek.dates import format_short
from driehoek.i18n import Catalogue
from driehoek.os_words import why
from driehoek.store import Store
from driehoek.stored import parse_moment
from driehoek.text import clean_line

if TYPE_CHECKING:
    from driehoek.template_file import Template

COMMANDS = ("template",)

OpenStore = Callable[..., Store]

CHECK_FAILED = 1
"""The exit code of a file that is no template (each problem was printed)."""


def add_parsers(commands: Any, common: argparse.ArgumentParser, t: Catalogue) -> None:
    """Register `template` and its actions on the command line's subparsers."""
    template = commands.add_parser(
        "template", parents=[common], help=t("cli.template"), description=t("cli.template")
    )
    actions = template.add_subparsers(dest="template_action", metavar="{show,check,add,list}")
    actions.required = True
    for name in ("show", "check", "add", "list"):
        key = f"cli.template_{name}"
        action = actions.add_parser(name, parents=[common], help=t(key), description=t(key))
        if name in ("check", "add"):
            action.add_argument("file", metavar="FILE", help=t("cli.template_file"))


def run(args: argparse.Namespace, t: Catalogue, open_store: OpenStore) -> int:
    """Run one `template` action; returns the exit code."""
    from driehoek import template_store
    from driehoek.template_file import default_toml

    if args.template_action == "show":
        sys.stdout.write(default_toml(t.lang))
        return 0
    if args.template_action == "list":
        return _list(t, open_store(create=False))
    path = Path(args.file).expanduser()
    source = _read(path, t)
    template = _checked(path, source, t)
    if template is None:
        return CHECK_FAILED
    names = ", ".join(template.programmes)
    values = {"name": template.name, "version": template.version, "programmes": names}
    if args.template_action == "check":
        print(t("template.ok", path=_shown(path), **values))
        return 0
    added = template_store.add(open_store(create=False), template, source.decode("utf-8"))
    if added is template_store.Added.DIFFERENT:
        raise AdminError(t("template.different", **values), 1)
    print(t(f"template.{added.value}", **values), file=sys.stderr)
    return 0


def _shown(path: Path) -> str:
    return clean_line(str(path))


def _read(path: Path, t: Catalogue) -> bytes:
    """The file's bytes, at most one more than a template may have (so that a huge file, or
    /dev/zero, is refused by its size without being read whole)."""
    from driehoek.template_file import MAX_BYTES

    try:
        with path.open("rb") as f:
            return f.read(MAX_BYTES + 1)
    except OSError as e:
        reason = why(e, t)
        raise AdminError(t("template.unreadable", path=_shown(path), reason=reason), 2) from e


def _checked(path: Path, source: bytes, t: Catalogue) -> Template | None:
    """The template in `source`, or None after printing each problem on a line of its own."""
    from driehoek.template_file import TemplateInvalid, parse_bytes

    try:
        return parse_bytes(source)
    except TemplateInvalid as e:
        for problem in e.problems:
            line = t("template.in_file", path=_shown(path), problem=problem.describe(t))
            print(f"driehoek: {clean_line(line)}", file=sys.stderr)
        return None


def _list(t: Catalogue, store: Store) -> int:
    from driehoek import template_store

    found = template_store.stored(store.db)
    if not found:
        print(t("template.list_empty"))
    for item in found:
        moment = parse_moment(item.added_at)
        print(
            t(
                "template.list_line",
                name=item.name,
                version=item.version,
                programmes=", ".join(item.programmes),
                date=format_short(moment.date()) if moment else item.added_at,
                count=item.meetings,
            )
        )
    return 0
