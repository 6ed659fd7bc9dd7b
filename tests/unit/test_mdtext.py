"""Any text at all, put into Markdown by `mdtext`, reads back as that text and nothing more."""

from __future__ import annotations

import re

import pytest
from hostile_text import RESEARCH_EXAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st
from mdtokens import all_types, headings, list_items, parse, plain, squeeze, tables

from driehoek import mdtext
from driehoek.text import clean_line, clean_text

# Characters Markdown gives meaning to, mixed in often so that examples are interesting.
MARKDOWN = list("\\`*_[]()<>|~&#!-+=.:;/'\"{}$^%@0123456789 \t\n\r\u00a0\u2028x")
texts = st.text(alphabet=st.one_of(st.sampled_from(MARKDOWN), st.characters()), max_size=80)
PARAGRAPH_TYPES = {"paragraph_open", "inline", "paragraph_close", "text", "hardbreak"}

many_examples = settings(max_examples=300, deadline=None)


def _one_line(text: str) -> str:
    return " ".join(clean_line(text).split())


@many_examples
@given(texts)
def test_inline_reads_back_as_one_line_of_text(text: str) -> None:
    tokens = parse(mdtext.inline(text))
    expected = _one_line(text)
    if not expected:
        assert tokens == []
        return
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert all_types(tokens) <= PARAGRAPH_TYPES - {"hardbreak"}
    assert plain(tokens[1]) == expected


@many_examples
@given(texts)
def test_inline_in_a_heading_stays_one_heading(text: str) -> None:
    tokens = parse(f"# Verslag: {mdtext.inline(text)}")
    assert headings(tokens) == [("h1", squeeze(f"Verslag: {_one_line(text)}"))]
    assert [t.type for t in tokens] == ["heading_open", "inline", "heading_close"]


@many_examples
@given(texts, texts)
def test_cells_stay_in_their_column(first: str, second: str) -> None:
    row = f"| {mdtext.cell(first)} | vast | {mdtext.cell(second)} |"
    tokens = parse(f"| a | b | c |\n| --- | --- | --- |\n{row}\n| x | y | z |")
    assert tables(tokens) == [
        [
            ["a", "b", "c"],
            [_one_line(first) or "–", "vast", _one_line(second) or "–"],
            ["x", "y", "z"],
        ]
    ]


@many_examples
@given(texts)
def test_a_paragraph_keeps_its_lines_and_nothing_else(text: str) -> None:
    expected = squeeze(clean_text(text))
    tokens = parse(f"{mdtext.paragraph(text)}\n\nEinde.")
    if not expected:
        assert [t.content for t in tokens if t.type == "inline"] == ["Einde."]
        return
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"] * 2
    assert all_types(tokens) <= PARAGRAPH_TYPES
    assert plain(tokens[1]) == expected
    assert plain(tokens[4]) == "Einde."


@many_examples
@given(texts, texts)
def test_a_paragraph_in_a_list_item_stays_in_that_item(first: str, second: str) -> None:
    # The minutes put notes in list items ("- visit: ...", "1. goal"); a note's later lines
    # must neither start a new item nor leave the list.
    for marker in ("-", "1."):
        source = (
            f"{marker} soort: {mdtext.paragraph(first)}\n{marker} soort: {mdtext.paragraph(second)}"
        )
        items = list_items(parse(source))
        assert items == [
            [
                squeeze(f"soort: {squeeze(clean_text(first))}"),
                squeeze(f"soort: {squeeze(clean_text(second))}"),
            ]
        ]


@many_examples
@given(texts)
def test_every_backslash_escapes_punctuation_or_breaks_the_line(text: str) -> None:
    # Other readers agree with CommonMark only there: pandoc reads a backslash before a letter
    # as raw TeX (gone from Word output) and before a space as a no-break space.
    punctuation = r"!-/:-@\[-`{-~"
    for written in (mdtext.inline(text), mdtext.paragraph(text)):
        assert re.fullmatch(rf"(?:[^\\]|\\[{punctuation}]|\\\n)*", written), written


@pytest.mark.parametrize("text", RESEARCH_EXAMPLES)
def test_the_round_trip_examples_from_the_research(text: str) -> None:
    assert _paragraph_text(text) == squeeze(clean_text(text))


def _paragraph_text(text: str) -> str:
    tokens = parse(mdtext.paragraph(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    return plain(tokens[1])


def test_an_empty_cell_shows_a_dash() -> None:
    assert mdtext.cell("") == "–"
    assert mdtext.cell(" \n\t ") == "–"
    assert mdtext.cell("\x1b\u202e") == "–"
