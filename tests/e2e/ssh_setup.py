"""docs/ssh.md's setup as data: the commands and the sshd drop-in, with the names filled in.

The same templates are filled in twice: with the documentation's names (`anouk`, the group
`driehoek`, `/srv/driehoek`, `/opt/driehoek`), and each must then appear word for word in
docs/ssh.md; and with the test's own names (a throwaway account and group, folders under
/opt), and then run as root. So what an admin reads is what the test does.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import signal
import subprocess
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs" / "ssh.md"
CHECKOUT = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = Path("/usr/bin/python3")


@dataclass(frozen=True)
class Names:
    """What the documentation calls things, or what the test calls them."""

    group: str
    user: str
    venv: str
    folder: str
    source: str
    followers: str = ""
    """The group of follow-only accounts."""
    follower: str = ""
    """A follow-only account (a workplace supervisor)."""
    meeting: str = ""
    """The meeting shared with her."""


DOC_NAMES = Names(
    group="driehoek",
    user="anouk",
    venv="/opt/driehoek",
    folder="/srv/driehoek",
    source="/path/to/driehoek",
    followers="driehoek-volgen",
    follower="mirjam",
    meeting="12",
)

INSTALL = (
    "umask 022",
    f"{SYSTEM_PYTHON} -m venv {{venv}}",
    "{venv}/bin/pip install {source}",
    "{venv}/bin/driehoek --version",
)
"""Step 1: driehoek in a virtual environment every account can read and run."""

SHARED_FOLDER = (
    "groupadd {group}",
    "install -d -m 2770 -g {group} {folder}",
)
"""Step 2: the group, and the folder its members share."""

ACCOUNT = (
    "useradd --create-home --shell /bin/bash --groups {group} {user}",
    "install -d -m 700 -o {user} -g {user} /home/{user}/.ssh",
    "install -m 600 -o {user} -g {user} {user}.pub /home/{user}/.ssh/authorized_keys",
)
"""Step 3: one coordinator's account, with the public key she sent."""

DROP_IN = """\
# Members of the group {group} get driehoek, and nothing else.
Match Group {group}
    ForceCommand {venv}/bin/driehoek --db {folder}/driehoek.db
    PermitTTY yes
    AllowTcpForwarding no
    AllowAgentForwarding no
    AllowStreamLocalForwarding no
    X11Forwarding no
    PermitTunnel no
    PermitUserRC no
    AcceptEnv LANG LC_* COLORTERM DRIEHOEK_LANG
    SetEnv ESCDELAY=200
"""
"""Step 4: `/etc/ssh/sshd_config.d/driehoek.conf`."""

SHOW_CONFIG = "sshd -T -C user={user},host=laptop,addr=192.0.2.10"
"""Step 4: what a coordinator gets (the test adds `-f <its config>`)."""

FOLLOWERS = (
    "groupadd {followers}",
    "setfacl -m g:{followers}:x {folder}",
    "setfacl -d -m g:{followers}:r {folder}",
    "find {folder} -type f -exec setfacl -m g:{followers}:r {{}} +",
)
"""Step 8: the group of follow-only accounts, allowed to read the database and nothing more
(after `apt-get install acl`, which the test leaves to .ci/run)."""

FOLLOW_ACCOUNT = (
    "useradd --create-home --shell /bin/bash --groups {followers} {follower}",
    "install -d -m 700 -o {follower} -g {follower} /home/{follower}/.ssh",
    "install -m 600 -o {follower} -g {follower} {follower}.pub"
    " /home/{follower}/.ssh/authorized_keys",
)
"""Step 8: one follow-only account, with the public key she sent."""

FOLLOW_DROP_IN = """\
# Members of the group {followers} follow the meetings shared with them, and nothing else.
Match Group {followers}
    ForceCommand {venv}/bin/driehoek --db {folder}/driehoek.db follow --shared
    PermitTTY yes
    AllowTcpForwarding no
    AllowAgentForwarding no
    AllowStreamLocalForwarding no
    X11Forwarding no
    PermitTunnel no
    PermitUserRC no
    AcceptEnv LANG LC_* COLORTERM DRIEHOEK_LANG
    SetEnv ESCDELAY=200
"""
"""Step 8: the second block of `/etc/ssh/sshd_config.d/driehoek.conf`."""

