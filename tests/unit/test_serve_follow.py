"""The read-only links of `driehoek serve`, against the real server's aiohttp application.

A link (`driehoek share MEETING`) opens that share's page and websocket, and the page's static
files; never the app's page, websocket or downloads, never another share. Its websocket starts
`driehoek follow --share N`; here the command is a stand-in that notes the arguments it was
given, so a test can tell which process a request started. tests/e2e/test_follow_browser.py
repeats the important cases in Chromium, with the real follower.
"""

from __future__ import annotations

import contextlib
import html
import shlex
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from conftest import FIXED_NOW
from driehoek import shares
from driehoek.database import open_database
from driehoek.domain import Party
from driehoek.i18n import Catalogue
from driehoek.serve_access import Gate
from driehoek.serve_follow import (
    MAX_COLUMNS,
    MAX_LINES,
    SESSIONS_PER_SHARE,
    FollowService,
    terminal_size,
)
from driehoek.serve_server import DriehoekServer
from driehoek.serve_url import PublicUrl
from driehoek.store import Store
from waiting import wait_until_async

PORT = 8000
HOST = f"127.0.0.1:{PORT}"
ORIGIN = f"http://{HOST}"
TOKEN = "q" * 43
T = Catalogue("en")


@dataclass
class Served:
    """The test client, the server, what it started, and the shares in its database."""

    client: TestClient[aiohttp.web.Request, aiohttp.web.Application]
    server: DriehoekServer
    starts: Path
    db_path: Path
    link: tuple[int, str]
    """The share of meeting 1 by link: its number and token."""
    other: tuple[int, str]
    """A link to meeting 2."""
    account_share: int
    """Meeting 1 shared with an account: no token opens it."""

    def started(self) -> list[str]:
        """The arguments of each process started so far ("" for the app itself)."""
        return self.starts.read_text().splitlines() if self.starts.exists() else []

    def cookie(self, share_id: int, token: str) -> str:
        return f"driehoek-follow-{PORT}-{share_id}={token}"

    @property
    def app_cookie(self) -> str:
        return f"{self.server.gate.cookie_name}={self.server.gate.cookie_value}"

    def store(self) -> Store:
        return Store(open_database(self.db_path), clock=lambda: FIXED_NOW, user="beheer")


@contextlib.asynccontextmanager
async def serving(
    tmp_path: Path, public: str = ORIGIN, noted: str = '"$*"'
) -> AsyncIterator[Served]:
    db_path = tmp_path / "gedeeld.db"
    store = Store(open_database(db_path), clock=lambda: FIXED_NOW, user="beheer")
    first = store.new_intake("Joris Valkenier", "Dagbesteding De Vlonder")
    second = store.new_intake("Sanne Dekker", "Bakkerij De Korenaar")
    link, token = shares.share_link(store, first)
    other, other_token = shares.share_link(store, second)
    account = shares.share_with_account(store, first, "mirjam")
    store.close()
    starts = tmp_path / "starts"
    # Notes its arguments (`follow --share N` for a link; or what `noted` says), then waits for
    # the first byte textual-serve sends it (the "quit" when its browser leaves) and ends.
    script = f"echo {noted} >> {shlex.quote(str(starts))}; head -c 1 >/dev/null"
    parsed = PublicUrl.parse(public)
    assert parsed is not None
    server = DriehoekServer(
        f"sh -c {shlex.quote(script)} sh",
        host="127.0.0.1",
        port=PORT,
        gate=Gate.make(parsed, "127.0.0.1", PORT, TOKEN),
        max_sessions=10,
        t=T,
        announcement="",
        db_path=db_path,
    )
    app = await server._make_app()
    async with TestClient(
        TestServer(app), cookie_jar=aiohttp.DummyCookieJar(), headers={"Host": HOST}
    ) as client:
        yield Served(
            client, server, starts, db_path, (link.id, token), (other.id, other_token), account.id
        )


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    async with serving(tmp_path) as s:
        yield s


async def status(served: Served, path: str, cookie: str | None = None, **headers: str) -> int:
    if cookie is not None:
        headers["Cookie"] = cookie
    response = await served.client.get(path, headers=headers, allow_redirects=False)
    return response.status


async def test_the_link_sets_a_cookie_of_its_own_and_leaves_the_address(served: Served) -> None:
    share_id, token = served.link

    response = await served.client.get(f"/follow/{share_id}/?token={token}", allow_redirects=False)

    assert response.status == 303
    assert response.headers["Location"] == f"/follow/{share_id}/"
    assert response.headers["Cache-Control"] == "no-store"
    cookie = response.headers["Set-Cookie"]
    assert cookie.split(";")[0] == served.cookie(share_id, token)
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert attributes == {"httponly", "path=/", "samesite=strict"}

    page = await served.client.get(
        f"/follow/{share_id}/", headers={"Cookie": served.cookie(share_id, token)}
    )
    assert page.status == 200
    text = await page.text()
    assert f'data-session-websocket-url="ws://{HOST}/follow/{share_id}/ws"' in text
    assert T("serve.follow_title") in text
    assert page.headers["Cache-Control"] == "no-store"
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert served.started() == []


