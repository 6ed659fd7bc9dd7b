"""Fixtures for the end-to-end tests: a throwaway home and database, and tmux sessions."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from .chromium import chromium_path
from .flows import Terminals
from .ssh_server import installation  # noqa: F401  (a session fixture: one install per run)
from .tmux import tmux_path


def in_ci() -> bool:
    """Whether we run in CI, where a missing tool is a failure, never a skip."""
    return os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """The user's HOME for the program; its XDG data folder is inside."""
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database path that does not exist yet."""
    return tmp_path / "meetings.db"


@pytest.fixture
def terminals(home: Path) -> Iterator[Terminals]:
    """tmux sessions for driehoek, torn down (kill-server) whatever the test did."""
    if tmux_path() is None:
        message = "tmux is not installed; the end-to-end tests drive the app in tmux"
        if in_ci():
            pytest.fail(f"{message}. .ci/run installs it (apt-get install tmux).")
        pytest.skip(f"{message} (apt-get install tmux)")
    runner = Terminals(home)
    try:
        yield runner
    finally:
        for session in runner.close():
            warnings.warn(
                f"driehoek outlived its terminal ({session.socket}) and was killed",
                stacklevel=1,
            )


@pytest.fixture
def chromium() -> str:
    """Debian's Chromium, for the browser tests; missing is a failure in CI and a skip elsewhere."""
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed; the browser tests open the app in it"
        if in_ci():
            pytest.fail(f"{message}. .ci/run installs it (apt-get install chromium).")
        pytest.skip(f"{message} (apt-get install chromium)")
    return path
