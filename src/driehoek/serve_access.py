"""Who gets into `driehoek serve`: the Host, Origin, token and cookie checks, and the headers.

textual-serve has no login of its own, and loopback is no boundary on a shared server: every
local account can reach 127.0.0.1, and a page on any other site, open in the coordinator's
browser, can try to open the websocket. So every request (the websocket handshake included)
must show that it was meant for this server (its Host, against DNS rebinding), that it comes from
this server's own page (its Origin, when the browser sends one), and that the person holds the
link `driehoek serve` printed (a token once, then a cookie). Anything else gets a plain 403.

The checks are plain functions of the request's headers (`Gate.judge`), so they are tested as a
table; `middleware` applies them to an aiohttp application.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum, auto
from functools import cached_property
from typing import Protocol
from urllib.parse import urlencode

from aiohttp import hdrs, web
from aiohttp.typedefs import Handler, Middleware

from driehoek.i18n import Catalogue
from driehoek.prepare_links import PREPARE_PAGE, PREPARE_POLICY
from driehoek.serve_url import TOKEN_PARAMETER, PublicUrl, bracketed
from driehoek.text import clean_line

# The page's routes as textual-serve names them (textual_serve.server.Server._make_app).
INDEX, DOWNLOAD = "index", "download"


class Verdict(Enum):
    """What becomes of a request."""

    ALLOW = auto()
    LOG_IN = auto()
    """The printed link: set the cookie, and go to the page without the token."""
    DROP_TOKEN = auto()
    """Already in, with a token in the address: go to the page without it."""
    WRONG_HOST = auto()
    WRONG_ORIGIN = auto()
    NO_ACCESS = auto()
    """Neither a valid cookie nor a valid token."""


REFUSED = frozenset({Verdict.WRONG_HOST, Verdict.WRONG_ORIGIN, Verdict.NO_ACCESS})


@dataclass(frozen=True)
class Gate:
    """The checks for one server: who may come in, and how they show it."""

    public: PublicUrl
    served: str
    """`host:port` the server listens on, as a Host header names it (IPv6 in brackets)."""
    token: str

    @classmethod
    def make(cls, public: PublicUrl, host: str, port: int, token: str) -> Gate:
        """The gate of a server listening on `host`:`port`, reached at `public`."""
        return cls(public=public, served=f"{bracketed(host)}:{port}".lower(), token=token)

    @cached_property
    def hosts(self) -> frozenset[str]:
        """The Host headers accepted: the served address, and the public URL's host.

        The public host is accepted with and without its port: nginx's `$host` leaves the port
        out. What stops DNS rebinding is the name, and an attacker cannot make a browser send
        this server's public name for a site of their own.
        """
        public = bracketed(self.public.host)
        return frozenset({self.served, public, f"{public}:{self.public.port}"})

    @cached_property
    def cookie_name(self) -> str:
        """A name of this server's own: a cookie is shared by every port of a host."""
        return f"driehoek-{self.served.rsplit(':', 1)[1]}"

    @cached_property
    def cookie_value(self) -> str:
        """Derived from the token, so it outlives a restart with `--token-file`; not the token
        itself, which then never travels with every request."""
        return hmac.new(self.token.encode(), b"driehoek serve cookie", hashlib.sha256).hexdigest()

    @property
    def link(self) -> str:
        """The link to print: the page with the token."""
        return f"{self.public.page}?{TOKEN_PARAMETER}={self.token}"

    def misplaced(self, *, host: str | None, origin: str | None) -> Verdict | None:
        """WRONG_HOST or WRONG_ORIGIN for a request not meant for this server or not from its
        page (every way in checks this first); None if it is."""
        if host is None or host.lower() not in self.hosts:
            return Verdict.WRONG_HOST
        # A browser sends Origin with every websocket handshake and cross-origin fetch; a
        # navigation to the page may leave it out. `null` (a sandbox, a file) is not ours either.
        if origin is not None and origin.lower() != self.public.origin:
            return Verdict.WRONG_ORIGIN
        return None

    def judge(
        self,
        *,
        route: str | None,
        host: str | None,
        origin: str | None,
        token: str | None,
        cookie: str | None,
    ) -> Verdict:
        """What becomes of a request for `route` with these headers, cookie and token."""
        misplaced = self.misplaced(host=host, origin=origin)
        if misplaced is not None:
            return misplaced
        signed_in = cookie is not None and _same(cookie, self.cookie_value)
        if route == INDEX and token is not None:
            if _same(token, self.token):
                return Verdict.LOG_IN
            return Verdict.DROP_TOKEN if signed_in else Verdict.NO_ACCESS
        return Verdict.ALLOW if signed_in else Verdict.NO_ACCESS


def _same(given: str, secret: str) -> bool:
    """Compare in constant time, so that the time taken tells nothing about the secret."""
    return hmac.compare_digest(given.encode(), secret.encode())


def content_security_policy(public: PublicUrl) -> str:
    """The page's CSP: everything from this server only, nothing inline but styles.

    xterm.js adds `<style>` elements as it draws, hence 'unsafe-inline' for styles; scripts come
    only from the server's static files. The websocket's origin is named as well as 'self',
    for browsers that do not count ws: as 'self'.
    """
    return "; ".join(
        (
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src 'self' {public.websocket_origin}",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        )
    )


DOWNLOAD_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox"
"""An export opened in the browser runs nothing and is no page of this origin (sandbox)."""


def security_headers(public: PublicUrl, route: str | None) -> dict[str, str]:
    """The headers every response carries: the CSP, and no sniffing, framing or referrer."""
    policy, referrer = content_security_policy(public), "no-referrer"
    if route == DOWNLOAD:
        policy = DOWNLOAD_POLICY
    elif route == PREPARE_PAGE:
        # A party's form (serve_prepare): sent back here, no script. With no-referrer a
        # browser sends its POST with `Origin: null`, which the gate refuses; same-origin
        # names this server only to itself (the token has left the address by then).
        policy, referrer = PREPARE_POLICY, "same-origin"
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": referrer,
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
    }


