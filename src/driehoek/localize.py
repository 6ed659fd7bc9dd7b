"""Key descriptions in the user's language.

Textual reads binding descriptions from class-level `BINDINGS`, merged once per class. The
language is chosen per process (and per test), so each screen class gets a subclass per language
whose `BINDINGS` carry translated descriptions; the footer, the key panel and the palette then
show them with no further help. Descriptions in our `BINDINGS` are catalogue keys.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import TypeVar

from textual.binding import Binding
from textual.dom import DOMNode

from driehoek.i18n import Catalogue, Lang

N = TypeVar("N", bound=type[DOMNode])


@cache
def _localized(cls: type[DOMNode], lang: Lang) -> type[DOMNode]:
    t = Catalogue(lang)
    bindings = [
        dataclasses.replace(
            b,
            description=t(b.description) if b.description else "",
            tooltip=t(b.tooltip) if b.tooltip else "",
        )
        # Only the class's own: inherited bindings (Textual's) keep their own descriptions.
        for b in cls.__dict__.get("BINDINGS", [])
        if isinstance(b, Binding)
    ]
    namespace = {"BINDINGS": bindings, "__module__": cls.__module__, "__doc__": cls.__doc__}
    return type(cls.__name__, (cls,), namespace)


def localized(cls: N, lang: Lang) -> N:
    """`cls` with its key descriptions in `lang` (one class per language, made once)."""
    return _localized(cls, lang)  # type: ignore[return-value]
