"""The catalogues: every language says the same things, with the same placeholders and plural
forms; the built `.mo` files hold what their `.po` sources say; the app starts without Babel."""

from __future__ import annotations

import ast
import dataclasses
import gettext
import io
import re
import string
import subprocess
import sys
import textwrap
from enum import StrEnum
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from sample_meetings import bare_meeting

from catalogues import ROOT, SOURCES, all_texts, forms, key_of, messages, po, texts, tool
from driehoek import domain
from driehoek.domain import Decision, FactorStatus
from driehoek.flow import STEPS, Flow, Step
from driehoek.i18n import _PREFIX, LANGUAGES, LOCALE_DIR, Catalogue, Lang, parse_lang

LABELLED: tuple[type[StrEnum], ...] = (
    domain.Party,
    domain.Pathway,
    domain.MeetingKind,
    domain.PlacementStatus,
    domain.Factor,
    domain.FactorStatus,
    domain.LearningWay,
    domain.Pressure,
    domain.SupportKind,
    domain.AgreementKind,
    domain.AgreementStatus,
    domain.Decision,
    domain.Question,
    domain.Disposition,
    domain.Continuation,
    Step,
)


def _placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}


# -- every language says the same things ----------------------------------------------------


def test_the_languages_have_the_same_messages_in_the_same_order() -> None:
    nl, en = list(texts("nl")), list(texts("en"))
    assert sorted(set(nl) - set(en)) == []
    assert sorted(set(en) - set(nl)) == []
    assert nl == en  # one order: a translator and a merge find a key at the same place


def test_a_message_has_plural_forms_in_every_language_or_in_none() -> None:
    plural = {lang: {k for k, v in texts(lang).items() if len(v) > 1} for lang in LANGUAGES}
    assert plural["nl"] == plural["en"]
    assert plural["nl"], "no message has plural forms"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_plural_has_as_many_forms_as_its_language_has(lang: Lang) -> None:
    catalog = po(lang)
    # The header's rule is the language's own (CLDR's), not one copied from another language.
    assert catalog.plural_forms == Catalog(locale=lang).plural_forms
    wrong = {
        k: len(v) for k, v in texts(lang).items() if len(v) > 1 and len(v) != catalog.num_plurals
    }
    assert wrong == {}


def _only_for_one(catalog: Catalog, form: int) -> bool:
    """Whether the language's plural rule picks `form` for n == 1 alone."""
    rule = gettext.c2py(catalog.plural_expr)
    return {n for n in range(1000) if rule(n) == form} == {1}


def test_each_message_names_the_same_placeholders_in_every_form_and_language() -> None:
    differ = {}
    for key in texts("nl"):
        expected = _placeholders(texts("nl")[key][-1])
        for lang in LANGUAGES:
            for number, text in enumerate(texts(lang)[key]):
                found = _placeholders(text)
                # A form only ever used for one thing may say "one" instead of {count}.
                if found != expected and not (
                    found == expected - {"count"} and _only_for_one(po(lang), number)
                ):
                    differ[(lang, key, number)] = (found, expected)
    assert differ == {}


def test_every_plural_message_counts_with_count() -> None:
    for lang in LANGUAGES:
        for key, found in texts(lang).items():
            if len(found) > 1:
                assert "count" in _placeholders(found[-1]), (lang, key)


def test_no_message_is_empty_and_none_is_fuzzy() -> None:
    empty = [(lang, k) for lang in LANGUAGES for k, v in texts(lang).items() if not all(v)]
    assert empty == []
    # A fuzzy entry is left out of the .mo: the app would miss the message.
    fuzzy = [(lang, key_of(m)) for lang in LANGUAGES for m in messages(po(lang)) if m.fuzzy]
    assert fuzzy == []


