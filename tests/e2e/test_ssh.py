"""driehoek on a shared server, reached over SSH, set up as docs/ssh.md says.

A real sshd on loopback runs driehoek for every login (`ForceCommand`) on one database in a
shared group folder (`chmod 2770`). A coordinator logs in through the real `ssh` client in an
80x24 terminal, makes an agreement, and the link drops. The agreement is in the database, and
the next session shows it.
"""

from __future__ import annotations

import os
import signal
import stat
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from driehoek.flow import Step

from .conftest import RecordTiming, in_ci
from .flows import (
    T,
    Terminals,
    driehoek_command,
    go_to_step,
    open_first_meeting,
    start_intake,
    stored,
)
from .sshd import LoopbackSshd, processes_with, ssh_paths, sshd_path
from .tmux import TmuxSession, tmux_path, wait_for_process_end

pytestmark = pytest.mark.e2e

STUDENT = "Joris Valkenier"
ORGANISATION = "Dagbesteding De Vlonder"
AGREEMENT = "Elke vrijdag evalueren kw52"

FIRST_SCREEN_TIMEOUT = 60.0
"""Seconds for the first screen over SSH: a key exchange and a Python start on a busy machine."""


class Shared:
    """The server side: the shared folder, its database, and the sshd that serves it."""

    def __init__(self, folder: Path, sshd: LoopbackSshd) -> None:
        self.folder = folder
        self.db_path = folder / "driehoek.db"
        self.sshd = sshd


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Shared]:
    """An sshd on loopback whose logins run driehoek on a database in a setgid group folder."""
    missing = [
        name
        for name, found in (("sshd", sshd_path()), ("ssh", ssh_paths()), ("tmux", tmux_path()))
        if found is None
    ]
    if missing:
        message = f"{', '.join(missing)} not installed; the SSH test needs a real server"
        if in_ci():
            pytest.fail(f"{message}. .ci/run installs openssh-server, openssh-client and tmux.")
        pytest.skip(f"{message} (apt-get install openssh-server openssh-client tmux)")

    # The shared folder as docs/ssh.md makes it: `install -d -m 2770 -g <group>`.
    folder = tmp_path / "srv"
    folder.mkdir()
    os.chown(folder, -1, os.getgid())
    folder.chmod(0o2770)
    # The session's own data folders, so that nothing touches the real ones.
    xdg = tmp_path / "server-home"
    environment = {
        f"XDG_{kind}_HOME": str(xdg / kind.lower()) for kind in ("DATA", "STATE", "CONFIG")
    }
    sshd = LoopbackSshd(
        tmp_path / "sshd",
        [*driehoek_command(), "--db", str(folder / "driehoek.db")],
        environment,
    )
    sshd.folder.mkdir()
    try:
        sshd.start()
        yield Shared(folder, sshd)
    finally:
        killed = sshd.stop()
        if killed:
            warnings.warn(f"processes outlived their SSH session: {killed}", stacklevel=1)


@pytest.fixture
def coordinators(server: Shared, home: Path) -> Iterator[Terminals]:
    """Terminals to log in from; closed (the clients end) before the server stops."""
    terminals = Terminals(home)
    try:
        yield terminals
    finally:
        for session in terminals.close():
            warnings.warn(f"ssh outlived its terminal ({session.socket})", stacklevel=1)


def log_in(terminals: Terminals, server: Shared) -> TmuxSession:
    """`ssh` to the server in a new 80x24 terminal with TERM=xterm-256color and truecolor."""
    return terminals.run(server.sshd.login_command(), env={"COLORTERM": "truecolor"})


def wait_for_first_screen(session: TmuxSession, server: Shared) -> str:
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


def test_an_agreement_made_over_ssh_survives_the_dropped_link_and_the_next_session_shows_it(
    server: Shared, coordinators: Terminals, record_timing: RecordTiming
) -> None:
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
    remote = processes_with(str(server.db_path))
    assert remote, "no driehoek process on the server runs on the shared database"

    # The link drops: the client dies; sshd hangs up the session's terminal.
    first.kill(signal.SIGKILL)
    for pid in remote:
        assert wait_for_process_end(pid, 30), "driehoek still runs after its SSH link dropped"
    assert stored_agreements(server.db_path) == [AGREEMENT]

    # The folder made the database the group's: 0660, owned by the folder's group.
    mode = server.db_path.stat()
    assert stat.S_IMODE(mode.st_mode) == 0o660
    assert mode.st_gid == server.folder.stat().st_gid

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
