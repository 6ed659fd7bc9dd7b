"""The migration that keeps each placement's latest meeting day where an index can walk it.

The home screen opens on the placements with the most recent activity first. Working out
every placement's latest meeting to keep the newest 500 grows with the file (136-245 ms for
100,000 meetings on a loaded 2-core machine). `placement_activity` keeps, per placement that
has a meeting, the day of its latest one, and an index on that day lets the list walk the
placements newest first and stop once it has enough (`reading_lists.Lists.placements`: 25-29 ms
on the same file). Once letters are typed, the full-text match lists every match anyway and
each one's latest meeting is one index step: the walk is not used there (it measured slower).

It keeps the latest meeting of any kind, not the latest that counts as activity (an evaluation
nobody wrote in yet does not): whether a meeting counts changes with every line written in
it, in a dozen tables, while its day changes only in `meetings`. So the day kept here is an
upper bound of the day that counts, exact for almost every placement; the list checks the
placements it keeps against the day that counts, and walks on while an unseen one could still
come before them. The triggers on `meetings` keep it in step (a new meeting, a changed day or
placement, a removed meeting), whichever way a meeting is written: the app, a dossier brought
back, an erasure. It goes with its placement (foreign key). Bookkeeping, not content: not
audited, and `driehoek check` compares it with a fresh count.

Frozen: a later change to it is a migration of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

LATEST_OF = "(SELECT max(date) FROM meetings WHERE placement_id = {id})"
"""The latest day of a placement's meetings, one step in the `meetings_placement` index."""

TABLE = """CREATE TABLE placement_activity (
    placement_id INTEGER PRIMARY KEY REFERENCES placements (id) ON DELETE CASCADE,
    last_date TEXT
) STRICT"""

TRIGGERS = (
    f"""CREATE TRIGGER placement_activity_insert AFTER INSERT ON meetings BEGIN
        INSERT INTO placement_activity (placement_id, last_date)
        VALUES (NEW.placement_id, {LATEST_OF.format(id="NEW.placement_id")})
        ON CONFLICT (placement_id) DO UPDATE SET last_date = excluded.last_date;
    END""",
    f"""CREATE TRIGGER placement_activity_update AFTER UPDATE OF date, placement_id ON meetings
    BEGIN
        UPDATE placement_activity SET last_date = {LATEST_OF.format(id="OLD.placement_id")}
        WHERE placement_id = OLD.placement_id;
        INSERT INTO placement_activity (placement_id, last_date)
        VALUES (NEW.placement_id, {LATEST_OF.format(id="NEW.placement_id")})
        ON CONFLICT (placement_id) DO UPDATE SET last_date = excluded.last_date;
    END""",
    # An UPDATE, never an INSERT: when the placement itself is being removed, its row here
    # has gone (or goes) with it, and must not come back.
    f"""CREATE TRIGGER placement_activity_delete AFTER DELETE ON meetings BEGIN
        UPDATE placement_activity SET last_date = {LATEST_OF.format(id="OLD.placement_id")}
        WHERE placement_id = OLD.placement_id;
    END""",
)


def placement_activity(db: Database) -> None:
    """The table, filled from the meetings there are, its index and its triggers."""
    db.execute(TABLE)
    db.execute(
        f"""INSERT INTO placement_activity (placement_id, last_date)
            SELECT p.id, {LATEST_OF.format(id="p.id")} FROM placements p
            WHERE EXISTS (SELECT 1 FROM meetings WHERE placement_id = p.id)"""
    )
    db.execute(
        "CREATE INDEX placement_activity_last ON placement_activity (last_date, placement_id)"
    )
    for trigger in TRIGGERS:
        db.execute(trigger)
