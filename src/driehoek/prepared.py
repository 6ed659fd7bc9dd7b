"""Preparations in and out of the database (`migrate_prepare`): one row per meeting and party.

Like the store, this module speaks SQL, and it writes through `Store.transaction()`, so the
write takes the lock up front, the audit trail sees it, and a signed meeting's refusal comes
out as `store.Signed`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TypeVar

from driehoek.domain import Factor, FactorStatus, MeetingKind, Party, Question
from driehoek.preparation import Preparation, PreparedFactor, Source, in_order
from driehoek.stored import parse_moment

if TYPE_CHECKING:
    from sqlite_utils import Database

    from driehoek.store import Store


class WrongKind(Exception):
    """The form was made for the other kind of meeting (an intake's form for an evaluation)."""


def to_json(p: Preparation) -> str:
    """The answers of a preparation as the row keeps them: one JSON object."""
    data: dict[str, Any] = {
        "kind": p.kind.value,
        "factors": {
            f.factor.value: {"status": f.status.value, "note": f.note}
            for f in p.factors
            if f.status is not FactorStatus.NOT_DISCUSSED or f.note
        },
    }
    if p.kind is MeetingKind.EVALUATION:
        data["questions"] = {q.value: text for q, text in p.answers if text}
    if p.goals:
        data["goals"] = list(p.goals)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


E = TypeVar("E", Factor, FactorStatus, Question)


def _enum(kind: type[E], value: object) -> E | None:
    if not isinstance(value, str):
        return None
    try:
        return kind(value)
    except ValueError:
        return None


def from_row(row: dict[str, Any]) -> Preparation:
    """A row as a preparation; values it cannot read (a hand edit, a newer driehoek) are left
    out rather than guessed."""
    try:
        data = json.loads(row["answers"])
    except ValueError:
        data = {}
    data = data if isinstance(data, dict) else {}
    factors = []
    raw_factors = data.get("factors")
    for key, view in (raw_factors if isinstance(raw_factors, dict) else {}).items():
        factor = _enum(Factor, key)
        if factor is None or not isinstance(view, dict):
            continue
        status = _enum(FactorStatus, view.get("status")) or FactorStatus.NOT_DISCUSSED
        note = view.get("note")
        factors.append(PreparedFactor(factor, status, note if isinstance(note, str) else ""))
    raw_questions = data.get("questions")
    answers = []
    for key, text in (raw_questions if isinstance(raw_questions, dict) else {}).items():
        question = _enum(Question, key)
        if question is not None and isinstance(text, str):
            answers.append((question, text))
    raw_goals = data.get("goals")
    goals = tuple(
        g for g in (raw_goals if isinstance(raw_goals, list) else []) if isinstance(g, str)
    )
    kind = MeetingKind.EVALUATION if data.get("kind") == "evaluation" else MeetingKind.INTAKE
    return Preparation(
        meeting_id=row["meeting_id"],
        party=Party(row["party"]),
        kind=kind,
        factors=tuple(sorted(factors, key=lambda f: f.factor.number)),
        answers=tuple(sorted(answers, key=lambda a: list(Question).index(a[0]))),
        goals=goals,
        source=Source(row["source"]),
        updated_at=parse_moment(row["updated_at"]),
        updated_by=row["updated_by"],
        version=row["version"],
    )


def load(db: Database, meeting_id: int) -> tuple[Preparation, ...]:
    """The meeting's preparations, one per party that prepared, student first."""
    cursor = db.execute(
        "SELECT meeting_id, party, answers, source, version, updated_at, updated_by "
        "FROM preparations WHERE meeting_id = ?",
        [meeting_id],
    )
    names = [d[0] for d in cursor.description]
    return in_order(from_row(dict(zip(names, r, strict=True))) for r in cursor.fetchall())


def save(store: Store, p: Preparation) -> int:
    """Keep `p`, replacing the party's earlier preparation for the meeting; the row's version.

    Raises:
        NotFound: The meeting is not there (any more).
        WrongKind: The meeting is not of the kind the preparation answers.
        Signed: All three signed the meeting: it takes no preparation.
    """
    from driehoek.store import NotFound

    with store.transaction():
        row = store.db.execute("SELECT kind FROM meetings WHERE id = ?", [p.meeting_id]).fetchone()
        if row is None:
            raise NotFound(f"meeting {p.meeting_id}")
        if row[0] != p.kind.value:
            raise WrongKind(p.meeting_id)
        store.db.execute(
            """INSERT INTO preparations (meeting_id, party, answers, source, updated_at,
                   updated_by) VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (meeting_id, party) DO UPDATE SET answers = excluded.answers,
                   source = excluded.source, version = version + 1,
                   updated_at = excluded.updated_at, updated_by = excluded.updated_by""",
            [
                p.meeting_id,
                p.party.value,
                to_json(p),
                p.source.value,
                store.now_iso(),
                store.user,
            ],
        )
        version = store.db.execute(
            "SELECT version FROM preparations WHERE meeting_id = ? AND party = ?",
            [p.meeting_id, p.party.value],
        ).fetchone()[0]
    return int(version)
