"""Drive a real terminal program in a detached tmux session, as a user at a terminal would.

Each `TmuxSession` has its own tmux server (a private `-L` socket, no config file), a fixed
window size and a clean environment: an explicit `TERM`, and `HOME` and the XDG folders under
a temporary directory, so nothing depends on the host's tmux setup or touches real data.
`remain-on-exit` keeps the pane after the program ends, so its exit status and any traceback
can still be read.

Waiting is polling with a timeout; a failed wait shows the last screen.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

DEFAULT_TIMEOUT = 30.0
"""Seconds to wait for the screen; generous, because test machines are slow and shared. The
first wait after a start covers a Python start and Textual's import: on CI's two cores, busy
with the unit tests beside, 15 s was too close (the browser and SSH tests allow 30 s and more).
A wait ends as soon as its condition holds, so this costs a passing test nothing."""

_POLL = 0.05
_TERM = "xterm-256color"
_LOCALE = "C.UTF-8"


def tmux_path() -> str | None:
    """The tmux executable, or None when it is not installed."""
    return shutil.which("tmux")


@dataclass(frozen=True)
class PaneExit:
    """How the program in a pane ended: an exit status, or the signal that killed it."""

    status: int | None
    signal: int | None


def process_ended(pid: int) -> bool:
    """Whether process `pid` has ended (a zombie waiting to be reaped has ended too)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    except OSError:  # no /proc: ask the kernel whether the pid still exists
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False
    return stat.rsplit(")", 1)[1].split()[0] in {"Z", "X"}


def wait_for_process_end(pid: int, timeout: float = DEFAULT_TIMEOUT) -> bool:
    """Wait until process `pid` has ended; False if it still runs after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not process_ended(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(_POLL)
    return True


def clean_env(home: Path) -> dict[str, str]:
    """The environment a program gets: only what is listed here, nothing of the caller's."""
    return {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(home),
        "LOGNAME": os.environ.get("LOGNAME") or os.environ.get("USER") or "tester",
        "TERM": _TERM,
        "LANG": _LOCALE,
        "LC_ALL": _LOCALE,
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }


