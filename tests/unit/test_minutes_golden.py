"""The minutes of one fully filled meeting, byte for byte, and the file name they get.

After a deliberate change to the minutes, rewrite the golden files with
`DRIEHOEK_UPDATE_GOLDEN=1 pytest tests/unit/test_minutes_golden.py` and read the diff.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest
from sample_meetings import bare_meeting, filled_meeting

from driehoek.i18n import LANGUAGES, Lang
from driehoek.minutes import render_minutes
from driehoek.minutes_files import default_filename
from driehoek.store import Store

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_minutes_match_the_golden_file(store: Store, lang: Lang) -> None:
    rendered = render_minutes(filled_meeting(store), lang)
    golden = GOLDEN / f"minutes_{lang}.md"
    if os.environ.get("DRIEHOEK_UPDATE_GOLDEN"):
        golden.write_text(rendered, encoding="utf-8", newline="\n")
    assert rendered == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rendering_is_deterministic(store: Store, lang: Lang) -> None:
    meeting = filled_meeting(store)
    first = render_minutes(meeting, lang)
    assert render_minutes(meeting, lang) == first
    assert render_minutes(store.meeting(meeting.id), lang) == first
    assert first.endswith("\n")
    assert not first.endswith("\n\n")
    assert "\r" not in first


def test_the_file_name_is_readable_ascii_and_stable(store: Store) -> None:
    meeting = filled_meeting(store)
    assert default_filename(meeting, "nl") == "verslag-2026-11-26-jasmijn-van-oostveen-1.md"
    assert default_filename(meeting, "en") == "minutes-2026-11-26-jasmijn-van-oostveen-1.md"
    assert default_filename(store.meeting(meeting.id), "nl") == default_filename(meeting, "nl")


@pytest.mark.parametrize(
    ("student", "slug"),
    [
        ("Elif Öztürk", "elif-ozturk"),
        ("Ĳsbrand Coördinator", "ijsbrand-coordinator"),
        ("Noe\u0308l Çelik-de Vries", "noel-celik-de-vries"),
        ("../../etc/passwd", "etc-passwd"),
        ('a/b\\c:d*e?f"g<h>i|j', "a-b-c-d-e-f-g-h-i-j"),
        ("👩‍🎓 ", ""),
        ("王秀英", ""),
        ("\x1b[2J Roos", "2j-roos"),
        ("Anne-Marie " * 10, "anne-marie-anne-marie-anne-marie-anne-ma"),
    ],
)
def test_any_name_gives_a_safe_file_name(student: str, slug: str) -> None:
    base = bare_meeting()
    meeting = dataclasses.replace(
        base, id=12, placement=dataclasses.replace(base.placement, student=student)
    )
    name = default_filename(meeting, "nl")
    assert re.fullmatch(r"[a-z0-9-]+\.md", name), name
    assert name.isascii()
    assert "--" not in name
    expected = "-".join(p for p in ("verslag", "2026-11-26", slug, "12") if p) + ".md"
    assert name == expected
