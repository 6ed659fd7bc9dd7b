"""Evaluation step 3: how each learning goal has come along."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Label, Static

from driehoek.domain import Part, Ref
from driehoek.flow import Need, Step
from driehoek.widgets.fields import TextField
from driehoek.widgets.steps.base import StepView


class ProgressStep(StepView):
    """Each learning goal (as set at an earlier meeting), then a line on its progress."""

    step = Step.PROGRESS

    def compose(self) -> ComposeResult:
        t = self.t
        if not self.meeting.progress:
            yield Static(t("field.no_goals"), classes="empty-list", markup=False)
        for number, item in enumerate(self.meeting.progress, start=1):
            yield Label(Content(f"{number}. {item.goal}"), classes="progress-goal")
            yield TextField(
                Ref(Part.PROGRESS, item.id),
                "text",
                item.text,
                placeholder=t("field.progress_placeholder"),
                id=f"progress-{item.id}",
                classes="progress-text",
            )
        yield from self.extras()

    def field_for(self, need: Need) -> Widget | None:
        return self.first_empty(self.bound(Part.PROGRESS, "text"))
