"""Whether the interactive app may start in this process: a terminal, and no command over SSH.

The app reads keys from a terminal and draws on one. Started without one (a pipe, a file,
`ssh -T`, `ssh host bash`, sftp, scp) it would read a protocol's bytes as keys (0x05 is Ctrl+E,
which starts an evaluation) and keep running with no one at the other end, holding the database
open. So it refuses before anything is opened or created: one line, exit code 2.

A coordinator's SSH login runs driehoek through `ForceCommand` (docs/ssh.md). Whatever the
client asked for instead (`ssh host bash`, `ssh host id`, sftp's subsystem, `scp -O`'s
`scp -t`/`scp -f`) sshd puts in `SSH_ORIGINAL_COMMAND`. That is refused as well, even when the
client asked for a terminal too (`ssh -t host bash`). Starting the app regardless would also
keep the request from running, but the refusal is the better answer: the client asked for a
program or a protocol, not for driehoek's screen, so it gets a clear line that this login runs
driehoek only, and no process and no database write comes of it (`scp` and `sftp` would
otherwise sit on a screen they cannot read, the database opened and maybe created for nothing).

A follow-only login (`driehoek follow --shared`, docs/ssh.md) takes one thing from the client:
the number of the meeting to follow (`ssh -t host 12`). Only digits pass, nothing else at all:
no sign, no space, no newline; every other command is refused as above.

Nothing here imports Textual: the command line asks before any screen is built.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping

FORCED_COMMAND_ENV = "SSH_ORIGINAL_COMMAND"
"""Set by sshd, under `ForceCommand`, to the command the client asked for."""

DRIVER_ENV = "TEXTUAL_DRIVER"
"""Names the Textual driver to use instead of the terminal's: textual-serve sets it for each
browser session (its driver talks to the server over pipes), bench/run.py for a headless run.
sshd never passes it on from a client (docs/ssh.md accepts only the locale and colours)."""

TERMINAL_FDS = (0, 1, 2)
"""Standard input (the keys), standard output, and standard error, where Textual draws."""

NO_TERMINAL = "error.no_terminal"
SSH_COMMAND = "error.ssh_command"
FOLLOW_SSH_COMMAND = "follow.ssh_command"

MEETING_NUMBER = re.compile(r"[1-9][0-9]{0,8}")
"""A meeting's number as a follow-only login accepts it: ASCII digits, no leading zero."""


def _is_terminal(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:  # closed
        return False


def requested_meeting(environ: Mapping[str, str] | None = None) -> int | None:
    """The meeting a follow-only login was asked for (`ssh -t host 12`); None if the client
    asked for none, or for anything but a meeting's number."""
    env = os.environ if environ is None else environ
    value = env.get(FORCED_COMMAND_ENV)
    if value is None or MEETING_NUMBER.fullmatch(value) is None:
        return None
    return int(value)


def refusal(
    environ: Mapping[str, str] | None = None,
    fds: Iterable[int] = TERMINAL_FDS,
    *,
    follow_only: bool = False,
) -> str | None:
    """Why the interactive app may not start here, as a catalogue key; None if it may.

    Args:
        environ: The process's environment (default: `os.environ`).
        fds: The file descriptors that must each be a terminal.
        follow_only: A follow-only login: a meeting's number may come through SSH.
    """
    env = os.environ if environ is None else environ
    # Present at all, even empty: the client sent an exec or subsystem request, not a login.
    if FORCED_COMMAND_ENV in env:
        if not follow_only:
            return SSH_COMMAND
        if requested_meeting(env) is None:
            return FOLLOW_SSH_COMMAND
    if env.get(DRIVER_ENV):
        return None  # a browser session (`driehoek serve`): that driver needs no terminal
    if not all(_is_terminal(fd) for fd in fds):
        return NO_TERMINAL
    return None
