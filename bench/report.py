"""RESULTS.md from the figures `run.py` measured: the table, the details of each run, and the
findings written by hand (findings.md); figure 12's rows, which take the most words to tell."""

from __future__ import annotations

from typing import Any

import browsers
from benchlib import BENCH, Figure, fmt


def browser_figures(crowd: dict[str, Any]) -> list[Figure]:
    """Figure 12: a browser session's memory against a terminal's; key-to-screen latency with
    many sessions typing at once against one."""
    run, term = crowd["browsers"], crowd["terminal"]
    one, *more = run["phases"]
    figures = [
        Figure(
            "12",
            f"memory of one browser session (RSS of its processes), {run['sessions']} open",
            run["session_rss_mib"],
            term["rss_mib"],
            "MiB",
            "the same app in a terminal (pty), same steps",
            "≤ 1.3x",
            1.3,
            note=f"PSS {run['session_pss_mib']:.1f} MiB vs {term['pss_mib']:.1f} MiB; with the "
            f"server's share {crowd['per_session_mib']:.1f} MiB a session, so a "
            f"{browsers.HOST_GIB} GB host holds {crowd['host_sessions']} "
            f"({browsers.HOST_RESERVE_GIB} GB kept back); `bench/browsers.py`",
        )
    ]
    for phase in more:
        last = phase is more[-1]
        figures.append(
            Figure(
                "12",
                f"key-to-screen latency median, {phase['typing']} browser sessions typing at once",
                phase["echo_ms_median"],
                one["echo_ms_median"],
                "ms",
                "one session typing",
                "≤ 2x" if last else "-",
                2.0 if last else None,
                note=f"p95 {phase['echo_ms_p95']:.0f} ms vs {one['echo_ms_p95']:.0f} ms; "
                f"{phase['keys_per_s']:.0f} keys/s together; the rest of the machine used "
                f"{phase['others_cores']:.2f} of the 2 cores meanwhile",
            )
        )
    return figures


