"""The placement as the school files it, at the keyboard: F4 from the intake or the placement
view opens one compact form, usable at 80x24 and on the wall at 160x45; a value without its
form is refused in one line and not saved; what is typed is in the minutes' header, and the
home screen finds the student by her number."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from driehoek.app import make_app
from driehoek.domain import Part, Ref
from driehoek.i18n import Catalogue
from driehoek.minutes import render_minutes
from driehoek.screens.meeting import MeetingScreen
from driehoek.screens.placement import PlacementScreen
from driehoek.screens.record import RecordScreen
from driehoek.store import Store
from waiting import settle_until

from .drive import AppPilot, driehoek, fill, shows, type_fast

T = Catalogue("nl")
SIZES = [(80, 24), (160, 45)]


def _intake(store: Store) -> int:
    return store.new_intake("Jasmijn van Oostveen", "Zorgcentrum De Hoeksteen")


async def _open_form(pilot: AppPilot) -> RecordScreen:
    app = driehoek(pilot)
    await pilot.press("f4")
    await settle_until(pilot, lambda: isinstance(app.screen, RecordScreen), "the record form")
    assert isinstance(app.screen, RecordScreen)
    return app.screen


def _every_field_fits(pilot: AppPilot) -> None:
    """Each field and its label are whole on the screen, none scrolled away or cut."""
    app = driehoek(pilot)
    width, height = app.size
    for widget in app.screen.query("#record-body Input, #record-body ChoiceField"):
        region = widget.region
        assert region.width >= 5, widget
        assert 0 <= region.y < height - 3, widget  # above the problem line, hint and keys
        assert region.right <= width, widget


@pytest.mark.parametrize("size", SIZES)
async def test_the_form_from_the_intake_fits_and_saves_each_field(
    store: Store, size: tuple[int, int]
) -> None:
    meeting = _intake(store)
    app = make_app(store, open_meeting=meeting)
    async with app.run_test(size=size) as pilot:
        await settle_until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the intake")
        await _open_form(pilot)
        _every_field_fits(pilot)
        for label in ("Studentnummer", "Crebo", "Uren per week", "Erkenningsnr. SBB",
                      "Praktijkopleider", "Stagebegeleider", "Notulist"):  # fmt: skip
            assert shows(app, label), label
        values = {
            "#record-location": "Kantoor Woongroep Kompas",
            "#record-minute_taker": "Marloes Vinkhuizen",
            "#record-student_number": "3051772",
            "#record-cohort": "2025-2026",
            "#record-school": "ROC Rivierenland, locatie Tiel",
            "#record-crebo": "25480",
            "#record-start": "4-1-2027",
            "#record-end": "2-7-2027",
            "#record-hours_per_week": "24,5",
            "#record-hours_total": "640",
            "#record-workplace_address": "Kompasweg 3, Tiel",
            "#record-recognition_number": "100887766",
            "#record-practice_supervisor": "Bram Hendriksma",
            "#record-practice_supervisor_email": "b.hendriksma@hoeksteen.example",
            "#record-practice_supervisor_phone": "0344 123 456",
            "#record-school_supervisor": "Marloes Vinkhuizen",
            "#record-school_supervisor_email": "m.vinkhuizen@roc.example",
            "#record-school_supervisor_phone": "06 9876 5432",
        }
        for where, text in values.items():
            await fill(pilot, where, text)
        await pilot.press("tab")  # to the level, after the school
        await pilot.press("escape")
        await settle_until(pilot, lambda: isinstance(app.screen, MeetingScreen), "back")

        m = store.meeting(meeting)
        p = m.placement
        assert (m.location, m.minute_taker) == ("Kantoor Woongroep Kompas", "Marloes Vinkhuizen")
        assert (p.student_number, p.crebo, p.hours_per_week, p.hours_total) == (
            "3051772", "25480", 24.5, 640,
        )  # fmt: skip
        assert p.recognition_number == "100887766"
        assert p.school_supervisor_email == "m.vinkhuizen@roc.example"
        assert str(p.start) == "2027-01-04"
        header = render_minutes(m, "nl").split("## ")[0]
        assert "- Studentnummer: 3051772" in header
        assert "- Notulist: Marloes Vinkhuizen" in header
        assert "24,5 per week, 640 in totaal" in header


async def test_a_value_without_its_form_is_refused_in_one_line_and_not_saved(
    store: Store,
) -> None:
    meeting = _intake(store)
    app = make_app(store, open_meeting=meeting)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the intake")
        form = await _open_form(pilot)
        await fill(pilot, "#record-crebo", "2548")
        await settle_until(
            pilot, lambda: shows(app, "Een crebonummer heeft vijf cijfers"), "the refusal"
        )
        assert form.query_one("#record-crebo", Input).has_class("-invalid")
        await fill(pilot, "#record-practice_supervisor_email", "bram at hoeksteen")
        await settle_until(pilot, lambda: shows(app, "Dat is geen e-mailadres"), "the refusal")
        await fill(pilot, "#record-hours_per_week", "200")
        await settle_until(pilot, lambda: shows(app, "Uren per week: een getal"), "the refusal")
        await pilot.press("escape")
        await settle_until(pilot, lambda: isinstance(app.screen, MeetingScreen), "back")
        p = store.meeting(meeting).placement
        assert (p.crebo, p.practice_supervisor_email, p.hours_per_week) == ("", "", None)


@pytest.mark.parametrize("size", SIZES)
async def test_from_the_placement_view_and_found_by_number_on_the_home_screen(
    store: Store, size: tuple[int, int]
) -> None:
    _intake(store)
    store.new_intake("Gijs Brouwershaven", "Bakkerij Koren")
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await settle_until(pilot, lambda: shows(app, "Jasmijn van Oostveen"), "the list")
        await type_fast(pilot, "Jasmijn")
        await pilot.press("ctrl+o")
        await settle_until(pilot, lambda: isinstance(app.screen, PlacementScreen), "placement")
        await _open_form(pilot)
        _every_field_fits(pilot)
        await fill(pilot, "#record-student_number", "3051772")
        await pilot.press("escape")
        await settle_until(pilot, lambda: isinstance(app.screen, PlacementScreen), "back")
        await pilot.press("escape")
        await pilot.press("ctrl+f", "end", "ctrl+u")
        await settle_until(pilot, lambda: shows(app, "Gijs Brouwershaven"), "the whole list")
        await type_fast(pilot, "3051772")
        await settle_until(
            pilot,
            lambda: shows(app, "Jasmijn van Oostveen") and not shows(app, "Gijs Brouwershaven"),
            "the student found by her number",
        )
    p = store.placements("3051772")
    assert [x.student for x in p] == ["Jasmijn van Oostveen"]
    student = store.placement(p[0].id).student_id
    assert store.placement(p[0].id).version_of(Ref(Part.STUDENT, student)) == 2
