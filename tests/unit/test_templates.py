"""A programme's template: the file and its check, where it is stored, which meeting it words,
and that a meeting once signed keeps the wording it was held with."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from mdtokens import headings, list_items
from mdtokens import parse as tokens

from driehoek import template_store
from driehoek.database import connect
from driehoek.domain import Factor, MeetingKind, Part, Pressure, Question, Ref, SupportKind
from driehoek.flow import STEPS, label_key
from driehoek.i18n import LANGUAGES, Catalogue, Lang
from driehoek.migrate_templates import templates as templates_migration
from driehoek.migrations import LATEST, MIGRATIONS, migrate, schema_version
from driehoek.minutes import render_minutes
from driehoek.prompts import Prompts, prompts_for
from driehoek.store import Clock, Store
from driehoek.template_file import (
    MAX_BYTES,
    WORDING_KEYS,
    TemplateInvalid,
    default_toml,
    parse,
    parse_bytes,
)

NL = Catalogue("nl")
CONTROL = "bevat een stuurteken of regeleinde; een tekst is één regel gewone tekst"
HERE = Path(__file__).parent
SPH = HERE.parent / "templates" / "sph.toml"


def sph_source(version: int = 1, involvement: str = "Doet zij mee in de woongroep?") -> str:
    """The test template for SPH (in tests/templates), at `version`, with factor 1's question."""
    text = SPH.read_text(encoding="utf-8")
    text = text.replace("version = 1", f"version = {version}")
    return text.replace(
        'involvement = "Doet zij mee in de woongroep?"', f'involvement = "{involvement}"'
    )


def add(store: Store, source: str) -> template_store.Added:
    return template_store.add(store, parse(source), source)


def placement_of(store: Store, programme: str, name: str = "Ravi Pinas") -> int:
    """A new intake whose placement is in `programme`; returns the meeting's id."""
    meeting_id = store.new_intake(name, "Stichting De Haven")
    p = store.meeting(meeting_id).placement
    store.edit(Ref(Part.PLACEMENT, p.id), p.version, {"programme": programme})
    return meeting_id


def sign(store: Store, meeting_id: int) -> None:
    from driehoek.domain import Party

    for party in Party:
        store.sign(meeting_id, party, f"naam {party.value}")


def problems(text: str | bytes, lang: Lang = "nl") -> list[str]:
    with pytest.raises(TemplateInvalid) as caught:
        parse_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return [p.describe(Catalogue(lang)) for p in caught.value.problems]


# -- the default: the article's words ------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_default_shown_is_a_template_with_the_article_s_words(lang: Lang) -> None:
    template = parse(default_toml(lang))
    t = Catalogue(lang)
    wording = template.wording(lang)
    assert set(wording) == WORDING_KEYS  # every prompt, nothing else
    assert all(wording[key] == t(key) for key in WORDING_KEYS)
    assert template.languages == (lang,)


def test_the_wording_covers_every_prompt_the_brief_names() -> None:
    expected = {f"question.{f.value}" for f in Factor} | {f"question.{q.value}" for q in Question}
    expected |= {f"pressure.{p.value}" for p in Pressure} | {"question.pressures"}
    expected |= {f"support_kind.{k.value}" for k in SupportKind}
    expected |= {f"step_hint.{label_key(k, s)}" for k in MeetingKind for s in STEPS[k]}
    assert expected == WORDING_KEYS


def test_a_meeting_without_a_template_is_asked_in_the_catalogue_s_words(store: Store) -> None:
    meeting = store.meeting(placement_of(store, "SPH"))
    t = prompts_for(meeting, "nl")
    assert t.template is None
    assert t("question.involvement") == NL("question.involvement")
    assert t.source() == NL("template.default_name")


# -- checking a file: each problem one line, with its line -----------------------------------


def test_the_test_template_is_fine() -> None:
    template = parse(sph_source())
    assert (template.name, template.version, template.programmes) == (
        "SPH Hogeschool",
        1,
        ("SPH", "SPH deeltijd"),
    )


def with_line(source: str, line: int, text: str) -> str:
    lines = source.splitlines()
    lines[line - 1] = text
    return "\n".join(lines) + "\n"


def line_of(source: str, start: str) -> int:
    return next(n for n, line in enumerate(source.splitlines(), 1) if line.startswith(start))


def test_broken_toml_is_refused_with_its_line() -> None:
    source = sph_source()
    line = line_of(source, "autonomy =")
    found = problems(with_line(source, line, 'autonomy = "Bepaalt zij zelf'))
    assert len(found) == 1
    assert found == [
        f"regel {line}: geen geldige TOML: een tekst wordt niet afgesloten met een aanhalingsteken"
    ]


