"""An OpenSSH server of the test's own on loopback, configured as the distribution ships it.

`/usr/sbin/sshd -D -e -f <config>` on 127.0.0.1 and a free port. Its config is a few lines of
its own (the address, the port, a host key, a pid file), then a drop-in folder, then the
distribution's `/etc/ssh/sshd_config` as it is: PAM, StrictModes and everything else as on a
real server. The drop-in folder stands in for `/etc/ssh/sshd_config.d`, which Debian's
`sshd_config` includes first, and holds the drop-in file docs/ssh.md tells the admin to
write. A drop-in's `Match` block ends with its file, as in /etc/ssh/sshd_config.d.

`SshClient` is the real `ssh`, `sftp` and `scp` of the machine, with a key of the test's own
and no configuration of the user's or the machine's. `Probe` and `local_forward_is_refused`
check that a tunnel through the login never reaches its far end.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

from waiting import wait_until

from .tmux import wait_for_process_end

SSHD = "/usr/sbin/sshd"
PRIVSEP_DIR = Path("/run/sshd")
"""Where a root sshd chroots its unprivileged child; the Debian package's service makes it.
Made here when missing and left in place, as the service leaves it: the tests run in parallel
workers, and one test removing it at its end made another's sshd refuse its next login
("Missing privilege separation directory", seen in CI)."""

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


def keygen(path: Path, comment: str) -> None:
    """A new ed25519 key pair without a passphrase: `path` and `path.pub`."""
    client = ssh_paths()
    if client is None:
        raise RuntimeError("OpenSSH (the client and ssh-keygen) is not installed")
    subprocess.run(
        [client[1], "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)],
        check=True,
        capture_output=True,
        timeout=30,
    )


DISTRIBUTION_CONFIG = Path("/etc/ssh/sshd_config")


class LoopbackSshd:
    """One sshd on 127.0.0.1: the distribution's config, with `drop_in` as a file of
    `sshd_config.d`.

    Args:
        folder: A folder of root's own for the host key, config, pid file and log; the
            caller removes it.
        drop_in: The text of the drop-in file (docs/ssh.md's `driehoek.conf`).
    """

    def __init__(self, folder: Path, drop_in: str) -> None:
        sshd = sshd_path()
        if sshd is None:
            raise RuntimeError("the OpenSSH server is not installed")
        self._sshd = sshd
        self.folder = folder
        self.drop_in = drop_in
        self.host_key = folder / "ssh_host_ed25519_key"
        self.config = folder / "sshd_config"
        self.drop_in_folder = folder / "sshd_config.d"
        self.log = folder / "sshd.log"
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None

    # -- the server -------------------------------------------------------------------------

    def start(self) -> None:
        """Write the host key and the config, check it as `sshd -t` does, and start sshd."""
        keygen(self.host_key, "driehoek-e2e host")
        self.drop_in_folder.mkdir()
        (self.drop_in_folder / "driehoek.conf").write_text(self.drop_in)
        if os.geteuid() == 0:
            PRIVSEP_DIR.mkdir(mode=0o755, exist_ok=True)
        for _attempt in range(5):  # another program may take the free port before sshd does
            self.port = free_port()
            self.config.write_text(self.config_text())
            self.sshd("-t")
            if self._start_once():
                return
        raise RuntimeError(f"sshd did not start:\n{self.output()}")

    def sshd(self, *args: str) -> str:
        """`sshd -f <config> *args` (`-t`, `-T -C ...`): its output; fails if sshd does."""
        result = subprocess.run(
            [self._sshd, "-f", str(self.config), *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"sshd {' '.join(args)} refuses the config: {result.stderr}")
        return result.stdout

    def config_text(self) -> str:
        """Where and as what this sshd listens; the rest as the distribution ships it."""
        return f"""\
# The test's own: loopback, a free port, its own host key and pid file. Each keyword's first
# value counts, so these win over the distribution's file below.
ListenAddress 127.0.0.1
Port {self.port}
HostKey {self.host_key}
PidFile {self.folder / "sshd.pid"}
# The stand-in for /etc/ssh/sshd_config.d, which Debian's sshd_config includes first.
Include {self.drop_in_folder}/*.conf
# PAM, StrictModes, authorized_keys in each account's home: all as the distribution has it.
Include {DISTRIBUTION_CONFIG}
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
            stop_process(self._process, timeout)
            for pid in killed:
                wait_for_process_end(pid, timeout)
            self._process = None
        return killed


class SshClient:
    """The machine's `ssh`, `sftp` and `scp`, logging in as `user` with `key`.

    No ssh_config (neither the machine's nor the user's), no known_hosts, no agent: only what
    each command line says.
    """

    def __init__(self, port: int, user: str, key: Path) -> None:
        self.port = port
        self.user = user
        self.key = key
        self.host = f"{user}@127.0.0.1"

    def options(self) -> list[str]:
        """The options every command shares (ssh, sftp and scp read the same `-o`)."""
        return [
            "-F", os.devnull,
            "-i", str(self.key),
            "-o", "IdentitiesOnly=yes",
            "-o", "IdentityAgent=none",
            "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=no",
            "-o", f"UserKnownHostsFile={os.devnull}",
            "-o", "LogLevel=ERROR",
            "-o", "ConnectTimeout=30",
        ]  # fmt: skip

    def ssh(self, *options: str, command: Sequence[str] = ()) -> list[str]:
        """`ssh *options host *command`."""
        return ["ssh", *self.options(), "-p", str(self.port), *options, self.host, *command]

    def login(self) -> list[str]:
        """What a coordinator types: `ssh host`, with a terminal and the locale sent along."""
        return self.ssh("-tt", "-o", "SendEnv=LANG LC_* COLORTERM DRIEHOEK_LANG")

    def sftp(self, batch: Path) -> list[str]:
        """`sftp` running the commands in `batch`."""
        return ["sftp", *self.options(), "-P", str(self.port), "-b", str(batch), self.host]

    def scp(self, *paths: str) -> list[str]:
        """`scp -O` (the old protocol, which runs `scp -t`/`scp -f` on the server)."""
        return ["scp", "-O", *self.options(), "-P", str(self.port), *paths]


class Probe:
    """A TCP server on loopback that notes whether anything ever connected to it."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.setblocking(False)
        self.port: int = self.socket.getsockname()[1]

    def reached(self) -> bool:
        try:
            connection, _ = self.socket.accept()
        except BlockingIOError:
            return False
        connection.close()
        return True

    def close(self) -> None:
        self.socket.close()


def stop_process(process: subprocess.Popen[bytes], grace: float) -> None:
    """Ask `process` to end (SIGTERM), and kill it if it has not within `grace` seconds."""
    process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(grace)


def listens(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:`port`."""
    try:
        socket.create_connection(("127.0.0.1", port), 1).close()
    except OSError:
        return False
    return True


def local_forward_is_refused(client: SshClient, target: int, scratch: Path) -> str:
    """`ssh -N -L` to 127.0.0.1:`target`, and a connection into the tunnel: sshd refuses to open
    its far end, so ssh closes the connection without a byte. Returns what ssh said.

    Raises:
        AssertionError: Data came through the tunnel.
    """
    port, said = free_port(), scratch / "ssh-L.err"
    command = client.ssh("-N", "-L", f"127.0.0.1:{port}:127.0.0.1:{target}")
    with said.open("w") as err:
        ssh = subprocess.Popen(command, stdin=subprocess.DEVNULL, stderr=err)
    try:
        # Generous bounds, not waits: on CI's two loaded cores the handshake and the channel's
        # refusal once took longer than 30 s; a refusal normally arrives within a second.
        wait_until(lambda: listens(port) or ssh.poll() is not None, "ssh -L to listen", 90)
        with socket.create_connection(("127.0.0.1", port), 10) as through:
            through.settimeout(90)
            # ssh closes its end once sshd has said no to the channel.
            with contextlib.suppress(ConnectionResetError):
                assert through.recv(1) == b"", "data came through the tunnel"
    finally:
        # CI once saw this ssh outlive SIGTERM by 30 s (its loop busy with the refused channel on
        # two loaded cores); what the test found matters, not how the client ends.
        stop_process(ssh, 10)
    return said.read_text()
