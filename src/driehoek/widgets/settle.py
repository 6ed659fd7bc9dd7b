"""Waiting until what the user typed has been handled, before the screen changes under it.

Textual routes each key through the screen's queue to the focused widget's queue, while
priority bindings such as ^n run at once, in the app. A quick typist (or a laggy SSH link
delivering a burst) can have letters still queued when ^n removes the field they were meant
for, and they would be lost. `settle` waits until the screen has handed on every key, the
focused field has handled them, and the change messages have bubbled up to the step.

What it cannot order: keys that act through a widget's *bindings* (arrows in a list, Enter on
a radio button) travel back to the app's own queue, behind the action that is waiting. So text
typed ahead is always kept; a burst of navigation keys across a focus change may not be. Text
fields are the exception: their own bound keys (Backspace, Home, Ctrl+U, ...) act in the
field's queue, in the order typed (`widgets.keys_in_order`), so editing typed ahead is kept too.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual.message_pump import MessagePump
from textual.screen import Screen


async def drain(node: MessagePump) -> None:
    """Wait until `node` has handled every message already in its queue (call it from
    another task than `node`'s own, as `settle` says)."""
    done = asyncio.Event()
    if node.call_later(done.set):  # runs after everything already in node's queue
        await done.wait()


async def settle(screen: Screen[Any]) -> None:
    """Wait until every key queued for `screen` has been handled by the field it was for.

    Call it from the app's task (a binding's action, a palette command, `app.call_later`),
    never from a handler of `screen` itself: that would wait for its own queue.
    """
    await drain(screen)  # keys the screen has yet to pass on to the focused widget
    widget = screen.focused
    if widget is None:
        return
    await drain(widget)  # the keys themselves
    for node in widget.ancestors_with_self:  # the change messages they caused, bubbling up
        if node is screen:
            break
        await drain(node)
