"""Python's cycle collector paused for work that makes many objects which all live on.

Reading a school's list makes a list per row, checking it a row object and a dict per row,
writing it a dict per new record: tens of thousands of containers, none in a cycle, all kept
until the import ends. Each few hundred of them set off a collection that walks the younger
ones, and now and then all of them: 4-5 % of an import's instructions, for nothing to free
(bench/findings.md, figure 10). Nothing is lost by pausing it: what it would free is freed
when it runs again, as soon as the block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector paused for the block, and running again after it if it ran
    before (a block inside another leaves it to the outer one)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
