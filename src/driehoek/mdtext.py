"""Putting untrusted text into Markdown so that it stays text in every reader the minutes meet.

The minutes are read by markdown-it (our HTML export), by GFM readers such as cmark-gfm (GitHub;
GitLab's is alike) and by pandoc's Markdown (schools turn them into Word or PDF), and each gives
meaning to other punctuation. So we escape the union. CommonMark and pandoc both let any ASCII
punctuation be backslash-escaped and read the escape as that character, so one escaped text is
plain text in all of them. Letters and digits are never escaped: in pandoc a backslash before a
letter is raw TeX (`\\a` is dropped from Word output), and the file should stay readable as it
is. Every backslash the user typed is doubled, so no backslash reaches a reader on its own.

Fixed, translated strings supply all structure; user text only ever fills it in.

Left to the readers, on purpose:
- pandoc's typography (its `smart` extension): straight quotes print curly, `--` and `---` as
  dashes, `...` as an ellipsis, and the space after "Mr." does not break. That is typesetting,
  not other text: the words and their meaning stay, and escaping every apostrophe ("auto\\'s")
  would make the file hard to read for the sake of a glyph.
- A bare e-mail address becomes a mailto: link in GFM readers. cmark-gfm looks for addresses in
  the text after escapes are resolved, so no escape stops it; only an invisible character inside
  the address would, and that breaks copying the address from the document. The link goes
  exactly where its text says.
- What GitHub's site does to rendered text (@mentions, #123, :emoji:) is not Markdown, and no
  escape reaches it.
"""

from __future__ import annotations

import re

from driehoek.text import clean_line, clean_text

_INLINE = re.compile(
    # CommonMark: \ escapes, ` code, * _ emphasis, [ ] ! links and images, < > autolinks and
    # HTML, & entities, | table cells, ~ strikethrough, # a heading's closing hashes.
    # pandoc: ^ superscript and inline notes ^[..], ~ subscript, $ maths, @ citations,
    # { } attributes (a heading's {#id .class}, [span]{.x}).
    r"[\\`*_\[\]<>|~&#!^$@{}]"
    # GFM's autolinks: the colon of `https://` (cmark-gfm looks for `://` where it meets an
    # unescaped colon); pandoc's gfm reader: the first colon of an emoji such as :smile:.
    r"|:(?=//|[\w+-]+:)"
    # GFM's autolinks: `www.` (cmark-gfm compares the raw text with "www.").
    r"|(?<=[wW]{3})\."
)
# At a line's start, what opens a block. CommonMark: - + lists, = - setext underlines and rules,
# > quotes. pandoc also: + grid tables, : definition lists and fenced divs (:::), % the title
# block (at the file's start), ( lists like (1) (a) (@).
_BLOCK_CHAR = re.compile(r"^[-+=>:%(]")
# An ordered list's marker: 1. 1) in CommonMark, and in pandoc also a letter or a roman numeral
# (a. B) iv.; pandoc's commonmark_x takes any one letter, À) too); the dot or bracket after it is
# escaped, so the number stays text. And pandoc's "Table:", which makes a paragraph next to a
# table its caption: its colon is escaped.
_BLOCK_MARKER = re.compile(
    r"^(?:\d+|[^\W\d_]|[ivxlcdm]+|[IVXLCDM]+)(?=[.)](?:\s|$))|^[Tt]able(?=:)"
)


def _escape_line(line: str) -> str:
    line = _INLINE.sub(r"\\\g<0>", line.strip())
    line = _BLOCK_CHAR.sub(r"\\\g<0>", line, count=1)
    return _BLOCK_MARKER.sub(r"\g<0>\\", line, count=1)


def inline(text: str) -> str:
    """One line of user text for a heading, a list item or a table cell."""
    return _escape_line(" ".join(clean_line(text).split()))


def cell(text: str) -> str:
    """User text for a table cell: one line, pipes escaped, never empty (an empty cell reads
    as a missing value, so it shows a dash)."""
    return inline(text) or "–"


def paragraph(text: str) -> str:
    """User text as one paragraph, its line breaks kept as hard breaks (a backslash before the
    line end, which pandoc reads too), blank lines dropped."""
    lines = [_escape_line(line) for line in clean_text(text).splitlines() if line.strip()]
    return "\\\n".join(lines)
