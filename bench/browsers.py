"""Many browsers at once: N sessions of `driehoek serve`, each typing into its own meeting.

    python bench/browsers.py [--sessions 1,10,20] [--keys 40] [--json FILE]

No browser: each session is a websocket client that speaks what textual-serve's page speaks
(`["stdin", keys]` as text frames; the app's terminal output back as binary frames), after
signing in as the page does (the printed link sets the cookie; the handshake carries it and the
server's own Origin). Every session's output is fed to a pyte screen of 80x24.

1. A database with one placement (an intake) per session, invented names, made afresh.
2. `driehoek serve --max-sessions N` on a free port, its token in a file.
3. N sessions connect at once; each waits for the home screen, types its student's name into the
   search, opens the meeting with Enter and waits for step 1 (`1/7`), whose first field (the
   team, row 6) has the focus.
4. Typing: every session types `--keys` letters into that field at the same time, one key at a
   time, as a person does: send, wait until the screen shows it (the number of occurrences of
   the last six typed letters on row 6 has gone up, as `pty_keys.py` judges it), then a pause of
   100-200 ms (random, so that the sessions do not type in step). Key-to-screen latency: from
   the send to the arrival of the binary frame after which the letter shows. With N sessions
   the N app processes, the server relaying every frame and this client share the two cores:
   that is the load being measured.
5. Memory, after the typing, with every session still open: RSS and PSS (`/proc/PID/
   smaps_rollup`) of each session's processes (textual-serve's `sh -c` and the driehoek under
   it), and the server's own RSS.

`terminal()` measures the yardstick: the same app on the same database under a pty (the way a
coordinator runs it over SSH), the same steps and keys, and its RSS and PSS at the same point.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import json
import os
import random
import signal
import socket
import sqlite3
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pyte

import pty_keys
from benchlib import clean_home, driehoek_command, median, pct
from driehoek.database import open_database
from driehoek.store import Store

COLS, ROWS = 80, 24
READY = "Stages"
"""On the home screen (Dutch, the default language)."""
STEP_ONE = "1/7"
"""The meeting's step bar at step 1."""
FIELD_ROWS = (6, 6)
"""Step 1's first field, the placement's team, at 80x24 (as in run.py's TEAM_ROW)."""
TIMEOUT = 60.0
"""Seconds for a screen to appear: 20 Python starts on two cores take a while."""
IDLE_S = 2.0
"""Seconds of every session open and nobody typing, for the CPU that costs."""
QUIET_CORES = 0.05
"""All the open sessions together are quiet below this (an idle one polls the database every
two seconds: next to nothing)."""
SETTLE_S = 40.0
"""Waited at most for the sessions to be quiet after opening."""
PAUSE_S = (0.10, 0.20)
"""A person's pause between keys, drawn per key: about six keys a second."""

FIRST = ("Ilse", "Jorik", "Maud", "Wessel", "Fenne", "Stijn", "Roos", "Teun", "Lieke", "Olaf")
LAST = ("Verhoef", "Dijkgraaf", "Ruiters", "Van Aalst", "Kempers", "Blaauw", "Ooms", "Schouw")
ORGS = ("Bakkerij De Korenaar", "Zorgboerderij Het Wilgenhof", "Fietsenmakerij Spaak")


def student(i: int) -> str:
    """The i-th invented student: a first and last name, and a number no other name has."""
    return f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i:03d}"


def make_db(path: Path, n: int) -> Path:
    """A new database with `n` placements, each with its intake."""
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    db = open_database(path)
    try:
        store = Store(db, clock=lambda: datetime.now(UTC), user="bench")
        for i in range(n):
            store.new_intake(student(i), ORGS[i % len(ORGS)])
    finally:
        db.close()
    return path


def typed_keys(keys: int, seed: int) -> str:
    """`keys` lowercase letters, different per session."""
    rng = random.Random(seed)
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(keys))


# -- one browser session -------------------------------------------------------------------


