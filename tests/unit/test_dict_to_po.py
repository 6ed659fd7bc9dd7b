"""tools/dict_to_po.py: what branches still add to the old dict catalogues reaches the `.po`
files, in place, once, and what a person must decide is reported, never overwritten."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest

from catalogues import SOURCES, forms, key_of, messages, tool


def _dict(entries: str) -> str:
    """An old catalogue module: `MESSAGES: dict[str, str] = {...}` around `entries`."""
    return f"MESSAGES: dict[str, str] = {{\n{textwrap.indent(textwrap.dedent(entries), '    ')}}}\n"


@pytest.fixture
def locale(tmp_path: Path) -> Path:
    """A copy of the real `.po` files, for the tool to write in."""
    copy = tmp_path / "locale"
    shutil.copytree(SOURCES, copy, ignore=shutil.ignore_patterns("*.mo"))
    return copy


def _texts(locale: Path, lang: str) -> dict[str, tuple[str, ...]]:
    return {key_of(m): forms(m) for m in messages(tool().load(tool().po_path(lang, locale)))}


def _order(locale: Path, lang: str) -> list[str]:
    return list(_texts(locale, lang))


BASE_NL = """\
"app.title": "driehoek",
"cli.purged": "{count} dossier(s) gewist.",
"decision.suitable": "geschikt",
"app.subtitle": "het driehoeksgesprek: student, werkplek en school",
"""
BASE_EN = BASE_NL.replace("gewist", "erased").replace("geschikt", "suitable")


def _entries(source: str) -> list[Any]:
    entries: list[Any] = tool().read_dict(_dict(source))  # a module loaded by path: untyped
    return entries


def test_new_keys_go_after_the_key_they_were_placed_behind_once(locale: Path) -> None:
    def added(base: str, title: str, rows: str) -> str:
        return base.replace(
            '"decision.suitable": ',
            f'"wall.title": "{title}",\n"wall.rows": "{{rows}} {rows}",\n"decision.suitable": ',
        ).replace('"wall.title"', '# -- the wall: readable from afar --\n"wall.title"')

    added_nl = added(BASE_NL, "Op het scherm", "regels")
    added_en = added(BASE_EN, "On the wall", "lines")
    theirs = {"nl": _entries(added_nl), "en": _entries(added_en)}
    base = {
        lang: {e.key: e.text for e in _entries(b)} for lang, b in (("nl", BASE_NL), ("en", BASE_EN))
    }

    report = tool().merge(theirs, base, locale)

    assert report.added == ["wall.title", "wall.rows"]
    assert report.attention == []
    for lang, title in (("nl", "Op het scherm"), ("en", "On the wall")):
        order = _order(locale, lang)
        at = order.index("cli.purged")
        assert order[at + 1 : at + 3] == ["wall.title", "wall.rows"]
        assert _texts(locale, lang)["wall.title"] == (title,)
    po_text = tool().po_path("nl", locale).read_text(encoding="utf-8")
    assert '# -- the wall: readable from afar --\n#. en: On the wall\nmsgid "wall.title"' in po_text
    # The template and the other language's reference comments follow.
    assert 'msgid "wall.rows"' in tool().pot_path(locale).read_text(encoding="utf-8")

    before = {p: p.read_bytes() for p in locale.rglob("*.po*")}
    again = tool().merge(theirs, base, locale)
    assert again.lines() == ["nothing to carry over"]
    assert {p: p.read_bytes() for p in locale.rglob("*.po*")} == before


def test_a_text_changed_there_is_carried_only_where_it_was_not_changed_here(
    locale: Path,
) -> None:
    theirs_nl = BASE_NL.replace(
        '"het driehoeksgesprek: student, werkplek en school"', '"student, werkplek en school"'
    ).replace('"geschikt"', '"prima"')
    theirs_nl = theirs_nl.replace("dossier(s) gewist.", "dossier(s) weg.")
    theirs = {"nl": _entries(theirs_nl), "en": _entries(BASE_EN)}
    base = {
        lang: {e.key: e.text for e in _entries(b)} for lang, b in (("nl", BASE_NL), ("en", BASE_EN))
    }
    ours = _texts(locale, "nl")

    report = tool().merge(theirs, base, locale)

    after = _texts(locale, "nl")
    assert report.updated == ["app.subtitle"]
    assert after["app.subtitle"] == ("student, werkplek en school",)
    # Changed on both sides (the decision speaks of the place here), and a plural here: kept,
    # and named for a person.
    assert after["decision.suitable"] == ours["decision.suitable"]
    assert after["cli.purged"] == ours["cli.purged"]
    assert len(report.attention) == 2
    assert any("decision.suitable" in line for line in report.attention)
    assert any("cli.purged" in line and "plural" in line for line in report.attention)


def test_a_key_removed_there_goes_unless_it_was_changed_here(locale: Path) -> None:
    gone = BASE_NL.replace(
        '"app.subtitle": "het driehoeksgesprek: student, werkplek en school",\n', ""
    )
    gone = gone.replace('"decision.suitable": "geschikt",\n', "")
    theirs = {"nl": _entries(gone), "en": _entries(BASE_EN)}
    base = {
        lang: {e.key: e.text for e in _entries(b)} for lang, b in (("nl", BASE_NL), ("en", BASE_EN))
    }

    report = tool().merge(theirs, base, locale)

    assert report.removed == ["app.subtitle"]
    assert "app.subtitle" not in _texts(locale, "nl")
    assert "decision.suitable" in _texts(locale, "nl")
    assert any("decision.suitable" in line for line in report.attention)


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=t@example.org", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr  # 1: a merge with conflicts
    return done.stdout


def test_during_a_merge_the_side_with_the_dicts_is_read_against_the_merge_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lead's way: on main (which has the dicts, with other branches' keys),
    `git merge gettext` (which deleted them), then the tool with no arguments."""
    repo = tmp_path / "repo"
    i18n = repo / "src" / "driehoek" / "i18n"
    i18n.mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main")

    def write(nl: str, en: str) -> None:
        (i18n / "nl.py").write_text(_dict(nl), encoding="utf-8")
        (i18n / "en.py").write_text(_dict(en), encoding="utf-8")

    write(BASE_NL, BASE_EN)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    _git(repo, "checkout", "-qb", "gettext")
    _git(repo, "rm", "-q", "src/driehoek/i18n/nl.py", "src/driehoek/i18n/en.py")
    _git(repo, "commit", "-qm", "the .po files instead")
    _git(repo, "checkout", "-q", "main")
    write(BASE_NL + '"record.crebo": "crebo",\n', BASE_EN + '"record.crebo": "crebo",\n')
    _git(repo, "commit", "-qam", "another branch's key")
    _git(repo, "merge", "-q", "--no-edit", "gettext")

    module = tool()
    monkeypatch.setattr(module, "ROOT", repo)
    theirs, since = module.merge_sides()
    assert (theirs, since) != ("HEAD", "HEAD")
    assert theirs == "HEAD"
    dicts, base = module.from_git(theirs, since)
    assert [e.key for e in dicts["nl"]][-1] == "record.crebo"
    assert "record.crebo" not in base["nl"]
    assert set(base["nl"]) == {"app.title", "cli.purged", "decision.suitable", "app.subtitle"}


def test_outside_a_merge_it_asks_for_a_ref(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    module = tool()
    monkeypatch.setattr(module, "ROOT", repo)
    with pytest.raises(ValueError, match="no merge in progress"):
        module.merge_sides()
