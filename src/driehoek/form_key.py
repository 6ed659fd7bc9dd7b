"""The check code on a preparation form, and the database's own key it is made with.

The check code on a form's first line is what makes a form count for the meeting and the party
it was written for. Made from the meeting's numbers alone, anyone holding a form could work out
the code for another party (a supervisor relabelling her form as the student's) or another
meeting; keyed with a random secret kept in the database file, only driehoek can make one.
The key is made with the first form written and kept in `settings` (not personal data, not in
any export); a database without one has written no form, so no form can match it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING

from driehoek.domain import Meeting, Party

if TYPE_CHECKING:
    from sqlite_utils import Database

SETTING = "form_key"
"""Its row in `settings`: 32 random bytes as hexadecimal digits."""


def form_key(db: Database) -> bytes:
    """The database's form key, made first if there is none yet. Two sessions making it at once
    end up with the same one: the first row stays (`INSERT OR IGNORE`), and both read it."""
    db.execute(
        "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)",
        [SETTING, secrets.token_hex(32)],
    )
    key = held_form_key(db)
    assert key is not None  # just made, in this transaction
    return key


def held_form_key(db: Database) -> bytes | None:
    """The database's form key, or None when it never wrote a form."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [SETTING]).fetchone()
    return bytes.fromhex(str(row[0])) if row else None


def check_code(meeting: Meeting, party: Party, key: bytes) -> str:
    """Eight hex digits that only this database can make for this meeting and party: an HMAC
    with the database's form key (`form_key`) over the meeting's number, placement, student,
    kind and the party. A form relabelled to another party or meeting, or one from another
    database, does not match; nor one for an erased meeting whose number a new meeting took,
    unless that one's placement and student took the erased ones' numbers too."""
    p = meeting.placement
    seed = f"{meeting.id}:{p.id}:{p.student_id}:{meeting.kind.value}:{party.value}"
    return hmac.new(key, seed.encode(), hashlib.sha256).hexdigest()[:8]


def marker(meeting: Meeting, party: Party, key: bytes) -> str:
    """The form's first line: which meeting and party it is for."""
    check = check_code(meeting, party, key)
    return f"<!-- driehoek-form: meeting {meeting.id}, party {party.value}, check {check} -->"


def form_matches(db: Database, meeting: Meeting, party: Party, check: str) -> bool:
    """Whether a form's check code is the one this database made for the meeting and party
    (never when it has no key: it wrote no form)."""
    key = held_form_key(db)
    return key is not None and hmac.compare_digest(check, check_code(meeting, party, key))
