"""Drive Debian's headless Chromium over its DevTools protocol, and read the terminal it shows.

A small client on aiohttp's websocket: no browser download and no driver binary, only
`/usr/bin/chromium`. The page of `driehoek serve` draws its terminal on a canvas, so its text is
not in the DOM; instead every frame the page's websocket receives from the app is fed into a
terminal emulator (pyte) of the size the page asked for. What that emulator shows is what the
browser drew.

Waiting is polling with a timeout; a failed wait shows the last screen.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qs, urlparse

import aiohttp
import pyte

from .tmux import wait_for_process_end

CHROMIUM = "/usr/bin/chromium"
DEFAULT_TIMEOUT = 30.0
"""Seconds to wait for the page; generous, because a browser start is slow on a busy machine."""

_POLL = 0.05
# The flags that work in a container as root, without a GPU, and without calling home.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1200,800",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
)

_CTRL = 2
"""The DevTools protocol's modifier bit for Ctrl."""
_KEYS = {"Enter": (13, "\r"), "Tab": (9, "\t")}
"""Keys by their DOM name: the key code and the text a keyboard sends."""


def chromium_path() -> str | None:
    """Debian's Chromium, or None when it is not installed."""
    return shutil.which(CHROMIUM)


class TerminalScreen:
    """The terminal the page shows, rebuilt from the bytes its websocket received."""

    def __init__(self) -> None:
        self._screen = pyte.Screen(80, 24)
        self._stream = pyte.ByteStream(self._screen)
        self.received = 0
        """Bytes of terminal output received so far."""

    def resize(self, columns: int, lines: int) -> None:
        """The page's terminal changed size (the app repaints all of it after this)."""
        self._screen.resize(lines, columns)

    def feed(self, data: bytes) -> None:
        """Output of the app, as the browser received it."""
        self.received += len(data)
        self._stream.feed(data)

    def text(self) -> str:
        """The screen as lines of text."""
        return "\n".join(line.rstrip() for line in self._screen.display)


