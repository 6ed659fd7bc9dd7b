"""The row checks of a whole file remember each value they read (`RowChecker`): every row
still comes out exactly as checked by itself, good or refused, with the same reason."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from driehoek.csv_columns import FIELDS
from driehoek.csv_rows import MAX_TEXT, RowChecker, check_row

# Few values, so that rows repeat them (as a school's list does), good and bad alike.
CELL = st.sampled_from(
    ["", " ", "1-2-2027", "2027-02-01", "31-2-2027", "1-1-2026", "1.3.2028", "25491", "2549",
     "3", "niveau 2", "7", "BBL", "bol", "BPV", "32", "37,5", "200", "1.280", "x@y.nl", "x@y",
     "123456789", "12a", "Eva de Boer", "  Eva   de Boer ", "twee\nregels", "\x1b[2J", "=1+1",
     "Garage 7", "garage 7", "e" * (MAX_TEXT + 1)]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    fields=st.lists(st.sampled_from(list(FIELDS)), min_size=1, max_size=10, unique=True),
    rows=st.lists(st.lists(CELL, max_size=11), max_size=12),
)
def test_a_file_checked_with_the_memo_is_each_row_checked_alone(
    fields: list[str], rows: list[list[str]]
) -> None:
    columns = {name: i for i, name in enumerate(fields)}
    checker = RowChecker(columns)
    for line, cells in enumerate(rows, start=2):
        assert checker.check(line, cells) == check_row(line, cells, columns)
