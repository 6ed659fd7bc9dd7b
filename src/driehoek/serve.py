"""`driehoek serve`: the same app in a browser, one driehoek process per browser tab.

textual-serve runs a web server; each browser session gets its own driehoek subprocess, started
from a command line, on the same database and in the same language as the server was given, so
the browser sees what the terminals see. textual-serve has no login of its own, so driehoek adds
one (serve_access): a secret link, printed once, that sets a cookie; and only requests for this
server's own address, from its own page. It listens on loopback unless told otherwise, and
binding elsewhere prints a warning that it belongs behind the school's login proxy.

Nothing here imports Textual, textual-serve or aiohttp until a server starts: the command line
imports this module for its parser.
"""

from __future__ import annotations

import argparse
import errno
import importlib.util
import ipaddress
import os
import shlex
import socket
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from driehoek.i18n import Catalogue, Lang

if TYPE_CHECKING:
    from driehoek.serve_access import Gate
    from driehoek.serve_server import DriehoekServer

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

SESSION_MIB = 50
"""What one browser session costs the server's memory, measured by `bench/browsers.py` (figure 12
of bench/RESULTS.md, 2026-12-07): its driehoek process and textual-serve's `sh -c` above it,
47 MiB proportional set size with 20 sessions open (61 MiB resident, 1.1x the same app in a
terminal), plus its share of the server process, 48 MiB in all; rounded up."""

SESSIONS_MEMORY_MIB = 1024
"""Memory the sessions may take unless told otherwise: 1 GiB, which the smallest server a
school would give driehoek (2 cores, 2 GB) can spare beside the system."""

DEFAULT_MAX_SESSIONS = SESSIONS_MEMORY_MIB // SESSION_MIB  # 20
"""Browser sessions at a time, each a driehoek process of its own. The bound keeps a leaked link,
or a script that reloads in a loop, from filling the server's memory with processes: by default
the sessions stay within `SESSIONS_MEMORY_MIB`. The processor is the other bound: a key costs
5-10 ms of CPU in a session, and 20 people typing at once without a pause (111 keys a second)
were served on two cores at a median of 7-15 ms a key (figure 12). A larger host raises it with
`--max-sessions`: a 24 GB one holds ~460 sessions by memory; count on about 10 typing at once
a core (docs/scale.md)."""

