"""Step 3: the six factors of a powerful learning workplace, one at a time."""

from __future__ import annotations

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import ContentSwitcher, Label, OptionList, RadioSet
from textual.widgets.option_list import Option

from driehoek.domain import Factor, FactorAssessment, FactorStatus, Part, Ref
from driehoek.flow import Step
from driehoek.i18n import Catalogue
from driehoek.widgets.fields import NoteField
from driehoek.widgets.steps.base import StepView
from driehoek.widgets.toggles import Choice

# Each status has a sign, so it reads without colour (and in 16 colours, and on a projector).
STATUS_SIGN = {
    FactorStatus.NOT_DISCUSSED: "·",
    FactorStatus.PRESENT: "+",
    FactorStatus.ABSENT: "−",
    FactorStatus.REALISABLE: "~",
}


def factor_prompt(assessment: FactorAssessment, t: Catalogue) -> Content:
    """A factor in the list: its number and name, and its status on the line below."""
    status = assessment.status
    return Content(
        f"{assessment.factor.number} {t.enum(assessment.factor)}\n"
        f"  {STATUS_SIGN[status]} {t.enum(status)}"
    )


class StatusButton(Choice):
    """One possible status of a factor."""

    def __init__(self, factor: Factor, status: FactorStatus, label: str, value: bool) -> None:
        super().__init__(label, value, id=f"status-{factor.value}-{status.value}")
        self.factor = factor
        self.status = status


class WorkplaceStep(StepView):
    """The six factors on the left; the chosen factor's question, status and note on the right.

    Each factor has its own detail panel (only one shows), so a field is never re-pointed at
    another factor while an edit of it may still be on its way.
    """

    step = Step.WORKPLACE

    factor_list = getters.query_one("#factor-list", OptionList)
    details = getters.query_one("#factor-details", ContentSwitcher)

    def compose(self) -> ComposeResult:
        t, m = self.t, self.meeting
        with Horizontal(id="factors"):
            yield OptionList(
                *(Option(factor_prompt(f, t), id=f.factor.value) for f in m.factors),
                id="factor-list",
            )
            with ContentSwitcher(id="factor-details", initial=f"factor-{Factor.INVOLVEMENT.value}"):
                for f in m.factors:
                    ref = Ref(Part.FACTOR, m.id, f.factor)
                    with Vertical(id=f"factor-{f.factor.value}", classes="factor-detail"):
                        yield Label(
                            f"{f.factor.number}. {t.enum(f.factor)}", classes="factor-title"
                        )
                        yield Label(t(f"question.{f.factor.value}"), classes="factor-question")
                        with RadioSet(classes="factor-status", compact=True):
                            for status in FactorStatus:
                                yield StatusButton(
                                    f.factor, status, t.enum(status), f.status is status
                                )
                        yield NoteField(
                            ref,
                            "note",
                            f.note,
                            placeholder=t("field.note"),
                            id=f"note-{f.factor.value}",
                        )

    def current_factor(self) -> Factor:
        """The factor whose detail shows."""
        index = self.factor_list.highlighted or 0
        return list(Factor)[index]

    def focus_first(self, ref: Ref | None = None) -> None:
        """Start in the list of factors: up and down walk the six."""
        if self.factor_list.highlighted is None:
            self.factor_list.highlighted = 0
        self.screen.set_focus(self.factor_list)

    @on(OptionList.OptionHighlighted, "#factor-list")
    def _show_factor(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.details.current = f"factor-{event.option.id}"

    def focus_status(self) -> None:
        """Move the cursor to the shown factor's status, where the table decides."""
        self.screen.set_focus(self.query_one(f"#factor-{self.current_factor().value} RadioSet"))

    @on(OptionList.OptionSelected, "#factor-list")
    def _to_status(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Enter (or a click) on a factor: on to its status, where the table decides
        self.focus_status()

    @on(RadioSet.Changed)
    def _status_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        button = event.pressed
        if not isinstance(button, StatusButton):
            return
        ref = Ref(Part.FACTOR, self.meeting.id, button.factor)
        self.on_edit(ref, {"status": button.status})
        updated = FactorAssessment(button.factor, button.status, "", 0)
        self.factor_list.replace_option_prompt(button.factor.value, factor_prompt(updated, self.t))
