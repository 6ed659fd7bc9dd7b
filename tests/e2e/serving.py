"""A real `driehoek serve` for the browser tests: started, found, looked at, and stopped.

`Served.url` is the URL to open: the link with the token that the server printed, as its user
would copy it. A test that opens driehoek in a browser starts there.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import signal
import socket
import subprocess
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from driehoek.database import open_database
from driehoek.store import Store

from .flows import T, driehoek_command
from .sshd import descendants, free_port
from .tmux import clean_env

START_TIMEOUT = 60.0
"""Seconds for the server to listen: a Python start with aiohttp on a busy machine."""

PLACEMENTS = (
    ("Tess Wijnands", "Bakkerij De Korenaar"),
    ("Bram Okkerse", "Zorgboerderij Het Wilgenhof"),
)
"""The placements `seed` writes: invented students at invented workplaces."""

_POLL = 0.05


def _announcement(key: str, **values: str) -> re.Pattern[str]:
    """The line `driehoek serve` prints at the start, with `{url}` as a group to read."""
    before, after = T(key, url="\0", **values).split("\0")
    return re.compile(re.escape(before) + r"(\S+)" + re.escape(after))


def url_to_open(output: str) -> str | None:
    """The link `driehoek serve` printed (with its token), or None before it printed one."""
    found = _announcement("serve.serving").search(output)
    return found.group(1) if found else None


@dataclass
class Served:
    """A running `driehoek serve`, its database and its address."""

    process: subprocess.Popen[bytes]
    db_path: Path
    port: int
    log: Path
    token: str | None = None
    """The token, when the test gave it in a file (the server does not print it then)."""

    @property
    def origin(self) -> str:
        """The server's address, without the token: what someone without the link has."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """The URL to open: the printed link, token included."""
        if self.token is not None:
            return f"{self.origin}/?token={self.token}"
        url = url_to_open(self.output())
        assert url is not None, f"the server printed no link:\n{self.output()}"
        return url

    def output(self) -> str:
        """What the server printed, for a failure message."""
        return self.log.read_text(errors="replace")[-4000:]

    def app_processes(self) -> list[int]:
        """The driehoek app processes the server runs, one per browser session."""
        found = []
        for pid in descendants(self.process.pid):
            with contextlib.suppress(OSError):
                argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
                if argv[1:3] == [b"-m", b"driehoek"]:
                    found.append(pid)
        return found


def seed(db_path: Path) -> None:
    """PLACEMENTS, each with an intake, written as any coordinator would."""
    db = open_database(db_path)
    try:
        store = Store(db, clock=lambda: datetime.now(UTC), user="e2e")
        for student, organisation in PLACEMENTS:
            store.new_intake(student, organisation)
    finally:
        db.close()


def fingerprint(db_path: Path) -> dict[str, str]:
    """A hash of the database and its write-ahead log: what was stored, byte for byte.

    The `-shm` index is left out: a reader may touch it without storing anything; so is an
    empty `-wal` (the last session to close the file removes it).
    """
    files = (db_path, db_path.with_name(db_path.name + "-wal"))
    # An empty log holds nothing: whether it is there depends only on who has the file open.
    return {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest()
        for f in files
        if f.exists() and (f == db_path or f.stat().st_size)
    }


def _listens(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
        return True
    return False


def start_server(
    db_path: Path,
    home: Path,
    log: Path,
    *options: str,
    token: str | None = None,
    cwd: Path | None = None,
) -> Served:
    """`driehoek --db DB serve --port N [options]` on a free port; retried if another takes it.

    Args:
        db_path: The database the server is given.
        home: The HOME of the server's account.
        log: Where its output goes.
        options: More options for `serve`, e.g. `--max-sessions 1`.
        token: The token in the `--token-file` among `options`, if there is one.
        cwd: The server's working folder (the test's own, when it matters what lands there).
    """
    for _attempt in range(5):
        port = free_port()
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*driehoek_command(), "--db", str(db_path), "serve", "--port", str(port), *options],
                env=clean_env(home),
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its sessions' driehoek processes join its group
            )
        served = Served(process, db_path, port, log, token)
        deadline = time.monotonic() + START_TIMEOUT
        # It announces itself just before it binds the port: wait for both.
        while process.poll() is None and not (
            f"127.0.0.1:{port}/" in served.output() and _listens(port)
        ):
            if time.monotonic() > deadline:
                stop_server(served)
                raise AssertionError(f"the server did not start:\n{served.output()}")
            time.sleep(_POLL)
        if process.poll() is None:
            return served
        if "Address already in use" not in served.output():
            raise AssertionError(f"the server ended at once:\n{served.output()}")
    raise AssertionError(f"no free port for the server:\n{served.output()}")


def stop_server(served: Served) -> bool:
    """Stop the server as systemd would (SIGTERM); True if it and its sessions ended."""
    process = served.process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(60)
    clean = process.poll() is not None
    with contextlib.suppress(ProcessLookupError):  # anything left in its group
        os.killpg(process.pid, signal.SIGKILL)
        clean = False
    process.wait(10)
    return clean


@contextlib.contextmanager
def running_server(
    db_path: Path,
    home: Path,
    log: Path,
    *options: str,
    token: str | None = None,
    cwd: Path | None = None,
) -> Iterator[Served]:
    """`start_server`, stopped when the block ends (with a warning if it had to be killed)."""
    served = start_server(db_path, home, log, *options, token=token, cwd=cwd)
    try:
        yield served
    finally:
        if not stop_server(served):
            warnings.warn(f"driehoek serve had to be killed:\n{served.output()}", stacklevel=1)
