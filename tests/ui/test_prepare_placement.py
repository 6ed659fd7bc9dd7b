"""Forms for a placement from the school's list before its intake (`driehoek prepare
--placement`, issue 12.2), at 80x24: the intake the first form started opens on what the parties
prepared; and an intake the app started (Ctrl+N), a form handed out for it meanwhile, is kept
when it is left unwritten. Names are invented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import OptionList

from driehoek import cli
from driehoek.app import make_app
from driehoek.cli import main
from driehoek.domain import Factor, MeetingKind, Party
from driehoek.flow import Step
from driehoek.i18n import Catalogue
from driehoek.screens.meeting import MeetingScreen
from driehoek.store import Clock, Store
from driehoek.widgets.prepared_views import DIFFERS
from waiting import settle_until

from .drive import region_text, shows, squeezed, walk_to
from .test_csv_import import LIST
from .test_prepared import _db, _note, _tick, panel_text

T = Catalogue("nl")


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch, fixed_clock: Clock) -> None:
    monkeypatch.setattr(cli, "_now", fixed_clock)


def _imported(store: Store, folder: Path) -> int:
    """`driehoek import` of the school's list: one placement, "gepland", no meeting."""
    path = folder / "lijst.csv"
    path.write_bytes(LIST.encode("cp1252"))
    assert main(["--db", _db(store), "import", str(path)]) == 0
    (placement_id,) = store.db.execute("SELECT id FROM placements").fetchone()
    assert store.meetings(placement_id) == []
    return int(placement_id)


def _form(store: Store, placement_id: int, party: str, path: Path) -> int:
    """`driehoek prepare --placement`: the party's form written; the meeting it is for."""
    args = ["--db", _db(store), "prepare", "--placement", str(placement_id), "--party", party]
    assert main([*args, "-o", str(path)]) == 0
    found = re.search(r"driehoek-form: meeting (\d+),", path.read_text(encoding="utf-8"))
    assert found is not None
    return int(found.group(1))


async def test_the_intake_started_by_the_forms_opens_on_what_the_parties_prepared(
    store: Store, tmp_path: Path
) -> None:
    placement_id = _imported(store, tmp_path)
    views = {
        "student": ("afwezig", "Ik mag weinig zelf bepalen."),
        "workplace": ("aanwezig", "Ze kiest zelf haar aanpak."),
    }
    for party, (label, note) in views.items():
        path = tmp_path / f"{party}.md"
        meeting_id = _form(store, placement_id, party, path)
        filled = _note(_tick(path.read_text(encoding="utf-8"), 5, label), 5, note)
        path.write_text(filled, encoding="utf-8")
        assert main(["--db", _db(store), "prepare", str(meeting_id), "--read", str(path)]) == 0
    (intake,) = store.meetings(placement_id)  # one intake, for both forms
    assert intake.kind is MeetingKind.INTAKE
    assert store.meeting(intake.id).prepared_by == (Party.STUDENT, Party.WORKPLACE)

    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_until(pilot, lambda: shows(app, "Noor Hendriksen"), "the placement")
        await pilot.press("enter")
        await settle_until(pilot, lambda: isinstance(app.screen, MeetingScreen), "its intake")
        await walk_to(pilot, Step.WORKPLACE)
        factor_list = app.screen.query_one("#factor-list", OptionList)
        await settle_until(pilot, lambda: app.focused is factor_list, "the list of factors")
        # It opens on factor 5, where they differ, flagged, with both views beside it.
        assert factor_list.highlighted == Factor.AUTONOMY.number - 1
        await settle_until(
            pilot, lambda: squeezed(T("prepared.differs")) in panel_text(pilot), "the flag"
        )
        panel = panel_text(pilot)
        assert squeezed("student: - afwezig · Ik mag weinig zelf bepalen.") in panel
        assert squeezed("werkplek: + aanwezig · Ze kiest zelf haar aanpak.") in panel
        assert DIFFERS in region_text(app, factor_list)
        await pilot.press("ctrl+l")
        await settle_until(
            pilot, lambda: not isinstance(app.screen, MeetingScreen), "back on the home screen"
        )
    assert [m.id for m in store.meetings(placement_id)] == [intake.id]


async def test_an_intake_left_unwritten_while_a_form_for_it_is_out_is_kept(
    store: Store, tmp_path: Path
) -> None:
    """The coordinator starts the intake at the table (Ctrl+N); meanwhile the student's form
    is asked for by placement: it is for that same intake. Left without typing, the intake
    stays, though nobody prepared yet: the student is filling in its form."""
    placement_id = _imported(store, tmp_path)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_until(pilot, lambda: shows(app, "Noor Hendriksen"), "the placement")
        await pilot.press("ctrl+n")
        await settle_until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the intake")
        (started,) = store.meetings(placement_id)
        assert _form(store, placement_id, "student", tmp_path / "student.md") == started.id
        await pilot.press("ctrl+l")
        await settle_until(
            pilot, lambda: not isinstance(app.screen, MeetingScreen), "back on the home screen"
        )
    assert [m.id for m in store.meetings(placement_id)] == [started.id]
    assert store.meeting(started.id).prepared_by == ()