@dataclass
class Session:
    """One browser tab's websocket, its screen, and what it measured."""

    index: int
    ws: aiohttp.ClientWebSocketResponse
    screen: pty_keys._Screen = field(default_factory=lambda: pty_keys._Screen(COLS, ROWS))
    echo_ms: list[float] = field(default_factory=list)
    misses: int = 0
    received: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    last_frame: float = 0.0
    closed: bool = False

    def __post_init__(self) -> None:
        self.stream = pyte.ByteStream(self.screen)

    def text(self, rows: tuple[int, int] | None = None) -> str:
        """The screen (or rows A to B), each row's trailing blanks dropped, joined."""
        lines = self.screen.display if rows is None else self.screen.display[rows[0] : rows[1] + 1]
        return "".join(line.rstrip() for line in lines)

    def show(self) -> str:
        return "\n".join(self.screen.display)

    async def read(self) -> None:
        """Feed every binary frame to the screen, time-stamped on arrival, until the end."""
        async for message in self.ws:
            if message.type is aiohttp.WSMsgType.BINARY:
                self.last_frame = time.monotonic()
                self.received += len(message.data)
                self.stream.feed(message.data)
                self.changed.set()
            elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                break
        self.closed = True
        self.changed.set()

    async def until(self, seen: Callable[[], bool], timeout: float) -> float | None:
        """The arrival time of the frame after which `seen()` holds; None after `timeout`."""
        deadline = time.monotonic() + timeout
        while not seen():
            self.changed.clear()
            left = deadline - time.monotonic()
            if left <= 0 or self.closed:
                return None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), left)
        return self.last_frame

    async def send(self, keys: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", keys]))

    async def wait_for(self, text: str, timeout: float = TIMEOUT) -> None:
        if await self.until(lambda: text in self.text(), timeout) is None:
            raise RuntimeError(f"session {self.index}: {text!r} never appeared:\n{self.show()}")

    async def open_meeting(self) -> None:
        """From the home screen: search the session's own student, Enter, step 1."""
        await self.wait_for(READY)
        name = student(self.index)
        await self.send(name)
        # The list is filtered once typing pauses: wait until the name is the only one listed.
        await self.wait_for(name)
        others = [student(i) for i in range(max(2, self.index + 2)) if i != self.index]
        await self.until(lambda: not any(o in self.text() for o in others), TIMEOUT)
        await asyncio.sleep(0.3)
        await self.send("\r")
        await self.wait_for(STEP_ONE)
        await self.wait_for(name)

    def _more(self, suffix: str, before: int) -> bool:
        return self.text(FIELD_ROWS).count(suffix) > before

    async def type_keys(self, keys: str, rng: random.Random) -> None:
        """Each key: send, wait for it on the field's row, then a person's pause."""
        typed = ""
        for ch in keys:
            typed += ch
            suffix = typed[-6:]
            before = self.text(FIELD_ROWS).count(suffix)
            t0 = time.monotonic()
            await self.send(ch)
            shown = await self.until(functools.partial(self._more, suffix, before), 2.0)
            if shown is None:
                self.misses += 1
                if self.misses >= 5 and not self.echo_ms:
                    raise RuntimeError(f"session {self.index}: keys never show:\n{self.show()}")
            else:
                self.echo_ms.append((shown - t0) * 1000)
            await asyncio.sleep(rng.uniform(*PAUSE_S))


# -- the server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running `driehoek serve`: its process, port and token."""

    process: subprocess.Popen[bytes]
    port: int
    token: str
    log: Path
    db: Path

    def saves(self) -> int:
        """Rows written so far, as the audit trail counts them (one per row a save changed)."""
        with contextlib.closing(sqlite3.connect(f"{self.db.as_uri()}?mode=ro", uri=True)) as c:
            return int(c.execute("SELECT count(*) FROM audit").fetchone()[0])

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_server(db: Path, n: int, env: Mapping[str, str], folder: Path) -> Server:
    """`driehoek --db DB serve --max-sessions N` on a free port, listening."""
    token = "b" * 43
    token_file = folder / "token"
    token_file.write_text(token + "\n")
    token_file.chmod(0o600)
    port = free_port()
    log = folder / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                *driehoek_command(),
                *("--db", str(db), "serve", "--port", str(port)),
                *("--token-file", str(token_file), "--max-sessions", str(n)),
            ],
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its sessions join its process group
        )
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return Server(process, port, token, log, db)
        time.sleep(0.05)
    stop_server(process)
    raise RuntimeError(f"driehoek serve did not start:\n{log.read_text(errors='replace')}")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, as systemd would; whatever is left of its group is killed."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(30)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)


