"""The read-only link of `driehoek serve`: `/follow/<share>/` shows one shared meeting's minutes
as they are written, and nothing else of the database.

`driehoek share MEETING` stores a share (the SHA-256 of a new token) in the database and prints
the link; the running server honours it without a restart, and stops honouring it the moment
the share ends (all three have signed, or `--stop`), because it asks the database (read-only)
at every request. A link is for one share: its page and its websocket live under that share's
path, and its cookie carries that share's number in its name, so a token for one meeting opens
no other. The websocket runs `driehoek follow --share N`, a process with a read-only database
and no screen but the minutes (follow_app), whatever is typed into it; the app's own page,
websocket and downloads still need the coordinators' cookie (serve_access), which a link never
gives.

The Host and Origin checks are serve_access's own and come first; then `FollowDoor.enter`
judges the link: the token once (it sets the cookie and leaves the address bar, as the main
link does), then the cookie.
"""

from __future__ import annotations

import hmac
import sqlite3
from collections.abc import Callable
from enum import Enum, auto
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import hdrs, web
from aiohttp.typedefs import Handler
from textual_serve.app_service import AppService

from driehoek import shares
from driehoek.database import DatabaseRefused
from driehoek.i18n import Catalogue
from driehoek.readonly import ReadOnlyReading, open_read_only
from driehoek.serve_access import Gate, cross_site_navigation, plain_page
from driehoek.serve_url import TOKEN_PARAMETER, is_token

FOLLOW_PAGE, FOLLOW_WEBSOCKET = "follow", "follow_websocket"
"""The routes' names (their paths: `/follow/<share>/` and `/follow/<share>/ws`)."""

STATIC = "static"
"""textual-serve's route for the page's script, styles and font."""

SESSIONS_PER_SHARE = 3
"""Follower processes one link may run at a time: a supervisor with the page open in a tab or
two. Beyond it a page says so; so a leaked link cannot take every place of `--max-sessions`
from the coordinators."""

MAX_TOKEN_LENGTH = 128
"""Longer than any token `driehoek share` makes (43 characters): not worth a look."""

COOKIES_LOOKED_AT = 4
"""Follow cookies one request may show (for the page's script and styles); more are ignored."""

MAX_COLUMNS, MAX_LINES = 1000, 500
"""The largest terminal a link's page may ask for: more than a 4K screen at the smallest font.
The page sends its size, and a follower is not a coordinator: a size of a billion cells would
have the follower's process build screens of that size."""


def terminal_size(width: object, height: object) -> tuple[int, int]:
    """A size the page asked for, as a number within bounds (80x24 if it is not a number)."""

    def bounded(value: object, default: int, most: int) -> int:
        # Whatever the page sent: a number or its digits (the query), else the default.
        if isinstance(value, bool) or not isinstance(value, int | str):
            return default
        try:
            number = int(value)
        except ValueError:  # not digits, or more digits than Python reads
            return default
        return min(max(number, 1), most)

    return bounded(width, 80, MAX_COLUMNS), bounded(height, 24, MAX_LINES)


class FollowService(AppService):
    """textual-serve's process of one session, for a link: every size it passes on bounded."""

    async def start(self, width: int, height: int) -> None:
        await super().start(*terminal_size(width, height))

    async def set_terminal_size(self, width: int, height: int) -> None:
        await super().set_terminal_size(*terminal_size(width, height))


class Link(Enum):
    """What a token (or cookie) is to a share."""

    HOLDS = auto()
    ENDED = auto()
    """Its token, but the share has ended: the page says so."""
    NOT_ITS = auto()
    """Not this share's token, or no such link: a plain 403, which says nothing more."""


def link_state(reading: ReadOnlyReading, share_id: int, token: str) -> Link:
    """Whether `token` opens share `share_id` now."""
    rows = list(
        reading.db.query(
            "SELECT token_hash FROM shares WHERE id = ? AND token_hash IS NOT NULL", [share_id]
        )
    )
    if not rows or not hmac.compare_digest(rows[0]["token_hash"], shares.token_hash(token)):
        return Link.NOT_ITS
    return Link.HOLDS if shares.live_share(reading.db, share_id) is not None else Link.ENDED


class ShareBook:
    """The shares of the database the server serves, asked at each request (read-only)."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path

    def state(self, share_id: int, token: str) -> Link:
        """Whether `token` opens share `share_id` now; NOT_ITS if the file cannot tell."""
        if len(token) > MAX_TOKEN_LENGTH or not is_token(token):
            return Link.NOT_ITS
        try:
            database = open_read_only(self.db_path)
        except DatabaseRefused:
            return Link.NOT_ITS
        try:
            return database.read(lambda reading: link_state(reading, share_id, token))
        except sqlite3.Error:
            return Link.NOT_ITS
        finally:
            database.close()


class FollowSessions:
    """Follower processes per share, within the server's own bound."""

    def __init__(self, limit: int = SESSIONS_PER_SHARE) -> None:
        self.limit = limit
        self.running: dict[int, int] = {}

    def full(self, share_id: int) -> bool:
        """Whether this share's link runs as many processes as it may."""
        return self.running.get(share_id, 0) >= self.limit

    def take(self, share_id: int) -> bool:
        """Take a place for a new process of this share; False if there is none."""
        if self.full(share_id):
            return False
        self.running[share_id] = self.running.get(share_id, 0) + 1
        return True

    def give_back(self, share_id: int) -> None:
        """A process of this share has ended."""
        self.running[share_id] -= 1
        if not self.running[share_id]:
            del self.running[share_id]


