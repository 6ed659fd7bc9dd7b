"""driehoek on a shared server, reached over SSH, set up exactly as docs/ssh.md says.

Once per test session driehoek is installed as step 1 says (a virtual environment made with
the system's /usr/bin/python3, `pip install` of this checkout), in a folder under /opt that
every account can read. Each test then, as root, creates a throwaway group and a non-root
account with the documentation's own commands (its group, its shell, its key in its own
`~/.ssh/authorized_keys`), the shared folder (`install -d -m 2770 -g <group>`), and starts a
real sshd whose config is the distribution's own (PAM and StrictModes as shipped) plus the
documentation's drop-in (`ForceCommand`, no forwarding). The account and group are removed
afterwards, whatever happened.

As that account: the app works through the real `ssh` in an 80x24 tmux terminal, and what was
typed survives the dropped link, in a database that is 0660 and the group's. Everything else
the login could be used for (a shell, a command, sftp, `scp -O`, port forwarding both ways,
`-W`) is refused, leaves no process behind and changes no byte of the database. No file is
created in the account's home. `test_the_documentation_shows_the_commands_the_test_runs`
keeps docs/ssh.md word for word what the test does.

Runs as root (CI does); elsewhere it is skipped.
"""

from __future__ import annotations

import re
import signal
import stat
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from driehoek.flow import Step
from timings import RecordTiming

from .flows import T, Terminals, go_to_step, open_first_meeting, start_intake, stored
from .ssh_server import (
    EXPORTS_FOLDER,
    Installation,
    Server,
    everything_else_is_refused,
    seed,
    ssh_server,
)
from .ssh_setup import (
    CHECKOUT,
    DOC_NAMES,
    DOCS,
    DROP_IN,
    documented,
    fill,
    processes_of,
    wait_until_no_process_of,
)
from .tmux import TmuxSession

pytestmark = pytest.mark.e2e

STUDENT = "Joris Valkenier"
ORGANISATION = "Dagbesteding De Vlonder"
AGREEMENT = "Elke vrijdag evalueren kw52"

FIRST_SCREEN_TIMEOUT = 60.0
"""Seconds for the first screen over SSH: a key exchange and a Python start on a busy machine."""


def test_the_documentation_shows_the_commands_the_test_runs() -> None:
    """Every command and the drop-in the tests below run are in docs/ssh.md, word for word
    (with the documentation's names): an admin who follows it gets the tested setup."""
    text = DOCS.read_text(encoding="utf-8")
    missing = [part for part in documented() if part not in text]
    assert not missing, "docs/ssh.md no longer shows:\n" + "\n---\n".join(missing)
    readme = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    assert fill(DROP_IN, DOC_NAMES) in readme, "README's sshd block is not docs/ssh.md's"


@pytest.fixture
def server(installation: Installation, tmp_path: Path) -> Iterator[Server]:
    """A new account and group made as docs/ssh.md says, and an sshd forcing driehoek on it."""
    with ssh_server(installation, tmp_path) as made:
        yield made


@pytest.fixture
def coordinators(server: Server, home: Path) -> Iterator[Terminals]:
    """Terminals to log in from; closed (the clients end) before the server stops."""
    terminals = Terminals(home)
    try:
        yield terminals
    finally:
        for session in terminals.close():
            warnings.warn(f"ssh outlived its terminal ({session.socket})", stacklevel=1)


def log_in(terminals: Terminals, server: Server) -> TmuxSession:
    """`ssh` to the server in a new 80x24 terminal with TERM=xterm-256color and truecolor."""
    return terminals.run(server.client.login(), env={"COLORTERM": "truecolor"})


def wait_for_first_screen(session: TmuxSession, server: Server) -> str:
    """The home screen over SSH, or a failure that shows sshd's log as well."""
    try:
        return session.wait_for(T("home.placements"), FIRST_SCREEN_TIMEOUT)
    except AssertionError as e:
        raise AssertionError(f"{e}\nsshd's log:\n{server.sshd.output()}") from None


def stored_agreements(db_path: Path) -> list[str]:
    """The agreements of every meeting in the database."""
    with stored(db_path) as store:
        return [
            agreement.text
            for summary in store.meetings()
            for agreement in store.meeting(summary.id).agreements
        ]


