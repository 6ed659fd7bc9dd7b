"""Time to first screen in a real terminal: a detached 80x24 tmux session, polled.

    python bench/tmux_screen.py --cmd 'CMD' --expect TEXT --vs 'CMD_B' --vs-expect TEXT_B

The approach of ../shared/perf/tmux_first_screen.py: each run opens a new session running the
command, polls `tmux capture-pane -p` every 10 ms until the text is on screen, and records the
time from just before `new-session`. A and B run in turn, so the pairwise ratio cancels the
machine's drift. The tmux server (its own socket, no config file) is started once, before the
first run, and removed at the end.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchlib import median


def _tmux(sock: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["tmux", "-L", sock, *args], capture_output=True, text=True, check=check)


@dataclass
class FirstScreens:
    """Milliseconds to first screen, A and B in turn."""

    a_ms: list[float] = field(default_factory=list)
    b_ms: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        """Median of the pairwise ratios A/B."""
        return median([a / b for a, b in zip(self.a_ms, self.b_ms, strict=True)])


def _one(sock: str, name: str, cmd: str, expect: str, size: tuple[int, int]) -> float:
    t0 = time.monotonic()
    _tmux(sock, "new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]), cmd)
    screen = ""
    try:
        while time.monotonic() - t0 < 30:
            cp = _tmux(sock, "capture-pane", "-p", "-t", name, check=False)
            if cp.returncode != 0:
                break  # the program ended before showing the text
            screen = cp.stdout
            if expect in screen:
                return (time.monotonic() - t0) * 1000
            time.sleep(0.01)
    finally:
        _tmux(sock, "kill-session", "-t", name, check=False)
    raise RuntimeError(f"{expect!r} never appeared for {cmd}; last screen:\n{screen}")


def measure(
    a: tuple[str, str],
    b: tuple[str, str],
    *,
    env: Mapping[str, str],
    runs: int = 10,
    warmup: int = 1,
    size: tuple[int, int] = (80, 24),
) -> FirstScreens:
    """First-screen times of command A and command B (each `(shell command, text)`), in turn.

    The commands run through the shell of the tmux server, which gets `env`.
    """
    sock = f"driehoek-bench-{os.getpid()}"
    result = FirstScreens()
    # The server starts with `env`, and every session inherits it.
    keeper = ["new-session", "-d", "-s", "keep", "-x", str(size[0]), "-y", str(size[1])]
    subprocess.run(
        ["tmux", "-L", sock, "-f", "/dev/null", *keeper, "sleep 100000"],
        env={**env, "TERM": "xterm-256color"},
        check=True,
    )
    try:
        for i in range(warmup + runs):
            ta = _one(sock, f"a{i}", a[0], a[1], size)
            time.sleep(0.3)
            tb = _one(sock, f"b{i}", b[0], b[1], size)
            time.sleep(0.3)
            if i >= warmup:
                result.a_ms.append(ta)
                result.b_ms.append(tb)
    finally:
        _tmux(sock, "kill-server", check=False)
        socket = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}" / sock
        socket.unlink(missing_ok=True)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: see the module docstring."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cmd", required=True)
    p.add_argument("--expect", required=True)
    p.add_argument("--vs", required=True)
    p.add_argument("--vs-expect", required=True)
    p.add_argument("--runs", type=int, default=10)
    a = p.parse_args(argv)
    r = measure((a.cmd, a.expect), (a.vs, a.vs_expect), env=os.environ, runs=a.runs)
    print(
        f"{shlex.split(a.cmd)[0]}: {median(r.a_ms):.0f} ms, yardstick {median(r.b_ms):.0f} ms, "
        f"ratio {r.ratio:.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
