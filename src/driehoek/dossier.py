"""The dossier: all minutes of a placement as one document, every meeting as a file of its own,
and either as a printable HTML page for readers who will never open a Markdown file.

The HTML comes from markdown-it-py's `js-default` preset: tables on, raw HTML off. User text is
escaped in the minutes already; with raw HTML off, even text that slipped through would be
shown as text, never obeyed.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from markdown_it import MarkdownIt

from driehoek import mdtext, minutes_record
from driehoek.domain import Meeting
from driehoek.files import write_private
from driehoek.i18n import Catalogue, Lang
from driehoek.minutes import render_minutes
from driehoek.minutes_files import default_filename
from driehoek.schedule import counts_sql
from driehoek.serialize import meeting_data
from driehoek.store import Store

Format = Literal["md", "html"]
FORMATS: tuple[Format, ...] = ("md", "html")
ExportFormat = Literal["md", "html", "json"]
"""The forms one meeting can be exported in."""

_CSS = """
:root { color-scheme: light; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #1a1a1a; background: #fff; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6em; margin: 0 0 .6em; }
h2 { font-size: 1.3em; margin: 1.6em 0 .5em; border-bottom: 1px solid #bbb; }
h3 { font-size: 1.1em; margin: 1.3em 0 .4em; }
h4 { font-size: 1em; margin: 1em 0 .3em; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; }
th, td { border: 1px solid #999; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #eee; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
       white-space: nowrap; }
ul, ol { padding-left: 1.4em; }
@media print {
  @page { margin: 18mm 16mm; }
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  th { background: none; }
}
"""

_MARKDOWN = MarkdownIt("js-default")


def to_html(markdown: str, title: str, lang: Lang) -> str:
    """A self-contained, printable HTML page of a Markdown document.

    Args:
        markdown: The document (minutes, a dossier, a report), CommonMark with GFM tables.
        title: The page's title as plain text (it is escaped here).
        lang: The language of the page, for its `lang` attribute (hyphenation, screen readers).

    Returns:
        One HTML5 page with its style inline, no scripts and no outside resources; its
        Content-Security-Policy allows nothing but the inline style.
    """
    return html_page(markdown_html(markdown), title, lang)


def markdown_html(markdown: str) -> str:
    """Markdown as HTML, raw HTML in it shown as text (markdown-it's `js-default`)."""
    return str(_MARKDOWN.render(markdown))


def html_page(body: str, title: str, lang: Lang, *, css: str = "") -> str:
    """A self-contained HTML page around `body` (HTML this program made, not user text).

    Args:
        body: The page's content.
        title: The page's title as plain text (it is escaped here).
        lang: The language of the page.
        css: Style for this kind of page, after the common style.

    Returns:
        One HTML5 page with its style inline, no scripts and no outside resources. Its
        Content-Security-Policy allows nothing but the inline style: inline SVG (a chart) is
        part of the page itself and needs nothing more.
    """
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="generator" content="driehoek">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>{_CSS}{css}</style>\n"
        "</head>\n"
        "<body>\n"
        "<main>\n"
        f"{body}"
        "</main>\n"
        "</body>\n"
        "</html>\n"
    )


def meeting_title(meeting: Meeting, lang: Lang) -> str:
    """The minutes' title as plain text (for a page title or a file's heading), marked as a
    draft while not all three signed it."""
    t = Catalogue(lang)
    title = t("minutes.title", kind=t.enum(meeting.kind), student=meeting.placement.student)
    return minutes_record.titled(meeting, t, title)


def meeting_document(meeting: Meeting, lang: Lang, fmt: Format) -> str:
    """One meeting's minutes as Markdown, or as an HTML page."""
    text = render_minutes(meeting, lang)
    return to_html(text, meeting_title(meeting, lang), lang) if fmt == "html" else text


def export_text(meeting: Meeting, lang: Lang, fmt: ExportFormat) -> str:
    """A meeting as a file: the minutes in Markdown, a printable HTML page, or everything
    recorded in it as JSON."""
    if fmt == "json":
        # The title first, so a reader of the file sees at once whether it is a draft.
        data = {
            "title": meeting_title(meeting, lang),
            "state": meeting.state.value,
            **meeting_data(meeting),
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return meeting_document(meeting, lang, fmt)


def _meetings(store: Store, placement_id: int) -> list[Meeting]:
    # An evaluation nobody wrote in yet is no part of the record (`schedule`).
    summaries = sorted(store.meetings(placement_id, counted=True), key=lambda m: (m.date, m.id))
    return [store.meeting(m.id) for m in summaries]


def placement_title(store: Store, placement_id: int, lang: Lang) -> str:
    """The dossier's title as plain text: the student at the organisation.

    Raises:
        NotFound: No such placement.
    """
    p = store.placement(placement_id)
    return Catalogue(lang)("dossier.title", student=p.student, organisation=p.organisation)


def placement_markdown(store: Store, placement_id: int, lang: Lang) -> str:
    """All meetings of a placement as one Markdown document.

    A title (level 1: the dossier of the student at the organisation), a few lines about the
    placement, then each meeting's minutes with its title at level 2, oldest first.

    Raises:
        NotFound: No such placement.
    """
    t = Catalogue(lang)
    p = store.placement(placement_id)
    title = t(
        "dossier.title",
        student=mdtext.inline(p.student),
        organisation=mdtext.inline(p.organisation),
    )
    meetings = _meetings(store, placement_id)
    lines = [f"# {title}", ""]
    if p.team.strip():
        lines.append(f"- {t('field.team')}: {mdtext.inline(p.team)}")
    lines += [
        f"- {t('minutes.status')}: {t.enum(p.status_on(store.today()))}",
        f"- {t('dossier.meetings')}: {len(meetings)}",
    ]
    if p.outcome_reason.strip():
        lines += ["", f"{t('dossier.outcome_reason')}:", "", mdtext.paragraph(p.outcome_reason)]
    if not meetings:
        lines += ["", f"_{t('minutes.nothing')}_"]
    for meeting in meetings:
        lines += ["", render_minutes(meeting, lang, level=2).rstrip("\n")]
    return "\n".join(lines) + "\n"


def placement_document(store: Store, placement_id: int, lang: Lang, fmt: Format) -> str:
    """The placement's dossier as Markdown, or as an HTML page.

    Raises:
        NotFound: No such placement.
    """
    text = placement_markdown(store, placement_id, lang)
    if fmt == "html":
        return to_html(text, placement_title(store, placement_id, lang), lang)
    return text


def export_filename(meeting: Meeting, lang: Lang, fmt: Format) -> str:
    """The file a meeting is exported to: `verslag-2026-11-28-anouk-de-vries-12.md`.

    The name ends in the meeting's number, which no other meeting has, so two files never
    collide; and it is made from the meeting alone (date, student, number), so exporting
    again writes to the same name and replaces the file.
    """
    name = default_filename(meeting, lang)
    return name.removesuffix(".md") + f".{fmt}"


@dataclass(frozen=True)
class Exported:
    """What a batch export wrote."""

    directory: Path
    files: tuple[Path, ...]


def export_all(
    store: Store,
    directory: Path,
    *,
    since: date | None = None,
    lang: Lang,
    fmt: Format = "md",
) -> Exported:
    """Write every meeting (held on or after `since`) to a file of its own in `directory`.

    File names come from `export_filename`: stable and never colliding, so running it again
    replaces the same files. Each file is written atomically with mode 0600. The export is
    recorded in every meeting's audit trail, in one transaction at the end.

    Args:
        store: The database.
        directory: An existing folder.
        since: Only meetings on or after this day; every meeting when not given.
        lang: The language of the minutes (and of the file names' first word).
        fmt: `md` for Markdown, `html` for printable pages.

    Returns:
        The folder and the files written, in date order.

    Raises:
        OSError: A file cannot be written (the files written before it stay).
    """
    ids = [
        int(row[0])
        for row in store.db.execute(
            # Without `since`, a meeting whose date cannot be read is exported too; an
            # evaluation nobody wrote in yet is not (`schedule`).
            f"""SELECT id FROM meetings m WHERE (?1 = '' OR date >= ?1) AND {counts_sql()}
                ORDER BY date, id""",
            [since.isoformat() if since else ""],
        ).fetchall()
    ]
    written: list[Path] = []
    try:
        for meeting_id in ids:
            meeting = store.meeting(meeting_id)
            path = directory / export_filename(meeting, lang, fmt)
            write_private(path, meeting_document(meeting, lang, fmt))
            written.append(path)
    finally:
        # What was written was exported, also when a later file failed.
        with store.transaction():
            for meeting_id in ids[: len(written)]:
                store.record("export", "meetings", meeting_id, meeting_id)
    return Exported(directory, tuple(written))
