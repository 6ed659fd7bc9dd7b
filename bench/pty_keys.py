"""Bytes per keystroke, idle bytes per second and key-to-screen latency, under a pseudo-terminal.

    python bench/pty_keys.py --cmd 'CMD' --ready TEXT [--step KEYS=TEXT ...] [--text TEXT]
        [--chars 100] [--size 80x24] [--idle-s 3] [--echo-rows A:B] [--json FILE]

The approach of ../shared/perf/pty_keys.py: the program runs on a pty this script owns
(TERM=xterm-256color, no COLORTERM: 256 colours, as over a plain SSH link) and everything it
writes is counted and fed to a pyte screen.

1. start-up: wait until TEXT is on screen, then until the output has been quiet for 0.5 s;
2. each --step: send KEYS (Python escapes: '\\r' Enter, '\\x07' Ctrl+G), wait for its TEXT;
3. idle: read for --idle-s seconds without input: idle bytes per second;
4. typing: --text (default: --chars random lowercase letters, seed 1), one key at a time. For
   each key the output is read until 20 ms pass without a byte; the key is "visible" once the
   number of occurrences of the last six typed characters has gone up, counted in the rows
   --echo-rows (all rows by default; the rows of the field when the rest of the screen changes
   too, e.g. a list filtered as you type), each row's trailing blanks dropped and the rows
   joined, so a word wrapped onto the next row is still found. Then 50 ms more of reading
   before the next key. Bytes while typing / keys = bytes per keystroke.
5. Ctrl+Q, then the program is killed (by its pid) if it is still there.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import fcntl
import json
import os
import pty
import random
import select
import shlex
import signal
import string
import struct
import sys
import termios
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyte

from benchlib import median, pct


class _Screen(pyte.Screen):  # type: ignore[misc,unused-ignore]  # pyte: no types
    """A pyte screen that ignores private SGR sequences (pyte would fail on them)."""

    def select_graphic_rendition(self, *attrs: int, private: bool = False, **kw: Any) -> None:
        if not private:
            super().select_graphic_rendition(*attrs)


class Term:
    """A program on a pty, with everything it writes counted and shown on a pyte screen."""

    def __init__(self, cmd: Sequence[str], cols: int, rows: int, env: Mapping[str, str]) -> None:
        self.screen = _Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.total = 0
        self.last_rx = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:  # the child
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                os.execvpe(cmd[0], list(cmd), dict(env))
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.t_spawn = time.monotonic()
        self.alive = True

    def read_raw(self, timeout: float, gap: float) -> list[tuple[float, bytes]]:
        """Chunks as they arrive, time-stamped, unparsed: the first within `timeout`, then
        until no byte has come for `gap` seconds."""
        chunks: list[tuple[float, bytes]] = []
        deadline = time.monotonic() + max(timeout, 0.0)
        while self.alive:
            now = time.monotonic()
            wait = deadline - now if not chunks else max(0.0, gap - (now - chunks[-1][0]))
            if not chunks and wait <= 0:
                break
            ready, _, _ = select.select([self.fd], [], [], wait)
            if not ready:
                if chunks or time.monotonic() >= deadline:
                    break
                continue
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                data = b""
            if not data:
                self.alive = False
                break
            chunks.append((time.monotonic(), data))
        return chunks

    def feed(self, data: bytes, t: float) -> None:
        self.total += len(data)
        self.last_rx = t
        self.stream.feed(data)

    def text(self, rows: tuple[int, int] | None = None) -> str:
        """The screen (or rows A to B of it), each row's trailing blanks dropped, joined."""
        lines = self.screen.display if rows is None else self.screen.display[rows[0] : rows[1] + 1]
        return "".join(line.rstrip() for line in lines)

    def show(self) -> str:
        """The screen as it looks, row by row."""
        return "\n".join(self.screen.display)

    def wait_for(self, text: str, timeout: float = 30.0) -> bool:
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            if text in self.text():
                return True
            for t, data in self.read_raw(0.05, 0.002):
                self.feed(data, t)
            if not self.alive:
                return text in self.text()
        return False

    def settle(self, quiet_s: float, timeout: float = 30.0) -> None:
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            left = quiet_s - (time.monotonic() - self.last_rx)
            if left <= 0:
                return
            for t, data in self.read_raw(left, 0.002):
                self.feed(data, t)

    def read_for(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            for t, data in self.read_raw(left, 0.002):
                self.feed(data, t)

    def close(self, quit_keys: bytes = b"\x11", timeout: float = 5.0) -> None:
        if self.alive:
            with contextlib.suppress(OSError):
                os.write(self.fd, quit_keys)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.read_for(0.05)
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                break
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self.fd)


