"""One key in the placement view gives that student's return-day slip: a new file in the
exports folder, or in a browser a download, through the minutes' export dialog. At 80x24.

All names are invented (the demo's).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from textual.widgets import Input

from driehoek.app import DriehoekApp, make_app
from driehoek.demo import seed_demo
from driehoek.i18n import Catalogue
from driehoek.localize import localized
from driehoek.screens.export import SlipDialog
from driehoek.screens.placement import PlacementScreen
from driehoek.store import Store
from waiting import settle_until

from .drive import (
    SIZE,
    AppPilot,
    exports_in,
    region_text,
    screen_text,
    squeezed,
    toasts,
    type_fast,
    type_text,
)

T = Catalogue("nl")


async def placement_view(pilot: AppPilot, student: str) -> None:
    """From the list, the placement of the student found by a few letters."""
    await type_text(pilot, student)
    await pilot.press("ctrl+o")
    await settle_until(
        pilot, lambda: isinstance(pilot.app.screen, PlacementScreen), "the placement view"
    )


async def slip_dialog(pilot: AppPilot) -> SlipDialog:
    await pilot.press("ctrl+s")
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, SlipDialog), "the slip dialog")
    screen = pilot.app.screen
    assert isinstance(screen, SlipDialog)
    return screen


async def told(pilot: AppPilot, text: str) -> None:
    app = pilot.app
    assert isinstance(app, DriehoekApp)
    await settle_until(
        pilot, lambda: squeezed(text) in squeezed("".join(toasts(app))), f"a notification: {text}"
    )


def exports(store: Store) -> list[tuple[str, int]]:
    rows = store.db.execute(
        "SELECT entity, entity_id FROM audit WHERE action = 'export' ORDER BY id"
    ).fetchall()
    return [(str(entity), int(entity_id)) for entity, entity_id in rows]


async def test_ctrl_s_in_the_placement_view_writes_her_slip(store: Store, tmp_path: Path) -> None:
    seed_demo(store)
    folder = tmp_path / "verslagen"
    app = make_app(store, settings=exports_in(folder))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await placement_view(pilot, "anouk")
        placement_id = app.screen.placement_id  # type: ignore[attr-defined]
        await pilot.press("f1")  # the keys of this view: the slip's among them
        await settle_until(
            pilot, lambda: squeezed(f"^s {T('key.slip')}") in squeezed(screen_text(app)), "F1"
        )
        await pilot.press("f1")
        await settle_until(pilot, lambda: isinstance(app.screen, PlacementScreen), "F1 closed")
        dialog = await slip_dialog(pilot)
        assert squeezed(T("slip.export_title")) in squeezed(screen_text(app))
        assert squeezed(f"esc {T('key.cancel')}") in squeezed(screen_text(app))
        where = region_text(app, dialog.query_one("#export-where"))
        assert squeezed(where) == squeezed(T("export.folder", path=folder))
        name = dialog.query_one(Input).value
        assert name == f"terugkomdag-2026-11-28-anouk-de-wit-{placement_id}.md"
        # A slip is Markdown or a page; JSON is the minutes' alone.
        await pilot.press("end", "ctrl+u")
        await type_fast(pilot, "briefje.json")
        await pilot.press("enter")
        await settle_until(
            pilot,
            lambda: str(dialog.problem.render()) == T("refused.slip_suffix", path="briefje.json"),
            "the refusal of .json",
        )
        await pilot.press("end", "ctrl+u")
        await type_fast(pilot, "briefje.html")
        await pilot.press("enter")
        await told(pilot, T("export.saved", path=folder / "briefje.html"))
        assert isinstance(app.screen, PlacementScreen)
    page = (folder / "briefje.html").read_text(encoding="utf-8")
    assert page.count('<section class="slip">') == 1
    assert "<h1>Terugkomdag: Anouk de Wit</h1>" in page
    assert "Wekelijks nabespreken van een activiteit" in page
    assert (folder / "briefje.html").stat().st_mode & 0o777 == 0o600
    assert exports(store) == [("placements", placement_id)]


async def test_escape_leaves_the_dialog_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    seed_demo(store)
    folder = tmp_path / "verslagen"
    app = make_app(store, settings=exports_in(folder))
    async with app.run_test(size=SIZE) as pilot:
        await placement_view(pilot, "sem")
        await slip_dialog(pilot)
        await pilot.press("escape")
        await settle_until(
            pilot, lambda: isinstance(app.screen, PlacementScreen), "back in the placement view"
        )
    assert not folder.exists()
    assert exports(store) == []


class Delivered:
    def __init__(self) -> None:
        self.files: list[tuple[str, bytes, str | None]] = []


async def test_in_a_browser_the_slip_is_a_download(store: Store, tmp_path: Path) -> None:
    seed_demo(store)
    folder = tmp_path / "verslagen"
    delivered = Delivered()
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

    app: DriehoekApp = WebApp(store, "nl", settings=exports_in(folder))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await placement_view(pilot, "anouk")
        dialog = await slip_dialog(pilot)
        name = dialog.query_one(Input).value
        await pilot.press("enter")
        await told(pilot, T("export.downloading", name=name))
    [(saved, data, mime)] = delivered.files
    assert saved == name
    assert mime is not None
    assert mime.startswith("text/markdown")
    assert data.decode("utf-8").startswith("# Terugkomdag: Anouk de Wit\n")
    assert not folder.exists()
