"""No bytes from the terminal crash the app: `KeyReader` turns anything into events.

Bytes that are not UTF-8 become U+FFFD (the user sees that a character did not arrive, and
can correct it); a key sequence Textual's parser raises on is dropped, and what follows it
still arrives. The real program, fed such bytes in a terminal, is in tests/e2e.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual import events
from textual.message import Message

from driehoek.textual_private import KeyReader

REPLACEMENT = "\ufffd"


def typed(messages: list[Message]) -> str:
    """The characters of the key events, as a field would receive them."""
    return "".join(m.character or "" for m in messages if isinstance(m, events.Key))


@pytest.mark.parametrize(
    ("bad", "arrives"),
    [
        (b"\xe9", REPLACEMENT),  # é from a Latin-1 terminal
        (b"\x9b", REPLACEMENT),  # C1 CSI from an 8-bit terminal
        (b"\xc3", REPLACEMENT),  # the first half of é, then a plain letter
        (b"\xff\xfe", REPLACEMENT * 2),
        (b"\xed\xa0\x80", REPLACEMENT * 3),  # an encoded surrogate
        (b"\xc3\xa9", "é"),  # the real thing
    ],
)
def test_bytes_that_are_not_utf8_arrive_as_the_replacement_character(
    bad: bytes, arrives: str
) -> None:
    assert typed(KeyReader().feed(b"ab" + bad + b"cd")) == f"ab{arrives}cd"


def test_a_character_split_over_two_reads_arrives_whole() -> None:
    reader = KeyReader()
    assert typed(reader.feed(b"ab\xc3")) == "ab"
    assert typed(reader.feed(b"\xa9cd")) == "écd"


@pytest.mark.parametrize(
    "sequence",
    [
        b"\x1b[99999999u",  # a key code beyond Unicode: chr() raises
        b"\x1b[97;1;99999999u",
        b"\x1b[97:65;1u",  # int('97:65') raises
        b"\x1b[97;1;1:99999999999u",  # OverflowError
        b"\x1b[::;u",
    ],
)
def test_a_sequence_the_parser_raises_on_is_dropped_and_typing_goes_on(sequence: bytes) -> None:
    reader = KeyReader()
    assert typed(reader.feed(b"ab" + sequence + b"cd")) == "abcd"
    assert typed(reader.feed(b"ef")) == "ef"


FRAGMENTS = [b"\x1b", b"[", b"<", b";", b":", b"u", b"~", b"M", b"m", b"R", b"t", b"$y", b"?"]

terminal_bytes = st.lists(
    st.one_of(
        st.binary(max_size=16),
        st.sampled_from(FRAGMENTS),
        st.integers(0, 2**70).map(lambda n: str(n).encode()),
    ),
    max_size=24,
).map(b"".join)


@given(st.lists(terminal_bytes, max_size=6))
def test_no_bytes_make_the_reader_raise(chunks: list[bytes]) -> None:
    reader = KeyReader()
    for chunk in chunks:
        reader.feed(chunk)
        reader.tick()
