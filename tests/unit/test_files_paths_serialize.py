"""Small core pieces: private atomic files, where data lives, JSON export, the demo data."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sample_meetings import filled_meeting

from driehoek import paths
from driehoek.demo import seed_demo
from driehoek.domain import Decision, Party, PlacementStatus
from driehoek.files import write_private
from driehoek.flow import Flow
from driehoek.serialize import meeting_data, summary_data
from driehoek.store import Store


@pytest.fixture
def no_umask() -> Iterator[None]:
    """A umask that would leave files world-writable, to show write_private does not rely on it."""
    old = os.umask(0)
    yield
    os.umask(old)


@pytest.mark.usefixtures("no_umask")
def test_write_private_creates_an_owner_only_file(tmp_path: Path) -> None:
    target = tmp_path / "verslag.md"
    write_private(target, "# Verslag\n\nCoördinator 👩‍🎓\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() == "# Verslag\n\nCoördinator 👩‍🎓\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["verslag.md"]


def test_write_private_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "verslag.md"
    target.write_text("oud", encoding="utf-8")
    target.chmod(0o666)
    write_private(target, "nieuw")
    assert target.read_text(encoding="utf-8") == "nieuw"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_leftovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "verslag.md"
    target.write_text("oud", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_private(target, "nieuw")
    assert target.read_text(encoding="utf-8") == "oud"
    assert [p.name for p in tmp_path.iterdir()] == ["verslag.md"]


def test_write_private_into_a_missing_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_private(tmp_path / "nergens" / "verslag.md", "x")
    assert list(tmp_path.iterdir()) == []


def test_the_database_path_comes_from_the_flag_then_the_environment_then_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv(paths.DB_ENV, raising=False)
    default = tmp_path / "data" / "driehoek" / "driehoek.db"
    assert paths.chosen_db_path(None) == (default, True)
    monkeypatch.setenv(paths.DB_ENV, str(tmp_path / "env.db"))
    assert paths.chosen_db_path(None) == (tmp_path / "env.db", False)
    assert paths.chosen_db_path(str(tmp_path / "flag.db")) == (tmp_path / "flag.db", False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert paths.chosen_db_path("~/thuis.db") == (tmp_path / "thuis.db", False)
    assert not default.parent.exists()  # asking for a path never creates it


def test_the_stylesheets_are_found() -> None:
    assert (paths.styles_dir() / "app.tcss").is_file()


def test_a_meeting_as_json_has_plain_values_only(store: Store) -> None:
    meeting = filled_meeting(store)
    data = meeting_data(meeting)
    assert json.loads(json.dumps(data)) == data
    assert data["date"] == "2026-11-26"
    assert data["decision"] == "conditions"
    assert data["learning_ways"] == ["doing", "feedback"]
    assert data["placement"]["start"] == "2027-01-04"
    assert data["sign_offs"][0]["signed_at"] == "2026-11-28T10:30:00+00:00"
    assert [f["factor"] for f in data["factors"]][:2] == ["involvement", "experiment"]


def test_a_summary_as_json(store: Store) -> None:
    filled_meeting(store)
    (summary,) = store.meetings()
    data = summary_data(summary)
    assert data == {
        "id": summary.id,
        "placement_id": summary.placement_id,
        "kind": "intake",
        "date": "2026-11-26",
        "student": "Jasmijn van Oostveen",
        "organisation": "Zorgcentrum De Hoeksteen",
        "team": "Woongroep Kompas",
        "decision": "conditions",
        "continuation": None,  # an intake has no continuation; an evaluation does
        "signed_by": 3,
        "reopened": False,
        "state": "signed",
        "empty": False,  # something is written in it (an evaluation nobody wrote in is not listed)
    }


def test_the_demo_shows_every_kind_of_placement(store: Store) -> None:
    ids = seed_demo(store)
    assert len(ids) == 9
    intakes = [store.meeting(i) for i in ids]
    statuses = sorted(store.placement(m.placement.id).status for m in intakes)
    assert statuses == sorted(
        [PlacementStatus.RUNNING] * 4
        + [PlacementStatus.NOT_STARTED]
        + [PlacementStatus.PLANNED] * 3  # the last: nursing, with its own template
        + [PlacementStatus.COMPLETED]
    )
    refused = [m for m in intakes if m.decision is Decision.NOT_SUITABLE]
    assert len(refused) == 1
    assert refused[0].decision_reasons.strip()
    assert Flow(intakes[0]).complete
    assert not Flow(intakes[4]).complete  # just started today
    assert intakes[4].date == store.today()
    every = store.meetings()
    assert all(m.date <= store.today() for m in every)
    assert min(m.date for m in every) >= date(2025, 1, 1)
    # Evaluations with real content: an agreement carried twice, and one done, one dropped;
    # every signed one complete, and one draft (which the workplace report leaves out).
    evaluations = [store.meeting(m.id) for m in every if m.id not in ids]
    assert len(evaluations) == 8
    signed = [e for e in evaluations if all(e.signed(party) for party in Party)]
    assert len(signed) == 7
    assert all(Flow(e).complete for e in signed)
    assert max(r.carried for e in evaluations for r in e.reviews) == 1
