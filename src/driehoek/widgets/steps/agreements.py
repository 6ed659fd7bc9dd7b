"""Step 5: work and supervision agreements, each with exactly one owner."""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label

from driehoek.dates import format_short
from driehoek.domain import Agreement, AgreementKind, Meeting, Part, Party, Ref
from driehoek.flow import Need, Step
from driehoek.widgets.fields import ChoiceField, TextField
from driehoek.widgets.steps.base import StepView
from driehoek.widgets.time_fields import PromiseField
from driehoek.widgets.value_fields import WhenField


def when_text(agreement: Agreement) -> str:
    """The due date or the frequency, as typed back into the field."""
    return format_short(agreement.due) if agreement.due else agreement.frequency


class AgreementsStep(StepView):
    """One line per agreement: kind, what, who (one party), when."""

    step = Step.AGREEMENTS
    listed_part = Part.AGREEMENT

    def compose(self) -> ComposeResult:
        t = self.t
        with Horizontal(classes="table-head"):
            yield Label(t("field.kind"), classes="col-kind")
            yield Label(t("field.what"), classes="col-text")
            yield Label(t("field.who"), classes="col-owner")
            yield Label(t("field.when"), classes="col-when")
        yield from self.compose_lines()

    def line(self, number: int, row: Agreement) -> Iterator[Widget]:
        t, a, ref = self.t, row, Ref(Part.AGREEMENT, row.id)
        yield Horizontal(
            ChoiceField(
                ref,
                "kind",
                AgreementKind,
                a.kind,
                t,
                labels="agreement_kind_short",
                classes="col-kind",
            ),
            TextField(ref, "text", a.text, id=f"agreement-{a.id}", classes="col-text"),
            ChoiceField(ref, "owner", Party, a.owner, t, classes="col-owner"),
            WhenField(
                ref, when_text(a), placeholder=t("field.when_placeholder"), classes="col-when"
            ),
            classes="table-row",
        )
        if a.factor is not None:  # made from a factor: which, under its text
            made = f"{t('field.at_factor', number=a.factor.number)}: {t.enum(a.factor)}"
            yield Label(made, classes="agreement-factor", markup=False)
        # A supervision agreement can name the time it promises (issue 13.3); the line is
        # there for every agreement, shown while it is one of supervision.
        promise = Horizontal(
            Label(t("field.promise"), classes="promise-label"),
            PromiseField(
                ref,
                a.promise,
                placeholder=t("field.promise_placeholder"),
                id=f"promise-{a.id}",
                classes="promise",
            ),
            classes="promise-row",
            id=f"promise-row-{a.id}",
        )
        promise.display = a.kind is AgreementKind.SUPERVISION
        yield promise

    def refreshed(self, meeting: Meeting) -> None:
        super().refreshed(meeting)
        for a in meeting.agreements:
            for row in self.query(f"#promise-row-{a.id}"):
                row.display = a.kind is AgreementKind.SUPERVISION

    def field_for(self, need: Need) -> Widget | None:
        return self.first_empty(self.bound(Part.AGREEMENT, "text"))
