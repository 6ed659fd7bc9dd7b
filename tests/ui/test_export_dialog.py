"""The export dialog, as a coordinator without a shell would try it, and as someone with bad
intent would: it makes a new file in the exports folder and nothing else, ever; in a browser it
writes nothing on the server at all, and the browser downloads the file."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from textual.widgets import Input

from driehoek.app import DriehoekApp, make_app
from driehoek.database import open_database
from driehoek.i18n import Catalogue
from driehoek.localize import localized
from driehoek.minutes_files import default_filename
from driehoek.screens.export import ExportDialog
from driehoek.screens.meeting import MeetingScreen
from driehoek.settings import Settings
from driehoek.store import Store
from waiting import settle_until

from .drive import (
    SIZE,
    AppPilot,
    exports_in,
    region_text,
    screen_text,
    shows,
    squeezed,
    toasts,
    type_fast,
)
from .meetings import fresh_intake

T = Catalogue("nl")
HOSTILE = "x $(bash --norc -i)"


def as_read(minutes: str) -> str:
    """The minutes as a reader shows them: Markdown escapes the `$` (pandoc would read maths
    there), the page shows the text as typed."""
    return str(MarkdownIt("js-default").render(minutes))


"""What an attacker types into a field, hoping the export lands in a shell's start-up file."""


