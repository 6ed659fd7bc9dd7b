"""Putting untrusted text into Markdown so that it stays text.

markdown-it-py has no helper that escapes text *for* Markdown, so this is ours. CommonMark lets
any ASCII punctuation be backslash-escaped; we escape what can start inline structure anywhere
(emphasis, code, links, HTML, entities, table pipes, heading closers) and, at the start of each
line, what can start a block (headings, lists, quotes, rules, setext underlines, code by indent).
Fixed, translated strings supply all structure; user text only ever fills it in.
"""

from __future__ import annotations

import re

from driehoek.text import clean_line, clean_text

_INLINE = re.compile(r"([\\`*_\[\]<>|~&#!])")
# A line that would open a block: a list, quote, rule or setext underline, or an ordered list.
_BLOCK_START = re.compile(r"^([-+=>])|^(\d+)([.)])")


def _escape_line(line: str) -> str:
    line = _INLINE.sub(r"\\\1", line.strip())
    return _BLOCK_START.sub(
        lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", line, count=1
    )


def inline(text: str) -> str:
    """One line of user text for a heading, a list item or a table cell."""
    return _escape_line(" ".join(clean_line(text).split()))


def cell(text: str) -> str:
    """User text for a table cell: one line, pipes escaped, never empty (an empty cell reads
    as a missing value, so it shows a dash)."""
    return inline(text) or "–"


def paragraph(text: str) -> str:
    """User text as one paragraph, its line breaks kept as hard breaks, blank lines dropped."""
    lines = [_escape_line(line) for line in clean_text(text).splitlines() if line.strip()]
    return "\\\n".join(lines)