class FollowDoor:
    """The links' way in: judges `/follow/...` requests, and the page's static files."""

    def __init__(self, gate: Gate, book: ShareBook, t: Catalogue) -> None:
        self.gate = gate
        self.book = book
        self.t = t

    def cookie_name(self, share_id: int) -> str:
        """The cookie of one link: this server's port and the share's number in its name."""
        return f"driehoek-follow-{self.gate.served.rsplit(':', 1)[1]}-{share_id}"

    def handles(self, route: str | None) -> bool:
        """Whether `route` is the links' to judge."""
        return route in (FOLLOW_PAGE, FOLLOW_WEBSOCKET)

    def lets_in(self, request: web.Request, route: str | None) -> bool:
        """Whether a follower's cookie opens `route`: the static files of the page, no more."""
        if route != STATIC:
            return False
        prefix = self.cookie_name(0)[:-1]
        looked_at = 0
        for name, value in request.cookies.items():
            number = name.removeprefix(prefix)
            if number == name or not number.isdigit():
                continue
            looked_at += 1
            if looked_at > COOKIES_LOOKED_AT:
                break
            if self.book.state(int(number), value) is Link.HOLDS:
                return True
        return False

    async def enter(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Let a `/follow/<share>/` request through, log it in, or refuse it."""
        route = request.match_info.route.name
        share_id = int(request.match_info["share"])
        token = request.query.get(TOKEN_PARAMETER) if route == FOLLOW_PAGE else None
        cookie = request.cookies.get(self.cookie_name(share_id))
        if token is not None:
            state = self.book.state(share_id, token)
            if state is Link.HOLDS:
                return self._log_in(share_id, token)
            if cookie is None or self.book.state(share_id, cookie) is not Link.HOLDS:
                return self._refuse(request, route, state)
            return self._to_page(share_id)  # in already: the token leaves the address
        state = self.book.state(share_id, cookie) if cookie is not None else Link.NOT_ITS
        if state is Link.HOLDS:
            return await handler(request)
        return self._refuse(request, route, state)

    def _to_page(self, share_id: int) -> web.Response:
        response = web.Response(status=303)
        response.headers[hdrs.LOCATION] = self.gate.public.path + shares.follow_path(share_id)
        response.headers[hdrs.CACHE_CONTROL] = "no-store"
        return response

    def _log_in(self, share_id: int, token: str) -> web.Response:
        response = self._to_page(share_id)
        # The token itself, which the database knows only by its hash: a cookie of the server's
        # whole path (the page's script and styles are under /static), HttpOnly, SameSite=Strict.
        response.set_cookie(
            self.cookie_name(share_id),
            token,
            path=self.gate.public.cookie_path,
            secure=self.gate.public.secure,
            httponly=True,
            samesite="Strict",
        )
        return response

    def _refuse(self, request: web.Request, route: str | None, state: Link) -> web.Response:
        t = self.t
        if state is Link.ENDED:
            return plain_page(t, 410, t("serve.follow_ended_title"), t("serve.follow_ended"))
        refresh = route == FOLLOW_PAGE and cross_site_navigation(request)
        return plain_page(t, 403, t("serve.no_access_title"), t("serve.no_access"), refresh=refresh)


def add_routes(
    app: web.Application,
    page: Handler,
    websocket: Handler,
) -> None:
    """The links' page and websocket, under `/follow/<share>/`."""
    base = shares.FOLLOW_PATH + r"/{share:[1-9][0-9]{0,8}}"
    app.router.add_get(base + "/", page, name=FOLLOW_PAGE)
    app.router.add_get(base + "/ws", websocket, name=FOLLOW_WEBSOCKET)


def page_context(
    request: web.Request, gate: Gate, t: Catalogue, static_url: Callable[[], str]
) -> dict[str, Any]:
    """What the page template needs for a link: its own websocket, the server's static files."""
    share_id = int(request.match_info["share"])
    public = gate.public
    socket = f"{public.websocket_origin}{public.path}{shares.follow_path(share_id)}ws"
    try:
        font_size = int(request.query.get("fontsize", "16"))
    except ValueError:
        font_size = 16
    return {
        "font_size": font_size,
        "app_websocket_url": socket,
        "config": {"static": {"url": static_url()}},
        "application": {"name": t("serve.follow_title")},
    }


def render_page(request: web.Request, context: dict[str, Any]) -> web.Response:
    """The page (serve_page/app_index.html), never cached: the link's state may change."""
    response = aiohttp_jinja2.render_template("app_index.html", request, context)
    response.headers[hdrs.CACHE_CONTROL] = "no-store"
    return response
