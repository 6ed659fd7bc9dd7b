"""An open meeting reads itself again only when another session wrote something it may show
(`meeting_watch`): another meeting's edits pass by, its own rows and the placement's do not."""

from __future__ import annotations

from driehoek.meeting_watch import MeetingWatch
from driehoek.store import Store


def test_only_what_the_meeting_may_show_concerns_it(two_stores: tuple[Store, Store]) -> None:
    mine, theirs = two_stores
    open_one = mine.new_intake("Fenna Kuipers", "Zorgboerderij De Vlasakker")
    other = mine.new_intake("Job Hendriks", "Kinderopvang De Sterrenhemel")
    watch = MeetingWatch(mine.conn, open_one)
    assert not watch.concerns()  # nothing written since

    # Another coordinator types in another meeting: nothing to read again, however often.
    for text in ("Rapporteren", "Rapporteren in het dossier"):
        goal = theirs.add_goal(other)
        theirs.update_goal(goal.id, goal.version, text)
        assert mine.changed_elsewhere()
        assert not watch.concerns()

    # Into this meeting: a goal added, then changed.
    goal = theirs.add_goal(open_one)
    assert watch.concerns()
    assert not watch.concerns()  # seen once
    theirs.update_goal(goal.id, goal.version, "Een dienst draaien")
    assert watch.concerns()

    # The placement's record, the student's name: no meeting is named for them, yet they show.
    placement = theirs.meeting(open_one).placement
    theirs.update_placement(placement.id, placement.version, hours_per_week=24)
    assert watch.concerns()
    assert not watch.concerns()


def test_a_write_between_the_watch_and_the_read_is_not_missed(
    two_stores: tuple[Store, Store],
) -> None:
    mine, theirs = two_stores
    meeting_id = mine.new_intake("Fenna Kuipers", "Zorgboerderij De Vlasakker")
    watch = MeetingWatch(mine.conn, meeting_id)
    theirs.add_goal(meeting_id)  # before the screen read the meeting
    assert watch.concerns()
