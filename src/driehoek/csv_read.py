"""Reading a school's CSV export into rows, each with the line it starts on.

What school systems and spreadsheets write: a header row; `;` (Excel in a Dutch locale), `,`
or a tab between the fields; UTF-8 with or without a BOM, UTF-16 with one (Excel's "Unicode
text"), or Windows-1252 (Excel's plain "CSV"); quoted fields that hold new lines.

The file is untrusted: it is read up to a limit (a huge file, or a device that never ends, is
refused without being read whole), a file with NUL bytes is binary and refused, and nothing in
a cell is interpreted (a cell that starts with `=` is text like any other).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from driehoek.collector import collector_paused

MAX_BYTES = 32 * 1024 * 1024
"""A school's list of a few thousand placements is a few megabytes; more is not a list."""
MAX_ROWS = 100_000
MAX_CELL = 10_000
"""Characters in one cell: an address or a name, never a book."""
DELIMITERS = (";", ",", "\t")


class Unreadable(Exception):
    """The file cannot be read as a list at all; `what` names why (the last part of a
    catalogue key: `csv.unreadable.<what>`), `line` where, if that is known."""

    def __init__(self, what: str, line: int = 0) -> None:
        super().__init__(what if not line else f"{what} (line {line})")
        self.what = what
        self.line = line


@dataclass(frozen=True)
class Table:
    """The header and the rows under it; each row with the line of the file it starts on."""

    header: list[str]
    rows: list[tuple[int, list[str]]]


def read_bytes(path: Path) -> bytes:
    """The file's bytes, up to the limit.

    Raises:
        Unreadable: Larger than `MAX_BYTES`.
        OSError: The file cannot be opened or read.
    """
    with path.open("rb") as f:
        raw = f.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise Unreadable("too_big")
    return raw


def decode(raw: bytes) -> str:
    """The text of a file in one of the encodings spreadsheets save in.

    Raises:
        Unreadable: Binary (NUL bytes), or in none of these encodings.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as e:
            raise Unreadable("encoding") from e
    elif b"\x00" in raw:
        raise Unreadable("binary")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                # Excel's plain "CSV": the Windows code page; five bytes have no character
                # there, so a file in some other encoding is still mostly told apart.
                text = raw.decode("cp1252")
            except UnicodeDecodeError as e:
                raise Unreadable("encoding") from e
    if "\x00" in text:
        raise Unreadable("binary")
    return text


def delimiter(text: str) -> str:
    """The separator the header line (the first that is not blank) uses most: `;`, `,` or
    a tab."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _records(text: str, sep: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    last = 0
    try:
        for cells in reader:
            yield last + 1, cells
            last = reader.line_num
    except csv.Error as e:  # a cell beyond the csv module's own limit, a stray NUL
        raise Unreadable("csv", last + 1) from e


def parse_text(text: str) -> Table:
    """The header and the rows of a list, blank rows left out.

    Raises:
        Unreadable: No header, too many rows, a cell too long, or not CSV.
    """
    with collector_paused():  # a list per row, all kept
        return _table(_records(text, delimiter(text)))


def _table(records: Iterator[tuple[int, list[str]]]) -> Table:
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for line, cells in records:
        joined = "".join(cells)  # one string to look at rather than each cell
        if not joined or joined.isspace():
            continue  # a blank line, or a spreadsheet's row of only separators
        if len(joined) > MAX_CELL and any(len(c) > MAX_CELL for c in cells):
            raise Unreadable("cell_too_long", line)
        if header is None:
            header = [c.strip() for c in cells]
            continue
        if len(rows) >= MAX_ROWS:
            raise Unreadable("too_many_rows")
        rows.append((line, cells))
    if header is None:
        raise Unreadable("empty")
    return Table(header, rows)


def read_table(path: Path) -> Table:
    """A CSV file's header and rows.

    Raises:
        Unreadable: The file is not a list driehoek can read (see `parse_text`, `decode`).
        OSError: The file cannot be opened or read.
    """
    return parse_text(decode(read_bytes(path)))