class Page:
    """One browser tab, attached over a flat DevTools session."""

    def __init__(self, browser: Chromium, session: str, target: str) -> None:
        self._browser = browser
        self._session = session
        self._target = target
        self.terminal = TerminalScreen()
        self.terminal_socket: str | None = None
        """The DevTools request id of the page's terminal websocket, once it opened."""
        self.terminal_closed = False
        self.requests: list[str] = []
        """Every address the tab asked for (pages, scripts, fonts, websockets), in order."""
        self.console: list[str] = []
        """What the browser logged for the tab: errors, CSP violations, warnings."""

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Call a DevTools method in this tab; returns its result."""
        return await self._browser.send(method, session=self._session, **params)

    def on_event(self, method: str, params: dict[str, Any]) -> None:
        """Note the tab's requests and log; follow the terminal websocket: size, output, end."""
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Log.entryAdded":
            self.console.append(params["entry"]["text"])
        if method == "Network.webSocketCreated":
            self.requests.append(params["url"])
            url = urlparse(params["url"])
            if url.path.endswith("/ws") and self.terminal_socket is None:
                self.terminal_socket = params["requestId"]
                query = parse_qs(url.query)
                width, height = int(query["width"][0]), int(query["height"][0])
                self.terminal.resize(width, height)
            return
        if params.get("requestId") != self.terminal_socket:
            return
        if method == "Network.webSocketFrameReceived":
            frame = params["response"]
            if frame["opcode"] == 2:  # binary: terminal output
                self.terminal.feed(base64.b64decode(frame["payloadData"]))
        elif method == "Network.webSocketFrameSent":
            message = json.loads(params["response"]["payloadData"])
            if message[0] == "resize":
                self.terminal.resize(message[1]["width"], message[1]["height"])
        elif method == "Network.webSocketClosed":
            self.terminal_closed = True

    async def open(self, url: str) -> None:
        """Follow the page's network and log, and load `url`."""
        await self.send("Network.enable")
        await self.send("Page.enable")
        await self.send("Log.enable")
        await self.navigate(url)

    async def navigate(self, url: str) -> None:
        """Load `url` in this tab, as typing it in the address bar would."""
        await self.send("Page.navigate", url=url)

    async def close(self) -> None:
        """Close the tab, as the user would."""
        await self._browser.send("Target.closeTarget", targetId=self._target)

    async def history(self) -> list[str]:
        """The addresses in the tab's history (what Back and Forward go to), the current last."""
        entries = (await self.send("Page.getNavigationHistory"))["entries"]
        return [entry["url"] for entry in entries]

    async def cookies(self) -> list[dict[str, Any]]:
        """The cookies the browser would send with the tab's address."""
        cookies: list[dict[str, Any]] = (await self.send("Network.getCookies"))["cookies"]
        return cookies

    async def text(self) -> str:
        """The words of the page in the tab (not the terminal's: that is drawn on a canvas)."""
        value = await self.evaluate("document.body ? document.body.innerText : ''")
        return str(value or "")

    async def wait_for_page_text(self, text: str, timeout: float = DEFAULT_TIMEOUT) -> str:
        """Wait until the page's words include `text`; returns them."""
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(RuntimeError):  # between two documents, nothing to ask
                words = await self.text()
                if text in words:
                    return words
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout:g}s for {text!r} in the page")
            await asyncio.sleep(_POLL)

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def focus_terminal(self) -> None:
        """Put the keyboard focus in the terminal, as a click on it would."""
        await self.evaluate("document.querySelector('.xterm-helper-textarea').focus()")

    async def type(self, text: str) -> None:
        """Type `text`, one key at a time."""
        for char in text:
            await self.send("Input.dispatchKeyEvent", type="keyDown", text=char, key=char)
            await self.send("Input.dispatchKeyEvent", type="keyUp", key=char)

    async def press(self, key: str) -> None:
        """Press a key that is not a letter: `Enter` or `Tab`."""
        code, text = _KEYS[key]
        event = {"key": key, "code": key, "windowsVirtualKeyCode": code}
        await self.send("Input.dispatchKeyEvent", type="keyDown", text=text, **event)
        await self.send("Input.dispatchKeyEvent", type="keyUp", **event)

    async def ctrl(self, letter: str) -> None:
        """Press Ctrl and a letter, e.g. `ctrl("n")`."""
        key = {
            "key": letter,
            "code": f"Key{letter.upper()}",
            "windowsVirtualKeyCode": ord(letter.upper()),
            "modifiers": _CTRL,
        }
        await self.send("Input.dispatchKeyEvent", type="rawKeyDown", **key)
        await self.send("Input.dispatchKeyEvent", type="keyUp", **key)

    async def wait_until(
        self, done: Callable[[], bool], what: str, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        """Poll `done` until it is true; fail with `what` and the last screen if it never is."""
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout:g}s for {what}\n{self.describe()}")
            await asyncio.sleep(_POLL)

    async def wait_for(self, text: str, timeout: float = DEFAULT_TIMEOUT) -> str:
        """Wait until `text` is on the terminal; returns that screen."""
        await self.wait_until(lambda: text in self.terminal.text(), repr(text), timeout)
        return self.terminal.text()

    def describe(self) -> str:
        """The state for a failure message: the socket and the terminal's screen."""
        socket = "not opened" if self.terminal_socket is None else "open"
        if self.terminal_closed:
            socket = "closed"
        rule = "-" * 80
        screen = self.terminal.text().rstrip()
        return (
            f"terminal websocket {socket}, {self.terminal.received} bytes received; screen:\n"
            f"{rule}\n{screen}\n{rule}"
        )


