"""Shared fixtures: a fixed clock and a throwaway database, never the user's real data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from driehoek.database import open_database
from driehoek.store import Clock, Store

FIXED_NOW = datetime(2026, 11, 28, 10, 30, tzinfo=UTC)
"""The moment every test lives in: a Saturday morning in Amsterdam."""


@pytest.fixture
def fixed_clock() -> Clock:
    """A clock that always says FIXED_NOW."""
    return lambda: FIXED_NOW


@pytest.fixture
def store(tmp_path: Path, fixed_clock: Clock) -> Iterator[Store]:
    """A store on a fresh database file in the test's own folder."""
    db = open_database(tmp_path / "driehoek.db")
    yield Store(db, clock=fixed_clock, user="tester")
    db.close()
