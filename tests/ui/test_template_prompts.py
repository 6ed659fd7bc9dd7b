"""A programme's template on the screen at 80x24: the meeting of a placement in that programme
asks its questions in the template's words (factor questions, step hints, pressures, kinds of
support, the four evaluation questions) and its minutes name the template; markup a school
typed is shown as typed; a placement in another programme is asked in the article's words."""

from __future__ import annotations

from pathlib import Path

from driehoek.app import make_app
from driehoek.domain import Factor, Part, Pressure, Ref, SupportKind
from driehoek.flow import Step
from driehoek.i18n import Catalogue
from driehoek.store import Store
from driehoek.template_file import parse
from driehoek.template_store import add
from waiting import settle_until

from .drive import driehoek, shows, walk_to
from .meetings import sign_all
from .test_workplace_step import in_panel, to_factor

T = Catalogue("nl")
SPH = Path(__file__).parents[1] / "templates" / "sph.toml"
MARKED = "Mag zij [b]methodieken[/b] uit de les uitproberen bij de groep?"


def with_template(store: Store) -> None:
    source = SPH.read_text(encoding="utf-8").replace(
        '"Mag zij methodieken uit de les uitproberen bij de groep?"', f'"{MARKED}"'
    )
    add(store, parse(source), source)


def intake_in(store: Store, programme: str, student: str = "Ravi Pinas") -> int:
    meeting_id = store.new_intake(student, "Stichting De Haven")
    p = store.meeting(meeting_id).placement
    store.edit(Ref(Part.PLACEMENT, p.id), p.version, {"programme": programme})
    item = store.add_support(meeting_id, SupportKind.VISIT)
    store.update_support(item.id, item.version, text="In week 6")
    return meeting_id


async def test_the_programme_s_template_words_the_intake_on_screen_and_in_its_minutes(
    store: Store,
) -> None:
    with_template(store)
    meeting_id = intake_in(store, "SPH")
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, Step.WORKPLACE)
        assert shows(app, "De zes factoren, met de ogen van de woongroep: + - ~ ? kiest.")
        assert not shows(app, T("step_hint.workplace"))
        await to_factor(pilot, Factor.INVOLVEMENT, "+")
        assert in_panel(app, "Doet zij mee in de woongroep?")
        assert not in_panel(app, T("question.involvement"))
        # Markup in a school's wording is shown as typed, never obeyed.
        await to_factor(pilot, Factor.EXPERIMENT, "+")
        assert in_panel(app, MARKED)
        # The pressures: the template's question and its name for one of them; the others
        # keep the article's names.
        await pilot.press("end")
        await settle_until(
            pilot, lambda: in_panel(app, "Wat maakt het werk in de woongroep zwaar?"), "pressures"
        )
        assert in_panel(app, "agressie in de groep")
        assert in_panel(app, T.enum(Pressure.WORKLOAD))
        await walk_to(pilot, Step.SUPPORT)
        assert shows(app, "‹bezoek op de groep›")
        # The minutes (^r) name the template and its version, and use its words.
        await pilot.press("ctrl+r")
        await settle_until(
            pilot, lambda: shows(app, "Sjabloon: SPH Hogeschool, versie 1"), "the minutes"
        )


async def test_an_evaluation_asks_the_template_s_four_questions(store: Store) -> None:
    with_template(store)
    intake = intake_in(store, "sph")
    sign_all(store, intake)
    evaluation = store.new_evaluation(store.meeting(intake).placement.id)
    app = make_app(store, open_meeting=evaluation)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, Step.QUESTIONS)
        assert shows(app, "1. Komt zij in de woongroep aan leren toe?")
        assert not shows(app, T("question.learning"))


async def test_another_programme_is_asked_in_the_article_s_words(store: Store) -> None:
    with_template(store)
    meeting_id = intake_in(store, "Verpleegkunde")
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, Step.WORKPLACE)
        assert shows(app, T("step_hint.workplace"))
        await to_factor(pilot, Factor.INVOLVEMENT, "+")
        assert in_panel(app, T("question.involvement"))
        await pilot.press("ctrl+r")
        await settle_until(pilot, lambda: shows(app, T("minutes.placement")), "the minutes")
        assert not shows(app, f"{T('minutes.template')}:")
        assert driehoek(pilot).return_code is None