class Chromium:
    """A headless Chromium with a profile of its own, removed when it closes.

    Use as `async with Chromium() as browser: page = await browser.new_page(url)`. `flags` are
    Chromium's own options on top of `FLAGS` (e.g. `--host-resolver-rules=...`).
    """

    def __init__(self, executable: str = CHROMIUM, flags: tuple[str, ...] = ()) -> None:
        self._executable = executable
        self._flags = flags
        self._profile = Path(tempfile.mkdtemp(prefix="driehoek-chromium-"))
        self._process: subprocess.Popen[bytes] | None = None
        self._http: aiohttp.ClientSession | None = None
        self._socket: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None
        self._next_id = 0
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._pages: dict[str, Page] = {}
        self.log = self._profile.with_name(self._profile.name + ".log")
        """Chromium's own output, for a failure message."""

    async def __aenter__(self) -> Self:
        try:
            await self._start()
        except BaseException:
            await self.close()
            raise
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def _start(self) -> None:
        with self.log.open("wb") as log:
            self._process = subprocess.Popen(
                [
                    self._executable,
                    *FLAGS,
                    *self._flags,
                    f"--user-data-dir={self._profile}",
                    "about:blank",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        # Port 0: Chromium picks a free port and writes it, with the browser's path, here.
        port_file = self._profile / "DevToolsActivePort"
        deadline = time.monotonic() + DEFAULT_TIMEOUT
        while not (port_file.is_file() and len(port_file.read_text().split()) == 2):
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Chromium did not start:\n{self.output()}")
            await asyncio.sleep(_POLL)
        port, path = port_file.read_text().split()
        self._http = aiohttp.ClientSession()
        self._socket = await self._http.ws_connect(
            f"ws://127.0.0.1:{port}{path}", max_msg_size=0, timeout=aiohttp.ClientWSTimeout()
        )
        self._reader = asyncio.create_task(self._read())

    def output(self) -> str:
        """What Chromium printed, for a failure message."""
        try:
            return self.log.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    async def _read(self) -> None:
        assert self._socket is not None
        async for message in self._socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            if "id" in data:
                future = self._pending.pop(data["id"], None)
                if future is not None and not future.done():
                    if "error" in data:
                        future.set_exception(RuntimeError(f"DevTools: {data['error']}"))
                    else:
                        future.set_result(data.get("result", {}))
            elif (page := self._pages.get(data.get("sessionId", ""))) is not None:
                page.on_event(data["method"], data.get("params", {}))
        for future in self._pending.values():
            if not future.done():
                future.set_exception(RuntimeError("the browser closed its DevTools connection"))

    async def send(
        self, method: str, *, session: str | None = None, **params: Any
    ) -> dict[str, Any]:
        """Call a DevTools method (in a tab's `session`, or of the browser); returns its result."""
        if self._socket is None:
            raise RuntimeError("the browser is not running")
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[self._next_id] = future
        await self._socket.send_str(json.dumps(message))
        return await asyncio.wait_for(future, DEFAULT_TIMEOUT)

    async def new_page(self, url: str) -> Page:
        """A new tab that follows its terminal websocket, loading `url`."""
        target = await self.send("Target.createTarget", url="about:blank")
        attached = await self.send(
            "Target.attachToTarget", targetId=target["targetId"], flatten=True
        )
        page = Page(self, attached["sessionId"], target["targetId"])
        self._pages[attached["sessionId"]] = page
        await page.open(url)
        return page

    async def close(self) -> None:
        """Close the browser and remove its profile; safe to call twice."""
        if self._socket is not None and not self._socket.closed:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.send("Browser.close"), 5)
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._reader, 5)
        if self._http is not None:
            await self._http.close()
        self._socket = self._http = self._reader = None
        if self._process is not None:
            wait_for_process_end(self._process.pid, 10)
            # Its helpers (renderer, GPU, zygote) are in its process group: none may outlive it.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait(10)
            self._process = None
        shutil.rmtree(self._profile, ignore_errors=True)
        self.log.unlink(missing_ok=True)
