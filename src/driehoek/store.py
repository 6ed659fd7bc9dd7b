"""The store: domain objects in, domain objects out; the only module that speaks SQL.

Every write runs in `BEGIN IMMEDIATE` (it waits for the write lock instead of failing with
"database is locked"), and every edit of an existing row names the version it was based on:
if someone else changed the row since, the edit is refused with `StaleEdit`, never applied.
"""

from __future__ import annotations

from driehoek.editable import editable as editable
from driehoek.editable import stored_form as stored_form
from driehoek.reading import NotFound as NotFound
from driehoek.reading import fts_prefix_query as fts_prefix_query
from driehoek.store_base import EVALUATION_MONTHS as EVALUATION_MONTHS
from driehoek.store_base import Clock as Clock
from driehoek.store_base import NotReady as NotReady
from driehoek.store_base import Signed as Signed
from driehoek.store_base import StaleEdit as StaleEdit
from driehoek.store_create import Creating
from driehoek.store_edit import Editing


class Store(Creating, Editing):
    """All reads and writes of driehoek data, on one connection owned by one thread: the
    plumbing in `store_base`, the writes that add rows in `store_create`, those that change
    or remove them in `store_edit`, the reads in `reading`."""


__all__ = [
    "Clock",
    "NotFound",
    "NotReady",
    "Signed",
    "StaleEdit",
    "Store",
    "editable",
    "fts_prefix_query",
    "stored_form",
]
