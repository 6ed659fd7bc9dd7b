"""An export in a browser is a download to the browser, and nothing is written on the server.

`driehoek serve` runs on a free loopback port, in a HOME and a working folder of its own;
headless Chromium saves downloads into a folder of the test's (DevTools'
`Browser.setDownloadBehavior`). In a meeting, Ctrl+S, Enter: the minutes arrive in that folder,
and the server's HOME (its XDG folders inside) and working folder hold exactly what they held
before the server started.
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
from driehoek.store import Store

from .chromium import Chromium, Page, chromium_path
from .conftest import in_ci
from .flows import T, driehoek_command
from .sshd import free_port
from .tmux import clean_env

pytestmark = pytest.mark.e2e

STUDENT = "Tess Wijnands"
ORGANISATION = "Bakkerij De Korenaar"
START_TIMEOUT = 60.0
"""Seconds for the server to listen: a Python start with aiohttp on a busy machine."""
DOWNLOAD_TIMEOUT = 30.0


@dataclass
class Server:
    """A running `driehoek serve` and where it could write."""

    process: subprocess.Popen[bytes]
    url: str
    home: Path
    cwd: Path
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


def app_url(server: Server) -> str:
    """The address a coordinator opens: the one place that knows how (a login token, when
    `serve` has one, goes here)."""
    return server.url


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Every entry below `folder`, with its size and modification time."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        found[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns)
    return found


@pytest.fixture
def chromium() -> str:
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed; the browser export test downloads with it"
        if in_ci():
            pytest.fail(f"{message}. .ci/run installs it (apt-get install chromium).")
        pytest.skip(f"{message} (apt-get install chromium)")
    return path


@pytest.fixture
def server(chromium: str, tmp_path: Path, home: Path) -> Iterator[Server]:
    """`driehoek serve` on a database with one intake, in a working folder of its own."""
    data = tmp_path / "srv"
    data.mkdir()
    db_path = data / "school.db"
    db = open_database(db_path)
    try:
        Store(db, clock=lambda: datetime.now(UTC), user="e2e").new_intake(STUDENT, ORGANISATION)
    finally:
        db.close()
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    log = tmp_path / "serve.log"
    running = None
    for _attempt in range(5):
        port = free_port()
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*driehoek_command(), "--db", str(db_path), "serve", "--port", str(port)],
                env=clean_env(home),
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        candidate = Server(process, f"http://127.0.0.1:{port}", home, cwd, log)
        deadline = time.monotonic() + START_TIMEOUT
        while process.poll() is None and "127.0.0.1" not in candidate.output():
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        if process.poll() is None and "127.0.0.1" in candidate.output():
            running = candidate
            break
        stop(candidate)
        if "Address already in use" not in candidate.output():
            raise AssertionError(f"the server did not start:\n{candidate.output()}")
    assert running is not None, "no free port for the server"
    try:
        yield running
    finally:
        if not stop(running):
            warnings.warn(f"driehoek serve had to be killed:\n{running.output()}", stacklevel=1)


def stop(server: Server) -> bool:
    """SIGTERM, as systemd would; True if it and its sessions ended by themselves."""
    process = server.process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(60)
    clean = process.poll() is not None
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
        clean = False
    process.wait(10)
    return clean


def downloaded(folder: Path) -> list[Path]:
    """The finished downloads in `folder` (Chromium writes `.crdownload` files until done)."""
    return [p for p in folder.iterdir() if not p.name.endswith(".crdownload")]


async def open_the_meeting(page: Page) -> None:
    await page.wait_for(T("home.search_placeholder"))
    await page.focus_terminal()
    await page.type("wijn")
    await page.press("Enter")
    await page.wait_for(T("step_title.participants"))


async def test_an_export_in_the_browser_is_a_download_and_the_server_keeps_nothing(
    server: Server, chromium: str, tmp_path: Path
) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    # What the server's account holds, as it started (its sessions have not run yet).
    home_before, cwd_before = listing(server.home), listing(server.cwd)
    async with Chromium(chromium) as browser:
        await browser.send(
            "Browser.setDownloadBehavior", behavior="allow", downloadPath=str(downloads)
        )
        page = await browser.new_page(app_url(server))
        await open_the_meeting(page)

        await page.ctrl("s")
        await page.wait_for(T("export.title"))
        assert "Je browser downloadt" in page.terminal.text()
        assert str(server.home) not in page.terminal.text()
        await page.press("Enter")

        await page.wait_until(lambda: bool(downloaded(downloads)), "a download", DOWNLOAD_TIMEOUT)
        [file] = downloaded(downloads)
        await page.wait_for("Je browser downloadt het verslag")

    assert file.name.startswith("verslag-")
    assert file.suffix == ".md"
    minutes = file.read_text(encoding="utf-8")
    assert minutes.startswith("# ")
    assert STUDENT in minutes
    assert ORGANISATION in minutes
    assert listing(server.home) == home_before
    assert listing(server.cwd) == cwd_before == {}
