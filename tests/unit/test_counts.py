"""Counts in words on the command line: one thing in the singular, more in the plural, in
Dutch and in English, never "gesprek(ken)" or "dossier(s)"."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from cli_run import run
from sample_meetings import filled_meeting

from driehoek.database import open_database
from driehoek.dates import add_months
from driehoek.domain import PlacementStatus
from driehoek.store import Store

JASMIJN = "Jasmijn van Oostveen"  # filled_meeting's student


def school(path: Path, *, evaluations: int = 0) -> Path:
    """A database with one student and her intake (and `evaluations` more meetings)."""
    db = open_database(path)
    store = Store(db, clock=lambda: datetime.now(UTC), user="coordinator")
    intake = filled_meeting(store)
    for _ in range(evaluations):
        store.new_evaluation(intake.placement.id)
    db.close()
    return path


@pytest.mark.parametrize(
    ("lang", "evaluations", "erased", "imported"),
    [
        ("nl", 0, "gewist, met 1 gesprek.\n", ": student {id}, 1 stage, 1 gesprek.\n"),
        ("en", 1, "erased, with 2 meetings.\n", ": student {id}, 1 placement, 2 meetings.\n"),
    ],
)
def test_erasing_and_reading_back_a_dossier_count_its_meetings(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    lang: str,
    evaluations: int,
    erased: str,
    imported: str,
) -> None:
    db = ["--lang", lang, "--db", str(school(tmp_path / "school.db", evaluations=evaluations))]
    dossier = tmp_path / "dossier.json"
    assert (
        run(capsys, "export", "--student", JASMIJN, "--format", "json", "-o", str(dossier), *db)[0]
        == 0
    )
    code, out, _ = run(capsys, "erase", "--student", JASMIJN, "--yes", *db)
    assert code == 0
    assert out.endswith(erased), out
    code, out, _ = run(capsys, "import", str(dossier), *db)
    assert code == 0
    new_id = out.split("student ")[1].split(",")[0]
    assert out.endswith(imported.format(id=new_id)), out


@pytest.fixture
def ended(tmp_path: Path) -> Path:
    """Two placements that ended long ago (seven years, three years) and one still running."""
    path = tmp_path / "school.db"
    db = open_database(path)
    store = Store(db, clock=lambda: datetime.now(UTC), user="coordinator")
    for name, months, status in (
        ("Oud Dossier", 84, PlacementStatus.COMPLETED),
        ("Minder Oud", 36, PlacementStatus.COMPLETED),
        ("Loopt Nog", 84, PlacementStatus.RUNNING),
    ):
        began = add_months(date.today(), -months - 6)
        p = store.meeting(store.new_intake(name, f"Werkplek {name}", day=began)).placement
        changes: dict[str, object] = {"status": status.value}
        if status is PlacementStatus.COMPLETED:
            changes["end"] = add_months(date.today(), -months)
        store.update_placement(p.id, p.version, **changes)
    db.close()
    return path


@pytest.mark.parametrize(
    ("lang", "years", "dry_run", "purged"),
    [
        ("nl", 6, "1 dossier zou worden gewist", "1 dossier gewist."),
        ("nl", 2, "2 dossiers zouden worden gewist", "2 dossiers gewist."),
        ("en", 6, "1 dossier would be erased", "1 dossier erased."),
        ("en", 2, "2 dossiers would be erased", "2 dossiers erased."),
    ],
)
def test_purge_counts_dossiers(
    capsys: pytest.CaptureFixture[str],
    ended: Path,
    lang: str,
    years: int,
    dry_run: str,
    purged: str,
) -> None:
    db = ["--lang", lang, "--db", str(ended), "--years", str(years)]
    code, out, _ = run(capsys, "purge", "--dry-run", *db)
    assert code == 0
    assert out.splitlines()[-1].startswith(dry_run), out
    code, out, _ = run(capsys, "purge", "--yes", *db)
    assert code == 0
    assert out.splitlines()[-1] == purged, out


@pytest.mark.parametrize(
    ("lang", "years", "said"),
    [
        ("nl", "1", "Bewaartermijn: 1 jaar na het einde van de laatste stage.\n"),
        ("en", "1", "Retention: 1 year after the last placement ended.\n"),
        ("en", "5", "Retention: 5 years after the last placement ended.\n"),
    ],
)
def test_the_retention_period_in_years(
    capsys: pytest.CaptureFixture[str], ended: Path, lang: str, years: str, said: str
) -> None:
    assert run(capsys, "retention", years, "--lang", lang, "--db", str(ended)) == (0, said, "")


@pytest.mark.parametrize(
    ("lang", "weeks", "said"),
    [
        ("nl", "1", "Geen evaluaties te laat, en geen in de komende week.\n"),
        ("nl", "2", "Geen evaluaties te laat, en geen in de komende 2 weken.\n"),
        ("en", "1", "No evaluations overdue, and none in the next week.\n"),
        ("en", "3", "No evaluations overdue, and none in the next 3 weeks.\n"),
    ],
)
def test_nothing_due_in_the_weeks_ahead(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str, weeks: str, said: str
) -> None:
    path = tmp_path / "empty.db"
    open_database(path).close()
    assert run(capsys, "due", "--weeks", weeks, "--lang", lang, "--db", str(path)) == (0, said, "")
