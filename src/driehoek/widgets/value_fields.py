"""One-line fields whose text must read as a value: a date, a whole number, an agreement's due
date or frequency. Text that does not read stays in the field, marked, and is not saved: the
step says what to type when the cursor leaves it (`StepView._input_left`)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from textual.validation import ValidationResult

from driehoek.dates import format_short, parse_date
from driehoek.domain import Ref
from driehoek.i18n import Catalogue
from driehoek.widgets.fields import TextField


class ReadField(TextField):
    """A field whose text must read as a value (a date, a number, a due date or frequency):
    text that does not stays in the field, marked `-invalid`, and is not saved."""

    def parsed(self) -> tuple[bool, Any]:
        """Whether the text reads as a value, and the value."""
        raise NotImplementedError

    def validate(self, value: str) -> ValidationResult | None:
        # Textual validates on every change and on blur and, with no validators, takes the
        # mark off: the mark is what this field's own reading of its text says, so a field
        # left with a bad date stays marked and the step says what to type.
        self.set_class(not self.parsed()[0], "-invalid")
        return None


class DateField(ReadField):
    """A date typed as `1-12-2026` or `2026-12-01`; empty means no date, unless required."""

    def __init__(
        self,
        ref: Ref,
        column: str,
        value: date | None,
        t: Catalogue,
        *,
        required: bool = False,
        label: str = "",
        inline: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        self.required = required
        text = format_short(value) if value else ""
        placeholder = t("field.date_placeholder")
        super().__init__(
            ref,
            column,
            text,
            placeholder=placeholder,
            label=label,
            inline=inline,
            id=id,
            classes=classes,
        )
        self.sent = value

    def stored(self, row: object) -> object:
        # A date the file holds but driehoek cannot read shows as an empty (invalid) field.
        if self.field_name in getattr(row, "invalid", ()):
            return None
        return super().stored(row)

    def show_value(self, value: object) -> None:
        day = value if isinstance(value, date) else None
        if day != self.parsed()[1] or not self.parsed()[0]:
            self.sent = day
            self.value = format_short(day) if day else ""
            self.remove_class("-invalid")

    def parsed(self) -> tuple[bool, date | None]:
        """Whether the text is a valid date (or empty, if allowed), and the date."""
        try:
            day = parse_date(self.value)
        except ValueError:
            return False, None
        return (day is not None or not self.required), day


_DATE_LIKE = re.compile(r"^[\d\s./-]+$")


class NumberField(ReadField):
    """A whole number within limits (a placement's cadence in months: 1 to 24)."""

    def __init__(
        self,
        ref: Ref,
        column: str,
        value: int,
        *,
        low: int = 1,
        high: int = 24,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        self.low, self.high = low, high  # before the text: setting it reads it (`validate`)
        super().__init__(ref, column, str(value), id=id, classes=classes)
        self.sent = value

    def parsed(self) -> tuple[bool, int | None]:
        """Whether the text is a number within the limits, and the number."""
        text = self.value.strip()
        if not text.isdigit() or not self.low <= int(text) <= self.high:
            return False, None
        return True, int(text)

    def show_value(self, value: object) -> None:
        if isinstance(value, int) and value != self.parsed()[1]:
            self.sent = value
            self.value = str(value)


class WhenField(ReadField):
    """An agreement's due date or frequency in one field: a date if it looks like one."""

    def __init__(
        self, ref: Ref, value: str, *, placeholder: str = "", classes: str | None = None
    ) -> None:
        super().__init__(ref, "when", value, placeholder=placeholder, classes=classes)
        self.sent = self.parsed()[1]

    def stored(self, row: object) -> object:
        due = getattr(row, "due", None)
        return {"due": due, "frequency": "" if due else str(getattr(row, "frequency", ""))}

    def show_value(self, value: object) -> None:
        columns = value if isinstance(value, dict) else {}
        due, frequency = columns.get("due"), str(columns.get("frequency", ""))
        text = format_short(due) if isinstance(due, date) else frequency
        if text != self.value:
            self.value = text
            self.sent = self.parsed()[1]
            self.remove_class("-invalid")

    def parsed(self) -> tuple[bool, dict[str, object]]:
        """Whether the text is usable, and the columns it sets (`due` and `frequency`)."""
        text = self.value.strip()
        if text and _DATE_LIKE.match(text):
            try:
                return True, {"due": parse_date(text), "frequency": ""}
            except ValueError:
                return False, {}
        return True, {"due": None, "frequency": text}
