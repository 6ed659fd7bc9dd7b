"""Running `driehoek ...` in-process, as the command-line tests do, and reading its refusal."""

from __future__ import annotations

import pytest

from driehoek.cli import main

Run = tuple[int, str, str]
"""The exit code, what went to stdout, what went to stderr."""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    """`driehoek *args`, its output captured."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_line(result: Run) -> str:
    """The one line of a refusal (exit code not 0, one line on stderr, no traceback)."""
    code, out, err = result
    assert code != 0, (out, err)
    assert err.count("\n") == 1, err
    assert err.startswith("driehoek: ")
    assert "Traceback" not in err
    return err
