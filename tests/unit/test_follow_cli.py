"""`driehoek follow` and `driehoek share` on the command line: who may follow what, and every
refusal in one line with exit code 2, the database untouched.

The follower's screen itself is replaced here by a stand-in that notes what it would show;
tests/ui/test_follow.py drives the real one, tests/e2e/test_follow.py the real program.
"""

from __future__ import annotations

import hashlib
import os
import pwd
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest
from cli_run import one_line, run

from conftest import FIXED_NOW
from driehoek import follow_cli, interactive, shares
from driehoek.database import open_database
from driehoek.domain import Party
from driehoek.following import Target
from driehoek.i18n import Catalogue
from driehoek.interactive import FOLLOW_SSH_COMMAND, SSH_COMMAND, refusal, requested_meeting
from driehoek.store import Store

T = Catalogue("nl")
ACCOUNT = pwd.getpwuid(os.getuid()).pw_name


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "gedeeld.db"
    db = open_database(path)
    store = Store(db, clock=lambda: FIXED_NOW, user="beheer")
    store.new_intake("Joris Valkenier", "Dagbesteding De Vlonder")
    store.new_intake("Sanne Dekker", "Bakkerij De Korenaar")
    store.close()
    return path


def store_of(path: Path) -> Store:
    return Store(open_database(path), clock=lambda: FIXED_NOW, user="beheer")


class Shown:
    """What the stand-in for the follower's screen was asked to show."""

    targets: list[Target] | None = None


@pytest.fixture
def screen(monkeypatch: pytest.MonkeyPatch) -> type[Shown]:
    """A terminal (as far as the refusal can tell) and a stand-in for the follower's app."""
    from driehoek import follow_app

    class FakeApp:
        return_code = 0

        def __init__(self, targets: Sequence[Target]) -> None:
            Shown.targets = list(targets)

        def run(self) -> None:
            pass

    monkeypatch.setattr(interactive, "_is_terminal", lambda fd: True)
    monkeypatch.setattr(
        follow_app, "make_follow_app", lambda _db, _lang, targets, **_kw: FakeApp(targets)
    )
    Shown.targets = None
    return Shown


# -- a meeting's number through SSH: digits only -----------------------------------------------


@pytest.mark.parametrize(("sent", "meeting"), [("12", 12), ("1", 1), ("999999999", 999999999)])
def test_a_follow_only_login_takes_a_meetings_number(sent: str, meeting: int) -> None:
    env = {"SSH_ORIGINAL_COMMAND": sent}
    assert requested_meeting(env) == meeting
    assert refusal(env, [], follow_only=True) is None


@pytest.mark.parametrize(
    "sent",
    [
        "",
        "bash",
        "012",
        " 12",
        "12 ",
        "12\n",
        "+12",
        "-1",
        "0",
        "1e3",
        "12;id",
        "12 && bash",
        "$(id)",
        "١٢",  # Arabic-Indic digits: digits to Python's int(), not to us
        "\uff11\uff12",  # fullwidth digits
        "1234567890",
        "internal-sftp",
        "scp -t .",
    ],
)
def test_anything_but_a_meetings_number_is_refused(sent: str) -> None:
    env = {"SSH_ORIGINAL_COMMAND": sent}
    assert requested_meeting(env) is None
    assert refusal(env, [], follow_only=True) == FOLLOW_SSH_COMMAND
    assert refusal(env, []) == SSH_COMMAND, "the app's own login takes no number"


def test_the_apps_own_login_refuses_a_number_too() -> None:
    assert refusal({"SSH_ORIGINAL_COMMAND": "12"}, []) == SSH_COMMAND


# -- follow ------------------------------------------------------------------------------------


def test_follow_without_a_terminal_is_one_line_and_opens_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    result = run(capsys, "--db", str(tmp_path / "x.db"), "follow", "1")
    assert result[0] == 2
    assert one_line(result) == f"driehoek: {T('error.no_terminal')}\n"
    assert list(tmp_path.iterdir()) == []