SHARE = "{venv}/bin/driehoek --db {folder}/driehoek.db share {meeting} --account {follower}"
"""Step 8: a meeting shared with a follow-only account."""

STOP_SHARE = "{venv}/bin/driehoek --db {folder}/driehoek.db share {meeting} --stop"
"""Step 8: following it stopped."""

SHOW_FOLLOW_CONFIG = "sshd -T -C user={follower},host=laptop,addr=192.0.2.10"
"""Step 8: what a follow-only account gets."""


def fill(template: str, names: Names) -> str:
    """A command or file of the setup, with `names` in it."""
    return template.format(**asdict(names))


def documented() -> list[str]:
    """Every command and file of the setup, as docs/ssh.md must show it."""
    return [
        fill(t, DOC_NAMES)
        for t in (
            *INSTALL,
            *SHARED_FOLDER,
            *ACCOUNT,
            DROP_IN,
            SHOW_CONFIG,
            *FOLLOWERS,
            *FOLLOW_ACCOUNT,
            FOLLOW_DROP_IN,
            SHARE,
            STOP_SHARE,
            SHOW_FOLLOW_CONFIG,
        )
    ]


def run_as_root(commands: tuple[str, ...], names: Names, cwd: Path, timeout: float) -> None:
    """Run `commands`, filled in with `names`, in one `sh -e`, as the admin would type them."""
    script = "\n".join(fill(c, names) for c in commands)
    result = subprocess.run(
        ["sh", "-ec", script],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{script}\nfailed ({result.returncode}):\n{result.stderr[-3000:]}")


def unique_names(venv: Path, folder: Path) -> Names:
    """A throwaway group and account, unlike any other (tests may run side by side)."""
    tag = uuid.uuid4().hex[:8]
    return Names(
        group=f"dhk-g{tag}",
        user=f"dhk-c{tag}",
        venv=str(venv),
        folder=str(folder),
        source=str(CHECKOUT),
        followers=f"dhk-f{tag}",
        follower=f"dhk-v{tag}",
        meeting="1",
    )


def processes_of(uid: int) -> list[int]:
    """The live processes (not zombies) running as `uid`, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        uids = {int(u) for u in fields.get("Uid", "").split()}
        if uid in uids and not fields.get("State", "").strip().startswith(("Z", "X")):
            found.append(int(entry.name))
    return found


def wait_until_no_process_of(uid: int, timeout: float = 30.0) -> list[int]:
    """Wait until nothing runs as `uid`; returns what still does after `timeout`.

    Generous: after an SSH client goes, sshd must notice, hang up the session and reap it, and
    driehoek save and end, all on a loaded machine; the wait ends as soon as nothing runs."""
    deadline = time.monotonic() + timeout
    while (left := processes_of(uid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def remove_account(names: Names) -> list[str]:
    """Remove the accounts (their homes too) and the groups, whatever is left; returns problems."""
    problems = []
    users = [user for user in (names.user, names.follower) if user]
    for user in users:
        with contextlib.suppress(KeyError):
            uid = pwd.getpwnam(user).pw_uid
            for pid in processes_of(uid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            wait_until_no_process_of(uid, 5)
    commands = [["userdel", "-r", user] for user in users]
    commands += [["groupdel", group] for group in (names.group, names.followers) if group]
    for command in commands:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        # userdel -r warns about a mail spool useradd never made (exit 0); 6: no such user or
        # group (a follow-only account and group are made only by the tests that need them).
        if result.returncode not in (0, 6):
            problems.append(f"{' '.join(command)}: {result.stderr.strip()}")
    return problems


def files_in(folder: Path) -> set[str]:
    """Every file and folder below `folder`, as paths relative to it."""
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}
