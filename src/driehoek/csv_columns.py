"""Which column of a school's CSV export holds which field: found by header name.

School systems (Eduarte, Magister, Somtoday) and spreadsheets name their columns each in
their own way, in Dutch or English. A header is compared without case, spaces, dots, dashes
and underscores (`Uren per week`, `uren_per_week` and `URENPERWEEK` are one name); names
this table does not know can be mapped with a small TOML file (`--map`), e.g.

    "Naam deelnemer" = "name"
    "BPV-bedrijf" = "organisation"
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from driehoek.toml_words import TomlProblem, toml_problem

FIELDS: Mapping[str, tuple[str, ...]] = {
    "student_number": ("studentnummer", "student number", "studentnr", "leerlingnummer",
                       "deelnemernummer", "student id", "studentid", "student no"),
    "name": ("naam", "name", "studentnaam", "student name", "student", "naam student",
             "deelnemer", "leerling"),
    "programme": ("opleiding", "programme", "program", "opleidingsnaam"),
    "crebo": ("crebo", "crebonummer", "crebo number", "crebo code"),
    "level": ("niveau", "level"),
    "cohort": ("cohort",),
    "pathway": ("leerweg", "pathway", "bol bbl"),
    "school": ("school", "locatie", "school location"),
    "organisation": ("leerbedrijf", "organisation", "organization", "bedrijf", "stagebedrijf",
                     "bpv bedrijf", "company", "workplace", "stageplaats"),
    "team": ("afdeling", "team", "department"),
    "recognition_number": ("erkenningsnummer", "recognition number", "leerbedrijf id",
                           "sbb nummer", "sbb number"),
    "workplace_address": ("adres", "address", "bezoekadres", "adres leerbedrijf"),
    "practice_supervisor": ("praktijkopleider", "practice supervisor", "werkbegeleider",
                            "supervisor"),
    "practice_supervisor_email": ("e-mail", "email", "e-mail praktijkopleider",
                                  "practice supervisor email", "supervisor email"),
    "practice_supervisor_phone": ("telefoon", "phone", "telefoon praktijkopleider",
                                  "practice supervisor phone", "supervisor phone"),
    "school_supervisor": ("stagebegeleider", "bpv begeleider", "school supervisor",
                          "loopbaanbegeleider"),
    "school_supervisor_email": ("e-mail stagebegeleider", "school supervisor email"),
    "school_supervisor_phone": ("telefoon stagebegeleider", "school supervisor phone"),
    "start": ("begindatum", "start", "startdatum", "start date", "begin", "van"),
    "end": ("einddatum", "end", "end date", "eind", "tot"),
    "hours_per_week": ("uren per week", "hours per week", "uren week"),
    "hours_total": ("uren totaal", "totaal uren", "hours total", "total hours", "uren"),
}  # fmt: skip
"""Each field driehoek reads, with the header names it is known by."""

REQUIRED = ("student_number", "name", "organisation")
"""Without these a row cannot say whose placement where: the file is refused."""

_NOISE = re.compile(r"[\s._\-/]+")


def header_key(header: str) -> str:
    """A header as compared: without case, spaces, dots, dashes, underscores and slashes."""
    return _NOISE.sub("", header).casefold()


_KNOWN = {header_key(alias): field for field, aliases in FIELDS.items() for alias in aliases}


class BadMap(ValueError):
    """A `--map` file that cannot be used; `what` names the problem, `detail` the value."""

    def __init__(self, what: str, detail: str = "", toml: TomlProblem | None = None) -> None:
        super().__init__(f"{what}: {detail}")
        self.what = what
        self.detail = detail
        self.toml = toml
        """What tomllib found, for the user's language (`toml_words`)."""


MAX_MAP_BYTES = 64 * 1024


def read_map(path: Path) -> dict[str, str]:
    """A `--map` file: `"header in the file" = "field"` lines (TOML).

    Raises:
        BadMap: Not TOML, too big, a value that is not text, or a field driehoek does not know.
        OSError: The file cannot be read.
    """
    with path.open("rb") as f:
        raw = f.read(MAX_MAP_BYTES + 1)
    if len(raw) > MAX_MAP_BYTES:
        raise BadMap("map_too_big")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise BadMap("map_not_utf8") from e
    except tomllib.TOMLDecodeError as e:
        raise BadMap("map_not_toml", toml=toml_problem(e)) from e
    mapping: dict[str, str] = {}
    for header, field in data.items():
        if not isinstance(field, str) or field not in FIELDS:
            shown = f'"{header}" = "{field}"' if isinstance(field, str) else f'"{header}"'
            raise BadMap("map_unknown_field", shown)
        mapping[header_key(header)] = field
    return mapping


@dataclass(frozen=True)
class Columns:
    """Per field, the index of its column in each row."""

    index: Mapping[str, int]
    missing: tuple[str, ...]
    """Required fields no column was found for."""


def find_columns(header: Sequence[str], mapping: Mapping[str, str] | None = None) -> Columns:
    """Which column holds which field; the first column of a name wins, unknown ones are left.

    A name in `mapping` (from `read_map`) goes before the built-in names.
    """
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        key = header_key(name.lstrip("\ufeff"))
        field = (mapping or {}).get(key) or _KNOWN.get(key)
        if field is not None and field not in index:
            index[field] = i
    return Columns(index, tuple(f for f in REQUIRED if f not in index))