def test_no_text_is_its_own_key() -> None:
    # gettext answers a msgid it does not hold with the msgid itself: that is how the
    # catalogue tells a missing message, so no text may equal its key.
    same = [(lang, k) for lang in LANGUAGES for k, v in texts(lang).items() if k in v]
    assert same == []


# -- what is derived from the .po files ------------------------------------------------------


def _words(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())  # Babel wraps long comments


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_entry_shows_its_text_in_the_other_language(lang: Lang) -> None:
    catalogues = {other: po(other) for other in LANGUAGES}
    stale = [
        key_of(m)
        for m in messages(po(lang))
        if _words(m.auto_comments) != _words(tool().reference_comments(key_of(m), lang, catalogues))
    ]
    assert stale == [], "run `python tools/dict_to_po.py --sync`"


def test_the_template_holds_every_key_with_its_plural_and_no_text() -> None:
    with (SOURCES / "driehoek.pot").open("rb") as f:
        template = read_po(f)
    assert [key_of(m) for m in messages(template)] == list(texts("nl"))
    assert [isinstance(m.id, tuple) for m in messages(template)] == [
        isinstance(m.id, tuple) for m in messages(po("nl"))
    ]
    assert all(not any(forms(m)) for m in messages(template))


# -- the built .mo files ---------------------------------------------------------------------


def _sources() -> list[Path]:
    return sorted(SOURCES.glob("*/LC_MESSAGES/*.po"))


def _held(catalog: Catalog) -> dict[object, object]:
    """What a catalogue holds, plural ids and forms as tuples (read_mo gives lists)."""

    def frozen(value: object) -> object:
        return tuple(value) if isinstance(value, (list, tuple)) else value

    return {frozen(m.id): frozen(m.string) for m in catalog}


