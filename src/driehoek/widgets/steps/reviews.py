"""Evaluation step 1: what became of each agreement still open from earlier meetings."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Label, Static

from driehoek.dates import format_short
from driehoek.domain import Disposition, Meeting, Part, Ref, Review
from driehoek.flow import Need, Step
from driehoek.i18n import Catalogue
from driehoek.minutes_record import entry_line, kept_in_log
from driehoek.widgets.fields import ChoiceField, TextField
from driehoek.widgets.steps.base import StepView


def review_line(review: Review, t: Catalogue) -> Content:
    """The agreement under review: what, who, since when, how often carried already."""
    a = review.agreement
    made = format_short(review.made_on) if review.made_on else t("value.invalid_date")
    facts = [t.enum(a.owner), t("minutes.made_on", date=made)]
    if review.carried:
        facts.append(t("field.carried", count=review.carried))
    return Content(f"{a.text}  ({' · '.join(facts)})")


def reason_placeholder(disposition: Disposition | None, t: Catalogue) -> str:
    """What the reason field asks: why, for an agreement carried on or dropped; nothing for one
    that was simply kept (that needs no explaining)."""
    if disposition is None:
        return t("field.reason_placeholder_open")
    if disposition.needs_reason:
        return t("field.reason_placeholder")
    return t("field.reason_placeholder_done")


class ReviewsStep(StepView):
    """One block per open agreement: the agreement, its disposition and the reason."""

    step = Step.OPEN_AGREEMENTS

    def compose(self) -> ComposeResult:
        t = self.t
        if self.meeting.between:  # the log between meetings: where this evaluation starts
            lines = [t("field.between")]
            lines += [f"• {entry_line(e, t)}" for e in self.meeting.between]
            yield Static(Content("\n".join(lines)), id="between", classes="between")
        if not self.meeting.reviews:
            yield Static(t("field.no_open_agreements"), classes="empty-list", markup=False)
        for review in self.meeting.reviews:
            ref = Ref(Part.DISPOSITION, review.id)
            with Vertical(classes="review"):
                line = review_line(review, t)
                kept = kept_in_log(self.meeting, review.agreement.id)
                if kept is not None:
                    line += Content(f"  [{t('field.kept_in_log', date=format_short(kept))}]")
                yield Label(line, classes="review-what")
                with Horizontal(classes="table-row"):
                    yield ChoiceField(
                        ref,
                        "disposition",
                        Disposition,
                        review.disposition,
                        t,
                        none=t("disposition.none"),
                        id=f"disposition-{review.id}",
                        classes="col-disposition",
                    )
                    yield TextField(
                        ref,
                        "reason",
                        review.reason,
                        placeholder=reason_placeholder(review.disposition, t),
                        id=f"reason-{review.id}",
                        classes="col-text",
                    )

    def field_for(self, need: Need) -> Widget | None:
        if need.key == "need.disposition":
            return self.first_empty(self.bound(Part.DISPOSITION, "disposition"))
        if need.key == "need.disposition_reason":
            for review in self.meeting.reviews:
                chosen = review.disposition
                if chosen is not None and chosen.needs_reason and not review.reason.strip():
                    return self.query_one(f"#reason-{review.id}")
        return None

    def _ask(self, review_id: int) -> None:
        """Let the reason field ask what goes with the disposition shown beside it."""
        for choice in self.query(f"#disposition-{review_id}").results(ChoiceField):
            shown = choice.value if isinstance(choice.value, Disposition) else None
            for field in self.query(f"#reason-{review_id}").results(TextField):
                field.placeholder = reason_placeholder(shown, self.t)

    @on(ChoiceField.Changed)
    def _disposition_chosen(self, event: ChoiceField.Changed) -> None:
        # At once, as the choice changes (StepView's own handler saves it).
        if event.field.field_name == "disposition":
            self._ask(event.field.ref.id)

    def refreshed(self, meeting: Meeting) -> None:
        super().refreshed(meeting)  # another session's choice shows in the choice field
        for review in meeting.reviews:
            self._ask(review.id)
