"""The placement as the school files it: the rules for each value (`driehoek.record`), the
migration that adds the columns (tested from the version before it), and what the schema
refuses whatever way a value comes in."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from sample_meetings import RECORD, filled_meeting

from bad_rows import at_version, plain_connection
from driehoek import record
from driehoek.database import connect
from driehoek.domain import Part, Ref
from driehoek.migrate_record import placement_record
from driehoek.migrations import LATEST, MIGRATIONS, migrate, schema_version
from driehoek.minutes import render_minutes
from driehoek.store import Store

NOW = datetime(2026, 11, 28, 10, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("parse", "text", "stored"),
    [
        (record.parse_crebo, "25480", "25480"),
        (record.parse_crebo, " 25 480 ", "25480"),
        (record.parse_crebo, "", ""),
        (record.parse_recognition, "100234567", "100234567"),
        (record.parse_recognition, "100 234 567", "100234567"),
        (record.parse_email, " k.mulder@rocmidden.example ", "k.mulder@rocmidden.example"),
        (record.parse_hours_per_week, "37,5", 37.5),
        (record.parse_hours_per_week, "32", 32.0),
        (record.parse_hours_per_week, "", None),
        (record.parse_hours_total, "1.280", 1280),
        (record.parse_hours_total, "1280", 1280),
    ],
)
def test_what_people_type_is_stored_in_one_form(parse: object, text: str, stored: object) -> None:
    assert callable(parse)
    assert parse(text) == stored


@pytest.mark.parametrize(
    ("parse", "text", "what"),
    [
        (record.parse_crebo, "2548", "crebo"),
        (record.parse_crebo, "25480a", "crebo"),
        (record.parse_recognition, "SBB-1234", "recognition"),
        (record.parse_recognition, "1" * 13, "recognition"),
        (record.parse_email, "k.mulder", "email"),
        (record.parse_email, "k mulder@roc.example", "email"),
        (record.parse_email, "@roc.example", "email"),
        (record.parse_hours_per_week, "200", "hours_per_week"),
        (record.parse_hours_per_week, "-3", "hours_per_week"),
        (record.parse_hours_per_week, "veel", "hours_per_week"),
        (record.parse_hours_total, "20000", "hours_total"),
        (record.parse_hours_total, "12,5", "hours_total"),
    ],
)
def test_a_value_without_its_form_is_refused_with_its_rule(
    parse: object, text: str, what: str
) -> None:
    assert callable(parse)
    with pytest.raises(record.BadValue) as refused:
        parse(text)
    assert refused.value.what == what


def test_hours_read_as_people_write_them() -> None:
    assert record.hours_text(37.5, "nl") == "37,5"
    assert record.hours_text(37.5, "en") == "37.5"
    assert record.hours_text(32.0, "nl") == "32"
    assert record.hours_text(None) == ""


PREVIOUS = MIGRATIONS.index(placement_record)
"""The schema version just before the placement record."""


def test_the_migration_from_the_version_before_keeps_every_row_and_adds_empty_fields(
    tmp_path: Path,
) -> None:
    path = tmp_path / "oud.db"
    db = at_version(path, PREVIOUS)
    try:
        store = Store(db, clock=lambda: NOW, user="oud")
        meeting = store.new_intake("Noor Veldkamp", "Zorgboerderij De Linde", day=date(2026, 9, 7))
        tables = ("students", "placements", "meetings", "audit")
        before = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        db.close()
    db = connect(path)
    try:
        assert migrate(db) == LATEST - PREVIOUS
        assert schema_version(db) == LATEST
        store = Store(db, clock=lambda: NOW, user="nieuw")
        for table, count in before.items():
            now = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            assert now >= count if table == "audit" else now == count, table
        m = store.meeting(meeting)
        p = m.placement
        assert (p.student_number, p.school, p.level, p.crebo, p.hours_per_week) == (
            "",
            "",
            None,
            "",
            None,
        )
        assert (p.recognition_number, m.location, m.minute_taker) == ("", "", "")
        # The search index was made again over the rows there were, and follows new numbers.
        assert [s.student for s in store.placements("noor")] == ["Noor Veldkamp"]
        store.edit(
            Ref(Part.STUDENT, p.student_id), p.student_version, {"student_number": "3051772"}
        )
        assert [s.student for s in store.placements("3051772")] == ["Noor Veldkamp"]
        # A clash over an organisation's number can keep both versions.
        db.execute(
            "INSERT INTO set_aside (meeting_id, entity, entity_id, value, set_at)"
            " VALUES (?, 'organisations', ?, '{}', ?)",
            [meeting, p.organisation_id, NOW.isoformat()],
        )
    finally:
        db.close()


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("placements", "crebo", "2548"),
        ("placements", "crebo", "abcde"),
        ("placements", "level", "5"),
        ("placements", "hours_per_week", 169),
        ("placements", "hours_per_week", -1),
        ("placements", "hours_total", 10001),
        ("placements", "practice_supervisor_email", "geen adres"),
        ("placements", "school_supervisor_email", "a@b"),
        ("organisations", "recognition_number", "SBB123"),
    ],
)
def test_the_schema_refuses_what_the_form_would(
    tmp_path: Path, table: str, column: str, value: object
) -> None:
    db = at_version(tmp_path / "d.db", LATEST)
    try:
        Store(db, clock=lambda: NOW, user="t").new_intake("Noor Veldkamp", "De Linde")
    finally:
        db.close()
    conn = plain_connection(tmp_path / "d.db")
    try:
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            conn.execute(f"UPDATE {table} SET {column} = ?", [value])
    finally:
        conn.close()


def test_the_store_refuses_a_bad_value_from_another_door(store: Store) -> None:
    meeting = store.new_intake("Noor Veldkamp", "De Linde")
    p = store.meeting(meeting).placement
    with pytest.raises(ValueError, match="crebo"):
        store.edit(Ref(Part.PLACEMENT, p.id), p.version, {"crebo": "123"})
    with pytest.raises(ValueError, match="recognition"):
        store.edit(Ref(Part.ORGANISATION, p.organisation_id), p.organisation_version,
                   {"recognition_number": "x1"})  # fmt: skip
    assert store.placement(p.id).version == p.version


def test_every_school_field_is_in_the_minutes_header_and_hostile_text_stays_text(
    store: Store,
) -> None:
    m = filled_meeting(store)
    text = render_minutes(m, "nl")
    header = text.split("## ")[0]
    for value in ("3051772", "25480", "2025-2026", "24,5 per week", "640 in totaal", "100887766"):
        assert value in header, value
    assert "niveau 4" in header
    assert "- Plaats: De Hoeksteen, kamer 2" in header
    assert "- Notulist: Marloes Vinkhuizen" in header
    p = m.placement
    hostile = "# Kop <script>alert(1)</script> [x](javascript:y)"
    version = store.placement(p.id).version
    store.edit(Ref(Part.PLACEMENT, p.id), version, {"workplace_address": hostile})
    header = render_minutes(store.meeting(m.id), "nl").split("## ")[0]
    html = MarkdownIt("commonmark").render(header)
    assert "<script>" not in html
    assert "<a " not in html
    assert html.count("<h1>") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:y)" in html
    assert str(RECORD["school"]) in header
