"""README's everyday examples work as a new user types them, right after its install command.

The install command leaves driehoek in `.venv/bin` of the clone, not on the PATH; the examples
type plain `driehoek` after activating that environment, as README says. Each line of the
"Everyday use" block is run the way a user pastes it, in a shell in a clone whose `.venv` is
this test's own environment, on the demo data in the default database: every command is found
and does its work (exit 0); the two that open the screen say, without a terminal, that they need
one (exit 2) rather than "command not found".
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from driehoek.database import open_database
from driehoek.demo import seed_demo
from driehoek.i18n import LANGUAGES, Catalogue
from driehoek.store import Store

from .conftest import in_ci
from .tmux import clean_env

pytestmark = pytest.mark.e2e

README = Path(__file__).resolve().parents[2] / "README.md"
ACTIVATE = ". .venv/bin/activate"


def everyday_lines() -> list[str]:
    """The commands of README's "Everyday use" block, without their comments."""
    section = README.read_text(encoding="utf-8").split("## Everyday use", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None, "README's Everyday use has no sh block"
    lines = [line.split(" #", 1)[0].strip() for line in block.group(1).splitlines()]
    return [line for line in lines if line]


def test_the_block_starts_by_putting_driehoek_on_the_path() -> None:
    lines = everyday_lines()
    assert lines[0] == ACTIVATE
    assert all(line.startswith("driehoek") for line in lines[1:])


def _opens_the_screen(line: str) -> bool:
    """Whether the line starts the app itself (no subcommand, no --version)."""
    words = line.split()[1:]
    return not words or (words[0].startswith("--") and "--version" not in words)


@pytest.mark.parametrize("line", everyday_lines()[1:])
def test_an_everyday_example_works_after_the_install(line: str, tmp_path: Path) -> None:
    venv = Path(sys.prefix)
    if not (venv / "bin" / "activate").is_file():
        # README installs into a virtual environment, and so does CI: there this fails.
        message = "the tests do not run in a virtual environment, as README installs them"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    clone = tmp_path / "clone"
    clone.mkdir()
    (clone / ".venv").symlink_to(venv)  # the clone's `.venv`, as the install makes it
    home = tmp_path / "home"
    data = home / ".local" / "share" / "driehoek"
    data.mkdir(parents=True)
    db = open_database(data / "driehoek.db")
    seed_demo(Store(db, clock=lambda: datetime(2026, 11, 28, 10, 30, tzinfo=UTC), user="x"))
    db.close()
    env = clean_env(home)
    env["PATH"] = "/usr/bin:/bin"  # a new user's: no driehoek on it until activated

    result = subprocess.run(
        ["sh", "-c", f"{ACTIVATE} && {line}"],
        cwd=clone,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    if _opens_the_screen(line):
        assert result.returncode == 2, result.stderr
        said = [Catalogue(lang)("error.no_terminal") for lang in LANGUAGES]
        assert any(message in result.stderr for message in said), result.stderr
    else:
        assert result.returncode == 0, f"{line}: {result.stderr}"
