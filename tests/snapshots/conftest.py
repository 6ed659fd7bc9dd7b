"""Fixtures for the snapshot tests: the demo data under a fixed clock, in a home of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from driehoek.demo import seed_demo
from driehoek.store import Store

FIXED_CWD = Path("/tmp")
"""The folder the export dialog proposes to write in: the same on every machine."""


@pytest.fixture(autouse=True)
def fixed_cwd(monkeypatch: pytest.MonkeyPatch) -> None:
    """The current folder fixed, so the export dialog's proposed path is the same in every run
    (HOME and XDG are the test's own: see tests/conftest.py)."""
    monkeypatch.chdir(FIXED_CWD)


@pytest.fixture
def demo(store: Store) -> list[int]:
    """The demo placements, dated around the fixed clock's today; their meetings' ids, the
    first one complete (Anouk de Wit: every step done, signed by all three)."""
    return seed_demo(store)
