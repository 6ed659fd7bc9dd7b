"""Every private part of Textual that driehoek overrides or relies on, in one place.

Textual may change a private name in any release, without a deprecation. So each one driehoek
touches is listed in `HOOKS`, and tests/ui/test_textual_private.py checks each against the
installed Textual (that it exists, with the signature and the call site we rely on) and fails
naming the hook. The test extra pins Textual; after bumping it, run that test first.

What lives here:
- `CrashScreen`: every unexpected error in the app (an event handler, a timer, a worker, the
  input thread) ends in the app's `crashed`, instead of in Textual's report, which prints a
  traceback with local variables (names and notes of students) on a screen that may be shared.
- `TerminalDriver`: Textual's Linux driver with an input thread of our own, because the
  terminal must not be able to crash or hang the app: bytes that are not UTF-8 become U+FFFD,
  a key sequence Textual's parser chokes on is dropped, and EOF or an error reading the
  terminal (a hang-up, a lost controlling terminal) is reported to the app as `TerminalLost`
  instead of a busy loop (EOF) or Textual's traceback with exit code 0 (an error).

Elsewhere, and listed below all the same: `palette.Palette` translates Textual's "No matches"
line through the command palette's private countdown, and swaps in a search field of its own;
`widgets.keys_in_order` runs a text field's own bindings in its key handler, so that they act in
the order typed.
"""

from __future__ import annotations

import codecs
import errno
import os
import selectors
import sys
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from textual._xterm_parser import XTermParser  # PRIVATE HOOK (see HOOKS)
from textual.app import App
from textual.driver import Driver
from textual.message import Message

if TYPE_CHECKING:
    # Only the meeting screen's notes have one: not imported for the first screen.
    from textual.document._wrapped_document import WrappedDocument


@dataclass(frozen=True)
class Hook:
    """One private name of Textual that driehoek depends on.

    Attributes:
        owner: Where it lives: `module` or `module:Class`.
        name: The attribute.
        parameters: Its parameters' names, `self` included, for a method; None for an
            attribute (of the class, or set as `self.<name>` in the class's code).
        use: What driehoek does with it, and where.
        called_in: `(module:Class.method, text)`: Textual's code that must still contain
            `text`, where our override only works if Textual still calls it that way.
    """

    owner: str
    name: str
    parameters: tuple[str, ...] | None
    use: str
    called_in: tuple[str, str] | None = None


HOOKS: tuple[Hook, ...] = (
    Hook(
        "textual.document._wrapped_document:WrappedDocument",
        "_width",
        None,
        "read by fields.NoteField (wrapped_width): a note wrapped at a stale width wraps again",
        ("textual.document._wrapped_document:WrappedDocument.wrap", "self._width = width"),
    ),
    Hook(
        "textual.app:App",
        "_fatal_error",
        ("self",),
        "overridden by CrashScreen: an unhandled error shows our sentence, not the traceback",
        ("textual.app:App._handle_exception", "self._fatal_error()"),
    ),
    Hook(
        "textual.app:App",
        "panic",
        ("self", "renderables"),
        "overridden by CrashScreen: Textual panics with an error that renders itself (__rich__)",
        ("textual.app:App._handle_exception", "self.panic(error)"),
    ),
    Hook(
        "textual.app:App",
        "_handle_exception",
        ("self", "error"),
        "relied on: handlers, timers and workers send every unhandled error here",
        ("textual.message_pump:MessagePump._process_messages_loop", "_handle_exception(error)"),
    ),
    Hook(
        "textual.drivers.linux_driver:LinuxDriver",
        "_run_input_thread",
        ("self",),
        "overridden by TerminalDriver: the input thread's target, our own read loop",
        (
            "textual.drivers.linux_driver:LinuxDriver.start_application_mode",
            "target=self._run_input_thread",
        ),
    ),
    Hook(
        "textual.drivers.linux_driver:LinuxDriver",
        "exit_event",
        None,
        "relied on by TerminalDriver: set by disable_input() to end the input thread",
        ("textual.drivers.linux_driver:LinuxDriver.disable_input", "self.exit_event.set()"),
    ),
    Hook(
        "textual.drivers.linux_driver:LinuxDriver",
        "fileno",
        None,
        "relied on by TerminalDriver: the terminal's file descriptor, read by our loop",
        ("textual.drivers.linux_driver:LinuxDriver.__init__", "self.fileno ="),
    ),
    Hook(
        "textual._xterm_parser:XTermParser",
        "__init__",
        ("self", "debug"),
        "relied on by KeyReader: turns the terminal's characters into key and mouse events",
    ),
    Hook("textual._xterm_parser:XTermParser", "feed", ("self", "data"), "relied on by KeyReader"),
    Hook("textual._xterm_parser:XTermParser", "tick", ("self",), "relied on by KeyReader"),
    Hook(
        "textual.command:CommandPalette",
        "_start_no_matches_countdown",
        ("self", "search_value"),
        "overridden by palette.Palette: the translated 'no matches' line",
    ),
    Hook(
        "textual.command:CommandPalette",
        "_stop_no_matches_countdown",
        ("self",),
        "overridden by palette.Palette",
    ),
    Hook("textual.command:CommandPalette", "_NO_MATCHES", None, "relied on by palette.Palette"),
    Hook(
        "textual.command:CommandPalette",
        "compose",
        ("self",),
        "relied on by palette.Palette: the search field it yields is swapped for ours",
        ("textual.command:CommandPalette.compose", "yield CommandInput("),
    ),
    Hook(
        "textual.dom:DOMNode",
        "_bindings",
        None,
        "relied on by widgets.keys_in_order: a text field's own bindings, run in its key handler",
    ),
    Hook(
        "textual.command:CommandPalette",
        "_NO_MATCHES_COUNTDOWN",
        None,
        "relied on by palette.Palette",
    ),
)


