#!/usr/bin/env python3
"""Carry messages from the old dict catalogues (`i18n/nl.py`, `i18n/en.py`) into the `.po` files.

driehoek's messages used to live in two Python dicts; they now live in gettext catalogues,
`src/driehoek/locale/<lang>/LC_MESSAGES/driehoek.po`. Branches that forked before the change
still add keys to the dicts. This carries what they added, changed or removed into the `.po`
files, and then refreshes what is derived from them (`sync`). It is idempotent: run twice, the
second run finds nothing to do.

    # Merging the gettext branch into a main that still has the dicts (or the other way round):
    git merge gettext                          # nl.py/en.py conflict: deleted here, changed there
    python tools/dict_to_po.py                 # the side of the merge that has the dicts,
                                               # against the merge base of the two sides
    git rm src/driehoek/i18n/nl.py src/driehoek/i18n/en.py

    python tools/dict_to_po.py REF [--since SINCE]   # the dicts at REF, against those at the
                                               # merge base of REF and SINCE (default HEAD)
    python tools/dict_to_po.py --files NL.py EN.py [--base BASE_NL.py BASE_EN.py]
    python tools/dict_to_po.py --sync          # only refresh the derived parts (see `sync`)

A key the branch added goes right after the key that precedes it in the branch's dict (so a
block of new keys stays together, after the key it was placed behind, with its `#` comments).
A text the branch changed replaces the `.po` text only where the `.po` still holds the old one;
anything else is reported and left for a person: a text changed on both sides, a message that
is a plural here, a key removed there but changed here. Without a base (`--files` alone) only
new keys are added and differing texts reported.

It needs Babel (in the test extra), never the installed app. Exit code 1: something was
reported that a person must look at; 2: the input could not be read.
"""

from __future__ import annotations

import argparse
import ast
import io
import re
import string
import subprocess
import sys
import tokenize
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE_DIR = ROOT / "src" / "driehoek" / "locale"
DOMAIN = "driehoek"
DICT_LANGS = ("nl", "en")
"""The languages the old dict catalogues had, each `src/driehoek/i18n/<lang>.py`."""
REFERENCE = ("nl", "en")
"""The languages whose texts every entry's `#.` comment shows (except its own language)."""
SOURCE = "nl"
"""The language whose `.po` gives the template its order and section comments."""
DICT_PATH = "src/driehoek/i18n/{lang}.py"
LANGUAGE_NAMES = {"nl": "Dutch (nl), the default", "en": "English (en)"}
FIRST_DATE = datetime(2026, 11, 1, tzinfo=UTC)
"""The header dates of a catalogue made here: fixed, so that rewriting a file changes nothing
but its messages (translators' tools update PO-Revision-Date themselves)."""

HEADER = """\
# driehoek's messages{language}.
#
# The msgids are keys ("meeting.heading"), not source text: the program asks for
# t("meeting.heading", ...), and every language, Dutch and English included, is a translation
# of the key. That kept the move from the old dict catalogues to gettext to the catalogues
# alone (no call site changed) and keeps merges simple. The "#." lines above each message show
# its text in the reference languages, for translators; tools/dict_to_po.py --sync keeps them.
# Placeholders are Python's {name}; a message with a count has a plural (msgid_plural).
#"""


@dataclass(frozen=True)
class Entry:
    """One message of an old dict catalogue, with the `#` comment lines just above it."""

    key: str
    text: str
    comments: tuple[str, ...] = ()


@dataclass
class Report:
    """What a merge did, and what it left for a person."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    attention: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report, for people."""
        out = [f"{what}: {', '.join(keys)}" for what, keys in self.done() if keys]
        out += [f"look at: {line}" for line in self.attention]
        return out or ["nothing to carry over"]

    def done(self) -> list[tuple[str, list[str]]]:
        return [("added", self.added), ("updated", self.updated), ("removed", self.removed)]


# -- the old dict catalogues -----------------------------------------------------------------


