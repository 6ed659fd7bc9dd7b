"""The parties' preparations in a dossier: they go along with a meeting taken to a laptop, and
come back with it.

The meeting is often held at the workplace, on a laptop: the parties' own views must be there
to open each step on the differences, and what a party prepared on the laptop must come back.

A preparation is recognised by its meeting (whose identity `recognising` checked) and its
party: the table's own key (one per meeting and party), as `bringing_back` recognises an
answer by its question and party. Bringing one back follows the preparation's own rule, not a
clash: a party's newer view replaces its earlier one (as a newer form does, `prepared.save`),
so the newer of the two (by when it was prepared) stays, and the other is left out. A meeting
all three signed here takes none (the schema's lock), and nothing is ever deleted.

Like the store, this module speaks SQL; the caller holds the transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from driehoek import prepared, signing
from driehoek.domain import FactorStatus, Meeting, Party
from driehoek.preparation import Preparation, PreparedFactor
from driehoek.stored import parse_moment
from driehoek.text import clean_line, clean_text

if TYPE_CHECKING:
    from driehoek import dossier_model as model
    from driehoek.store import Store


def exported(meeting: Meeting) -> list[dict[str, Any]]:
    """The meeting's preparations as the dossier carries them (`dossier_model.Preparation`)."""
    return [
        {
            "party": p.party.value,
            "answers": json.loads(prepared.to_json(p)),
            "source": p.source.value,
            "version": p.version,
            "updated_at": p.updated_at.isoformat(timespec="seconds") if p.updated_at else "",
            "updated_by": p.updated_by,
        }
        for p in meeting.preparations
        if p.updated_at is not None  # an unreadable moment (a hand edit): it stays here
    ]


def _domain(p: model.Preparation, meeting_id: int) -> Preparation:
    """A dossier's preparation as this driehoek keeps one, its text cleaned as a form's."""
    a = p.answers
    factors = tuple(
        PreparedFactor(factor, view.status, clean_text(view.note))
        for factor, view in sorted(a.factors.items(), key=lambda item: item[0].number)
        if view.status is not FactorStatus.NOT_DISCUSSED or view.note.strip()
    )
    return Preparation(
        meeting_id=meeting_id,
        party=p.party,
        kind=a.kind,
        factors=factors,
        answers=tuple((q, clean_text(text)) for q, text in a.questions.items() if text.strip()),
        goals=tuple(g for g in (clean_line(g).strip() for g in a.goals) if g),
        source=p.source,
    )


def _insert(store: Store, p: model.Preparation, meeting_id: int, *, version: int) -> int:
    cursor = store.db.execute(
        """INSERT INTO preparations (meeting_id, party, answers, source, version, updated_at,
               updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)""",
        [
            meeting_id,
            p.party.value,
            prepared.to_json(_domain(p, meeting_id)),
            p.source.value,
            version,
            p.updated_at,
            clean_line(p.updated_by),
        ],
    )
    return int(cursor.lastrowid or 0)


def write(store: Store, m: model.Meeting, meeting_id: int) -> None:
    """A new meeting's preparations, as the dossier brings them (before its sign-offs: a
    meeting all three signed takes none)."""
    for p in m.preparations:
        _insert(store, p, meeting_id, version=p.version)


def bring_back(store: Store, m: model.Meeting, meeting_id: int) -> Iterator[tuple[str, int]]:
    """Bring a known meeting's preparations back; each as (`new` or `changed`, its row here).

    A party's preparation this meeting lacks comes in; one it holds is replaced by the
    dossier's only when that is another view, prepared later.
    """
    if not m.preparations or signing.closed(store.db, meeting_id):
        return
    here = {p.party: p for p in prepared.load(store.db, meeting_id)}
    rows = {
        Party(str(party)): int(row_id)
        for party, row_id in store.db.execute(
            "SELECT party, id FROM preparations WHERE meeting_id = ?", [meeting_id]
        ).fetchall()
    }
    for p in m.preparations:
        theirs = _domain(p, meeting_id)
        mine = here.get(p.party)
        if mine is None:
            yield "new", _insert(store, p, meeting_id, version=1)
            continue
        same = prepared.to_json(theirs) == prepared.to_json(mine) and theirs.source is mine.source
        later = parse_moment(p.updated_at)
        if same or mine.updated_at is None or later is None or later <= mine.updated_at:
            continue  # the same view, or the one here is the newer: it stays
        store.db.execute(
            """UPDATE preparations SET answers = ?, source = ?, version = version + 1,
                   updated_at = ?, updated_by = ? WHERE id = ?""",
            [
                prepared.to_json(theirs),
                p.source.value,
                p.updated_at,
                clean_line(p.updated_by),
                rows[p.party],
            ],
        )
        yield "changed", rows[p.party]
