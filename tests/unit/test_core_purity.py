"""The core runs without Textual: only the UI layer may import it."""

from __future__ import annotations

import subprocess
import sys

CORE = (
    "domain",
    "prompts",
    "template_file",
    "template_store",
    "template_cli",
    "migrate_templates",
    "flow",
    "store",
    "migrations",
    "database",
    "minutes",
    "minutes_supervision",
    "supervision_time",
    "supervision_report",
    "migrate_supervision",
    "mdtext",
    "text",
    "dates",
    "i18n",
    "argparse_words",
    "serialize",
    "files",
    "demo",
    "paths",
    "cli",
    "serve",
    "serve_access",
    "planning",
    "report",
    "report_markdown",
    "report_html",
    "report_files",
    "dossier",
    "outputs",
    "settings",
    "admin",
    "interactive",
    "crashlog",
    "asides",
    "autosave",
    "privacy",
    "maintenance",
    "importing",
    "dossier_model",
    "dossier_check",
    "stored",
    "rows",
    "reading",
    "reading_lists",
    "migrate_dates",
    "audit",
    "wal",
    "erasure",
    "retention",
    "migrate_shares",
    "shares",
    "readonly",
    "following",
    "follow_cli",
    "choosing",
    "csv_read",
    "csv_columns",
    "csv_rows",
    "csv_import",
    "csv_cli",
    "preparation",
    "prepared",
    "prepare_form",
    "prepare_cli",
    "migrate_prepare",
    "demo_prepared",
    "prepare_links",
    "form_key",
)


def test_core_modules_do_not_import_textual() -> None:
    imports = "; ".join(f"import driehoek.{name}" for name in CORE)
    script = (
        f"import sys; {imports}; "
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')); "
        "print(leaked); sys.exit(1 if leaked else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
