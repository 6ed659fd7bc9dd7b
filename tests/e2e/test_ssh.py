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

import hashlib
import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from driehoek.database import open_database
from driehoek.flow import Step
from driehoek.store import Store
from timings import RecordTiming

from .conftest import in_ci
from .flows import T, Terminals, go_to_step, open_first_meeting, start_intake, stored
from .ssh_setup import (
    ACCOUNT,
    CHECKOUT,
    DOC_NAMES,
    DOCS,
    DROP_IN,
    INSTALL,
    SHARED_FOLDER,
    SHOW_CONFIG,
    SYSTEM_PYTHON,
    Names,
    documented,
    files_in,
    fill,
    processes_of,
    remove_account,
    run_as_root,
    unique_names,
    wait_until_no_process_of,
)
from .sshd import (
    LoopbackSshd,
    Probe,
    SshClient,
    free_port,
    keygen,
    local_forward_is_refused,
    ssh_paths,
    sshd_path,
)
from .tmux import TmuxSession, tmux_path

pytestmark = pytest.mark.e2e

STUDENT = "Joris Valkenier"
ORGANISATION = "Dagbesteding De Vlonder"
AGREEMENT = "Elke vrijdag evalueren kw52"

FIRST_SCREEN_TIMEOUT = 60.0
"""Seconds for the first screen over SSH: a key exchange and a Python start on a busy machine."""

INSTALL_TIMEOUT = 600.0
"""Seconds for step 1: a virtual environment, and pip fetching driehoek's dependencies."""

EXPORTS_FOLDER = ".local/share/driehoek/exports"
"""The one folder in the account's home where the app may create files: its exports folder by
default (an account made by `useradd` has no Documents folder), relative to the home."""


def test_the_documentation_shows_the_commands_the_test_runs() -> None:
    """Every command and the drop-in the tests below run are in docs/ssh.md, word for word
    (with the documentation's names): an admin who follows it gets the tested setup."""
    text = DOCS.read_text(encoding="utf-8")
    missing = [part for part in documented() if part not in text]
    assert not missing, "docs/ssh.md no longer shows:\n" + "\n---\n".join(missing)
    readme = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    assert fill(DROP_IN, DOC_NAMES) in readme, "README's sshd block is not docs/ssh.md's"


def needs(*tools: tuple[str, object]) -> None:
    """Skip (fail in CI) unless this is root and every tool is there."""
    missing = [name for name, found in tools if not found]
    if os.geteuid() != 0:
        missing.append("root (to create an account and a group)")
    if not missing:
        return
    message = f"the SSH tests need {', '.join(missing)}"
    if in_ci():
        pytest.fail(f"{message}; .ci/run installs the packages and runs as root")
    pytest.skip(message)


class Installation:
    """driehoek installed under `base` (in `base/driehoek`), and how long that took."""

    def __init__(self, base: Path, seconds: float) -> None:
        self.base = base
        self.seconds = seconds


def system_venv() -> bool:
    """Whether the system's Python can make a virtual environment (Debian: python3-venv)."""
    if not SYSTEM_PYTHON.is_file():
        return False
    check = [str(SYSTEM_PYTHON), "-c", "import ensurepip, venv"]
    return subprocess.run(check, capture_output=True, timeout=60, check=False).returncode == 0


@pytest.fixture(scope="session")
def installation() -> Iterator[Installation]:
    """driehoek installed as docs/ssh.md's step 1 says, in a new folder under /opt."""
    needs(
        ("sshd", sshd_path()),
        ("ssh, ssh-keygen", ssh_paths()),
        ("sftp, scp", shutil.which("sftp") and shutil.which("scp")),
        ("tmux", tmux_path()),
        ("useradd", shutil.which("useradd")),
        (f"{SYSTEM_PYTHON} with its venv module (python3-venv)", system_venv()),
    )
    # Not root's home, not pytest's 0700 temporary folder: the account must reach it.
    base = Path(tempfile.mkdtemp(prefix="driehoek-e2e-", dir="/opt"))
    try:
        base.chmod(0o755)
        names = Names(
            group="", user="", venv=str(base / "driehoek"), folder="", source=str(CHECKOUT)
        )
        started = time.monotonic()
        run_as_root(INSTALL, names, base, INSTALL_TIMEOUT)
        yield Installation(base, time.monotonic() - started)
    finally:
        shutil.rmtree(base, ignore_errors=True)


class Server:
    """One coordinator's account and the sshd that forces driehoek on it."""

    def __init__(self, names: Names, sshd: LoopbackSshd, client: SshClient, home: Path) -> None:
        self.names = names
        self.sshd = sshd
        self.client = client
        self.home = home
        self.uid = pwd.getpwnam(names.user).pw_uid
        self.folder = Path(names.folder)
        self.db_path = self.folder / "driehoek.db"
        self.home_before = files_in(home)

    def new_files_in_home(self) -> set[str]:
        """What appeared in the account's home since it was made, outside the exports."""
        new = files_in(self.home) - self.home_before
        # The exports folder, what is in it, and the folders it was made in.
        allowed = {str(p) for p in Path(EXPORTS_FOLDER).parents if str(p) != "."}
        return {
            p
            for p in new
            if p not in allowed and p != EXPORTS_FOLDER and not p.startswith(EXPORTS_FOLDER + "/")
        }

    def database_fingerprint(self) -> dict[str, str]:
        """The sha256 of every file in the shared folder (the database and its companions)."""
        return {
            path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(self.folder.iterdir())
        }


