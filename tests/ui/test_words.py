"""What the screens say, at 80x24: the intake's decision is about the place, never about the
student; an agreement that was simply kept is not asked why."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from driehoek.app import make_app
from driehoek.domain import Decision, Disposition
from driehoek.flow import Flow, Step
from driehoek.i18n import LANGUAGES, Catalogue, Lang
from driehoek.store import Store
from waiting import settle_until

from .drive import SIZE, choose, jump_to, meeting_screen, region_text, saved, screen_text, shows
from .evaluations import placement_with_history
from .meetings import complete_intake, fresh_intake

BLAMING = {"nl": "geschikt", "en": "suitable"}
"""The word the decision used to say: about the student, as if she could be unfit."""


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_decision_asks_whether_the_place_is_good_for_this_student(
    store: Store, lang: Lang
) -> None:
    t = Catalogue(lang)
    app = make_app(store, lang=lang, open_meeting=fresh_intake(store))
    async with app.run_test(size=SIZE) as pilot:
        await jump_to(pilot, Step.DECISION)
        for decision in Decision:
            assert shows(app, t.enum(decision)), t.enum(decision)
        # The reasons: what the place lacks, what would have to change.
        assert shows(app, t("step_hint.decision"))
        assert shows(app, t("field.reasons_place"))
        assert BLAMING[lang] not in screen_text(app).lower()


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_lists_say_the_decision_about_the_place(store: Store, lang: Lang) -> None:
    t = Catalogue(lang)
    meeting_id = complete_intake(store)
    decision = store.meeting(meeting_id).decision
    assert decision is not None
    app = make_app(store, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shows(app, t.enum(decision, short=True)), screen_text(app)
        assert BLAMING[lang] not in screen_text(app).lower()


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_a_kept_agreement_is_not_asked_why(store: Store, lang: Lang) -> None:
    t = Catalogue(lang)
    history = placement_with_history(store)
    app = make_app(store, lang=lang, open_meeting=store.new_evaluation(history.placement_id))
    async with app.run_test(size=SIZE) as pilot:
        review = meeting_screen(app).meeting.reviews[0]
        reason = app.screen.query_one(f"#reason-{review.id}", Input)

        def asks() -> str:
            return region_text(app, reason).strip()

        async def asking(key: str) -> None:
            await settle_until(pilot, lambda: asks() == t(key), f"the reason field asks {key}")

        await choose(pilot, f"#disposition-{review.id}", Disposition.DONE)
        await asking("field.reason_placeholder_done")
        assert t("field.reason_placeholder") not in asks()  # no "waarom?" for a kept one
        await choose(pilot, f"#disposition-{review.id}", Disposition.CARRY)
        await asking("field.reason_placeholder")  # "waarom?": carrying on says why
        await choose(pilot, f"#disposition-{review.id}", Disposition.DONE)
        await saved(pilot)
        await asking("field.reason_placeholder_done")
        assert store.meeting(meeting_screen(app).meeting.id).reviews[0].disposition is (
            Disposition.DONE
        )
        # Kept and without a remark, the step asks for no reason.
        needs = Flow(store.meeting(meeting_screen(app).meeting.id)).open_needs
        assert all(need.key != "need.disposition_reason" for _, need in needs)
