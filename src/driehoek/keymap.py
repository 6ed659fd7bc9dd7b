"""The keys a user may move in the settings file, as the app's screens declare them.

Each movable binding has an id (`meeting.next_step`); `[keys]` in the settings file maps ids
to keys, and the app hands that to Textual's `App.set_keymap`. This module reads the defaults
from the screens themselves, for `driehoek settings`; it imports Textual, so the command line
imports it only for that command.
"""

from __future__ import annotations

from textual import constants
from textual.binding import Binding
from textual.theme import BUILTIN_THEMES

from driehoek.app import DriehoekApp
from driehoek.screens.home import HomeScreen
from driehoek.screens.meeting import MeetingScreen
from driehoek.screens.placement import PlacementScreen
from driehoek.screens.workplaces import WorkplacesScreen

SCREENS = (DriehoekApp, HomeScreen, MeetingScreen, PlacementScreen, WorkplacesScreen)
"""Every class whose bindings have ids."""


def default_keys() -> dict[str, str]:
    """Each binding id and the key it has when the settings file does not move it."""
    keys: dict[str, str] = {}
    for cls in SCREENS:
        for binding in cls.BINDINGS:
            if isinstance(binding, Binding) and binding.id is not None:
                keys.setdefault(binding.id, binding.key)
    return keys


def theme_names() -> set[str]:
    """The themes a settings file may name: Textual's own (driehoek registers none)."""
    return set(BUILTIN_THEMES)


def default_theme() -> str:
    """The theme when the settings file names none."""
    return constants.DEFAULT_THEME
