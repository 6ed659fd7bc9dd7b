"""Updating a label only when what it shows changes.

`Static.update` lays the screen out again and redraws the label even when the text is the
same. The meeting screen shows its state after every save (some ten labels and tabs), so
updating them all each time cost every pause in the typing a layout and a repaint (issue 14).
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def show_text(label: Static, text: str | Content) -> None:
    """Show `text` in `label`, unless it already shows it (compared as plain text: the
    labels this is used for style their text by their class, not by markup)."""
    shown = label.content
    if isinstance(shown, (str, Content)) and type(shown) is type(text) and shown == text:
        return
    label.update(text)
