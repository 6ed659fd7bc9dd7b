"""Untrusted text made safe to store, show and export.

Text comes from people typing, pasting and importing. Control characters and terminal escape
sequences would reach every terminal that later shows the text (clearing screens, retitling
windows, writing clipboards), and bidi overrides make text read differently from what is stored.
So they are removed at the boundary, and again before display and export.
"""

from __future__ import annotations

import unicodedata

_ZWJ = "\u200d"  # kept: it joins emoji such as 👩‍🎓


def clean_text(text: str, *, multiline: bool = True) -> str:
    """Remove control and format characters and normalise to NFC.

    Args:
        text: Anything a user typed, pasted or imported.
        multiline: Keep line breaks and tabs (notes) or turn them into spaces (one-line fields).

    Returns:
        The text without C0/C1 controls (ESC included), DEL, bidi overrides or zero-width
        characters other than the emoji joiner; CRLF, CR, U+2028 and U+2029 become LF.
    """
    if text.isprintable():  # the common case, quickly: no control or format character
        return unicodedata.normalize("NFC", text)
    # CR, and the Unicode line and paragraph separators, are line breaks like LF.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n")
    kept: list[str] = []
    for ch in text:
        if ch in "\n\t":
            kept.append(ch if multiline else " ")
        elif ch == _ZWJ or unicodedata.category(ch) not in ("Cc", "Cf"):
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


def clean_line(text: str) -> str:
    """`clean_text` for one-line fields: names, titles, table cells."""
    return clean_text(text, multiline=False)
