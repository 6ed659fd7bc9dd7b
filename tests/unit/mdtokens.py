"""Reading Markdown back as a reader's tool would: markdown-it-py's safe preset, as tokens."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

MD = MarkdownIt("js-default")

TEXT_ONLY = {"text", "hardbreak", "softbreak"}
"""What the inline content of a user's text may consist of: text and line breaks, nothing else."""


def parse(text: str) -> list[Token]:
    """The block tokens of `text`."""
    return MD.parse(text)


def all_types(tokens: list[Token]) -> set[str]:
    """Every token type, block and inline."""
    types = set()
    for token in tokens:
        types.add(token.type)
        types.update(child.type for child in token.children or ())
    return types


def plain(inline: Token | SyntaxTreeNode) -> str:
    """The visible text of an inline token, line breaks as newlines; each line's spaces squeezed.

    Raises:
        AssertionError: The text holds anything but text and line breaks (a link, emphasis,
            code, HTML): user text that turned into structure.
    """
    token = inline.token if isinstance(inline, SyntaxTreeNode) else inline
    assert token is not None
    assert token.type == "inline", token
    children = token.children or []
    assert {c.type for c in children} <= TEXT_ONLY, [c.type for c in children]
    raw = "".join(c.content if c.type == "text" else "\n" for c in children)
    return squeeze(raw)


def squeeze(text: str) -> str:
    """Whitespace-normalised: blank lines dropped, runs of spaces made one."""
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def headings(tokens: list[Token]) -> list[tuple[str, str]]:
    """(tag, text) of every heading, in order."""
    return [
        (token.tag, plain(tokens[i + 1]))
        for i, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def tables(tokens: list[Token]) -> list[list[list[str]]]:
    """Every table as rows of cell texts, the header row first."""
    found = []
    for node in SyntaxTreeNode(tokens).walk():
        if node.type == "table":
            rows = [tr for part in node.children for tr in part.children]
            found.append([[plain(cell.children[0]) for cell in tr.children] for tr in rows])
    return found


def list_items(tokens: list[Token]) -> list[list[str]]:
    """Every list as the texts of its items (each item one paragraph)."""
    found = []
    for node in SyntaxTreeNode(tokens).walk():
        if node.type in ("bullet_list", "ordered_list"):
            items = []
            for item in node.children:
                assert [c.type for c in item.children] == ["paragraph"], item.pretty()
                items.append(plain(item.children[0].children[0]))
            found.append(items)
    return found


def paragraphs(tokens: list[Token]) -> list[str]:
    """The text of every paragraph that is not inside a list or a table."""
    root = SyntaxTreeNode(tokens)
    return [plain(node.children[0]) for node in root.children if node.type == "paragraph"]
