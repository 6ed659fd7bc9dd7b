"""A party's link to its own preparation form in the browser (`driehoek prepare --link`).

One link is for one meeting and one party: its own token (only the SHA-256 is kept, as for the
read-only links of `shares`), valid until all three sign the meeting (the trigger of
`migrate_prepare` ends it then, for good). What it opens is that party's form, nothing else:
`serve_prepare` asks `holder` at every request.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from enum import Enum, auto
from typing import TYPE_CHECKING

from driehoek.domain import Party
from driehoek.shares import new_token, token_hash

if TYPE_CHECKING:
    from sqlite_utils import Database

    from driehoek.store import Store

PREPARE_PATH = "/prepare"
"""Where the links live under the server's path: `/prepare/<link>/`."""


PREPARE_PAGE = "prepare"
"""The route's name in `driehoek serve` (serve_prepare)."""

PREPARE_POLICY = (
    "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
"""The form page's CSP: no script, nothing from elsewhere, its form sent only back here."""


def prepare_path(link_id: int) -> str:
    """The path of one link's form, under the server's public path."""
    return f"{PREPARE_PATH}/{int(link_id)}/"


class Signed(Exception):
    """All three signed the meeting: it hands out no link."""


class Holds(Enum):
    """What a token is to a link."""

    OPEN = auto()
    ENDED = auto()
    """Its token, but the meeting was signed: the page says so."""
    NOT_ITS = auto()


@dataclass(frozen=True)
class Link:
    """A link: which meeting and party it opens the form of."""

    id: int
    meeting_id: int
    party: Party


def new_link(store: Store, meeting_id: int, party: Party) -> tuple[Link, str]:
    """A new link for `party`'s form of the meeting, and its token (shown once, never stored).

    Raises:
        NotFound: No such meeting.
        Signed: All three signed it.
    """
    from driehoek import signing
    from driehoek.store import NotFound

    token = new_token()
    with store.transaction():
        if store.db.execute("SELECT 1 FROM meetings WHERE id = ?", [meeting_id]).fetchone() is None:
            raise NotFound(f"meeting {meeting_id}")
        if signing.closed(store.db, meeting_id):
            raise Signed(meeting_id)
        cursor = store.db.execute(
            """INSERT INTO preparation_links (meeting_id, party, token_hash, created_at,
               created_by) VALUES (?, ?, ?, ?, ?)""",
            [meeting_id, party.value, token_hash(token), store.now_iso(), store.user],
        )
    return Link(int(cursor.lastrowid or 0), meeting_id, party), token


def holder(db: Database, link_id: int, token: str) -> tuple[Holds, Link | None]:
    """Whether `token` opens link `link_id` now, and the link if it is its token."""
    row = db.execute(
        "SELECT meeting_id, party, token_hash, ended_at FROM preparation_links WHERE id = ?",
        [link_id],
    ).fetchone()
    if row is None or not hmac.compare_digest(row[2], token_hash(token)):
        return Holds.NOT_ITS, None
    link = Link(link_id, int(row[0]), Party(row[1]))
    return (Holds.ENDED if row[3] is not None else Holds.OPEN), link
