"""Step 6: is this a good learning place for this student, and why; when to evaluate."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, RadioSet

from driehoek.domain import Decision, Meeting, Part, Ref
from driehoek.flow import Step
from driehoek.widgets.fields import DateField, NoteField
from driehoek.widgets.steps.base import StepView
from driehoek.widgets.toggles import Choice


class DecisionButton(Choice):
    """One possible decision."""

    def __init__(self, decision: Decision, label: str, value: bool) -> None:
        super().__init__(label, value, id=f"decision-{decision.value}")
        self.decision = decision


class DecisionStep(StepView):
    """The decision, its reasons and the date of the next evaluation."""

    step = Step.DECISION

    def compose(self) -> ComposeResult:
        t, m = self.t, self.meeting
        self._sent = m.decision  # what was last handed on (see Bound.sent)
        ref = Ref(Part.MEETING, m.id)
        yield Label(t("field.decision"), classes="section-title")
        with RadioSet(id="decision", compact=True):
            for decision in Decision:
                yield DecisionButton(decision, t.enum(decision), m.decision is decision)
        yield Label(t("field.reasons"), classes="section-title")
        yield NoteField(ref, "decision_reasons", m.decision_reasons, id="decision-reasons")
        with Horizontal(classes="form-row"):
            yield Label(t("field.next_evaluation"), classes="form-label")
            yield DateField(ref, "next_evaluation", m.next_evaluation, t, id="next-evaluation")

    def focus_first(self, ref: Ref | None = None) -> None:
        """Start on the decision itself, its highlight on the one already taken."""
        choices = self.query_one("#decision", RadioSet)
        # RadioSet highlights its first button on mount; walk it to the pressed one.
        for _ in range(max(choices.pressed_index, 0)):
            choices.action_next_button()
        self.screen.set_focus(choices)

    def refreshed(self, meeting: Meeting) -> None:
        super().refreshed(meeting)
        if meeting.decision is not self._sent:  # another session decided
            self._sent = meeting.decision
            for button in self.query(DecisionButton):
                if button.decision is meeting.decision:
                    button.value = True

    @on(RadioSet.Changed, "#decision")
    def _decided(self, event: RadioSet.Changed) -> None:
        event.stop()
        pressed = event.pressed
        if isinstance(pressed, DecisionButton) and pressed.decision is not self._sent:
            self._sent = pressed.decision
            ref = Ref(Part.MEETING, self.meeting.id)
            self.on_edit(ref, {"decision": pressed.decision})
