"""Step 3: the six factors of a powerful learning workplace, one at a time."""

from __future__ import annotations

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import ContentSwitcher, Label, OptionList
from textual.widgets.option_list import Option

from driehoek.domain import Factor, FactorAssessment, FactorStatus, Part, Ref
from driehoek.flow import Step
from driehoek.i18n import Catalogue
from driehoek.widgets.fields import ChoiceField, NoteField
from driehoek.widgets.steps.base import StepView

# Each status has a sign, so it reads without colour (and in 16 colours, and on a projector);
# the same signs are the keys that set it.
STATUS_SIGN = {
    FactorStatus.NOT_DISCUSSED: "?",
    FactorStatus.PRESENT: "+",
    FactorStatus.ABSENT: "-",
    FactorStatus.REALISABLE: "~",
}


def factor_prompt(
    factor: Factor, status: FactorStatus, t: Catalogue, before: FactorStatus | None = None
) -> Content:
    """A factor in the list: its number and name, and its status on the line below, with
    what it was at the previous meeting when that differs (an evaluation marks changes)."""
    line = f"{STATUS_SIGN[status]} {t.enum(status)}"
    if before is not None and before is not status:
        line += f" ({t('field.changed', status=t.enum(before))})"
    return Content(f"{factor.number} {t.enum(factor)}\n{line}")


class FactorDetail(Vertical):
    """One factor's question, status and note; each factor has its own, so a field is never
    re-pointed at another factor while an edit of it may still be on its way."""

    def __init__(self, meeting_id: int, assessment: FactorAssessment, t: Catalogue) -> None:
        super().__init__(id=f"factor-{assessment.factor.value}", classes="factor-detail")
        self.assessment = assessment
        self.meeting_id = meeting_id
        self.t = t

    def compose(self) -> ComposeResult:
        t, f = self.t, self.assessment
        ref = Ref(Part.FACTOR, self.meeting_id, f.factor)
        yield Label(f"{f.factor.number}. {t.enum(f.factor)}", classes="factor-title")
        yield Label(t(f"question.{f.factor.value}"), classes="factor-question")
        with Horizontal(classes="form-row"):
            yield Label(t("field.status"), classes="factor-label")
            yield ChoiceField(
                ref, "status", FactorStatus, f.status, t, id=f"status-{f.factor.value}"
            )
        yield NoteField(
            ref, "note", f.note, placeholder=t("field.note"), id=f"note-{f.factor.value}"
        )


class WorkplaceStep(StepView):
    """The six factors on the left; the chosen factor's question, status and note on the right.

    In the list, + - ~ ? set the highlighted factor's status at once; Enter goes to its status,
    Tab on to its note. A factor's detail is mounted the first time it is shown.
    """

    step = Step.WORKPLACE

    BINDINGS = [
        Binding("plus", "set_status('present')", show=False),
        Binding("minus", "set_status('absent')", show=False),
        Binding("tilde", "set_status('realisable')", show=False),
        Binding("question_mark", "set_status('not_discussed')", show=False),
    ]

    factor_list = getters.query_one("#factor-list", OptionList)
    details = getters.query_one("#factor-details", ContentSwitcher)

    def compose(self) -> ComposeResult:
        t, m = self.t, self.meeting
        with Horizontal(id="factors"):
            yield OptionList(
                *(
                    Option(
                        factor_prompt(f.factor, f.status, t, self._before(f.factor)),
                        id=f.factor.value,
                    )
                    for f in m.factors
                ),
                id="factor-list",
            )
            first = m.factors[0]
            with ContentSwitcher(id="factor-details", initial=f"factor-{first.factor.value}"):
                yield FactorDetail(m.id, first, t)

    def _before(self, factor: Factor) -> FactorStatus | None:
        previous = self.meeting.previous(factor)
        return previous.status if previous is not None else None

    def current_factor(self) -> Factor:
        """The factor whose detail shows."""
        return list(Factor)[self.factor_list.highlighted or 0]

    def focus_first(self, ref: Ref | None = None, *, missing: bool = True) -> None:
        """Start in the list of factors (up and down walk the six), on the first one not
        discussed yet if any: that is what the step still needs."""
        factors = self.meeting.factors
        open_ = [i for i, f in enumerate(factors) if f.status is FactorStatus.NOT_DISCUSSED]
        if open_ and missing:
            self.factor_list.highlighted = open_[0]
        elif self.factor_list.highlighted is None:
            self.factor_list.highlighted = 0
        self.screen.set_focus(self.factor_list)

    def focus_status(self) -> None:
        """Move the cursor to the shown factor's status, where the table decides."""
        self.screen.set_focus(self.query_one(f"#status-{self.current_factor().value}"))

    async def _show_factor(self, factor: Factor) -> None:
        panel_id = f"factor-{factor.value}"
        if not self.details.query(f"#{panel_id}"):
            await self.details.mount(
                FactorDetail(self.meeting.id, self.meeting.factor(factor), self.t)
            )
        self.details.current = panel_id

    @on(OptionList.OptionHighlighted, "#factor-list")
    async def _factor_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        await self._show_factor(Factor(str(event.option.id)))

    @on(OptionList.OptionSelected, "#factor-list")
    def _to_status(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Enter (or a click) on a factor: on to its status, where the table decides
        self.focus_status()

    async def action_set_status(self, status: str) -> None:
        """Set the highlighted factor's status from the list, with one key."""
        factor = self.current_factor()
        await self._show_factor(factor)
        self.query_one(f"#status-{factor.value}", ChoiceField).choose(FactorStatus(status))

    @on(ChoiceField.Changed)
    def _status_changed(self, event: ChoiceField.Changed) -> None:
        field = event.field
        if field.ref.part is Part.FACTOR and field.ref.factor is not None:
            status = FactorStatus(str(event.value))
            factor = field.ref.factor
            prompt = factor_prompt(factor, status, self.t, self._before(factor))
            self.factor_list.replace_option_prompt(factor.value, prompt)
        # not stopped: StepView turns it into the edit
