"""Who gets into `driehoek serve`: every request against the real server's aiohttp application.

The application is textual-serve's with driehoek's checks, as `driehoek serve` builds it; only
the command it runs per session is a stand-in that notes each start in a file, so that a test
can tell whether a request started an app process. No browser here: tests/e2e/test_serve_access.py
repeats the important cases in Chromium.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import re
import shlex
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from driehoek.i18n import Catalogue
from driehoek.serve_access import Gate, Verdict
from driehoek.serve_server import DriehoekServer, Sessions, _HideToken
from driehoek.serve_url import PublicUrl, is_token, new_token
from waiting import wait_until_async

PORT = 8000
HOST = f"127.0.0.1:{PORT}"
ORIGIN = f"http://{HOST}"
TOKEN = "q" * 43
T = Catalogue("en")


def gate(public: str = ORIGIN, token: str = TOKEN) -> Gate:
    parsed = PublicUrl.parse(public)
    assert parsed is not None
    return Gate.make(parsed, "127.0.0.1", PORT, token)


@dataclass
class Served:
    """The test client, and what the server behind it started."""

    client: TestClient[aiohttp.web.Request, aiohttp.web.Application]
    server: DriehoekServer
    starts: Path

    def started(self) -> int:
        """App processes started so far."""
        return len(self.starts.read_text().splitlines()) if self.starts.exists() else 0

    @property
    def cookie(self) -> str:
        return f"{self.server.gate.cookie_name}={self.server.gate.cookie_value}"


@contextlib.asynccontextmanager
async def serving(tmp_path: Path, the_gate: Gate, max_sessions: int = 5) -> AsyncIterator[Served]:
    starts = tmp_path / "starts"
    # Each session notes its start, then waits for the first byte textual-serve sends it (the
    # "quit" when its browser leaves) and ends, as driehoek does.
    command = f"echo started >> {shlex.quote(str(starts))}; head -c 1 >/dev/null"
    server = DriehoekServer(
        command,
        host="127.0.0.1",
        port=PORT,
        gate=the_gate,
        max_sessions=max_sessions,
        t=T,
        announcement="",
    )
    app = await server._make_app()
    # No cookie jar: each request carries exactly the cookie its case names. The Host is the
    # served address (the test server's port is another), unless a case names its own.
    async with TestClient(
        TestServer(app), cookie_jar=aiohttp.DummyCookieJar(), headers={"Host": HOST}
    ) as client:
        yield Served(client, server, starts)


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    """The server on its loopback address, reached there (no proxy)."""
    async with serving(tmp_path, gate()) as s:
        yield s


@pytest.fixture
async def proxied(tmp_path: Path) -> AsyncIterator[Served]:
    """The server behind the school's https proxy at /driehoek."""
    async with serving(tmp_path, gate("https://intranet.school.example/driehoek/")) as s:
        yield s


COOKIE = "cookie"
"""In a case: the request carries the valid cookie."""

# (path, headers, with the valid cookie?) -> status. Every refusal is a 403 and starts nothing.
CASES = {
    "page, nothing": ("/", {}, False, 403),
    "page, the link": (f"/?token={TOKEN}", {}, False, 303),
    "page, a wrong token": ("/?token=" + "r" * 43, {}, False, 403),
    "page, an empty token": ("/?token=", {}, False, 403),
    "page, the cookie": ("/", {}, True, 200),
    "page, the cookie and this origin": ("/", {"Origin": ORIGIN}, True, 200),
    "page, the cookie from another port": ("/", {"Origin": "http://127.0.0.1:9999"}, True, 403),
    "page, the cookie from another site": ("/", {"Origin": "https://evil.example"}, True, 403),
    "page, the cookie from a sandbox": ("/", {"Origin": "null"}, True, 403),
    "page, the cookie, rebound name": ("/", {"Host": "evil.example:8000"}, True, 403),
    "page, the link, rebound name": (f"/?token={TOKEN}", {"Host": "evil.example"}, False, 403),
    "page, the link from another site": (f"/?token={TOKEN}", {"Origin": "https://e.x"}, False, 403),
    "page, the token as cookie": ("/", {"Cookie": f"driehoek-{PORT}={TOKEN}"}, False, 403),
    "page, the cookie as token": ("/?token=COOKIE_VALUE", {}, False, 403),
    "script, nothing": ("/static/js/textual.js", {}, False, 403),
    "script, the cookie": ("/static/js/textual.js", {}, True, 200),
    "script, the link's token": (f"/static/js/textual.js?token={TOKEN}", {}, False, 403),
    "download, nothing": ("/download/abc", {}, False, 403),
    "download, the cookie": ("/download/abc", {}, True, 404),  # past the gate: no such download
    "unknown, nothing": ("/etc/passwd", {}, False, 403),
}


