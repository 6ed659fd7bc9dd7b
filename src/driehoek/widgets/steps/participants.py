"""Step 1: who is at the table, and which placement this is."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Label

from driehoek.domain import Part, Participant, Party, Pathway, Ref
from driehoek.flow import Need, Step
from driehoek.widgets.fields import ChoiceField, TextField
from driehoek.widgets.labelled import FormText
from driehoek.widgets.steps.base import StepView
from driehoek.widgets.value_fields import DateField


class ParticipantsStep(StepView):
    """The placement's details, the meeting's date and the people at the table."""

    step = Step.PARTICIPANTS
    listed_part = Part.PARTICIPANT
    says_empty = False

    def compose(self) -> ComposeResult:
        t, m = self.t, self.meeting
        p = m.placement
        placement = Ref(Part.PLACEMENT, p.id)
        # A row's label is drawn by its field (`widgets.labelled`): a row of one field is that
        # one widget, a row of two fields is the two in a Horizontal (issue 14).
        yield FormText(t("field.organisation"), Content(p.organisation))
        yield TextField(placement, "team", p.team, label=t("field.team"), id="placement-team")
        with Horizontal(classes="form-row"):
            programme = t("field.example", example=t("field.programme_example"))
            yield TextField(
                placement,
                "programme",
                p.programme,
                placeholder=programme,
                label=t("field.programme"),
                id="placement-programme",
            )
            yield ChoiceField(
                placement,
                "pathway",
                Pathway,
                p.pathway,
                t,
                label=t("field.pathway"),
                inline=True,
                id="placement-pathway",
            )
        with Horizontal(classes="form-row"):
            yield DateField(
                placement, "start", p.start, t, label=t("field.start"), id="placement-start"
            )
            yield DateField(
                placement, "end", p.end, t, label=t("field.end"), inline=True, id="placement-end"
            )
        with Horizontal(classes="form-row"):
            yield DateField(
                Ref(Part.MEETING, m.id),
                "date",
                m.day,
                t,
                required=True,
                label=t("field.meeting_date"),
                id="meeting-date",
            )
            # The rest of what a school files is in a form of its own, one key away.
            yield Label(t("record.in_step"), classes="form-label-inline", id="record-key")
        yield Label(t("minutes.participants"), classes="section-title")
        with Horizontal(classes="table-head"):
            yield Label(t("field.party"), classes="col-party")
            yield Label(t("field.name"), classes="col-name")
            yield Label(t("field.role"), classes="col-role")
        yield from self.compose_lines()

    def line(self, number: int, row: Participant) -> Iterable[Widget]:
        t, ref = self.t, Ref(Part.PARTICIPANT, row.id)
        yield Horizontal(
            ChoiceField(ref, "party", Party, row.party, t, classes="col-party"),
            TextField(ref, "name", row.name, classes="col-name"),
            TextField(
                ref,
                "role",
                row.role,
                placeholder=t("field.example", example=t(f"role.{row.party}")),
                classes="col-role",
            ),
            classes="table-row",
        )

    def field_for(self, need: Need) -> Widget | None:
        if need.key == "need.programme":
            return self.query_one("#placement-programme")
        names = self.bound(Part.PARTICIPANT, "name")
        for party in Party:
            if need.key == f"need.participant.{party}":
                theirs = [w for w in names if self._party_of(w) is party]
                return self.first_empty(theirs) or self.first_empty(names)
        return None

    def _party_of(self, field: Widget) -> Party | None:
        row = self.meeting.row(field.ref) if isinstance(field, TextField) else None
        return row.party if isinstance(row, Participant) else None
