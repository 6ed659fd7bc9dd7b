"""`driehoek serve`: what it runs per browser session, where it listens, what it warns about.

The server itself is replaced by a stand-in here; tests/e2e/test_browser.py runs the real one.
"""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest

from conftest import FIXED_NOW
from driehoek import serve
from driehoek.cli import main
from driehoek.database import open_database
from driehoek.i18n import Catalogue, Lang
from driehoek.store import Store


class FakeServer:
    """Records what `driehoek serve` would have served, instead of serving it."""

    made: list[FakeServer] = []

    def __init__(self, command: str, plan: serve.Plan, t: Catalogue, db_path: Path) -> None:
        self.command, self.plan, self.lang, self.db_path = command, plan, t.lang, db_path
        self.host, self.port = plan.host, plan.port
        self.url = plan.gate.public.origin + plan.gate.public.path
        self.served = False
        FakeServer.made.append(self)

    def serve(self) -> None:
        self.served = True


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[FakeServer]]:
    """`driehoek serve` with textual-serve replaced; yields the servers it made."""
    monkeypatch.setattr(serve, "_make_server", FakeServer)
    monkeypatch.delenv("DRIEHOEK_DB", raising=False)
    monkeypatch.delenv("DRIEHOEK_LANG", raising=False)
    umask = os.umask(0o022)
    os.umask(umask)
    FakeServer.made = []
    yield FakeServer.made
    os.umask(umask)


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.create_server(("127.0.0.1", 0)) as s:
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A loopback port something else listens on."""
    with socket.create_server(("127.0.0.1", 0)) as s:
        yield s.getsockname()[1]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.0.2.10", False),
        ("driehoek.school.example", False),
    ],
)
def test_only_loopback_addresses_count_as_this_computer_only(host: str, loopback: bool) -> None:
    assert serve.is_loopback(host) is loopback


def test_the_default_public_url_puts_an_ipv6_address_in_brackets() -> None:
    assert serve.default_public_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert serve.default_public_url("::1", 8123) == "http://[::1]:8123"
    assert serve.default_public_url("localhost", 80) == "http://localhost:80"


def test_each_browser_session_runs_this_driehoek_on_the_same_database_and_language(
    tmp_path: Path,
) -> None:
    db = tmp_path / "map met spatie" / "it's.db"

    command = serve.app_command(db, "en")

    assert shlex.split(command) == [
        sys.executable,
        "-m",
        "driehoek",
        "--db",
        str(db.resolve()),
        "--lang",
        "en",
    ]


def test_serve_runs_the_app_on_the_database_it_was_given(
    fake_server: list[FakeServer], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "gedeeld.db"

    port = free_port()
    code = main(["--db", str(db), "--lang", "en", "serve", "--port", str(port)])

    assert code == 0
    (server,) = fake_server
    assert server.served
    assert (server.host, server.port, server.url) == ("127.0.0.1", port, f"http://127.0.0.1:{port}")
    assert shlex.split(server.command)[3:] == ["--db", str(db.resolve()), "--lang", "en"]
    assert db.is_file(), "the database is created (and checked) before the server starts"
    assert capsys.readouterr().err == "", "no warning on loopback"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_listening_beyond_loopback_warns_in_the_users_language(
    fake_server: list[FakeServer],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    lang: Lang,
) -> None:
    port = free_port()
    args = ["--db", str(tmp_path / "x.db"), "--lang", lang, "serve", "--host", "0.0.0.0"]
    code = main([*args, "--port", str(port), "--public-url", "https://intranet.example/dh/"])

    assert code == 0
    err = capsys.readouterr().err
    assert err == Catalogue(lang)("serve.open_warning", host="0.0.0.0", port=port) + "\n"
    assert fake_server[0].url == "https://intranet.example/dh"


def test_a_taken_port_is_one_line_and_serves_nothing(
    fake_server: list[FakeServer],
    taken_port: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["--db", str(tmp_path / "x.db"), "serve", "--port", str(taken_port)])

    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err.startswith(f"driehoek: Kan niet luisteren op 127.0.0.1:{taken_port}: ")
    assert err.count("\n") == 1, err
    assert fake_server == []


@pytest.mark.parametrize("url", ["intranet.example/driehoek", "ftp://intranet.example"])
def test_a_public_url_must_be_http_or_https(
    fake_server: list[FakeServer], tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    code = main(["--db", str(tmp_path / "x.db"), "serve", "--public-url", url])

    assert code == 1
    assert capsys.readouterr().err.startswith(f"driehoek: {url} ")
    assert fake_server == []


@pytest.mark.parametrize("port", ["0x50", "-1", "65536", "acht"])
def test_a_port_must_be_a_port(
    fake_server: list[FakeServer], tmp_path: Path, capsys: pytest.CaptureFixture[str], port: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(tmp_path / "x.db"), "serve", "--port", port])

    assert exit_.value.code == 2
    assert Catalogue("nl")("serve.bad_port", value=port) in capsys.readouterr().err
    assert fake_server == []


def test_serve_prints_a_new_secret_link_at_every_start(
    fake_server: list[FakeServer], tmp_path: Path
) -> None:
    for _start in range(2):
        assert main(["--db", str(tmp_path / "x.db"), "serve", "--port", str(free_port())]) == 0

    links = [server.plan.gate.link for server in fake_server]
    tokens = [link.split("?token=", 1)[1] for link in links]
    assert tokens[0] != tokens[1]
    assert all(len(token) >= 43 for token in tokens), "32 random bytes, base64url"
    port = fake_server[0].port
    assert links[0] == f"http://127.0.0.1:{port}/?token={tokens[0]}"
    assert fake_server[0].plan.announcement == Catalogue("nl")("serve.serving", url=links[0])


def token_file(folder: Path, text: str, mode: int = 0o600) -> Path:
    path = folder / "token"
    path.write_text(text)
    path.chmod(mode)
    return path


GOOD_TOKEN = "Zx8-Jm1_pQ4rT7vW2yB5nC9dF3gH6kL0"


def test_a_token_file_gives_a_link_that_stays_and_is_not_printed(
    fake_server: list[FakeServer], tmp_path: Path
) -> None:
    path = token_file(tmp_path, GOOD_TOKEN + "\n")
    port = free_port()

    code = main(["--db", str(tmp_path / "x.db"), "--lang", "en", "serve", "--port", str(port),
                 "--token-file", str(path)])  # fmt: skip

    assert code == 0
    (server,) = fake_server
    assert server.plan.gate.token == GOOD_TOKEN
    announcement = server.plan.announcement
    assert GOOD_TOKEN not in announcement
    assert announcement == Catalogue("en")(
        "serve.serving_token_file", url=f"http://127.0.0.1:{port}/", path=path
    )


REFUSED_TOKEN_FILES = {
    "readable by the group": (GOOD_TOKEN, 0o640, "serve.token_open"),
    "readable by all": (GOOD_TOKEN, 0o604, "serve.token_open"),
    "writable by the group": (GOOD_TOKEN, 0o620, "serve.token_open"),
    "empty": ("", 0o600, "serve.token_format"),
    "two lines": (f"{GOOD_TOKEN}\n{GOOD_TOKEN}\n", 0o600, "serve.token_format"),
    "too short for 128 bits": ("Zx8-Jm1_pQ4rT7vW2yB5n", 0o600, "serve.token_format"),
    "not for a URL": (GOOD_TOKEN + "&x=1", 0o600, "serve.token_format"),
    "a line with a space": (GOOD_TOKEN + " " + GOOD_TOKEN, 0o600, "serve.token_format"),
    "too long": ("a" * 5000, 0o600, "serve.token_format"),
}


@pytest.mark.parametrize(
    ("text", "mode", "key"), REFUSED_TOKEN_FILES.values(), ids=REFUSED_TOKEN_FILES
)
def test_a_token_file_not_fit_for_a_secret_is_refused_in_one_line(
    fake_server: list[FakeServer],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    mode: int,
    key: str,
) -> None:
    path = token_file(tmp_path, text, mode)
    db = tmp_path / "x.db"

    code = main(["--db", str(db), "--lang", "en", "serve", "--token-file", str(path)])

    assert code == 1
    message = Catalogue("en")(key, path=path, mode=f"{mode:04o}")
    assert capsys.readouterr().err == f"driehoek: {message}\n"
    assert fake_server == []
    assert not db.exists(), "refused before the database is opened"


def test_a_missing_token_file_or_a_folder_or_a_pipe_is_refused_in_one_line(
    fake_server: list[FakeServer], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo, 0o600)
    t = Catalogue("en")
    for path, reason in (
        (tmp_path / "missing", os.strerror(2)),
        (tmp_path, t("serve.not_a_file")),
        (fifo, t("serve.not_a_file")),  # opened without waiting for a writer
    ):
        code = main(["--db", str(tmp_path / "x.db"), "--lang", "en", "serve",
                     "--token-file", str(path)])  # fmt: skip
        assert code == 1
        message = t("serve.token_unreadable", path=path, reason=reason)
        assert capsys.readouterr().err == f"driehoek: {message}\n"
    assert fake_server == []


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another account")
def test_a_token_file_of_another_account_is_refused(
    fake_server: list[FakeServer], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = token_file(tmp_path, GOOD_TOKEN)
    os.chown(path, 65534, -1)  # nobody: they could read it, or replace it, at will

    code = main(
        ["--db", str(tmp_path / "x.db"), "--lang", "en", "serve", "--token-file", str(path)]
    )

    assert code == 1
    message = Catalogue("en")("serve.token_owner", path=path)
    assert capsys.readouterr().err == f"driehoek: {message}\n"
    assert fake_server == []


def test_max_sessions_has_a_default_and_takes_a_number(
    fake_server: list[FakeServer], tmp_path: Path
) -> None:
    main(["--db", str(tmp_path / "x.db"), "serve", "--port", str(free_port())])
    main(
        ["--db", str(tmp_path / "x.db"), "serve", "--port", str(free_port()), "--max-sessions", "3"]
    )

    assert [s.plan.max_sessions for s in fake_server] == [serve.DEFAULT_MAX_SESSIONS, 3]


@pytest.mark.parametrize("value", ["0", "-1", "drie", "2.5"])
def test_max_sessions_must_be_a_positive_number(
    fake_server: list[FakeServer], tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(tmp_path / "x.db"), "serve", "--max-sessions", value])

    assert exit_.value.code == 2
    assert Catalogue("nl")("serve.bad_max_sessions", value=value) in capsys.readouterr().err
    assert fake_server == []


def test_the_help_says_what_a_token_file_must_be(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "en", "serve", "--help"])

    out = " ".join(capsys.readouterr().out.split())
    assert "--token-file FILE" in out
    assert "chmod 600" in out
    assert "--max-sessions N" in out
    assert f"default: {serve.DEFAULT_MAX_SESSIONS}" in out


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_listening_on_every_address_needs_the_public_url(
    fake_server: list[FakeServer], tmp_path: Path, capsys: pytest.CaptureFixture[str], host: str
) -> None:
    code = main(["--db", str(tmp_path / "x.db"), "--lang", "en", "serve", "--host", host])

    assert code == 1
    message = Catalogue("en")("serve.public_url_needed", host=host)
    assert capsys.readouterr().err == f"driehoek: {message}\n"
    assert fake_server == []


# -- the serve extra ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_without_the_serve_extra_serve_says_in_one_line_how_to_add_it(
    fake_server: list[FakeServer],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    lang: str,
) -> None:
    # As on a default install: the web stack is not there to be found (the wheel check in
    # .ci/run tries the real thing, installed without the extra).
    monkeypatch.setattr(serve, "WEB_STACK", ("driehoek_test_no_such_web_stack",))

    code = main(["--lang", lang, "--db", str(tmp_path / "x.db"), "serve"])

    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err == f"driehoek: {Catalogue(cast(Lang, lang))('serve.needs_extra')}\n"
    assert "pip install 'driehoek[serve]'" in err
    assert fake_server == []
    assert not (tmp_path / "x.db").exists()  # refused before the database is touched


def test_links_for_serve_are_made_without_the_web_stack(tmp_path: Path) -> None:
    # `driehoek share` prints a link for a server that may run elsewhere: it works on an
    # install without the `serve` extra, so it never imports the web stack.
    db_path = tmp_path / "x.db"
    store = Store(open_database(db_path), clock=lambda: FIXED_NOW, user="beheer")
    store.new_intake("Joris Valkenier", "Dagbesteding De Vlonder")
    store.close()
    code = (
        "import sys\n"
        "from driehoek.cli import main\n"
        f"assert main(['--db', {str(db_path)!r}, 'share', '1']) == 0\n"
        "web = sorted(m for m in sys.modules if m.split('.')[0] in ('aiohttp', 'textual_serve'))\n"
        "assert not web, web\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "token=" in result.stdout
