"""The chain hash's quick way of writing a row as JSON gives exactly the text the chain is
defined by (`json.dumps`), so every hash already stored still verifies."""

from __future__ import annotations

import hashlib
import json
from enum import IntEnum, StrEnum

import pytest

from driehoek.audit import chain_hash


class _Kind(StrEnum):
    CREATE = "create"


class _Number(IntEnum):
    SEVEN = 7


ROWS: list[tuple[object, ...]] = [
    (1, "2027-01-11T09:30:00+00:00", "coordinator", "", "create", "students", 7, None, 1),
    (
        2**62,
        'quote " back \\ slash',
        "tab\there\nnew line \x1b[31m",
        "é ü 你好 😀",
        "",
        "",
        0,
        -5,
        None,
    ),
    ("1", None, "", "null", "[1,2]", "\u2028\u2029", "\x00", True, False),
    (1.5, 2.0, float("1e300"), "x", None, None, None, None, None),
    (3, "2027-01-11T09:30:00+00:00", "", "", _Kind.CREATE, "students", _Number.SEVEN, None, 1),
    (),
]


@pytest.mark.parametrize("previous", [None, "", "ab" * 32])
@pytest.mark.parametrize("values", ROWS)
def test_the_quick_text_is_json_dumps_text(
    previous: str | None, values: tuple[object, ...]
) -> None:
    text = json.dumps([previous or "", *values], ensure_ascii=False, separators=(",", ":"))
    assert chain_hash(previous, *values) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_values_json_cannot_write_are_refused_as_before() -> None:
    with pytest.raises(TypeError):
        chain_hash(None, b"bytes")
