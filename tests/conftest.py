"""Shared fixtures: a fixed clock and a throwaway database, never the user's real data."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from driehoek.database import open_database
from driehoek.store import Clock, Store

# Shared plugins: figures measured by tests (shown at the end of the run).
pytest_plugins = ["timings"]


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop at once, saying what to do, when a compiled catalogue (`.mo`) is missing or older
    than its `.po`: every test would otherwise fail on a missing or outdated message."""
    from driehoek.i18n import LOCALE_DIR

    sources = Path(__file__).resolve().parents[1] / "src" / "driehoek" / "locale"
    for po in sorted(sources.glob("*/LC_MESSAGES/*.po")):
        mo = LOCALE_DIR / po.relative_to(sources).with_suffix(".mo")
        if not mo.is_file() or mo.stat().st_mtime < po.stat().st_mtime:
            raise pytest.UsageError(
                f"{mo} is missing or older than {po.name}: the build compiles the catalogues; "
                "run `.venv/bin/pip install --no-deps -e .` again"
            )


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


@pytest.fixture
def two_stores(tmp_path: Path, fixed_clock: Clock) -> Iterator[tuple[Store, Store]]:
    """Coordinator A's and coordinator B's store: two connections to one database file."""
    path = tmp_path / "gedeeld.db"
    a, b = open_database(path), open_database(path)
    yield (
        Store(a, clock=fixed_clock, user="coordinator-a"),
        Store(b, clock=fixed_clock, user="coordinator-b"),
    )
    a.close()
    b.close()


class SmallDisk:
    """A small file system of the test's own (a tmpfs), to fill up: a disk that is full."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._filler = path / ".vulling"

    def fill(self) -> None:
        """Take every free byte: writes fail with "No space left on device" from now on."""
        fd = os.open(self._filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            for size in (1 << 16, 1 << 12, 1):
                try:
                    while True:
                        os.write(fd, b"\0" * size)
                except OSError:
                    pass
        finally:
            os.close(fd)

    def free(self) -> None:
        """Give the space back."""
        self._filler.unlink(missing_ok=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """A 4 MiB tmpfs mounted in the test's folder, unmounted afterwards whatever happened.

    Mounting needs root (CI runs as root). Elsewhere the test is skipped; in CI it fails,
    so a full disk is never silently left untested.
    """
    point = tmp_path / "klein"
    point.mkdir()
    mount = shutil.which("mount")
    result = (
        subprocess.run(
            [mount, "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(point)],
            capture_output=True,
            text=True,
            check=False,
        )
        if mount and os.geteuid() == 0
        else None
    )
    if result is None or result.returncode != 0:
        why = result.stderr.strip() if result else "not root, or no mount(8)"
        message = f"cannot mount a small tmpfs to fill up ({why})"
        if os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}:
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield SmallDisk(point)
    finally:
        if subprocess.run(["umount", str(point)], capture_output=True, check=False).returncode:
            subprocess.run(["umount", "-l", str(point)], capture_output=True, check=False)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With pytest-xdist (`-n auto`, README's test command), every end-to-end test runs in
    one worker: they share a once-per-run SSH install in /opt and the system's sshd setup.

    First among the hooks (tryfirst): pytest-xdist's worker reads the `xdist_group` mark in
    a hook of its own, registered after this conftest and so called before it; the mark
    added here came too late, and the end-to-end tests ran in both workers side by side
    (CI saw them race over /run/sshd).
    """
    for item in items:
        if item.nodeid.startswith("tests/e2e/"):
            item.add_marker(pytest.mark.xdist_group("e2e"))
