"""The commands that need no screen, run as a user types them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from driehoek import __version__

from .flows import driehoek_command
from .tmux import clean_env

pytestmark = pytest.mark.e2e


def run(command: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """Run a command to its end, with a throwaway HOME and no input."""
    return subprocess.run(
        command,
        cwd=cwd,
        env=clean_env(home),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "command",
    [driehoek_command(), [sys.executable, "-m", "driehoek"]],
    ids=["console-script", "python-m"],
)
def test_version_is_printed(command: list[str], tmp_path: Path, home: Path) -> None:
    result = run([*command, "--version"], tmp_path, home)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"driehoek {__version__}"


def test_listing_a_missing_database_says_so_in_one_line_and_creates_nothing(
    tmp_path: Path, home: Path
) -> None:
    result = run([*driehoek_command(), "list", "--db", "missing.db"], tmp_path, home)

    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("driehoek:")
    assert "missing.db" in lines[0]
    assert list(tmp_path.glob("missing.db*")) == []
