"""The app's screen needs a terminal, and a forced SSH login runs nothing but the app.

Both are refused before the database is opened or created: one line, exit code 2. Commands
that draw no screen keep working without a terminal. An unexpected error in the command line
is one sentence and the private crash log, never a traceback, and exit code 70.
"""

from __future__ import annotations

import os
import pty
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_run import one_line, run

from driehoek import cli
from driehoek.crashlog import CRASH_EXIT
from driehoek.database import open_database
from driehoek.i18n import Catalogue
from driehoek.interactive import NO_TERMINAL, SSH_COMMAND, refusal
from driehoek.paths import default_db_path

T = Catalogue("nl")


@pytest.fixture
def terminal() -> Iterator[tuple[int, int, int]]:
    """Standard input, output and error on a pseudo-terminal of the test's own."""
    main, side = pty.openpty()
    try:
        yield (side, side, side)
    finally:
        os.close(main)
        os.close(side)


@pytest.fixture
def pipe() -> Iterator[int]:
    """A pipe's reading end: what `ssh host cmd` or `driehoek < file` gives as standard input."""
    read, write = os.pipe()
    try:
        yield read
    finally:
        os.close(read)
        os.close(write)


def test_a_terminal_on_all_three_streams_may_run_the_app(terminal: tuple[int, int, int]) -> None:
    assert refusal({}, terminal) is None


@pytest.mark.parametrize("which", [0, 1, 2], ids=["stdin", "stdout", "stderr"])
def test_any_stream_that_is_no_terminal_is_refused(
    terminal: tuple[int, int, int], pipe: int, which: int
) -> None:
    fds = list(terminal)
    fds[which] = pipe
    assert refusal({}, fds) == NO_TERMINAL


@pytest.mark.parametrize("command", ["bash", "id", "internal-sftp", "scp -t .", "scp -f x", ""])
def test_a_command_sent_through_a_forced_ssh_login_is_refused_even_with_a_terminal(
    terminal: tuple[int, int, int], command: str
) -> None:
    assert refusal({"SSH_ORIGINAL_COMMAND": command}, terminal) == SSH_COMMAND
    assert refusal({"SSH_ORIGINAL_COMMAND": command, "TEXTUAL_DRIVER": "x:Y"}, []) == SSH_COMMAND


def test_a_browser_session_needs_no_terminal(pipe: int) -> None:
    web = {"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}
    assert refusal(web, [pipe, pipe, pipe]) is None


@pytest.mark.parametrize("command", [[], ["demo"]], ids=["app", "demo"])
def test_without_a_terminal_the_app_is_one_line_and_no_database_is_made(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    # Under pytest, standard input is no terminal.
    for args in (command, [*command, "--db", str(tmp_path / "nieuw.db")]):
        result = run(capsys, *args)
        assert result[0] == 2
        assert one_line(result) == f"driehoek: {T(NO_TERMINAL)}\n"
    assert not default_db_path().parent.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_forced_ssh_command_is_one_line_and_no_database_is_made(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSH_ORIGINAL_COMMAND", "bash")
    result = run(capsys, "--db", str(tmp_path / "gedeeld.db"), "--lang", "en")
    assert result[0] == 2
    assert one_line(result) == f"driehoek: {Catalogue('en')(SSH_COMMAND)}\n"
    assert list(tmp_path.iterdir()) == []


def test_commands_without_a_screen_need_no_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "gesprekken.db"
    open_database(path).close()
    code, out, err = run(capsys, "list", "--db", str(path))
    assert (code, err) == (0, "")
    assert out == T("cli.no_meetings") + "\n"


SECRET = "Vertrouwelijk-Notitie-4417"


def test_an_unexpected_error_in_the_command_line_is_one_sentence_and_the_crash_log(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    own_home: Path,
) -> None:
    def broken(*_args: object) -> int:
        note = SECRET
        raise RuntimeError(f"a bug ({len(note)})")

    monkeypatch.setattr(cli, "_list", broken)
    path = tmp_path / "gesprekken.db"
    open_database(path).close()

    result = run(capsys, "list", "--db", str(path))

    assert result[0] == CRASH_EXIT
    line = one_line(result)
    log = own_home / ".local" / "state" / "driehoek" / "log" / "crash.log"
    assert line == f"driehoek: {T('error.crash_command', log=log)}\n"
    assert SECRET not in line
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError: a bug (26)" in text
    assert "in broken" in text
    assert SECRET not in text  # no locals
