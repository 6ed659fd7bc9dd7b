"""Who gets into `driehoek serve`, tried in headless Chromium as someone with bad intent would.

The coordinator has driehoek open in one tab and visits another site in the next: that site's
script tries to open driehoek's websocket and read its page. A DNS-rebinding name points at the
server. Someone without the link opens the address. One tab too many is opened. Each refused
case leaves the database byte for byte as it was and starts no app process; the link itself,
opened from another site, still gets its owner in.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from waiting import wait_until

from .chromium import DEFAULT_TIMEOUT, Chromium, Page
from .flows import T
from .serving import PLACEMENTS, Served, fingerprint, running_server, seed
from .sshd import free_port
from .tmux import wait_for_process_end

pytestmark = pytest.mark.e2e

HOME_SCREEN = T("home.search_placeholder")
FOREIGN_SCRIPT = """
const target = TARGET;
const outcome = {};
const report = () => {
  if ("websocket" in outcome && "fetch" in outcome) {
    document.getElementById("outcome").textContent = JSON.stringify(outcome);
  }
};
const socket = new WebSocket(target.websocket);
socket.onopen = () => { outcome.websocket = "opened"; report(); };
socket.onclose = () => { outcome.websocket = outcome.websocket || "refused"; report(); };
fetch(target.page, { credentials: "include" })
  .then((response) => response.text())
  .then((text) => { outcome.fetch = "read: " + text.slice(0, 200); })
  .catch(() => { outcome.fetch = "refused"; })
  .finally(report);
"""
"""The other site's script: opens driehoek's websocket, reads its page, writes what happened."""


@pytest.fixture
def served(chromium: str, tmp_path: Path, home: Path, db_path: Path) -> Iterator[Served]:
    """`driehoek serve` on a free loopback port, on a database with PLACEMENTS."""
    seed(db_path)
    with running_server(db_path, home, tmp_path / "serve.log") as server:
        yield server


@contextlib.asynccontextmanager
async def other_site(host: str, html: str) -> AsyncIterator[str]:
    """A web site of someone else's on `host` (a loopback address), serving `html`; yields its
    address."""

    async def page(request: web.Request) -> web.Response:
        return web.Response(text=html, content_type="text/html")

    app = web.Application()
    app.router.add_get("/", page)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    for _attempt in range(5):  # another program may take the free port first
        port = free_port()
        with contextlib.suppress(OSError):
            await web.TCPSite(runner, host, port).start()
            break
    try:
        yield f"http://{host}:{port}/"
    finally:
        await runner.cleanup()


def page_status(served: Served, cookie: str) -> int:
    """The status of driehoek's page for someone with `cookie` (a page starts no process)."""
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    try:
        connection.request("GET", "/", headers={"Cookie": cookie})
        return connection.getresponse().status
    finally:
        connection.close()


async def wait_for_outcome(page: Page) -> dict[str, str]:
    """What the other site's script saw, once it wrote it."""
    deadline = time.monotonic() + DEFAULT_TIMEOUT
    while True:
        with contextlib.suppress(RuntimeError):
            written = await page.evaluate("document.getElementById('outcome').textContent")
            if written and written != "waiting":
                outcome: dict[str, str] = json.loads(written)
                return outcome
        if time.monotonic() > deadline:
            raise AssertionError(f"the other site's script wrote nothing: {page.console}")
        await asyncio.sleep(0.05)


@pytest.mark.parametrize(
    "foreign_host",
    [
        # Another port of the same address: the same *site* to the browser, so it sends the
        # SameSite=Strict cookie along; only the Origin check stands in the way.
        "127.0.0.1",
        # Another address: another site, as any web site elsewhere.
        "127.0.0.2",
    ],
    ids=["same-site-other-port", "cross-site"],
)
async def test_a_page_from_another_origin_cannot_open_the_app_or_read_it(
    served: Served, chromium: str, foreign_host: str
) -> None:
    target = {"websocket": f"ws://127.0.0.1:{served.port}/ws?width=80&height=24",
              "page": f"{served.origin}/"}  # fmt: skip
    script = FOREIGN_SCRIPT.replace("TARGET", json.dumps(target))
    html = f'<!DOCTYPE html><pre id="outcome">waiting</pre><script>{script}</script>'

    async with Chromium(chromium) as browser, other_site(foreign_host, html) as address:
        # The coordinator is in: driehoek open in one tab, its cookie in the browser.
        app = await browser.new_page(served.url)
        await app.wait_for(PLACEMENTS[0][0])
        (coordinators_app,) = served.app_processes()
        before = fingerprint(served.db_path)

        # ... and visits the other site in the next tab.
        foreign = await browser.new_page(address)
        outcome = await wait_for_outcome(foreign)

        assert outcome == {"websocket": "refused", "fetch": "refused"}
        assert served.app_processes() == [coordinators_app], "the other site started an app"
    assert fingerprint(served.db_path) == before
    refusals = served.output().count(f"Origin: 'http://{foreign_host}:")
    assert refusals == 2, f"the server told the admin of both:\n{served.output()}"


