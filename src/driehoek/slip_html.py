"""The return-day slips as one printable HTML page: one printed page per student.

Each slip is its Markdown (`slip.render_slip`, user text escaped there) made HTML by the
dossier's markdown-it (raw HTML off, so even text that slipped through stays text), in a
`<section>` that ends its printed page. The page is `dossier.html_page`: self-contained, no
scripts, a Content-Security-Policy that allows nothing but its inline style.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from driehoek.dates import format_date
from driehoek.dossier import html_page, markdown_html
from driehoek.i18n import Catalogue
from driehoek.slip import Slip, render_slip

CSS = """
section.slip h1 { font-size: 1.4em; }
section.slip h2 { font-size: 1.1em; margin-top: 1.2em; }
section.slip + section.slip { margin-top: 3rem; border-top: 2px dashed #999; padding-top: 1rem; }
@media print {
  section.slip { break-after: page; page-break-after: always; }
  section.slip:last-child { break-after: auto; page-break-after: auto; }
  section.slip + section.slip { margin-top: 0; border-top: none; padding-top: 0; }
}
"""
"""Each slip ends its printed page (the last one leaves no blank page after it); on screen a
dashed line between them."""


def render_slips_html(items: Sequence[Slip], day: date, t: Catalogue) -> str:
    """Every slip on a page of its own, as one self-contained HTML document."""
    body = "".join(
        f'<section class="slip">\n{markdown_html(render_slip(slip, day, t))}</section>\n'
        for slip in items
    )
    title = t("slip.page_title", date=format_date(day, t.lang))
    return html_page(body, title, t.lang, css=CSS)