async def test_a_link_opens_its_own_page_and_nothing_else(served: Served) -> None:
    share_id, token = served.link
    other_id, other_token = served.other
    mine = served.cookie(share_id, token)
    cases = [
        # Its own page and the page's script: yes.
        (f"/follow/{share_id}/", mine, 200),
        ("/static/js/textual.js", mine, 200),
        # The app, its downloads, and anything else of the server: no.
        ("/", mine, 403),
        (f"/?token={token}", mine, 403),
        ("/download/abc", mine, 403),
        # Another meeting's page: not with this cookie, nor with this token, nor with this
        # token under the other share's name.
        (f"/follow/{other_id}/", mine, 403),
        (f"/follow/{other_id}/?token={token}", None, 403),
        (f"/follow/{other_id}/", served.cookie(other_id, token), 403),
        # The account's share has no token: nothing opens it in a browser.
        (f"/follow/{served.account_share}/?token={token}", None, 403),
        (f"/follow/{served.account_share}/", served.cookie(served.account_share, token), 403),
        # Nothing, or rubbish.
        (f"/follow/{share_id}/?token=", None, 403),
        (f"/follow/{share_id}/?token={'x' * 5000}", None, 403),
        (f"/follow/{share_id}/?token=%00%0a{token}", None, 403),
        (f"/follow/{share_id}/", served.cookie(share_id, other_token), 403),
        ("/static/js/textual.js", served.cookie(share_id, other_token), 403),
        ("/follow/0/", None, 403),
        ("/follow/01/", None, 403),
        # The coordinators' cookie is no link.
        (f"/follow/{share_id}/", served.app_cookie, 403),
    ]
    for path, cookie, expected in cases:
        assert (path, cookie, await status(served, path, cookie)) == (path, cookie, expected)
    assert served.started() == []


async def test_the_links_page_and_websocket_check_host_and_origin_first(served: Served) -> None:
    share_id, token = served.link
    mine = served.cookie(share_id, token)
    path = f"/follow/{share_id}/"
    assert await status(served, path, mine, Origin=ORIGIN) == 200
    # Another site, another local port (another account's server), a sandbox, a
    # DNS-rebinding name: a valid cookie or token does not help.
    for headers in (
        {"Origin": "https://evil.example"},
        {"Origin": "http://127.0.0.1:8001"},
        {"Origin": "null"},
        {"Host": "evil.example:8000"},
    ):
        assert await status(served, path, mine, **headers) == 403, headers
        assert await status(served, "/static/js/textual.js", mine, **headers) == 403, headers
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await served.client.ws_connect(
                f"{path}ws", headers={"Cookie": mine, "Origin": ORIGIN, **headers}
            )
        assert refused.value.status == 403, headers
    response = await served.client.get(
        f"{path}?token={token}", headers={"Host": "evil.example"}, allow_redirects=False
    )
    assert response.status == 403
    assert "Set-Cookie" not in response.headers
    assert served.started() == []


async def test_a_links_websocket_runs_the_follower_of_its_share_and_never_the_app(
    served: Served,
) -> None:
    share_id, token = served.link
    headers = {"Cookie": served.cookie(share_id, token), "Origin": ORIGIN}

    for path in ("/ws", f"/follow/{served.other[0]}/ws"):
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await served.client.ws_connect(path, headers=headers)
        assert refused.value.status == 403
    socket = await served.client.ws_connect(f"/follow/{share_id}/ws", headers=headers)
    await wait_until_async(lambda: len(served.started()) == 1, "the follower to start")
    assert served.started() == [f"follow --share {share_id}"]
    await socket.close()
    await wait_until_async(lambda: served.server.sessions.running == 0, "the follower to end")


async def test_a_link_runs_a_few_followers_at_most(served: Served) -> None:
    share_id, token = served.link
    headers = {"Cookie": served.cookie(share_id, token), "Origin": ORIGIN}
    sockets = [
        await served.client.ws_connect(f"/follow/{share_id}/ws", headers=headers)
        for _ in range(SESSIONS_PER_SHARE)
    ]
    await wait_until_async(
        lambda: len(served.started()) == SESSIONS_PER_SHARE, "the followers to start"
    )

    page = await served.client.get(f"/follow/{share_id}/", headers=headers)
    assert page.status == 503
    assert T("serve.follow_full", limit=SESSIONS_PER_SHARE) in html.unescape(await page.text())
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await served.client.ws_connect(f"/follow/{share_id}/ws", headers=headers)
    assert refused.value.status == 503
    assert len(served.started()) == SESSIONS_PER_SHARE
    # The coordinators still have their places.
    assert not served.server.sessions.full

    for socket in sockets:
        await socket.close()
    await wait_until_async(lambda: served.server.sessions.running == 0, "the followers to end")
    assert served.server.follow_sessions.running == {}


