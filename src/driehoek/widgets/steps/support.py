"""Step 4: the support the school gives to help the student learn at the workplace."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label, Static

from driehoek.domain import Part, Ref, SupportKind
from driehoek.flow import Need, Step
from driehoek.widgets.fields import ChoiceField, TextField
from driehoek.widgets.steps.base import StepView


class SupportStep(StepView):
    """One line per form of support: its kind and what it is."""

    step = Step.SUPPORT

    def compose(self) -> ComposeResult:
        t = self.t
        with Horizontal(classes="table-head"):
            yield Label(t("field.kind"), classes="col-kind")
            yield Label(t("field.what"), classes="col-text")
        if not self.meeting.support:
            yield Static(t("field.empty_list"), classes="empty-list", markup=False)
        for item in self.meeting.support:
            ref = Ref(Part.SUPPORT, item.id)
            with Horizontal(classes="table-row"):
                yield ChoiceField(ref, "kind", SupportKind, item.kind, t, classes="col-kind")
                yield TextField(
                    ref,
                    "text",
                    item.text,
                    placeholder=t("field.support_placeholder"),
                    id=f"support-{item.id}",
                    classes="col-text",
                )
        yield from self.extras()

    def field_for(self, need: Need) -> Widget | None:
        return self.first_empty(self.bound(Part.SUPPORT, "text"))