def test_every_problem_of_the_schema_is_a_line_of_its_own_with_its_line_number() -> None:
    source = sph_source()
    version = line_of(source, "version =")
    autonomy = line_of(source, "autonomy =")
    time = line_of(source, "time =")
    source = with_line(source, version, 'version = "twee"')
    source = with_line(source, autonomy, "autonomy = 12")
    source = with_line(source, time, 'tijd = "Is er tijd?"')
    source += '\n[nl.colours]\nred = "rood"\n'
    colours = line_of(source, "[nl.colours]")
    evaluation = line_of(source, "[nl.evaluation_questions]")
    assert problems(source) == [
        f"regel {version}: version moet een geheel getal zijn",
        f"regel {autonomy}: nl.factor_questions.autonomy moet tekst tussen aanhalingstekens zijn",
        f"regel {evaluation}: nl.evaluation_questions.time ontbreekt",
        f"regel {time}: onbekende sleutel nl.evaluation_questions.tijd",
        f"regel {colours}: onbekende sleutel nl.colours",
    ]


def test_a_missing_table_a_missing_name_and_no_language() -> None:
    assert problems('version = 1\nprogrammes = ["SPH"]\n') == [
        "regel 1: name ontbreekt",
        "regel 1: er is geen tabel [nl] of [en] met de teksten",
    ]
    found = problems('name = "X"\nversion = 1\nprogrammes = ["SPH"]\n[en]\n', "en")
    assert "line 4: en.factor_questions.involvement is missing" in found
    assert len(found) == len(Factor) + len(Question)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"Is er \\u001b[2J tijd?"', CONTROL),
        ('"twee\\nregels"', CONTROL),
        ('"   "', "is leeg"),
        ('"' + "x" * 501 + '"', "is te lang (501 tekens, hoogstens 500)"),
        ("true", "moet tekst tussen aanhalingstekens zijn"),
        ('["a"]', "moet tekst tussen aanhalingstekens zijn"),
    ],
)
def test_wording_is_one_line_of_plain_text_of_a_sensible_size(value: str, expected: str) -> None:
    source = sph_source()
    line = line_of(source, "time =")
    [found] = problems(with_line(source, line, f"time = {value}"))
    assert found == f"regel {line}: nl.evaluation_questions.time {expected}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "version moet een geheel getal van 1 tot en met 999999 zijn"),
        ("1000000", "version moet een geheel getal van 1 tot en met 999999 zijn"),
        ("true", "version moet een geheel getal zijn"),
        ("1.5", "version moet een geheel getal zijn"),
    ],
)
def test_a_version_is_a_whole_number_of_a_sensible_size(value: str, expected: str) -> None:
    source = sph_source()
    line = line_of(source, "version =")
    assert problems(with_line(source, line, f"version = {value}")) == [f"regel {line}: {expected}"]


def test_programmes_a_list_of_names_not_empty_not_endless() -> None:
    source = sph_source()
    line = line_of(source, "programmes =")
    assert problems(with_line(source, line, "programmes = []")) == [
        f"regel {line}: programmes is leeg"
    ]
    assert problems(with_line(source, line, 'programmes = "SPH"')) == [
        f'regel {line}: programmes moet een lijst, zoals ["SPH"] zijn'
    ]
    many = ", ".join(f'"P{n}"' for n in range(51))
    assert problems(with_line(source, line, f"programmes = [{many}]")) == [
        f"regel {line}: programmes noemt te veel opleidingen (51, hoogstens 50)"
    ]


def test_a_huge_file_or_one_not_in_utf8_is_refused_before_it_is_read() -> None:
    huge = sph_source() + "# " + "x" * MAX_BYTES + "\n"
    assert problems(huge) == [
        f"regel 1: het bestand is te groot ({len(huge.encode())} bytes, hoogstens {MAX_BYTES})"
    ]
    latin = sph_source().replace("woongroep?", "cliënt?").encode("latin-1")
    [found] = problems(latin)
    assert found.endswith("het bestand is geen UTF-8-tekst")


def test_a_line_too_long_or_a_key_too_deep_is_refused_before_it_is_parsed() -> None:
    # tomllib takes time quadratic in a dotted key's length: such a file is refused first.
    source = sph_source()
    assert problems(source + "x" + ".x" * 30_000 + " = 1\n") == [
        f"regel {len(source.splitlines()) + 1}: de regel is te lang (60005 tekens, hoogstens 1000)"
    ]
    deep = source + "[" + ".".join(["a"] * 400) + "]\n"
    assert problems(deep) == [
        f"regel {len(source.splitlines()) + 1}: onbekende sleutel a.a.a.a.a.…"
    ]


