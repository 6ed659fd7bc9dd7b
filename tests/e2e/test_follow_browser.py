"""The read-only link in a browser: `driehoek share 1` prints it, the running `driehoek serve`
honours it, and headless Chromium opens it as a workplace supervisor would.

The server holds two placements, each with an intake; only meeting 1 is shared. Opened from the
printed link, the page shows meeting 1's minutes, and the token leaves the address bar and the
history; the server runs `driehoek follow --share N` for it and nothing else. What a
coordinator's session saves shows in the page (the delays are recorded, never asserted). Every
key typed into the page changes no byte of the database. With the link's cookie, the app's page
and meeting 2's page are refused, and start no process. When the share is stopped, the open
page takes the minutes away, and loading the link again says that following has ended.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from driehoek.database import open_database
from driehoek.store import Store

from .chromium import Chromium, Page
from .flows import T, driehoek_command
from .serving import PLACEMENTS, Served, fingerprint, running_server, seed
from .tmux import clean_env, wait_for_process_end

pytestmark = pytest.mark.e2e

GOALS = ("Zelfstandig een dienst draaien", "De ochtendkring leiden", "Rapporteren")
ARRIVAL_DEADLINE = 20.0
"""Seconds a save may take to show in the page before the test fails (the delays are recorded)."""


@pytest.fixture
def served(chromium: str, tmp_path: Path, home: Path, db_path: Path) -> Iterator[Served]:
    """`driehoek serve` on a free loopback port, on a database with PLACEMENTS."""
    seed(db_path)
    with running_server(db_path, home, tmp_path / "serve.log") as server:
        yield server


def driehoek(served: Served, home: Path, *args: str) -> str:
    """An admin's `driehoek --db DB ARGS` on the server's database; what it printed."""
    result = subprocess.run(
        [*driehoek_command(), "--db", str(served.db_path), *args],
        env=clean_env(home),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result
    return result.stdout


def processes(served: Served) -> list[list[bytes]]:
    """The arguments of every driehoek process the server runs for a browser session."""
    found = []
    for pid in served.app_processes():
        with contextlib.suppress(OSError):
            found.append(Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[3:-1])
    return found


async def refused(page: Page, url: str, words: str) -> None:
    """Load `url` in `page` and wait for the refusal's `words`."""
    await page.navigate(url)
    await page.wait_for_page_text(words)


async def test_a_link_shows_its_meeting_as_it_is_written_and_nothing_else(
    served: Served, chromium: str, home: Path, record_timing: Callable[[str, float], None]
) -> None:
    printed = driehoek(served, home, "share", "1", "--public-url", served.origin)
    link = printed.strip().splitlines()[-1]
    assert link.startswith(f"{served.origin}/follow/1/?token="), printed
    follow = ["--db", str(served.db_path), "--lang", "nl", "follow", "--share", "1"]

    async with Chromium(chromium) as browser:
        started = time.monotonic()
        page = await browser.new_page(link)
        await page.wait_for(T("follow.draft", signed=0))
        record_timing("browser: link opened -> the minutes", time.monotonic() - started)
        await page.wait_for(PLACEMENTS[0][0])
        assert PLACEMENTS[1][0] not in page.terminal.text()

        # The token has left the address bar and the history; the cookie is the link's own.
        assert await page.evaluate("location.href") == f"{served.origin}/follow/1/"
        assert not [url for url in await page.history() if "token" in url]
        (cookie,) = await page.cookies()
        assert cookie["name"] == f"driehoek-follow-{served.port}-1"
        assert (cookie["httpOnly"], cookie["sameSite"]) == (True, "Strict")
        assert {urlsplit(url).netloc for url in page.requests} == {f"127.0.0.1:{served.port}"}
        # The server runs the follower for this share, never the app.
        assert [[a.decode() for a in argv] for argv in processes(served)] == [follow]

        # A coordinator's session saves; each save shows in the page.
        store = Store(open_database(served.db_path), clock=lambda: datetime.now(UTC), user="e2e")
        try:
            for goal in GOALS:
                created = store.add_goal(1)
                store.update_goal(created.id, created.version, goal)
                saved = time.monotonic()
                await page.wait_for(goal, ARRIVAL_DEADLINE)
                record_timing(f"save -> the link's page ({goal[:12]})", time.monotonic() - saved)
        finally:
            store.close()

        # Every key typed into the page: not a byte changes, and the minutes stay.
        before = fingerprint(served.db_path)
        await page.focus_terminal()
        await page.type("abcdefghijklmnopqrstuvwxyz0123456789 +-/?~")
        for letter in "abcdefghijklmnoprstuvwxyz":  # not q: it quits
            await page.ctrl(letter)
        for key in ("Enter", "Tab"):
            await page.press(key)
        await page.wait_until(
            lambda: GOALS[0] in page.terminal.text() and T("follow.footer") in page.terminal.text(),
            "the minutes after every key",
        )
        assert fingerprint(served.db_path) == before

        # With the link's cookie, the app and another meeting are refused in another tab.
        other = await browser.new_page(f"{served.origin}/")
        await other.wait_for_page_text(T("serve.no_access_title"))
        await refused(other, f"{served.origin}/follow/2/", T("serve.no_access_title"))
        await refused(other, link.replace("/follow/1/", "/follow/2/"), T("serve.no_access_title"))
        assert [[a.decode() for a in argv] for argv in processes(served)] == [follow]
        assert fingerprint(served.db_path) == before

        # The share is stopped: the open page takes the minutes away; the link opens nothing.
        driehoek(served, home, "share", "1", "--stop")
        # The status line changes before the minutes below it are taken away (a later frame):
        # wait for both, rather than look once when the status shows.
        stopped = T("follow.stopped")
        await page.wait_until(
            lambda: stopped in (shown := page.terminal.text()) and GOALS[0] not in shown,
            "the share stopped and the minutes gone",
            ARRIVAL_DEADLINE,
        )
        await refused(other, link, T("serve.follow_ended"))

    for pid in served.app_processes():
        assert wait_for_process_end(pid, 30), "a follower still runs after its browser closed"
