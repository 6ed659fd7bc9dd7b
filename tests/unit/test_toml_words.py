"""A broken TOML file is told in the user's language: every complaint tomllib makes has its
own words, with the line it names (`toml_words`)."""

from __future__ import annotations

import tomllib

import pytest

from driehoek.i18n import Catalogue
from driehoek.toml_words import TomlProblem, toml_problem

NL, EN = Catalogue("nl"), Catalogue("en")

BROKEN = [
    # (the file, its line, what a Dutch user reads)
    ("a = 1\na = 2\n", 2, "een waarde wordt een tweede keer gegeven"),
    ("a = 1\n[a.b]\n", 2, "een waarde wordt een tweede keer gegeven"),
    ("[x]\nb = 1\n[x]\n", 3, "x wordt een tweede keer gegeven"),
    ("[x.y]\n[x.y]\n", 2, "x.y wordt een tweede keer gegeven"),
    ("x = {a = 1, a = 2}\n", 1, "a wordt een tweede keer gegeven"),
    ("dit is [geen toml\n", 1, "na de naam hoort een = met een waarde"),
    ("[kop\n", 1, "de kop mist zijn ] aan het eind"),
    ("[[kop]\n", 1, "de kop mist zijn ] aan het eind"),
    ('a = "x" b\n', 1, "na de waarde mag op die regel niets meer staan"),
    ("a = 2027-02-30\n", 1, "geen geldige datum of tijd"),
    ("a = tekst\n", 1, "geen geldige waarde (tekst hoort tussen aanhalingstekens)"),
    ("a = [1, 2\n", None, "een lijst of tabel wordt niet gesloten"),
    ("x = [1 2]\n", 1, "een lijst of tabel wordt niet gesloten"),
    ("a = {b = 1\n", 1, "een lijst of tabel wordt niet gesloten"),
    ('a = "open\n', 1, "een tekst wordt niet afgesloten met een aanhalingsteken"),
    ("a = '''open\n", None, "een tekst wordt niet afgesloten met een aanhalingsteken"),
    ('a = "c:\\map"\n', 1, "een \\ in een tekst die niet mag"),
    ('a = "\\uD800"\n', 1, "een \\ in een tekst die niet mag"),
    ("a. = 1\n", 1, "de naam begint met een teken dat niet mag"),
    ("= 1\n", 1, "de regel is geen naam = waarde en geen [kop]"),
    ('a = "x\x07"\n', 1, "het teken \\x07 mag daar niet staan"),
]


def problem_of(text: str) -> TomlProblem:
    with pytest.raises(tomllib.TOMLDecodeError) as raised:
        tomllib.loads(text)
    return toml_problem(raised.value)


@pytest.mark.parametrize(("text", "line", "dutch"), BROKEN)
def test_every_complaint_is_said_in_dutch_with_its_line(
    text: str, line: int | None, dutch: str
) -> None:
    problem = problem_of(text)
    assert problem.key != "toml.unknown", problem
    assert problem.line == line
    assert dutch in problem.words(NL)
    english = problem.words(EN)
    assert english
    assert english != problem.words(NL)
    said = problem.said(NL)
    assert said.startswith(f"regel {line}: " if line else "aan het eind: ")


def test_every_message_of_tomllib_is_known() -> None:
    """Each complaint in tomllib's source has its words here: a new Python's new message
    shows up as this test failing, not as English in a Dutch sentence."""
    import importlib
    import inspect
    import re

    from driehoek import toml_words

    source = inspect.getsource(importlib.import_module("tomllib._parser"))
    messages = set(re.findall(r'suffixed_err\(\s*src,\s*\w+,\s*f?"([^"]*)"', source))
    assert messages
    for message in messages:
        said = message.encode().decode("unicode_escape")  # as Python reads the literal
        example = re.sub(r"\{[^}]*\}", "'x'", said)
        assert any(p.search(example) for p, _key in toml_words._KNOWN), message


def test_a_message_it_does_not_know_says_only_that_the_file_cannot_be_read() -> None:
    problem = toml_problem(tomllib.TOMLDecodeError("Something new (at line 4, column 2)"))
    assert problem == TomlProblem(4, "toml.unknown")
    assert problem.said(NL) == "regel 4: onleesbaar"


def test_a_name_from_the_file_cannot_carry_escape_sequences() -> None:
    problem = problem_of('[a]\n["\\u001b[31mrood"]\n["\\u001b[31mrood"]\n')
    assert "\x1b" not in problem.said(NL)