def test_a_follow_only_login_refuses_a_command_in_one_line(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSH_ORIGINAL_COMMAND", "bash -i")
    before = fingerprint(db_path)
    result = run(capsys, "--db", str(db_path), "follow", "--shared")
    assert result[0] == 2
    assert one_line(result) == f"driehoek: {T(FOLLOW_SSH_COMMAND)}\n"
    assert fingerprint(db_path) == before


def test_follow_shows_the_meeting_it_is_given(
    capsys: pytest.CaptureFixture[str], db_path: Path, screen: type[Shown]
) -> None:
    before = fingerprint(db_path)
    code, _out, err = run(capsys, "--db", str(db_path), "follow", "1")
    assert (code, err) == (0, "")
    assert screen.targets is not None
    assert [(t.meeting_id, t.share_id) for t in screen.targets] == [(1, None)]
    assert "Joris Valkenier" in screen.targets[0].title
    assert fingerprint(db_path) == before


@pytest.mark.parametrize(
    ("args", "key", "values"),
    [
        (["follow", "404"], "error.no_meeting", {"id": 404}),
        (["follow"], "follow.meeting_needed", {}),
        (["follow", "--share", "404"], "follow.share_ended", {}),
    ],
    ids=["no-such-meeting", "no-meeting-given", "no-such-share"],
)
def test_what_cannot_be_followed_is_one_line(
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    screen: type[Shown],
    args: list[str],
    key: str,
    values: dict[str, object],
) -> None:
    before = fingerprint(db_path)
    result = run(capsys, "--db", str(db_path), *args)
    assert result[0] == 2
    assert one_line(result) == f"driehoek: {T(key, **values)}\n"
    assert screen.targets is None
    assert fingerprint(db_path) == before


def test_a_missing_or_foreign_file_is_one_line_and_stays_as_it_was(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, screen: type[Shown]
) -> None:
    missing = tmp_path / "weg.db"
    result = run(capsys, "--db", str(missing), "follow", "1")
    assert one_line(result) == f"driehoek: {T('error.missing', path=missing)}\n"
    assert result[0] == 2
    assert not missing.exists()

    foreign = tmp_path / "ander.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    before = fingerprint(foreign)
    result = run(capsys, "--db", str(foreign), "follow", "1")
    assert one_line(result) == f"driehoek: {T('error.foreign', path=foreign)}\n"
    assert fingerprint(foreign) == before


def test_a_follow_only_login_sees_only_what_is_shared_with_its_account(
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    screen: type[Shown],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = ["--db", str(db_path), "follow", "--shared"]
    result = run(capsys, *args)
    assert one_line(result) == f"driehoek: {T('follow.nothing_shared')}\n"

    store = store_of(db_path)
    shares.share_with_account(store, 2, ACCOUNT)
    shares.share_with_account(store, 1, "iemand-anders" if ACCOUNT != "iemand-anders" else "x")
    shares.share_link(store, 1)
    store.close()

    # The only meeting shared with this account is shown at once.
    assert run(capsys, *args)[0] == 0
    assert screen.targets is not None
    assert [t.meeting_id for t in screen.targets] == [2]
    share_id = screen.targets[0].share_id

    # Asked for by number through SSH: that one, and no other, whether it exists or not.
    monkeypatch.setenv("SSH_ORIGINAL_COMMAND", "2")
    assert run(capsys, *args)[0] == 0
    assert [(t.meeting_id, t.share_id) for t in screen.targets] == [(2, share_id)]
    for other in ("1", "404"):
        monkeypatch.setenv("SSH_ORIGINAL_COMMAND", other)
        screen.targets = None
        result = run(capsys, *args)
        assert result[0] == 2
        assert one_line(result) == f"driehoek: {T('follow.not_shared', id=int(other))}\n"
        assert screen.targets is None

    # Several: a list to choose from.
    monkeypatch.delenv("SSH_ORIGINAL_COMMAND")
    store = store_of(db_path)
    shares.share_with_account(store, 1, ACCOUNT)
    store.close()
    assert run(capsys, *args)[0] == 0
    assert screen.targets is not None
    assert sorted(t.meeting_id for t in screen.targets) == [1, 2]


def test_the_account_is_the_kernels_word_not_the_environments(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("USER", "iemand-anders")
    monkeypatch.setenv("LOGNAME", "iemand-anders")
    assert follow_cli.this_account() == ACCOUNT


# -- share -------------------------------------------------------------------------------------


def test_share_prints_a_link_with_its_token_once(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    code, out, err = run(
        capsys,
        "--db",
        str(db_path),
        "share",
        "1",
        "--public-url",
        "https://intranet.school.example/driehoek/",
    )
    assert (code, err) == (0, "")
    first, link = out.splitlines()
    assert first.startswith(T("share.link", id=1, meeting="\0").split("\0")[0])
    found = re.fullmatch(
        r"https://intranet\.school\.example/driehoek/follow/(\d+)/\?token=([A-Za-z0-9_-]{43})", link
    )
    assert found is not None, link
    store = store_of(db_path)
    try:
        share = shares.live_for_token(store.db, found.group(2))
        assert share is not None
        assert (share.id, share.meeting_id) == (int(found.group(1)), 1)
    finally:
        store.close()


def test_share_with_an_account_lists_and_stops(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    db = ["--db", str(db_path)]
    code, out, _err = run(capsys, *db, "share", "2", "--account", ACCOUNT)
    assert code == 0
    assert f"ssh -t {ACCOUNT}@" in out

    code, out, _err = run(capsys, *db, "share", "--list")
    assert code == 0
    assert out.count("\n") == 1
    assert T("share.who_account", account=ACCOUNT) in out
    # When, as driehoek shows a moment elsewhere: a day and a time, not the stored form.
    assert re.search(r", sinds \d{1,2} [a-z]+ \d{4} \d\d:\d\d, door ", out), out

    code, out, _err = run(capsys, *db, "share", "2", "--stop")
    assert (code, out) == (0, T("share.stopped", id=2, count=1) + "\n")
    assert run(capsys, *db, "share", "--list")[1] == T("share.none") + "\n"


@pytest.mark.parametrize(
    ("args", "key", "values"),
    [
        (["share", "404"], "error.no_meeting", {"id": 404}),
        (["share"], "share.meeting_needed", {}),
        (["share", "1", "--account", "Niet Een Account"], "share.bad_account", {}),
        (["share", "1", "--account", "geen-account-hier"], "share.bad_account", {}),
        (["share", "1", "--public-url", "ftp://x"], "serve.bad_public_url", {"url": "ftp://x"}),
        (["share", "3"], "share.signed", {"id": 3}),
    ],
    ids=["no-meeting", "no-number", "bad-name", "no-account", "bad-url", "signed"],
)
def test_what_cannot_be_shared_is_one_line_and_shares_nothing(
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    args: list[str],
    key: str,
    values: dict[str, object],
) -> None:
    store = store_of(db_path)
    signed = store.new_intake("Fenna Kuipers", "Zorgboerderij De Vlasakker")
    assert signed == 3
    for party in Party:
        store.sign(signed, party, "Naam")
    store.close()
    if key == "share.bad_account":
        values = {"account": args[-1]}

    result = run(capsys, "--db", str(db_path), *args)

    assert result[0] == 2
    assert one_line(result) == f"driehoek: {T(key, **values)}\n"
    store = store_of(db_path)
    try:
        assert shares.live(store.db) == []
    finally:
        store.close()
