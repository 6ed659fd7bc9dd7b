"""The minutes' structure holds whatever users typed: headings, tables and lists stay ours."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hostile_text import HOSTILE
from mdtokens import all_types, headings, list_items, paragraphs, parse, squeeze, tables
from sample_meetings import bare_meeting, filled_meeting, meeting_with_text_everywhere

from driehoek.dates import format_date
from driehoek.domain import Decision, FactorStatus, LearningWay, Party, Pressure
from driehoek.i18n import LANGUAGES, Catalogue, Lang
from driehoek.minutes import render_minutes
from driehoek.store import Store
from driehoek.text import clean_line, clean_text

SIGNED_ON = date(2026, 11, 28)
"""The day the fixed clock signs on, at the table in Amsterdam."""
SECTIONS = (
    "minutes.participants",
    "minutes.learning",
    "minutes.workplace",
    "minutes.support",
    "minutes.agreements",
    "minutes.decision",
    "minutes.signoff",
)
STRUCTURE = {
    "heading_open", "heading_close", "inline", "paragraph_open", "paragraph_close",
    "bullet_list_open", "bullet_list_close", "ordered_list_open", "ordered_list_close",
    "list_item_open", "list_item_close", "table_open", "table_close", "thead_open",
    "thead_close", "tbody_open", "tbody_close", "tr_open", "tr_close", "th_open", "th_close",
    "td_open", "td_close", "text", "hardbreak",
}  # fmt: skip
"""Every token a rendering of a filled meeting may contain: no links, code, HTML or quotes."""


def _expected_h2(lang: Lang) -> list[tuple[str, str]]:
    t = Catalogue(lang)
    return [("h2", t(key)) for key in SECTIONS]


def _sections(lang: Lang) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    t = Catalogue(lang)
    h3 = [("h3", t("minutes.goals")), ("h3", t("minutes.ways")), ("h3", t("minutes.pressures"))]
    return _expected_h2(lang), h3


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_filled_meeting_has_the_expected_structure(store: Store, lang: Lang) -> None:
    meeting = filled_meeting(store)
    tokens = parse(render_minutes(meeting, lang))
    found = headings(tokens)
    h2, h3 = _sections(lang)
    t = Catalogue(lang)
    title = t("minutes.title", kind=t.enum(meeting.kind), student="Jasmijn van Oostveen")
    assert [h for h in found if h[0] == "h1"] == [("h1", title)]
    assert [h for h in found if h[0] == "h2"] == h2
    assert [h for h in found if h[0] == "h3"] == h3
    assert found.index(h3[0]) == found.index(h2[1]) + 1  # learning goals under "learning"
    assert found.index(h3[2]) == found.index(h2[2]) + 1  # the pressures under "workplace"
    assert all_types(tokens) <= STRUCTURE | {"em_open", "em_close"}
    participants, factors, agreements = tables(tokens)
    assert [len(row) for row in participants] == [3] * 4
    assert [len(row) for row in factors] == [3] * 7  # header and six factors
    assert [row[0][:2] for row in factors[1:]] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert [len(row) for row in agreements] == [4] * 4  # header and one row per agreement
    made_from = t("field.at_factor", number=3)  # the first was made from factor 3
    assert [row[0] for row in agreements[1:]] == [
        f"{a.text} ({made_from})" if a.factor else a.text for a in meeting.agreements
    ]
    texts = paragraphs(tokens)
    room = f"{t('minutes.room_for_mistakes')}: {t.enum(FactorStatus.REALISABLE)}"
    assert texts.index(room) + 1 == texts.index("Twee vacatures in het team.")
    named = [t.enum(Pressure.WORKLOAD), t.enum(Pressure.STAFF_TURNOVER)]
    assert list_items(tokens)[3] == named  # after the header, the goals and the ways


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_bare_meeting_says_nothing_was_recorded(lang: Lang) -> None:
    t = Catalogue(lang)
    text = render_minutes(bare_meeting(), lang)
    tokens = parse(text)
    assert [h for h in headings(tokens) if h[0] == "h2"] == _expected_h2(lang)
    assert "html_block" not in all_types(tokens)
    participants, factors = tables(tokens)  # no agreements: no table, a line saying so
    assert participants[1:] == [["Roos Dijkhuizen", t.enum(Party.STUDENT), t("role.student")]]
    assert [row[2] for row in factors[1:]] == ["–"] * 6
    assert text.count(t("minutes.nothing")) == 4  # goals, ways, support, agreements
    assert t("minutes.no_pressures") in text.splitlines()  # the checklist: none ticked
    not_discussed = t.enum(FactorStatus.NOT_DISCUSSED)
    assert f"{t('minutes.room_for_mistakes')}: {not_discussed}" in text.splitlines()
    assert f"{t('minutes.decision')}: –" in text.splitlines()


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("lang", LANGUAGES)
def test_user_text_stays_text_in_every_field(store: Store, text: str, lang: Lang) -> None:
    t = Catalogue(lang)
    meeting = meeting_with_text_everywhere(store, text)
    rendered = render_minutes(meeting, lang)
    tokens = parse(rendered)
    one = squeeze(clean_line(text))
    many = squeeze(clean_text(text))

    assert all_types(tokens) <= STRUCTURE
    h2, h3 = _sections(lang)
    title = t("minutes.title", kind=t.enum(meeting.kind), student=one)
    ways, pressures = h3[:2], h3[2]
    assert headings(tokens) == [("h1", title), h2[0], h2[1], *ways, h2[2], pressures, *h2[3:]]

    participants, factors, agreements = tables(tokens)
    assert participants[1:] == [[one, t.enum(p), one] for p in Party]
    expected_factors = [
        [f"{i}. {t.enum(f.factor)}", t.enum(f.status), one]
        for i, f in enumerate(meeting.factors, 1)
    ]
    assert factors[1:] == expected_factors
    assert agreements[1:] == [
        [one, t.enum(a.kind), t.enum(a.owner), one] for a in meeting.agreements
    ]
    absent = t.enum(FactorStatus.ABSENT)
    assert f"{t('minutes.room_for_mistakes')}: {absent}" in paragraphs(tokens)

    header, goals, named, support, sign_off = list_items(tokens)
    assert named == [t.enum(Pressure.SICK_LEAVE)]
    assert header[1] == f"{t('minutes.placement')}: {one}, {one}"
    assert header[2] == f"{t('minutes.programme')}: {one}, {t.enum(meeting.placement.pathway)}"
    assert goals == [many]
    assert support == [squeeze(f"{t.enum(meeting.support[0].kind)}: {many}")]
    signed_on = t("minutes.signed_on", date=format_date(SIGNED_ON, lang))
    assert sign_off == [f"{t.enum(p).capitalize()}: {one}, {signed_on}" for p in Party]

    texts = paragraphs(tokens)
    assert texts.count(many) == 3  # the learning note, the pressures' note, the reasons


def test_the_rendering_does_not_depend_on_the_order_things_were_held_in(store: Store) -> None:
    meeting = filled_meeting(store)
    ways = list(LearningWay)
    forward = dataclasses.replace(meeting, learning_ways=frozenset(ways))
    backward = dataclasses.replace(meeting, learning_ways=frozenset(reversed(ways)))
    assert render_minutes(forward, "nl") == render_minutes(backward, "nl")


def test_a_refusal_names_no_next_evaluation(store: Store) -> None:
    meeting = filled_meeting(store)
    refused = dataclasses.replace(meeting, decision=Decision.NOT_SUITABLE)
    t = Catalogue("nl")
    assert t("minutes.next_evaluation") in render_minutes(meeting, "nl")
    assert t("minutes.next_evaluation") not in render_minutes(refused, "nl")


def test_the_minutes_hold_no_control_characters(store: Store) -> None:
    meeting = meeting_with_text_everywhere(store, HOSTILE["escapes"])
    rendered = render_minutes(meeting, "nl")
    assert [c for c in rendered if ord(c) < 32 and c != "\n"] == []
    assert "\x1b" not in rendered
    assert "\u202e" not in rendered
    assert "\x9b" not in rendered
