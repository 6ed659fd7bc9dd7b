"""The demo's programme with its own template: nursing (Verpleegkunde), whose school words the
meeting for the ward. One intake of a nursing student, still being written, shows it: the
factor questions, the hints, the pressures and the kinds of support in the school's words, one
of the school's own questions answered, and its minutes name the template. Added after the
rest of the demo, so every other row keeps its id. Every name is made up."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from driehoek import template_store
from driehoek.domain import Factor, FactorStatus, Part, Party, Pressure, Ref, SupportKind
from driehoek.store import Store
from driehoek.template_file import parse

PROGRAMME = "Verpleegkunde"
STUDENT = "Lotte Brouwer"

TEMPLATE = Path(__file__).parent / "demo_template.toml"
"""The template as a school would write it (beside this module, in the package)."""


def seed_template(store: Store) -> int:
    """Store the nursing template and start one nursing student's intake, half written;
    returns the intake's id."""
    source = TEMPLATE.read_text(encoding="utf-8")
    template_store.add(store, parse(source), source)
    today = store.today()
    meeting_id = store.new_intake(STUDENT, "Ziekenhuis Rivierenland", day=today - timedelta(days=3))
    p = store.meeting(meeting_id).placement
    store.edit(
        Ref(Part.PLACEMENT, p.id),
        p.version,
        {"team": "Afdeling Interne Geneeskunde", "programme": PROGRAMME},
    )
    m = store.meeting(meeting_id)
    names = {Party.WORKPLACE: "Ilse de Groot", Party.SCHOOL: "Marco Veenstra"}
    for person in m.participants:
        if person.party in names:
            store.update_participant(person.id, person.version, name=names[person.party])
    goal = store.add_goal(meeting_id)
    store.update_goal(goal.id, goal.version, "Zelfstandig een overdracht geven")
    store.update_factor(meeting_id, Factor.INVOLVEMENT, 1, status=FactorStatus.PRESENT)
    store.update_factor(meeting_id, Factor.SUPPORT, 1, status=FactorStatus.REALISABLE)
    version = store.meeting(meeting_id).version
    # The school's own question, answered (the template asks it in the learning step).
    answer = "Injecteren en medicatie delen, steeds samen met haar werkbegeleider."
    store.update_meeting(
        meeting_id,
        version,
        pressures={Pressure.SICK_LEAVE},
        extra_answers={"voorbehouden_handelingen": answer},
    )
    item = store.add_support(meeting_id, SupportKind.VISIT)
    store.update_support(item.id, item.version, text="In week 5, bij een avonddienst")
    return meeting_id