@pytest.mark.parametrize("source", _sources(), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_the_built_mo_holds_what_its_po_says(source: Path) -> None:
    with source.open("rb") as f:
        expected = io.BytesIO()
        write_mo(expected, read_po(f))
    built = LOCALE_DIR / source.relative_to(SOURCES).with_suffix(".mo")
    assert built.is_file(), f"{built} was not built"
    with built.open("rb") as f:
        found = read_mo(f)
    expected.seek(0)
    assert _held(found) == _held(read_mo(expected)), "run `pip install --no-deps -e .` again"


def test_both_domains_are_built_for_dutch() -> None:
    names = {p.relative_to(SOURCES).as_posix() for p in _sources()}
    assert {"nl/LC_MESSAGES/driehoek.po", "en/LC_MESSAGES/driehoek.po"} <= names
    assert "nl/LC_MESSAGES/argparse.po" in names


def test_the_app_starts_without_babel(tmp_path: Path) -> None:
    """Babel is for building and testing: the app's imports, its first screen, a date written
    out and argparse's Dutch all work without it."""
    script = textwrap.dedent(
        f"""
        import sys
        from datetime import UTC, date, datetime
        from pathlib import Path

        from driehoek import argparse_words, cli
        from driehoek.app import make_app
        from driehoek.database import open_database
        from driehoek.dates import format_date
        from driehoek.i18n import Catalogue
        from driehoek.store import Store

        db = open_database(Path({str(tmp_path / "start.db")!r}))
        store = Store(db, clock=lambda: datetime.now(UTC), user="test")
        store.new_intake("Tijn Kuiper", "Speeltuin De Wilg")

        async def first_screen(pilot):
            await pilot.pause()
            pilot.app.exit()

        make_app(store, lang="nl").run(headless=True, size=(80, 24), auto_pilot=first_screen)
        assert format_date(date(2026, 3, 1), "nl", "full") == "zondag 1 maart 2026"
        assert Catalogue("en").n("cli.purged", 2) == "2 dossiers erased."
        with argparse_words.speaking("nl"):
            pass
        print(sorted(m for m in sys.modules if m == "babel" or m.startswith("babel.")))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


# -- the Catalogue ---------------------------------------------------------------------------


def test_every_labelled_enum_is_listed_and_every_value_has_a_label() -> None:
    assert {e.__name__ for e in LABELLED} == set(_PREFIX)
    for lang in LANGUAGES:
        t = Catalogue(lang)
        for enum in LABELLED:
            for value in enum:
                assert t.enum(value).strip(), (lang, value)
                assert t.enum(value, short=True).strip(), (lang, value)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_step_has_a_title_and_a_hint(lang: Lang) -> None:
    t = Catalogue(lang)
    for steps in STEPS.values():
        for step in steps:
            assert t.has(f"step_title.{step}")
            assert t.has(f"step_hint.{step}")


def _bare_evaluation(intake: domain.Meeting) -> domain.Meeting:
    """An evaluation with nothing filled in: one agreement undecided, one carried without a
    reason, a goal without progress, no answers, no decision."""
    agreement = domain.Agreement(
        1,
        domain.AgreementKind.WORK,
        "Wekelijks nabespreken",
        domain.Party.WORKPLACE,
        None,
        "wekelijks",
        domain.AgreementStatus.OPEN,
        None,
        1,
    )
    made = intake.date
    return dataclasses.replace(
        intake,
        kind=domain.MeetingKind.EVALUATION,
        reviews=(
            domain.Review(1, agreement, made, 0, None, "", 1),
            domain.Review(2, agreement, made, 1, domain.Disposition.CARRY, "", 1),
        ),
        progress=(domain.Progress(1, 1, "Rapporteren", "", 1),),
        answers=(),
    )


def _needs_flow_can_produce() -> set[tuple[str, tuple[str, ...], bool]]:
    """(key, the params it gets, whether it counts) of every need the flow can produce."""
    bare = bare_meeting()
    nameless = dataclasses.replace(
        bare, participants=tuple(dataclasses.replace(p, name="") for p in bare.participants)
    )
    without_reasons = dataclasses.replace(
        bare, decision=Decision.SUITABLE_WITH_CONDITIONS, next_evaluation=None
    )
    half = dataclasses.replace(
        bare,
        factors=tuple(dataclasses.replace(f, status=FactorStatus.PRESENT) for f in bare.factors[:3])
        + bare.factors[3:],
    )
    evaluation = _bare_evaluation(bare)
    adjusting = dataclasses.replace(
        evaluation, continuation=domain.Continuation.ADJUST, next_evaluation=None
    )
    needs = set()
    for meeting in (bare, nameless, without_reasons, half, evaluation, adjusting):
        for _, need in Flow(meeting).open_needs:
            needs.add((need.key, tuple(sorted(need.params)), need.count is not None))
    return needs


def test_every_need_the_flow_produces_has_a_message_that_formats() -> None:
    needs = _needs_flow_can_produce()
    for lang in LANGUAGES:
        t = Catalogue(lang)
        for key, params, counts in needs:
            assert t.has(key), (lang, key)
            assert t.is_plural(key) is counts, (lang, key)
            names = set(params) | ({"count"} if counts else set())
            assert _placeholders(texts(lang)[key][-1]) == names, (lang, key)
            values = dict.fromkeys(params, 3)
            assert t.n(key, 3, **values) if counts else t(key, **values)


def test_the_catalogue_holds_no_need_the_flow_cannot_produce() -> None:
    produced = {key for key, _, _ in _needs_flow_can_produce()}
    assert {k for k in texts("nl") if k.startswith("need.")} == produced


def test_a_missing_key_is_a_loud_error() -> None:
    with pytest.raises(KeyError):
        Catalogue("nl")("no.such.key")
    with pytest.raises(KeyError):
        Catalogue("nl").n("no.such.key", 2)


def test_a_count_message_asked_without_its_count_is_a_loud_error() -> None:
    # gettext would give the form for one: "dossier gewist" whatever the number.
    with pytest.raises(KeyError, match=r"t\.n"):
        Catalogue("nl")("cli.purged")
    with pytest.raises(KeyError, match=r"t\.n"):
        Catalogue("nl")("cli.purged", count="3")
    with pytest.raises(KeyError):
        Catalogue("nl").n("app.title", 3)  # and a message without forms is not counted


def test_a_count_message_asked_the_old_way_chooses_its_form_by_count() -> None:
    """Code written for the dict catalogues (`t(key, count=n)`) keeps working: the count
    chooses the form, as `t.n` does."""
    for lang in LANGUAGES:
        t = Catalogue(lang)
        for count in (0, 1, 2, 21):
            assert t("cli.purged", count=count) == t.n("cli.purged", count)
            assert t("cli.exported_all", count=count, path="/x") == t.n(
                "cli.exported_all", count, path="/x"
            )
    assert Catalogue("nl")("cli.purged", count=1) == "1 dossier gewist."
    assert Catalogue("nl")("cli.purged", count=3) == "3 dossiers gewist."


def test_messages_fill_in_their_placeholders() -> None:
    assert Catalogue("nl")("need.factors", count=4) == "Nog 4 van de zes factoren niet besproken."
    assert Catalogue("en")("need.factors", count=4) == "4 of the six factors not discussed yet."


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        ("nl", 1, "Nog 1 open afspraak zonder besluit."),
        ("nl", 4, "Nog 4 open afspraken zonder besluit."),
        ("nl", 0, "Nog 0 open afspraken zonder besluit."),
        ("en", 1, "1 open agreement without a disposition."),
        ("en", 4, "4 open agreements without a disposition."),
    ],
)
def test_a_count_chooses_its_form(lang: Lang, count: int, expected: str) -> None:
    assert Catalogue(lang).n("need.disposition", count) == expected


def test_no_text_writes_a_plural_the_lazy_way() -> None:
    # "afspraak/afspraken", "leerdoel(en)", "evaluatie(s)": a count chooses the form instead.
    lazy = re.compile(r"\w\((s|en|ken|es)\)|\b(afspraak/afspraken|leerdoel/leerdoelen)\b")
    found = [text for lang in LANGUAGES for text in all_texts(lang) if lazy.search(text)]
    assert found == []


def _calls(source: str) -> list[tuple[str, bool, set[str]]]:
    """Each `t("key", ...)` / `t.n("key", ...)` in a module: the key, whether it is `t.n`, and
    the names of its keyword arguments."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        func = node.func
        counted = isinstance(func, ast.Attribute) and func.attr == "n"
        callee = func.value if isinstance(func, ast.Attribute) and counted else func
        if isinstance(callee, ast.Name) and callee.id == "t":
            found.append((first.value, counted, {k.arg for k in node.keywords if k.arg}))
    return found


def test_count_messages_are_asked_for_with_their_count_in_the_code() -> None:
    """A message with plural forms asked without a count (or `t.n` on one without) would fail
    when it is shown; this finds such a call in the code before anyone sees it. `t(key,
    count=n)`, the way of the dict catalogues, counts too."""
    t = Catalogue("nl")
    wrong = []
    for path in sorted((ROOT / "src" / "driehoek").rglob("*.py")):
        for key, counted, keywords in _calls(path.read_text(encoding="utf-8")):
            if not t.has(key):
                continue
            if t.is_plural(key) and not counted and "count" not in keywords:
                wrong.append(f"{path.relative_to(ROOT)}: t({key!r}) without a count")
            if counted and not t.is_plural(key):
                wrong.append(f"{path.relative_to(ROOT)}: t.n({key!r}) has no plural forms")
    assert wrong == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("nl", "nl"),
        ("en", "en"),
        ("en_GB.UTF-8", "en"),
        ("nl_NL", "nl"),
        ("EN-us", "en"),
        ("de_DE.UTF-8", None),
        ("C.UTF-8", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_lang(value: str | None, expected: str | None) -> None:
    assert parse_lang(value) == expected
