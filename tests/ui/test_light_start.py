"""The first screen starts as light as a bare Textual app: the real `driehoek --db` command, up
to the home screen filled from the database, imports nothing it does not draw (issue 14).

sqlite-utils (with click, dateutil and pluggy: about 0.2 s and 6 MiB) comes in when the store
first writes; the exports, the other screens and the web server when they are used.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from driehoek.database import open_database
from driehoek.demo import seed_demo
from driehoek.store import Store

NOT_AT_START = (
    "sqlite_utils",
    "click",
    "dateutil",
    "pluggy",
    "icalendar",
    "hashlib",
    "rich._emoji_codes",
    "driehoek.logbook",
    "driehoek.signing",
    "driehoek.csv_import",
    "driehoek.maintenance",
    "driehoek.privacy",
    "driehoek.screens.workplaces",
    "driehoek.screens.new_intake",
    "driehoek.report",
)
"""What the home screen's first paint does without."""

# The command line as `driehoek --db PATH` runs it, with a pilot that looks at sys.modules
# once the home screen is up and its list filled, and then leaves.
FIRST_SCREEN = """
import json, sys
from textual.app import App

from driehoek import cli
from driehoek.screens.home import HomeScreen

run = App.run
seen = {}

def run_with_pilot(self, *args, **kwargs):
    async def look(pilot):
        await pilot.pause()
        while not isinstance(self.screen, HomeScreen):
            await pilot.pause()  # the condition, polled: no fixed wait
        await pilot.pause()
        seen["rows"] = self.screen.placements_table.row_count
        seen["modules"] = sorted(m for m in json.loads(sys.argv[2]) if m in sys.modules)
        self.exit()
    return run(self, *args, headless=True, size=(80, 24), auto_pilot=look, **kwargs)

App.run = run_with_pilot
code = cli.main(["--db", sys.argv[1]])
print(json.dumps(seen))
sys.exit(code)
"""


def test_the_first_screen_imports_neither_sqlite_utils_nor_what_it_does_not_draw(
    tmp_path: Path,
) -> None:
    path = tmp_path / "demo.db"
    store = Store(open_database(path), clock=lambda: datetime.now(UTC), user="opzet")
    seed_demo(store)
    store.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    # A browser session's driver needs no terminal (`interactive.refusal`): headless here.
    env |= {
        "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN, str(path), json.dumps(NOT_AT_START)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["rows"] > 0  # the list was filled from the database
    assert seen["modules"] == []
