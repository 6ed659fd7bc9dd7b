"""Adding and removing a line of a step's list (a person at the table, a goal, the school's
support, an agreement), and making an agreement from a factor.

A line is mounted or removed in the step as it stands (`StepView.add_line`): building the
whole step again for one line took over a second in a list of twenty goals. The step is built
again only when another session's lines came in meanwhile. `MeetingScreen` builds on this.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from driehoek.domain import Meeting, Part, Party, Ref
from driehoek.flow import Step
from driehoek.screens.live_meeting import told_if_unwritable
from driehoek.screens.signed_meeting import SignedMeeting
from driehoek.widgets.steps import StepView
from driehoek.widgets.steps.workplace import WorkplaceStep

_DELETABLE = (Part.PARTICIPANT, Part.GOAL, Part.SUPPORT, Part.AGREEMENT)


class MeetingLines(SignedMeeting):
    """The lines of a step: added (Ctrl+T, the palette) and removed (the palette)."""

    step: Step
    show_step: Callable[..., Awaitable[None]]
    """Show a step built afresh, the cursor in a ref's field (`MeetingScreen.show_step`)."""

    @told_if_unwritable
    async def action_add(self) -> None:
        """Add a line in this step; in the workplace step, an agreement from the factor."""
        await self.settle()
        if self.refused_when_closed():
            return
        view = self.view
        meeting_id = self.meeting.id
        ref: Ref | None = None
        if isinstance(view, WorkplaceStep):
            await self._agreement_from_factor(view)
            return
        if self.step is Step.PARTICIPANTS:
            ref = Ref(Part.PARTICIPANT, self.store.add_participant(meeting_id, Party.WORKPLACE).id)
        elif self.step is Step.LEARNING:
            ref = Ref(Part.GOAL, self.store.add_goal(meeting_id).id)
        elif self.step is Step.SUPPORT:
            ref = Ref(Part.SUPPORT, self.store.add_support(meeting_id).id)
        elif self.step is Step.AGREEMENTS:
            ref = Ref(Part.AGREEMENT, self.store.add_agreement(meeting_id).id)
        if ref is None:
            self.notify(self.t("meeting.nothing_to_add"), markup=False)
            return
        meeting = self.store.meeting(meeting_id)
        if view is not None and await view.add_line(meeting, ref):
            self._shown_in_place(view, meeting, ref)
        else:
            await self.show_step(self.step, focus=ref)

    def _shown_in_place(self, view: StepView, meeting: Meeting, focus: Ref | None) -> None:
        """A line added or removed in the view itself: show what follows from it (the fields
        of the other lines too, through `_show_state`), and put the cursor where `show_step`
        would have (in `focus`'s field, else in the first)."""
        self.meeting = meeting
        self._show_state()
        view.focus_first(focus, missing=False)

    async def _agreement_from_factor(self, view: WorkplaceStep) -> None:
        """An agreement from the factor on screen: its text still to be written (the cursor
        goes there, under the factor), linked to the factor, owned by the workplace, a work
        or a supervision agreement as the factor asks (`Factor.agreement_kind`)."""
        t = self.t
        factor = view.current_factor()
        self.meeting = self.store.meeting(self.meeting.id)
        if factor is None or not self.meeting.factor(factor).status.calls_for_agreement:
            self.notify(t("meeting.from_factor_needs_status"), severity="warning", markup=False)
            return
        agreement = self.store.add_agreement(
            self.meeting.id, owner=Party.WORKPLACE, kind=factor.agreement_kind, factor=factor
        )
        self.meeting = self.store.meeting(self.meeting.id)
        self._show_state()  # the view's meeting holds the new line before its fields edit it
        await view.show_agreement(agreement)
        kind = t.enum(agreement.kind)
        self.notify(
            t(
                "meeting.agreement_from_factor",
                kind=kind[:1].upper() + kind[1:],
                number=factor.number,
                owner=t.enum(Party.WORKPLACE),
            ),
            markup=False,
        )

    @told_if_unwritable
    async def action_delete_item(self) -> None:
        """Delete the participant, goal, support item or agreement the cursor is on."""
        if self.refused_when_closed():
            return
        view = self.view
        ref = view.current_ref() if view else None
        if ref is None or ref.part not in _DELETABLE:
            self.notify(self.t("meeting.nothing_to_delete"), markup=False)
            return
        await self.settle()
        self.store.delete(ref.part.value, ref.id)
        self.notify(self.t("meeting.deleted"), markup=False)
        meeting = self.store.meeting(self.meeting.id)
        if view is not None and await view.remove_line(meeting, ref):
            self._shown_in_place(view, meeting, view.place())
        else:
            await self.show_step(self.step)
