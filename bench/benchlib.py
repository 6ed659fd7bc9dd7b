"""What the benchmark scripts share: figures and ratios, timing whole processes, the machine.

Every figure is driehoek's value divided by a yardstick's value measured in the same run (the
machine's speed drifts by up to 1.5x within minutes, so absolute times mean little). Where the
two are processes, they run in turn (A B A B ...) and the ratio is taken pair by pair.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
"""Scratch results and the generated databases (ignored by git)."""
PY = sys.executable
GNU_TIME = "/usr/bin/time"


@dataclass
class Figure:
    """One line of the results table: driehoek's value against its yardstick's."""

    number: str
    name: str
    value: float
    yardstick: float
    unit: str
    yardstick_name: str
    target: str
    limit: float | None
    """The ratio must not exceed this (None: the target is not a ratio, see `met`)."""
    met: bool | None = None
    note: str = ""
    absolute: bool = False
    """The target is on the value itself (e.g. 0 B/s), not on the ratio."""

    @property
    def ratio(self) -> float:
        """driehoek ÷ yardstick (inf when the yardstick is 0 and the value is not)."""
        if self.yardstick == 0:
            return 0.0 if self.value == 0 else float("inf")
        return self.value / self.yardstick

    def verdict(self) -> bool | None:
        """Whether the target is met, when it can be judged from the numbers."""
        if self.met is not None:
            return self.met
        if self.limit is None:
            return None
        return (self.value if self.absolute else self.ratio) <= self.limit

    def line(self) -> str:
        """The figure as one printed line."""
        met = {True: "met", False: "MISSED", None: "-"}[self.verdict()]
        return (
            f"{self.number:>4} {self.name}: {fmt(self.value)} {self.unit} vs "
            f"{fmt(self.yardstick)} {self.unit} ({self.yardstick_name}) = "
            f"{self.ratio:.2f}x; target {self.target}: {met}"
        )


def fmt(x: float) -> str:
    """A number with as many digits as it deserves."""
    if x != x or x in (float("inf"), float("-inf")):
        return str(x)
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def median(xs: Sequence[float]) -> float:
    """The median (NaN for no values)."""
    return statistics.median(xs) if xs else float("nan")


def pct(xs: Sequence[float], q: float) -> float:
    """The q-quantile by linear interpolation (NaN for no values)."""
    s = sorted(xs)
    if not s:
        return float("nan")
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


# -- processes --------------------------------------------------------------------------------


@dataclass
class Run:
    """One whole-process run: wall and CPU seconds, exit code."""

    wall_s: float
    cpu_s: float
    rc: int


def run_once(cmd: Sequence[str], env: Mapping[str, str] | None = None) -> Run:
    """Run cmd to its end with no input and no output; time it from spawn to exit."""
    t0 = time.monotonic()
    p = subprocess.Popen(
        list(cmd),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=dict(env) if env is not None else None,
    )
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, p.returncode)


def peak_rss_mib(cmd: Sequence[str], env: Mapping[str, str] | None = None) -> float:
    """Peak resident memory of cmd in MiB, measured by GNU time (`apt-get install time`).

    Python's own wait4() figure cannot be used: it includes the memory image of the Python
    process that spawned the child, so it never reads below ~13 MiB.
    """
    if not os.access(GNU_TIME, os.X_OK):
        raise SystemExit("GNU time is needed for peak memory: apt-get install time")
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as out:
        subprocess.run(
            [GNU_TIME, "-f", "%M", "-o", out.name, "--", *cmd],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=dict(env) if env is not None else None,
            check=False,
        )
        return int(Path(out.name).read_text().split()[-1]) / 1024.0


@dataclass
class Paired:
    """A and B run in turn; medians of each and of the pairwise ratios."""

    a_wall: list[float] = field(default_factory=list)
    b_wall: list[float] = field(default_factory=list)
    a_rss: list[float] = field(default_factory=list)
    b_rss: list[float] = field(default_factory=list)

    @property
    def wall_ratio(self) -> float:
        """Median of the pairwise wall-time ratios A/B."""
        return median([a / b for a, b in zip(self.a_wall, self.b_wall, strict=True)])


def paired(
    a: Sequence[str],
    b: Sequence[str],
    *,
    runs: int,
    warmup: int = 2,
    rss_runs: int = 3,
    env: Mapping[str, str] | None = None,
) -> Paired:
    """Time A and B in turn, `runs` times each after `warmup` pairs, then their peak memory.

    Raises:
        SystemExit: A or B failed (a benchmark of a crash is no benchmark).
    """
    result = Paired()
    for i in range(warmup + runs):
        ra, rb = run_once(a, env), run_once(b, env)
        for cmd, r in ((a, ra), (b, rb)):
            if r.rc != 0:
                raise SystemExit(f"{' '.join(cmd)} exited with {r.rc}")
        if i >= warmup:
            result.a_wall.append(ra.wall_s)
            result.b_wall.append(rb.wall_s)
    for _ in range(rss_runs):
        result.a_rss.append(peak_rss_mib(a, env))
        result.b_rss.append(peak_rss_mib(b, env))
    return result


@contextmanager
def clean_home() -> Iterator[dict[str, str]]:
    """An environment whose HOME and XDG folders are a fresh temporary folder.

    Whatever the programs under test write (a default database, a crash log) lands there and
    is removed afterwards; the user's real data is never touched.
    """
    with tempfile.TemporaryDirectory(prefix="driehoek-bench-") as home:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DRIEHOEK_DB", "DRIEHOEK_LANG", "TMUX", "TMUX_PANE", "COLORTERM")
            and not k.startswith("TEXTUAL")
        }
        env |= {
            "HOME": home,
            "XDG_DATA_HOME": f"{home}/data",
            "XDG_STATE_HOME": f"{home}/state",
            "XDG_CONFIG_HOME": f"{home}/config",
            "XDG_CACHE_HOME": f"{home}/cache",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        }
        yield env


def driehoek_command() -> list[str]:
    """The installed `driehoek` command beside this Python."""
    found = Path(PY).with_name("driehoek")
    if found.exists():
        return [str(found)]
    which = shutil.which("driehoek")
    if which is None:
        raise SystemExit("driehoek is not installed in this environment: pip install -e .")
    return [which]


# -- the machine ------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    """What the results depend on: the machine, its load, and the versions under test."""
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "-"

    import sqlite3

    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "textual": version("textual"),
        "sqlite-utils": version("sqlite-utils"),
        "markdown-it-py": version("markdown-it-py"),
        "driehoek": version("driehoek"),
        "sqlite": sqlite3.sqlite_version,
        "loadavg": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
