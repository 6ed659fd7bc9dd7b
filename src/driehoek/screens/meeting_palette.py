"""The meeting screen's entries in the command palette (Ctrl+P): each action of its keys,
and a step by name."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from driehoek.flow import Flow, label_key

if TYPE_CHECKING:
    from driehoek.screens.meeting import MeetingScreen


def meeting_commands(screen: MeetingScreen) -> Iterator[SystemCommand]:
    """The palette's entries for `screen`, as it stands (reopen only while signed)."""
    t = screen.t
    yield SystemCommand(t("cmd.next_step"), t("cmd.next_step.help"), screen.action_next_step)
    yield SystemCommand(
        t("cmd.previous_step"), t("cmd.previous_step.help"), screen.action_previous_step
    )
    for number, step in enumerate(Flow(screen.meeting).steps, start=1):
        yield SystemCommand(
            t(
                "cmd.goto_step",
                number=number,
                step=t(f"step_title.{label_key(screen.meeting.kind, step)}"),
            ),
            t("cmd.goto_step.help"),
            lambda step=step: screen.app.call_later(screen.go_to_step, step),
        )
    yield SystemCommand(t("cmd.add"), t("cmd.add.help"), screen.action_add)
    yield SystemCommand(t("cmd.delete_item"), t("cmd.delete_item.help"), screen.action_delete_item)
    yield SystemCommand(t("cmd.minutes"), t("cmd.minutes.help"), screen.action_minutes)
    yield SystemCommand(t("cmd.export"), t("cmd.export.help"), screen.action_export)
    yield SystemCommand(t("cmd.presenting"), t("cmd.presenting.help"), screen.action_presenting)
    yield SystemCommand(t("cmd.focus_mode"), t("cmd.focus_mode.help"), screen.action_focus_mode)
    yield SystemCommand(t("cmd.history"), t("cmd.history.help"), screen.action_history)
    yield SystemCommand(t("cmd.record"), t("cmd.record.help"), screen.action_record)
    if screen.check_action("swap_versions", ()):
        yield SystemCommand(
            t("cmd.swap_versions"), t("cmd.swap_versions.help"), screen.action_swap_versions
        )
    if screen.meeting.closed:
        yield SystemCommand(t("cmd.reopen"), t("cmd.reopen.help"), screen.action_reopen)
    yield SystemCommand(t("cmd.home"), t("cmd.home.help"), screen.action_home)
