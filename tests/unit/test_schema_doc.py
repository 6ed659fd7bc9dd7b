"""docs/schema.md describes every table and column of a new database, and nothing else.

People read the file with sqlite-utils or Datasette; a migration that adds a table or a column
without a word in the page fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

from driehoek.database import open_database

SCHEMA_DOC = Path(__file__).parents[2] / "docs" / "schema.md"

HEADING = re.compile(r"^## (`(?P<table>[a-z_]+)`)?", re.MULTILINE)
"""Any second-level heading; a table's is its name in backticks, alone."""
ROW = re.compile(r"^\| `(?P<column>[a-z_]+)` \|", re.MULTILINE)


def documented() -> dict[str, set[str]]:
    """Each table named in a `## `table`` heading, with the columns of the rows under it (up to
    the next heading of that level, so the page's other sections add no columns)."""
    text = SCHEMA_DOC.read_text(encoding="utf-8")
    headings = list(HEADING.finditer(text))
    tables: dict[str, set[str]] = {}
    for here, following in zip(headings, [*headings[1:], None], strict=True):
        if here["table"] is None:
            continue
        assert here["table"] not in tables, f"docs/schema.md describes {here['table']} twice"
        end = following.start() if following else len(text)
        section = text[here.end() : end]
        tables[here["table"]] = {row["column"] for row in ROW.finditer(section)}
    return tables


def in_the_file(tmp_path: Path) -> dict[str, set[str]]:
    """Every table of a new database with its columns; full-text search's own shadow tables
    (kept by SQLite) are described as one, under the table they index."""
    db = open_database(tmp_path / "new.db")
    try:
        return {
            name: {column.name for column in db[name].columns}
            for name in db.table_names()
            if not re.search(r"_fts_(data|idx|docsize|config)$", name)
        }
    finally:
        db.conn.close()


def test_every_table_and_column_is_described(tmp_path: Path) -> None:
    described = documented()
    actual = in_the_file(tmp_path)
    missing_tables = sorted(set(actual) - set(described))
    assert not missing_tables, f"docs/schema.md does not describe: {missing_tables}"
    for table, columns in actual.items():
        missing = sorted(columns - described[table])
        assert not missing, f"docs/schema.md, table {table}: no row for {missing}"


def test_the_page_describes_nothing_that_is_not_there(tmp_path: Path) -> None:
    described = documented()
    actual = in_the_file(tmp_path)
    stale_tables = sorted(set(described) - set(actual))
    assert not stale_tables, f"docs/schema.md describes tables that do not exist: {stale_tables}"
    for table, columns in described.items():
        stale = sorted(columns - actual[table])
        assert not stale, f"docs/schema.md, table {table}: no such column {stale}"
