"""Step 2: what the student wants to learn, and how she learns best."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal
from textual.widget import Widget
from textual.widgets import Checkbox, Label

from driehoek.domain import LearningGoal, LearningWay, Meeting, Part, Ref
from driehoek.flow import Need, Step
from driehoek.widgets.fields import NoteField, TextField
from driehoek.widgets.steps.base import StepView
from driehoek.widgets.toggles import Tick


class WayBox(Tick):
    """A tick for one way of learning."""

    def __init__(self, way: LearningWay, label: str, value: bool) -> None:
        super().__init__(label, value, compact=True, id=f"way-{way.value}")
        self.way = way


class LearningStep(StepView):
    """Learning goals, one per line, then the ways she learns and a note."""

    step = Step.LEARNING
    listed_part = Part.GOAL

    def compose(self) -> ComposeResult:
        t, m = self.t, self.meeting
        self._sent = m.learning_ways  # what was last handed on (see Bound.sent)
        yield Label(t("field.goals"), classes="section-title")
        yield from self.compose_lines()
        yield Label(t("field.ways"), classes="section-title")
        with Grid(id="ways"):
            for way in LearningWay:
                yield WayBox(way, t.enum(way), way in m.learning_ways)
        yield Label(t("field.learning_note"), classes="section-title")
        yield NoteField(
            Ref(Part.MEETING, m.id), "learning_note", m.learning_note, id="learning-note"
        )
        yield from self.extras()

    def line(self, number: int, row: LearningGoal) -> Iterable[Widget]:
        field = TextField(
            Ref(Part.GOAL, row.id),
            "text",
            row.text,
            placeholder=self.t("field.goal_placeholder"),
            id=f"goal-{row.id}",
            classes="col-text",  # beside its number: the rest of the row, no more
        )
        yield Horizontal(Label(f"{number}.", classes="col-number"), field, classes="table-row")

    def field_for(self, need: Need) -> Widget | None:
        if need.key == "need.goal":
            return self.first_empty(self.bound(Part.GOAL, "text"))
        if need.key == "need.learning_way":  # a way ticked, or a note on how she learns
            return self.query_one("#learning-note")
        return None

    def refreshed(self, meeting: Meeting) -> None:
        super().refreshed(meeting)
        if meeting.learning_ways != self._sent:  # another session ticked or unticked
            self._sent = meeting.learning_ways
            for box in self.query(WayBox):
                box.value = box.way in meeting.learning_ways

    @on(Checkbox.Changed)
    def _way_ticked(self, event: Checkbox.Changed) -> None:
        event.stop()
        ways = frozenset(box.way for box in self.query(WayBox) if box.value)
        if ways != self._sent:  # not when a refresh ticked it
            self._sent = ways
            self.hand_on(Ref(Part.MEETING, self.meeting.id), {"learning_ways": ways})
