"""The right-hand side of the workplace step: one factor, or the pressures at the workplace.

A factor shows the article's question, its status and a note; factor 2 (room to experiment)
also asks whether there is room to make mistakes; and the agreements made from the factor
(^t) are written right there, so the table stays with the factor it is talking about. The
pressures panel ticks what the workplace struggles with (`domain.Pressure`), with one note.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label

from driehoek.domain import (
    Agreement,
    AgreementKind,
    Factor,
    FactorStatus,
    Meeting,
    Part,
    Party,
    Pressure,
    Ref,
)
from driehoek.i18n import Catalogue
from driehoek.widgets.fields import ChoiceField, NoteField, TextField
from driehoek.widgets.prepared_views import PreparedFactorView
from driehoek.widgets.steps.agreements import when_text
from driehoek.widgets.toggles import Tick
from driehoek.widgets.value_fields import WhenField

SIGN_KEYS: Mapping[str, FactorStatus] = {
    "+": FactorStatus.PRESENT,
    "-": FactorStatus.ABSENT,
    "~": FactorStatus.REALISABLE,
    "?": FactorStatus.NOT_DISCUSSED,
}
"""The signs that set a status in the list of factors set it in a status field too."""

PRESSURES = "pressures"
"""The id of the pressures' entry in the list of factors (`factor-pressures`: its panel)."""


class AgreementLine(Vertical):
    """An agreement made from a factor, in two lines: what (first: the cursor goes there),
    then its kind, owner and when."""

    def __init__(self, agreement: Agreement, t: Catalogue) -> None:
        super().__init__(id=f"factor-agreement-{agreement.id}", classes="factor-agreement")
        self.agreement = agreement
        self.t = t

    def compose(self) -> ComposeResult:
        a, t = self.agreement, self.t
        ref = Ref(Part.AGREEMENT, a.id)
        yield TextField(ref, "text", a.text, placeholder=t("field.what"), id=f"agreement-{a.id}")
        with Horizontal(classes="agreement-choices"):
            yield ChoiceField(ref, "kind", AgreementKind, a.kind, t, labels="agreement_kind_short")
            yield ChoiceField(ref, "owner", Party, a.owner, t)
            yield WhenField(ref, when_text(a), placeholder=t("field.when_placeholder"))


class FactorDetail(VerticalScroll, can_focus=False):
    """One factor's question, status and note, and the agreements made from it; each factor
    has its own, so a field is never re-pointed at another factor while an edit of it may
    still be on its way."""

    def __init__(self, meeting: Meeting, factor: Factor, t: Catalogue) -> None:
        super().__init__(id=f"factor-{factor.value}", classes="factor-detail")
        self.meeting = meeting
        self.factor = factor
        self.t = t

    def compose(self) -> ComposeResult:
        t, m, factor = self.t, self.meeting, self.factor
        assessment = m.factor(factor)
        ref = Ref(Part.FACTOR, m.id, factor)
        yield Label(f"{factor.number}. {t.enum(factor)}", classes="factor-title")
        yield Label(t(f"question.{factor.value}"), classes="factor-question", markup=False)
        yield PreparedFactorView(m, factor, t)  # the parties' own views (hidden: none)
        with Horizontal(classes="form-row"):
            yield Label(t("field.status"), classes="factor-label")
            yield ChoiceField(
                ref,
                "status",
                FactorStatus,
                assessment.status,
                t,
                keys=SIGN_KEYS,
                id=f"status-{factor.value}",
            )
        if factor is Factor.EXPERIMENT:
            # The article's "ruimte voor het maken van fouten", asked where it belongs.
            with Horizontal(classes="form-row"):
                yield Label(t("field.room_for_mistakes"), classes="mistakes-label")
                yield ChoiceField(
                    Ref(Part.MEETING, m.id),
                    "room_for_mistakes",
                    FactorStatus,
                    m.room_for_mistakes,
                    t,
                    keys=SIGN_KEYS,
                    id="room-for-mistakes",
                )
        yield NoteField(
            ref, "note", assessment.note, placeholder=t("field.note"), id=f"note-{factor.value}"
        )
        with Vertical(id=f"agreements-{factor.value}", classes="factor-agreements"):
            made = [a for a in m.agreements if a.factor is factor]
            if made:
                yield Label(t("field.factor_agreements"), classes="section-title")
            for agreement in made:
                yield AgreementLine(agreement, t)

    async def add_agreement(self, agreement: Agreement) -> TextField:
        """Show a new agreement made from this factor; returns its text field."""
        lines = self.query_one(f"#agreements-{self.factor.value}", Vertical)
        if not lines.children:
            await lines.mount(Label(self.t("field.factor_agreements"), classes="section-title"))
        line = AgreementLine(agreement, self.t)
        await lines.mount(line)
        return line.query_one(TextField)


class PressureTick(Tick):
    """A tick for one of the article's pressures."""

    def __init__(self, pressure: Pressure, label: str, value: bool) -> None:
        # Content: a template's wording is shown as typed, never parsed as markup.
        super().__init__(Content(label), value, compact=True, id=f"pressure-{pressure.value}")
        self.pressure = pressure


class PressuresDetail(VerticalScroll, can_focus=False):
    """The pressures at the workplace: a tick for each, and one note for the lot."""

    def __init__(self, meeting: Meeting, t: Catalogue) -> None:
        super().__init__(id=f"factor-{PRESSURES}", classes="factor-detail")
        self.meeting = meeting
        self.t = t

    def compose(self) -> ComposeResult:
        t, m = self.t, self.meeting
        yield Label(t("field.pressures"), classes="factor-title")
        yield Label(t("question.pressures"), classes="factor-question", markup=False)
        with Vertical(id="pressure-ticks"):
            for pressure in Pressure:
                yield PressureTick(pressure, t.enum(pressure), pressure in m.pressures)
        yield NoteField(
            Ref(Part.MEETING, m.id),
            "pressures_note",
            m.pressures_note,
            placeholder=t("field.pressures_note"),
            id="pressures-note",
        )

    def ticked(self) -> frozenset[Pressure]:
        """The pressures ticked now."""
        return frozenset(box.pressure for box in self.query(PressureTick) if box.value)

    def show(self, pressures: frozenset[Pressure]) -> None:
        """Tick what the store holds (another session ticked or unticked)."""
        for box in self.query(PressureTick):
            box.value = box.pressure in pressures