def clear_the_name(session: TmuxSession) -> None:
    """Empty the export dialog's name field (End, Ctrl+U) and wait until it shows empty: in
    Textual's Input a key bound to an action (Ctrl+U) takes effect after the letters that
    follow it in the same burst, so typing on at once would lose them."""
    session.keys("End", "C-u")
    session.wait_until(
        lambda: re.search(r"▊ +▎", session.screen()) is not None, "the name field emptied"
    )


def test_an_agreement_made_over_ssh_survives_the_dropped_link_and_the_next_session_shows_it(
    installation: Installation,
    server: Server,
    coordinators: Terminals,
    record_timing: RecordTiming,
) -> None:
    record_timing("step 1, the install (once per test session)", installation.seconds)
    started = time.monotonic()
    first = log_in(coordinators, server)
    wait_for_first_screen(first, server)
    record_timing(
        "first screen over loopback SSH (ssh started -> home screen)", time.monotonic() - started
    )

    start_intake(first, STUDENT, ORGANISATION)
    go_to_step(first, Step.AGREEMENTS)
    first.keys("C-t")  # a new agreement: the cursor is in its text
    first.type(AGREEMENT)
    first.wait_for(AGREEMENT)
    remote = processes_of(server.uid)
    assert remote, "nothing runs as the coordinator's account while she is logged in"

    # The export dialog (Ctrl+S) takes a file name, never a path: none of these reaches a file
    # outside the exports folder, or the database; each is told in the dialog, which stays.
    first.keys("C-s")
    first.wait_for(T("export.title"))
    before = server.database_fingerprint()  # Ctrl+S saved what was typed before it opened
    for name, refusal in (
        ("~/.bashrc", "refused.not_a_name"),
        ("../x", "refused.not_a_name"),
        ("/abs/path", "refused.not_a_name"),
        ("driehoek.db", "refused.suffix"),
        ("driehoek.db-wal", "refused.suffix"),
    ):
        clear_the_name(first)
        first.type(name)
        first.keys("Enter")
        first.wait_for(T(refusal, path=name)[:24])  # its start: the dialog wraps the rest
    assert server.database_fingerprint() == before
    # A name is written in the exports folder, as a new file of the account's own.
    clear_the_name(first)
    first.type("verslag.md")
    first.keys("Enter")
    exported = server.home / EXPORTS_FOLDER / "verslag.md"
    first.wait_until(exported.exists, "the minutes in the exports folder")
    assert STUDENT in exported.read_text(encoding="utf-8")
    assert exported.stat().st_uid == server.uid
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600

    # The link drops: the client dies; sshd hangs up the session's terminal.
    first.kill(signal.SIGKILL)
    assert wait_until_no_process_of(server.uid) == [], "driehoek ran on after the link dropped"
    assert stored_agreements(server.db_path) == [AGREEMENT]

    # The folder made the database the group's: 0660, owned by the folder's group.
    for path in server.folder.iterdir():
        mode = path.stat()
        assert stat.S_IMODE(mode.st_mode) == 0o660, path
        assert mode.st_gid == server.folder.stat().st_gid, path
        assert mode.st_uid == server.uid, path

    started = time.monotonic()
    second = log_in(coordinators, server)
    wait_for_first_screen(second, server)
    record_timing("first screen over loopback SSH, second login", time.monotonic() - started)
    open_first_meeting(second, STUDENT)
    go_to_step(second, Step.AGREEMENTS)
    second.wait_for(AGREEMENT)

    second.keys("C-q")
    ended = second.wait_for_exit(30)
    assert ended.status == 0, f"ssh ended with {ended}:\n{second.describe()}"
    assert stored_agreements(server.db_path) == [AGREEMENT]
    assert wait_until_no_process_of(server.uid) == []
    assert server.new_files_in_home() == set()


# -- everything but the app is refused ---------------------------------------------------------


def test_a_shell_a_command_a_file_transfer_or_a_tunnel_is_refused_and_changes_nothing(
    server: Server, tmp_path: Path
) -> None:
    seed(server, (STUDENT, ORGANISATION))
    before = server.database_fingerprint()

    outcomes = everything_else_is_refused(
        server.client, server.uid, T("error.ssh_command"), tmp_path
    )

    assert server.database_fingerprint() == before, outcomes
    assert server.new_files_in_home() == set(), outcomes
