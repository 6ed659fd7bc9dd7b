"""Writing files users asked for (minutes, exports) so that no half-written file is ever seen.

Minutes hold personal data about a student, so files are created readable by their owner only.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_private(path: Path, text: str) -> None:
    """Write `text` (UTF-8, LF) to `path` atomically, with mode 0600.

    The text goes to a temporary file in the same folder, which then replaces `path` in one
    step: a crash or a full disk leaves either the old file or the new one, never a mix.

    Raises:
        OSError: The folder is missing or not writable, the disk is full, and so on.
    """
    path = path.expanduser()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        Path(tmp).chmod(0o600)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
