"""`driehoek serve`: what it runs per browser session, where it listens, what it warns about.

The server itself is replaced by a stand-in here; tests/e2e/test_browser.py runs the real one.
"""

from __future__ import annotations

import os
import shlex
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from driehoek import serve
from driehoek.cli import main
from driehoek.i18n import Catalogue, Lang


class FakeServer:
    """Records what `driehoek serve` would have served, instead of serving it."""

    made: list[FakeServer] = []

    def __init__(self, command: str, host: str, port: int, url: str, lang: Lang) -> None:
        self.command, self.host, self.port, self.url, self.lang = command, host, port, url, lang
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
