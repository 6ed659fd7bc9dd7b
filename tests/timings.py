"""Measured times and figures, never asserted on: noted by a test, shown at the end of the run.

A figure travels in the test's report (`user_properties`), so the summary shows it when
pytest-xdist runs the test in a worker process as well as in a plain run.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

TIMINGS_FILE = "e2e-timings.txt"
_TIMING = "e2e-timing"
_SEEN: list[str] = []

RecordTiming = Callable[[str, float], None]


@pytest.fixture
def record_timing(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> RecordTiming:
    """Note a measured time: appended to `e2e-timings.txt` in pytest's temporary folder and
    shown in the summary at the end of the run."""

    def record(what: str, seconds: float) -> None:
        line = f"{request.node.nodeid}: {what}: {seconds:.2f} s"
        with (tmp_path_factory.getbasetemp() / TIMINGS_FILE).open("a", encoding="utf-8") as f:
            f.write(line + "\n")
        request.node.user_properties.append((_TIMING, line))

    return record


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        _SEEN.extend(str(value) for name, value in report.user_properties if name == _TIMING)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _SEEN:
        terminalreporter.section("end-to-end timings (measured, not asserted)")
        for line in _SEEN:
            terminalreporter.write_line(line)
