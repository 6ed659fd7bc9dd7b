"""driehoek in a browser: `driehoek serve`, opened in Debian's headless Chromium.

The server listens on a free loopback port with a database that already holds two placements.
The browser opens the link the server printed; the page shows the home screen with them, typing
in the page filters the list, and an intake and an agreement made in the browser are in the same
database once the browser has closed. On the way: the token has left the address bar and the
tab's history, the cookie it set is HttpOnly and SameSite=Strict, and the page asked for
nothing outside the server.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from driehoek.flow import Step
from timings import RecordTiming

from .chromium import Chromium
from .flows import INTAKE_STEPS, T, step_heading, stored
from .serving import PLACEMENTS, Served, running_server, seed
from .tmux import wait_for_process_end

pytestmark = pytest.mark.e2e

NEW_STUDENT = "Lotte Brandsma"
NEW_ORGANISATION = "Speel-o-theek De Knikker"
AGREEMENT = "Wekelijks logboek delen rb29"


@pytest.fixture
def served(chromium: str, tmp_path: Path, home: Path, db_path: Path) -> Iterator[Served]:
    """`driehoek serve` on a free loopback port, on a database with PLACEMENTS."""
    seed(db_path)
    with running_server(db_path, home, tmp_path / "serve.log") as server:
        yield server


async def test_the_browser_shows_the_home_screen_and_what_is_typed_there_is_saved(
    served: Served, chromium: str, record_timing: RecordTiming
) -> None:
    async with Chromium(chromium) as browser:
        started = time.monotonic()
        page = await browser.new_page(served.url)
        await page.wait_for(T("home.search_placeholder"))
        record_timing("browser: page opened -> home screen", time.monotonic() - started)
        for student, _organisation in PLACEMENTS:
            await page.wait_for(student)

        # In with the link; the token is gone from the address bar and from the history.
        history = await page.history()
        assert history[-1] == f"{served.origin}/"
        assert not [url for url in history if "token" in url], history
        assert await page.evaluate("location.href") == f"{served.origin}/"
        (cookie,) = await page.cookies()
        assert (cookie["httpOnly"], cookie["sameSite"], cookie["path"]) == (True, "Strict", "/")
        # Everything the page asked for came from the server: no font from Google, nothing else.
        assert page.requests, "the page's requests were followed"
        assert {urlsplit(url).netloc for url in page.requests} == {f"127.0.0.1:{served.port}"}
        assert not [line for line in page.console if "Content Security Policy" in line]

        # The search field has the focus: a few letters filter the list.
        await page.focus_terminal()
        await page.type("wijn")
        await page.wait_until(
            lambda: PLACEMENTS[1][0] not in page.terminal.text(), "the list to filter"
        )
        assert PLACEMENTS[0][0] in page.terminal.text()

        # An intake started in the browser.
        await page.ctrl("n")
        await page.wait_for(T("new.title"))
        await page.type(NEW_STUDENT)
        await page.press("Enter")
        await page.type(NEW_ORGANISATION)
        await page.press("Enter")
        await page.wait_for(step_heading(Step.PARTICIPANTS))

        # An agreement, and the tab closes as soon as it is on screen.
        await page.ctrl("g")
        await page.wait_for(T("meeting.goto_title"))
        await page.type(str(INTAKE_STEPS.index(Step.AGREEMENTS) + 1))
        await page.wait_for(step_heading(Step.AGREEMENTS))
        await page.ctrl("t")  # a new agreement: the cursor is in its text
        await page.type(AGREEMENT)
        await page.wait_for(AGREEMENT)

    # The browser is gone: its driehoek ends, and what it wrote is in the server's database.
    for pid in served.app_processes():
        assert wait_for_process_end(pid, 30), "driehoek still runs after its browser closed"
    with stored(served.db_path) as store:
        meetings = {summary.student: summary.id for summary in store.meetings()}
        assert sorted(meetings) == sorted([NEW_STUDENT, *(student for student, _ in PLACEMENTS)])
        agreements = store.meeting(meetings[NEW_STUDENT]).agreements
    assert [agreement.text for agreement in agreements] == [AGREEMENT]
