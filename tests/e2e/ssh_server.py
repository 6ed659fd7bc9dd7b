"""The server of the SSH tests: driehoek installed and an account made as docs/ssh.md says, and
an sshd of the test's own that forces driehoek on it (test_ssh.py, test_ssh_follow.py).

`installation` is a session fixture (conftest.py registers it): driehoek is installed once per
test run, as step 1 says, in a folder under /opt that every account can read. `ssh_server` then
makes a throwaway group, account and shared folder with steps 2 and 3 and starts sshd with step
4's drop-in (and step 8's, for a follow-only account); all of it is removed afterwards,
whatever happened.
"""

from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from driehoek.database import open_database
from driehoek.store import Store

from .ssh_setup import (
    ACCOUNT,
    CHECKOUT,
    DROP_IN,
    FOLLOW_DROP_IN,
    INSTALL,
    SHARED_FOLDER,
    SHOW_CONFIG,
    SYSTEM_PYTHON,
    Names,
    files_in,
    fill,
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
from .tmux import tmux_path

INSTALL_TIMEOUT = 600.0
"""Seconds for step 1: a virtual environment, and pip fetching driehoek's dependencies."""

EXPORTS_FOLDER = ".local/share/driehoek/exports"
"""The one folder in the account's home where the app may create files: its exports folder by
default (an account made by `useradd` has no Documents folder), relative to the home."""


def needs(*tools: tuple[str, object]) -> None:
    """Skip (fail in CI) unless this is root and every tool is there."""
    from .conftest import in_ci  # here: conftest imports this module for its fixture

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

    def __init__(
        self, names: Names, sshd: LoopbackSshd, client: SshClient, home: Path, keys: Path
    ) -> None:
        self.names = names
        self.sshd = sshd
        self.client = client
        self.home = home
        self.keys = keys
        """The folder with the test's key pair, and each account's copy of the public key."""
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


@contextmanager
def ssh_server(
    installation: Installation, tmp_path: Path, *, followers: bool = False
) -> Iterator[Server]:
    """A new account and group made as docs/ssh.md says, and an sshd forcing driehoek on it;
    with `followers`, its drop-in has step 8's block for follow-only accounts too."""
    shared = Path(tempfile.mkdtemp(prefix="srv-", dir=installation.base))
    shared.chmod(0o755)
    names = unique_names(installation.base / "driehoek", shared / "driehoek")
    keys = tmp_path / "keys"
    keys.mkdir()
    keygen(keys / "id_ed25519", "driehoek-e2e coordinator")
    for user in (names.user, names.follower):
        shutil.copyfile(keys / "id_ed25519.pub", keys / f"{user}.pub")
    sshd_folder = tmp_path / "sshd"
    sshd_folder.mkdir()
    drop_in = fill(DROP_IN, names)
    if followers:
        drop_in += "\n" + fill(FOLLOW_DROP_IN, names)
    sshd = LoopbackSshd(sshd_folder, drop_in)
    try:
        run_as_root(SHARED_FOLDER + ACCOUNT, names, keys, 120)
        sshd.start()
        shown = sshd.sshd("-T", *fill(SHOW_CONFIG, names).split()[1:])
        assert f"forcecommand {names.venv}/bin/driehoek --db {names.folder}/driehoek.db" in shown
        assert "allowtcpforwarding no" in shown
        home = Path(pwd.getpwnam(names.user).pw_dir)
        client = SshClient(sshd.port, names.user, keys / "id_ed25519")
        yield Server(names, sshd, client, home, keys)
    finally:
        killed = sshd.stop()
        if killed:
            warnings.warn(f"processes outlived their SSH session: {killed}", stacklevel=1)
        problems = remove_account(names)
        shutil.rmtree(shared, ignore_errors=True)
        assert not problems, problems


def seed(server: Server, *meetings: tuple[str, str]) -> None:
    """A database in the shared folder with a meeting for each (student, organisation), the
    coordinator's and the group's, as if she had made them."""
    db = open_database(server.db_path)
    try:
        store = Store(db, clock=lambda: datetime.now(UTC), user="beheer")
        for student, organisation in meetings:
            store.new_intake(student, organisation)
    finally:
        db.close()
    for path in server.folder.iterdir():
        os.chown(path, server.uid, server.folder.stat().st_gid)
        path.chmod(0o660)


def run(command: list[str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """A client command with nothing on its input; what it printed, and how it ended."""
    return subprocess.run(
        command,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def everything_else_is_refused(
    client: SshClient, uid: int, refusal: str, scratch: Path
) -> dict[str, str]:
    """Try a shell, a command, sftp, `scp -O` both ways and every kind of tunnel as `client`:
    each must be refused (with `refusal` where driehoek answers), leave no process of the
    account `uid` behind, and reach nothing. Returns what each said, for a failure message.
    The caller checks that the database and the account's home stayed as they were."""
    probe = Probe()
    batch = scratch / "sftp-batch"
    batch.write_text("ls\nget driehoek.db\n")
    upload = scratch / "upload.txt"
    upload.write_text("x $(bash --norc -i)\n")
    remote_forward = f"127.0.0.1:{free_port()}:127.0.0.1:{probe.port}"
    got = scratch / "got"
    outcomes: dict[str, str] = {}
    try:
        # (what is tried, its command line, what must be in what it prints)
        attempts = [
            ("ssh host bash", client.ssh(command=["bash"]), refusal),
            ("ssh host id", client.ssh(command=["id"]), refusal),
            ("ssh -tt host bash", client.ssh("-tt", command=["bash"]), refusal),
            ("sftp", client.sftp(batch), "Connection closed"),
            ("scp -O from", client.scp(f"{client.host}:.profile", str(got)), refusal),
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
            assert wait_until_no_process_of(uid) == [], f"{what} left a process behind"
        outcomes["ssh -L"] = local_forward_is_refused(client, probe.port, scratch)
        assert wait_until_no_process_of(uid) == [], "ssh -L left a process behind"
        assert not probe.reached(), "a tunnel reached the probe"
    finally:
        probe.close()
    assert not got.exists(), outcomes
    return outcomes