async def test_a_dns_rebinding_name_gets_nothing(served: Served, chromium: str) -> None:
    before = fingerprint(served.db_path)
    token = served.url.split("token=", 1)[1]

    # A browser that resolves evil.example to the server, as DNS rebinding makes it do.
    rebinding = ("--host-resolver-rules=MAP evil.example 127.0.0.1",)
    async with Chromium(chromium, rebinding) as browser:
        page = await browser.new_page(f"http://evil.example:{served.port}/?token={token}")
        await page.wait_for_page_text(T("serve.refused"))
        assert not await page.cookies()

    # And by hand: the page, the link, and the websocket with a valid cookie.
    for path in ("/", f"/?token={token}", "/static/js/textual.js"):
        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
        connection.request("GET", path, headers={"Host": "evil.example"})
        response = connection.getresponse()
        assert (path, response.status) == (path, 403)
        assert "Set-Cookie" not in response.headers
        connection.close()
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        await client.get(served.url)  # the cookie, for the right name
        headers = {
            "Host": f"evil.example:{served.port}",
            "Origin": f"http://evil.example:{served.port}",
        }
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(f"ws://127.0.0.1:{served.port}/ws", headers=headers)
        assert refused.value.status == 403
    assert served.app_processes() == []
    assert fingerprint(served.db_path) == before


@pytest.mark.parametrize("address", ["/", "/?token=not-the-token-but-long-enough-xyz"])
async def test_without_the_link_the_page_says_how_to_get_in(
    served: Served, chromium: str, address: str
) -> None:
    before = fingerprint(served.db_path)

    async with Chromium(chromium) as browser:
        page = await browser.new_page(served.origin + address)
        words = await page.wait_for_page_text(T("serve.no_access"))
        assert T("serve.no_access_title") in words
        assert not await page.cookies()
        assert page.terminal_socket is None, "the page opened no websocket"

    assert served.app_processes() == []
    assert fingerprint(served.db_path) == before


async def test_the_link_opened_from_another_site_gets_its_owner_in(
    served: Served, chromium: str
) -> None:
    # A link in a mail or on the intranet: a navigation from another site, which does not send
    # a SameSite=Strict cookie along. driehoek's page reloads itself once, and then it does.
    html = f'<!DOCTYPE html><a id="go" href="{served.url}">driehoek</a>'
    async with Chromium(chromium) as browser, other_site("127.0.0.2", html) as address:
        page = await browser.new_page(address)
        await page.wait_for_page_text("driehoek")
        await page.evaluate("document.getElementById('go').click()")
        await page.wait_for(HOME_SCREEN)
        assert not [url for url in await page.history() if "token" in url]


async def test_beyond_max_sessions_a_tab_is_told_so_and_starts_nothing(
    chromium: str, tmp_path: Path, home: Path, db_path: Path
) -> None:
    seed(db_path)
    log = tmp_path / "serve.log"
    with running_server(db_path, home, log, "--max-sessions", "1") as served:
        async with Chromium(chromium) as browser:
            first = await browser.new_page(served.url)
            await first.wait_for(HOME_SCREEN)
            (first_app,) = served.app_processes()
            before = fingerprint(served.db_path)

            second = await browser.new_page(f"{served.origin}/")  # in already: the cookie
            words = await second.wait_for_page_text(T("serve.full", limit=1))
            assert T("serve.full_title") in words
            assert served.app_processes() == [first_app]
            assert fingerprint(served.db_path) == before

            # The first tab closes; its process ends and the place is free for the second.
            (cookie,) = await first.cookies()
            await first.close()
            assert wait_for_process_end(first_app, 30), "the closed tab's driehoek still runs"
            # The server frees the place once it has read the end of the process's output.
            wait_until(
                lambda: page_status(served, f"{cookie['name']}={cookie['value']}") == 200,
                "the server to free the closed tab's place",
                timeout=30,
            )
            await second.navigate(f"{served.origin}/")
            await second.wait_for(HOME_SCREEN)
            assert len(served.app_processes()) == 1
