"""Where driehoek keeps its files: the default database, the stylesheets, the crash log.

Nothing here runs at import time; callers ask when they need a path.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path, user_log_path

APP_NAME = "driehoek"
DB_ENV = "DRIEHOEK_DB"


def default_db_path() -> Path:
    """The database used when neither `--db` nor `DRIEHOEK_DB` names one."""
    return user_data_path(APP_NAME, appauthor=False) / "driehoek.db"


def chosen_db_path(cli_value: str | None) -> tuple[Path, bool]:
    """The database path from `--db`, else `DRIEHOEK_DB`, else the default.

    Returns:
        The path, and whether it is the default (whose folder we may create).
    """
    value = cli_value or os.environ.get(DB_ENV)
    if value:
        return Path(value).expanduser(), False
    return default_db_path(), True


def log_dir() -> Path:
    """A folder of the user's own for the crash log."""
    return user_log_path(APP_NAME, appauthor=False)


def styles_dir() -> Path:
    """The TCSS files: inside the installed package, else in the checkout's `styles/`.

    Raises:
        FileNotFoundError: Neither place has them; the app would start unstyled.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "styles", here.parents[1] / "styles"):
        if (candidate / "app.tcss").is_file():
            return candidate
    raise FileNotFoundError(f"driehoek's stylesheets (app.tcss) are missing near {here}")