def test_quoted_and_dotted_keys_are_found_on_their_line() -> None:
    source = sph_source().replace("[nl.step_hints]", '[ nl . "step_hints" ]\n"onbekend" = "x"')
    line = line_of(source, '"onbekend"')
    assert problems(source) == [f"regel {line}: onbekende sleutel nl.step_hints.onbekend"]


def test_markup_in_wording_is_text_and_braces_are_no_placeholders() -> None:
    source = sph_source(involvement="Doet zij [b]mee[/b] in {de groep}? **echt** <em>x</em>")
    t = Prompts("nl", parse(source))
    assert t("question.involvement") == "Doet zij [b]mee[/b] in {de groep}? **echt** <em>x</em>"
    assert t.worded("question.involvement")
    # Only prompts: anything else is the catalogue's, placeholders and all.
    assert t("minutes.template") == NL("minutes.template")
    assert t("field.at_factor", number=3) == NL("field.at_factor", number=3)


# -- storing, and which meeting uses which ----------------------------------------------------


def test_a_version_is_stored_once_and_never_replaced(store: Store) -> None:
    assert add(store, sph_source()) is template_store.Added.ADDED
    assert add(store, sph_source()) is template_store.Added.SAME
    other = sph_source(involvement="Een andere vraag?")
    assert add(store, other) is template_store.Added.DIFFERENT
    [kept] = template_store.stored(store.db)
    assert (kept.name, kept.version) == ("SPH Hogeschool", 1)
    assert kept.programmes == ("SPH", "SPH deeltijd")  # as the file spells them
    source = store.db.execute("SELECT source FROM templates").fetchone()[0]
    assert source == sph_source()
    # Not by hand either: the file refuses.
    with pytest.raises(sqlite3.IntegrityError, match="never changed"):
        store.db.execute("UPDATE templates SET source = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="never removed"):
        store.db.execute("DELETE FROM templates")


def test_a_placement_uses_its_programme_s_template_or_the_article_s(store: Store) -> None:
    add(store, sph_source())
    sph = placement_of(store, " sph ")  # as a school's list may spell it
    evening = placement_of(store, "SPH deeltijd", "Noa Dijkstra")
    nursing = placement_of(store, "Verpleegkunde", "Sem de Vries")
    for meeting_id in (sph, evening):
        t = prompts_for(store.meeting(meeting_id), "nl")
        assert t("question.involvement") == "Doet zij mee in de woongroep?"
        assert t.source() == "SPH Hogeschool, versie 1"
    assert store.meeting(nursing).template is None
    # A language the template has no texts in: the article's words, and says so.
    english = prompts_for(store.meeting(sph), "en")
    assert english("question.involvement") == Catalogue("en")("question.involvement")
    assert english.template is None


def test_the_minutes_name_the_template_and_use_its_words(store: Store) -> None:
    add(store, sph_source())
    meeting_id = placement_of(store, "SPH")
    item = store.add_support(meeting_id, SupportKind.VISIT)
    store.update_support(item.id, item.version, text="In week 6")
    m = store.meeting(meeting_id)
    store.update_meeting(meeting_id, m.version, pressures={Pressure.AGGRESSIVE_CLIENTS})
    minutes = render_minutes(store.meeting(meeting_id), "nl")
    assert "- Sjabloon: SPH Hogeschool, versie 1\n" in minutes
    assert "- bezoek op de groep: In week 6\n" in minutes
    assert "- agressie in de groep\n" in minutes
    # Without a template: no such line, the article's words.
    plain = render_minutes(store.meeting(placement_of(store, "Verpleegkunde", "Sem")), "nl")
    assert NL("minutes.template") not in plain


def test_markup_in_a_template_is_escaped_in_the_minutes(store: Store) -> None:
    source = sph_source().replace(
        'aggressive_clients = "agressie in de groep"',
        'aggressive_clients = "# kop [link](x) <b>vet</b>"',
    )
    add(store, source)
    meeting_id = placement_of(store, "SPH")
    m = store.meeting(meeting_id)
    store.update_meeting(meeting_id, m.version, pressures={Pressure.AGGRESSIVE_CLIENTS})
    found = tokens(render_minutes(store.meeting(meeting_id), "nl"))
    assert not [t for t in found if t.type in ("link_open", "html_inline", "html_block")]
    items = [item for found_list in list_items(found) for item in found_list]
    assert "# kop [link](x) <b>vet</b>" in items


def test_a_kind_of_support_is_a_short_name_for_its_column() -> None:
    source = sph_source()
    line = line_of(source, "visit =")
    [found] = problems(with_line(source, line, 'visit = "stagebezoek in de woongroep"'))
    assert found == (f"regel {line}: nl.support_kinds.visit is te lang (27 tekens, hoogstens 20)")


def test_an_evaluation_asks_the_template_s_four_questions(store: Store) -> None:
    add(store, sph_source())
    intake = placement_of(store, "SPH")
    sign(store, intake)
    evaluation = store.new_evaluation(store.meeting(intake).placement.id)
    minutes = render_minutes(store.meeting(evaluation), "nl")
    titles = [text for tag, text in headings(tokens(minutes)) if tag == "h3"]
    assert "1. Komt zij in de woongroep aan leren toe?" in titles
    assert "4. Wat nemen we mee naar de terugkomdag?" in titles


def test_a_signed_meeting_keeps_its_wording_after_a_new_version_is_added(store: Store) -> None:
    add(store, sph_source())
    old = placement_of(store, "SPH")
    sign(store, old)
    open_meeting = placement_of(store, "SPH", "Noa Dijkstra")
    before = render_minutes(store.meeting(old), "nl")

    add(store, sph_source(version=2, involvement="Hoort zij er in het team echt bij?"))
    assert render_minutes(store.meeting(old), "nl") == before
    kept = prompts_for(store.meeting(old), "nl")
    assert kept("question.involvement") == "Doet zij mee in de woongroep?"
    assert kept.source() == "SPH Hogeschool, versie 1"
    # One not yet signed takes the new version; signed, it keeps that one.
    newer = prompts_for(store.meeting(open_meeting), "nl")
    assert newer("question.involvement") == "Hoort zij er in het team echt bij?"
    sign(store, open_meeting)
    add(store, sph_source(version=3, involvement="Nog een vraag?"))
    assert prompts_for(store.meeting(open_meeting), "nl").source() == "SPH Hogeschool, versie 2"
    counts = {(t.version, t.meetings) for t in template_store.stored(store.db)}
    assert counts == {(1, 1), (2, 1), (3, 0)}


def test_what_a_meeting_was_held_with_is_never_changed_but_goes_with_it(store: Store) -> None:
    add(store, sph_source())
    meeting_id = placement_of(store, "SPH")
    sign(store, meeting_id)
    with pytest.raises(sqlite3.IntegrityError, match="never changes"):
        store.db.execute("UPDATE meeting_templates SET template_id = NULL")
    with pytest.raises(sqlite3.IntegrityError, match="never changes"):
        store.db.execute("DELETE FROM meeting_templates")
    placement = store.meeting(meeting_id).placement.id
    store.db.execute("DELETE FROM placements WHERE id = ?", [placement])  # as an erasure does
    assert store.db.execute("SELECT count(*) FROM meeting_templates").fetchone()[0] == 0


def test_a_meeting_signed_without_a_template_keeps_the_article_s_words(store: Store) -> None:
    old = placement_of(store, "SPH")
    sign(store, old)
    add(store, sph_source())
    assert store.meeting(old).template is None


# -- the migration ---------------------------------------------------------------------------


def test_the_migration_records_the_article_s_words_for_meetings_signed_before(
    tmp_path: Path, fixed_clock: Clock
) -> None:
    db = connect(tmp_path / "ouder.db")
    index = MIGRATIONS.index(templates_migration)
    db.execute("BEGIN IMMEDIATE")
    for migration in MIGRATIONS[:index]:
        migration(db)
    db.execute(f"PRAGMA user_version = {index}")
    db.commit()
    # Today's store reads the parties' preparations, a table of a later migration: a stand-in
    # on this connection only, gone before the file is migrated.
    db.execute(
        "CREATE TEMP TABLE preparations (meeting_id INTEGER, party TEXT, answers TEXT,"
        " source TEXT, version INTEGER, updated_at TEXT, updated_by TEXT)"
    )
    before = Store(db, clock=fixed_clock, user="tester")
    signed = placement_of(before, "SPH")
    sign(before, signed)
    draft = placement_of(before, "SPH", "Noa Dijkstra")
    assert before.meeting(signed).template is None  # no tables yet: the article's
    db.execute("DROP TABLE temp.preparations")

    assert migrate(db) == LATEST - index
    assert schema_version(db) == LATEST
    store = Store(db, clock=fixed_clock, user="tester")
    add(store, sph_source())
    assert store.meeting(signed).template is None
    assert prompts_for(store.meeting(draft), "nl").source() == "SPH Hogeschool, versie 1"
    db.close()
