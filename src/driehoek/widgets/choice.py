"""How a choice field (an owner, a kind, a status) takes the keys typed into it.

Keys choose, text goes where text is typed: → ← and Enter step through the values, a letter
takes the value whose word it begins, and letters that begin none were meant as text, so they
go on to the text field beside the choice (`driehoek.choosing` decides which is which; this
module does it). `ChoiceKeys` is mixed into `widgets.fields.ChoiceField`, which stays where the
other fields are.
"""

from __future__ import annotations

from typing import Any

from textual.events import Click, Focus, Key
from textual.widget import Widget
from textual.widgets import Input, TextArea

from driehoek.choosing import AsText, TypedChoice
from driehoek.widgets.settle import drain


class ChoiceKeys(Widget):
    """The keys of a choice field: mix in before its widget class.

    Enter or → takes the next value, ← the previous one, a click the next; a letter the value
    it begins (`s` student, `s` again school), a sign its value at once. Space takes the next
    value when nothing is being typed; after letters it is part of them. Letters that begin no
    value are text: the field goes back to what it held, and the text goes on to the nearest
    text field of its row (else the next one), the cursor with it.
    """

    # What the field itself provides (see `widgets.fields.ChoiceField`).
    values: list[Any]
    value: Any
    typing: TypedChoice
    handing: str | None = None
    """Text typed here that goes on to a text field, while it is on its way (else None)."""

    def choose(self, value: Any) -> None:
        """Take `value`, show it and report the change."""
        raise NotImplementedError

    def action_cycle(self, step: int) -> None:
        """Take the next (1) or previous (-1) value, round the end."""
        raise NotImplementedError

    def on_click(self, event: Click) -> None:
        event.stop()
        self.typing.reset()
        self.action_cycle(1)

    def on_focus(self, event: Focus) -> None:
        self.typing.reset()

    def on_key(self, event: Key) -> None:
        # Keys, not bindings: a binding would act from the app's queue, behind a ^q or ^n
        # typed right after it (see widgets.settle); a key handler acts in order.
        if self.handing is not None:
            self._hand_on_more(event)
            return
        step = {"enter": 1, "right": 1, "left": -1}.get(event.key)
        if step is not None:
            event.stop()
            event.prevent_default()
            self.typing.reset()
            self.action_cycle(step)
        elif event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self._typed(event.character)
        else:
            self.typing.reset()  # Tab, Backspace, a control key: the typing in a row ends

    def _typed(self, char: str) -> None:
        outcome = self.typing.key(char, self.values.index(self.value))
        if isinstance(outcome, AsText):
            if outcome.restore != self.values.index(self.value):
                self.choose(self.values[outcome.restore])
            self.handing = outcome.text
            # In the app's task: keys still on their way to this field are gathered first,
            # and the keys after them go to the text field (see `_hand_over`).
            self.app.call_later(self._hand_over)
        elif self.values[outcome.index] != self.value:
            self.choose(self.values[outcome.index])

    def _hand_on_more(self, event: Key) -> None:
        """A key that reached this field while its text was on the way: part of the text."""
        if self.handing is None:
            return
        if event.is_printable and event.character:
            self.handing += event.character
        elif event.key == "backspace":
            self.handing = self.handing[:-1]
        else:
            return
        event.stop()
        event.prevent_default()

    async def _hand_over(self) -> None:
        """Put the text typed here into the text field it was meant for, the cursor after it.

        Runs in the app's task, which hands no key on meanwhile: first this field handles the
        keys already queued for it (they join the text), then the cursor moves, so every key
        typed after them reaches the text field, in the order typed.
        """
        await drain(self)
        text, self.handing = self.handing or "", None
        target = self.text_field() if self.is_attached else None
        if target is None or not text:
            return
        self.screen.set_focus(target)
        if isinstance(target, Input):
            target.cursor_position = len(target.value)
            target.insert_text_at_cursor(text)
        elif isinstance(target, TextArea):
            target.move_cursor(target.document.end)
            target.insert(text)

    def text_field(self) -> Widget | None:
        """Where text typed here is meant to go: the next text field in its row, else the one
        before it there (she typed on after a Tab too many), else the next one on screen."""
        chain = self.screen.focus_chain
        if self not in chain:
            return None
        here = chain.index(self)
        texts = [w for w in chain if isinstance(w, (Input, TextArea))]
        after = [w for w in texts if chain.index(w) > here]
        before = [w for w in reversed(texts) if chain.index(w) < here]
        row = [w for w in after + before if w.parent is self.parent]
        return row[0] if row else after[0] if after else None
