"""A party's preparation form in a real browser: headless Chromium opens the link `driehoek
prepare --link` printed, the supervisor ticks a box and writes a note, sends it, and the form
comes back kept; the token has left the address bar, the cookie is the link's own. Chromium
keeps the page's rules (its CSP lets the form be sent back here only), which a script could
not show. Names are invented."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from driehoek.database import open_database
from driehoek.domain import Factor, FactorStatus, Party
from driehoek.store import Store

from .chromium import Chromium
from .flows import driehoek_command
from .serving import PLACEMENTS, Served, running_server, seed
from .tmux import clean_env

pytestmark = pytest.mark.e2e


@pytest.fixture
def served(chromium: str, tmp_path: Path, home: Path, db_path: Path) -> Iterator[Served]:
    """`driehoek serve` on a free loopback port, on a database with PLACEMENTS."""
    seed(db_path)
    with running_server(db_path, home, tmp_path / "serve.log") as server:
        yield server


async def test_the_workplace_fills_in_its_form_in_the_browser(
    served: Served, chromium: str, home: Path
) -> None:
    result = subprocess.run(
        [*driehoek_command(), "--db", str(served.db_path), "prepare", "1", "--party",
         "workplace", "--link", "--public-url", served.origin],
        env=clean_env(home), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    link = result.stdout.strip().splitlines()[-1]
    page_url = f"{served.origin}/prepare/1/"
    assert link.startswith(f"{page_url}?token=")

    async with Chromium(chromium) as browser:
        page = await browser.new_page(link)
        words = await page.wait_for_page_text("Dit formulier is voor: werkplek")
        assert PLACEMENTS[0][0] in words
        assert PLACEMENTS[1][0] not in words
        assert await page.evaluate("location.href") == page_url
        assert not [url for url in await page.history() if "token" in url]
        (cookie,) = await page.cookies()
        assert cookie["name"] == f"driehoek-prepare-{served.port}-1"
        assert (cookie["httpOnly"], cookie["sameSite"]) == (True, "Strict")

        note = json.dumps("Ze plant <b>zelf</b> haar activiteiten.")
        await page.evaluate(
            'document.querySelector(\'input[name="status-autonomy"][value="present"]\')'
            ".click();"
            f"document.querySelector('textarea[name=\"note-autonomy\"]').value = {note};"
            "document.querySelector('form').requestSubmit(); true"
        )
        words = await page.wait_for_page_text("Bewaard.")
        assert await page.evaluate("location.href") == f"{page_url}?kept=1"
        checked = "document.querySelector('input[name=\"status-autonomy\"]:checked').value"
        assert await page.evaluate(checked) == "present"

    store = Store(open_database(served.db_path), clock=lambda: datetime.now(UTC), user="e2e")
    try:
        [kept] = store.meeting(1).preparations
    finally:
        store.close()
    assert kept.party is Party.WORKPLACE
    autonomy = kept.factor(Factor.AUTONOMY)
    assert (autonomy.status, autonomy.note) == (
        FactorStatus.PRESENT,
        "Ze plant <b>zelf</b> haar activiteiten.",
    )
