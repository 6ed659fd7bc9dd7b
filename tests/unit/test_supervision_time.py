"""Enough time for supervision? The arithmetic of promised against given time (issue 13.3),
and a year of evaluations through the store and the minutes."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from driehoek import importing, privacy, signing
from driehoek.database import open_database
from driehoek.dates import format_date
from driehoek.domain import MeetingKind, Promise
from driehoek.i18n import Catalogue
from driehoek.minutes import render_minutes
from driehoek.store import Signed, Store
from driehoek.supervision_time import (
    MAX_MINUTES,
    MAX_WEEKS,
    Period,
    TimeError,
    is_short,
    parse_given,
    parse_promise,
    parse_threshold,
    period_of,
    promise_text,
    promised_over,
    share,
    tally,
)
from supervision_year import EVALUATION_DAYS, PROMISED_PER_PERIOD, supervision_year

NOW = datetime(2027, 2, 1, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "promise"),
    [
        ("60", Promise(60, 1)),
        ("60/1", Promise(60, 1)),
        (" 30 / 2 ", Promise(30, 2)),
        ("30 min every 2 weeks", Promise(30, 2)),
        ("30 minuten per 2 weken", Promise(30, 2)),
        ("45 min per week", Promise(45, 1)),
        ("90 minuten om de 3 weken", Promise(90, 3)),
        ("", None),
    ],
)
def test_a_promise_is_read_as_typed(text: str, promise: Promise | None) -> None:
    assert parse_promise(text) == promise


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("abc", "promise_form"),
        ("60 uur", "promise_form"),
        ("-5", "promise_form"),
        ("0", "minutes_range"),
        ("60/0", "weeks_range"),
        ("60/53", "weeks_range"),
        ("6001", "minutes_range"),
        (str(10**12), "minutes_range"),
        ("60/" + str(10**12), "minutes_range"),
    ],
)
def test_a_promise_that_cannot_be_used_says_why(text: str, key: str) -> None:
    with pytest.raises(TimeError) as caught:
        parse_promise(text)
    assert caught.value.key == key


@pytest.mark.parametrize(
    ("text", "key"),
    [("abc", "given_form"), ("-1", "given_form"), ("1,5", "given_form"),
     (str(10**12), "given_range"), ("100001", "given_range")],
)  # fmt: skip
def test_given_time_that_cannot_be_used_says_why(text: str, key: str) -> None:
    with pytest.raises(TimeError) as caught:
        parse_given(text)
    assert caught.value.key == key


def test_given_time_is_read_as_typed() -> None:
    assert parse_given("240") == 240
    assert parse_given("240 min") == 240
    assert parse_given("0") == 0
    assert parse_given("  ") is None


@given(st.text(max_size=40))
def test_any_text_is_a_time_or_a_reason_never_a_crash(text: str) -> None:
    reasons = []
    for parse in (parse_promise, parse_given):
        try:
            parse(text)
        except TimeError as error:
            reasons.append(error.key)
    assert all(reasons)  # each refusal has a message to show


@given(st.integers(1, MAX_MINUTES), st.integers(1, MAX_WEEKS))
def test_a_promise_reads_back_as_it_is_shown(minutes: int, weeks: int) -> None:
    assert parse_promise(promise_text(Promise(minutes, weeks))) == Promise(minutes, weeks)


@given(st.integers(1, MAX_MINUTES), st.integers(1, MAX_WEEKS), st.integers(0, 400))
def test_promised_time_is_the_rate_times_the_days(minutes: int, weeks: int, days: int) -> None:
    promised = promised_over([Promise(minutes, weeks)], days)
    assert abs(promised - minutes * days / (7 * weeks)) <= 0.5
    # The same time promised as twice as much half as often comes to the same.
    if weeks * 2 <= MAX_WEEKS:
        assert promised_over([Promise(minutes * 2, weeks * 2)], days) == promised


@given(st.integers(1, 10**6), st.integers(0, 10**6), st.integers(1, 100))
def test_the_flag_is_below_the_threshold_exactly(
    promised: int, given_: int, threshold: int
) -> None:
    assert is_short(promised, given_, threshold) == (given_ / promised < threshold / 100)
    percent = share(promised, given_)
    assert percent is not None
    assert percent <= given_ * 100 / promised < percent + 1


def test_nothing_to_compare_is_never_flagged() -> None:
    assert not is_short(0, 10, 75)
    assert not is_short(100, None, 75)
    assert share(0, 10) is None


def test_a_tally_adds_up_only_the_periods_with_time_recorded() -> None:
    day = date(2026, 1, 5)
    periods = [Period(day, day, 100, 50), Period(day, day, 100, 100), Period(day, day, 100, None)]
    total = tally(periods, 75)
    assert (total.promised, total.given, total.periods, total.short_periods) == (200, 150, 2, 1)
    assert total.share == 75
    assert not total.short(75)
    assert total.short(76)


@pytest.mark.parametrize("value", [75, "75", "75 %", 1, 100])
def test_a_threshold_is_a_percentage(value: object) -> None:
    assert 1 <= parse_threshold(value) <= 100


@pytest.mark.parametrize("value", [0, 101, "abc", True, 7.5, None, 10**12])
def test_a_threshold_out_of_bounds_is_refused(value: object) -> None:
    with pytest.raises(TimeError):
        parse_threshold(value)


# -- a year of evaluations --------------------------------------------------------------------


def test_a_supervisor_who_gives_half_is_flagged_at_each_evaluation(store: Store) -> None:
    _, evaluations = supervision_year(store, "Lotte Hendriks", "Zorgboerderij De Linde", 390)
    t = Catalogue("nl")
    for number, meeting_id in enumerate(evaluations):
        m = store.meeting(meeting_id)
        period = period_of(m)
        assert period is not None
        assert (period.promised, period.given, period.share) == (PROMISED_PER_PERIOD, 390, 50)
        assert period.short(m.supervision_threshold)
        since = EVALUATION_DAYS[number - 1] if number else date(2026, 1, 5)
        minutes = render_minutes(m, "nl")
        line = t("supervision.minutes_line", since=format_date(since, "nl"))
        figures = t("supervision.period", promised=780, given=390, share=50)
        assert f"- {line}: {figures}" in minutes.splitlines()
        assert f"- ⚠ {t('supervision.flag', threshold=75)}" in minutes.splitlines()


def test_a_supervisor_who_gives_all_is_not_flagged(store: Store) -> None:
    _, evaluations = supervision_year(store, "Daan Vermeulen", "Kinderopvang Het Anker", 780)
    t = Catalogue("en")
    for meeting_id in evaluations:
        m = store.meeting(meeting_id)
        minutes = render_minutes(m, "en")
        assert t("supervision.period", promised=780, given=780, share=100) in minutes
        assert "⚠" not in minutes


def test_the_promise_shows_with_the_agreement_in_the_minutes(store: Store) -> None:
    _, evaluations = supervision_year(store, "Lotte Hendriks", "Zorgboerderij De Linde", 390)
    intake = store.meetings(store.meeting(evaluations[0]).placement.id)[-1]
    minutes = render_minutes(store.meeting(intake.id), "nl")
    assert Catalogue("nl").n("supervision.promise", 1, minutes=60) in minutes


def test_signed_minutes_keep_the_threshold_they_were_signed_with(store: Store) -> None:
    _, evaluations = supervision_year(
        store, "Lotte Hendriks", "Zorgboerderij De Linde", 600, sign_last=False
    )
    signed, open_ = evaluations[0], evaluations[-1]  # 600 of 780 is 76 %: fine at 75
    before = render_minutes(store.meeting(signed), "nl")
    assert "⚠" not in before
    store.supervision_threshold = 80  # the user raises the setting
    assert render_minutes(store.meeting(signed), "nl") == before  # as signed
    assert "⚠" in render_minutes(store.meeting(open_), "nl")  # not signed: the setting
    assert store.meeting(open_).supervision_threshold == 80


def test_a_dossier_takes_the_supervision_time_along(store: Store, tmp_path: Path) -> None:
    placement, _ = supervision_year(store, "Lotte Hendriks", "Zorgboerderij De Linde", 390)
    text = privacy.dossier_json(privacy.dossier(store, store.placement(placement).student_id))
    fresh = open_database(tmp_path / "elders.db")
    try:
        other = Store(fresh, clock=lambda: NOW, user="elders")
        done = importing.import_dossier(other, json.loads(text))
        assert isinstance(done, importing.Imported)
        evaluations = [m for m in other.meetings() if m.kind is MeetingKind.EVALUATION]
        assert len(evaluations) == 4
        for summary in evaluations:
            m = other.meeting(summary.id)
            period = period_of(m)
            assert period is not None
            assert (period.promised, period.given, m.supervision_threshold) == (780, 390, 75)
            assert "⚠" in render_minutes(m, "nl")
    finally:
        fresh.close()


def test_signed_time_cannot_change_and_a_reopening_names_the_change(store: Store) -> None:
    _, evaluations = supervision_year(store, "Lotte Hendriks", "Zorgboerderij De Linde", 390)
    m = store.meeting(evaluations[-1])
    with pytest.raises(Signed):
        store.update_meeting(m.id, m.version, supervision_minutes=780)
    agreement = m.reviews[0].agreement
    with pytest.raises(Signed):
        store.update_agreement(agreement.id, agreement.version, promised_minutes=30)
    assert store.meeting(m.id).supervision_minutes == 390
    signing.reopen(store, m.id, "De tijd was verkeerd geschat.")
    m = store.meeting(m.id)
    store.update_meeting(m.id, m.version, supervision_minutes=600)
    minutes = render_minutes(store.meeting(m.id), "nl")
    assert Catalogue("nl")("signed.field.supervision_minutes") in minutes
