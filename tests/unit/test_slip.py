"""`driehoek slip`: the return-day slips, as a coordinator runs them from the command line.

All names are invented.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cli_run import one_line, run
from hostile_text import HOSTILE
from mdtokens import all_types, parse

from driehoek.database import open_database
from driehoek.domain import (
    AgreementKind,
    Decision,
    Disposition,
    Factor,
    FactorStatus,
    Part,
    Party,
    PlacementStatus,
    Question,
    Ref,
)
from driehoek.store import Clock, Store

DAY = "2026-11-28"
INTAKE = date(2026, 8, 25)
START = date(2026, 9, 1)
EVALUATION = date(2026, 11, 20)


def placement(
    store: Store,
    student: str,
    *,
    programme: str = "SPH",
    cohort: str = "2025",
    start: date = START,
    note: str = "Weinig tijd voor nabespreken.",
    agreement: str = "Eigen groepsactiviteit",
    sign: bool = True,
) -> int:
    """A placement whose intake (signed by all three unless `sign` is False) found factor 2
    realisable and factor 3 absent, with an agreement for the workplace and one for the
    student; returns its id."""
    meeting_id = store.new_intake(student, "Zorggroep De Linde", day=INTAKE)
    p = store.meeting(meeting_id).placement
    store.edit(
        Ref(Part.PLACEMENT, p.id),
        p.version,
        {"programme": programme, "cohort": cohort, "start": start, "end": date(2027, 6, 30)},
    )
    store.update_factor(meeting_id, Factor.INVOLVEMENT, 1, status=FactorStatus.PRESENT)
    store.update_factor(
        meeting_id, Factor.EXPERIMENT, 1, status=FactorStatus.REALISABLE, note="Vanaf week 4."
    )
    store.update_factor(meeting_id, Factor.SUPPORT, 1, status=FactorStatus.ABSENT, note=note)
    a = store.add_agreement(
        meeting_id,
        owner=Party.WORKPLACE,
        kind=AgreementKind.SUPERVISION,
        text="Wekelijks nabespreken",
        factor=Factor.SUPPORT,
    )
    store.update_agreement(a.id, a.version, frequency="wekelijks")
    a = store.add_agreement(meeting_id, owner=Party.STUDENT, text=agreement)
    store.update_agreement(a.id, a.version, due=date(2026, 12, 15))
    m = store.meeting(meeting_id)
    store.update_meeting(
        meeting_id, m.version, decision=Decision.SUITABLE, next_evaluation=date(2026, 12, 1)
    )
    if sign:
        for party in Party:
            store.sign(meeting_id, party, f"{party.value} naam")
    return p.id


def evaluation(
    store: Store,
    placement_id: int,
    *,
    done: str,
    attention: str,
    new: str = "",
    sign: bool = True,
) -> int:
    """An evaluation that marks the agreement `done` done and carries the others, with the
    student's answer to question 4 and maybe a new agreement for the school."""
    meeting_id = store.new_evaluation(placement_id, day=EVALUATION)
    m = store.meeting(meeting_id)
    for review in m.reviews:
        kept = review.agreement.text == done
        store.edit(
            Ref(Part.DISPOSITION, review.id),
            review.version,
            {
                "disposition": (Disposition.DONE if kept else Disposition.CARRY).value,
                "reason": "" if kept else "Loopt nog.",
            },
        )
    answer = m.answer(Question.ATTENTION, Party.STUDENT)
    assert answer is not None
    store.edit(Ref(Part.ANSWER, answer.id), answer.version, {"text": attention})
    if new:
        store.add_agreement(meeting_id, owner=Party.SCHOOL, text=new)
    if sign:
        for party in Party:
            store.sign(meeting_id, party, f"{party.value} naam")
    return meeting_id


@pytest.fixture
def db(tmp_path: Path, fixed_clock: Clock) -> Path:
    return tmp_path / "school.db"


def with_store(db: Path, clock: Clock) -> Store:
    return Store(open_database(db), clock=clock, user="tester")


