"""The parties' own views, prepared before the meeting, shown beside what the table decides.

`PreparedFactorView` sits in a factor's panel: each party's ticked status and note, flagged
when they differ (the table talks about that first), and, where they agree and the meeting's
fields are still empty, a button that adopts the proposal into them. Where all who prepared
agree, the step opened with their answer filled in already (`starting_point`), so the button
is for what that leaves: a view only one party gave, or an answer the table cleared and wants
back. `PreparedAnswers` does the same under an evaluation question. Both are always
composed, hidden while there is nothing to show, so a preparation read in while the meeting
is open appears at the next refresh.
Nothing here writes: adopting fills the step's own fields, which save as if typed (and a
signed meeting offers nothing to adopt).

The parties' words are untrusted: they are shown as plain text (`Content`), never as markup.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

from driehoek.domain import Factor, FactorStatus, Meeting, Party, Question
from driehoek.i18n import Catalogue
from driehoek.preparation import Proposal, compare, proposal

SIGN = {
    FactorStatus.NOT_DISCUSSED: "?",
    FactorStatus.PRESENT: "+",
    FactorStatus.ABSENT: "-",
    FactorStatus.REALISABLE: "~",
}
"""The signs of the factor list, so a status reads the same here."""

DIFFERS = "≠"
"""The flag on a factor in the list when the parties' preparations differ on it."""


def party_names(t: Catalogue) -> dict[Party, str]:
    """How each party is named before its note in an adopted note (`Werkplek: ...`)."""
    return {p: t.enum(p).capitalize() for p in Party}


class PreparedFactorView(Vertical):
    """The preparations' views of one factor, under its question."""

    class Adopted(Message):
        """The table adopts what the parties agree on into the factor's empty fields."""

        def __init__(self, factor: Factor, proposal: Proposal) -> None:
            super().__init__()
            self.factor = factor
            self.proposal = proposal

    def __init__(self, meeting: Meeting, factor: Factor, t: Catalogue) -> None:
        super().__init__(id=f"prepared-{factor.value}", classes="prepared-views")
        self.meeting = meeting
        self.factor = factor
        self.t = t

    def _proposal(self) -> Proposal | None:
        views = compare(self.meeting.preparations)[self.factor]
        if self.meeting.closed:
            return None
        here = self.meeting.factor(self.factor)
        return proposal(views, here.status, here.note, party_names(self.t))

    def compose(self) -> ComposeResult:
        t = self.t
        views = compare(self.meeting.preparations)[self.factor]
        # Always there, hidden while no party prepared: one read in while the meeting is
        # open shows up at the next refresh.
        self.display = bool(views.views)
        self.set_class(views.differs, "-differs")
        verdict = t("prepared.differs") if views.differs else t("prepared.agree")
        if views.agreed is None and not views.differs:
            verdict = ""
        title = t("prepared.title") + (f" · {verdict}" if verdict else "")
        yield Static(title, classes="prepared-title", markup=False)
        for party, view in views.views:
            ticked = view.status in SIGN and view.status is not FactorStatus.NOT_DISCUSSED
            status = (
                f"{SIGN[view.status]} {t.enum(view.status)}" if ticked else t("prepared.unticked")
            )
            line = Content(f"{t.enum(party)}: {status}")
            if view.note:
                line = line + Content(f" · {view.note}")
            yield Static(line, classes="prepared-line")
        offered = self._proposal()
        if offered is not None:
            label = t("prepared.adopt")
            if offered.status is not None:
                label += f": {SIGN[offered.status]} {t.enum(offered.status)}"
            yield Button(label, id=f"adopt-{self.factor.value}", compact=True)

    def show(self, meeting: Meeting) -> None:
        """Show the preparations and fields of `meeting` (a save, another session, a new
        preparation read in meanwhile)."""
        before = (self._proposal(), compare(self.meeting.preparations)[self.factor])
        self.meeting = meeting
        if (self._proposal(), compare(meeting.preparations)[self.factor]) != before:
            self.refresh(recompose=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        offered = self._proposal()
        if offered is not None:
            self.post_message(self.Adopted(self.factor, offered))


class PreparedAnswers(Vertical):
    """The parties' prepared answers to one evaluation question, with a button that puts
    each into that party's answer field while it is still empty."""

    class Adopted(Message):
        """The table adopts the prepared answers into the empty fields of this question."""

        def __init__(self, question: Question, answers: dict[Party, str]) -> None:
            super().__init__()
            self.question = question
            self.answers = answers

    def __init__(self, meeting: Meeting, question: Question, t: Catalogue) -> None:
        super().__init__(id=f"prepared-{question.value}", classes="prepared-views")
        self.meeting = meeting
        self.question = question
        self.t = t

    def prepared(self) -> dict[Party, str]:
        """Each party's prepared answer, those that wrote one."""
        answers = ((p.party, p.answer(self.question)) for p in self.meeting.preparations)
        return {party: text for party, text in answers if text}

    def adoptable(self) -> dict[Party, str]:
        """The prepared answers whose party's field in the meeting is still empty."""
        if self.meeting.closed:
            return {}
        return {
            party: text
            for party, text in self.prepared().items()
            if (here := self.meeting.answer(self.question, party)) is not None
            and not here.text.strip()
        }

    def compose(self) -> ComposeResult:
        self.display = bool(self.prepared())  # as in PreparedFactorView
        for party, text in self.prepared().items():
            line = Content(f"{self.t('prepared.answers', party=self.t.enum(party))} · {text}")
            yield Static(line, classes="prepared-line")
        if self.adoptable():
            yield Button(self.t("prepared.adopt"), id=f"adopt-{self.question.value}", compact=True)

    def show(self, meeting: Meeting) -> None:
        """As `PreparedFactorView.show`."""
        before = (self.prepared(), self.adoptable())
        self.meeting = meeting
        if (self.prepared(), self.adoptable()) != before:
            self.refresh(recompose=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        answers = self.adoptable()
        if answers:
            self.post_message(self.Adopted(self.question, answers))
