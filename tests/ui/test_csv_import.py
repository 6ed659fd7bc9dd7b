"""A placement from the school's list, at the keyboard (80x24): it shows on the home screen as
"gepland", and Ctrl+N on it starts its intake with what the list told (the student, the
practice supervisor and the school supervisor named, the next evaluation from its period)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from driehoek.app import make_app
from driehoek.csv_columns import find_columns
from driehoek.csv_import import check_rows, import_rows
from driehoek.csv_read import read_table
from driehoek.domain import MeetingKind, Party, PlacementStatus
from driehoek.screens.meeting import MeetingScreen
from driehoek.screens.new_intake import NewIntakeDialog
from driehoek.store import Store
from waiting import settle_until

from .drive import screen_text, shows

LIST = (
    "Studentnummer;Naam;Opleiding;Crebo;Niveau;Leerbedrijf;Praktijkopleider;"
    "Stagebegeleider;Begindatum;Einddatum;Uren per week\n"
    "4021733;Noor Hendriksen;Verzorgende IG;25491;3;Zorgcentrum De Linde;Henk Bakker;"
    "Ria Vos;1-2-2027;30-6-2027;32\n"
)


def _import(store: Store, tmp_path: Path) -> int:
    path = tmp_path / "lijst.csv"
    path.write_bytes(LIST.encode("cp1252"))
    table = read_table(path)
    rows, refused = check_rows(table, find_columns(table.header))
    assert refused == []
    import_rows(store, rows)
    (placement_id,) = store.db.execute("SELECT id FROM placements").fetchone()
    return int(placement_id)


async def test_an_imported_placement_is_planned_and_ctrl_n_starts_its_intake(
    store: Store, tmp_path: Path
) -> None:
    placement_id = _import(store, tmp_path)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_until(pilot, lambda: shows(app, "Noor Hendriksen"), "the imported placement")
        row = next(line for line in screen_text(app).splitlines() if "Noor Hendriksen" in line)
        assert "gepland" in row
        assert "Zorgcentrum De Linde" in row
        await pilot.press("ctrl+n")
        await settle_until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the intake")
        assert not any(isinstance(s, NewIntakeDialog) for s in app.screen_stack)
        await settle_until(pilot, lambda: shows(app, "Noor Hendriksen"), "her name in it")
    (meeting,) = store.meetings(placement_id)
    m = store.meeting(meeting.id)
    assert m.kind is MeetingKind.INTAKE
    assert m.placement.id == placement_id
    names = {p.party: p.name for p in m.participants}
    assert names == {
        Party.STUDENT: "Noor Hendriksen",
        Party.WORKPLACE: "Henk Bakker",
        Party.SCHOOL: "Ria Vos",
    }
    assert m.placement.crebo == "25491"
    assert m.placement.hours_per_week == 32
    assert m.placement.status_on(date(2026, 11, 28)) is PlacementStatus.PLANNED
    # The next evaluation follows the placement's own period, not a default from today.
    assert m.next_evaluation is not None
    assert date(2027, 2, 1) < m.next_evaluation <= date(2027, 6, 30)


async def test_leaving_the_intake_of_an_imported_placement_unwritten_keeps_the_placement(
    store: Store, tmp_path: Path
) -> None:
    """Ctrl+N on a placement from the list and straight back: the intake goes, but the
    placement and the student the list brought in stay, "gepland" as before."""
    placement_id = _import(store, tmp_path)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_until(pilot, lambda: shows(app, "Noor Hendriksen"), "the imported placement")
        await pilot.press("ctrl+n")
        await settle_until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the intake")
        await pilot.press("ctrl+l")
        await settle_until(
            pilot, lambda: not isinstance(app.screen, MeetingScreen), "back on the home screen"
        )
        await settle_until(pilot, lambda: shows(app, "Noor Hendriksen"), "still listed")
        row = next(line for line in screen_text(app).splitlines() if "Noor Hendriksen" in line)
        assert "gepland" in row
        await pilot.press("ctrl+n")  # and again, and driehoek is closed in the meeting
        await settle_until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the intake")
        await pilot.press("ctrl+q")
        await settle_until(pilot, lambda: not app.is_running, "driehoek closed")
    assert store.meetings(placement_id) == []
    placement = store.placement(placement_id)
    assert placement.student == "Noor Hendriksen"
    assert placement.crebo == "25491"
