"""The Dutch and English catalogues say the same things, with the same placeholders."""

from __future__ import annotations

import dataclasses
import string
from enum import StrEnum

import pytest
from sample_meetings import bare_meeting

from driehoek import domain
from driehoek.domain import Decision, FactorStatus
from driehoek.flow import STEPS, Flow, Step
from driehoek.i18n import _PREFIX, CATALOGUES, LANGUAGES, Catalogue, Lang, parse_lang

LABELLED: tuple[type[StrEnum], ...] = (
    domain.Party,
    domain.Pathway,
    domain.MeetingKind,
    domain.PlacementStatus,
    domain.Factor,
    domain.FactorStatus,
    domain.LearningWay,
    domain.Pressure,
    domain.SupportKind,
    domain.AgreementKind,
    domain.AgreementStatus,
    domain.Decision,
    domain.Question,
    domain.Disposition,
    domain.Continuation,
    Step,
)


def _placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}


def test_catalogues_have_the_same_keys() -> None:
    nl, en = set(CATALOGUES["nl"]), set(CATALOGUES["en"])
    assert sorted(nl - en) == []
    assert sorted(en - nl) == []


def test_each_message_names_the_same_placeholders_in_both_languages() -> None:
    differ = {
        key: (_placeholders(message), _placeholders(CATALOGUES["en"][key]))
        for key, message in CATALOGUES["nl"].items()
        if _placeholders(message) != _placeholders(CATALOGUES["en"].get(key, ""))
    }
    assert differ == {}


def test_no_message_is_empty() -> None:
    empty = [(lang, k) for lang in LANGUAGES for k, v in CATALOGUES[lang].items() if not v.strip()]
    assert empty == []


def test_every_labelled_enum_is_listed_and_every_value_has_a_label() -> None:
    assert {e.__name__ for e in LABELLED} == set(_PREFIX)
    for lang in LANGUAGES:
        t = Catalogue(lang)
        for enum in LABELLED:
            for value in enum:
                assert t.enum(value).strip(), (lang, value)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_step_has_a_title_and_a_hint(lang: Lang) -> None:
    t = Catalogue(lang)
    for steps in STEPS.values():
        for step in steps:
            assert t.has(f"step_title.{step}")
            assert t.has(f"step_hint.{step}")


def _bare_evaluation(intake: domain.Meeting) -> domain.Meeting:
    """An evaluation with nothing filled in: one agreement undecided, one carried without a
    reason, a goal without progress, no answers, no decision."""
    agreement = domain.Agreement(
        1,
        domain.AgreementKind.WORK,
        "Wekelijks nabespreken",
        domain.Party.WORKPLACE,
        None,
        "wekelijks",
        domain.AgreementStatus.OPEN,
        None,
        1,
    )
    made = intake.date
    return dataclasses.replace(
        intake,
        kind=domain.MeetingKind.EVALUATION,
        reviews=(
            domain.Review(1, agreement, made, 0, None, "", 1),
            domain.Review(2, agreement, made, 1, domain.Disposition.CARRY, "", 1),
        ),
        progress=(domain.Progress(1, 1, "Rapporteren", "", 1),),
        answers=(),
    )


def _needs_flow_can_produce() -> set[tuple[str, tuple[str, ...]]]:
    bare = bare_meeting()
    nameless = dataclasses.replace(
        bare, participants=tuple(dataclasses.replace(p, name="") for p in bare.participants)
    )
    without_reasons = dataclasses.replace(
        bare, decision=Decision.SUITABLE_WITH_CONDITIONS, next_evaluation=None
    )
    half = dataclasses.replace(
        bare,
        factors=tuple(dataclasses.replace(f, status=FactorStatus.PRESENT) for f in bare.factors[:3])
        + bare.factors[3:],
    )
    evaluation = _bare_evaluation(bare)
    adjusting = dataclasses.replace(
        evaluation, continuation=domain.Continuation.ADJUST, next_evaluation=None
    )
    needs = set()
    for meeting in (bare, nameless, without_reasons, half, evaluation, adjusting):
        for _, need in Flow(meeting).open_needs:
            needs.add((need.key, tuple(sorted(need.params))))
    return needs


def test_every_need_the_flow_produces_has_a_message_that_formats() -> None:
    needs = _needs_flow_can_produce()
    for lang in LANGUAGES:
        t = Catalogue(lang)
        for key, params in needs:
            assert t.has(key), (lang, key)
            assert _placeholders(CATALOGUES[lang][key]) == set(params), (lang, key)
            assert t(key, **dict.fromkeys(params, 3))


def test_the_catalogue_holds_no_need_the_flow_cannot_produce() -> None:
    produced = {key for key, _ in _needs_flow_can_produce()}
    in_catalogue = {k for k in CATALOGUES["nl"] if k.startswith("need.")}
    assert in_catalogue == produced


def test_a_missing_key_is_a_loud_error() -> None:
    with pytest.raises(KeyError):
        Catalogue("nl")("no.such.key")


def test_messages_fill_in_their_placeholders() -> None:
    assert Catalogue("nl")("need.factors", count=4) == "Nog 4 van de zes factoren niet besproken."
    assert Catalogue("en")("need.factors", count=4) == "4 of the six factors not discussed yet."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("nl", "nl"),
        ("en", "en"),
        ("en_GB.UTF-8", "en"),
        ("nl_NL", "nl"),
        ("EN-us", "en"),
        ("de_DE.UTF-8", None),
        ("C.UTF-8", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_lang(value: str | None, expected: str | None) -> None:
    assert parse_lang(value) == expected
