"""Driving driehoek as a coordinator at the keyboard would, and reading the screen back.

Everything here goes through keys (`Pilot.press`) or through what the screen shows; the only
look inside is to find a widget to aim the keys at (a field bound to a row, a step's id).
"""

from __future__ import annotations

import asyncio
import html
import re
import unicodedata
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, RadioSet

from driehoek.app import DriehoekApp
from driehoek.domain import Ref
from driehoek.flow import Flow, Step
from driehoek.screens.meeting import MeetingScreen
from driehoek.settings import Settings, Source
from driehoek.widgets.clash_notice import ClashNotice
from driehoek.widgets.fields import Bound, ChoiceField
from driehoek.widgets.settle import settle
from waiting import settle_until

SIZE = (80, 24)
"""The smallest terminal driehoek supports, and the one every UI test runs in."""

AppPilot = Pilot[None]

# Rich's SVG export puts each run of text in a <text> element, x in units of this width.
_CHAR_WIDTH = 12.2
_SVG_TEXT = re.compile(
    r'<text [^>]*?x="([\d.]+)"[^>]*?clip-path="url\(#[\w-]+-line-(\d+)\)">(.*?)</text>'
)


def screen_lines(app: DriehoekApp) -> list[str]:
    """What the terminal shows now, one string per row, read from the app's own screenshot."""
    width, height = app.size
    rows = [[" "] * width for _ in range(height)]
    for x, line, text in _SVG_TEXT.findall(app.export_screenshot()):
        row, col = int(line), round(float(x) / _CHAR_WIDTH)
        for i, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            if row < height and 0 <= col + i < width:
                rows[row][col + i] = char
    return ["".join(r).rstrip() for r in rows]


def screen_text(app: DriehoekApp) -> str:
    """The whole screen as one text, rows separated by newlines."""
    return "\n".join(screen_lines(app))


def region_text(app: DriehoekApp, widget: Widget) -> str:
    """What the screen shows inside `widget` (its border and padding left out), row by row."""
    r = widget.content_region
    return "\n".join(
        line.ljust(r.right)[r.x : r.right] for line in screen_lines(app)[r.y : r.bottom]
    )


def squeezed(text: str) -> str:
    """Text without any whitespace: wrapped lines and padded cells read as one run."""
    return "".join(text.split())


def shows(app: DriehoekApp, text: str) -> bool:
    """Whether `text` is on screen, literally, however the screen wrapped it."""
    return squeezed(text) in squeezed(screen_text(app))


def driehoek(pilot: AppPilot) -> DriehoekApp:
    """The app the pilot flies, as the driehoek app it is."""
    app = pilot.app
    assert isinstance(app, DriehoekApp)
    return app


def toasts(app: DriehoekApp) -> list[str]:
    """The text of every notification on screen, its lines joined by spaces."""
    return [" ".join(region_text(app, toast).split()) for toast in app.screen.query("Toast")]


def notice(app: DriehoekApp) -> str:
    """What the clash notice under the step says, on one line ("" while it is hidden). Read
    from the widget, not the screen: a notification may lie over it for a few seconds."""
    found = app.screen.query("#clash-notice")
    shown = found.first(ClashNotice) if found else None
    return " ".join(str(shown.render()).split()) if shown and shown.has_class("-shown") else ""


def meeting_screen(app: DriehoekApp) -> MeetingScreen:
    """The meeting on screen (failing the test if the screen is anything else)."""
    screen = app.screen
    assert isinstance(screen, MeetingScreen), f"expected a meeting, got {screen!r}"
    return screen


def current_step(app: DriehoekApp) -> Step:
    """The step the meeting screen shows."""
    return meeting_screen(app).step


def bound_field(app: DriehoekApp, ref: Ref, column: str) -> Widget:
    """The field on screen that edits `column` of the row `ref` points at."""
    found = [
        w
        for w in app.screen.query("*")
        if isinstance(w, Bound) and w.ref == ref and w.field_name == column
    ]
    assert len(found) == 1, f"{len(found)} fields for {ref} {column}"
    field = found[0]
    assert isinstance(field, Widget)
    return field


def target(app: DriehoekApp, where: Widget | str) -> Widget:
    """A widget, or the one a selector names on the current screen."""
    return app.screen.query_one(where) if isinstance(where, str) else where


async def tab_to(pilot: AppPilot, where: Widget | str, *, limit: int = 40) -> Widget:
    """Press Tab until `where` has the focus, as a user walks the form."""
    app = driehoek(pilot)
    widget = target(app, where)
    for _ in range(limit):
        if app.focused is widget:
            return widget
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached {widget!r}; focus is on {app.focused!r}")


async def type_text(pilot: AppPilot, text: str) -> None:
    """Type `text` key by key ("\\n" as Enter)."""
    await pilot.press(*("enter" if char == "\n" else char for char in text))