def children(pid: int) -> list[int]:
    """The direct children of `pid`."""
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                text = (task / "children").read_text()
                found += [int(x) for x in text.split()]
    return found


def memory_kib(pid: int) -> tuple[int, int]:
    """RSS and PSS of `pid` in KiB (0, 0 if it has gone)."""
    rss = pss = 0
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, _, value = line.partition(":")
            if key == "Rss":
                rss = int(value.split()[0])
            elif key == "Pss":
                pss = int(value.split()[0])
    return rss, pss


def session_memory(server_pid: int) -> list[tuple[int, int]]:
    """RSS and PSS in KiB of each session: its `sh -c` and everything under it, summed."""
    sessions = []
    for top in children(server_pid):
        sizes = [memory_kib(p) for p in family(top)]
        sessions.append((sum(r for r, _ in sizes), sum(p for _, p in sizes)))
    return sessions


async def sign_in(http: aiohttp.ClientSession, server: Server) -> None:
    """Open the printed link, as a browser does: it sets the cookie."""
    async with http.get(f"{server.origin}/?token={server.token}", allow_redirects=False) as r:
        if r.status != 303:
            raise RuntimeError(f"the link gave {r.status}: {await r.text()}")


def cpu_s(pids: Sequence[int]) -> float:
    """User and system CPU seconds used so far by `pids` (those still there)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def busy_s() -> float:
    """CPU seconds the whole machine has been busy (every core, every process)."""
    values = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = values[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def family(pid: int) -> list[int]:
    """`pid` and everything under it."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += children(p)
    return found


async def idling(server_pid: int, seconds: float) -> float:
    """The cores every open session together uses while nobody types (each polls the database
    every two seconds for other sessions' changes)."""
    app_pids = [p for top in children(server_pid) for p in family(top)]
    t0, app0 = time.monotonic(), cpu_s(app_pids)
    await asyncio.sleep(seconds)
    return (cpu_s(app_pids) - app0) / (time.monotonic() - t0)


async def typing(sessions: Sequence[Session], keys: int, server: Server) -> dict[str, Any]:
    """`sessions` type at once; latency, bytes, and the CPU it took (theirs, the server's, this
    client's, and everyone else's on the machine meanwhile)."""
    server_pid = server.process.pid
    app_pids = [p for top in children(server_pid) for p in family(top)]
    saves0 = server.saves()
    b0 = sum(s.received for s in sessions)
    before = [s.echo_ms.copy() for s in sessions]
    misses0 = sum(s.misses for s in sessions)
    t0, busy0, client0 = time.monotonic(), busy_s(), time.process_time()
    app0, server0 = cpu_s(app_pids), cpu_s([server_pid])
    await asyncio.gather(
        *(s.type_keys(typed_keys(keys, s.index), random.Random(s.index)) for s in sessions)
    )
    wall = time.monotonic() - t0
    app, relay = cpu_s(app_pids) - app0, cpu_s([server_pid]) - server0
    client, busy = time.process_time() - client0, busy_s() - busy0
    pressed = len(sessions) * keys
    await asyncio.sleep(1.0)  # the last keys' saves (autosave waits for a pause)
    saved = server.saves() - saves0
    echo = [ms for s, b in zip(sessions, before, strict=True) for ms in s.echo_ms[len(b) :]]
    return {
        "typing": len(sessions),
        "echo_ms_median": median(echo),
        "echo_ms_p95": pct(echo, 0.95),
        "echo_ms_max": max(echo, default=float("nan")),
        "echo_misses": sum(s.misses for s in sessions) - misses0,
        "bytes_per_key": (sum(s.received for s in sessions) - b0) / pressed,
        "keys_per_s": pressed / wall,
        "saves_per_key": saved / pressed,
        "app_cpu_ms_per_key": app * 1000 / pressed,
        "server_cpu_ms_per_key": relay * 1000 / pressed,
        "client_cpu_ms_per_key": client * 1000 / pressed,
        "others_cores": max(0.0, busy - app - relay - client) / wall,
    }


