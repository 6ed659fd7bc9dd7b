"""The file name minutes are saved under (`driehoek export`, the export dialog, a dossier)."""

from __future__ import annotations

import re
import unicodedata

from driehoek.domain import Meeting
from driehoek.i18n import Lang

_FILE_WORD = {"nl": "verslag", "en": "minutes"}


def default_filename(meeting: Meeting, lang: Lang) -> str:
    """A readable, stable file name: `verslag-2026-11-28-anouk-de-vries-12.md`.

    Only ASCII letters, digits and dashes, so it is safe in every shell and file system; the
    meeting's number keeps two students with the same name apart.
    """
    folded = unicodedata.normalize("NFKD", meeting.placement.student)
    slug = re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode().lower()).strip("-")
    day = meeting.day.isoformat() if meeting.day else ""
    parts = [_FILE_WORD[lang], day, slug[:40].strip("-"), str(meeting.id)]
    return "-".join(p for p in parts if p) + ".md"
