"""Text fields whose own keys act in the order they were typed.

Textual types a printable key into an `Input` or `TextArea` in the field's own key handler, at
once. A key bound to an action of the field (Backspace, Home, Ctrl+U, Ctrl+W, ←, Enter on an
Input…) is not: the key event bubbles up the DOM to the app, which only then looks up the
binding and runs it. Each hop is a message queue, so when keys arrive in a burst (a laggy SSH
link, a paste-like burst of keystrokes) the letters behind such a key are typed first: `Ctrl+U`
then `abc` left an empty field, `Home` then `abc` put `abc` at the end, and Backspace took the
last letter typed after it instead of the one before it.

`KeysInOrder` looks up the field's own bindings in its key handler and runs the action there,
in the field's queue, so every key acts in the order it came. Priority bindings (Ctrl+N, Ctrl+S,
Tab, …) are untouched: the app runs those before a key ever reaches the field, as always
(`widgets.settle` makes their actions wait for the keys typed before them). Bindings of the
field's ancestors keep their usual way too: only the field's own bindings, which Textual tries
first anyway, act earlier.

Textual names a node's bindings in the private `_bindings` (listed in `textual_private.HOOKS`).
The settings file's keymap cannot move them: no binding of Input or TextArea has an id, which
tests/ui/test_keys_in_order.py checks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.command import CommandInput
from textual.widget import Widget
from textual.widgets import Input

if TYPE_CHECKING:
    _Base = Widget
else:
    _Base = object


class KeysInOrder(_Base):
    """Mix in before a text widget's class (`class Field(KeysInOrder, Input)`): the widget's
    own bound keys act when their turn comes, not after the letters typed behind them."""

    async def on_key(self, event: events.Key) -> None:
        """Run the action this widget binds to `event`'s key now, in typing order."""
        if self.check_consume_key(event.key, event.character):
            return  # a letter: the widget's own handler types it, in order already
        # PRIVATE HOOK (DOMNode._bindings): the bindings the widget was made with, as Textual
        # tries them first when the key reaches the app (non-priority, focused widget first).
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if binding.priority:
                continue  # the app ran (or declined) those before the key came here
            if await self.app.run_action(binding.action, self):
                # Handled here: no second run when the key would have reached the app, and
                # the widget's own handler (which only types letters) has nothing to do.
                event.stop()
                event.prevent_default()
                return
        # No action of ours ran (none bound, or it declined, like Copy with nothing
        # selected): the key goes on up, to the bindings of the step, the screen, the app.


class OrderedInput(KeysInOrder, Input):
    """A plain `Input` (dialogs, search) whose bound keys act in typing order."""


class OrderedCommandInput(KeysInOrder, CommandInput):
    """The command palette's search field, with its bound keys acting in typing order."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cursor_blink = False  # a blinking cursor costs bandwidth over SSH
