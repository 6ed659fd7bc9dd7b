"""A note removed with its step, drawn once more from the screen's last layout, draws blank.

Textual's screen draws on a timer from the layout it last made; a note removed meanwhile (a step
changed under a quick key) is still in it, with its component styles already cleared. Textual's
own TextArea then raised KeyError 'text-area--gutter' and the app stopped (CI's kill-at-random
test saw it). Here the screen's compositor draws the old layout right after the removal, as
its timer can.
"""

from __future__ import annotations

from textual.app import App, ComposeResult

from driehoek.domain import Part, Ref
from driehoek.widgets.fields import NoteField


class _OneNote(App[None]):
    def compose(self) -> ComposeResult:
        yield NoteField(Ref(Part.GOAL, 1), "text", "Zelf een dagprogramma plannen", id="note")


async def test_a_note_drawn_after_its_removal_draws_blank_and_the_app_runs_on() -> None:
    app = _OneNote()
    async with app.run_test(size=(80, 24)) as pilot:
        note = app.query_one("#note", NoteField)
        await pilot.pause()
        await note.remove()
        assert not note.is_attached
        update = app.screen._compositor.render_update(full=True)  # the timer's draw, now
        assert update is not None
        assert app.is_running
