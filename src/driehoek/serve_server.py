"""textual-serve's server, made fit for a shared host: checked, bounded, and self-contained.

What is changed here, and every piece of textual-serve it relies on, is in `DriehoekServer`:
its own page (`serve_page/app_index.html`, through the constructor's `templates_path`), the
checks and headers of `serve_access` (added in `_make_app`, textual-serve's one private method we
override), a bound on the app processes (around the public `handle_index` and
`handle_websocket`), the token kept out of the access log (`initialize_logging`), and the
read-only links of `serve_follow` (their routes, also added in `_make_app`; their sessions run
through textual-serve's public `AppService`, as its own `handle_websocket` does).
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
from pathlib import Path

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server

from driehoek.i18n import Catalogue
from driehoek.serve_access import (
    Gate,
    header_setter,
    middleware,
    page_html,
    plain_page,
)
from driehoek.serve_follow import (
    FollowDoor,
    FollowService,
    FollowSessions,
    ShareBook,
    add_routes,
    page_context,
    render_page,
    terminal_size,
)
from driehoek.serve_prepare import Doors, PrepareDoor
from driehoek.serve_prepare import add_routes as add_prepare_routes
from driehoek.serve_url import TOKEN_PARAMETER

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
        db_path: Path | None = None,
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
        self.follow_sessions = FollowSessions()
        self.door = None if db_path is None else FollowDoor(gate, ShareBook(db_path), t)
        """The read-only links' way in; none without a database to ask for shares."""
        self.prepare_door = None if db_path is None else PrepareDoor(gate, db_path, t)
        """The parties' links to their preparation forms (serve_prepare)."""

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        if self.door is not None:
            add_routes(app, self.handle_follow_page, self.handle_follow_websocket)
        if self.prepare_door is not None:
            add_prepare_routes(app, self.prepare_door)
        doors = Doors(self.door, self.prepare_door) if self.prepare_door else self.door
        app.middlewares.append(middleware(self.gate, self.t, doors))
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

    # -- the read-only links (serve_follow) --------------------------------------------------

    def follow_command(self, share_id: int) -> str:
        """The command a link's session runs: this driehoek, following the share, read-only."""
        return f"{self.command} follow --share {int(share_id)}"

    def _follow_full(self, share_id: int) -> tuple[str, str] | None:
        if self.sessions.full:
            return self._full()
        if self.follow_sessions.full(share_id):
            limit = self.follow_sessions.limit
            return self.t("serve.full_title"), self.t("serve.follow_full", limit=limit)
        return None

    async def handle_follow_page(self, request: web.Request) -> web.StreamResponse:
        """A link's page: the terminal, connected to the link's own websocket."""
        full = self._follow_full(int(request.match_info["share"]))
        if full is not None:
            return plain_page(self.t, 503, *full)
        static = request.app.router["static"].url_for(filename="/")
        url = f"{self.public_url}{static}".rstrip("/") + "/"
        return render_page(request, page_context(request, self.gate, self.t, lambda: url))

    async def handle_follow_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """A link's session: `driehoek follow --share N`, never the app."""
        share_id = int(request.match_info["share"])
        # No await between the looks and the takings (see handle_websocket).
        full = self._follow_full(share_id)
        if full is not None:
            raise web.HTTPServiceUnavailable(
                text=page_html(self.t, *full), content_type="text/html"
            )
        self.sessions.take()
        self.follow_sessions.take(share_id)
        try:
            return await self._session(request, self.follow_command(share_id))
        finally:
            self.follow_sessions.give_back(share_id)
            self.sessions.give_back()

    async def _session(self, request: web.Request, command: str) -> web.WebSocketResponse:
        """Run `command` for one browser session, as textual-serve's `handle_websocket` runs
        its one command: the websocket carries the terminal both ways; returns once the
        process has ended."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width, height = terminal_size(request.query.get("width"), request.query.get("height"))
        service: FollowService | None = None
        try:
            await websocket.prepare(request)
            service = FollowService(
                command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,  # type: ignore[arg-type]  # returns a bool, unused
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            logging.getLogger("textual-serve").exception(error)
        finally:
            if service is not None:
                await service.stop()
        return websocket