class TmuxSession:
    """One program in one detached tmux session on a private server.

    Args:
        home: The program's HOME; its XDG folders are made inside it.
        width: Columns of the window.
        height: Rows of the window.
    """

    def __init__(self, home: Path, *, width: int = 80, height: int = 24) -> None:
        tmux = tmux_path()
        if tmux is None:
            raise RuntimeError("tmux is not installed")
        self._tmux = tmux
        self.home = home
        self.width = width
        self.height = height
        self.socket = f"driehoek-e2e-{uuid.uuid4().hex[:12]}"
        self._target = "app"
        self._pid: int | None = None
        self._socket_path: Path | None = None
        # The tmux client: the caller's environment, less any tmux it runs inside, in UTF-8.
        client_env = {k: v for k, v in os.environ.items() if k not in {"TMUX", "TMUX_PANE"}}
        client_env["LC_ALL"] = _LOCALE
        self._client_env = client_env

    # -- tmux itself ------------------------------------------------------------------------

    def tmux(self, *args: str, check: bool = True) -> str:
        """Run one tmux command against this session's server; returns its output."""
        result = subprocess.run(
            [self._tmux, "-L", self.socket, "-f", os.devnull, *args],
            capture_output=True,
            text=True,
            env=self._client_env,
            timeout=30,
            check=False,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    def start(self, argv: Sequence[str], env: Mapping[str, str] | None = None) -> None:
        """Start `argv` in the session, with a clean environment plus `env`."""
        if self._pid is not None:
            raise RuntimeError("this session already runs a program")
        for sub in (".local/share", ".local/state", ".config", ".cache"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        environment = clean_env(self.home) | dict(env or {})
        command = ["env", "-i", *(f"{k}={v}" for k, v in environment.items()), *argv]
        # More than one argument: tmux execs the command without a shell, so the pane's
        # process is the program itself (`env` execs in turn). The option comes first, so it
        # holds even for a program that dies at once.
        self.tmux(
            "set-option", "-g", "remain-on-exit", "on", ";",
            "new-session", "-d", "-s", self._target,
            "-x", str(self.width), "-y", str(self.height),
            *command,
        )  # fmt: skip
        self._pid = self.pane_pid()
        self._socket_path = Path(self.pane("#{socket_path}"))

    def record(self, path: Path) -> None:
        """Append every byte the program writes to the terminal from now on to `path`."""
        self.tmux("pipe-pane", "-o", "-t", self._target, f"cat >> {shlex.quote(str(path))}")

    def hang_up(self) -> None:
        """Take the terminal away, as a dropped SSH link does: the program gets a hangup."""
        self.tmux("kill-server", check=False)

    def close(self, timeout: float = 5.0) -> bool:
        """Stop the tmux server, and make sure the program has ended; safe to call twice.

        Returns:
            True if the program ended by itself; False if it outlived its terminal by
            `timeout` seconds and was killed here, so that no test leaves it running.
        """
        self.hang_up()
        if self._socket_path is not None:
            self._socket_path.unlink(missing_ok=True)  # tmux leaves it behind
        if self._pid is None or wait_for_process_end(self._pid, timeout):
            return True
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._pid, signal.SIGKILL)
        return False

    # -- input ------------------------------------------------------------------------------

    def type(self, text: str) -> None:
        """Type `text` literally, as keystrokes."""
        self._send(self._typing(text))

    def keys(self, *names: str) -> None:
        """Press keys by tmux's names: `Enter`, `Escape`, `C-n`, `Tab`, `2`…"""
        self._send([["send-keys", "-t", self._target, *names]])

    def send_bytes(self, data: bytes) -> None:
        """Send `data` to the program byte for byte, as they are: also bytes that are not
        UTF-8, which a terminal set to another encoding (or a bad link) can send."""
        self._send([["send-keys", "-t", self._target, "-H", *(f"{b:02x}" for b in data)]])

    def burst(self, *inputs: str | tuple[str, ...]) -> None:
        """Text (a string) and keys (a tuple of names) in one go, as a paste or a lagging link
        delivers them: the program gets them all before it has handled the first."""
        commands: list[list[str]] = []
        for item in inputs:
            if isinstance(item, str):
                commands += self._typing(item)
            else:
                commands.append(["send-keys", "-t", self._target, *item])
        self._send(commands)

    def _typing(self, text: str) -> list[list[str]]:
        # tmux reads an argument ending in ";" as a command separator: send those as bytes.
        body = text.rstrip(";")
        commands = [["send-keys", "-t", self._target, "-l", "--", body]] if body else []
        semicolons = len(text) - len(body)
        return commands + [["send-keys", "-t", self._target, "-H", "3b"]] * semicolons

    def _send(self, commands: list[list[str]]) -> None:
        if not commands:
            return
        chained = commands[0]
        for command in commands[1:]:
            chained = [*chained, ";", *command]
        self.tmux(*chained)

    # -- output -----------------------------------------------------------------------------

    def screen(self, *, history: bool = False) -> str:
        """The visible screen as text; with `history`, the scrolled-off lines above it too."""
        extra = ["-S", "-"] if history else []
        return self.tmux("capture-pane", "-p", "-t", self._target, *extra)

    def pane(self, fmt: str) -> str:
        """A tmux format evaluated for the pane, e.g. `#{alternate_on}`."""
        return self.tmux("display-message", "-p", "-t", self._target, fmt).strip()

    def pane_pid(self) -> int:
        """The process id of the program in the pane."""
        return int(self.pane("#{pane_pid}"))

    def terminal_closed(self) -> bool:
        """Whether the program's terminal is closed: it ended, or is about to."""
        return self.pane("#{pane_dead}") == "1"

    def exited(self) -> PaneExit | None:
        """How the program ended, or None while it runs (or tmux has not yet reaped it).

        tmux marks a pane dead when its terminal closes, and learns the exit status only
        when it reaps the process, a moment later.
        """
        fields = self.pane("#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}")
        dead, status, sig = fields.split("|")
        if dead != "1":
            return None
        if not (status or sig):
            # tmux before 3.5 built with utempter can miss the SIGCHLD of a pane whose
            # terminal closed first (tmux/tmux#311, #4559) and leave the process a zombie
            # for good. Another SIGCHLD makes our own server reap it.
            os.kill(int(self.pane("#{pid}")), signal.SIGCHLD)
            return None
        return PaneExit(int(status) if status else None, int(sig) if sig else None)

    # -- waiting ----------------------------------------------------------------------------

    def wait_until(
        self, done: Callable[[], bool], what: str, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        """Poll `done` until it is true; fail with `what` and the last screen if it never is."""
        deadline = time.monotonic() + timeout
        while True:
            if done():
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout:g}s for {what}\n{self.describe()}")
            time.sleep(_POLL)

    def wait_for(self, text: str, timeout: float = DEFAULT_TIMEOUT) -> str:
        """Wait until `text` is on the screen; returns that screen.

        Fails at once if the program ends first, showing what it left on the screen.
        """
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if text in shown:
                return shown
            if self.terminal_closed():
                raise AssertionError(
                    f"the program ended while waiting for {text!r}\n{self.describe()}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout:g}s for {text!r}\n{self.describe()}")
            time.sleep(_POLL)

    def wait_for_exit(self, timeout: float = DEFAULT_TIMEOUT) -> PaneExit:
        """Wait until the program has ended; returns how."""
        ended: list[PaneExit] = []

        def done() -> bool:
            result = self.exited()
            if result is not None:
                ended.append(result)
            return result is not None

        self.wait_until(done, "the program to end", timeout)
        return ended[0]

    def kill(self, sig: signal.Signals) -> None:
        """Send `sig` to the program (not to tmux), as a dropped link or `kill` would."""
        os.kill(self.pane_pid(), sig)

    def describe(self) -> str:
        """The state for a failure message: alive or how it ended, and the screen."""
        try:
            closed = self.terminal_closed()
            ended = self.exited()
            shown = self.screen(history=closed)
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            return f"(no screen: {e})"
        state = "running" if not closed else f"ended: {ended or 'terminal closed'}"
        rule = "-" * self.width
        found = f"program {state}; last screen:\n{rule}\n{shown.rstrip()}\n{rule}"
        # A crash names its log on the screen; the test's temporary folder is gone by the time
        # anyone reads the failure, so its end comes with it.
        for log in sorted(self.home.glob(".local/state/driehoek/log/*.log")):
            tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
            found += f"\n{log.name} (end):\n{tail.rstrip()}\n{rule}"
        return found
