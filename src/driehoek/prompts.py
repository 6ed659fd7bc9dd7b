"""The meeting's own questions: the catalogue as a meeting asks it, worded by its template.

The screens and the minutes look every prompt up by its catalogue key (`question.involvement`,
`step_hint.workplace`, `support_kind.visit`, ...), as they always did. `prompts_for(meeting,
lang)` gives them a catalogue that answers those keys with the wording of the meeting's
template, and every other key as the catalogue does; the keys a template may reword are
`template_file.WORDING_KEYS`, nothing else is ever taken from a template. A meeting without a
template (or whose template has no texts in `lang`) is asked in the article's words: the
catalogue's own texts are the built-in default template.

A template's text is user text: whoever shows it does so without markup (Textual) and escaped
(Markdown), as for a note.
"""

from __future__ import annotations

from driehoek import mdtext
from driehoek.domain import Meeting
from driehoek.i18n import Catalogue, Lang
from driehoek.template_file import WORDING_KEYS, Template


class Prompts(Catalogue):
    """A catalogue whose prompts come from a template (`template`: None, the article's)."""

    def __init__(self, lang: Lang, template: Template | None = None) -> None:
        super().__init__(lang)
        wording = template.wording(lang) if template is not None else {}
        self._wording = {k: v for k, v in wording.items() if k in WORDING_KEYS}
        self.template = template if self._wording else None
        """The template whose words these are (None: the article's, built in)."""

    def __call__(self, key: str, /, **params: object) -> str:
        # The template's text as written: prompts have no placeholders, and a brace a school
        # typed must not be taken for one.
        worded = self._wording.get(key)
        return worded if worded is not None else super().__call__(key, **params)

    def worded(self, key: str) -> bool:
        """Whether `key`'s text comes from the template (user text) rather than the catalogue."""
        return key in self._wording

    def source(self) -> str:
        """Which wording this is, in one line: "SPH, versie 2" or the article's."""
        if self.template is None:
            return self("template.default_name")
        return self("template.name_version", name=self.template.name, version=self.template.version)


def minutes_item(t: Catalogue) -> str | None:
    """The minutes' line naming the template and its version ("- Sjabloon: SPH, versie 2"),
    Markdown-escaped; None for the article's wording (minutes without the line are worded as
    the article words them)."""
    if not isinstance(t, Prompts) or t.template is None:
        return None
    return f"- {t('minutes.template')}: {mdtext.inline(t.source())}"


def prompts_for(meeting: Meeting, lang: Lang) -> Prompts:
    """The catalogue to word `meeting` with in `lang`: its template's prompts, else the
    article's. Anything that shows or prints a meeting's questions asks this."""
    return Prompts(lang, meeting.template)


def catalogue_for(meeting: Meeting, t: Catalogue) -> Catalogue:
    """`prompts_for` in `t`'s language, for code that holds a catalogue already."""
    return prompts_for(meeting, t.lang)
