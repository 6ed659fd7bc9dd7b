"""What `driehoek import DOSSIER.json` says when it brings a dossier back (`bringing_back`).

One line per clash, always (the user must know where two versions now exist, and where to
find the one kept aside); in a dry run also one line per row that would come in or change.
The summary is the last line.
"""

from __future__ import annotations

from driehoek.brought import Brought, Event
from driehoek.i18n import Catalogue

_ALWAYS = (
    "clash", "signed_here", "kept_before", "signatures", "not_signed", "returned", "stays_removed",
)  # fmt: skip


def _what(e: Event, t: Catalogue) -> str:
    entity = t(f"entity.{e.table}")
    if e.row_id == 0:  # a line the signed minutes here could not take
        return t("take.new_line", entity=entity, meeting=e.meeting_id)
    if e.meeting_id is None or e.table in ("meetings", "placements", "students"):
        return t("take.row", entity=entity, id=e.row_id)
    return t("take.row_in", entity=entity, id=e.row_id, meeting=e.meeting_id)


def lines(done: Brought, t: Catalogue, *, dry_run: bool) -> list[str]:
    """The lines to print, the summary last."""
    out = [
        t(f"take.{e.what}", what=_what(e, t)) for e in done.events if dry_run or e.what in _ALWAYS
    ]
    summary = t(
        "take.dry_summary" if dry_run else "take.summary",
        id=done.student_id,
        new=t.n("take.n_new", done.count("new")),
        changed=t.n("csv.n_changed", done.count("changed")),
        unchanged=t.n("csv.n_unchanged", done.unchanged),
        clashes=t.n("take.n_clashes", len(done.clashes)),
    )
    return [*out, summary]
