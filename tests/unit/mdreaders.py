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

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

import pytest
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

Reader = Literal["markdown-it", "cmark-gfm", "pandoc", "pandoc-gfm", "pandoc-commonmark_x"]
READERS: tuple[Reader, ...] = (
    "markdown-it",
    "cmark-gfm",
    "pandoc",
    "pandoc-gfm",
    "pandoc-commonmark_x",
)
"""markdown-it as dossier.py renders; cmark-gfm with GitHub's extensions; pandoc's default
`markdown` reader (Word and PDF), its `gfm` reader and its CommonMark with pandoc's extensions."""

_PANDOC_FORMATS = {"pandoc": "markdown", "pandoc-gfm": "gfm", "pandoc-commonmark_x": "commonmark_x"}
_EXTENSIONS = ("table", "strikethrough", "autolink", "tagfilter", "tasklist")
CMARK_GFM = ["cmark-gfm", *(arg for name in _EXTENSIONS for arg in ("-e", name))]
"""cmark-gfm with the extensions GitHub turns on."""
SMART: frozenset[Reader] = frozenset({"pandoc", "pandoc-commonmark_x"})
"""Readers with pandoc's `smart` typography on (see `driehoek.mdtext`: typesetting, not text)."""
GFM: frozenset[Reader] = frozenset({"cmark-gfm", "pandoc-gfm"})
"""Readers with GFM's autolinks, which link a bare e-mail address whatever its escapes."""

BR = ("br",)
Inline = str | tuple[Any, ...]
"""Text, a hard break `BR`, or any other inline node as (type, details…, children)."""

_MARKDOWN_IT = MarkdownIt("js-default")
_NAMES = {
    "em": "em", "emph": "em", "Emph": "em",
    "strong": "strong", "Strong": "strong",
    "s": "strike", "strikethrough": "strike", "Strikeout": "strike",
}  # fmt: skip
"""The inline nodes with children that fixed strings may use (`_nothing recorded_`), one name
for each reader's."""
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
    return _outline(_parse(markdown, reader), reader, typography=typography)


def outlines(markdown: str, *, typography: bool = False) -> dict[Reader, list[str]]:
    """Every reader's outline of the document; the four tools run at the same time."""
    with ThreadPoolExecutor(max_workers=len(READERS)) as pool:
        parsed = dict(zip(READERS, pool.map(lambda r: _parse(markdown, r), READERS), strict=True))
    return {r: _outline(blocks, r, typography=typography) for r, blocks in parsed.items()}


def _parse(markdown: str, reader: Reader) -> list[Block]:
    if reader == "markdown-it":
        return _mdit_blocks(SyntaxTreeNode(_MARKDOWN_IT.parse(markdown)).children)
    if reader == "cmark-gfm":
        return _cmark_blocks(_cmark_xml(markdown))
    return _pandoc_blocks(_pandoc_json(markdown, _PANDOC_FORMATS[reader]))


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


# --- one shape for every reader: blocks as (path part, children or inlines) --------------------

Block = tuple[str, Any]
"""("heading(2)", inlines) for a leaf; ("bullet_list", [blocks…]) for a container."""


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


# --- markdown-it ------------------------------------------------------------------------------


def _mdit_blocks(nodes: Sequence[SyntaxTreeNode]) -> list[Block]:
    blocks: list[Block] = []
    for node in nodes:
        kind = node.type
        if kind == "heading":
            blocks.append((f"heading({node.tag[1:]})", _mdit_inlines(node.children[0])))
        elif kind == "paragraph":
            blocks.append(("plain" if node.hidden else "para", _mdit_inlines(node.children[0])))
        elif kind in ("bullet_list", "ordered_list"):
            name = kind if kind == "bullet_list" else f"ordered_list({node.attrs.get('start', 1)})"
            blocks.append((name, [("item", _mdit_blocks(item.children)) for item in node.children]))
        elif kind == "table":
            head, *body = node.children
            rows = [
                ("row", [("cell", _mdit_inlines(cell.children[0])) for cell in tr.children])
                for part in (head, *body)
                for tr in part.children
            ]
            blocks.append(("table", [("head", rows[:1]), ("body", rows[1:])]))
        else:
            blocks.append((f"other:{kind}", ((kind, node.content),)))
    return blocks


def _mdit_inlines(node: SyntaxTreeNode) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for child in node.children:
        kind = child.type
        if kind == "text":
            out.append(child.content)
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append(BR)
        elif kind == "link":
            out.append(("link", str(child.attrs.get("href", "")), _mdit_inlines(child)))
        elif child.children:
            out.append((_NAMES.get(kind, kind), _mdit_inlines(child)))
        else:
            out.append((kind, child.content))
    return tuple(out)


# --- cmark-gfm --------------------------------------------------------------------------------

_NS = "{http://commonmark.org/xml/1.0}"


def _cmark_xml(markdown: str) -> ET.Element:
    done = subprocess.run(
        [*CMARK_GFM, "--to", "xml"], input=markdown, capture_output=True, text=True, check=True
    )
    return ET.fromstring(done.stdout)


def _tag(element: ET.Element) -> str:
    return element.tag.removeprefix(_NS)


