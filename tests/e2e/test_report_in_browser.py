"""The workplace report's HTML page in a real browser (Debian's headless Chromium): every chart
is drawn, with its bars, and neither a chart nor a table of numbers is wider than the page, so
it prints whole. The page comes from `driehoek report workplaces --format html`, on the demo."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from driehoek import cli
from driehoek.database import open_database
from driehoek.demo import seed_demo
from driehoek.store import Store

from .chromium import DEFAULT_TIMEOUT, Chromium, Page, chromium_path
from .conftest import in_ci

pytestmark = pytest.mark.e2e

NOW = datetime(2026, 11, 28, 10, 30, tzinfo=UTC)
MEASURE = """(() => {
  const main = document.querySelector('main').getBoundingClientRect();
  const box = (e) => e.getBoundingClientRect();
  return {
    charts: [...document.querySelectorAll('figure.chart svg')].map((svg) => ({
      width: box(svg).width,
      height: box(svg).height,
      right: box(svg).right,
      blocks: svg.querySelectorAll('rect').length,
      title: svg.querySelector('title').textContent,
    })),
    tables: [...document.querySelectorAll('table.numbers')].map((t) => box(t).right),
    right: main.right,
    font: getComputedStyle(document.body).fontFamily,
  };
})()"""


@pytest.fixture
def chromium() -> str:
    """Debian's Chromium; missing is a failure in CI and a skip elsewhere."""
    path = chromium_path()
    if path is None:
        message = "no /usr/bin/chromium"
        if in_ci():
            pytest.fail(message)
        pytest.skip(f"{message} (apt-get install chromium)")
    return path


async def loaded(page: Page) -> None:
    deadline = time.monotonic() + DEFAULT_TIMEOUT
    while await page.evaluate("document.readyState") != "complete":
        assert time.monotonic() < deadline, "the page did not load"
        await asyncio.sleep(0.05)


async def measure(url: str, executable: str, width: int) -> dict[str, Any]:
    async with Chromium(executable) as browser:
        page = await browser.new_page("about:blank")
        await page.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=900,
            deviceScaleFactor=1,
            mobile=False,
        )
        await page.send("Page.navigate", url=url)
        await loaded(page)
        result: dict[str, Any] = await page.evaluate(MEASURE)
        return result


@pytest.mark.parametrize("width", [1200, 700])
def test_the_charts_are_drawn_and_fit_the_page(
    chromium: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    db = open_database(tmp_path / "demo.db")
    seed_demo(Store(db, clock=lambda: NOW, user="e2e"))
    db.close()
    monkeypatch.setattr(cli, "_now", lambda: NOW)
    page = tmp_path / "werkplekken.html"
    args = ["report", "workplaces", "--format", "html", "--db", str(tmp_path / "demo.db")]
    assert cli.main([*args, "-o", str(page)]) == 0

    seen = asyncio.run(measure(page.as_uri(), chromium, width))

    # The inline style applies (the page's policy allows it), so the layout below is the page's.
    assert "system-ui" in seen["font"]
    titles = [chart["title"] for chart in seen["charts"]]
    assert "Zorgcentrum De Wilgenhoek: de factoren per kwartaal" in titles
    for chart in seen["charts"]:
        assert chart["width"] > 200, chart
        assert chart["height"] > 100, chart
        assert chart["blocks"] > 4, chart  # the legend's four, and bars
        assert chart["right"] <= seen["right"] + 1, chart
    assert len(seen["tables"]) == len(seen["charts"])
    assert all(right <= seen["right"] + 1 for right in seen["tables"]), seen