@pytest.fixture
def server(installation: Installation, tmp_path: Path) -> Iterator[Server]:
    """A new account and group made as docs/ssh.md says, and an sshd forcing driehoek on it."""
    shared = Path(tempfile.mkdtemp(prefix="srv-", dir=installation.base))
    shared.chmod(0o755)
    names = unique_names(installation.base / "driehoek", shared / "driehoek")
    keys = tmp_path / "keys"
    keys.mkdir()
    keygen(keys / "id_ed25519", "driehoek-e2e coordinator")
    shutil.copyfile(keys / "id_ed25519.pub", keys / f"{names.user}.pub")
    sshd_folder = tmp_path / "sshd"
    sshd_folder.mkdir()
    sshd = LoopbackSshd(sshd_folder, fill(DROP_IN, names))
    try:
        run_as_root(SHARED_FOLDER + ACCOUNT, names, keys, 120)
        sshd.start()
        shown = sshd.sshd("-T", *fill(SHOW_CONFIG, names).split()[1:])
        assert f"forcecommand {names.venv}/bin/driehoek --db {names.folder}/driehoek.db" in shown
        assert "allowtcpforwarding no" in shown
        home = Path(pwd.getpwnam(names.user).pw_dir)
        yield Server(names, sshd, SshClient(sshd.port, names.user, keys / "id_ed25519"), home)
    finally:
        killed = sshd.stop()
        if killed:
            warnings.warn(f"processes outlived their SSH session: {killed}", stacklevel=1)
        problems = remove_account(names)
        shutil.rmtree(shared, ignore_errors=True)
        assert not problems, problems


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


def seed(server: Server) -> None:
    """A database in the shared folder with a meeting in it, the account's and the group's."""
    db = open_database(server.db_path)
    try:
        Store(db, clock=lambda: datetime.now(UTC), user="beheer").new_intake(STUDENT, ORGANISATION)
    finally:
        db.close()
    for path in server.folder.iterdir():
        os.chown(path, server.uid, server.folder.stat().st_gid)
        path.chmod(0o660)


def run(command: list[str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_a_shell_a_command_a_file_transfer_or_a_tunnel_is_refused_and_changes_nothing(
    server: Server, tmp_path: Path
) -> None:
    seed(server)
    before = server.database_fingerprint()
    refusal = T("error.ssh_command")
    probe = Probe()
    batch = tmp_path / "sftp-batch"
    batch.write_text("ls\nget driehoek.db\n")
    upload = tmp_path / "upload.txt"
    upload.write_text("x $(bash --norc -i)\n")
    client = server.client
    remote_forward = f"127.0.0.1:{free_port()}:127.0.0.1:{probe.port}"
    outcomes: dict[str, str] = {}
    try:
        # (what is tried, its command line, what must be in what it prints)
        attempts = [
            ("ssh host bash", client.ssh(command=["bash"]), refusal),
            ("ssh host id", client.ssh(command=["id"]), refusal),
            ("ssh -tt host bash", client.ssh("-tt", command=["bash"]), refusal),
            ("sftp", client.sftp(batch), "Connection closed"),
            ("scp -O from", client.scp(f"{client.host}:.profile", str(tmp_path / "got")), refusal),
            ("scp -O to", client.scp(str(upload), f"{client.host}:.bash_login"), refusal),
            ("ssh -W", client.ssh("-W", f"127.0.0.1:{probe.port}"), "forwarding failed"),
            (
                "ssh -R",
                client.ssh("-N", "-o", "ExitOnForwardFailure=yes", "-R", remote_forward),
                "forwarding failed",
            ),
        ]
        for what, command, expected in attempts:
            result = run(command)
            said = result.stdout + result.stderr
            outcomes[what] = f"exit {result.returncode}: {said.strip()[-300:]}"
            assert result.returncode != 0, f"{what} was not refused: {outcomes[what]}"
            assert expected in said, f"{what}: {outcomes[what]}"
            assert wait_until_no_process_of(server.uid) == [], f"{what} left a process behind"
        outcomes["ssh -L"] = local_forward_is_refused(client, probe.port, tmp_path)
        assert wait_until_no_process_of(server.uid) == [], "ssh -L left a process behind"
        assert not probe.reached(), "a tunnel reached the probe"
    finally:
        probe.close()

    assert not (tmp_path / "got").exists()
    assert server.database_fingerprint() == before, outcomes
    assert server.new_files_in_home() == set(), outcomes