def read_dict(source: str) -> list[Entry]:
    """The entries of an old catalogue module (`MESSAGES: dict[str, str] = {...}`), in order.

    The module is parsed, never imported. Each entry carries the comment lines between the
    previous entry and its key (the section headings, "-- my area --").

    Raises:
        ValueError: The module has no `MESSAGES` dict of string literals.
    """
    tree = ast.parse(source)
    mapping = next(
        (
            node.value
            for node in tree.body
            if isinstance(node, (ast.Assign, ast.AnnAssign))
            and any(
                isinstance(target, ast.Name) and target.id == "MESSAGES"
                for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            )
        ),
        None,
    )
    if not isinstance(mapping, ast.Dict):
        raise ValueError("no MESSAGES = {...} in this module")
    comments = {
        token.start[0]: token.string.lstrip("#").strip()
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }
    entries: list[Entry] = []
    after = mapping.lineno  # the last line of the previous entry (or the dict's opening line)
    for key_node, value_node in zip(mapping.keys, mapping.values, strict=True):
        if key_node is None:
            raise ValueError(f"line {value_node.lineno}: ** in MESSAGES")
        key, text = ast.literal_eval(key_node), ast.literal_eval(value_node)
        if not isinstance(key, str) or not isinstance(text, str):
            raise ValueError(f"line {key_node.lineno}: not a string literal")
        above = tuple(comments[n] for n in range(after + 1, key_node.lineno) if n in comments)
        entries.append(Entry(key, text, above))
        after = value_node.end_lineno or value_node.lineno
    return entries


# -- the .po files ---------------------------------------------------------------------------


