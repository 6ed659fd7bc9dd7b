"""The minutes mean the same in every reader: markdown-it, cmark-gfm (GitHub) and pandoc.

Each test renders Markdown, has every reader parse it, and compares their outlines (see
`mdreaders`): the same blocks in the same places, holding nothing but text and line breaks, and
the text is what was typed. pandoc's typography is folded back before comparing (see
`driehoek.mdtext` for why that is not other text); so is a GFM reader's link on a bare e-mail
address to exactly that address, which no escape can stop.

cmark-gfm and pandoc are system tools: these tests skip without them, and fail in CI.
"""

from __future__ import annotations

import re
import string
import subprocess

import pytest
from hostile_text import HOSTILE, OTHER_READERS, RESEARCH_EXAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st
from mdreaders import SMART, leaf, outline, outlines, require_tools, with_breaks
from mdtokens import squeeze
from mdtrees import CMARK_GFM, READERS, Reader
from sample_meetings import evaluation_with_text_everywhere, filled_meeting

from driehoek import mdtext
from driehoek.dossier import placement_markdown
from driehoek.i18n import LANGUAGES, Lang
from driehoek.minutes import render_minutes
from driehoek.store import Store
from driehoek.text import clean_line, clean_text

EVERY_HOSTILE = {**HOSTILE, **OTHER_READERS, "research": "\n".join(RESEARCH_EXAMPLES)}


@pytest.fixture(autouse=True)
def _tools() -> None:
    require_tools()


def _agree(markdown: str) -> dict[Reader, list[str]]:
    """Every reader's outline equals markdown-it's (for pandoc's Markdown with its typography
    folded back, see `mdreaders`); returns the outlines."""
    found = outlines(markdown)
    folded = outline(markdown, "markdown-it", typography=True)
    for reader in READERS[1:]:
        assert found[reader] == (folded if reader in SMART else found["markdown-it"]), reader
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_filled_minutes_read_the_same_in_every_reader(store: Store, lang: Lang) -> None:
    _agree(render_minutes(filled_meeting(store), lang))


@pytest.mark.parametrize("text", EVERY_HOSTILE.values(), ids=EVERY_HOSTILE.keys())
def test_hostile_minutes_read_the_same_in_every_reader(store: Store, text: str) -> None:
    # The placement's dossier: an intake and an evaluation with `text` in every field, as one
    # document (one call per reader). One language: the escaping is the same in both, and the
    # test above reads both catalogues.
    evaluation = evaluation_with_text_everywhere(store, text)
    found = _agree(placement_markdown(store, evaluation.placement.id, "nl"))
    # Each text in a table cell is a cell holding exactly that text: at the intake the names,
    # roles, factor notes, agreements and their "when" (18); at the evaluation the names and
    # roles, the reviewed agreements and reasons, the goal and its progress, the factor notes,
    # the new agreement and its "when" (22).
    one = " ".join(clean_line(text).split())
    for reader, lines in found.items():
        cell = ".cell" + leaf("", one, typography=reader in SMART)
        assert sum(line.endswith(cell) for line in lines) == 18 + 22, reader


# --- any text at all, through inline, cell and paragraph, in every reader --------------------

# Characters and openings some reader gives meaning to, mixed in often: CommonMark's and
# pandoc's punctuation, line starts (`\n` then a marker), autolinks, emoji, typography.
TOKENS = [
    *"\\`*_[]()<>|~&#!-+=.:;/'\"{}$^%@0123456789 \t\n\r\u00a0\u2028xiIvV",
    *("\n- ", "\n1. ", "\na) ", "\n(@) ", "\n: ", "\n% ", "\n::: ", "\n| ", "\n+--+", "\n# "),
    *("\nTable: ", "\niv. ", "\nB.  ", "\n---\n", "    ", "www.", "https://", "mail@x.nl"),
    *(":smile:", "$$", "^[", "[@", "[^1]", "{.x}", "\\a", "--", "...", "Mr. "),
]
# U+FFFE and U+FFFF cannot be written in XML, and cmark-gfm's XML passes them through.
_CHARACTERS = st.characters(codec="utf-8", exclude_characters="\ufffe\uffff")
texts = st.lists(st.one_of(st.sampled_from(TOKENS), _CHARACTERS), max_size=30).map("".join)


