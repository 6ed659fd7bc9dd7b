"""The fields of supervision time (issue 13.3): the time a supervision agreement promises,
typed as "60/1" or "30 min every 2 weeks", and the minutes given since the previous meeting,
typed at an evaluation. What they mean is `supervision_time`'s; these only show and read it.

Text that cannot be used stays in the field, marked, and is not saved: the step tells what to
type when the cursor leaves it (`problem`), and nothing stored is lost.
"""

from __future__ import annotations

from driehoek.domain import Promise, Ref
from driehoek.supervision_time import TimeError, parse_given, parse_promise, promise_text
from driehoek.widgets.value_fields import ReadField


class TimeField(ReadField):
    """A field of supervision time; `parsed` gives the columns it sets, or why it cannot."""

    problem: str = ""
    """The last reason the text could not be used (`supervision.<problem>`), if any."""

    def parsed(self) -> tuple[bool, dict[str, object]]:
        """Whether the text can be saved, and the columns it sets."""
        try:
            columns = self._columns(self.value)
        except TimeError as error:
            self.problem = error.key
            return False, {}
        self.problem = ""
        return True, columns

    def _columns(self, text: str) -> dict[str, object]:
        raise NotImplementedError

    def show_value(self, value: object) -> None:
        columns = value if isinstance(value, dict) else {}
        if self.has_class("-invalid") and columns == self.sent:
            return  # the store still holds what it did: the text to put right stays
        if columns != self.parsed()[1] or self.has_class("-invalid"):
            self.sent = columns
            self.value = self._text(columns)
            self.remove_class("-invalid")

    def _text(self, columns: dict[str, object]) -> str:
        raise NotImplementedError


class PromiseField(TimeField):
    """The time a supervision agreement promises: minutes every so many weeks."""

    def __init__(
        self,
        ref: Ref,
        promise: Promise | None,
        *,
        placeholder: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(
            ref, "promise", promise_text(promise), placeholder=placeholder, id=id, classes=classes
        )
        self.sent = self.parsed()[1]

    def stored(self, row: object) -> object:
        promise = getattr(row, "promise", None)
        return {
            "promised_minutes": promise.minutes if promise else None,
            "promised_weeks": promise.weeks if promise else None,
        }

    def _columns(self, text: str) -> dict[str, object]:
        promise = parse_promise(text)
        return {
            "promised_minutes": promise.minutes if promise else None,
            "promised_weeks": promise.weeks if promise else None,
        }

    def _text(self, columns: dict[str, object]) -> str:
        minutes, weeks = columns.get("promised_minutes"), columns.get("promised_weeks")
        if isinstance(minutes, int) and isinstance(weeks, int):
            return promise_text(Promise(minutes, weeks))
        return ""


class GivenField(TimeField):
    """The supervision minutes given since the previous meeting (an estimate)."""

    def __init__(
        self,
        ref: Ref,
        minutes: int | None,
        *,
        placeholder: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        text = "" if minutes is None else str(minutes)
        super().__init__(
            ref, "supervision_minutes", text, placeholder=placeholder, id=id, classes=classes
        )
        self.sent = self.parsed()[1]

    def stored(self, row: object) -> object:
        return {"supervision_minutes": getattr(row, "supervision_minutes", None)}

    def _columns(self, text: str) -> dict[str, object]:
        return {"supervision_minutes": parse_given(text)}

    def _text(self, columns: dict[str, object]) -> str:
        minutes = columns.get("supervision_minutes")
        return str(minutes) if isinstance(minutes, int) else ""