def page_html(t: Catalogue, title: str, text: str, *, refresh: bool = False) -> str:
    """A page of a few sentences, in the server's language, that loads nothing else."""
    meta = '<meta http-equiv="refresh" content="0">' if refresh else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{t.lang}"><head><meta charset="utf-8">{meta}'
        f"<title>{html.escape(title)}</title></head>\n"
        f"<body><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></body></html>\n"
    )


def plain_page(
    t: Catalogue, status: int, title: str, text: str, *, refresh: bool = False
) -> web.Response:
    """`page_html` as a response with `status`, never cached."""
    body = page_html(t, title, text, refresh=refresh)
    response = web.Response(status=status, text=body, content_type="text/html")
    response.headers[hdrs.CACHE_CONTROL] = "no-store"
    return response


def cross_site_navigation(request: web.Request) -> bool:
    """A top-level navigation from another site: a link in a mail or on the intranet.

    A SameSite=Strict cookie is not sent with it. The page answers with a refresh of itself,
    which comes from this site and so does carry the cookie; without one, that second request
    is refused as any other.
    """
    headers = request.headers
    return (
        request.method == hdrs.METH_GET
        and headers.get("Sec-Fetch-Site") == "cross-site"
        and headers.get("Sec-Fetch-Mode") == "navigate"
    )


def _page_without_token(request: web.Request, public: PublicUrl) -> str:
    """Where the printed link goes once the cookie is set: the page, its other parameters kept."""
    rest = [(k, v) for k, v in request.query.items() if k != TOKEN_PARAMETER]
    return f"{public.path}/" + (f"?{urlencode(rest)}" if rest else "")


class Door(Protocol):
    """Another way in past the Host and Origin checks, with rules of its own (serve_follow)."""

    def handles(self, route: str | None) -> bool:
        """Whether requests for `route` are this door's to judge."""
        ...

    async def enter(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Let a request it handles through, or refuse it."""
        ...

    def lets_in(self, request: web.Request, route: str | None) -> bool:
        """Whether a request the gate refused (no cookie of its own) may have `route` all the
        same (the page's static files, for a follower)."""
        ...


def middleware(gate: Gate, t: Catalogue, door: Door | None = None) -> Middleware:
    """The aiohttp middleware that lets a request through only as `gate` (or `door`, for the
    routes it handles) judges it."""

    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        route = request.match_info.route.name
        host, origin = request.headers.get(hdrs.HOST), request.headers.get(hdrs.ORIGIN)
        verdict = gate.misplaced(host=host, origin=origin)
        if verdict is None and door is not None and door.handles(route):
            return await door.enter(request, handler)
        if verdict is None:
            verdict = gate.judge(
                route=route,
                host=host,
                origin=origin,
                token=request.query.get(TOKEN_PARAMETER),
                cookie=request.cookies.get(gate.cookie_name),
            )
        if verdict is Verdict.NO_ACCESS and door is not None and door.lets_in(request, route):
            verdict = Verdict.ALLOW
        if verdict is Verdict.ALLOW:
            return await handler(request)
        if verdict in (Verdict.LOG_IN, Verdict.DROP_TOKEN):
            response = web.Response(status=303)
            response.headers[hdrs.LOCATION] = _page_without_token(request, gate.public)
            response.headers[hdrs.CACHE_CONTROL] = "no-store"
            if verdict is Verdict.LOG_IN:
                response.set_cookie(
                    gate.cookie_name,
                    gate.cookie_value,
                    path=gate.public.cookie_path,
                    secure=gate.public.secure,
                    httponly=True,
                    samesite="Strict",
                )
            return response
        if verdict is Verdict.NO_ACCESS:
            refresh = route == INDEX and cross_site_navigation(request)
            return plain_page(
                t, 403, t("serve.no_access_title"), t("serve.no_access"), refresh=refresh
            )
        # A wrong Host or Origin is an attack or a proxy set up wrongly: the admin is told.
        if verdict is Verdict.WRONG_HOST:
            header, expected = hdrs.HOST, ", ".join(sorted(gate.hosts))
        else:
            header, expected = hdrs.ORIGIN, gate.public.origin
        value = ascii(request.headers.get(header, ""))  # the sender's bytes, never obeyed
        peer = request.remote or "?"
        line = t("serve.refused_log", header=header, value=value, peer=peer, expected=expected)
        print(clean_line(line), file=sys.stderr, flush=True)
        return plain_page(t, 403, t("serve.refused_title"), t("serve.refused"))

    return check


def header_setter(
    public: PublicUrl,
) -> Callable[[web.Request, web.StreamResponse], Awaitable[None]]:
    """An `on_response_prepare` handler that adds `security_headers` to every response."""

    async def add_headers(request: web.Request, response: web.StreamResponse) -> None:
        route = request.match_info.route.name if request.match_info is not None else None
        response.headers.update(security_headers(public, route))

    return add_headers
