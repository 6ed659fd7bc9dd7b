"""Text in the store: finding people by a few letters, and keeping what users type harmless."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from driehoek.domain import Factor, Part, Party, Ref
from driehoek.store import Store, fts_prefix_query

DAY = date(2026, 11, 26)
ESCAPES = "\x1b[2J\x1b[H \x1b]52;c;aGk=\x1b\\ \u202e \x9b31m \x07\x00\x7f"
DUTCH = "Coördinator Ĳsbrand é 👩‍🎓 café ‘citaat’ – “zo”"


@pytest.fixture
def people(store: Store) -> dict[str, int]:
    """A few invented placements, keyed by student; values are placement ids."""
    rows = [
        ("Elif Öztürk", "Zorggroep Noorderlicht", date(2026, 11, 20)),
        ("Daan de Vries", "Kinderopvang Het Vlindertje", date(2026, 10, 1)),
        ("Anouk Vermeulen", "Stichting Ōmega Zorg", date(2026, 9, 15)),
        ("Sven Oosterhuis", "Zorggroep Noorderlicht", date(2026, 11, 1)),
    ]
    return {
        student: store.meeting(store.new_intake(student, org, day=day)).placement.id
        for student, org, day in rows
    }


def _found(store: Store, search: str) -> set[str]:
    return {p.student for p in store.placements(search)}


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("ozt", {"Elif Öztürk"}),
        ("ÖZT", {"Elif Öztürk"}),
        ("Öztürk", {"Elif Öztürk"}),
        ("elif", {"Elif Öztürk"}),
        ("da vr", {"Daan de Vries"}),
        ("vr da", {"Daan de Vries"}),
        ("noord", {"Elif Öztürk", "Sven Oosterhuis"}),
        ("omega", {"Anouk Vermeulen"}),
        ("  oost  ", {"Sven Oosterhuis"}),
        ("vlinder", {"Daan de Vries"}),
        ("xyz", set()),
        ("", {"Elif Öztürk", "Daan de Vries", "Anouk Vermeulen", "Sven Oosterhuis"}),
    ],
)
def test_placements_are_found_by_a_few_letters(
    store: Store, people: dict[str, int], search: str, expected: set[str]
) -> None:
    assert _found(store, search) == expected


def test_placements_list_recent_activity_first(store: Store, people: dict[str, int]) -> None:
    assert [p.student for p in store.placements()] == [
        "Elif Öztürk",
        "Sven Oosterhuis",
        "Daan de Vries",
        "Anouk Vermeulen",
    ]
    assert len(store.placements(limit=2)) == 2


@pytest.mark.parametrize(
    "search",
    [
        '"',
        "'",
        "AND OR (",
        "*",
        "NEAR(",
        "NEAR(a b, 2)",
        "NOT",
        "ozt*",
        '"ozt" OR',
        "a:b",
        "-",
        "^",
        "{x}",
        "\\",
        "%",
        "\x00",
        "\x1b[2J",
        "(((((",
        "ozt" * 500,
        " ".join(["a"] * 300),
    ],
)
def test_any_search_text_is_safe(store: Store, people: dict[str, int], search: str) -> None:
    store.placements(search)  # must not raise
    assert not store.db.conn.in_transaction


def test_operators_in_a_search_are_letters_not_syntax() -> None:
    assert fts_prefix_query('ozt" OR (NEAR*') == '"ozt"* "OR"* "NEAR"*'
    assert fts_prefix_query('" * ( ^') is None


def test_renaming_a_student_updates_the_search(store: Store, people: dict[str, int]) -> None:
    meeting = store.meetings(people["Daan de Vries"])[0]
    placement = store.placement(meeting.placement_id)
    store.edit(
        Ref(Part.STUDENT, placement.student_id),
        placement.student_version,
        {"name": "Daan Zijlstra"},
    )
    assert _found(store, "vries") == set()
    assert _found(store, "zijl") == {"Daan Zijlstra"}


def _assert_clean(value: str) -> None:
    bad = [
        ch for ch in value if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\n\t\u200d"
    ]
    assert bad == []


def test_control_characters_are_stripped_on_every_write(store: Store) -> None:
    hostile_line = f"Lieke{ESCAPES}Brandsma"
    meeting_id = store.new_intake(hostile_line, f"Zorg{ESCAPES}groep", day=DAY)
    m = store.meeting(meeting_id)
    store.update_placement(m.placement.id, 1, team=hostile_line, programme=hostile_line)
    store.update_participant(m.participants[1].id, 1, name=hostile_line, role=hostile_line)
    store.update_goal(store.add_goal(meeting_id).id, 1, f"regel 1{ESCAPES}\nregel 2")
    store.update_meeting(meeting_id, m.version, learning_note=ESCAPES, decision_reasons=ESCAPES)
    store.update_factor(meeting_id, Factor.SUPPORT, 1, note=ESCAPES)
    store.update_support(store.add_support(meeting_id).id, 1, text=ESCAPES)
    agreement = store.add_agreement(meeting_id, text=ESCAPES)
    store.update_agreement(agreement.id, agreement.version, frequency=ESCAPES)
    store.sign(meeting_id, Party.SCHOOL, hostile_line)
    m = store.meeting(meeting_id)
    p = m.placement
    texts = [
        p.student,
        p.organisation,
        p.team,
        p.programme,
        m.learning_note,
        m.decision_reasons,
        *(x.name for x in m.participants),
        *(x.role for x in m.participants),
        *(g.text for g in m.goals),
        *(f.note for f in m.factors),
        *(s.text for s in m.support),
        *(a.text for a in m.agreements),
        *(a.frequency for a in m.agreements),
        *(s.name for s in m.sign_offs),
    ]
    for text in texts:
        _assert_clean(text)
    assert p.student == "Lieke[2J[H ]52;c;aGk=\\  31m Brandsma"
    assert m.goals[0].text == "regel 1[2J[H ]52;c;aGk=\\  31m \nregel 2"


def test_dutch_text_and_emoji_survive_unchanged(store: Store) -> None:
    meeting_id = store.new_intake(DUTCH, DUTCH, day=DAY)
    m = store.meeting(meeting_id)
    note = f"{DUTCH}\n\tingesprongen regel\n\n{DUTCH}"
    store.update_meeting(meeting_id, m.version, learning_note=note)
    store.update_participant(m.participants[2].id, 1, name=DUTCH)
    m = store.meeting(meeting_id)
    assert (m.placement.student, m.placement.organisation) == (DUTCH, DUTCH)
    assert m.participants[2].name == DUTCH
    assert m.learning_note == note


def test_one_line_fields_lose_their_line_breaks(store: Store) -> None:
    meeting_id = store.new_intake("Lieke\nBrandsma", "Zorggroep\r\nMeerzicht", day=DAY)
    p = store.meeting(meeting_id).placement
    assert (p.student, p.organisation) == ("Lieke Brandsma", "Zorggroep Meerzicht")


def test_text_is_stored_in_composed_form(store: Store) -> None:
    meeting_id = store.new_intake(
        "Noe\u0308l Ku\u0308c\u0327u\u0308k", "Zorggroep Meerzicht", day=DAY
    )
    assert store.meeting(meeting_id).placement.student == "Noël Küçük"
    assert _found(store, "kucuk") == {"Noël Küçük"}


def test_a_long_note_round_trips(store: Store) -> None:
    meeting_id = store.new_intake("Lieke Brandsma", "Zorggroep Meerzicht", day=DAY)
    line = "Lange notitie met ëen regel, 👩‍🎓 en [haken] | pijpen.\n"
    note = (line * (100_000 // len(line) + 1))[:100_000]
    store.update_factor(meeting_id, Factor.EXPERIMENT, 1, note=note)
    stored = store.meeting(meeting_id).factor(Factor.EXPERIMENT).note
    assert len(stored) == 100_000
    assert stored == note
