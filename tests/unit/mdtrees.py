"""Each Markdown reader's tree in one shape: blocks of (name, children or inlines).

`parse` runs a reader (markdown-it in process; cmark-gfm and pandoc as the command-line tools)
and returns its blocks: ("heading(2)", inlines), ("para", inlines), ("plain", inlines) for a
paragraph in a tight list, ("bullet_list", items), ("ordered_list(3)", items), ("table",
[head, body]) with rows of ("cell", inlines), and ("other:<type>", …) for anything else. Inlines
are text, `BR` for a hard break, or (type, details…, children). `mdreaders` compares them.
"""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any, Literal

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

BR = ("br",)
Inline = str | tuple[Any, ...]
"""Text, a hard break `BR`, or any other inline node as (type, details…, children)."""
Block = tuple[str, Any]
"""("heading(2)", inlines) for a leaf; ("bullet_list", [blocks…]) for a container."""

_MARKDOWN_IT = MarkdownIt("js-default")
_NAMES = {
    "em": "em", "emph": "em", "Emph": "em",
    "strong": "strong", "Strong": "strong",
    "s": "strike", "strikethrough": "strike", "Strikeout": "strike",
}  # fmt: skip
"""The inline nodes with children that fixed strings may use (`_nothing recorded_`), one name
for each reader's."""


def parse(markdown: str, reader: Reader) -> list[Block]:
    """The document's blocks as `reader` reads it."""
    if reader == "markdown-it":
        return _mdit_blocks(SyntaxTreeNode(_MARKDOWN_IT.parse(markdown)).children)
    if reader == "cmark-gfm":
        return _cmark_blocks(_cmark_xml(markdown))
    return _pandoc_blocks(_pandoc_json(markdown, _PANDOC_FORMATS[reader]))


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
