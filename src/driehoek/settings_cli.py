"""`driehoek settings`: where the settings file is, and every setting in force with where it
comes from (kept out of `cli`)."""

from __future__ import annotations

import os
import sys

from driehoek import settings
from driehoek.i18n import Catalogue, Lang
from driehoek.settings import Source
from driehoek.text import clean_line


def show(t: Catalogue, argv_lang: Lang | None) -> int:
    """`driehoek settings`: where the file is, and every setting in force with its source."""
    from driehoek.keymap import default_keys, default_theme, theme_names

    chosen = settings.load(themes=theme_names())
    for trouble in chosen.problems:
        print(f"driehoek: {settings.describe(trouble, t)}", file=sys.stderr)
    path = chosen.path or settings.settings_path()
    state = t("settings.exists") if path.is_file() else t("settings.missing")
    print(t("settings.file", path=path, state=state))
    lang, lang_source = settings.language(argv_lang, os.environ, chosen)
    keys = {**default_keys(), **chosen.keys}
    rows = [
        ("language", lang, lang_source),
        ("theme", chosen.theme or default_theme(), chosen.source("theme")),
        ("exports_folder", str(chosen.exports_folder), chosen.source("exports_folder")),
        (
            "supervision_threshold",
            f"{chosen.supervision_threshold} %",
            chosen.source("supervision_threshold"),
        ),
        *(
            (
                f"keys.{key_id}",
                keys[key_id],
                Source.FILE if key_id in chosen.keys else Source.DEFAULT,
            )
            for key_id in settings.KEY_IDS
        ),
    ]
    width = max(len(name) for name, _value, _source in rows)
    value_width = max(len(value) for _name, value, _source in rows)
    for name, value, source in rows:
        line = f"{name:<{width}}  {value:<{value_width}}  ({t(f'settings.source.{source}')})"
        print(clean_line(line))
    return 1 if chosen.problems else 0
