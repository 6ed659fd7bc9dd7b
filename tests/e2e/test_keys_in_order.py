"""A real burst of keys in a real terminal: End, Ctrl+U and a file name sent to the export
dialog in one go, as a laggy SSH link delivers them, name the export.

In Textual, Ctrl+U acted only after the letters queued behind it, so the name typed was wiped
and the export got the proposed name, or none (tests/ui/test_keys_in_order.py has the rest).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .flows import T, Terminals, start_intake, wait_for_home
from .tmux import PaneExit

pytestmark = pytest.mark.e2e

NAME = "intake-de-hoeve.md"


def finished(folder: Path) -> list[str]:
    """The files in `folder`, leaving out an export still being written (a hidden temporary
    file that becomes the export when it is whole)."""
    return (
        sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
        if folder.is_dir()
        else []
    )


def test_end_ctrl_u_and_a_name_sent_in_one_burst_name_the_export(
    terminals: Terminals, home: Path, db_path: Path
) -> None:
    exports = home / ".local" / "share" / "driehoek" / "exports"  # no Documents folder here
    app = terminals.start("--db", str(db_path))
    wait_for_home(app)
    start_intake(app, "Lotte Brandsma", "Zorgboerderij De Hoeve")
    app.keys("C-s")
    app.wait_for(T("export.title"))
    app.burst(("End", "C-u"), NAME, ("Enter",))
    app.wait_until(lambda: bool(finished(exports)), "the exported file")
    assert finished(exports) == [NAME]

    app.keys("C-q")
    assert app.wait_for_exit() == PaneExit(status=0, signal=None)
