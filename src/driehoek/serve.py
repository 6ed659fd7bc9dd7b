"""`driehoek serve`: the same app in a browser, one driehoek process per browser tab.

textual-serve runs a web server; each browser session gets its own driehoek subprocess, started
from a command line, on the same database and in the same language as the server was given, so
the browser sees what the terminals see. textual-serve has no login of its own: it listens on
loopback unless told otherwise, and binding elsewhere prints a warning that it must sit behind
the school's authenticating proxy.

Nothing here imports Textual or textual-serve until a server starts: the command line imports
this module for its parser.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import shlex
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from driehoek.i18n import Catalogue, Lang

if TYPE_CHECKING:
    from aiohttp import web
    from textual_serve.server import Server

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
TITLE = "driehoek"


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


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine only (`localhost`, 127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


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


def serve(
    *, db_path: Path, lang: Lang, host: str, port: int, public_url: str | None, t: Catalogue
) -> int:
    """Serve driehoek on `host`:`port` until Ctrl+C or SIGTERM; returns the exit code.

    Raises:
        ServeError: The public URL is not an http(s) address, or the port cannot be opened.
    """
    url = (public_url or default_public_url(host, port)).rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ServeError(t("serve.bad_public_url", url=url))
    try:
        # Before anything is announced: a taken port is one line, not a traceback.
        check_address(host, port)
        if not is_loopback(host):
            print(t("serve.open_warning", host=host, port=port), file=sys.stderr)
        _make_server(app_command(db_path, lang), host, port, url, t.lang).serve()
    except OSError as e:  # the port is taken, or the address is not this machine's
        reason = e.strerror or str(e)
        raise ServeError(t("serve.cannot_listen", host=host, port=port, reason=reason)) from e
    return 0


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


def _make_server(command: str, host: str, port: int, url: str, lang: Lang) -> Server:
    """textual-serve's server for `command`, announcing itself in the user's language."""
    from textual_serve.server import Server

    class DriehoekServer(Server):
        async def on_startup(self, app: web.Application) -> None:
            # Instead of textual-serve's banner: one line, in the user's language.
            print(Catalogue(lang)("serve.serving", url=self.public_url), file=sys.stderr)

    return DriehoekServer(command, host=host, port=port, title=TITLE, public_url=url)
