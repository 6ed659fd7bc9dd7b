"""A follow-only account over SSH, set up exactly as docs/ssh.md's step 8 says.

On the server of test_ssh.py (driehoek installed, a coordinators' group, account and folder,
sshd with the documentation's drop-in), the test makes the follow-only group with its read-only
ACL on the shared folder, a follow-only account (a workplace supervisor), and sshd's second
Match block, with the documentation's own commands. Then, as that account:

- with nothing shared, a login says so in one line; a meeting shared with the account
  (`driehoek share 1 --account ...`, run as the admin) is shown at login, read from a file the
  account may only read, while no one else has it open;
- what a coordinator's process saves shows within a moment (the delays are recorded);
- every key pressed leaves every file of the shared folder byte for byte the same, and the
  account cannot write any of them, nor make a file beside them, even outside driehoek;
- `ssh -t host 2` for a meeting not shared with it is one line;
- when the share is stopped, the open screen says so and the next login finds nothing;
- `ssh host bash`, `sftp`, `scp` and every kind of tunnel are refused, as for a coordinator;
- nothing is created in the account's home.

Runs as root (CI does); elsewhere it is skipped.
"""

from __future__ import annotations

import pwd
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .flows import T, Terminals
from .ssh_server import (
    Installation,
    Server,
    everything_else_is_refused,
    needs,
    run,
    seed,
    ssh_server,
)
from .ssh_setup import (
    FOLLOW_ACCOUNT,
    FOLLOWERS,
    SHARE,
    SHOW_FOLLOW_CONFIG,
    STOP_SHARE,
    files_in,
    fill,
    run_as_root,
    wait_until_no_process_of,
)
from .sshd import SshClient
from .tmux import TmuxSession

pytestmark = pytest.mark.e2e

STUDENT = "Joris Valkenier"
ORGANISATION = "Dagbesteding De Vlonder"
OTHER_STUDENT = "Sanne Dekker"
GOALS = ("Zelfstandig een dienst draaien", "De ochtendkring leiden", "Rapporteren")
LOGIN_TIMEOUT = 60.0
"""Seconds for the first screen over SSH: a key exchange and a Python start on a busy machine."""
RUNUSER = "/usr/sbin/runuser"
"""util-linux's way for root to run a command as another account (Debian has it in sbin)."""
ARRIVAL_DEADLINE = 20.0
"""Seconds a save may take to show over SSH before the test fails (the delays are recorded)."""

KEYS = (
    *"abcdefghijklmnopqrstuvwxyz0123456789",
    *(f"C-{c}" for c in "abcdefghijklmnoprstuvwxyz"),  # C-q quits: it comes last
    *(f"F{n}" for n in range(1, 13)),
    *("Enter", "Tab", "BTab", "Space", "BSpace", "DC", "Up", "Down", "PPage", "NPage"),
    *("+", "-", "~", "?", "/", "Escape"),
)

WRITER = """
import os, sys
from datetime import UTC, datetime
from pathlib import Path
from driehoek.database import open_database
from driehoek.store import Store
os.umask(0o007)
db = open_database(Path(sys.argv[1]))
store = Store(db, clock=lambda: datetime.now(UTC), user="coordinator")
for line in sys.stdin:
    goal = store.add_goal(int(sys.argv[2]))
    store.update_goal(goal.id, goal.version, line.strip())
    print("saved", flush=True)
store.close()
"""
"""A coordinator's driehoek, as far as the database sees it: a goal per line it is given, each
committed as the app's autosave commits it, the file open until its input ends."""

TRY_TO_WRITE = """
import os, sys
folder = sys.argv[1]
for name in sorted(os.listdir(folder)) if os.access(folder, os.R_OK) else []:
    print("listed", name)
for name in ("driehoek.db", "driehoek.db-wal", "driehoek.db-shm", "nieuw"):
    try:
        os.close(os.open(os.path.join(folder, name), os.O_WRONLY | os.O_CREAT, 0o666))
        print("wrote", name)
    except PermissionError:
        print("refused", name)
"""
"""What the account's own processes could do to the shared folder, outside driehoek."""


@dataclass
class Follower:
    """The follow-only account."""

    client: SshClient
    uid: int
    home: Path
    home_before: set[str]

    def new_files_in_home(self) -> set[str]:
        return files_in(self.home) - self.home_before


@pytest.fixture
def server(installation: Installation, tmp_path: Path) -> Iterator[Server]:
    """The coordinators' server, with step 8's Match block in sshd's drop-in, and two meetings
    in the shared folder (as if coordinators had used it before the follow-only group came)."""
    needs(("setfacl (apt-get install acl)", shutil.which("setfacl")))
    with ssh_server(installation, tmp_path, followers=True) as made:
        seed(made, (STUDENT, ORGANISATION), (OTHER_STUDENT, "Bakkerij De Korenaar"))
        yield made


@pytest.fixture
def follower(server: Server) -> Follower:
    """The follow-only group and account, made with step 8's commands."""
    names = server.names
    run_as_root(FOLLOWERS + FOLLOW_ACCOUNT, names, server.keys, 120)
    shown = server.sshd.sshd("-T", *fill(SHOW_FOLLOW_CONFIG, names).split()[1:])
    forced = f"forcecommand {names.venv}/bin/driehoek --db {names.folder}/driehoek.db follow"
    assert f"{forced} --shared" in shown
    assert "allowtcpforwarding no" in shown
    account = pwd.getpwnam(names.follower)
    home = Path(account.pw_dir)
    client = SshClient(server.sshd.port, names.follower, server.keys / "id_ed25519")
    return Follower(client, account.pw_uid, home, files_in(home))


