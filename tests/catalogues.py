"""The gettext catalogues as their `.po` sources say, for tests (read with Babel, which the
test extra has and the installed app does not need)."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "src" / "driehoek" / "locale"


@cache
def po(lang: str, domain: str = "driehoek") -> Catalog:
    """One language's `.po` source."""
    with (SOURCES / lang / "LC_MESSAGES" / f"{domain}.po").open("rb") as f:
        return read_po(f)


def messages(catalog: Catalog) -> list[Message]:
    """The messages, in file order, without the header."""
    return [m for m in catalog if m.id]


def key_of(message: Message) -> str:
    """The msgid, or the singular msgid of a message with plural forms."""
    return message.id if isinstance(message.id, str) else message.id[0]


def forms(message: Message) -> tuple[str, ...]:
    """The texts of a message: one, or one per plural form."""
    text = message.string
    return (text,) if isinstance(text, str) else tuple(text or ())


@cache
def texts(lang: str) -> dict[str, tuple[str, ...]]:
    """Every key of a language with its text(s)."""
    return {key_of(m): forms(m) for m in messages(po(lang))}


def all_texts(lang: str) -> set[str]:
    """Every text a language's catalogue holds, each plural form on its own."""
    return {text for found in texts(lang).values() for text in found}


@cache
def tool() -> ModuleType:
    """tools/dict_to_po.py, the converter and keeper of the derived parts, as a module."""
    spec = importlib.util.spec_from_file_location("dict_to_po", ROOT / "tools" / "dict_to_po.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["dict_to_po"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module
