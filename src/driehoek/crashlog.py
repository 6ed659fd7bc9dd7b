"""The private crash log: a full traceback for whoever fixes the bug, never on the screen.

Textual's own crash report prints local variables, which in driehoek are names and notes
about a student, on a screen that may be shared with the whole table. So the screen gets one
short sentence, and the traceback (without locals) goes to a file only its owner can read.
"""

from __future__ import annotations

import os
import traceback
from datetime import UTC, datetime
from pathlib import Path

from driehoek.paths import log_dir

CRASH_EXIT = 70
"""The exit code after an unexpected error (`EX_SOFTWARE` in sysexits.h): a script can tell a
bug from a refusal (1 or 2), and the error is in the crash log."""


def write_crash_log(error: BaseException, directory: Path | None = None) -> Path:
    """Append `error`'s traceback to `crash.log` (folder 0700, file 0600); returns its path."""
    folder = directory or log_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / "crash.log"
    text = "".join(traceback.format_exception(error))
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as f:
        f.write(f"--- {stamp}\n{text}\n")
    return path


def log_crash(error: BaseException | None) -> Path | None:
    """`write_crash_log`, for the moment something has already gone wrong: never raises.

    Returns:
        The log's path, or None when there was no error to log or the log could not be
        written (a full disk, a home folder that is not writable).
    """
    if error is None:
        return None
    try:
        return write_crash_log(error)
    except Exception:  # a full disk, an unwritable home: the sentence goes out all the same
        return None