def listing(folder: Path) -> dict[str, bytes | str]:
    """Every entry below `folder` with its bytes (a symlink: its target; a folder: "/")."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = f"-> {path.readlink()}"
        elif path.is_dir():
            found[name] = "/"
        else:
            found[name] = path.read_bytes()
    return found


def dump(database: Path) -> str:
    """What the database holds, its WAL included, read on a connection of its own."""
    conn = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def exports(store: Store) -> int:
    """How often the audit trail recorded an export."""
    return int(store.db.execute("SELECT count(*) FROM audit WHERE action = 'export'").fetchone()[0])


async def told(pilot: AppPilot, text: str) -> None:
    """Wait for a notification that says `text` (however it wraps)."""
    app = pilot.app
    assert isinstance(app, DriehoekApp)
    await settle_until(
        pilot, lambda: squeezed(text) in squeezed("".join(toasts(app))), f"a notification: {text}"
    )


def dialog(app: DriehoekApp) -> ExportDialog:
    screen = app.screen
    assert isinstance(screen, ExportDialog), f"expected the export dialog, got {screen!r}"
    return screen


async def open_dialog(pilot: AppPilot) -> ExportDialog:
    await pilot.press("ctrl+s")
    await pilot.pause()
    return dialog(pilot.app)  # type: ignore[arg-type]


async def try_name(pilot: AppPilot, name: str) -> str:
    """Type `name` in place of the proposal, press Enter; returns the dialog's problem line
    (empty when the dialog closed: the export was made)."""
    await pilot.press("end", "ctrl+u")
    await type_fast(pilot, name)
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    return str(screen.problem.render()) if isinstance(screen, ExportDialog) else ""


@pytest.fixture
def meeting(store: Store) -> int:
    """An intake with the attacker's text in its team's name."""
    placement = store.meeting(fresh_intake(store)).placement
    store.update_placement(placement.id, placement.version, team=HOSTILE)
    return store.meetings()[0].id


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("~/.bashrc", "refused.not_a_name"),
        ("../x", "refused.not_a_name"),
        ("../x.md", "refused.not_a_name"),
        ("/abs/path", "refused.not_a_name"),
        ("/home/x/.ssh/authorized_keys", "refused.not_a_name"),
        (".hidden.md", "refused.hidden"),
        ("..", "refused.hidden"),
        ("x.sh", "refused.suffix"),
        ("driehoek.db", "refused.suffix"),
        ("driehoek.db-wal", "refused.suffix"),
    ],
)
async def test_a_path_a_hidden_name_or_another_kind_of_file_is_refused_in_one_line(
    store: Store, meeting: int, own_home: Path, tmp_path: Path, name: str, key: str
) -> None:
    # The exports folder is the database's own: even so, nothing but a new export is made.
    app = make_app(store, settings=exports_in(tmp_path), open_meeting=meeting)
    (own_home / ".bashrc").write_text("# the account's own\n", encoding="utf-8")
    home_before, here_before = listing(own_home), listing(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_dialog(pilot)
        problem = await try_name(pilot, name)
        assert problem == T(key, path=name)
        assert shows(app, T(key, path=name)[:30])
        dialog(app)  # still open
    assert listing(own_home) == home_before
    assert {k: v for k, v in listing(tmp_path).items() if "driehoek.db" not in k} == {
        k: v for k, v in here_before.items() if "driehoek.db" not in k
    }
    assert exports(store) == 0


async def test_the_database_itself_is_refused_even_with_an_export_name(
    tmp_path: Path, fixed_clock: Any
) -> None:
    """A database named like an export (`--db gesprekken.md`), in the exports folder."""
    database = tmp_path / "gesprekken.md"
    db = open_database(database)
    store = Store(db, clock=fixed_clock, user="tester")
    meeting = fresh_intake(store)
    before = dump(database)
    app = make_app(store, settings=exports_in(tmp_path), open_meeting=meeting)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_dialog(pilot)
        problem = await try_name(pilot, "gesprekken.md")
        assert problem == T("refused.database", path=database)
        dialog(app)
    assert dump(database) == before
    db.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gesprekken.md"]


async def test_the_dialog_shows_its_folder_and_writes_a_new_file_there(
    store: Store, meeting: int, own_home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "verslagen"
    app = make_app(store, settings=exports_in(folder), open_meeting=meeting)
    home_before = listing(own_home)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_dialog(pilot)
        where = squeezed(region_text(app, screen.query_one("#export-where")))
        assert where == squeezed(T("export.folder", path=folder))
        name = default_filename(screen.meeting, "nl")
        assert screen.query_one(Input).value == name
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await told(pilot, T("export.saved", path=folder / name))
    assert listing(folder) == {name: (folder / name).read_bytes()}
    assert (folder / name).read_text(encoding="utf-8").startswith("# ")
    assert (folder / name).stat().st_mode & 0o777 == 0o600
    assert listing(own_home) == home_before  # nothing outside the exports folder
    assert exports(store) == 1


@pytest.mark.parametrize(
    ("name", "start"),
    [("verslag.html", "<!doctype html>"), ("verslag.json", "{"), ("verslag.md", "# ")],
)
async def test_the_ending_chooses_what_is_written(
    store: Store, meeting: int, tmp_path: Path, name: str, start: str
) -> None:
    app = make_app(store, settings=exports_in(tmp_path / "x"), open_meeting=meeting)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_dialog(pilot)
        await try_name(pilot, name)
        assert isinstance(app.screen, MeetingScreen)
    text = (tmp_path / "x" / name).read_text(encoding="utf-8")
    assert text.lower().startswith(start)
    assert HOSTILE in (as_read(text) if name.endswith(".md") else text)


async def test_a_taken_name_gets_2_and_the_user_is_told_which(
    store: Store, meeting: int, tmp_path: Path
) -> None:
    folder = tmp_path / "verslagen"
    folder.mkdir()
    (folder / "verslag.md").write_bytes(b"het vorige verslag")
    app = make_app(store, settings=exports_in(folder), open_meeting=meeting)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_dialog(pilot)
        await try_name(pilot, "verslag.md")
        assert isinstance(app.screen, MeetingScreen)
        told_text = T("export.saved_as", name="verslag.md", path=folder / "verslag-2.md")
        await told(pilot, told_text)
    assert (folder / "verslag.md").read_bytes() == b"het vorige verslag"
    assert (folder / "verslag-2.md").read_text(encoding="utf-8").startswith("# ")


async def test_a_symlink_at_the_name_is_left_alone(
    store: Store, meeting: int, own_home: Path, tmp_path: Path
) -> None:
    """Another account planted `verslag.md -> ~/.bashrc` in a shared exports folder: the link
    is not followed and not replaced; the export simply takes the next name (a refusal would
    only make the coordinator guess names), and the notification says which."""
    folder = tmp_path / "verslagen"
    folder.mkdir()
    bashrc = own_home / ".bashrc"
    bashrc.write_text("# the account's own\n", encoding="utf-8")
    (folder / "verslag.md").symlink_to(bashrc)
    app = make_app(store, settings=exports_in(folder), open_meeting=meeting)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_dialog(pilot)
        await try_name(pilot, "verslag.md")
        told_text = T("export.saved_as", name="verslag.md", path=folder / "verslag-2.md")
        await told(pilot, told_text)
    assert bashrc.read_text(encoding="utf-8") == "# the account's own\n"
    assert (folder / "verslag.md").is_symlink()
    assert HOSTILE in as_read((folder / "verslag-2.md").read_text(encoding="utf-8"))


async def test_a_symlinked_exports_folder_is_refused(
    store: Store, meeting: int, tmp_path: Path
) -> None:
    (tmp_path / "elders").mkdir()
    folder = tmp_path / "verslagen"
    folder.symlink_to(tmp_path / "elders")
    app = make_app(store, settings=exports_in(folder), open_meeting=meeting)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_dialog(pilot)
        problem = await try_name(pilot, "verslag.md")
        assert problem == T("refused.folder_symlink", path=folder)
        dialog(app)
    assert list((tmp_path / "elders").iterdir()) == []
    assert exports(store) == 0


async def test_the_default_folder_is_made_0700_in_the_users_data_folder(
    store: Store, meeting: int, own_home: Path
) -> None:
    app = make_app(store, settings=Settings(), open_meeting=meeting)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_dialog(pilot)
        await try_name(pilot, "verslag.md")
        assert (
            squeezed(T("export.folder", path="~/.local/share/driehoek/exports"))
            in squeezed(screen_text(app))
            or (own_home / ".local/share/driehoek/exports/verslag.md").is_file()
        )
    folder = own_home / ".local" / "share" / "driehoek" / "exports"
    assert (folder / "verslag.md").is_file()
    assert folder.stat().st_mode & 0o777 == 0o700


# -- in a browser -----------------------------------------------------------------------------


class Delivered:
    """What a fake web driver was asked to send to the browser."""

    def __init__(self) -> None:
        self.files: list[tuple[str, bytes, str | None]] = []


def web_app(store: Store, meeting: int, delivered: Delivered, folder: Path) -> DriehoekApp:
    """The app as `driehoek serve` runs it (is_web), with a delivery that is recorded."""
    base = localized(DriehoekApp, "nl")

    class WebApp(base):  # type: ignore[misc,valid-type]
        @property
        def is_web(self) -> bool:
            return True

        def deliver_binary(self, path_or_file: Any, **kwargs: Any) -> str | None:
            assert isinstance(path_or_file, io.BytesIO)
            delivered.files.append(
                (kwargs["save_filename"], path_or_file.getvalue(), kwargs.get("mime_type"))
            )
            return "key"

    app: DriehoekApp = WebApp(store, "nl", settings=exports_in(folder), open_meeting=meeting)
    return app


async def test_in_a_browser_the_export_is_a_download_and_nothing_is_written_on_the_server(
    store: Store,
    meeting: int,
    own_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    folder = tmp_path / "verslagen"
    delivered = Delivered()
    app = web_app(store, meeting, delivered, folder)
    home_before, here_before = listing(own_home), listing(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_dialog(pilot)
        where = region_text(app, app.screen.query_one("#export-where"))
        assert squeezed(where) == squeezed(T("export.download"))
        assert squeezed(str(folder)) not in squeezed(screen_text(app))
        problem = await try_name(pilot, "../../.bashrc")
        assert problem == T("refused.not_a_name", path="../../.bashrc")
        await try_name(pilot, "verslag.md")
        assert isinstance(app.screen, MeetingScreen)
        await told(pilot, T("export.downloading", name="verslag.md"))
    [(name, data, mime)] = delivered.files
    assert name == "verslag.md"
    assert mime is not None
    assert mime.startswith("text/markdown")
    assert data.decode("utf-8").startswith("# ")
    # A draft says so in its first line, a download as much as a file.
    first = data.decode("utf-8").splitlines()[0]
    assert ("CONCEPT – " in first) == (not store.meeting(meeting).closed)
    assert HOSTILE in as_read(data.decode("utf-8"))
    assert listing(own_home) == home_before
    assert {k: v for k, v in listing(tmp_path).items() if "driehoek.db" not in k} == {
        k: v for k, v in here_before.items() if "driehoek.db" not in k
    }
    assert exports(store) == 1  # a download is an export too, for the audit trail


async def test_a_download_gets_a_name_the_browser_reads_whole(
    store: Store, meeting: int, tmp_path: Path
) -> None:
    delivered = Delivered()
    app = web_app(store, meeting, delivered, tmp_path / "verslagen")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_dialog(pilot)
        await try_name(pilot, "verslag Lotte; mei.md")
        await told(pilot, T("export.downloading", name="verslag-Lotte-mei.md"))
    assert [name for name, _data, _mime in delivered.files] == ["verslag-Lotte-mei.md"]