@pytest.mark.parametrize("ended_by", ["stop", "signatures"])
async def test_an_ended_link_says_so_and_opens_nothing(served: Served, ended_by: str) -> None:
    share_id, token = served.link
    mine = served.cookie(share_id, token)
    store = served.store()
    if ended_by == "stop":
        shares.stop(store, 1)
    else:  # the last of the three signatures ends it, with nothing else done
        for party, name in zip(
            Party, ("Joris Valkenier", "Mirjam Smit", "Kees de Boer"), strict=True
        ):
            store.sign(1, party, name)
    store.close()

    for path, cookie in (
        (f"/follow/{share_id}/?token={token}", None),
        (f"/follow/{share_id}/", mine),
    ):
        response = await served.client.get(path, headers={"Cookie": cookie} if cookie else {})
        assert response.status == 410
        assert T("serve.follow_ended") in html.unescape(await response.text())
        assert "Set-Cookie" not in response.headers
    assert await status(served, "/static/js/textual.js", mine) == 403
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await served.client.ws_connect(
            f"/follow/{share_id}/ws", headers={"Cookie": mine, "Origin": ORIGIN}
        )
    assert refused.value.status == 410
    # The other meeting's link still holds.
    other_id, other_token = served.other
    assert await status(served, f"/follow/{other_id}/", served.cookie(other_id, other_token)) == 200
    assert served.started() == []


async def test_behind_the_proxy_a_link_lives_under_the_public_path(tmp_path: Path) -> None:
    async with serving(tmp_path, "https://intranet.school.example/driehoek") as served:
        share_id, token = served.link
        headers = {"Host": "intranet.school.example"}
        response = await served.client.get(
            f"/follow/{share_id}/?token={token}", headers=headers, allow_redirects=False
        )
        assert response.headers["Location"] == f"/driehoek/follow/{share_id}/"
        attributes = {p.strip().lower() for p in response.headers["Set-Cookie"].split(";")[1:]}
        assert attributes == {"httponly", "path=/driehoek", "samesite=strict", "secure"}
        page = await served.client.get(
            f"/follow/{share_id}/", headers={**headers, "Cookie": served.cookie(share_id, token)}
        )
        expected = f"wss://intranet.school.example/driehoek/follow/{share_id}/ws"
        assert f'data-session-websocket-url="{expected}"' in await page.text()


@pytest.mark.parametrize(
    ("asked", "given"),
    [
        (("132", "43"), (132, 43)),
        ((10**9, 10**9), (MAX_COLUMNS, MAX_LINES)),
        (("-5", 0), (1, 1)),
        (("1e9", None), (80, 24)),
        (([80], {"h": 1}), (80, 24)),
        ((float("inf"), "24"), (80, 24)),
    ],
)
def test_a_links_terminal_is_a_size_within_bounds(
    asked: tuple[object, object], given: tuple[int, int]
) -> None:
    assert terminal_size(*asked) == given


async def test_a_link_cannot_ask_for_a_terminal_of_a_billion_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with serving(tmp_path, noted='"$COLUMNS $ROWS"') as served:
        share_id, token = served.link
        headers = {"Cookie": served.cookie(share_id, token), "Origin": ORIGIN}
        socket = await served.client.ws_connect(
            f"/follow/{share_id}/ws?width=1000000000&height=1000000000", headers=headers
        )
        await wait_until_async(lambda: len(served.started()) == 1, "the follower to start")
        assert served.started() == [f"{MAX_COLUMNS} {MAX_LINES}"]
        await socket.close()
        await wait_until_async(lambda: served.server.sessions.running == 0, "the end")

    # And a resize from the page is bounded as well.
    sent: list[dict[str, object]] = []

    async def send_meta(self: FollowService, data: dict[str, object]) -> bool:
        sent.append(data)
        return True

    monkeypatch.setattr(FollowService, "send_meta", send_meta)
    service = FollowService(
        "true",
        write_bytes=lambda _data: None,  # type: ignore[arg-type,return-value]
        write_str=lambda _data: None,  # type: ignore[arg-type,return-value]
        close=lambda: None,  # type: ignore[arg-type,return-value]
        download_manager=served.server.download_manager,
    )
    await service.set_terminal_size(10**9, -1)
    assert sent == [{"type": "resize", "width": MAX_COLUMNS, "height": 1}]
