"""Shares: who may follow a meeting read-only, and until when.

A share lets one OS account (a follow-only SSH login, `driehoek follow --shared`) or the holder
of one link (`driehoek serve`, `/follow/<id>/?token=...`) read one meeting's minutes while they
are written, and nothing else of the database. It ends when it is stopped (`driehoek share
MEETING --stop`) and by itself once all three parties have signed (a trigger: see
`migrate_shares`). Of a link only the SHA-256 of its token is stored.

Writes go through `Store.transaction()`, so the audit trail (triggers on `shares`) records who
shared what; reads take any connection, so the read-only one of `readonly` serves as well.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from driehoek.domain import Meeting, Party
from driehoek.store import NotFound, Store

if TYPE_CHECKING:
    from sqlite_utils import Database

TOKEN_BYTES = 32
"""Random bytes in a link's token: 256 bits, as `secrets` recommends (and `serve` uses)."""

ACCOUNT = re.compile(r"[a-z_][a-z0-9_-]{0,31}")
"""An account name as Debian's `useradd` accepts it by default (without a trailing `$`)."""


FOLLOW_PATH = "/follow"
"""Where `driehoek serve` shows a shared meeting: `/follow/<share>/`, under the public URL."""


def follow_path(share_id: int) -> str:
    """The path of a link share's page on `driehoek serve` (without the token)."""
    return f"{FOLLOW_PATH}/{share_id}/"


class NotAnAccount(ValueError):
    """Not a name an OS account can have."""


class AlreadySigned(Exception):
    """All three parties have signed the meeting: there is nothing left to follow."""


@dataclass(frozen=True)
class Share:
    """One meeting shared with one account or one link."""

    id: int
    meeting_id: int
    account: str | None
    """The OS account it is shared with; None for a link."""
    created_at: str
    created_by: str
    ended_at: str | None

    @property
    def by_link(self) -> bool:
        """Whether it is a link (a token) rather than an account."""
        return self.account is None


def new_token() -> str:
    """A fresh random token for a link (256 bits, URL-safe)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What is stored of a token. A plain hash is enough: a token has 256 random bits, so no
    search can find one from its hash, and no secret key is needed to check it."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def signed_by_all(meeting: Meeting) -> bool:
    """Whether every party has signed: the minutes are final, and following is over."""
    return all(meeting.signed(party) for party in Party)


def _share(row: dict[str, Any]) -> Share:
    return Share(
        id=row["id"],
        meeting_id=row["meeting_id"],
        account=row["account"],
        created_at=row["created_at"],
        created_by=row["created_by"],
        ended_at=row["ended_at"],
    )


_LIVE = """
    SELECT s.* FROM shares s
    WHERE s.ended_at IS NULL
      AND (SELECT count(DISTINCT party) FROM sign_offs o WHERE o.meeting_id = s.meeting_id) < 3
"""
"""The shares that still hold. The trigger ends a share at the last signature; the count is
asked again here all the same, so that a share can never outlive the signatures."""


def _query(db: Database, sql: str, params: list[object]) -> list[Share]:
    return [_share(row) for row in db.query(sql, params)]


# -- making and stopping ---------------------------------------------------------------------


def _check_open(store: Store, meeting_id: int) -> None:
    meeting = store.meeting(meeting_id)  # raises NotFound
    if signed_by_all(meeting):
        raise AlreadySigned(meeting_id)


def share_link(store: Store, meeting_id: int) -> tuple[Share, str]:
    """Share a meeting with whoever holds a new link; returns the share and its token, which
    is shown once and never stored.

    Raises:
        NotFound: No meeting has this id.
        AlreadySigned: All three have signed it.
    """
    _check_open(store, meeting_id)
    token = new_token()
    return _insert(store, meeting_id, token_hash=token_hash(token)), token


def share_with_account(store: Store, meeting_id: int, account: str) -> Share:
    """Share a meeting with an OS account (a follow-only SSH login); once is enough.

    Raises:
        NotAnAccount: `account` is not an account name.
        NotFound: No meeting has this id.
        AlreadySigned: All three have signed it.
    """
    if not ACCOUNT.fullmatch(account):
        raise NotAnAccount(account)
    _check_open(store, meeting_id)
    existing = [s for s in live_for_account(store.db, account) if s.meeting_id == meeting_id]
    if existing:
        return existing[0]
    return _insert(store, meeting_id, account=account)


def _insert(
    store: Store, meeting_id: int, *, token_hash: str | None = None, account: str | None = None
) -> Share:
    with store.transaction():
        cursor = store.db.execute(
            """INSERT INTO shares (meeting_id, token_hash, account, created_at, created_by)
               VALUES (?, ?, ?, ?, ?)""",
            [meeting_id, token_hash, account, store.now_iso(), store.user],
        )
        share_id = cursor.lastrowid
    found = share(store.db, int(share_id or 0))
    assert found is not None
    return found


def stop(store: Store, meeting_id: int) -> int:
    """End every share of a meeting that still holds; returns how many.

    Raises:
        NotFound: No meeting has this id.
    """
    store.meeting(meeting_id)
    with store.transaction():
        cursor = store.db.execute(
            "UPDATE shares SET ended_at = ? WHERE meeting_id = ? AND ended_at IS NULL",
            [store.now_iso(), meeting_id],
        )
        return int(cursor.rowcount)


# -- finding ---------------------------------------------------------------------------------


def share(db: Database, share_id: int) -> Share | None:
    """A share by its number, ended or not."""
    found = _query(db, "SELECT * FROM shares WHERE id = ?", [share_id])
    return found[0] if found else None


def live(db: Database) -> list[Share]:
    """Every share that still holds, oldest first."""
    return _query(db, _LIVE + " ORDER BY s.id", [])


def live_share(db: Database, share_id: int) -> Share | None:
    """The share with this number, if it still holds."""
    found = _query(db, _LIVE + " AND s.id = ?", [share_id])
    return found[0] if found else None


def live_for_token(db: Database, token: str) -> Share | None:
    """The link share whose token this is, if it still holds.

    Looked up by the token's hash: an index lookup, whose timing can tell at most something
    about a hash, and a hash tells nothing about a token.
    """
    found = _query(db, _LIVE + " AND s.token_hash = ?", [token_hash(token)])
    return found[0] if found else None


def for_token(db: Database, token: str) -> Share | None:
    """The link share whose token this is, ended or not (to say that it has ended)."""
    found = _query(db, "SELECT * FROM shares s WHERE s.token_hash = ?", [token_hash(token)])
    return found[0] if found else None


def live_for_account(db: Database, account: str) -> list[Share]:
    """The shares with `account` that still hold, oldest first."""
    return _query(db, _LIVE + " AND s.account = ? ORDER BY s.id", [account])


__all__ = [
    "ACCOUNT",
    "FOLLOW_PATH",
    "AlreadySigned",
    "NotAnAccount",
    "NotFound",
    "Share",
    "follow_path",
    "for_token",
    "live",
    "live_for_account",
    "live_for_token",
    "live_share",
    "new_token",
    "share",
    "share_link",
    "share_with_account",
    "signed_by_all",
    "stop",
    "token_hash",
]