async def drive(server: Server, counts: Sequence[int], keys: int) -> dict[str, Any]:
    """max(counts) sessions open at once, each on its meeting; then the first 1, 10, 20 of
    them type at the same time (the others idle, as an open meeting does: no output, no CPU);
    then the memory of each, all still open."""
    n = max(counts)
    jar = aiohttp.CookieJar(unsafe=True)  # an IP address: the default jar keeps no cookie
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        await sign_in(http, server)
        url = f"{server.origin}/ws?width={COLS}&height={ROWS}"
        sockets = await asyncio.gather(
            *(http.ws_connect(url, headers={"Origin": server.origin}) for _ in range(n))
        )
        sessions = [Session(i, ws) for i, ws in enumerate(sockets)]
        readers = [asyncio.create_task(s.read()) for s in sessions]
        try:
            t0 = time.monotonic()
            await asyncio.gather(*(s.open_meeting() for s in sessions))
            opened_s = time.monotonic() - t0
            # A session goes on working for a while after its step shows (more so with twenty
            # starting on two cores): the typing starts once they are all quiet.
            idle = await idling(server.process.pid, IDLE_S)
            for _ in range(int(SETTLE_S / IDLE_S)):
                if idle < QUIET_CORES:
                    break
                idle = await idling(server.process.pid, IDLE_S)
            phases = [await typing(sessions[:c], keys, server) for c in counts]
            per_session = session_memory(server.process.pid)
            server_rss, server_pss = memory_kib(server.process.pid)
        finally:
            for s in sessions:
                with contextlib.suppress(Exception):
                    await s.send("\x11")  # Ctrl+Q, as a coordinator ends it
                    await s.ws.close()
            for task in readers:
                task.cancel()
            await asyncio.gather(*readers, return_exceptions=True)
    return {
        "sessions": n,
        "keys": keys,
        "open_all_s": opened_s,
        "idle_cores": idle,
        "phases": phases,
        "processes": len(per_session),
        "session_rss_mib": median([r for r, _ in per_session]) / 1024,
        "session_pss_mib": median([p for _, p in per_session]) / 1024,
        "sessions_pss_mib": sum(p for _, p in per_session) / 1024,
        "server_rss_mib": server_rss / 1024,
        "server_pss_mib": server_pss / 1024,
    }


def browsers(counts: Sequence[int], keys: int, env: Mapping[str, str]) -> dict[str, Any]:
    """One server, max(counts) sessions, on a fresh database."""
    n = max(counts)
    with tempfile.TemporaryDirectory(prefix="driehoek-browsers-") as folder:
        db = make_db(Path(folder) / "browsers.db", n)
        server = start_server(db, n, env, Path(folder))
        try:
            return asyncio.run(drive(server, counts, keys))
        finally:
            stop_server(server.process)


# -- the yardstick: the same app in a terminal ---------------------------------------------


def terminal(keys: int, env: Mapping[str, str]) -> dict[str, Any]:
    """The same app, database and steps under a pty; its RSS and PSS after the typing."""
    with tempfile.TemporaryDirectory(prefix="driehoek-browsers-") as folder:
        db = make_db(Path(folder) / "terminal.db", 1)
        name = student(0)
        term_env = dict(env) | {"TERM": "xterm-256color"}
        term = pty_keys.Term([*driehoek_command(), "--db", str(db)], COLS, ROWS, term_env)
        try:
            for keys_sent, expect in ((None, READY), (name, name), ("\r", STEP_ONE)):
                if keys_sent is not None:
                    term.settle(0.3)
                    os.write(term.fd, keys_sent.encode())
                if not term.wait_for(expect, TIMEOUT):
                    raise RuntimeError(f"terminal: {expect!r} never appeared:\n{term.show()}")
            term.settle(0.3)
            rng = random.Random(0)
            cpu0 = cpu_s([term.pid])
            for ch in typed_keys(keys, 0):
                os.write(term.fd, ch.encode())
                term.read_for(rng.uniform(*PAUSE_S))
            term.settle(0.3)
            cpu = cpu_s([term.pid]) - cpu0
            rss, pss = memory_kib(term.pid)
        finally:
            term.close()
    return {"rss_mib": rss / 1024, "pss_mib": pss / 1024, "cpu_ms_per_key": cpu * 1000 / keys}


