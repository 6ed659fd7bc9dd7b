"""The export dialog: a file name for the minutes (or a return-day slip), then a new file in
the exports folder, or, in a browser, a download.

It takes a name, never a path: what it writes can only be a new file in the one folder it
shows (`files.create_new`: no symlink followed, nothing replaced, never the database), so a
coordinator without a shell cannot use it to change a file of the account (`~/.bashrc`,
`~/.ssh/authorized_keys`) or the shared database. Under `driehoek serve` nothing is written on
the server at all: the browser downloads the file.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Static

from driehoek.domain import Meeting
from driehoek.dossier import ExportFormat, export_text
from driehoek.files import ExportFolder, Refusal, Refused, export_suffix, name_problem
from driehoek.i18n import Catalogue
from driehoek.minutes_files import default_filename
from driehoek.slip import Slip, render_slip
from driehoek.slip import default_filename as slip_filename
from driehoek.slip_html import render_slips_html
from driehoek.text import clean_line
from driehoek.widgets.keys_in_order import OrderedInput

FORMATS: dict[str, tuple[ExportFormat, str]] = {
    ".md": ("md", "text/markdown; charset=utf-8"),
    ".html": ("html", "text/html; charset=utf-8"),
    ".json": ("json", "application/json"),
}
"""What each file ending holds, and what the browser is told a download of it is."""


def shown_folder(path: Path) -> str:
    """The folder as the dialog shows it: `~/...` inside the home folder (shorter, and what a
    coordinator recognises)."""
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def download_name(name: str) -> str:
    """The name a download is offered under: ASCII letters, digits, `.`, `-` and `_` only.
    textual-serve puts it unquoted in the Content-Disposition header, where a space or a `;`
    would cut it short."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name)


def refusal_line(t: Catalogue, reason: Refusal, path: object) -> str:
    """The one line that says why nothing was written."""
    if reason is Refusal.EMPTY:
        return t("export.need_path")
    return t(f"refused.{reason}", path=clean_line(str(path)))


class SaveDialog(ModalScreen[str | None]):
    """Asks for a file name and writes a new file, or downloads it; what the file holds comes
    from `file_text` (ExportDialog: the minutes; SlipDialog: a return-day slip).

    Each subclass holds its own BINDINGS: `localized` translates a class's own only."""

    TITLE_KEY = "export.title"
    NAME_KEY = "export.name"
    SUFFIXES: tuple[str, ...] = tuple(FORMATS)
    """The endings this dialog writes (all of FORMATS unless narrowed)."""
    SUFFIX_REFUSAL = "refused.suffix"

    name_field = getters.query_one("#export-name", Input)
    problem = getters.query_one("#export-problem", Static)

    def __init__(
        self, t: Catalogue, folder: ExportFolder, on_exported: Callable[[str], None]
    ) -> None:
        super().__init__()
        self.t = t
        self.folder = folder
        self.on_exported = on_exported

    def default_name(self) -> str:
        """The name the field starts with."""
        raise NotImplementedError

    def file_text(self, fmt: ExportFormat) -> str:
        """The file's text in the format its name asks for."""
        raise NotImplementedError

    @property
    def downloads(self) -> bool:
        """Whether the file goes to the user's browser (`driehoek serve`), not to a folder."""
        return self.app.is_web

    def compose(self) -> ComposeResult:
        t = self.t
        if self.downloads:
            where = t("export.download")
        else:
            where = t("export.folder", path=shown_folder(self.folder.path))
        with Vertical(id="dialog", classes="dialog"):
            yield Label(t(self.TITLE_KEY), classes="dialog-title")
            yield Static(where, id="export-where", markup=False)
            yield Label(t(self.NAME_KEY))
            # Not selected on focus: with the name selected, Ctrl+U and fast typing after it
            # (a paste, a lagging SSH link) lost characters in Textual's Input.
            yield OrderedInput(self.default_name(), id="export-name", select_on_focus=False)
            yield Static("", id="export-problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("export.save"), id="export-save", variant="primary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.name_field.cursor_blink = False
        self.set_focus(self.name_field)

    @on(Input.Submitted, "#export-name")
    @on(Button.Pressed, "#export-save")
    def _save(self) -> None:
        t = self.t
        name = self.name_field.value.strip()
        problem = name_problem(name)
        suffix = export_suffix(name)
        if problem is Refusal.SUFFIX or (problem is None and suffix not in self.SUFFIXES):
            self.problem.update(t(self.SUFFIX_REFUSAL, path=clean_line(name)))
            return
        if problem is not None or suffix is None:
            self.problem.update(refusal_line(t, problem or Refusal.SUFFIX, name))
            return
        fmt, mime_type = FORMATS[suffix]
        text = self.file_text(fmt)
        if self.downloads:
            name = download_name(name)
            self.app.deliver_binary(
                io.BytesIO(text.encode("utf-8")), save_filename=name, mime_type=mime_type
            )
            self._done(name, t("export.downloading", name=name))
            return
        try:
            path = self.folder.write(name, text.encode("utf-8"))
        except Refused as e:
            self.problem.update(refusal_line(t, e.reason, e.path))
            return
        except OSError as e:
            reason = e.strerror or str(e)
            self.problem.update(t("export.failed", path=self.folder.path / name, reason=reason))
            return
        if path.name == name:
            message = t("export.saved", path=path)
        else:
            message = t("export.saved_as", name=name, path=path)
        self._done(str(path), message)

    def _done(self, where: str, message: str) -> None:
        self.on_exported(where)
        self.notify(message, markup=False)
        self.dismiss(where)

    def action_cancel(self) -> None:
        """Close without writing anything."""
        self.dismiss(None)


class ExportDialog(SaveDialog):
    """The meeting's minutes: Markdown, a printable page, or everything as JSON."""

    BINDINGS = [Binding("escape", "cancel", "key.cancel")]

    def __init__(
        self,
        meeting: Meeting,
        t: Catalogue,
        folder: ExportFolder,
        on_exported: Callable[[str], None],
    ) -> None:
        super().__init__(t, folder, on_exported)
        self.meeting = meeting

    def default_name(self) -> str:
        return default_filename(self.meeting, self.t.lang)

    def file_text(self, fmt: ExportFormat) -> str:
        return export_text(self.meeting, self.t.lang, fmt)


class SlipDialog(SaveDialog):
    """One student's return-day slip (`driehoek.slip`): Markdown, or a printable page."""

    BINDINGS = [Binding("escape", "cancel", "key.cancel")]

    TITLE_KEY = "slip.export_title"
    NAME_KEY = "slip.export_name"
    SUFFIXES = (".md", ".html")
    SUFFIX_REFUSAL = "refused.slip_suffix"

    def __init__(
        self,
        slip: Slip,
        day: date,
        t: Catalogue,
        folder: ExportFolder,
        on_exported: Callable[[str], None],
    ) -> None:
        super().__init__(t, folder, on_exported)
        self.slip = slip
        self.day = day

    def default_name(self) -> str:
        return slip_filename(self.slip.placement, self.day, self.t.lang)

    def file_text(self, fmt: ExportFormat) -> str:
        if fmt == "html":
            return render_slips_html([self.slip], self.day, self.t)
        return render_slip(self.slip, self.day, self.t)
