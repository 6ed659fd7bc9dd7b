"""Planning: what is due when, the cadence per placement, month ends, and the calendar file."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar
from plan_data import (
    WITHIN_4_WEEKS,
    WITHIN_14_WEEKS,
    decide,
    held,
    intake,
    known_dates,
    set_factors,
)

from driehoek.domain import Decision, Factor, FactorStatus, Party
from driehoek.planning import (
    DueEvaluation,
    calendar_uid,
    due,
    due_counts,
    due_days,
    set_cadence,
    to_ical,
)
from driehoek.store import NotFound, StaleEdit, Store


def _seen(items: list[DueEvaluation]) -> list[tuple[str, date, bool]]:
    return [(item.student, item.due, item.overdue) for item in items]


def test_due_lists_overdue_and_coming_evaluations_soonest_first(store: Store) -> None:
    known_dates(store)
    assert store.today() == date(2026, 11, 28)
    assert _seen(due(store)) == WITHIN_4_WEEKS
    assert _seen(due(store, weeks=14)) == WITHIN_14_WEEKS


def test_each_entry_names_the_placement_and_the_meeting_that_set_the_date(store: Store) -> None:
    ids = known_dates(store)
    noor = next(item for item in due(store) if item.student == "Noor Veldkamp")
    assert noor.placement_id == ids["Noor Veldkamp"]
    assert (noor.organisation, noor.team) == ("Zorggroep De Wilgen", "Dagbesteding")
    latest = store.meetings(ids["Noor Veldkamp"])[0]
    assert noor.meeting_id == latest.id
    assert latest.date == date(2026, 11, 20)
    assert store.meeting(noor.meeting_id).next_evaluation == noor.due


@pytest.mark.parametrize("weeks", [0, 4, 14, 26, 520])
def test_the_counts_and_the_days_of_the_rows_shown_agree_with_the_whole_list(
    store: Store, weeks: int
) -> None:
    """The home screen counts in SQL and fetches the dates of the rows it shows alone: the
    same as what `due` lists in full."""
    ids = known_dates(store)
    today = store.today()
    everything = due(store, weeks=weeks)
    late = sum(1 for d in everything if d.overdue)
    soon = sum(1 for d in everything if not d.overdue and (d.due - today).days <= 28)
    assert due_counts(store, weeks=weeks, soon_days=28, today=today) == (late, soon)
    shown = sorted(ids.values())[::2]
    assert due_days(store, shown, weeks=weeks, today=today) == {
        d.placement_id: d.due for d in everything if d.placement_id in shown
    }
    assert due_days(store, [], weeks=weeks, today=today) == {}


def test_only_the_latest_meeting_counts(store: Store) -> None:
    ids = known_dates(store)
    # Emma's intake asked for 1 May 2026; the evaluation of 2 November moved it on.
    emma = [item for item in due(store, weeks=52) if item.placement_id == ids["Emma Ruiterberg"]]
    assert [(item.due, item.overdue) for item in emma] == [(date(2027, 2, 2), False)]


def test_zero_weeks_gives_the_overdue_ones_and_today(store: Store) -> None:
    known_dates(store)
    assert _seen(due(store, weeks=0)) == WITHIN_4_WEEKS[:2]


def test_nothing_is_due_for_placements_that_stopped_or_never_started(store: Store) -> None:
    ids = known_dates(store)
    listed = {item.placement_id for item in due(store, weeks=520)}
    for student in ("Daan Oosterbeek", "Fleur Brinkhorst", "Bram Kooistra"):
        assert ids[student] not in listed, student
    assert len(listed) == 6


def test_the_window_ends_on_its_last_day_inclusive(store: Store) -> None:
    known_dates(store)
    # Noor is due on 20 December: 22 days after 28 November.
    assert "Noor Veldkamp" not in [i.student for i in due(store, today=date(2026, 11, 28), weeks=3)]
    on_the_day = due(store, today=date(2026, 11, 29), weeks=3)  # up to 20 December
    assert "Noor Veldkamp" in [i.student for i in on_the_day]


def test_an_intake_on_30_november_is_due_on_the_last_day_of_february(store: Store) -> None:
    placement, _ = intake(store, "Yara Molendijk", "Woonzorg De Eik", date(2026, 11, 30))
    leap, _ = intake(store, "Gijs Brouwershaven", "Woonzorg De Eik", date(2027, 11, 30))
    found = {i.placement_id: i.due for i in due(store, today=date(2026, 11, 28), weeks=80)}
    assert found == {placement: date(2027, 2, 28), leap: date(2028, 2, 29)}


def test_an_evaluation_on_the_due_date_sets_the_next_one_a_cadence_on(store: Store) -> None:
    placement, meeting = intake(store, "Yara Molendijk", "Woonzorg De Eik", date(2026, 11, 30))
    decide(store, meeting, Decision.SUITABLE)
    held(store, placement, date(2027, 2, 28))
    [item] = due(store, today=date(2027, 2, 28), weeks=13)
    assert item.due == date(2027, 5, 28)
    set_cadence(store, placement, 6)
    held(store, placement, date(2027, 5, 31))
    [item] = due(store, today=date(2027, 5, 31), weeks=52)
    assert item.due == date(2027, 11, 30)


def test_the_cadence_applies_from_the_next_evaluation_on(store: Store) -> None:
    placement, meeting = intake(store, "Yara Molendijk", "Woonzorg De Eik", date(2026, 10, 1))
    decide(store, meeting, Decision.SUITABLE)
    version = set_cadence(store, placement, 2)
    assert store.placement(placement).cadence_months == 2
    assert store.placement(placement).version == version
    # The intake's date was the default, and nobody signed it: it follows the cadence.
    assert [i.due for i in due(store, weeks=52)] == [date(2026, 12, 1)]
    held(store, placement, date(2026, 12, 31))
    assert [i.due for i in due(store, weeks=52)] == [date(2027, 2, 28)]


def test_a_new_cadence_leaves_a_signed_date_and_one_set_by_hand(store: Store) -> None:
    signed, meeting = intake(store, "Yara Molendijk", "Woonzorg De Eik", date(2026, 10, 1))
    decide(store, meeting, Decision.SUITABLE)
    store.sign(meeting, Party.SCHOOL, "Wim Zandbergen")
    chosen, meeting = intake(store, "Gijs Brouwershaven", "Woonzorg De Eik", date(2026, 10, 1))
    m = store.meeting(meeting)
    store.update_meeting(meeting, m.version, next_evaluation=date(2027, 1, 15))
    for placement in (signed, chosen):
        set_cadence(store, placement, 2)
    found = {i.placement_id: i.due for i in due(store, weeks=52)}
    # The table agreed these: signed minutes, and a date typed in.
    assert found == {signed: date(2027, 1, 1), chosen: date(2027, 1, 15)}


def test_set_cadence_refuses_what_the_schema_would(store: Store) -> None:
    placement, _ = intake(store, "Yara Molendijk", "Woonzorg De Eik", date(2026, 10, 1))
    version = store.placement(placement).version
    for months in (0, 25, -3):
        with pytest.raises(ValueError, match="1 to 24"):
            set_cadence(store, placement, months)
    with pytest.raises(NotFound):
        set_cadence(store, 999, 3)
    set_cadence(store, placement, 24, version=version)
    with pytest.raises(StaleEdit):
        set_cadence(store, placement, 12, version=version)
    assert store.placement(placement).cadence_months == 24


def test_negative_weeks_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="negative"):
        due(store, weeks=-1)


def test_a_tie_on_the_same_day_goes_to_the_later_meeting(store: Store) -> None:
    placement, meeting = intake(store, "Yara Molendijk", "Woonzorg De Eik", date(2026, 9, 1))
    decide(store, meeting, Decision.SUITABLE)
    later = held(store, placement, date(2026, 9, 1))
    [item] = due(store, weeks=52)
    assert item.meeting_id == later


def test_the_due_query_takes_each_latest_meeting_from_the_index(store: Store) -> None:
    from driehoek.planning import _DUE

    known_dates(store)
    params = {"until": "9999", "today": "2026-11-28"}
    plan = [row[3] for row in store.db.execute("EXPLAIN QUERY PLAN " + _DUE, params)]
    assert any("meetings_placement" in step and "COVERING INDEX" in step for step in plan), plan
    # No pass over all meetings: placements are scanned, meetings only looked up.
    assert not any(step.startswith("SCAN") and "meetings" in step for step in plan), plan
    assert not any(step.startswith("SCAN m") for step in plan), plan


def test_the_calendar_has_one_all_day_event_per_due_evaluation(store: Store) -> None:
    ids = known_dates(store)
    items = due(store, weeks=14)
    cal = Calendar.from_ical(to_ical(items, lang="nl", now=store.clock()))
    assert str(cal["version"]) == "2.0"
    assert str(cal["prodid"]).startswith("-//driehoek//")
    events = cal.walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [d for _, d, _ in WITHIN_14_WEEKS]
    for event, item in zip(events, items, strict=True):
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert type(start) is date  # all day, not a moment
        assert (end - start).days == 1
        assert str(event["uid"]) == calendar_uid(item)
        assert event.decoded("dtstamp") == store.clock()
        assert str(event["summary"]) == (f"Kwartaalevaluatie: {item.student} ({item.organisation})")
    assert str(events[0]["uid"]) == f"evaluation-{ids['Sem Rietveld']}-after-1@driehoek"


def test_calendar_in_english(store: Store) -> None:
    known_dates(store)
    cal = Calendar.from_ical(to_ical(due(store), lang="en", now=store.clock()))
    summaries = [str(e["summary"]) for e in cal.walk("VEVENT")]
    assert summaries[0] == "Quarterly evaluation: Sem Rietveld (Stichting Het Baken)"


def test_a_moved_date_keeps_its_event_and_raises_its_sequence(store: Store) -> None:
    known_dates(store)
    before = due(store)
    sem = before[0]
    m = store.meeting(sem.meeting_id)
    store.update_meeting(m.id, m.version, next_evaluation=date(2026, 12, 3))
    after = due(store)
    moved = next(i for i in after if i.placement_id == sem.placement_id)
    assert calendar_uid(moved) == calendar_uid(sem)
    first = Calendar.from_ical(to_ical(before, lang="nl", now=store.clock())).walk("VEVENT")[0]
    events = Calendar.from_ical(to_ical(after, lang="nl", now=store.clock())).walk("VEVENT")
    second = next(e for e in events if str(e["uid"]) == calendar_uid(sem))
    assert second.decoded("dtstart") == date(2026, 12, 3)
    assert int(str(second["sequence"])) > int(str(first["sequence"]))


def test_names_with_commas_and_semicolons_survive_the_calendar(store: Store) -> None:
    placement, meeting = intake(
        store, "Zoë; de Vries, jr.", "Zorg & Welzijn; Oost", date(2026, 9, 1)
    )
    set_factors(store, meeting, {Factor.VARIATION: FactorStatus.PRESENT})
    items = due(store)
    assert [i.placement_id for i in items] == [placement]
    stamp = datetime(2026, 11, 28, 12, 0, 30, 123456, tzinfo=UTC)
    [event] = Calendar.from_ical(to_ical(items, lang="nl", now=stamp)).walk("VEVENT")
    assert str(event["summary"]) == "Kwartaalevaluatie: Zoë; de Vries, jr. (Zorg & Welzijn; Oost)"
    assert event.decoded("dtstamp") == stamp.replace(microsecond=0)