TOKEN_FILE_LIMIT = 4096
"""Bytes read from a token file at most: one line is far shorter."""


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
    t: Catalogue,
) -> None:
    """Add `serve` and its options to the command line's subcommands."""
    serve = commands.add_parser(
        "serve", parents=[common], help=t("cli.serve"), description=t("cli.serve")
    )
    serve.add_argument("--host", default=DEFAULT_HOST, help=t("cli.host", default=DEFAULT_HOST))

    def port(value: str) -> int:
        if not value.isdigit() or not 0 < int(value) < 65536:
            raise argparse.ArgumentTypeError(t("serve.bad_port", value=value))
        return int(value)

    serve.add_argument(
        "--port", type=port, default=DEFAULT_PORT, help=t("cli.port", default=DEFAULT_PORT)
    )
    serve.add_argument("--public-url", metavar="URL", help=t("cli.public_url"))
    serve.add_argument("--token-file", metavar="FILE", type=Path, help=t("cli.token_file"))

    def sessions(value: str) -> int:
        if not value.isdigit() or int(value) < 1:
            raise argparse.ArgumentTypeError(t("serve.bad_max_sessions", value=value))
        return int(value)

    serve.add_argument(
        "--max-sessions",
        metavar="N",
        type=sessions,
        default=DEFAULT_MAX_SESSIONS,
        help=t("cli.max_sessions", default=DEFAULT_MAX_SESSIONS),
    )


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine only (`localhost`, 127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def is_every_address(host: str) -> bool:
    """Whether `host` means every address of this machine (`0.0.0.0`, `::`)."""
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return host == ""


def default_public_url(host: str, port: int) -> str:
    """The address a browser on this machine uses: `http://host:port` (IPv6 in brackets)."""
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    name = f"[{host}]" if literal is not None and literal.version == 6 else host
    return f"http://{name}:{port}"


def app_command(db_path: Path, lang: Lang) -> str:
    """The shell command textual-serve runs for each browser session: this same driehoek
    (this Python, this installation) on the same database, in the same language."""
    argv = [sys.executable, "-m", "driehoek", "--db", str(db_path.resolve()), "--lang", lang]
    return shlex.join(argv)


class ServeError(Exception):
    """The server could not start; the message is for the user, in their language."""


@dataclass(frozen=True)
class Plan:
    """What `serve` is to do, checked before anything is opened."""

    host: str
    port: int
    gate: Gate
    max_sessions: int
    announcement: str
    """The line that tells where to open driehoek."""


def plan(
    *,
    host: str,
    port: int,
    public_url: str | None,
    token_file: Path | None,
    max_sessions: int,
    t: Catalogue,
) -> Plan:
    """Check the options and make (or read) the token.

    Raises:
        ServeError: The public URL is not an http(s) address, or the token file is not fit to
            use.
    """
    if not web_stack_installed():
        raise ServeError(t("serve.needs_extra"))
    from driehoek.serve_access import Gate
    from driehoek.serve_url import PublicUrl, new_token

    if public_url is None and is_every_address(host):
        # No browser reaches 0.0.0.0: the page and its checks need the address it does use.
        raise ServeError(t("serve.public_url_needed", host=host))
    url = (public_url or default_public_url(host, port)).rstrip("/")
    public = PublicUrl.parse(url)
    if public is None:
        raise ServeError(t("serve.bad_public_url", url=url))
    token = new_token() if token_file is None else read_token(token_file, t)
    gate = Gate.make(public, host, port, token)
    if token_file is None:
        announcement = t("serve.serving", url=gate.link)
    else:  # the token stays in its file, out of the server's log
        announcement = t("serve.serving_token_file", url=public.page, path=token_file)
    return Plan(host, port, gate, max_sessions, announcement)


WEB_STACK = ("textual_serve", "aiohttp")
"""What `driehoek serve` needs beyond the app: the `serve` extra (`pip install 'driehoek[serve]'`),
left out of the default install, which most coordinators (over SSH, on a shared screen) never
use."""


def web_stack_installed() -> bool:
    """Whether the `serve` extra is there, found without importing it (that takes a while)."""
    return all(importlib.util.find_spec(name) is not None for name in WEB_STACK)


def serve(plan: Plan, *, db_path: Path, lang: Lang, t: Catalogue) -> int:
    """Serve driehoek as planned until Ctrl+C or SIGTERM; returns the exit code.

    Raises:
        ServeError: The port cannot be opened.
    """
    host, port = plan.host, plan.port
    try:
        # Before anything is announced: a taken port is one line, not a traceback.
        check_address(host, port)
        if not is_loopback(host):
            print(t("serve.open_warning", host=host, port=port), file=sys.stderr)
        _make_server(app_command(db_path, lang), plan, t, db_path).serve()
    except OSError as e:  # the port is taken, or the address is not this machine's
        reason = e.strerror or str(e)
        raise ServeError(t("serve.cannot_listen", host=host, port=port, reason=reason)) from e
    return 0


def read_token(path: Path, t: Catalogue) -> str:
    """The token in `path`: one line, in a file of this account that no one else can read.

    Raises:
        ServeError: The file cannot be read, others may read or change it, it belongs to
            another account, or it does not hold one token of at least 128 bits.
    """
    from driehoek.serve_url import is_token

    try:
        # Non-blocking: a FIFO in its place must not hang the start (it is refused below).
        fd = os.open(path.expanduser(), os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError as e:
        raise ServeError(t("serve.token_unreadable", path=path, reason=e.strerror or e)) from e
    try:
        info = os.fstat(fd)  # of the file opened, not of a name that may be swapped meanwhile
        if not stat.S_ISREG(info.st_mode):
            raise ServeError(t("serve.token_unreadable", path=path, reason=t("serve.not_a_file")))
        if info.st_uid not in (os.geteuid(), 0):
            raise ServeError(t("serve.token_owner", path=path))
        if info.st_mode & 0o077:
            mode = f"{stat.S_IMODE(info.st_mode):04o}"
            raise ServeError(t("serve.token_open", path=path, mode=mode))
        data = os.read(fd, TOKEN_FILE_LIMIT + 1)
    finally:
        os.close(fd)
    lines = data.decode("ascii", errors="replace").splitlines()
    if len(data) > TOKEN_FILE_LIMIT or len(lines) != 1 or not is_token(lines[0].strip()):
        raise ServeError(t("serve.token_format", path=path))
    return lines[0].strip()


def check_address(host: str, port: int) -> None:
    """Bind every address of `host` on `port` for a moment, as the server will.

    Raises:
        OSError: One cannot be bound (in use, not this machine's) or `host` does not resolve.
    """
    addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    for family, kind, proto, _name, address in addresses:
        with socket.socket(family, kind, proto) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp does
            if family == socket.AF_INET6:
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                s.bind(address)
            except OSError as e:
                # asyncio skips an IPv6 address the machine does not have; so do we.
                if not (family == socket.AF_INET6 and e.errno == errno.EADDRNOTAVAIL):
                    raise


def _make_server(command: str, plan: Plan, t: Catalogue, db_path: Path) -> DriehoekServer:
    """textual-serve's server for `command`, behind the plan's gate, speaking `t`'s language;
    the read-only links of `driehoek share` are looked up in `db_path`."""
    from driehoek.serve_server import DriehoekServer

    return DriehoekServer(
        command,
        host=plan.host,
        port=plan.port,
        gate=plan.gate,
        max_sessions=plan.max_sessions,
        t=t,
        announcement=plan.announcement,
        db_path=db_path,
    )