def browser_lines(crowd: dict[str, Any]) -> list[str]:
    """Figure 12's details: each count of sessions typing, and the load beside them."""
    run = crowd["browsers"]
    lines = [
        "",
        f"Browsers (`bench/browsers.py`, 80x24): {run['sessions']} sessions of `driehoek serve` "
        f"opened their meetings in {run['open_all_s']:.1f} s; open and idle they used "
        f"{run['idle_cores']:.2f} cores; the server {run['server_rss_mib']:.1f} MiB. Load "
        f"average {crowd['load_before']['loadavg']} before, {crowd['load_after']['loadavg']} "
        "after. CPU per key: the app processes, the server, this client (pyte); the rest of "
        "the machine (other programs) in cores. The same keys in a terminal took "
        f"{crowd['terminal']['cpu_ms_per_key']:.1f} ms of CPU each.",
        "",
        "| typing at once | key-to-screen median / p95 / max ms | not seen | keys/s | B/key | "
        "saves/key | CPU ms per key: app / server / client | others' cores |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for p in run["phases"]:
        lines.append(
            f"| {p['typing']} | {p['echo_ms_median']:.1f} / {p['echo_ms_p95']:.1f} / "
            f"{p['echo_ms_max']:.1f} | {p['echo_misses']} | {p['keys_per_s']:.0f} | "
            f"{p['bytes_per_key']:.0f} | {p['saves_per_key']:.2f} | "
            f"{p['app_cpu_ms_per_key']:.1f} / "
            f"{p['server_cpu_ms_per_key']:.1f} / {p['client_cpu_ms_per_key']:.1f} | "
            f"{p['others_cores']:.2f} |"
        )
    return lines


def report(
    figures: list[Figure],
    details: dict[str, Any],
    before: dict[str, str],
    after: dict[str, str],
    took_s: float,
) -> str:
    """RESULTS.md: the machine, the table, the details, then the findings (findings.md)."""
    lines = [
        "# driehoek benchmarks",
        "",
        "Written by `bench/run.py`; do not edit by hand (the findings at the end come from "
        "`bench/findings.md`). Every figure is driehoek ÷ a yardstick measured in the same run.",
        "",
        f"- date: {before['date']} (took {took_s / 60:.1f} min)",
        f"- machine: {before['nproc']} cores, {before['cpu']}",
        f"- load average: {before['loadavg']} before, {after['loadavg']} after",
        f"- Python {before['python']}, Textual {before['textual']}, sqlite-utils "
        f"{before['sqlite-utils']}, markdown-it-py {before['markdown-it-py']}, SQLite "
        f"{before['sqlite']}, driehoek {before['driehoek']}",
        "- terminal: 80x24, TERM=xterm-256color, no COLORTERM (256 colours, as over SSH)",
        f"- big database: {', '.join(f'{v:,} {k}' for k, v in details['big'].items())} "
        "(`bench/make_data.py`, seed 6)",
        "",
        "| # | figure | driehoek | yardstick | ratio | target | met |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for f in figures:
        met = {True: "yes", False: "**no**", None: "-"}[f.verdict()]
        lines.append(
            f"| {f.number} | {f.name} | {fmt(f.value)} {f.unit} | {fmt(f.yardstick)} {f.unit} "
            f"({f.yardstick_name}) | {f.ratio:.2f}x | {f.target} | {met} |"
        )
    notes = [f"- {f.number}, {f.name}: {f.note}" for f in figures if f.note]
    lines += ["", "Notes on the figures:", "", *notes]
    cli = details["cli_check"]
    lines += [
        f"- 1, check: the real `driehoek --db` command ended by Textual's own hooks "
        f"(`TEXTUAL_DRIVER=…HeadlessDriver TEXTUAL_PRESS=ctrl+q`): {cli[0]:.0f} ms vs "
        f"{cli[1]:.0f} ms, {cli[2]:.2f}x, agreeing with the driver (`bench/first_paint.py`).",
    ]
    k = details["keys"]
    lines += [
        "",
        "Keystrokes (pty, 80x24):",
        "",
        "| run | B/key | idle B/s | key-to-screen median / p95 / max ms | not seen |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, r in k.items():
        lines.append(
            f"| {name} | {r['bytes_per_key']:.0f} | {r['idle_bytes_per_s']:.0f} | "
            f"{r['echo_ms_median']:.1f} / {r['echo_ms_p95']:.1f} / {r['echo_ms_max']:.1f} | "
            f"{r['echo_misses']} |"
        )
    s = details["search"]
    lines += [
        "",
        "Search, per keystroke (100,000 meetings; ms, median of 5):",
        "",
        "| typed | found | Store.placements | plain FTS query | ratio |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in s["per_key"]:
        lines.append(
            f"| `{r['prefix']}` | {r['found']} | {r['driehoek_ms']:.2f} | "
            f"{r['yardstick_ms']:.2f} | {r['driehoek_ms'] / r['yardstick_ms']:.1f}x |"
        )
    lines += [
        "",
        f"No letters yet (the list as the home screen opens): {s['empty_driehoek_ms']:.1f} ms vs "
        f"{s['empty_yardstick_ms']:.1f} ms for the plain 500 rows.",
        "",
        f"The plan of `Store.placements({s['per_key'][0]['prefix']!r})`:",
        "",
        "```",
        *details["search_plan"],
        "```",
        "",
        "The one edit's statements: "
        + "; ".join(f"`{' '.join(x.split())[:90]}`" for x in details["save"]["statements"]),
    ]
    huge = details["large_school"]
    lines += [
        "",
        f"Search, per keystroke ({huge['counts']['meetings']:,} meetings; ms, median of 5):",
        "",
        "| typed | found | Store.placements | plain FTS query | ratio |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in huge["search"]["per_key"]:
        lines.append(
            f"| `{r['prefix']}` | {r['found']} | {r['driehoek_ms']:.2f} | "
            f"{r['yardstick_ms']:.2f} | {r['driehoek_ms'] / r['yardstick_ms']:.1f}x |"
        )
    if "browsers" in details:
        lines += browser_lines(details["browsers"])
    findings = BENCH / "findings.md"
    if findings.exists():
        lines += ["", findings.read_text().rstrip()]
    return "\n".join(lines) + "\n"
