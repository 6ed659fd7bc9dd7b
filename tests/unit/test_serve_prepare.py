"""The browser form of a party's link (serve_prepare), without a server: what it shows is
escaped, and what comes back is checked whole. Names are invented."""

from __future__ import annotations

from driehoek.domain import Factor, FactorStatus, Party
from driehoek.i18n import Catalogue
from driehoek.preparation import MAX_GOALS, MAX_TEXT, Source
from driehoek.prepare_links import Link
from driehoek.serve_prepare import read_fields, render_page
from driehoek.store import Store

T = Catalogue("nl")


def test_the_page_escapes_the_database_and_what_was_typed(store: Store) -> None:
    meeting = store.meeting(store.new_intake('Sanne "<script>x</script>', "Zorg <b>&</b>"))
    link = Link(1, meeting.id, Party.STUDENT)
    values = {"note-involvement": "</textarea><script>alert(1)</script>", "goals": "<i>x</i>"}
    page = render_page(meeting, link, values, ["empty"], T)
    assert "<script" not in page
    assert "<b>" not in page and "<i>" not in page  # noqa: PT018
    assert "&lt;/textarea&gt;&lt;script&gt;" in page
    assert "Er is niets ingevuld" in page
    assert 'name="goals"' in page  # the student's intake form asks for her goals
    workplace = render_page(meeting, Link(2, meeting.id, Party.WORKPLACE), {}, [], T)
    assert 'name="goals"' not in workplace
    assert 'name="answer-' not in workplace  # an intake has no evaluation questions


def test_the_fields_sent_back_are_checked_whole(store: Store) -> None:
    meeting = store.meeting(store.new_intake("Sanne de Vries", "Zorggroep Noord"))
    link = Link(1, meeting.id, Party.STUDENT)
    good, problems = read_fields(
        {
            "status-support": "absent",
            "note-support": "Weinig \x1b[2Jfeedback",
            "goals": "Rapporteren\n\nEen activiteit leiden\n",
            "answer-learning": "not in an intake",
            "anything-else": "x",
        },
        meeting,
        link,
    )
    assert problems == []
    assert good is not None
    assert good.source is Source.LINK
    assert [(f.factor, f.status, f.note) for f in good.factors] == [
        (Factor.SUPPORT, FactorStatus.ABSENT, "Weinig [2Jfeedback")
    ]
    assert good.goals == ("Rapporteren", "Een activiteit leiden")
    assert good.answers == ()
    bad = {
        "status-autonomy": "great",
        "note-variation": "x" * (MAX_TEXT + 1),
        "goals": "\n".join(f"doel {n}" for n in range(MAX_GOALS + 1)),
    }
    none, problems = read_fields(bad, meeting, link)
    assert none is None
    assert problems == ["status-autonomy", "note-variation", "goals"]
    assert read_fields({}, meeting, link) == (None, ["empty"])
