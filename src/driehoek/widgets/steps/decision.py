"""The decision step: at an intake, is this a good learning place for this student; at an
evaluation, does the placement go on as agreed, with changes, or end. With reasons, and the
date of the next evaluation."""

from __future__ import annotations

from enum import StrEnum

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label, RadioSet

from driehoek.domain import Continuation, Decision, Meeting, MeetingKind, Part, Ref
from driehoek.flow import Need, Step
from driehoek.widgets.fields import NoteField
from driehoek.widgets.steps.base import StepView
from driehoek.widgets.toggles import Choice
from driehoek.widgets.value_fields import DateField


class DecisionButton(Choice):
    """One possible decision."""

    def __init__(self, choice: StrEnum, label: str, value: bool) -> None:
        super().__init__(label, value, id=f"decision-{choice.value}")
        self.choice = choice


def _chosen(meeting: Meeting) -> StrEnum | None:
    """The decision taken so far: the intake's or the evaluation's kind."""
    return meeting.continuation if meeting.kind is MeetingKind.EVALUATION else meeting.decision


class DecisionStep(StepView):
    """The decision, its reasons and the date of the next evaluation."""

    step = Step.DECISION

    def compose(self) -> ComposeResult:
        t, m = self.t, self.meeting
        evaluation = m.kind is MeetingKind.EVALUATION
        self._column = "continuation" if evaluation else "decision"
        choices: tuple[StrEnum, ...] = tuple(Continuation) if evaluation else tuple(Decision)
        self._sent = _chosen(m)  # what was last handed on (see Bound.sent)
        ref = Ref(Part.MEETING, m.id)
        yield Label(t("field.decision"), classes="section-title")
        with RadioSet(id="decision", compact=True):
            for choice in choices:
                yield DecisionButton(choice, t.enum(choice), self._sent is choice)
        # At an intake the reasons say what the place lacks and what would have to change:
        # the decision is about the place, never about the student.
        reasons = "field.reasons" if evaluation else "field.reasons_place"
        yield Label(t(reasons), classes="section-title")
        yield NoteField(ref, "decision_reasons", m.decision_reasons, id="decision-reasons")
        with Horizontal(classes="form-row"):
            yield Label(t("field.next_evaluation"), classes="form-label")
            yield DateField(ref, "next_evaluation", m.next_evaluation, t, id="next-evaluation")
        yield from self.extras()

    def field_for(self, need: Need) -> Widget | None:
        if need.key == "need.reasons":
            return self.query_one("#decision-reasons")
        if need.key == "need.next_evaluation":
            return self.query_one("#next-evaluation")
        return None  # the decision itself: where the step starts anyway

    def focus_first(self, ref: Ref | None = None, *, missing: bool = True) -> None:
        """Start on what is missing (the reasons, the next date), else on the decision
        itself, its highlight on the one already taken."""
        needed = self.missing_field() if ref is None and missing else None
        if needed is not None:
            self.put_cursor(needed)
            return
        choices = self.query_one("#decision", RadioSet)
        # RadioSet highlights its first button on mount; walk it to the pressed one.
        for _ in range(max(choices.pressed_index, 0)):
            choices.action_next_button()
        self.screen.set_focus(choices)

    def refreshed(self, meeting: Meeting) -> None:
        super().refreshed(meeting)
        chosen = _chosen(meeting)
        if chosen is not self._sent:  # another session decided
            self._sent = chosen
            for button in self.query(DecisionButton):
                if button.choice is chosen:
                    button.value = True

    @on(RadioSet.Changed, "#decision")
    def _decided(self, event: RadioSet.Changed) -> None:
        event.stop()
        pressed = event.pressed
        if isinstance(pressed, DecisionButton) and pressed.choice is not self._sent:
            self._sent = pressed.choice
            self.hand_on(Ref(Part.MEETING, self.meeting.id), {self._column: pressed.choice})
