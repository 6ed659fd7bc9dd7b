"""What the parties' preparations agree on, filled in as the meeting's starting point when a
step opens.

The issue's promise: "agreeing answers are filled in as the starting point". When a step of a
draft meeting opens, each of its fields that the meeting has not filled yet and on which the
preparations agree is written as the meeting's own answer, through the store's ordinary edits
(versions, the triggers' audit rows), and one more audit row says it was taken from the
preparations (`FROM_PREPARATIONS`). That row is also the memory: a field filled once is never
filled again, so a table that cleared it (or changed its mind) is not overruled when the step
opens the next time.

What counts as agreeing:
- a factor (the workplace step): at least two parties prepared, and every party that prepared
  ticked the same status. Its status goes into a factor still not discussed, the parties'
  notes (each named) into an empty note. A factor they differ on stays empty (the step flags
  it and shows both notes); one that only one party ticked stays empty too (the step offers
  it, to be adopted with a key: a lone view is no agreement);
- an evaluation's question (the questions step): each party answers in its own field, so each
  prepared answer goes into that party's empty field;
- the learning goals (an intake's learning step): only the student's form asks for them; they
  become the meeting's goals while it has none.

Nothing is ever overwritten, and a meeting signed by some (or reopened after all three signed)
is left as it is: only a draft nobody has signed starts from the preparations.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from driehoek.domain import Factor, FactorStatus, Meeting, MeetingKind, Part, Party, Ref
from driehoek.domain_log import MeetingState
from driehoek.flow import Step
from driehoek.preparation import ANSWERED, FactorViews, compare

if TYPE_CHECKING:
    from driehoek.store import Store

FROM_PREPARATIONS = "from_preparations"
"""The audit action of a field filled from the preparations (its table and row named)."""

FILLED_STEPS = (Step.WORKPLACE, Step.QUESTIONS, Step.LEARNING)
"""The steps whose fields the preparations can fill."""


def unanimous(views: FactorViews) -> FactorStatus | None:
    """The status every party that prepared ticked, when at least two did and all agree."""
    ticked = [v.status for _p, v in views.views]
    if len(ticked) < 2 or any(s not in ANSWERED for s in ticked) or len(set(ticked)) != 1:
        return None
    return ticked[0]


def _filled_before(store: Store, entity: str, entity_id: int | None, meeting_id: int) -> bool:
    """Whether the preparations filled this row (any row of `entity`, for None) before."""
    query = "SELECT 1 FROM audit WHERE action = ? AND entity = ? AND meeting_id = ?"
    values: list[object] = [FROM_PREPARATIONS, entity, meeting_id]
    if entity_id is not None:
        query += " AND entity_id = ?"
        values.append(entity_id)
    return store.db.execute(query + " LIMIT 1", values).fetchone() is not None


def _factors(store: Store, m: Meeting, names: Mapping[Party, str]) -> int:
    filled = 0
    for factor, views in compare(m.preparations).items():
        agreed = unanimous(views)
        if agreed is None:
            continue
        here = m.factor(factor)
        status = agreed if here.status is FactorStatus.NOT_DISCUSSED else None
        note = "\n".join(f"{names[p]}: {text}" for p, text in views.noted)
        note = note if note and not here.note.strip() else ""
        if status is None and not note:
            continue
        rowid = _factor_rowid(store, m.id, factor)
        if _filled_before(store, "factors", rowid, m.id):
            continue
        store.update_factor(m.id, factor, here.version, status=status, note=note or None)
        store.record(FROM_PREPARATIONS, "factors", rowid, m.id)
        filled += 1
    return filled


def _factor_rowid(store: Store, meeting_id: int, factor: Factor) -> int:
    # The audit trail names a factor by SQLite's rowid (docs/schema.md: `audit.entity_id`).
    row = store.db.execute(
        "SELECT rowid FROM factors WHERE meeting_id = ? AND factor = ?", [meeting_id, factor.value]
    ).fetchone()
    return int(row[0])


def _answers(store: Store, m: Meeting) -> int:
    filled = 0
    for p in m.preparations:
        for question, text in p.answers:
            here = m.answer(question, p.party)
            if here is None or here.text.strip() or not text.strip():
                continue
            if _filled_before(store, "answers", here.id, m.id):
                continue
            store.edit(Ref(Part.ANSWER, here.id), here.version, {"text": text})
            store.record(FROM_PREPARATIONS, "answers", here.id, m.id)
            filled += 1
    return filled


def _goals(store: Store, m: Meeting) -> int:
    student = next((p for p in m.preparations if p.party is Party.STUDENT), None)
    goals = [g for g in (student.goals if student else ()) if g.strip()]
    if not goals or any(g.text.strip() for g in m.goals):
        return 0
    if _filled_before(store, "goals", None, m.id):
        return 0
    for text in goals:
        goal = store.add_goal(m.id)
        store.update_goal(goal.id, goal.version, text)
        store.record(FROM_PREPARATIONS, "goals", goal.id, m.id)
    return len(goals)


def fill(store: Store, meeting: Meeting, step: Step, names: Mapping[Party, str]) -> int:
    """Fill the fields of `step` that the meeting leaves empty and the preparations agree on;
    how many were filled (0: the meeting is as it was).

    All or nothing, in one transaction that reads the meeting afresh (another session may have
    filled a field since `meeting` was read).

    Args:
        store: Where the meeting is.
        meeting: The meeting as the screen read it (only to skip the work when nobody prepared).
        step: The step that opens.
        names: How each party is named before its note (`Werkplek: ...`), in the meeting's
            language.

    Raises:
        Signed: All three signed it meanwhile (nothing is written).
    """
    if step not in FILLED_STEPS or not meeting.preparations:
        return 0
    with store.transaction():
        m = store.meeting(meeting.id)
        if m.state is not MeetingState.DRAFT or m.sign_offs:
            return 0
        if step is Step.WORKPLACE:
            return _factors(store, m, names)
        if step is Step.QUESTIONS and m.kind is MeetingKind.EVALUATION:
            return _answers(store, m)
        if step is Step.LEARNING and m.kind is MeetingKind.INTAKE:
            return _goals(store, m)
    return 0
