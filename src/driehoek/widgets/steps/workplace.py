"""Step 3: the six factors of a powerful learning workplace, one at a time, and the pressures
the workplace struggles with."""

from __future__ import annotations

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Checkbox, ContentSwitcher, OptionList
from textual.widgets.option_list import Option

from driehoek.domain import Agreement, Factor, FactorStatus, Meeting, Part, Pressure, Ref
from driehoek.flow import Step
from driehoek.i18n import Catalogue
from driehoek.preparation import differing
from driehoek.widgets.fields import ChoiceField, NoteField
from driehoek.widgets.prepared_views import DIFFERS, PreparedFactorView
from driehoek.widgets.steps.base import OnEdit, StepView
from driehoek.widgets.steps.factor_detail import (
    PRESSURES,
    FactorDetail,
    PressuresDetail,
    PressureTick,
)

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


def pressures_prompt(named: frozenset[Pressure], t: Catalogue) -> Content:
    """The pressures in the list: how many of them the table named."""
    count = t("field.pressures_named", count=len(named), total=len(Pressure))
    return Content(f"  {t('field.pressures')}\n  {count}")


class WorkplaceStep(StepView):
    """The six factors on the left, then the pressures; the chosen one's detail on the right.

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

    def __init__(self, meeting: Meeting, t: Catalogue, on_edit: OnEdit) -> None:
        super().__init__(meeting, t, on_edit)
        self._start = Factor.INVOLVEMENT.value
        """The option (a factor's value, or `PRESSURES`) whose detail is composed first."""
        self._sent = meeting.pressures  # the pressures last handed on (see Bound.sent)

    def compose(self) -> ComposeResult:
        t, m = self.t, self.meeting
        with Horizontal(id="factors"):
            yield OptionList(
                *(
                    Option(
                        self._prompt(f.factor, f.status),
                        id=f.factor.value,
                    )
                    for f in m.factors
                ),
                Option(pressures_prompt(m.pressures, t), id=PRESSURES),
                id="factor-list",
            )
            with ContentSwitcher(id="factor-details", initial=f"factor-{self._start}"):
                yield self._detail(self._start)

    def _detail(self, option: str) -> FactorDetail | PressuresDetail:
        if option == PRESSURES:
            return PressuresDetail(self.meeting, self.t)
        return FactorDetail(self.meeting, Factor(option), self.t)

    def _prompt(self, factor: Factor, status: FactorStatus) -> Content:
        prompt = factor_prompt(factor, status, self.t, self._before(factor))
        if factor in differing(self.meeting.preparations):
            prompt = prompt + Content(
                f"  {DIFFERS} {self.t('prepared.flag')}"
            )  # preparations differ
        return prompt

    def _before(self, factor: Factor) -> FactorStatus | None:
        previous = self.meeting.previous(factor)
        return previous.status if previous is not None else None

    def _option(self) -> str:
        option = self.factor_list.highlighted_option
        return str(option.id) if option is not None else Factor.INVOLVEMENT.value

    def current_factor(self) -> Factor | None:
        """The factor whose detail shows (None: the pressures show)."""
        option = self._option()
        return None if option == PRESSURES else Factor(option)

    # -- where the step opens ---------------------------------------------------------------

    def _option_of(self, ref: Ref | None) -> str | None:
        """The entry of the list that `ref` belongs to: a factor (its own row, or an agreement
        made from it), or the pressures (the meeting's row)."""
        if ref is None:
            return None
        if ref.part is Part.FACTOR and ref.factor is not None:
            return ref.factor.value
        if ref.part is Part.MEETING:
            return PRESSURES
        if ref.part is Part.AGREEMENT:
            made = next((a for a in self.meeting.agreements if a.id == ref.id), None)
            return made.factor.value if made is not None and made.factor else None
        return None

    def aim(self, ref: Ref | None) -> None:
        self._start = self._option_of(ref) or self._differences() or self._start

    def _differences(self) -> str | None:
        """The step opens on the differences: the first factor the parties' preparations
        differ on that the table has not discussed yet."""
        flagged = differing(self.meeting.preparations)
        return next(
            (
                f.factor.value
                for f in self.meeting.factors
                if f.factor in flagged and f.status is FactorStatus.NOT_DISCUSSED
            ),
            None,
        )

    def place(self) -> Ref | None:
        factor = self.current_factor()
        if factor is None:
            return Ref(Part.MEETING, self.meeting.id)
        return Ref(Part.FACTOR, self.meeting.id, factor)

    def focus_first(self, ref: Ref | None = None, *, missing: bool = True) -> None:
        """Start in the list of factors: up and down walk the six and the pressures. With a
        `ref` of a line made from a factor (composed there by `aim`), start in its text; else
        on the first undiscussed factor the parties' preparations differ on; else (with
        `missing`) on the first factor not discussed yet: what the step still needs."""
        option = self._option_of(ref) or self._differences()
        if option is not None:
            self.factor_list.highlighted = self.factor_list.get_option_index(option)
            if ref is not None and ref.part is Part.AGREEMENT:
                super().focus_first(ref, missing=missing)
                return
        elif missing:
            open_ = [
                f.factor for f in self.meeting.factors if f.status is FactorStatus.NOT_DISCUSSED
            ]
            if open_:
                self.factor_list.highlighted = self.factor_list.get_option_index(open_[0].value)
        if self.factor_list.highlighted is None:
            self.factor_list.highlighted = 0
        self.screen.set_focus(self.factor_list)

    def focus_status(self) -> None:
        """Move the cursor to the shown factor's status, where the table decides (for the
        pressures: to the first of them)."""
        factor = self.current_factor()
        if factor is None:
            self.screen.set_focus(self.query(PressureTick).first())
        else:
            self.screen.set_focus(self.query_one(f"#status-{factor.value}"))

    async def _show(self, option: str) -> None:
        panel_id = f"factor-{option}"
        if not self.details.query(f"#{panel_id}"):
            await self.details.mount(self._detail(option))
        self.details.current = panel_id

    async def show_agreement(self, agreement: Agreement) -> None:
        """Show an agreement just made from a factor under that factor, the cursor in its
        text (the view's meeting already holds it: see `refreshed`)."""
        if agreement.factor is None:
            return
        option = agreement.factor.value
        self.factor_list.highlighted = self.factor_list.get_option_index(option)
        await self._show(option)
        detail = self.query_one(f"#factor-{option}", FactorDetail)
        field = await detail.add_agreement(agreement)
        self.screen.set_focus(field)
        # The whole line in view (its kind, owner and when too), not only its text.
        line = field.parent if isinstance(field.parent, Widget) else field
        line.call_after_refresh(line.scroll_visible, animate=False)

    # -- what the list and the panels report --------------------------------------------------

    @on(OptionList.OptionHighlighted, "#factor-list")
    async def _factor_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        await self._show(str(event.option.id))

    @on(OptionList.OptionSelected, "#factor-list")
    def _to_status(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Enter (or a click) on a factor: on to its status, where the table decides
        self.focus_status()

    async def action_set_status(self, status: str) -> None:
        """Set the highlighted factor's status from the list, with one key."""
        factor = self.current_factor()
        if factor is None:
            return  # the pressures have no status
        await self._show(factor.value)
        self.query_one(f"#status-{factor.value}", ChoiceField).choose(FactorStatus(status))

    @on(ChoiceField.Changed)
    def _status_changed(self, event: ChoiceField.Changed) -> None:
        field = event.field
        if field.ref.part is Part.FACTOR and field.ref.factor is not None:
            status = FactorStatus(str(event.value))
            factor = field.ref.factor
            prompt = self._prompt(factor, status)
            self.factor_list.replace_option_prompt(factor.value, prompt)
        # not stopped: StepView turns it into the edit

    @on(PreparedFactorView.Adopted)
    def _adopt(self, event: PreparedFactorView.Adopted) -> None:
        """Fill what the parties agree on into the factor's empty fields: as if typed, so it
        saves (and shows in the minutes) as the table's own."""
        event.stop()
        name = event.factor.value
        status = self.query_one(f"#status-{name}", ChoiceField)
        if event.proposal.status is not None:
            status.choose(event.proposal.status)
        if event.proposal.note:
            self.query_one(f"#note-{name}", NoteField).load_text(event.proposal.note)
        self.screen.set_focus(status)

    @on(Checkbox.Changed)
    def _pressure_ticked(self, event: Checkbox.Changed) -> None:
        event.stop()
        panel = self.query(PressuresDetail)
        if not panel:
            return
        named = panel.first().ticked()
        if named != self._sent:  # not when a refresh ticked it
            self._sent = named
            self.factor_list.replace_option_prompt(PRESSURES, pressures_prompt(named, self.t))
            self.hand_on(Ref(Part.MEETING, self.meeting.id), {"pressures": named})

    def refreshed(self, meeting: Meeting) -> None:
        super().refreshed(meeting)
        if meeting.pressures != self._sent:  # another session ticked or unticked
            self._sent = meeting.pressures
            for panel in self.query(PressuresDetail):
                panel.show(meeting.pressures)
        self.factor_list.replace_option_prompt(PRESSURES, pressures_prompt(self._sent, self.t))
        for view in self.query(PreparedFactorView):
            view.show(meeting)
        for f in meeting.factors:  # another session may have set a status
            prompt = self._prompt(f.factor, f.status)
            self.factor_list.replace_option_prompt(f.factor.value, prompt)
