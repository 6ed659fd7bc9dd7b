"""The schema of shares: who may follow a meeting read-only (`driehoek share`, `follow`).

A share lets one OS account (a follow-only SSH login) or the holder of one link (`driehoek
serve`) read one meeting's minutes while they are written. Of a link only the SHA-256 of its
token is kept, so a backup or a reader of the file learns nothing that opens it. A share ends
when it is stopped, and by itself once all three parties have signed (the trigger): an old link
stays ended even if a signature is withdrawn later. The audit trail (triggers added by the
migration) records who shared what, and when.

Frozen: a later change to shares is a migration of its own.
"""

from __future__ import annotations

from collections.abc import Mapping

from driehoek.stored import moment_sql

DATE_COLUMNS: Mapping[str, Mapping[str, str]] = {
    "shares": {"created_at": "moment", "ended_at": "moment"},
}
"""The columns that hold a moment, each with its CHECK (named as `migrate_dates` names them)."""


def _moment(column: str) -> str:
    return f"CONSTRAINT shares_{column}_is_a_moment CHECK ({moment_sql(column)})"


SHARES = (
    # AUTOINCREMENT: a share's number is never given again, not even after the newest student
    # is erased (her shares with her), so an open follower can never take a new share for hers.
    f"""CREATE TABLE shares (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
        token_hash TEXT UNIQUE CHECK (token_hash IS NULL OR length(token_hash) = 64),
        account TEXT CHECK (account IS NULL OR length(account) BETWEEN 1 AND 64),
        created_at TEXT NOT NULL {_moment("created_at")},
        created_by TEXT NOT NULL DEFAULT '',
        ended_at TEXT {_moment("ended_at")},
        CHECK ((token_hash IS NULL) <> (account IS NULL))
    ) STRICT""",
    "CREATE INDEX shares_meeting ON shares (meeting_id)",
    # Three parties sign: student, workplace and school (domain.Party).
    """CREATE TRIGGER shares_end_when_signed AFTER INSERT ON sign_offs
       WHEN (SELECT count(DISTINCT party) FROM sign_offs WHERE meeting_id = NEW.meeting_id) = 3
       BEGIN
           UPDATE shares SET ended_at = driehoek_now()
           WHERE meeting_id = NEW.meeting_id AND ended_at IS NULL;
       END""",
)
"""The table, its index, and the trigger that ends a meeting's shares at its last signature."""
