"""Fixtures for the snapshot tests: the demo data under a fixed clock, in a home of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from driehoek.demo import seed_demo
from driehoek.store import Store

FIXED_CWD = Path("/tmp")
"""The current folder, the same on every machine (the export dialog shows its exports folder,
which is in the test's own HOME: `~/.local/share/driehoek/exports`)."""


@pytest.fixture(autouse=True)
def fixed_cwd(monkeypatch: pytest.MonkeyPatch) -> None:
    """The current folder fixed, so nothing on screen can depend on where pytest was started
    (HOME and XDG are the test's own: see tests/conftest.py)."""
    monkeypatch.chdir(FIXED_CWD)


@pytest.fixture
def demo(store: Store) -> list[int]:
    """The demo placements, dated around the fixed clock's today; their meetings' ids, the
    first one complete (Anouk de Wit: every step done, signed by all three)."""
    return seed_demo(store)
