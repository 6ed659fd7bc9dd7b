"""Build hook: the gettext catalogues (`.po`) compiled to `.mo` with Babel, for the wheel.

The installed app reads `.mo` files with the standard library's `gettext` and needs no Babel:
Babel is a build requirement only (`[build-system] requires`). The sources are the `.po` files
under src/driehoek/locale; the `.mo` files are build output, never committed (.gitignore).

- A wheel: each `.mo` is compiled into a temporary folder and force-included at
  `driehoek/locale/<lang>/LC_MESSAGES/<domain>.mo`; the source tree is not written to.
- An editable install (`pip install -e .`): the package is imported from src/, so each `.mo`
  is written beside its `.po`, where the running code looks. After changing a `.po` file,
  install again (tests/conftest.py stops the tests when a `.mo` is older than its `.po`).
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALE = Path("src", "driehoek", "locale")
"""Where the `.po` sources are, under the project's root."""
IN_PACKAGE = "driehoek/locale"
"""Where the `.mo` files go in the wheel."""


def compile_catalogues(root: Path, into: Path) -> list[Path]:
    """Compile every `.po` under `root`/src/driehoek/locale to a `.mo` in the same place
    under `into`; returns their paths relative to `into`.

    A `.mo` that would not change is not rewritten, only touched.

    Raises:
        babel.messages.pofile.PoFileError: A `.po` file is not valid.
        FileNotFoundError: There are no `.po` files at all.
    """
    made = []
    for po in sorted((root / LOCALE).glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as f:
            catalog = read_po(f, abort_invalid=True)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)  # without fuzzy entries, as msgfmt does
        relative = po.relative_to(root / LOCALE).with_suffix(".mo")
        target = into / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_bytes() != buffer.getvalue():
            target.write_bytes(buffer.getvalue())
        else:
            os.utime(target)  # up to date with its .po, as tests/conftest.py checks
        made.append(relative)
    if not made:
        raise FileNotFoundError(f"no .po files under {root / LOCALE}")
    return made


class CatalogueHook(BuildHookInterface):  # type: ignore[misc]  # hatchling ships no types
    """Compiles the catalogues before each wheel (and editable wheel) is built."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        if version == "editable":
            compile_catalogues(root, root / LOCALE)
            return
        self._compiled = Path(tempfile.mkdtemp(prefix="driehoek-mo-"))
        for relative in compile_catalogues(root, self._compiled):
            source = str(self._compiled / relative)
            build_data["force_include"][source] = f"{IN_PACKAGE}/{relative.as_posix()}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        compiled = getattr(self, "_compiled", None)
        if compiled is not None:
            shutil.rmtree(compiled, ignore_errors=True)