@pytest.mark.parametrize(("path", "headers", "with_cookie", "status"), CASES.values(), ids=CASES)
async def test_who_gets_what(
    served: Served, path: str, headers: Mapping[str, str], with_cookie: bool, status: int
) -> None:
    headers = dict(headers)
    if with_cookie:
        headers["Cookie"] = served.cookie
    path = path.replace("COOKIE_VALUE", served.server.gate.cookie_value)

    response = await served.client.get(path, headers=headers, allow_redirects=False)

    assert response.status == status, await response.text()
    if status == 403:
        assert "Set-Cookie" not in response.headers
        assert TOKEN not in await response.text()
    assert served.started() == 0


WEBSOCKET_CASES = {
    "the cookie, from the page": ({"Origin": ORIGIN}, True, True),
    "the cookie, no origin (not a browser)": ({}, True, True),
    "nothing, from the page": ({"Origin": ORIGIN}, False, False),
    "the token instead of the cookie": ({"Origin": ORIGIN, "X-Token": TOKEN}, False, False),
    "the cookie, from another port": ({"Origin": "http://127.0.0.1:9999"}, True, False),
    "the cookie, from another site": ({"Origin": "https://evil.example"}, True, False),
    "the cookie, rebound name": ({"Origin": ORIGIN, "Host": "evil.example:8000"}, True, False),
}


@pytest.mark.parametrize(
    ("headers", "with_cookie", "opens"), WEBSOCKET_CASES.values(), ids=WEBSOCKET_CASES
)
async def test_the_websocket_starts_the_app_only_for_its_own_page_with_the_cookie(
    served: Served, headers: Mapping[str, str], with_cookie: bool, opens: bool
) -> None:
    headers = dict(headers)
    query = "?width=80&height=24"
    if headers.pop("X-Token", None):
        query += f"&token={TOKEN}"
    if with_cookie:
        headers["Cookie"] = served.cookie

    if not opens:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await served.client.ws_connect("/ws" + query, headers=headers)
        assert refused.value.status == 403
        assert served.started() == 0
        return
    socket = await served.client.ws_connect("/ws" + query, headers=headers)
    await wait_until_async(lambda: served.started() == 1, "the app process to start")
    await socket.close()
    await wait_until_async(lambda: served.server.sessions.running == 0, "the app to end")


async def test_the_link_sets_a_strict_http_only_cookie_and_leaves_the_address(
    served: Served,
) -> None:
    response = await served.client.get(f"/?fontsize=18&token={TOKEN}", allow_redirects=False)

    assert response.status == 303
    assert response.headers["Location"] == "/?fontsize=18"
    assert response.headers["Cache-Control"] == "no-store"
    cookie = response.headers["Set-Cookie"]
    name, value = cookie.split(";")[0].split("=", 1)
    assert (name, value) == (served.server.gate.cookie_name, served.server.gate.cookie_value)
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert attributes == {"httponly", "path=/", "samesite=strict"}
    assert TOKEN not in value


async def test_behind_the_proxy_the_cookie_is_secure_and_kept_to_the_public_path(
    proxied: Served,
) -> None:
    # nginx passes `Host: $host`: the public name, without a port.
    headers = {"Host": "intranet.school.example"}
    response = await proxied.client.get(f"/?token={TOKEN}", headers=headers, allow_redirects=False)

    assert response.status == 303
    assert response.headers["Location"] == "/driehoek/"
    attributes = {p.strip().lower() for p in response.headers["Set-Cookie"].split(";")[1:]}
    assert attributes == {"httponly", "path=/driehoek", "samesite=strict", "secure"}

    page = await proxied.client.get(
        "/",
        headers={**headers, "Cookie": proxied.cookie, "Origin": "https://intranet.school.example"},
    )
    assert page.status == 200
    assert 'data-session-websocket-url="wss://intranet.school.example/driehoek/ws"' in (
        await page.text()
    )
    # The server's own address is not the public one: a page there cannot open the websocket.
    direct = await proxied.client.get("/", headers={"Cookie": proxied.cookie, "Origin": ORIGIN})
    assert direct.status == 403


@pytest.mark.parametrize(
    ("host", "verdict"),
    [
        ("intranet.school.example", Verdict.ALLOW),
        ("intranet.school.example:443", Verdict.ALLOW),
        ("INTRANET.School.example", Verdict.ALLOW),
        (HOST, Verdict.ALLOW),  # the served address itself (the proxy's own view)
        ("intranet.school.example.evil.example", Verdict.WRONG_HOST),
        ("localhost:8000", Verdict.WRONG_HOST),
        ("", Verdict.WRONG_HOST),
        (None, Verdict.WRONG_HOST),
    ],
)
def test_the_host_must_be_the_served_or_the_public_one(host: str | None, verdict: Verdict) -> None:
    the_gate = gate("https://intranet.school.example/driehoek")
    cookie = the_gate.cookie_value

    assert the_gate.judge(route="index", host=host, origin=None, token=None, cookie=cookie) is (
        verdict
    )


def test_an_ipv6_server_is_named_in_brackets() -> None:
    public = PublicUrl.parse("http://[::1]:8123")
    assert public is not None
    the_gate = Gate.make(public, "::1", 8123, TOKEN)

    assert public.origin == "http://[::1]:8123"
    assert "[::1]:8123" in the_gate.hosts
    assert the_gate.link == f"http://[::1]:8123/?token={TOKEN}"


