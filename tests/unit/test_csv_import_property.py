"""Random lists thrown at `driehoek import LIST.csv`: any header, any cells (separators, quotes,
new lines, escapes, markup, dates that are no days), any of the encodings read, as bytes.

For every one: no traceback (exit 0, 1 or 2, never the crash code); a refused row is one line
`regel N: ...` on a line of its own; a file refused whole (2) leaves the database as it was;
otherwise the placements added are exactly those the summary counts. And a failure halfway
through the write (a disk that fills up at row k) leaves nothing of the file behind.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from driehoek import csv_import
from driehoek.cli import main
from driehoek.crashlog import CRASH_EXIT
from driehoek.csv_columns import FIELDS, find_columns
from driehoek.csv_import import check_rows, import_rows
from driehoek.csv_read import parse_text
from driehoek.database import open_database
from driehoek.store import Store

HEADERS = [aliases[0] for aliases in FIELDS.values()] + ["Opmerking", "", "naam"]
CELL = st.one_of(
    st.sampled_from(
        ["1-2-2027", "2027-02-01", "31-2-2027", "01-02-2027", "1-1-2027", "25491", "3", "BBL",
         "=1+1", "[bold]x[/]", "\x1b[2J", "a;b", 'say "hi"', "twee\nregels", "32", "37,5", ""]
    ),
    st.text(max_size=12),
)  # fmt: skip
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
SUMMARY = re.compile(r"^(\d+) stages? nieuw, (\d+) gewijzigd, (\d+) ongewijzigd; (\d+) regels? ")


def _quoted(cell: str, sep: str) -> str:
    if any(c in cell for c in (sep, '"', "\n", "\r")):
        return '"' + cell.replace('"', '""') + '"'
    return cell


@st.composite
def lists(draw: st.DrawFn) -> bytes:
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8))
    sep = draw(st.sampled_from([";", ",", "\t"]))
    rows = draw(st.lists(st.lists(CELL, max_size=len(header) + 1), max_size=8))
    text = "\n".join(sep.join(_quoted(c, sep) for c in row) for row in [header, *rows]) + "\n"
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    raw = text.encode(encoding, errors="replace")
    if draw(st.booleans()):  # now and then a byte flipped somewhere
        at = draw(st.integers(0, max(len(raw) - 1, 0)))
        raw = raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1 :]
    return raw


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with one student already in, copied for each example."""
    folder = tmp_path_factory.mktemp("csvprop")
    path = folder / "template.db"
    seed = folder / "seed.csv"
    seed.write_text("studentnummer;naam;leerbedrijf\n1;Iris Vink;Tuincentrum Groen\n")
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["import", str(seed), "--db", str(path)]) == 0
    return path


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _placements(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM placements").fetchone()[0])
    finally:
        conn.close()


@contextlib.contextmanager
def _copy(template: Path) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "d.db"
        shutil.copy(template, db)
        yield db


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=lists())
def test_random_lists_never_traceback_and_never_half_write(template: Path, raw: bytes) -> None:
    with _copy(template) as db:
        before, count = _dump(db), _placements(db)
        path = db.with_name("lijst.csv")
        path.write_bytes(raw)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["import", str(path), "--db", str(db)])
        assert code in (0, 1, 2), err.getvalue()
        assert code != CRASH_EXIT
        assert "Traceback" not in err.getvalue()
        if code == 2:
            assert err.getvalue().count("\n") == 1
            assert err.getvalue().startswith("driehoek: ")
            assert _dump(db) == before
            return
        lines = err.getvalue().splitlines()
        assert all(re.match(r"^regel \d+: ", line) for line in lines), lines
        assert (code == 1) == bool(lines)
        found = SUMMARY.match(out.getvalue())
        assert found, out.getvalue()
        assert int(found[4]) == len(lines)
        assert _placements(db) == count + int(found[1])
        if int(found[1]) == int(found[2]) == 0:
            assert _dump(db) == before


class Full(sqlite3.OperationalError):
    pass


@settings(max_examples=30, deadline=None)
@given(rows=st.integers(1, 12), fails_at=st.integers(1, 40))
def test_a_write_that_fails_halfway_leaves_nothing_behind(
    template: Path, rows: int, fails_at: int
) -> None:
    text = "studentnummer;naam;leerbedrijf;begindatum\n1;Iris Vink;Tuincentrum Groen;1-2-2027\n"
    text += "".join(f"{100 + n};Student {n};Bedrijf {n % 3};1-2-2027\n" for n in range(rows))
    table = parse_text(text)
    good, refused = check_rows(table, find_columns(table.header))
    assert refused == []
    with _copy(template) as db:
        before = _dump(db)
        store = Store(open_database(db), clock=lambda: NOW, user="tester")
        calls = 0
        insert = csv_import._Writer._insert

        def failing(self: csv_import._Writer, table: str, row: dict[str, object]) -> int:
            nonlocal calls
            calls += 1
            if calls == fails_at:
                raise Full("database or disk is full")
            return insert(self, table, row)

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(csv_import._Writer, "_insert", failing)
            with contextlib.suppress(Full):
                import_rows(store, good)
        store.close()
        if calls >= fails_at:
            assert _dump(db) == before
        else:
            assert _placements(db) == 2 + rows  # Iris from 1-2-2027 is a placement of her own
