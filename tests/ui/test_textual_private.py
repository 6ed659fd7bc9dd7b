"""Every private part of Textual that driehoek relies on is still there, as we rely on it.

`driehoek.textual_private.HOOKS` lists them; each is checked here against the installed
Textual, and a failure names the hook, what driehoek does with it, and what changed. Textual's
private names may change in any release: this is the test to run first after bumping it.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import pytest

from driehoek.textual_private import HOOKS, Hook


def resolve(path: str) -> Any:
    """`module:Class.attribute` (or `module:Class`, or `module`) to the object it names."""
    module_name, _, qualified = path.partition(":")
    found: Any = importlib.import_module(module_name)
    for part in filter(None, qualified.split(".")):
        found = getattr(found, part)
    return found


def describe(hook: Hook) -> str:
    return f"Textual's private {hook.owner}.{hook.name} ({hook.use})"


@pytest.mark.parametrize("hook", HOOKS, ids=lambda hook: f"{hook.owner}.{hook.name}")
def test_textual_still_has_the_private_hook_driehoek_uses(hook: Hook) -> None:
    owner = resolve(hook.owner)
    if hook.parameters is None:
        assigned = f"self.{hook.name} =" in inspect.getsource(owner)
        assert hasattr(owner, hook.name) or assigned, f"{describe(hook)} is gone"
    else:
        assert hasattr(owner, hook.name), f"{describe(hook)} is gone"
        found = tuple(inspect.signature(getattr(owner, hook.name)).parameters)
        assert found == hook.parameters, (
            f"{describe(hook)} now takes {found}, where driehoek expects {hook.parameters}"
        )
    if hook.called_in is not None:
        where, text = hook.called_in
        assert text in inspect.getsource(resolve(where)), (
            f"{describe(hook)}: {where} no longer contains {text!r}, so driehoek's override "
            "may no longer be called"
        )


def test_the_list_names_every_private_method_our_classes_override() -> None:
    """A new override of a private Textual method, not added to HOOKS, fails here."""
    from driehoek.app import DriehoekApp
    from driehoek.palette import Palette
    from driehoek.textual_private import TerminalDriver

    listed = {(hook.owner.rpartition(".")[2].rpartition(":")[2], hook.name) for hook in HOOKS}
    for cls in (DriehoekApp, Palette, TerminalDriver):
        for base in cls.__mro__[1:]:
            if not base.__module__.startswith("textual"):
                continue
            ours = {
                name
                for klass in cls.__mro__
                if klass.__module__.startswith("driehoek")
                for name, value in vars(klass).items()
                if name.startswith("_") and not name.startswith("__") and inspect.isfunction(value)
            }
            unlisted = {
                name for name in ours & set(vars(base)) if (base.__name__, name) not in listed
            }
            assert not unlisted, (
                f"{cls.__name__} overrides {base.__name__}.{unlisted}: list it in HOOKS"
            )
