"""Step 4: the support the school gives to help the student learn at the workplace."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label

from driehoek.domain import Part, Ref, SupportItem, SupportKind
from driehoek.flow import Need, Step
from driehoek.widgets.fields import ChoiceField, TextField
from driehoek.widgets.steps.base import StepView


class SupportStep(StepView):
    """One line per form of support: its kind and what it is."""

    step = Step.SUPPORT
    listed_part = Part.SUPPORT

    def compose(self) -> ComposeResult:
        t = self.t
        with Horizontal(classes="table-head"):
            yield Label(t("field.kind"), classes="col-kind")
            yield Label(t("field.what"), classes="col-text")
        yield from self.compose_lines()
        yield from self.extras()

    def line(self, number: int, row: SupportItem) -> Iterable[Widget]:
        t, ref = self.t, Ref(Part.SUPPORT, row.id)
        yield Horizontal(
            ChoiceField(ref, "kind", SupportKind, row.kind, t, classes="col-kind"),
            TextField(
                ref,
                "text",
                row.text,
                placeholder=t("field.support_placeholder"),
                id=f"support-{row.id}",
                classes="col-text",
            ),
            classes="table-row",
        )

    def field_for(self, need: Need) -> Widget | None:
        return self.first_empty(self.bound(Part.SUPPORT, "text"))
