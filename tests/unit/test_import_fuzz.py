"""Thousands of damaged dossiers thrown at `driehoek import`, as a careless or unlucky user (or
someone with bad intent) would make them: from a real exported dossier, with wrong types, dates
that are no days, ids SQLite cannot hold, keys missing or added, deep nesting, broken
references, bytes that are not UTF-8, garbage and enormous strings.

For every one: no traceback; a refusal is exit 2 with one line per problem (or one line in
all) and leaves the database's bytes as they were (hashed before and after, each example on
its own copy of a template file); an import that is accepted leaves a database that still
reads (its meetings, their minutes, nothing `check` would call unreadable).

DRIEHOEK_FUZZ_EXAMPLES sets another number of examples (e.g. 200 while working on it).
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from dossier_files import NOW, fingerprint, school
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from driehoek.cli import main
from driehoek.database import open_database
from driehoek.minutes import render_minutes
from driehoek.rows import unreadable
from driehoek.store import Store

Path_ = tuple[str | int, ...]
DEEP = "\ue000deep\ue000"  # where the text gets a deep nesting (too deep for a Python object)


def _paths(node: Any, here: Path_ = ()) -> list[Path_]:
    found = [here]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*here, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*here, i))
    return found


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder in memory where there is one (/dev/shm): each accepted import syncs the file
    to disk, and on a shared machine's disk that can take a tenth of a second or more; what is
    tested here is what is written, not how durably."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        path = Path(tempfile.mkdtemp(prefix="driehoek-fuzz-", dir=shm))
        yield path
        shutil.rmtree(path, ignore_errors=True)
    else:
        yield tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def template(folder: Path) -> tuple[Path, dict[str, Any]]:
    path = folder / "template.db"
    return path, school(path)


def _at(data: Any, path: Path_) -> Any:
    for step in path:
        data = data[step]
    return data


BAD_DAYS = ["2026-13-45", "2026-02-30", "2027-02-29", "<script>", "2026-1-5", "20260101",
            " 2026-01-01", "2026-01-01T00:00", "0000-01-01", "2026-W01-1", "", "now"]  # fmt: skip
HUGE = [0, -1, 2**63, 2**63 - 1, 2**70, -(2**63) - 1, 10**30]
ODD_TEXT = ["\x1b[31mrood", "\u202eomgekeerd", "\x00", "[b]vet[/b]", "STUDENT", "student ",
            "é" * 201, "x" * 20_001, "x" * 100_000]  # fmt: skip

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.sampled_from(HUGE),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(BAD_DAYS + ODD_TEXT),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.just(DEEP),
)

Mutation = Callable[[Any], None]


@st.composite
def tree_mutation(draw: st.DrawFn, paths: list[Path_]) -> Mutation:
    """One change to the parsed dossier."""
    path = draw(st.sampled_from(paths))
    kind = draw(st.sampled_from(["replace", "replace", "delete", "add", "duplicate", "point"]))
    new = draw(values)
    name = draw(st.one_of(st.sampled_from(["id", "date", "notitie", "ende"]), st.text(max_size=8)))
    number = draw(st.one_of(st.integers(min_value=1, max_value=50), st.sampled_from(HUGE)))
    event(f"mutation: {kind}")

    def apply(data: Any) -> None:
        if not path:
            return
        parent, key = _at(data, path[:-1]), path[-1]
        if kind == "replace":
            parent[key] = new
        elif kind == "delete":
            del parent[key]
        elif kind == "add":
            target = parent[key]
            if isinstance(target, dict):
                target[name] = new
            elif isinstance(target, list):
                target.append(new)
        elif kind == "duplicate":
            if isinstance(parent, list) and isinstance(key, int):
                parent.append(copy.deepcopy(parent[key]))
        elif isinstance(parent, dict) and key in ("id", "goal_id"):  # "point": elsewhere
            parent[key] = number

    return apply


@st.composite
def damaged(draw: st.DrawFn, dossier: str, paths: list[Path_]) -> bytes:
    """A dossier file: the exported one (as JSON text) with one to four changes, and maybe
    its bytes hurt."""
    data = json.loads(dossier)
    for mutate in draw(st.lists(tree_mutation(paths), min_size=1, max_size=4)):
        # An earlier change may have removed what this one would change.
        with contextlib.suppress(KeyError, IndexError, TypeError):
            mutate(data)
    text = json.dumps(data, ensure_ascii=False)
    depth = draw(st.sampled_from([50, 199, 200, 1_000, 100_000]))
    text = text.replace(json.dumps(DEEP, ensure_ascii=False), "[" * depth + "]" * depth)
    raw = text.encode("utf-8", "surrogatepass")
    hurt = draw(st.sampled_from(["none", "none", "none", "cut", "bytes", "latin-1", "garbage"]))
    event(f"bytes: {hurt}")
    where = draw(st.integers(min_value=0, max_value=max(len(raw) - 1, 0)))
    if hurt == "cut":
        raw = raw[:where]
    elif hurt == "bytes":
        raw = raw[:where] + draw(st.binary(min_size=1, max_size=8)) + raw[where:]
    elif hurt == "latin-1":
        raw = text.replace("Jasmijn", "Jasmijné").encode("latin-1", "replace")
    elif hurt == "garbage":
        raw = draw(st.binary(max_size=200))
    return raw


_HEADER = re.compile(r"^driehoek: .* \((\d+) problemen\):$")
_PROBLEM = re.compile(r"^  \S.*: .+$|^  … en nog \d+$")


def _refusal_lines(err: str, path: Path) -> None:
    """A refusal: one line, or a line that counts the problems and one line per problem."""
    lines = err.splitlines()
    assert lines, err
    assert lines[0].startswith(f"driehoek: {path} "), err
    assert "Traceback" not in err
    if len(lines) == 1:
        return
    header = _HEADER.match(lines[0])
    assert header, err
    count = int(header.group(1))
    assert count >= 2
    assert len(lines) == 1 + min(count, 20) + (count > 20), err
    assert all(_PROBLEM.match(line) for line in lines[1:]), err


def _still_reads(db: Path) -> None:
    """What a bricked database broke: every meeting, its minutes, the lists, `check`."""
    conn = open_database(db, create=False)
    try:
        store = Store(conn, clock=lambda: NOW)
        for summary in store.meetings():
            render_minutes(store.meeting(summary.id), "nl")
        store.placements()
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert list(unreadable(conn)) == []  # what `check` would name
    finally:
        conn.close()


def test_two_thousand_damaged_dossiers_never_traceback_and_never_touch_the_database(
    template: tuple[Path, dict[str, Any]], folder: Path
) -> None:
    source, dossier = template
    outcome = {"refused": 0, "imported": 0}
    examples = int(os.environ.get("DRIEHOEK_FUZZ_EXAMPLES", "2000"))

    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )
    @given(raw=damaged(json.dumps(dossier, ensure_ascii=False), _paths(dossier)))
    def throw(raw: bytes) -> None:
        db, path = folder / "school.db", folder / "dossier.json"
        for leftover in folder.glob("school.db*"):
            leftover.unlink()
        shutil.copyfile(source, db)
        db.chmod(0o600)
        path.write_bytes(raw)
        before = fingerprint(db)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["import", str(path), "--db", str(db)])
        if code == 0:
            outcome["imported"] += 1
            event("imported")
            assert err.getvalue() == ""
            _still_reads(db)
        else:
            outcome["refused"] += 1
            event("refused")
            assert code == 2, err.getvalue()
            _refusal_lines(err.getvalue(), path)
            assert fingerprint(db) == before

    started = time.perf_counter()
    throw()
    print(f"\n{outcome} in {time.perf_counter() - started:.1f} s")
    assert outcome["refused"] + outcome["imported"] >= examples