def _document(strings: list[str]) -> tuple[str, dict[bool, list[str]]]:
    """One document with every string in each place the minutes put user text, and the outline
    every reader should give (with pandoc's typography folded, and without).

    The first string's paragraph opens the document (pandoc's `%` title block); every other
    paragraph follows a table (pandoc's "Table:" caption). The rest is as in the minutes and the
    report: a heading of the text alone, table cells first and last in a row, a labelled list
    item (`- visit: …`) and a numbered one (`1. …`, the goals).
    """
    parts: list[str] = []
    expected: dict[bool, list[str]] = {False: [], True: []}

    def block(markdown: str, *leaves: tuple[str, str]) -> None:
        for fold in (False, True):
            expected[fold] += [
                leaf(f"{len(parts)}.{path}", *with_breaks(v), typography=fold) for path, v in leaves
            ]
        parts.append(markdown)

    if squeeze(clean_text(strings[0])):
        block(mdtext.paragraph(strings[0]), ("para", squeeze(clean_text(strings[0]))))
    for n, value in enumerate(strings, start=1):
        one = " ".join(clean_line(value).split())
        many = squeeze(clean_text(value))
        if one:
            block(f"## {mdtext.inline(value)}", ("heading(2)", one))
        row = ("tekst", "nr", "tekst")
        block(
            f"| tekst | nr | tekst |\n| --- | --- | --- |\n"
            f"| {mdtext.cell(value)} | {n} | {mdtext.cell(value)} |",
            *((f"table 0.head 0.row {i}.cell", name) for i, name in enumerate(row)),
            *(
                (f"table 1.body 0.row {i}.cell", cell)
                for i, cell in enumerate((one or "–", str(n), one or "–"))
            ),
        )
        if many:
            block(mdtext.paragraph(value), ("para", many))
        block(
            f"- {n}: {mdtext.paragraph(value)}",
            ("bullet_list 0.item 0.plain", squeeze(f"{n}: {many}")),
        )
        if many:
            block(f"{n}. {mdtext.paragraph(value)}", (f"ordered_list({n}) 0.item 0.plain", many))
    return "\n\n".join(parts) + "\n", expected


@settings(max_examples=50, deadline=None)
@given(st.lists(texts, min_size=5, max_size=20))
def test_any_text_reads_back_as_itself_in_every_reader(strings: list[str]) -> None:
    markdown, expected = _document(strings)
    for reader, found in outlines(markdown).items():
        assert found == expected[reader in SMART], reader


def test_every_escape_is_the_character_in_every_reader() -> None:
    # CommonMark and pandoc both read a backslash before any ASCII punctuation as that
    # character; mdtext relies on it for each character it escapes.
    escaped = "".join(f"\\{c} " for c in string.punctuation)
    for reader in READERS:
        found = outline(f"x {escaped}\n", reader)
        assert found == [
            leaf("0.para", "x " + " ".join(string.punctuation), typography=reader in SMART)
        ], reader


def test_github_links_an_email_address_to_that_address_and_nothing_else() -> None:
    # The one link a GFM reader makes of typed text, which no escape prevents (see mdtext):
    # it goes exactly where its text says. The outlines read it as text; here it is as GitHub
    # shows it.
    typed = "Mail jan@school.example, <piet@evil.example> of https://evil.example www.evil.example"
    done = subprocess.run(
        [*CMARK_GFM, "-t", "html"],
        input=mdtext.paragraph(typed),
        capture_output=True,
        text=True,
        check=True,
    )
    assert re.findall(r"<a [^>]*>[^<]*</a>", done.stdout) == [
        '<a href="mailto:jan@school.example">jan@school.example</a>',
        '<a href="mailto:piet@evil.example">piet@evil.example</a>',
    ]