@pytest.mark.parametrize(
    "url",
    [
        "intranet.example/driehoek",
        "ftp://intranet.example",
        "http://",
        "https://user:secret@intranet.example",
        "https://intranet.example/?a=b",
        "https://intranet.example:99999",
    ],
)
def test_a_public_url_is_a_plain_http_address(url: str) -> None:
    assert PublicUrl.parse(url) is None


def test_a_new_token_is_at_least_128_random_bits_and_url_safe() -> None:
    tokens = {new_token() for _ in range(100)}

    assert len(tokens) == 100
    for token in tokens:
        assert is_token(token)
        assert len(token) * 6 >= 128
        assert re.fullmatch(r"[A-Za-z0-9_-]+", token)


async def test_the_page_loads_nothing_from_another_host_and_forbids_what_it_does_not_use(
    served: Served,
) -> None:
    page = await served.client.get("/", headers={"Cookie": served.cookie})

    text = await page.text()
    addresses = re.findall(r"""(?:https?|wss?)://[^"'\s)]+""", text)
    assert addresses, "the page names its script and websocket"
    assert all(a.split("/")[2] == HOST for a in addresses), addresses
    assert "googleapis" not in text
    assert "<script>" not in text, "no inline script"
    assert "onclick" not in text.lower(), "no inline script"
    csp = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self';" in csp
    assert "frame-ancestors 'none'" in csp
    assert f"connect-src 'self' ws://{HOST}" in csp
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert T("serve.page_ended") in text
    assert 'lang="en"' in text


async def test_a_download_is_sandboxed(served: Served) -> None:
    response = await served.client.get("/download/abc", headers={"Cookie": served.cookie})

    assert response.headers["Content-Security-Policy"].endswith("; sandbox")


@pytest.mark.parametrize(
    ("fetch_site", "refresh"), [("cross-site", True), ("same-origin", False), (None, False)]
)
async def test_a_link_from_another_site_reloads_once_to_send_the_strict_cookie(
    served: Served, fetch_site: str | None, refresh: bool
) -> None:
    headers = {"Sec-Fetch-Mode": "navigate"}
    if fetch_site is not None:
        headers["Sec-Fetch-Site"] = fetch_site

    response = await served.client.get("/", headers=headers)

    assert response.status == 403
    page = await response.text()
    assert T("serve.no_access") in html.unescape(page)
    assert ('http-equiv="refresh"' in page) is refresh


async def test_a_refusal_for_a_wrong_host_is_told_to_the_admin_in_one_clean_line(
    served: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    # By hand: aiohttp's client will not send an escape character in a header.
    reader, writer = await asyncio.open_connection("127.0.0.1", served.client.port)
    writer.write(b"GET / HTTP/1.1\r\nHost: evil.example\xc2\x9b2J\r\nConnection: close\r\n\r\n")
    response = (await reader.read()).decode(errors="replace")
    writer.close()

    assert response.startswith("HTTP/1.1 403 ")
    assert T("serve.refused") in html.unescape(response)
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "\x9b" not in err
    assert err.startswith("Refused: Host: ")
    assert "(from 127.0.0.1); driehoek expects 127.0.0.1, 127.0.0.1:8000." in err


async def test_beyond_max_sessions_a_page_says_so_and_no_process_starts(tmp_path: Path) -> None:
    async with serving(tmp_path, gate(), max_sessions=1) as served:
        headers = {"Cookie": served.cookie, "Origin": ORIGIN}
        first = await served.client.ws_connect("/ws", headers=headers)
        await wait_until_async(lambda: served.started() == 1, "the first session's app")

        page = await served.client.get("/", headers=headers)
        assert page.status == 503
        assert T("serve.full", limit=1) in html.unescape(await page.text())
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await served.client.ws_connect("/ws", headers=headers)
        assert refused.value.status == 503
        assert served.started() == 1

        # The first tab closes: its process ends, and its place is free again.
        await first.close()
        await wait_until_async(lambda: not served.server.sessions.full, "the place to be freed")
        second = await served.client.ws_connect("/ws", headers=headers)
        await wait_until_async(lambda: served.started() == 2, "the second session's app")
        await second.close()
        await wait_until_async(lambda: served.server.sessions.running == 0, "all ended")


def test_sessions_count_the_places_taken_and_given_back() -> None:
    sessions = Sessions(2)

    assert sessions.take()
    assert sessions.take()
    assert sessions.full
    assert not sessions.take()
    sessions.give_back()
    assert not sessions.full
    assert sessions.take()


def test_the_access_log_leaves_the_token_out() -> None:
    record = logging.LogRecord(
        "aiohttp.access", logging.INFO, __file__, 1,
        f'127.0.0.1 "GET /?fontsize=14&token={TOKEN}&x=1 HTTP/1.1" 303', (), None,
    )  # fmt: skip

    _HideToken().filter(record)

    assert TOKEN not in record.getMessage()
    assert "fontsize=14&token=…&x=1" in record.getMessage()