def load() -> dict[str, Any]:
    """What else ran: the load average and the busiest other processes (CPU %, command)."""
    ps = subprocess.run(
        ["ps", "-eo", "pcpu,comm", "--sort=-pcpu", "--no-headers"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()[:5]
    return {"loadavg": " ".join(f"{x:.2f}" for x in os.getloadavg()), "top": ps}


HOST_GIB = 24
"""The host of the question: how many sessions does a 24 GB machine hold?"""
HOST_RESERVE_GIB = 2
"""Kept for the system, the server process itself and the page cache of the database."""


def host_sessions(per_session_mib: float, host_gib: float = HOST_GIB) -> int:
    """Sessions that fit in `host_gib`, less the reserve, at `per_session_mib` each."""
    return int((host_gib - HOST_RESERVE_GIB) * 1024 // per_session_mib)


def measure(counts: Sequence[int], keys: int, env: Mapping[str, str]) -> dict[str, Any]:
    """The terminal yardstick, then the browsers, with the load around them."""
    result: dict[str, Any] = {"load_before": load(), "keys": keys}
    result["terminal"] = terminal(keys, env)
    run = result["browsers"] = browsers(counts, keys, env)
    result["load_after"] = load()
    # What one more session costs the host: its processes' proportional share (shared pages
    # counted once across all sessions), and the server's own memory spread over the sessions.
    per = (run["sessions_pss_mib"] + run["server_pss_mib"]) / run["sessions"]
    result["per_session_mib"] = per
    result["host_sessions"] = host_sessions(per)
    return result


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sessions", default="1,10,20", help="counts, comma-separated")
    p.add_argument("--keys", type=int, default=40)
    p.add_argument("--json", type=Path, default=None)
    a = p.parse_args(argv)
    counts = [int(x) for x in a.sessions.split(",")]
    with clean_home() as env:
        res = measure(counts, a.keys, env)
    t, r = res["terminal"], res["browsers"]
    print(
        f"terminal: RSS {t['rss_mib']:.1f} MiB, PSS {t['pss_mib']:.1f} MiB, CPU "
        f"{t['cpu_ms_per_key']:.1f} ms/key"
    )
    print(
        f"{r['sessions']} sessions open in {r['open_all_s']:.1f} s; each RSS "
        f"{r['session_rss_mib']:.1f} MiB, PSS {r['session_pss_mib']:.1f} MiB; server RSS "
        f"{r['server_rss_mib']:.1f} MiB; idle they use {r['idle_cores']:.2f} cores"
    )
    for ph in r["phases"]:
        print(
            f"{ph['typing']:>3} typing: key->screen median {ph['echo_ms_median']:.1f} ms p95 "
            f"{ph['echo_ms_p95']:.1f} max {ph['echo_ms_max']:.1f} ({ph['echo_misses']} not "
            f"seen); {ph['keys_per_s']:.0f} keys/s, {ph['bytes_per_key']:.0f} B/key, "
            f"{ph['saves_per_key']:.2f} saves/key; CPU ms/key "
            f"app {ph['app_cpu_ms_per_key']:.1f} server {ph['server_cpu_ms_per_key']:.1f} "
            f"client {ph['client_cpu_ms_per_key']:.1f}; others {ph['others_cores']:.2f} cores"
        )
    print(
        f"per session on the host {res['per_session_mib']:.1f} MiB: a {HOST_GIB} GB host holds "
        f"{res['host_sessions']}; load {res['load_before']['loadavg']} -> "
        f"{res['load_after']['loadavg']}"
    )
    if a.json:
        a.json.write_text(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