def po_path(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    """The `.po` file of one language."""
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def pot_path(locale_dir: Path = LOCALE_DIR) -> Path:
    """The template a translator starts a new language from."""
    return locale_dir / f"{DOMAIN}.pot"


def languages(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Every language with a `.po` file, the reference languages first."""
    found = {p.parent.parent.name for p in locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return [lang for lang in REFERENCE if lang in found] + sorted(found - set(REFERENCE))


def load(path: Path) -> Catalog:
    """A `.po` or `.pot` file as Babel reads it."""
    with path.open("rb") as f:
        return read_po(f)


def new_catalogue(lang: str | None) -> Catalog:
    """An empty catalogue for `lang` (None: the template), with its plural rule from CLDR."""
    return Catalog(
        locale=lang,
        domain=DOMAIN,
        project=DOMAIN,
        last_translator="the driehoek team",
        language_team="the driehoek team",
        creation_date=FIRST_DATE,
        revision_date=FIRST_DATE,
        fuzzy=False,
    )


def messages(catalog: Catalog) -> list[Message]:
    """The catalogue's messages in file order, without the header."""
    return [m for m in catalog if m.id]


def key_of(message: Message) -> str:
    """The key: the msgid, or the singular msgid of a plural message."""
    return message.id if isinstance(message.id, str) else message.id[0]


def forms(message: Message) -> tuple[str, ...]:
    """The texts of a message: one, or one per plural form."""
    text = message.string
    return (text,) if isinstance(text, str) else tuple(text or ())


def placeholders(text: str) -> set[str]:
    """The `{names}` a text fills in (Python's str.format)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def save(catalog: Catalog, path: Path, lang: str | None) -> bool:
    """Write a catalogue the one way this project writes them; True if the file changed.

    No line wrapping, so that each message is one line in diffs and merges. No
    `python-brace-format` flag: checkers compare a text's placeholders with its msgid's, and a
    msgid here is a key (msgfmt -c, which Poedit runs on saving, would refuse every message
    with a placeholder); tests/unit/test_i18n.py compares the languages' placeholders instead.
    """
    for message in messages(catalog):
        message.flags.discard("python-brace-format")
    name = f" in {LANGUAGE_NAMES.get(lang, lang)}" if lang else ": the template for a new language"
    catalog.header_comment = HEADER.replace("{language}", name)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, no_location=True)
    text = buffer.getvalue().decode("utf-8")
    # Which Babel wrote it, and a version that is not the catalogue's, would only churn.
    text = re.sub(r'^"(Generated-By|Report-Msgid-Bugs-To): .*\\n"\n', "", text, flags=re.MULTILINE)
    text = re.sub(
        r'^"Project-Id-Version: .*\\n"$',
        r'"Project-Id-Version: driehoek\\n"',
        text,
        count=1,
        flags=re.MULTILINE,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def reference_comments(key: str, own: str | None, catalogues: Mapping[str, Catalog]) -> list[str]:
    """The `#.` lines of an entry: its text in each reference language but its own.

    A text's line breaks are written as `\\n`, since a comment is one line.
    """
    lines = []
    for ref in REFERENCE:
        if ref == own or ref not in catalogues:
            continue
        message = catalogues[ref].get(key)
        if message is None:
            lines.append(f"{ref}: (missing)")
            continue
        texts = [t.replace("\n", "\\n") for t in forms(message)]
        if len(texts) == 1:
            lines.append(f"{ref}: {texts[0]}")
        else:
            lines += [f"{ref}[{i}]: {text}" for i, text in enumerate(texts)]
    return lines


def sync(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Refresh what is derived from the `.po` files; returns the files that changed.

    Each entry's `#.` comment shows its text in the reference languages, and the template
    (`.pot`) holds every key of the source language, in its order, with its section comments
    and its plural, the texts empty.
    """
    catalogues = {lang: load(po_path(lang, locale_dir)) for lang in languages(locale_dir)}
    changed = []
    for lang, catalog in catalogues.items():
        for message in messages(catalog):
            message.auto_comments = reference_comments(key_of(message), lang, catalogues)
        if save(catalog, po_path(lang, locale_dir), lang):
            changed.append(po_path(lang, locale_dir))
    template = new_catalogue(None)
    if pot_path(locale_dir).is_file():
        old = load(pot_path(locale_dir))
        template.creation_date, template.revision_date = old.creation_date, old.revision_date
    for message in messages(catalogues[SOURCE]):
        template.add(
            message.id,
            "" if isinstance(message.id, str) else ("", ""),
            auto_comments=reference_comments(key_of(message), None, catalogues),
            user_comments=message.user_comments,
        )
    if save(template, pot_path(locale_dir), None):
        changed.append(pot_path(locale_dir))
    return changed


# -- merging ---------------------------------------------------------------------------------


def merge(
    theirs: Mapping[str, Sequence[Entry]],
    base: Mapping[str, Mapping[str, str]] | None = None,
    locale_dir: Path = LOCALE_DIR,
) -> Report:
    """Carry the dict catalogues' additions, changes and removals into the `.po` files.

    Args:
        theirs: Per language, the entries of the branch's dict catalogue.
        base: Per language, the dict as it was where the branch forked (None: unknown; then
            only new keys are added and differing texts reported).
        locale_dir: Where the `.po` files are (a missing one is made).

    Returns:
        What was done, and what a person must look at.
    """
    report = Report()
    for lang, entries in theirs.items():
        path = po_path(lang, locale_dir)
        catalog = load(path) if path.is_file() else new_catalogue(lang)
        _merge_one(catalog, lang, entries, None if base is None else base[lang], report)
        save(catalog, path, lang)
    sync(locale_dir)
    for _, keys in report.done():
        keys[:] = list(dict.fromkeys(keys))  # once per key, not once per language
    return report


def _merge_one(
    catalog: Catalog,
    lang: str,
    entries: Sequence[Entry],
    base: Mapping[str, str] | None,
    report: Report,
) -> None:
    order = messages(catalog)
    keys = [key_of(m) for m in order]
    theirs = {e.key: e for e in entries}
    anchor: str | None = None  # the last key of theirs that the catalogue holds
    for entry in entries:
        message = catalog.get(entry.key)
        if message is None:
            if base is not None and entry.key in base:
                report.attention.append(f"{lang} {entry.key}: removed here, still in theirs")
                continue
            new = Message(entry.key, entry.text, user_comments=entry.comments)
            at = keys.index(anchor) + 1 if anchor is not None else 0
            order.insert(at, new)
            keys.insert(at, entry.key)
            report.added.append(entry.key)
        else:
            _carry_change(message, lang, entry, base, report)
        anchor = entry.key
    gone = [k for k in keys if k in base and k not in theirs] if base is not None else []
    for key in gone:
        assert base is not None
        message = next(m for m in order if key_of(m) == key)
        if forms(message) == (base[key],):
            order.remove(message)
            keys.remove(key)
            report.removed.append(key)
        else:
            report.attention.append(f"{lang} {key}: removed there, changed here; kept")
    for message in messages(catalog):
        catalog.delete(message.id)
    for message in order:
        catalog[message.id] = message


def _carry_change(
    message: Message,
    lang: str,
    entry: Entry,
    base: Mapping[str, str] | None,
    report: Report,
) -> None:
    ours = forms(message)
    if ours == (entry.text,):
        return
    if base is None:
        if len(ours) == 1:
            report.attention.append(f"{lang} {entry.key}: differs; kept {ours[0]!r}")
        return
    old = base.get(entry.key)
    if old == entry.text:  # they did not change it
        return
    if len(ours) == 1 and ours[0] == old:
        message.string = entry.text
        report.updated.append(entry.key)
    else:
        kind = "a plural here" if len(ours) > 1 else "changed here too"
        report.attention.append(f"{lang} {entry.key}: changed there to {entry.text!r}, {kind}")


# -- where the dicts come from ---------------------------------------------------------------


def _git(*args: str) -> str:
    done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
    if done.returncode:
        raise ValueError(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def _has_dicts(commit: str) -> bool:
    return all(
        subprocess.run(
            ["git", "-C", str(ROOT), "cat-file", "-e", f"{commit}:{DICT_PATH.format(lang=lang)}"],
            capture_output=True,
        ).returncode
        == 0
        for lang in DICT_LANGS
    )


def merge_sides() -> tuple[str, str]:
    """During a merge: the side that still has the dicts, and the other side.

    Raises:
        ValueError: No merge is in progress, or neither side (or both) has the dicts.
    """
    try:
        other = _git("rev-parse", "--verify", "--quiet", "MERGE_HEAD").strip()
    except ValueError:
        raise ValueError("no merge in progress: name the git ref whose dicts to carry") from None
    sides = [side for side in ("HEAD", other) if _has_dicts(side)]
    if len(sides) != 1:
        raise ValueError("one side of the merge must have the dict catalogues, the other not")
    theirs = sides[0]
    return theirs, other if theirs == "HEAD" else "HEAD"


def from_git(
    ref: str, since: str = "HEAD"
) -> tuple[dict[str, list[Entry]], dict[str, dict[str, str]]]:
    """The dicts at `ref`, and at the point where `ref` and `since` forked (the base)."""
    fork = _git("merge-base", ref, since).strip()

    def at(commit: str, lang: str) -> list[Entry]:
        return read_dict(_git("show", f"{commit}:{DICT_PATH.format(lang=lang)}"))

    theirs = {lang: at(ref, lang) for lang in DICT_LANGS}
    base = {lang: {e.key: e.text for e in at(fork, lang)} for lang in DICT_LANGS}
    return theirs, base


def _read_files(paths: Iterable[str]) -> dict[str, list[Entry]]:
    return {
        lang: read_dict(Path(p).read_text(encoding="utf-8"))
        for lang, p in zip(DICT_LANGS, paths, strict=True)
    }


def main(argv: Sequence[str] | None = None) -> int:
    """The command line (see the module's docstring)."""
    parser = argparse.ArgumentParser(
        prog="dict_to_po.py", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "ref",
        nargs="?",
        help="the git ref whose dicts to carry over (default: during a merge, "
        "the side that has them)",
    )
    parser.add_argument(
        "--since", default=None, help="the base is where REF forked from this ref (default: HEAD)"
    )
    parser.add_argument("--files", nargs=2, metavar=("NL", "EN"), help="dict files instead of git")
    parser.add_argument("--base", nargs=2, metavar=("NL", "EN"), help="the dicts they started from")
    parser.add_argument("--sync", action="store_true", help="only refresh the derived parts")
    args = parser.parse_args(argv)
    try:
        if args.sync:
            for path in sync():
                print(f"refreshed {path.relative_to(ROOT)}")
            return 0
        if args.files:
            theirs = _read_files(args.files)
            base = None
            if args.base:
                base = {k: {e.key: e.text for e in v} for k, v in _read_files(args.base).items()}
            report = merge(theirs, base)
        else:
            if args.ref is None:
                theirs_ref, since = merge_sides()
            else:
                theirs_ref, since = args.ref, args.since or "HEAD"
            report = merge(*from_git(theirs_ref, since))
    except (OSError, ValueError, SyntaxError) as e:
        print(f"dict_to_po: {e}", file=sys.stderr)
        return 2
    print("\n".join(report.lines()))
    return 1 if report.attention else 0


if __name__ == "__main__":
    sys.exit(main())
