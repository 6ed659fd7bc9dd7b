"""The dossier: a placement's meetings as one document, one file per meeting, and HTML pages."""

from __future__ import annotations

import stat
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mdtokens import headings, list_items, parse
from plan_data import decide, held, intake, set_status, set_team
from sample_meetings import filled_meeting

from driehoek.domain import Decision, PlacementStatus
from driehoek.dossier import (
    export_all,
    export_filename,
    meeting_document,
    placement_document,
    placement_markdown,
    to_html,
)
from driehoek.store import NotFound, Store

HOSTILE = "<script>alert('x')</script> <b>vet</b> # kop | cel"


class Page(HTMLParser):
    """What a browser would make of a page: its elements, its title and its visible text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: dict[str, dict[str, str | None]] = {}
        self.metas: list[dict[str, str | None]] = []
        self.title = ""
        self.text: list[str] = []
        self._open: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.setdefault(tag, dict(attrs))
        if tag == "meta":
            self.metas.append(dict(attrs))
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1] == "title":
            self.title += data
        elif not self._open or self._open[-1] != "style":
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join("".join(self.text).split())


def _placement(store: Store, student: str = "Anouk Verbrugge") -> int:
    """An intake and two evaluations, the second held before the first was entered."""
    placement, meeting = intake(store, student, "Zorggroep De Linde", date(2026, 1, 10))
    set_team(store, placement, "Woongroep Oost")
    decide(store, meeting, Decision.SUITABLE)
    held(store, placement, date(2026, 7, 10))
    held(store, placement, date(2026, 4, 10))  # entered late: a higher id
    return placement


def test_the_dossier_has_one_title_and_one_h2_per_meeting_in_date_order(store: Store) -> None:
    placement = _placement(store)
    tokens = parse(placement_markdown(store, placement, "nl"))
    found = headings(tokens)
    assert [h for h in found if h[0] == "h1"] == [
        ("h1", "Dossier van Anouk Verbrugge bij Zorggroep De Linde")
    ]
    assert found[0][0] == "h1"
    # None of the three is signed: each says it is a draft.
    assert [text for tag, text in found if tag == "h2"] == [
        "CONCEPT – Verslag startgesprek: Anouk Verbrugge",
        "CONCEPT – Verslag kwartaalevaluatie: Anouk Verbrugge",
        "CONCEPT – Verslag kwartaalevaluatie: Anouk Verbrugge",
    ]
    dates = [items[0] for items in list_items(tokens) if items[0].startswith("Datum:")]
    assert dates == ["Datum: 10 januari 2026", "Datum: 10 april 2026", "Datum: 10 juli 2026"]
    # The minutes' sections sit below their meeting.
    assert {tag for tag, _ in found} == {"h1", "h2", "h3", "h4"}


def test_the_dossier_says_how_the_placement_ended(store: Store) -> None:
    placement = _placement(store)
    set_status(store, placement, PlacementStatus.ENDED_EARLY)
    p = store.placement(placement)
    store.update_placement(placement, p.version, outcome_reason="Verhuisd naar\nGroningen.")
    tokens = parse(placement_markdown(store, placement, "en"))
    assert list_items(tokens)[0] == [
        "Team / location: Woongroep Oost",
        "Placement status: ended early",
        "Meetings: 3",
    ]
    text = placement_markdown(store, placement, "en")
    assert "Reason for the outcome:\n\nVerhuisd naar\\\nGroningen." in text


def test_an_unknown_placement_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        placement_markdown(store, 42, "nl")


def test_hostile_names_stay_text_in_the_dossier(store: Store) -> None:
    placement, _ = intake(store, HOSTILE, HOSTILE, date(2026, 1, 10))
    tokens = parse(placement_markdown(store, placement, "nl"))
    found = headings(tokens)
    assert found[0] == ("h1", f"Dossier van {HOSTILE} bij {HOSTILE}")
    assert [tag for tag, _ in found].count("h1") == 1


def test_html_is_a_whole_page_that_shows_user_html_as_text(store: Store) -> None:
    placement, _ = intake(store, HOSTILE, "Woonzorg <i>De Eik</i>", date(2026, 1, 10))
    page = Page(placement_document(store, placement, "nl", "html"))
    assert page.tags[:2] == ["html", "head"]
    assert page.attrs["html"] == {"lang": "nl"}
    assert page.attrs["meta"] == {"charset": "utf-8"}
    assert page.title == f"Dossier van {HOSTILE} bij Woonzorg <i>De Eik</i>"
    assert "script" not in page.tags
    assert "b" not in page.tags
    assert "i" not in page.tags
    assert "<script>alert('x')</script> <b>vet</b>" in page.visible
    assert "table" in page.tags  # the minutes' tables came through as tables
    assert page.tags.count("h1") == 1


def test_to_html_never_passes_raw_html() -> None:
    markdown = "# Titel\n\n<script>alert(1)</script>\n\nTekst met <b>vet</b> en <img src=x>.\n"
    page = Page(to_html(markdown, "Titel", "en"))
    assert page.attrs["html"] == {"lang": "en"}
    assert not {"script", "b", "img"} & set(page.tags)
    assert "<script>alert(1)</script>" in page.visible
    assert "Tekst met <b>vet</b> en <img src=x>." in page.visible


def test_the_page_carries_its_own_style_for_screen_and_print(store: Store) -> None:
    text = meeting_document(filled_meeting(store), "nl", "html")
    page = Page(text)
    assert page.tags.count("style") == 1
    assert "@media print" in text
    assert "link" not in page.tags  # nothing loaded from elsewhere
    assert page.title == "Verslag startgesprek: Jasmijn van Oostveen"
    [policy] = [m for m in page.metas if m.get("http-equiv") == "Content-Security-Policy"]
    assert policy["content"] == "default-src 'none'; style-src 'unsafe-inline'"


def test_meeting_document_in_markdown_is_the_minutes(store: Store) -> None:
    meeting = filled_meeting(store)
    text = meeting_document(meeting, "nl", "md")
    assert headings(parse(text))[0] == ("h1", "Verslag startgesprek: Jasmijn van Oostveen")


def _many(store: Store) -> list[int]:
    """Forty meetings: twenty students, two with the same name, meetings on the same day."""
    ids = []
    for n in range(20):
        student = "Sanne de Jong" if n in (3, 4) else f"Student {n:02d} van Leeuwen"
        placement, meeting = intake(store, student, "Stichting Het Baken", date(2026, 3, 1 + n))
        ids.append(meeting)
        ids.append(held(store, placement, date(2026, 6, 1)))
    return ids


def test_export_all_writes_one_private_file_per_meeting(store: Store, tmp_path: Path) -> None:
    ids = _many(store)
    target = tmp_path / "export"
    target.mkdir()
    done = export_all(store, target, lang="nl")
    names = sorted(p.name for p in target.iterdir())
    assert len(names) == len(ids) == 40
    assert names == sorted(export_filename(store.meeting(i), "nl", "md") for i in ids)
    assert [p.name for p in done.files] == [
        export_filename(store.meeting(i), "nl", "md")
        for i in sorted(ids, key=lambda i: (store.meeting(i).date, i))
    ]
    assert "verslag-2026-03-04-sanne-de-jong-7.md" in names
    assert "verslag-2026-03-05-sanne-de-jong-9.md" in names
    assert "verslag-2026-06-01-sanne-de-jong-8.md" in names
    for path in target.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    meeting = store.meeting(ids[0])
    first = target / export_filename(meeting, "nl", "md")
    assert first.read_text(encoding="utf-8") == meeting_document(meeting, "nl", "md")


def test_export_all_again_replaces_the_same_files(store: Store, tmp_path: Path) -> None:
    ids = _many(store)
    export_all(store, tmp_path, lang="nl")
    before = sorted(p.name for p in tmp_path.iterdir())
    m = store.meeting(ids[0])
    store.update_meeting(m.id, m.version, learning_note="Een nieuwe aantekening.")
    export_all(store, tmp_path, lang="nl")
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    path = tmp_path / export_filename(m, "nl", "md")
    assert "Een nieuwe aantekening." in path.read_text(encoding="utf-8")


def test_export_all_since_a_date_and_as_html(store: Store, tmp_path: Path) -> None:
    _many(store)
    done = export_all(store, tmp_path, since=date(2026, 6, 1), lang="en", fmt="html")
    assert len(done.files) == 20
    assert all(p.name.startswith("minutes-2026-06-01-") for p in done.files)
    assert all(p.suffix == ".html" for p in done.files)
    assert "script" not in Page(done.files[0].read_text(encoding="utf-8")).tags


def test_export_all_is_in_each_meetings_history(store: Store, tmp_path: Path) -> None:
    ids = _many(store)
    export_all(store, tmp_path, since=date(2026, 6, 1), lang="nl")
    exported = {
        row[0]
        for row in store.db.execute(
            "SELECT meeting_id FROM audit WHERE action = 'export' AND entity = 'meetings'"
        )
    }
    assert exported == {i for i in ids if store.meeting(i).date >= date(2026, 6, 1)}
    assert store.history(ids[1])[0].action == "export"


def test_export_all_into_a_folder_that_cannot_be_written(store: Store, tmp_path: Path) -> None:
    _many(store)
    with pytest.raises(OSError):  # noqa: PT011 (the CLI turns any OSError into one line)
        export_all(store, tmp_path / "missing", lang="nl")
