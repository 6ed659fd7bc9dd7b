"""Markdown as each reader of the minutes sees it, in one shape that can be compared.

We render with markdown-it; schools read the same file with cmark-gfm (GitHub's GFM) and
pandoc (into Word or PDF). Each reader's tree becomes an *outline*: one line per leaf block
(heading, paragraph, table cell), named by its path from the document's root, with its inline
content. Two readers agree when their outlines are equal: the same blocks, nested the same way,
holding the same inline nodes and the same text.

    0.heading(1): 'Verslag startgesprek: Roos'
    3.table 0.head 0.row 1.cell: 'Partij'
    9.bullet_list 1.item 0.plain: 'Student: a' <br> 'b'

Text is compared with its whitespace squeezed (readers differ in tabs and soft line ends, as in
`mdtokens.squeeze`). Anything but text and hard breaks inside a leaf (a link, emphasis, code,
maths, a citation, raw HTML or TeX) shows as `<type …>`, so it cannot pass for text.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest
from mdtrees import BR, READERS, Block, Inline, Reader, parse

SMART: frozenset[Reader] = frozenset({"pandoc", "pandoc-commonmark_x"})
"""Readers with pandoc's `smart` typography on (see `driehoek.mdtext`: typesetting, not text)."""
GFM: frozenset[Reader] = frozenset({"cmark-gfm", "pandoc-gfm"})
"""Readers with GFM's autolinks, which link a bare e-mail address whatever its escapes."""
_TYPOGRAPHY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "--", "—": "---"})


def in_ci() -> bool:
    """Whether we run in CI, where a missing tool is a failure (as in tests/e2e/conftest.py)."""
    return os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}


def require_tools() -> None:
    """Skip when cmark-gfm or pandoc is missing, except in CI (.ci/run installs them)."""
    missing = [tool for tool in ("cmark-gfm", "pandoc") if shutil.which(tool) is None]
    if missing:
        message = f"{' and '.join(missing)} not installed (apt-get install cmark-gfm pandoc)"
        if in_ci():
            pytest.fail(f"{message}; .ci/run installs them")
        pytest.skip(message)


def outline(markdown: str, reader: Reader, *, typography: bool = False) -> list[str]:
    """The document as `reader` sees it, one line per leaf block.

    Args:
        markdown: The document.
        reader: Which reader parses it.
        typography: Fold typographic quotes, dashes and ellipses back to what one types
            (`"`, `'`, `--`, `---`, `...`) in this reader's text; always done for pandoc's
            `smart` readers, and for the others when they are compared with those.
    """
    return _outline(parse(markdown, reader), reader, typography=typography)


def outlines(markdown: str, *, typography: bool = False) -> dict[Reader, list[str]]:
    """Every reader's outline of the document; the four tools run at the same time."""
    with ThreadPoolExecutor(max_workers=len(READERS)) as pool:
        parsed = dict(zip(READERS, pool.map(lambda r: parse(markdown, r), READERS), strict=True))
    return {r: _outline(blocks, r, typography=typography) for r, blocks in parsed.items()}


def _outline(blocks: list[Block], reader: Reader, *, typography: bool) -> list[str]:
    fold = typography or reader in SMART
    return [
        leaf(path, *_unlink_addresses(inlines) if reader in GFM else inlines, typography=fold)
        for path, inlines in _leaves(blocks, "")
    ]


def leaf(path: str, *inlines: Inline, typography: bool = False) -> str:
    """One outline line, for writing down what a reader should see.

    Args:
        path: Where the block is, as `outline` names it.
        inlines: Its content: text, `BR` for a hard break.
        typography: Fold typographic quotes, dashes and ellipses to ASCII (see `outline`).
    """
    found = _squeeze_inlines(inlines)
    return f"{path}: {_show(_fold(found) if typography else found)}"


def _fold(inlines: Iterable[Inline]) -> tuple[Inline, ...]:
    """What pandoc's `smart` typesets, undone: curly quotes, dashes and ellipses as typed in
    ASCII, and no space inside quotes (pandoc's quotes trim it: `'a ' b` prints as ‘a’ b)."""
    return tuple(
        re.sub(r"\s*(['\"])\s*", r"\1", item.translate(_TYPOGRAPHY).replace("…", "..."))
        if isinstance(item, str)
        else tuple(_fold(part) if isinstance(part, tuple) else part for part in item)
        for item in inlines
    )


def with_breaks(value: str) -> tuple[Inline, ...]:
    """Inline content of text whose line breaks are hard breaks."""
    parts: list[Inline] = []
    for i, line in enumerate(value.split("\n")):
        parts += [BR, line] if i else [line]
    return tuple(parts)


def _leaves(blocks: Sequence[Block], prefix: str) -> Iterable[tuple[str, tuple[Inline, ...]]]:
    for i, (name, content) in enumerate(blocks):
        path = f"{prefix} {i}.{name}".strip()
        if _is_leaf(name):
            yield path, content
        else:
            yield from _leaves(content, path)
        if not _is_leaf(name) and not content:
            yield path, ()  # an empty container (a list item with nothing in it) is a leaf


def _is_leaf(name: str) -> bool:
    return name.startswith(("heading", "para", "plain", "cell", "other:"))


def _unlink_addresses(inlines: Iterable[Inline]) -> list[Inline]:
    """A GFM reader's mailto: link whose target is its own text, read as that text (see
    `driehoek.mdtext`: no escape stops it, and it goes where its text says)."""
    out: list[Inline] = []
    for item in inlines:
        if isinstance(item, tuple) and item[0] == "link" and len(item) == 3:
            href, children = item[1], item[2]
            if (
                len(children) == 1
                and isinstance(children[0], str)
                and "@" in children[0]
                and href.startswith(("mailto:", "xmpp:"))
                and href in (children[0], f"mailto:{children[0]}")
            ):
                out.append(children[0])
                continue
        out.append(item)
    return out


def _squeeze_inlines(inlines: Iterable[Inline]) -> tuple[Inline, ...]:
    """Adjacent texts joined, whitespace runs made one space, none at a leaf's or line's ends."""
    merged: list[Inline] = []
    for item in inlines:
        if isinstance(item, str) and merged and isinstance(merged[-1], str):
            merged[-1] += item
        else:
            merged.append(item)
    out: list[Inline] = []
    for i, item in enumerate(merged):
        if isinstance(item, str):
            item = re.sub(r"\s+", " ", item)
            if i == 0 or merged[i - 1] == BR:
                item = item.lstrip()
            if i == len(merged) - 1 or merged[i + 1] == BR:
                item = item.rstrip()
            if not item:
                continue
        out.append(item)
    return tuple(out)


def _show(inlines: Iterable[Inline]) -> str:
    return " ".join(_show_one(item) for item in inlines)


def _show_one(item: Inline) -> str:
    if isinstance(item, str):
        return repr(item)
    if item == BR:
        return "<br>"
    parts = [
        _show(_squeeze_inlines(part)) if isinstance(part, tuple) else repr(part)
        for part in item[1:]
    ]
    return f"<{' '.join([str(item[0]), *parts])}>"
