"""textual-serve's server, made fit for a shared host: checked, bounded, and self-contained.

What is changed here, and every piece of textual-serve it relies on, is in `DriehoekServer`:
its own page (`serve_page/app_index.html`, through the constructor's `templates_path`), the
checks and headers of `serve_access` (added in `_make_app`, textual-serve's one private method we
override), a bound on the app processes (around the public `handle_index` and
`handle_websocket`), and the token kept out of the access log (`initialize_logging`).
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server

from driehoek.i18n import Catalogue
from driehoek.serve_access import (
    TOKEN_PARAMETER,
    Gate,
    header_setter,
    middleware,
    page_html,
    plain_page,
)

PAGE_FOLDER = Path(__file__).with_name("serve_page")
"""Our page instead of textual-serve's, which loads its font from Google."""

_TOKEN_IN_URL = re.compile(rf"({TOKEN_PARAMETER}=)[^&\s\"]*")


class Sessions:
    """How many app processes run, and whether another may start."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.running = 0

    @property
    def full(self) -> bool:
        """Whether every place is taken."""
        return self.running >= self.limit

    def take(self) -> bool:
        """Take a place for a new process; False if there is none."""
        if self.full:
            return False
        self.running += 1
        return True

    def give_back(self) -> None:
        """A process has ended: its place is free again."""
        self.running -= 1


class _HideToken(logging.Filter):
    """The access log shows each request's address; the printed link's token is left out."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _TOKEN_IN_URL.sub(r"\1…", record.getMessage())
        record.args = ()
        return True


class DriehoekServer(Server):
    """textual-serve's `Server`, with `gate`'s checks on every request and at most
    `max_sessions` app processes at a time."""

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        gate: Gate,
        max_sessions: int,
        t: Catalogue,
        announcement: str,
    ) -> None:
        super().__init__(
            command,
            host=host,
            port=port,
            title="driehoek",
            public_url=gate.public.origin + gate.public.path,
            templates_path=PAGE_FOLDER,
        )
        self.gate = gate
        self.sessions = Sessions(max_sessions)
        self.t = t
        self.announcement = announcement

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(middleware(self.gate, self.t))
        app.on_response_prepare.append(header_setter(self.gate.public))
        # The page's own words, in the server's language.
        aiohttp_jinja2.get_env(app).globals.update(
            lang=self.t.lang,
            text={
                "ended": self.t("serve.page_ended"),
                "restart": self.t("serve.page_restart"),
                "start": self.t("serve.page_start"),
            },
        )
        return app

    def initialize_logging(self) -> None:
        super().initialize_logging()
        logging.getLogger("aiohttp.access").addFilter(_HideToken())

    async def on_startup(self, app: web.Application) -> None:
        # Instead of textual-serve's banner: the link to open, once, in the user's language.
        print(self.announcement, file=sys.stderr, flush=True)

    def _full(self) -> tuple[str, str]:
        return self.t("serve.full_title"), self.t("serve.full", limit=self.sessions.limit)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if self.sessions.full:
            return plain_page(self.t, 503, *self._full())
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        # No await between the look and the taking: two handshakes cannot both take the last place.
        if not self.sessions.take():
            # The page's script shows its "session ended"; reloading shows this page's words.
            raise web.HTTPServiceUnavailable(
                text=page_html(self.t, *self._full()), content_type="text/html"
            )
        try:
            # Returns once the app's process has ended (textual-serve waits for its output to end).
            return await super().handle_websocket(request)
        finally:
            self.sessions.give_back()
