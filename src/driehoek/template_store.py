"""Templates in the database: adding a version, and the template a meeting is worded by.

The tables and the rule that picks a meeting's template are in `migrate_templates`; this is the
Python side of the same rule, so what the screen shows is what the trigger records.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING

from driehoek.migrate_templates import LATEST_FOR_MEETING
from driehoek.template_file import Template, TemplateInvalid, parse

if TYPE_CHECKING:
    from sqlite_utils import Database

    from driehoek.store import Store


class Added(StrEnum):
    """What `add` did."""

    ADDED = "added"
    SAME = "same"
    """That name and version were stored already, with this very text: nothing to do."""
    DIFFERENT = "different"
    """That name and version were stored already with another text: refused."""


@dataclass(frozen=True)
class StoredTemplate:
    """A stored version, as `driehoek template list` shows it."""

    name: str
    version: int
    programmes: tuple[str, ...]
    added_at: str
    meetings: int
    """How many signed meetings were held with it."""


@lru_cache(maxsize=64)
def _parsed(source: str) -> Template | None:
    # Stored versions never change, so their text is parsed once per process. One this
    # version of driehoek cannot read (a newer one wrote it) words nothing: the article's.
    try:
        return parse(source)
    except TemplateInvalid:
        return None


def template_of(db: Database | sqlite3.Connection, meeting_id: int) -> Template | None:
    """The template `meeting_id` is worded by: the one recorded when it was signed, else the
    one added last for its programme; None for the article's wording."""
    try:
        return _template_of(db, meeting_id)
    except sqlite3.OperationalError as e:
        if "no such table" not in str(e):
            raise
        return None  # a file of an older schema (the upgrade tests read one): no templates


def _template_of(db: Database | sqlite3.Connection, meeting_id: int) -> Template | None:
    recorded = db.execute(
        """SELECT t.source FROM meeting_templates mt LEFT JOIN templates t
           ON t.id = mt.template_id WHERE mt.meeting_id = ?""",
        [meeting_id],
    ).fetchone()
    if recorded is not None:
        return None if recorded[0] is None else _parsed(recorded[0])
    row = db.execute(
        f"SELECT source FROM templates WHERE id = ({LATEST_FOR_MEETING.format(meeting='?')})",
        [meeting_id],
    ).fetchone()
    return None if row is None else _parsed(row[0])


def add(store: Store, template: Template, source: str) -> Added:
    """Store a checked template under its name and version; never over another text."""
    with store.transaction():
        row = store.db.execute(
            "SELECT source FROM templates WHERE name = ? AND version = ?",
            [template.name, template.version],
        ).fetchone()
        if row is not None:
            return Added.SAME if row[0] == source else Added.DIFFERENT
        cursor = store.db.execute(
            "INSERT INTO templates (name, version, source, added_at, added_by) VALUES (?,?,?,?,?)",
            [template.name, template.version, source, store.now_iso(), store.user],
        )
        template_id = int(cursor.lastrowid or 0)
        for programme in template.programmes:
            store.db.execute(
                "INSERT OR IGNORE INTO template_programmes VALUES (?, lower(trim(?)))",
                [template_id, programme],
            )
    store.record("create", "templates", template_id, None)
    return Added.ADDED


def stored(db: Database) -> list[StoredTemplate]:
    """Every stored version, oldest first."""
    rows = db.execute(
        """SELECT t.name, t.version, t.added_at,
                  (SELECT count(*) FROM meeting_templates mt WHERE mt.template_id = t.id),
                  t.source
           FROM templates t ORDER BY t.id"""
    ).fetchall()
    found = []
    for name, version, added_at, meetings, source in rows:
        # As the file spells them (the table holds them lower-cased, to match).
        template = _parsed(source)
        programmes = template.programmes if template is not None else ()
        found.append(StoredTemplate(name, version, programmes, added_at, meetings))
    return found