@pytest.fixture
def terminals(server: Server, home: Path) -> Iterator[Terminals]:
    """Terminals to log in from; closed (the clients end) before the server stops."""
    runner = Terminals(home)
    try:
        yield runner
    finally:
        runner.close()


def log_in(terminals: Terminals, follower: Follower, *command: str) -> TmuxSession:
    """`ssh -tt` as the follower (with a meeting's number, if given), in a terminal tall enough
    to show every goal without scrolling."""
    argv = follower.client.ssh(
        "-tt", "-o", "SendEnv=LANG LC_* COLORTERM DRIEHOEK_LANG", command=command
    )
    return terminals.run(argv, height=40)


def as_admin(server: Server, command: str) -> None:
    """One of step 8's driehoek commands, run by root as the documentation shows it."""
    run_as_root((command,), server.names, server.keys, 120)


class Coordinator:
    """A coordinator's process, as the coordinator's account, saving goals into meeting 1."""

    def __init__(self, server: Server) -> None:
        names = server.names
        self.process = subprocess.Popen(
            [RUNUSER, "-u", names.user, "--", f"{names.venv}/bin/python", "-c", WRITER,
             str(server.db_path), "1"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd="/",
            env={"PATH": "/usr/bin:/bin", "HOME": str(server.home), "LANG": "C.UTF-8"},
        )  # fmt: skip

    def save(self, goal: str) -> float:
        """Save `goal`; returns when the commit was done."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(goal + "\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline() == "saved\n"
        return time.monotonic()

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        assert self.process.wait(60) == 0


def test_a_follow_only_account_follows_what_is_shared_and_can_change_nothing(
    server: Server,
    follower: Follower,
    terminals: Terminals,
    tmp_path: Path,
    record_timing: Callable[[str, float], None],
) -> None:
    # Nothing shared yet: one line, and the login ends.
    nothing = run(follower.client.ssh("-tt", command=[]))
    assert nothing.returncode == 2, nothing
    assert T("follow.nothing_shared") in nothing.stdout + nothing.stderr

    as_admin(server, SHARE)
    assert server.names.meeting == "1"
    # No session has the file open: the account, which may not make its -shm, reads the file
    # as it lies.
    assert sorted(p.name for p in server.folder.iterdir()) == ["driehoek.db"]
    started = time.monotonic()
    screen = log_in(terminals, follower)
    screen.wait_for(T("follow.draft", signed=0), LOGIN_TIMEOUT)
    record_timing("follow-only login -> the minutes", time.monotonic() - started)
    # The status line is drawn before the minutes below it (and over SSH the screen arrives in
    # pieces): wait for the minutes too, rather than look once.
    screen.wait_for(STUDENT)
    assert OTHER_STUDENT not in screen.screen()

    # A coordinator opens the file and saves: each save shows.
    coordinator = Coordinator(server)
    try:
        for goal in GOALS:
            saved = coordinator.save(goal)
            screen.wait_for(goal, ARRIVAL_DEADLINE)
            record_timing(f"save -> follower over SSH ({goal[:12]})", time.monotonic() - saved)
    finally:
        coordinator.close()

    # Every key: not a byte of the folder changes, and the minutes stay.
    before = server.database_fingerprint()
    for key in KEYS:
        screen.keys(key)
        assert not screen.terminal_closed(), f"{key} ended the session\n{screen.describe()}"
    screen.keys("Escape")
    screen.wait_until(
        lambda: GOALS[0] in screen.screen() and T("follow.footer") in screen.screen(),
        "the minutes after every key",
    )
    assert server.database_fingerprint() == before

    # Nor can the account's own processes write the folder, whatever runs as it.
    tried = subprocess.run(
        [RUNUSER, "-u", server.names.follower, "--", "/usr/bin/python3", "-c", TRY_TO_WRITE,
         str(server.folder)],
        capture_output=True, text=True, timeout=60, check=True, cwd="/",
    )  # fmt: skip
    assert tried.stdout.split("\n")[:-1] == [
        f"refused {name}" for name in ("driehoek.db", "driehoek.db-wal", "driehoek.db-shm", "nieuw")
    ], "it may not even list the folder"
    assert server.database_fingerprint() == before

    # Another meeting, by number: one line.
    other = run(follower.client.ssh("-tt", command=["2"]))
    assert other.returncode == 2, other
    assert T("follow.not_shared", id=2) in other.stdout + other.stderr

    # The admin stops the share: the open screen says so, the next login finds nothing.
    as_admin(server, STOP_SHARE)
    # The status line changes before the minutes below it are taken away (a later frame, and
    # over SSH in pieces): wait for both, rather than look once when the status shows.
    screen.wait_until(
        lambda: T("follow.stopped") in (shown := screen.screen()) and GOALS[0] not in shown,
        "the share stopped and the minutes gone",
        ARRIVAL_DEADLINE,
    )
    screen.keys("C-q")
    assert screen.wait_for_exit(30).status == 0
    again = run(follower.client.ssh("-tt", command=["1"]))
    assert again.returncode == 2, again
    assert T("follow.not_shared", id=1) in again.stdout + again.stderr
    assert wait_until_no_process_of(follower.uid) == []

    # Everything else is refused as for a coordinator.
    before = server.database_fingerprint()
    outcomes = everything_else_is_refused(
        follower.client, follower.uid, T("follow.ssh_command"), tmp_path
    )
    assert server.database_fingerprint() == before, outcomes

    assert wait_until_no_process_of(follower.uid) == []
    assert follower.new_files_in_home() == set()