# -- crashes ----------------------------------------------------------------------------------


class CrashScreen(App[None]):
    """An app whose unexpected errors, wherever they happen, all end in `crashed`."""

    def crashed(self, error: BaseException | None) -> None:
        """End the app after an unexpected error; the app says how (override this)."""
        raise NotImplementedError

    def _fatal_error(self) -> None:
        # PRIVATE HOOK (App._fatal_error): called by App._handle_exception, inside the
        # `except` of the handler, timer or worker that failed, so the error is sys.exception().
        self.crashed(sys.exception())

    def panic(self, *renderables: RenderableType) -> None:
        """Textual's way out after an error that renders itself: ours, as for any error."""
        self.crashed(sys.exception())


# -- the terminal -----------------------------------------------------------------------------


class TerminalLost(Message):
    """The terminal is gone: end of file, or an error reading it. Nobody sees the screen."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class InputFailed(Message):
    """The input thread failed with an unexpected error (a bug): the app ends as for any."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error


READ_SIZE = 4096
"""Bytes read from the terminal at once, as Textual reads them."""

SELECT_TIMEOUT = 0.1
"""Seconds between looks at `exit_event` and at the parser's timeouts (a lone Escape)."""

_TRY_AGAIN = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EINTR}
"""Read errors that mean "nothing now": the terminal is still there."""


class KeyReader:
    """Bytes from the terminal to Textual's events; no bytes make it raise.

    Args:
        debug: Textual's debug mode (its parser then logs keys to `keys.log`).
    """

    def __init__(self, debug: bool = False) -> None:
        self._debug = debug
        # An é from a Latin-1 terminal, a C1 byte such as 0x9b, half a character: each becomes
        # U+FFFD, which the user sees and can correct, where a strict decoder raised.
        self._decode = codecs.getincrementaldecoder("utf-8")(errors="replace").decode
        self._parser = self._new_parser()

    def _new_parser(self) -> XTermParser:
        return XTermParser(self._debug)

    def feed(self, data: bytes) -> list[Message]:
        """The events in `data`; what follows an incomplete sequence waits for more bytes."""
        found: list[Message] = []
        # One character at a time, so that when the parser raises on a sequence (it does on
        # `ESC [ 99999999 u`: chr() out of range), only that sequence is lost: a new parser
        # takes the characters after it.
        for char in self._decode(data):
            try:
                found.extend(self._parser.feed(char))
            except Exception:
                self._parser = self._dropped()
        return found

    def tick(self) -> list[Message]:
        """Events whose wait is over (a lone Escape after its delay)."""
        try:
            return list(self._parser.tick())
        except Exception:
            self._parser = self._dropped()
            return []

    def _dropped(self) -> XTermParser:
        # The terminal (or someone typing at it) sent what Textual cannot parse. That sequence
        # is dropped, as a terminal drops one it does not know, and a new parser reads on.
        return self._new_parser()


if sys.platform != "win32":  # Textual's Windows driver reads keys from the console API
    from textual.drivers.linux_driver import LinuxDriver

    class TerminalDriver(LinuxDriver):
        """Textual's Linux driver, reading the terminal with `KeyReader`.

        EOF or an error reading the terminal posts `TerminalLost` to the app, and from then on
        nothing more is written: a write to a terminal that is gone fails in Textual's writer
        thread, which then stops taking output, and the next writes would block the app.
        """

        def __init__(
            self,
            app: App[Any],
            *,
            debug: bool = False,
            mouse: bool = True,
            size: tuple[int, int] | None = None,
        ) -> None:
            super().__init__(app, debug=debug, mouse=mouse, size=size)
            self._debug_keys = debug
            self.gone = threading.Event()
            """Set once the terminal is gone: output is dropped."""

        def write(self, data: str) -> None:
            """Write `data` to the terminal, unless it is gone."""
            if not self.gone.is_set():
                super().write(data)

        def _run_input_thread(self) -> None:
            # PRIVATE HOOK (LinuxDriver._run_input_thread): the input thread's target. Textual's
            # own runs its loop and, on any error, panics with a traceback and exit code 0.
            try:
                self._read_terminal()
            except Exception as error:
                self.send_message(InputFailed(error))

        def _read_terminal(self) -> None:
            keys = KeyReader(self._debug_keys)
            # select(), as Textual's own loop: it takes any kind of file, where epoll refuses some.
            with selectors.SelectSelector() as selector:
                selector.register(self.fileno, selectors.EVENT_READ)
                while not self.exit_event.is_set():
                    if selector.select(SELECT_TIMEOUT):
                        try:
                            data = os.read(self.fileno, READ_SIZE)
                        except OSError as error:
                            if error.errno in _TRY_AGAIN:
                                continue
                            self._lost(f"read: {error.strerror}")
                            return
                        if not data:  # EOF: a hung-up terminal reads as the end of a file
                            self._lost("end of file")
                            return
                        for event in keys.feed(data):
                            self.process_message(event)
                    for event in keys.tick():
                        self.process_message(event)

        def _lost(self, reason: str) -> None:
            self.gone.set()
            self.send_message(TerminalLost(reason))


def crash_proof(driver: type[Driver]) -> type[Driver]:
    """The driver an app runs on: in a terminal, `TerminalDriver` in place of Textual's Linux
    driver (no byte can crash its reader); any other (textual-serve's in a browser session,
    Textual's on Windows) as it is."""
    if sys.platform != "win32" and driver is LinuxDriver:
        return TerminalDriver
    return driver


def wrapped_width(document: WrappedDocument) -> int:
    """The width a TextArea's text was last wrapped at (0: not wrapped)."""
    return int(document._width)  # PRIVATE HOOK (see HOOKS)
