"""An export in a browser is a download to the browser, and nothing is written on the server.

`driehoek serve` runs on a free loopback port, in a HOME and a working folder of its own;
headless Chromium saves downloads into a folder of the test's (DevTools'
`Browser.setDownloadBehavior`). In a meeting, Ctrl+S, Enter: the minutes arrive in that folder,
and the server's HOME (its XDG folders inside) and working folder hold exactly what they held
before the server started.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .chromium import Chromium, Page
from .flows import T
from .serving import PLACEMENTS, Served, running_server, seed

pytestmark = pytest.mark.e2e

STUDENT, ORGANISATION = PLACEMENTS[0]
DOWNLOAD_TIMEOUT = 30.0


@dataclass
class Server:
    """A running `driehoek serve` and the folders where it could write."""

    served: Served
    home: Path
    cwd: Path


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Every entry below `folder`, with its size and modification time."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        found[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns)
    return found


@pytest.fixture
def server(chromium: str, tmp_path: Path, home: Path) -> Iterator[Server]:
    """`driehoek serve` on a database with two intakes, in a working folder of its own."""
    data = tmp_path / "srv"
    data.mkdir()
    db_path = data / "school.db"
    seed(db_path)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    with running_server(db_path, home, tmp_path / "serve.log", cwd=cwd) as served:
        yield Server(served, home, cwd)


def downloaded(folder: Path) -> list[Path]:
    """The finished downloads in `folder`, or none while one is still under way.

    Chromium writes into a `.crdownload` file until done, and may reserve the final name as an
    empty file meanwhile: a download counts once no `.crdownload` is left and it is not empty.
    """
    entries = list(folder.iterdir())
    if any(p.name.endswith(".crdownload") for p in entries):
        return []
    return [p for p in entries if p.stat().st_size > 0]


async def open_the_meeting(page: Page) -> None:
    await page.wait_for(T("home.search_placeholder"))
    await page.focus_terminal()
    await page.type("wijn")
    # As a user does, Enter once the list shows what was typed: the keys typed reach the
    # server one websocket message each, and a key lost on a loaded machine would otherwise
    # open whatever tops the list.
    await page.wait_until(
        lambda: PLACEMENTS[1][0] not in page.terminal.text(), "the list to filter"
    )
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
        page = await browser.new_page(server.served.url)
        await open_the_meeting(page)

        await page.ctrl("s")
        await page.wait_for(T("export.title"))
        # The dialog's text is drawn after its title, maybe in a later piece of output.
        await page.wait_for("Je browser downloadt")
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
