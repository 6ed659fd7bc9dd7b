"""Reading exported minutes back as a Markdown reader would: markdown-it-py's safe preset."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

_MD = MarkdownIt("js-default")


def parse(text: str) -> list[Token]:
    """The block tokens of `text`."""
    return _MD.parse(text)


def inline_text(token: Token) -> str:
    """The visible text of an inline token; line breaks become newlines."""
    assert token.type == "inline", token
    parts = []
    for child in token.children or ():
        if child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        else:
            parts.append(child.content)
    return "".join(parts)


def structure(tokens: list[Token]) -> set[str]:
    """Every inline token type used in the text (text and line breaks only, if user text
    stayed text)."""
    return {child.type for t in tokens if t.type == "inline" for child in t.children or ()}


def headings(tokens: list[Token]) -> list[tuple[str, str]]:
    """(tag, text) of every heading."""
    return [
        (t.tag, inline_text(tokens[i + 1]))
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]


def section(tokens: list[Token], title: str) -> list[Token]:
    """The tokens under the h2 `title`, up to the next h2."""
    start = next(
        i
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h2" and inline_text(tokens[i + 1]) == title
    )
    end = next(
        (
            i
            for i in range(start + 1, len(tokens))
            if tokens[i].type == "heading_open" and tokens[i].tag == "h2"
        ),
        len(tokens),
    )
    return tokens[start + 3 : end]


def tables(tokens: list[Token]) -> list[list[list[str]]]:
    """Every table, as rows of cell texts with the header row first."""
    found: list[list[list[str]]] = []
    rows: list[list[str]] | None = None
    for t in tokens:
        if t.type == "table_open":
            rows = []
        elif rows is None:
            continue
        elif t.type == "tr_open":
            rows.append([])
        elif t.type == "inline":
            rows[-1].append(inline_text(t))
        elif t.type == "table_close":
            found.append(rows)
            rows = None
    return found


def list_items(tokens: list[Token]) -> list[str]:
    """The text of every list item (bullet or ordered), in order."""
    items = []
    inside = 0
    for t in tokens:
        if t.type == "list_item_open":
            inside += 1
        elif t.type == "list_item_close":
            inside -= 1
        elif t.type == "inline" and inside:
            items.append(inline_text(t))
    return items


def paragraphs(tokens: list[Token]) -> list[str]:
    """The text of every paragraph that is not inside a list or a table."""
    found = []
    depth = 0
    for i, t in enumerate(tokens):
        if t.type in ("list_item_open", "table_open"):
            depth += 1
        elif t.type in ("list_item_close", "table_close"):
            depth -= 1
        elif t.type == "paragraph_open" and not depth:
            found.append(inline_text(tokens[i + 1]))
    return found
