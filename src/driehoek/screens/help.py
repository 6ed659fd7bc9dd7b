"""Help: the keys of the screen the user came from, and how a meeting goes.

The keys are read from the screen's own active bindings (translated), so the list can never
disagree with what the keys do.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Label, Static

from driehoek.i18n import Catalogue


def _ours(node: DOMNode) -> set[tuple[str, str]]:
    """The (action, description) of the keys the node's own class declares: ours, translated;
    not the editing keys of Textual's widgets, which every text field simply has."""
    return {
        (b.action, b.description)
        for b in type(node).__dict__.get("BINDINGS", [])
        if isinstance(b, Binding) and b.description
    }


def key_lines(screen: Screen[object], t: Catalogue) -> list[str]:
    """`key  what it does` for every key of ours active on `screen`, plus Tab and F1."""
    lines = []
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not isinstance(active.node, (Screen, App)):
            continue  # a text field's editing keys: every field has them
        if (binding.action, binding.description) not in _ours(active.node):
            continue
        if binding.description in seen:
            continue
        seen.add(binding.description)
        lines.append(f"{screen.app.get_key_display(binding):<10} {binding.description}")
    lines.append(f"{'Tab':<10} {t('help.key_tab')}")
    for key, message in (
        ("Space →", "help.key_choice"),
        ("+ - ~ ?", "help.key_factor"),
        ("^g 1-7", "help.key_goto"),
        ("F2 F3", "help.key_present"),
    ):
        lines.append(f"{key:<10} {t(message)}")
    return lines


class HelpScreen(ModalScreen[None]):
    """The keys of the screen below, and a short guide to a meeting."""

    BINDINGS = [
        Binding("escape", "close", "key.close"),
        Binding("f1", "close", show=False),
    ]

    def __init__(self, keys: list[str], t: Catalogue) -> None:
        super().__init__()
        self.keys = keys
        self.t = t

    def compose(self) -> ComposeResult:
        t = self.t
        with VerticalScroll(id="help", classes="dialog"):
            yield Label(t("help.title"), classes="dialog-title")
            yield Label(t("help.keys"), classes="section-title")
            yield Static(Content("\n".join(self.keys)), id="help-keys")
            yield Label(t("help.guide_title"), classes="section-title")
            yield Static(t("help.guide"), id="help-guide", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#help"))

    def action_close(self) -> None:
        """Back to where the user was."""
        self.dismiss(None)