async def fill(pilot: AppPilot, where: Widget | str, text: str) -> Widget:
    """Tab to a field and type `text` in place of what it held (a one-line field is cleared
    first; typing never replaces a selection, since fields do not select on focus)."""
    widget = await tab_to(pilot, where)
    if isinstance(widget, Input) and widget.value:
        await pilot.press("end", "ctrl+u")
    await type_text(pilot, text)
    return widget


async def choose(pilot: AppPilot, where: Widget | str, value: StrEnum) -> None:
    """Tab to a choice field and press → until it shows `value` (each press takes the next)."""
    widget = await tab_to(pilot, where)
    assert isinstance(widget, ChoiceField)
    for _ in range(len(widget.values)):
        if widget.value == value:
            return
        await pilot.press("right")
    raise AssertionError(f"{widget!r} never showed {value!r}")


async def pick_radio(pilot: AppPilot, radio_set: RadioSet, index: int) -> None:
    """In a focused radio set just shown, walk to button `index` and press it.

    A radio set starts with its cursor on the first button, whichever button is pressed.
    """
    assert pilot.app.focused is radio_set
    await pilot.press(*["down"] * index, "enter")
    await pilot.pause()
    assert radio_set.pressed_index == index


def steps_of(app: DriehoekApp) -> list[Step]:
    """The steps of the meeting on screen, in order (an intake's and an evaluation's differ)."""
    return list(Flow(meeting_screen(app).meeting).steps)


async def jump_to(pilot: AppPilot, step: Step) -> None:
    """^g and the step's number."""
    app = driehoek(pilot)
    number = steps_of(app).index(step) + 1
    await pilot.press("ctrl+g", str(number))
    await pilot.pause()
    assert app.return_code is None, "the app stopped"
    assert current_step(app) is step


async def walk_to(pilot: AppPilot, step: Step) -> None:
    """^n or ^b, step by step, until the meeting shows `step`."""
    app = driehoek(pilot)
    order = steps_of(app)
    for _ in range(len(order)):
        here = current_step(app)
        if here is step:
            return
        await pilot.press("ctrl+n" if order.index(step) > order.index(here) else "ctrl+b")
        await pilot.pause()
    assert current_step(app) is step


def key_event(key: str) -> events.Key:
    """The event a terminal delivers for `key`: a character, or a name such as `ctrl+t`."""
    names = {"space": " ", "enter": "\r", "tab": "\t"}
    if key in names:
        return events.Key(key, names[key])
    if key == " ":
        return events.Key("space", " ")
    if len(key) == 1:
        name = key if key.isalnum() else unicodedata.name(key, key).lower().replace(" ", "_")
        return events.Key(name.replace("-", "_"), key)
    return events.Key(key, None)


async def type_fast(pilot: AppPilot, text: str) -> None:
    """Type `text` into the focused field as one burst of keys, then let it settle.

    For long texts where how the keys arrive is not the point: Pilot.press waits for the app
    to go idle after every key, which makes a sentence take seconds.
    """
    for char in text:
        pilot.app.post_message(key_event(char))
    await pilot.pause()


async def handled(pilot: AppPilot) -> None:
    """Wait until every key sent so far has been handled by the field it was for (or the app
    has stopped): the app's own `settle`, run in the app's task, behind the keys."""
    app = driehoek(pilot)
    done = asyncio.Event()

    async def after_the_keys() -> None:
        if isinstance(app.screen, MeetingScreen):
            await settle(app.screen)
        done.set()

    app.call_later(after_the_keys)
    await settle_until(
        pilot, lambda: done.is_set() or not app.is_running, "every key sent has been handled"
    )


def unsaved(app: DriehoekApp) -> bool:
    """Whether an open meeting has an edit that waits to be written."""
    return any(isinstance(s, MeetingScreen) and s.unsaved for s in app.screen_stack)


async def saved(pilot: AppPilot) -> None:
    """Wait until every key sent so far is handled and every edit it made is written (the
    autosave writes a pause after the last key: this waits for that, and no longer)."""
    await handled(pilot)
    app = driehoek(pilot)
    await settle_until(pilot, lambda: not unsaved(app), "every edit is written")


async def burst(pilot: AppPilot, keys: Iterable[str]) -> None:
    """Deliver keys the way a laggy SSH link does: all queued at once, none waited for; then
    wait until they are handled and what they typed is saved.

    Each item is one key: a single character, or a key name such as `ctrl+t` or `enter`.
    """
    for key in keys:
        pilot.app.post_message(key_event(key))
    await saved(pilot)


def letters(text: str) -> list[str]:
    """`text` as the keys that type it, for `burst`."""
    return list(text)


def exports_in(folder: Path) -> Settings:
    """Settings as a file would give them, with `folder` as the exports folder (nothing is
    read or written back)."""
    return Settings(exports_folder=folder, sources={"exports_folder": Source.FILE})


async def export_as(pilot: AppPilot, name: str) -> None:
    """Ctrl+S in a meeting, the proposed name replaced by `name`, and Enter."""
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("end", "ctrl+u")
    await type_fast(pilot, name)
    await pilot.press("enter")
    await pilot.pause()
