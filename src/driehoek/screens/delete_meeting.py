"""Deleting a meeting nothing is written in: one key, a question, and the audit trail.

The home screen and the placement view both offer it (Del on a meeting in their list). A
meeting with anything written in it is never deleted this way (`driehoek.drafts`): the question
is not even asked, one line says why.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Label, Static

from driehoek import drafts
from driehoek.dates import format_short
from driehoek.domain import MeetingKind, MeetingSummary
from driehoek.i18n import Catalogue
from driehoek.localize import localized
from driehoek.reading import NotFound
from driehoek.store import Store


class DeleteMeetingDialog(ModalScreen[bool]):
    """ "Delete this empty meeting?": Enter deletes (the focus starts on Delete), Esc keeps."""

    BINDINGS = [Binding("escape", "keep", "key.cancel")]

    def __init__(self, t: Catalogue, question: str) -> None:
        super().__init__()
        self.t = t
        self.question = question

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(classes="dialog"):
            yield Label(t("delete.title"), classes="dialog-title")
            yield Static(Content(self.question), classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("delete.yes"), id="delete-yes", variant="error")
                yield Button(t("delete.no"), id="delete-no")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#delete-yes", Button))

    @on(Button.Pressed, "#delete-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#delete-no")
    def action_keep(self) -> None:
        """Close, deleting nothing."""
        self.dismiss(False)


def ask_to_delete(screen: Screen[None], store: Store, t: Catalogue, m: MeetingSummary) -> None:
    """Ask whether to delete the empty meeting `m`, delete it if so, and refresh `screen`
    (which has `on_screen_resume`, as the home screen and the placement view do)."""
    if not m.empty:
        screen.notify(t("delete.has_content"), severity="warning", markup=False)
        return
    when = format_short(m.day) if m.day else t("value.invalid_short")
    key = "delete.intake" if m.kind is MeetingKind.INTAKE else "delete.evaluation"
    question = t(key, kind=t.enum(m.kind), date=when, student=m.student)

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        try:
            done = drafts.delete_empty(store, m.id)
        except drafts.HasContent:  # another session wrote in it meanwhile
            screen.notify(t("delete.has_content"), severity="warning", markup=False)
        except NotFound:
            pass  # deleted by another session: what was asked is done
        else:
            screen.notify(t("delete.done"), markup=False)
            if done.placement_id is not None and getattr(screen, "placement_id", None) == (
                done.placement_id
            ):
                screen.dismiss()  # the placement view of an intake started by mistake: gone
                return
        refresh = getattr(screen, "on_screen_resume", None)
        if callable(refresh):
            refresh()

    dialog = localized(DeleteMeetingDialog, t.lang)(t, question)
    screen.app.push_screen(dialog, answered)
