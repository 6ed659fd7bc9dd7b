"""`driehoek slip`: the return-day slips of a day, as Markdown or HTML (kept out of `cli`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from driehoek import admin
from driehoek.admin import AdminError
from driehoek.i18n import Catalogue
from driehoek.store import Store
from driehoek.text import clean_line


def run(args: argparse.Namespace, t: Catalogue, open_store: Callable[[bool], Store]) -> int:
    """`driehoek slip`: the return-day slips of the placements running on a day."""
    from driehoek import slip
    from driehoek.dates import parse_date
    from driehoek.slip_html import render_slips_html

    try:
        day = parse_date(args.date) if args.date is not None else None
    except ValueError:
        day = None
    if args.date is not None and day is None:
        raise AdminError(t("error.bad_date", value=clean_line(args.date)), 2)
    store = open_store(False)
    path = admin.output_target(args.output, store, t) if args.output else None
    day = day or store.today()
    items = slip.slips(store, day, programme=args.programme, cohort=args.cohort)
    if not items:
        print(slip.none_line(day, t, programme=args.programme, cohort=args.cohort))
        return 0  # nothing to hand out: no file is written
    if args.format == "html":
        text = render_slips_html(items, day, t)
    else:
        text = slip.render_slips(items, day, t)
    if path is not None:
        admin.write_file(path, text, t)
    # The slips name students: who took them is the audit trail's business.
    with store.transaction():
        for item in items:
            store.record("export", "placements", item.placement.id, None)
    if path is None:
        sys.stdout.write(text)
        return 0
    print(t.n("slip.written", len(items), path=path), file=sys.stderr)
    return 0