def _cmark_blocks(parent: ET.Element, *, tight: bool = False) -> list[Block]:
    blocks: list[Block] = []
    for element in parent:
        kind = _tag(element)
        if kind == "heading":
            blocks.append((f"heading({element.get('level')})", _cmark_inlines(element)))
        elif kind == "paragraph":
            blocks.append(("plain" if tight else "para", _cmark_inlines(element)))
        elif kind == "list":
            is_tight = element.get("tight") == "true"
            ordered = element.get("type") == "ordered"
            name = f"ordered_list({element.get('start')})" if ordered else "bullet_list"
            items = [(_item_name(item), _cmark_blocks(item, tight=is_tight)) for item in element]
            blocks.append((name, items))
        elif kind == "table":
            rows = [
                ("row", [("cell", _cmark_inlines(cell)) for cell in row])
                for row in element
                if _tag(row) in ("table_header", "table_row")
            ]
            blocks.append(("table", [("head", rows[:1]), ("body", rows[1:])]))
        else:
            blocks.append((f"other:{kind}", ((kind, element.text or ""),)))
    return blocks


def _item_name(item: ET.Element) -> str:
    # A task list item (`- [ ] x`) is its own element in cmark-gfm's XML.
    return "item" if _tag(item) == "item" else f"item:{_tag(item)}"


def _cmark_inlines(parent: ET.Element) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for element in parent:
        kind = _tag(element)
        if kind == "text":
            out.append(element.text or "")
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "linebreak":
            out.append(BR)
        elif kind == "link":
            out.append(("link", element.get("destination", ""), _cmark_inlines(element)))
        elif len(element):
            out.append((_NAMES.get(kind, kind), _cmark_inlines(element)))
        else:
            out.append((kind, element.text or ""))
    return tuple(out)


# --- pandoc -----------------------------------------------------------------------------------


def _pandoc_json(markdown: str, fmt: str) -> list[Any]:
    done = subprocess.run(
        ["pandoc", "-f", fmt, "-t", "json"],
        input=markdown,
        capture_output=True,
        text=True,
        check=True,
    )
    document = json.loads(done.stdout)
    blocks: list[Any] = document["blocks"]
    if document["meta"]:  # a title block or YAML metadata made from the text
        blocks = [{"t": "Meta", "c": document["meta"]}, *blocks]
    return blocks


def _pandoc_blocks(blocks: Sequence[dict[str, Any]]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        kind: str = block["t"]
        content: Any = block.get("c")
        if kind == "Header":
            level, (_, classes, pairs), inlines = content
            name = f"heading({level})" if not classes and not pairs else f"heading{classes}{pairs}"
            out.append((name, _pandoc_inlines(inlines)))
        elif kind in ("Para", "Plain"):
            out.append((kind.lower(), _pandoc_inlines(content)))
        elif kind == "BulletList":
            out.append(("bullet_list", [("item", _pandoc_blocks(item)) for item in content]))
        elif kind == "OrderedList":
            (start, _, _), items = content
            name = f"ordered_list({start})"
            out.append((name, [("item", _pandoc_blocks(item)) for item in items]))
        elif kind == "Table":
            out.append(("table", _pandoc_table(content)))
        else:
            out.append((f"other:{kind}", ((kind, json.dumps(content, ensure_ascii=False)),)))
    return out


def _pandoc_table(content: list[Any]) -> list[Block]:
    _, (_, caption), _, (_, head_rows), bodies, (_, foot_rows) = content
    body_rows = [row for _, _, head, rows in bodies for row in (*head, *rows)]
    parts: list[Block] = []
    if caption:
        parts.append(("caption", _pandoc_blocks(caption)))
    parts += [
        ("head", [_pandoc_row(row) for row in head_rows]),
        ("body", [_pandoc_row(row) for row in body_rows]),
    ]
    if foot_rows:
        parts.append(("foot", [_pandoc_row(row) for row in foot_rows]))
    return parts


def _pandoc_row(row: list[Any]) -> Block:
    _, cells = row
    return ("row", [("cell", _pandoc_cell(blocks)) for _, _, _, _, blocks in cells])


def _pandoc_cell(blocks: list[dict[str, Any]]) -> tuple[Inline, ...]:
    if not blocks:
        return ()
    if len(blocks) == 1 and blocks[0]["t"] == "Plain":
        return _pandoc_inlines(blocks[0]["c"])
    return (("blocks", json.dumps(blocks, ensure_ascii=False)),)


_QUOTES = {"DoubleQuote": ("“", "”"), "SingleQuote": ("‘", "’")}


def _pandoc_inlines(inlines: Sequence[dict[str, Any]]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for item in inlines:
        kind: str = item["t"]
        content: Any = item.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak"):
            out.append(" ")
        elif kind == "LineBreak":
            out.append(BR)
        elif kind == "Quoted":  # smart quotes: the quotes are text, typeset (see mdtext)
            opening, closing = _QUOTES[content[0]["t"]]
            out += [opening, *_pandoc_inlines(content[1]), closing]
        elif kind == "Link":
            _, children, (href, _) = content
            out.append(("link", href, _pandoc_inlines(children)))
        elif kind in _NAMES:
            out.append((_NAMES[kind], _pandoc_inlines(content)))
        else:
            out.append((kind, json.dumps(content, ensure_ascii=False)))
    return tuple(out)