def slip(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> str:
    code, out, err = run(capsys, "--db", str(db), "slip", "--date", DAY, *args)
    assert code == 0, err
    assert err == ""
    return out


def sections(markdown: str) -> dict[str, str]:
    """Each student's section of the Markdown, by her name."""
    parts = re.split(r"^# Terugkomdag: (.+)$", markdown, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_a_signed_placement_gives_its_open_agreements_factors_answer_and_next_date(
    capsys: pytest.CaptureFixture[str], db: Path, fixed_clock: Clock
) -> None:
    store = with_store(db, fixed_clock)
    pid = placement(store, "Anouk de Wit")
    evaluation(store, pid, done="Eigen groepsactiviteit", attention="Hulp bij rapporteren.")
    store.close()
    out = slip(capsys, db)
    [(name, text)] = sections(out).items()
    assert name == "Anouk de Wit"
    assert "Datum: 28 november 2026" in text
    assert "Werkplek: Zorggroep De Linde" in text
    assert "Opleiding: SPH, cohort 2025" in text
    # The intake's agreement kept at the signed evaluation is no longer open; the other is.
    assert "## Open afspraak (1)" in text
    assert "| Wekelijks nabespreken (bij factor 3) | werkplek | wekelijks |" in text
    assert "Eigen groepsactiviteit" not in text
    # The factors the evaluation took over from the intake: 2 and 3, not 1 (present).
    assert "Uit het gesprek van 20 november 2026." in text
    assert "- 2 Ruimte om te experimenteren (realiseerbaar): Vanaf week 4." in text
    assert "- 3 Steun, feedback en reflectie (afwezig): Weinig tijd voor nabespreken." in text
    assert "- 1 " not in text
    assert "Antwoord van de student op vraag 4 in de evaluatie van 20 november 2026:" in text
    assert "Hulp bij rapporteren." in text
    assert "concept" not in text  # everything on it was signed by all three


def test_what_no_one_signed_yet_is_on_the_slip_and_says_so(
    capsys: pytest.CaptureFixture[str], db: Path, fixed_clock: Clock
) -> None:
    store = with_store(db, fixed_clock)
    pid = placement(store, "Sem Verbeek")
    evaluation(
        store,
        pid,
        done="Eigen groepsactiviteit",
        attention="Een gesprek over de werkdruk.",
        new="Bezoek plannen",
        sign=False,
    )
    store.close()
    text = sections(slip(capsys, db))["Sem Verbeek"]
    assert "*Het laatste gesprek (20 november 2026) is nog niet door alle drie getekend" in text
    # Marked kept in the draft: still open until all three sign that.
    assert "## Open afspraken (3)" in text
    assert (
        "Eigen groepsactiviteit (‘nagekomen’ in het gesprek van 20 november 2026: concept, "
        "nog niet door alle drie getekend) | student | 15 december 2026 |"
    ) in text
    assert (
        "| Bezoek plannen (uit het gesprek van 20 november 2026: concept, nog niet door alle "
        "drie getekend) | school | – |"
    ) in text
    assert "Uit het gesprek van 20 november 2026: concept, nog niet door alle drie getekend." in (
        text
    )
    assert "evaluatie van 20 november 2026 (concept, nog niet door alle drie getekend):" in text


def test_before_any_evaluation_the_answer_is_not_there_yet(
    capsys: pytest.CaptureFixture[str], db: Path, fixed_clock: Clock
) -> None:
    store = with_store(db, fixed_clock)
    placement(store, "Yara Bosman")
    store.close()
    text = sections(slip(capsys, db))["Yara Bosman"]
    assert "## Open afspraken (2)" in text
    assert "Uit het gesprek van 25 augustus 2026." in text
    assert "Nog geen antwoord van de student op vraag 4" in text
    assert "Volgende evaluatie: 1 december 2026" in text


def test_only_placements_running_on_the_day_and_the_filters_chosen(
    capsys: pytest.CaptureFixture[str], db: Path, fixed_clock: Clock
) -> None:
    store = with_store(db, fixed_clock)
    placement(store, "Anouk de Wit", programme="SPH", cohort="2025")
    placement(store, "Bram Kuipers", programme="Verpleegkunde", cohort="2025")
    placement(store, "Chris Meijer", programme="SPH", cohort="2026")
    placement(store, "Daan Later", start=date(2027, 1, 4))  # planned until January
    ended = placement(store, "Eva Klaar")
    p = store.placement(ended)
    store.update_placement(ended, p.version, status=PlacementStatus.COMPLETED.value)
    store.close()
    assert list(sections(slip(capsys, db))) == ["Anouk de Wit", "Bram Kuipers", "Chris Meijer"]
    assert list(sections(slip(capsys, db, "--programme", " sph "))) == [
        "Anouk de Wit",
        "Chris Meijer",
    ]
    assert list(sections(slip(capsys, db, "--cohort", "2025"))) == ["Anouk de Wit", "Bram Kuipers"]
    assert list(sections(slip(capsys, db, "--programme", "SPH", "--cohort", "2026"))) == [
        "Chris Meijer"
    ]
    code, out, err = run(capsys, "--db", str(db), "slip", "--date", "2027-01-10")
    assert (code, err) == (0, "")
    assert "Daan Later" in sections(out)


def test_no_running_placements_is_one_line_and_no_file(
    capsys: pytest.CaptureFixture[str], db: Path, fixed_clock: Clock, tmp_path: Path
) -> None:
    store = with_store(db, fixed_clock)
    placement(store, "Anouk de Wit")
    store.close()
    code, out, err = run(capsys, "--db", str(db), "slip", "--date", "2026-08-01")
    assert (code, out, err) == (0, "Geen lopende stages op 1 augustus 2026.\n", "")
    target = tmp_path / "briefjes.md"
    code, out, err = run(
        capsys, "--db", str(db), "slip", "--date", DAY, "--cohort", "1999", "-o", str(target)
    )
    assert code == 0
    assert out == ("Geen lopende stages op 28 november 2026 in cohort 1999.\n")
    assert not target.exists()
    code, out, err = run(capsys, "--db", str(db), "--lang", "en", "slip", "--date", "2026-08-01")
    assert (code, out) == (0, "No running placements on 1 August 2026.\n")
    code, out, err = run(
        capsys, "--db", str(db), "slip", "--date", DAY, "--programme", "SHP", "--cohort", "2025"
    )
    assert (code, out) == (
        0,
        "Geen lopende stages op 28 november 2026 bij opleiding SHP in cohort 2025.\n",
    )
    code, out, err = run(
        capsys, "--db", str(db), "--lang", "en", "slip", "--date", DAY, "--programme", "SHP"
    )
    assert (code, out) == (0, "No running placements on 28 November 2026 in programme SHP.\n")


def test_html_is_one_printed_page_per_student_without_scripts(
    capsys: pytest.CaptureFixture[str], db: Path, fixed_clock: Clock, tmp_path: Path
) -> None:
    store = with_store(db, fixed_clock)
    placement(store, "Anouk de Wit")
    placement(store, "Bram Kuipers")
    store.close()
    target = tmp_path / "briefjes.html"
    code, out, err = run(
        capsys, "--db", str(db), "slip", "--date", DAY, "--format", "html", "-o", str(target)
    )
    assert (code, out) == (0, "")
    assert err == f"2 briefjes geschreven naar {target}.\n"
    page = target.read_text(encoding="utf-8")
    assert page.count('<section class="slip">') == 2
    assert "break-after: page" in page
    assert "default-src 'none'" in page
    for outside in ("<script", "src=", "href="):
        assert outside not in page
    assert "<h1>Terugkomdag: Anouk de Wit</h1>" in page
    assert "<title>Terugkomdag 28 november 2026</title>" in page
    assert target.stat().st_mode & 0o077 == 0  # personal data: the owner's alone


def test_a_date_that_is_no_date_is_one_line(
    capsys: pytest.CaptureFixture[str], db: Path, fixed_clock: Clock
) -> None:
    with_store(db, fixed_clock).close()
    line = one_line(run(capsys, "--db", str(db), "slip", "--date", "31-02-2026"))
    assert "31-02-2026" in line


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def _tags(page: str) -> list[str]:
    """The page's elements in order; line breaks left out (an answer keeps its lines)."""
    parser = _Tags()
    parser.feed(page)
    return [tag for tag in parser.tags if tag != "br"]


@pytest.mark.parametrize("name", ["brief", "html", "links", "cells", "markup", "escapes"])
def test_hostile_text_in_a_note_agreement_or_answer_stays_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fixed_clock: Clock, name: str
) -> None:
    outputs = {}
    for label, text in (("plain", "gewone tekst"), ("hostile", HOSTILE[name])):
        db = tmp_path / f"{label}.db"
        store = with_store(db, fixed_clock)
        pid = placement(store, "Anouk de Wit", note=text, agreement=text)
        evaluation(store, pid, done="", attention=text)
        store.close()
        outputs[label] = (slip(capsys, db), slip(capsys, db, "--format", "html"))
    (plain_md, plain_html), (md, page) = outputs["plain"], outputs["hostile"]
    # The same structure as with plain text: user text added no heading, link, HTML, code ...
    assert all_types(parse(md)) == all_types(parse(plain_md))
    assert _tags(page) == _tags(plain_html)
    for hostile in ("<script", "<img"):
        assert hostile not in page  # escaped: &lt;script&gt;
    assert "\x1b" not in md + page


def test_in_english(capsys: pytest.CaptureFixture[str], db: Path, fixed_clock: Clock) -> None:
    store = with_store(db, fixed_clock)
    pid = placement(store, "Anouk de Wit")
    evaluation(store, pid, done="Eigen groepsactiviteit", attention="Hulp bij rapporteren.")
    store.close()
    out = slip(capsys, db, "--lang", "en")
    assert out.startswith("# Return day: Anouk de Wit\n\nDate: 28 November 2026\\\n")
    assert "## Open agreement (1)" in out
    assert "| Wekelijks nabespreken (at factor 3) | workplace | wekelijks |" in out
    assert "- 3 Support, feedback and reflection (absent): Weinig tijd voor nabespreken." in out
    assert "The student's answer to question 4 at the evaluation of 20 November 2026:" in out


def test_a_reopened_meeting_is_no_longer_agreed_and_says_so(
    capsys: pytest.CaptureFixture[str], db: Path, fixed_clock: Clock
) -> None:
    from driehoek.signing import reopen

    store = with_store(db, fixed_clock)
    pid = placement(store, "Anouk de Wit")
    meeting_id = evaluation(store, pid, done="Eigen groepsactiviteit", attention="Hulp.")
    reopen(store, meeting_id, "Datum klopte niet")
    store.close()
    text = sections(slip(capsys, db))["Anouk de Wit"]
    assert "## Open afspraken (2)" in text
    assert "(‘nagekomen’ in het gesprek van 20 november 2026: heropend, nog niet" in text
    assert "evaluatie van 20 november 2026 (heropend, nog niet door alle drie getekend):" in text
