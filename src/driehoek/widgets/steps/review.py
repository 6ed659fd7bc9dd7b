"""Step 7: what is still open, the minutes as they stand, and each party's sign-off."""

from __future__ import annotations

from textual import getters, on
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.widgets import Checkbox, Label, Static

from driehoek.domain import Meeting, Party
from driehoek.flow import Flow, Need, Step
from driehoek.i18n import Catalogue
from driehoek.minutes import render_minutes
from driehoek.widgets.minutes_view import MinutesView
from driehoek.widgets.steps.base import StepView
from driehoek.widgets.toggles import Tick


def need_text(need: Need, t: Catalogue) -> str:
    """What a step still needs, in words (with the plural form its count asks for)."""
    if need.count is not None:
        return t.n(need.key, need.count, **need.params)
    return t(need.key, **need.params)


def open_needs_text(meeting: Meeting, t: Catalogue) -> str:
    """The list of what the meeting still needs, step by step, or that it is complete."""
    flow = Flow(meeting)
    if flow.complete:
        return f"✓ {t('review.complete')}"
    lines = [t("review.open")]
    lines += [f"• {t.enum(step)}: {need_text(need, t)}" for step, need in flow.open_needs]
    return "\n".join(lines)


class SignBox(Tick):
    """One party's sign-off, labelled with who signs."""

    def __init__(self, party: Party, label: Content, value: bool) -> None:
        super().__init__(label, value, compact=True, id=f"sign-{party.value}")
        self.party = party


class ReviewStep(StepView):
    """Read the minutes together; each party signs off."""

    step = Step.REVIEW

    open_needs = getters.query_one("#open-needs", Static)
    preview = getters.query_one("#preview", MinutesView)

    class SignChanged(Message):
        """A party signed off, or withdrew its sign-off."""

        def __init__(self, party: Party, signed: bool) -> None:
            super().__init__()
            self.party = party
            self.signed = signed

    def compose(self) -> ComposeResult:
        t, m = self.t, self.meeting
        yield Static(open_needs_text(m, t), id="open-needs", markup=False)
        yield Label(t("minutes.signoff"), classes="section-title")
        for party in Party:
            yield SignBox(party, self._sign_label(party), m.signed(party) is not None)
        yield Label(t("minutes.preview_title"), classes="section-title")
        yield MinutesView(render_minutes(m, t.lang), id="preview")

    def _sign_label(self, party: Party) -> Content:
        t = self.t
        signed = self.meeting.signed(party)
        names = [p.name for p in self.meeting.participants if p.party is party and p.name.strip()]
        who = signed.name if signed else (names[0] if names else "–")
        return Content(f"{t.enum(party).capitalize()}: {who}")

    def focus_first(self, ref: object = None, *, missing: bool = True) -> None:
        """Start at the first sign-off still missing, else at the first."""
        boxes = list(self.query(SignBox))
        unsigned = [box for box in boxes if self.meeting.signed(box.party) is None]
        self.screen.set_focus((unsigned or boxes)[0])

    def refreshed(self, meeting: Meeting) -> None:
        super().refreshed(meeting)
        self.open_needs.update(open_needs_text(meeting, self.t))
        for box in self.query(SignBox):
            box.label = self._sign_label(box.party)
            box.value = meeting.signed(box.party) is not None
        self.preview.show(render_minutes(meeting, self.t.lang))

    @on(Checkbox.Changed)
    def _signed(self, event: Checkbox.Changed) -> None:
        event.stop()
        box = event.checkbox
        if isinstance(box, SignBox) and box.value != (self.meeting.signed(box.party) is not None):
            self.post_message(self.SignChanged(box.party, box.value))
