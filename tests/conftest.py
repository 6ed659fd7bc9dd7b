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


@pytest.fixture(autouse=True)
def own_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HOME and the XDG folders in a folder of the test's own, for every test: the default
    database, a crash log, anything the app writes beside the user's data lands there.
    (Not inside tmp_path, which some tests expect to hold only what they made.)"""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name, folder in (
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
    ):
        monkeypatch.setenv(name, str(home / folder))
    monkeypatch.delenv("DRIEHOEK_DB", raising=False)
    # The language follows the session's locale; tests speak Dutch unless they say otherwise.
    monkeypatch.delenv("DRIEHOEK_LANG", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return home


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
