"""The app's screen needs a terminal; a command sent through a forced SSH login runs nothing.

The real program, started as sshd would start it for `ssh -T host`, `ssh host bash`, sftp or
`scp -O` (pipes, not a terminal), prints one line and exits 2 before it opens or creates a
database. With a terminal but a command sent all the same (`ssh -t host bash`, which sets
SSH_ORIGINAL_COMMAND under ForceCommand) it refuses in the same way. Commands that draw no
screen work without a terminal. tests/e2e/test_ssh.py does the same through a real sshd.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from driehoek.database import open_database
from driehoek.i18n import Catalogue, Lang

from .flows import T, Terminals, driehoek_command
from .tmux import PaneExit, clean_env

pytestmark = pytest.mark.e2e


def without_terminal(
    home: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """`driehoek *args` with pipes for standard input, output and error: code, stdout, stderr."""
    result = subprocess.run(
        [*driehoek_command(), *args],
        stdin=subprocess.PIPE,
        capture_output=True,
        env=clean_env(home) | (env or {}),
        timeout=60,
        check=False,
    )
    return result.returncode, result.stdout.decode(), result.stderr.decode()


@pytest.mark.parametrize("command", [[], ["demo"]], ids=["app", "demo"])
def test_without_a_terminal_the_app_says_so_and_creates_nothing(
    home: Path, db_path: Path, command: list[str]
) -> None:
    for args in (command, [*command, "--db", str(db_path)], [*command, "--lang", "en"]):
        lang: Lang = "en" if "en" in args else "nl"
        refused = f"driehoek: {Catalogue(lang)('error.no_terminal')}\n"
        assert without_terminal(home, *args) == (2, "", refused)
    assert not db_path.exists()
    assert not (home / ".local" / "share" / "driehoek").exists()


def test_a_command_through_a_forced_login_is_refused_without_a_terminal(
    home: Path, db_path: Path
) -> None:
    for command in ("bash", "id", "/usr/lib/openssh/sftp-server", "scp -t /tmp"):
        refused = f"driehoek: {T('error.ssh_command')}\n"
        forced = {"SSH_ORIGINAL_COMMAND": command}
        assert without_terminal(home, "--db", str(db_path), env=forced) == (2, "", refused)
    assert not db_path.exists()


def test_a_command_through_a_forced_login_is_refused_with_a_terminal_too(
    terminals: Terminals, db_path: Path
) -> None:
    app = terminals.run(
        [*driehoek_command(), "--db", str(db_path)], env={"SSH_ORIGINAL_COMMAND": "bash"}
    )
    assert app.wait_for_exit() == PaneExit(status=2, signal=None)
    assert T("error.ssh_command").split(";")[0] in " ".join(app.screen(history=True).split())
    assert not db_path.exists()


def test_commands_that_draw_no_screen_work_without_a_terminal(home: Path, db_path: Path) -> None:
    open_database(db_path).close()
    listed = without_terminal(home, "list", "--db", str(db_path))
    assert listed == (0, T("cli.no_meetings") + "\n", "")
