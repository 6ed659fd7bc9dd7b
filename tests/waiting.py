"""Waiting for what a test means, never for a fixed time.

A test that sleeps "long enough" for the autosave or a poll passes on a quiet machine and
fails on a busy one. These helpers poll the condition itself, often, until a generous
deadline, and fail with what they were waiting for.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from textual.pilot import Pilot

DEADLINE = 10.0
"""Seconds before a wait gives up: far beyond what any condition needs on a loaded machine."""

POLL_SECONDS = 0.02
"""How often a condition is asked again."""


def wait_until(condition: Callable[[], bool], what: str, timeout: float = DEADLINE) -> None:
    """Return as soon as `condition()` holds; fail the test if it does not within `timeout`.

    Args:
        condition: Asked again and again; must be cheap and have no side effects.
        what: The condition in words, for the failure message.
        timeout: Seconds before giving up.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s in vain for: {what}")
        time.sleep(POLL_SECONDS)


async def settle_until(
    pilot: Pilot[object] | Pilot[None],
    condition: Callable[[], bool],
    what: str,
    timeout: float = DEADLINE,
) -> None:
    """In a Pilot test: let the app work (its timers too) until `condition()` holds.

    Between two looks the app handles its messages (`pilot.pause()`), and time passes, so an
    autosave timer or a poll interval can fire.

    Args:
        pilot: The pilot of the app under test.
        condition: Asked again and again; must be cheap and have no side effects.
        what: The condition in words, for the failure message.
        timeout: Seconds before giving up.
    """
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause()
        if condition():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s in vain for: {what}")
        await asyncio.sleep(POLL_SECONDS)


async def wait_until_async(
    condition: Callable[[], bool], what: str, timeout: float = DEADLINE
) -> None:
    """`wait_until` inside a running event loop: the loop goes on working between looks.

    Args:
        condition: Asked again and again; must be cheap and have no side effects.
        what: The condition in words, for the failure message.
        timeout: Seconds before giving up.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s in vain for: {what}")
        await asyncio.sleep(POLL_SECONDS)