def unescape(keys: str) -> bytes:
    """'\\r' and '\\x07' as the bytes they name."""
    return codecs.decode(keys, "unicode_escape").encode("latin-1")


def measure(
    cmd: Sequence[str],
    ready: str,
    *,
    env: Mapping[str, str],
    steps: Sequence[tuple[str, str]] = (),
    text: str | None = None,
    chars: int = 100,
    size: str = "80x24",
    idle_s: float = 3.0,
    echo_rows: tuple[int, int] | None = None,
    settle_s: float = 0.5,
) -> dict[str, Any]:
    """Run the phases of the module docstring; returns the figures.

    Raises:
        RuntimeError: A ready or step text never appeared (the last screen is in the message).
    """
    cols, rows = (int(x) for x in size.lower().split("x"))
    env = dict(env) | {"TERM": "xterm-256color"}
    env.pop("COLORTERM", None)
    rng = random.Random(1)
    typed_text = text or "".join(rng.choice(string.ascii_lowercase) for _ in range(chars))
    term = Term(cmd, cols, rows, env)
    res: dict[str, Any] = {"cmd": list(cmd), "size": size}
    try:
        if not term.wait_for(ready):
            raise RuntimeError(f"{ready!r} never appeared; screen:\n{term.show()}")
        res["ready_ms"] = (time.monotonic() - term.t_spawn) * 1000
        term.settle(settle_s)
        for keys, expect in steps:
            os.write(term.fd, unescape(keys))
            if not term.wait_for(expect, 15.0):
                raise RuntimeError(f"after {keys!r}, {expect!r} never appeared:\n{term.show()}")
            term.settle(settle_s)
        res["startup_bytes"] = term.total

        b0 = term.total
        term.read_for(idle_s)
        res["idle_bytes_per_s"] = (term.total - b0) / idle_s

        echo_ms: list[float] = []
        misses = 0
        typed = ""
        b_start = term.total
        for ch in typed_text:
            typed += ch
            suffix = typed[-6:]
            before = term.text(echo_rows).count(suffix)
            t0 = time.monotonic()
            os.write(term.fd, ch.encode())
            t_echo = None
            while t_echo is None and term.alive and time.monotonic() - t0 < 2.0:
                chunks = term.read_raw(2.0 - (time.monotonic() - t0), 0.020)
                if not chunks:
                    break
                for t, data in chunks:
                    term.feed(data, t)
                    if t_echo is None and term.text(echo_rows).count(suffix) > before:
                        t_echo = t
            if t_echo is None:
                misses += 1
                if misses >= 5 and not echo_ms:
                    raise RuntimeError(f"the typed keys never show; screen:\n{term.show()}")
            else:
                echo_ms.append((t_echo - t0) * 1000)
            term.read_for(0.050)
        term.settle(settle_s)
        res |= {
            "keys": len(typed_text),
            "bytes_per_key": (term.total - b_start) / len(typed_text),
            "echo_ms_median": median(echo_ms),
            "echo_ms_p95": pct(echo_ms, 0.95),
            "echo_ms_max": max(echo_ms, default=float("nan")),
            "echo_misses": misses,
            "last_screen": term.show(),
        }
    finally:
        term.close()
    return res


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cmd", required=True)
    p.add_argument("--ready", required=True)
    p.add_argument("--step", action="append", default=[], help="KEYS=TEXT")
    p.add_argument("--text", default=None)
    p.add_argument("--chars", type=int, default=100)
    p.add_argument("--size", default="80x24")
    p.add_argument("--idle-s", type=float, default=3.0)
    p.add_argument("--echo-rows", default=None, help="A:B, rows counted from 0")
    p.add_argument("--json", type=Path, default=None)
    a = p.parse_args(argv)
    steps = [tuple(s.split("=", 1)) for s in a.step]
    rows = tuple(int(x) for x in a.echo_rows.split(":")) if a.echo_rows else None
    res = measure(
        shlex.split(a.cmd),
        a.ready,
        env=os.environ,
        steps=[(k, t) for k, t in steps],
        text=a.text,
        chars=a.chars,
        size=a.size,
        idle_s=a.idle_s,
        echo_rows=(rows[0], rows[1]) if rows else None,
    )
    print(
        f"{res['bytes_per_key']:.0f} B/key, idle {res['idle_bytes_per_s']:.0f} B/s, "
        f"key->screen median {res['echo_ms_median']:.1f} ms p95 {res['echo_ms_p95']:.1f} ms "
        f"({res['echo_misses']} not seen)"
    )
    if a.json:
        a.json.write_text(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
