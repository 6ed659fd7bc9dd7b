"""The export dialog: where to write the minutes, then write them (never half a file)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Static

from driehoek.domain import Meeting
from driehoek.files import write_private
from driehoek.i18n import Catalogue
from driehoek.minutes import default_filename, render_minutes


class ExportDialog(ModalScreen[Path | None]):
    """Proposes a file name in the current folder; asks before replacing a file."""

    BINDINGS = [Binding("escape", "cancel", "key.cancel")]

    path_field = getters.query_one("#export-path", Input)
    problem = getters.query_one("#export-problem", Static)

    def __init__(self, meeting: Meeting, t: Catalogue, on_exported: Callable[[Path], None]) -> None:
        super().__init__()
        self.meeting = meeting
        self.t = t
        self.on_exported = on_exported
        self._confirmed_overwrite: Path | None = None

    def compose(self) -> ComposeResult:
        t = self.t
        proposal = Path.cwd() / default_filename(self.meeting, t.lang)
        with Vertical(id="dialog", classes="dialog"):
            yield Label(t("export.title"), classes="dialog-title")
            yield Label(t("export.path"))
            yield Input(str(proposal), id="export-path")
            yield Static("", id="export-problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("export.save"), id="export-save", variant="primary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.path_field.cursor_blink = False
        self.set_focus(self.path_field)

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-save")
    def _save(self) -> None:
        t = self.t
        text = self.path_field.value.strip()
        if not text:
            self.problem.update(t("export.need_path"))
            return
        path = Path(text).expanduser()
        if path.exists() and self._confirmed_overwrite != path:
            self._confirmed_overwrite = path
            self.problem.update(t("export.exists", path=str(path)))
            return
        try:
            write_private(path, render_minutes(self.meeting, t.lang))
        except OSError as e:
            self.problem.update(t("export.failed", path=str(path), reason=e.strerror or str(e)))
            return
        self.on_exported(path)
        self.notify(t("export.done", path=str(path)), markup=False)
        self.dismiss(path)

    def action_cancel(self) -> None:
        """Close without writing anything."""
        self.dismiss(None)
