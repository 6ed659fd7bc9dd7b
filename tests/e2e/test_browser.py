"""driehoek in a browser: `driehoek serve`, opened in Debian's headless Chromium.

The server listens on a free loopback port with a database that already holds two placements.
The page shows the home screen with them, typing in the page filters the list, and an intake
and an agreement made in the browser are in the same database once the browser has closed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from driehoek.database import open_database
from driehoek.flow import Step
from driehoek.store import Store

from .chromium import Chromium, chromium_path
from .conftest import RecordTiming, in_ci
from .flows import INTAKE_STEPS, T, driehoek_command, step_heading, stored
from .sshd import descendants, free_port
from .tmux import clean_env, wait_for_process_end

pytestmark = pytest.mark.e2e

PLACEMENTS = (
    ("Tess Wijnands", "Bakkerij De Korenaar"),
    ("Bram Okkerse", "Zorgboerderij Het Wilgenhof"),
)
NEW_STUDENT = "Lotte Brandsma"
NEW_ORGANISATION = "Speel-o-theek De Knikker"
AGREEMENT = "Wekelijks logboek delen rb29"

START_TIMEOUT = 60.0
"""Seconds for the server to listen: a Python start with aiohttp on a busy machine."""


@dataclass
class Served:
    """A running `driehoek serve`, its database and its address."""

    process: subprocess.Popen[bytes]
    db_path: Path
    url: str
    log: Path

    def output(self) -> str:
        """What the server printed, for a failure message."""
        return self.log.read_text(errors="replace")[-4000:]


@pytest.fixture
def chromium() -> str:
    """Debian's Chromium; missing is a failure in CI and a skip elsewhere."""
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed; the browser test opens the app in it"
        if in_ci():
            pytest.fail(f"{message}. .ci/run installs it (apt-get install chromium).")
        pytest.skip(f"{message} (apt-get install chromium)")
    return path


def seed(db_path: Path) -> None:
    """Two placements, each with an intake, written as any coordinator would."""
    db = open_database(db_path)
    try:
        store = Store(db, clock=lambda: datetime.now(UTC), user="e2e")
        for student, organisation in PLACEMENTS:
            store.new_intake(student, organisation)
    finally:
        db.close()


def start_server(db_path: Path, home: Path, log: Path) -> Served:
    """`driehoek --db DB serve --port N` on a free port; retried if another takes the port."""
    for _attempt in range(5):
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*driehoek_command(), "--db", str(db_path), "serve", "--port", str(port)],
                env=clean_env(home),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its sessions' driehoek processes join its group
            )
        served = Served(process, db_path, url, log)
        deadline = time.monotonic() + START_TIMEOUT
        while process.poll() is None and T("serve.serving", url=url) not in served.output():
            if time.monotonic() > deadline:
                stop_server(served)
                raise AssertionError(f"the server did not start:\n{served.output()}")
            time.sleep(0.05)
        if process.poll() is None:
            return served
        if "Address already in use" not in served.output():
            raise AssertionError(f"the server ended at once:\n{served.output()}")
    raise AssertionError(f"no free port for the server:\n{served.output()}")


def stop_server(served: Served) -> bool:
    """Stop the server as systemd would (SIGTERM); True if it and its sessions ended."""
    process = served.process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(60)
    clean = process.poll() is not None
    with contextlib.suppress(ProcessLookupError):  # anything left in its group
        os.killpg(process.pid, signal.SIGKILL)
        clean = False
    process.wait(10)
    return clean


@pytest.fixture
def served(chromium: str, tmp_path: Path, home: Path, db_path: Path) -> Iterator[Served]:
    """`driehoek serve` on a free loopback port, on a database with PLACEMENTS."""
    seed(db_path)
    server = start_server(db_path, home, tmp_path / "serve.log")
    try:
        yield server
    finally:
        if not stop_server(server):
            warnings.warn(f"driehoek serve had to be killed:\n{server.output()}", stacklevel=1)


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
    for pid in descendants(served.process.pid):
        assert wait_for_process_end(pid, 30), "driehoek still runs after its browser closed"
    with stored(served.db_path) as store:
        meetings = {summary.student: summary.id for summary in store.meetings()}
        assert sorted(meetings) == sorted([NEW_STUDENT, *(student for student, _ in PLACEMENTS)])
        agreements = store.meeting(meetings[NEW_STUDENT]).agreements
    assert [agreement.text for agreement in agreements] == [AGREEMENT]
