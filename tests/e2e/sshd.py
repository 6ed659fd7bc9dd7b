"""An OpenSSH server of the test's own on loopback, set up as docs/ssh.md sets up a real one.

`/usr/sbin/sshd -D -e -f <config>` on 127.0.0.1 and a free port, with a host key, a client key
and a config generated in a temporary folder. The config has the deployment's `Match Group`
block: a `ForceCommand` that runs driehoek, a terminal, no forwarding, and the language and
colour variables accepted from the client.

The login is the account that runs the tests (root in CI), matched by its primary group. A
throwaway account would test the group permissions more truly, but it could not run the test's
driehoek: CI's Python lives in root's home (0700), and an install of its own would take a
download of every dependency in the middle of the test suite.
"""

from __future__ import annotations

import contextlib
import getpass
import grp
import os
import shlex
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from .tmux import wait_for_process_end

SSHD = "/usr/sbin/sshd"
PRIVSEP_DIR = Path("/run/sshd")
"""Where a root sshd chroots its unprivileged child; the Debian package's service makes it."""

START_TIMEOUT = 30.0
_POLL = 0.05


def sshd_path() -> str | None:
    """The OpenSSH server, or None when it is not installed."""
    return SSHD if os.access(SSHD, os.X_OK) else shutil.which("sshd")


def ssh_paths() -> tuple[str, str] | None:
    """The OpenSSH client and ssh-keygen, or None when either is missing."""
    ssh, keygen = shutil.which("ssh"), shutil.which("ssh-keygen")
    return (ssh, keygen) if ssh and keygen else None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def processes_with(text: str) -> list[int]:
    """The processes whose command line contains `text` (a path unique to one test)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in cmdline:
            found.append(int(entry.name))
    return found


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (children, their children, ...), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found: list[int] = []
    todo = list(children.get(pid, []))
    while todo:
        child = todo.pop()
        found.append(child)
        todo.extend(children.get(child, []))
    return found


class LoopbackSshd:
    """One sshd on 127.0.0.1 whose matched logins run `force_command`.

    Args:
        folder: A temporary folder for keys, config, pid file and log; the caller removes it.
        force_command: The command every login runs, as a shell command line.
        environment: Variables the server sets for each login (`SetEnv`).
    """

    def __init__(
        self, folder: Path, force_command: Sequence[str], environment: Mapping[str, str]
    ) -> None:
        sshd, client = sshd_path(), ssh_paths()
        if sshd is None or client is None:
            raise RuntimeError("OpenSSH (server and client) is not installed")
        self._sshd = sshd
        self._ssh, self._keygen = client
        self.folder = folder
        self.force_command = shlex.join(force_command)
        self.environment = dict(environment)
        self.user = getpass.getuser()
        self.group = grp.getgrgid(os.getgid()).gr_name
        self.host_key = folder / "ssh_host_ed25519_key"
        self.client_key = folder / "id_ed25519"
        self.authorized_keys = folder / "authorized_keys"
        self.config = folder / "sshd_config"
        self.log = folder / "sshd.log"
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._made_privsep_dir = False

    # -- the server -------------------------------------------------------------------------

    def start(self) -> None:
        """Make the keys and the config, and start sshd on a free port."""
        self._keygen_pair(self.host_key, "driehoek-e2e host")
        self._keygen_pair(self.client_key, "driehoek-e2e coordinator")
        shutil.copyfile(self.client_key.with_suffix(".pub"), self.authorized_keys)
        if os.geteuid() == 0 and not PRIVSEP_DIR.exists():
            PRIVSEP_DIR.mkdir(mode=0o755)
            self._made_privsep_dir = True
        for _attempt in range(5):  # another program may take the free port before sshd does
            self.port = free_port()
            self.config.write_text(self.config_text())
            check = subprocess.run(
                [self._sshd, "-t", "-f", str(self.config)],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
            if check.returncode != 0:
                raise RuntimeError(f"sshd refuses its config: {check.stderr.strip()}")
            if self._start_once():
                return
        raise RuntimeError(f"sshd did not start:\n{self.output()}")

    def _keygen_pair(self, path: Path, comment: str) -> None:
        subprocess.run(
            [self._keygen, "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)],
            check=True,
            capture_output=True,
            timeout=30,
        )

    def config_text(self) -> str:
        """The server's config: docs/ssh.md's `Match Group` block, on a port of its own."""
        env = " ".join(f'"{k}={v}"' for k, v in self.environment.items())
        return f"""\
ListenAddress 127.0.0.1
Port {self.port}
HostKey {self.host_key}
PidFile {self.folder / "sshd.pid"}
AuthorizedKeysFile {self.authorized_keys}
# The keys live in a temporary folder, which StrictModes would find too open.
StrictModes no
AllowUsers {self.user}
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
# No PAM: the login depends on nothing of the machine's own login setup (pam.d).
UsePAM no
PrintMotd no
PrintLastLog no
UseDNS no

Match Group {self.group}
    ForceCommand {self.force_command}
    PermitTTY yes
    AllowTcpForwarding no
    AllowAgentForwarding no
    AllowStreamLocalForwarding no
    X11Forwarding no
    PermitTunnel no
    PermitUserRC no
    AcceptEnv LANG LC_* COLORTERM DRIEHOEK_LANG
    SetEnv ESCDELAY=200 {env}
"""

    def _start_once(self) -> bool:
        """Start sshd; True once it listens, False if the port was taken meanwhile."""
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                [self._sshd, "-D", "-e", "-f", str(self.config)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if f"port {self.port}" in self.output() and self._accepts():
                return True
            if self._process.poll() is not None:
                if "Address already in use" in self.output():
                    return False
                raise RuntimeError(f"sshd ended at once:\n{self.output()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"sshd did not listen in {START_TIMEOUT:g}s:\n{self.output()}")
            time.sleep(_POLL)

    def _accepts(self) -> bool:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 1):
            return True
        return False

    def output(self) -> str:
        """sshd's log (it logs to stderr with -e), for a failure message."""
        try:
            return self.log.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def stop(self, timeout: float = 15.0) -> list[int]:
        """Stop sshd once its sessions have ended; safe to call twice.

        Returns:
            The processes (sessions, driehoek) that outlived `timeout` and were killed here.
        """
        killed: list[int] = []
        if self._process is not None:
            listener = self._process.pid
            # The sessions end when their clients go; give them time to save and stop.
            deadline = time.monotonic() + timeout
            while descendants(listener) and time.monotonic() < deadline:
                time.sleep(_POLL)
            killed = descendants(listener)
            for pid in killed:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            self._process.terminate()
            try:
                self._process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout)
            for pid in killed:
                wait_for_process_end(pid, timeout)
            self._process = None
        if self._made_privsep_dir:
            with contextlib.suppress(OSError):
                PRIVSEP_DIR.rmdir()
            self._made_privsep_dir = False
        return killed

    # -- the client -------------------------------------------------------------------------

    def login_command(self) -> list[str]:
        """The `ssh` command line that logs in with the generated key and a terminal."""
        return [
            self._ssh,
            "-F", os.devnull,  # no ssh_config: neither the machine's nor the user's
            "-tt",
            "-p", str(self.port),
            "-i", str(self.client_key),
            "-o", "IdentitiesOnly=yes",
            "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=no",
            "-o", f"UserKnownHostsFile={os.devnull}",
            "-o", "LogLevel=ERROR",
            "-o", "SendEnv=LANG LC_* COLORTERM DRIEHOEK_LANG",
            f"{self.user}@127.0.0.1",
        ]  # fmt: skip
