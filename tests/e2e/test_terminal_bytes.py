"""Hostile text from another coordinator never reaches the terminal as a command.

Arbitrary text (control characters, escape sequences, markup, Markdown, long runs) is stored in
every field of a meeting, as another session's text arrives: through the store. Then the real
program shows that meeting in tmux, every byte it writes recorded, while we step through all
seven steps and the minutes preview. The program keeps running, and the recording holds none
of the data's own escape sequences. The exported minutes parse into the same structure as the
minutes of plain text, each field's text intact.

A second test writes the text into the file without the store's cleaning (as an older version
or another tool could have), for the cleaning the issue asks "again before display and export".
"""

from __future__ import annotations

import subprocess
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from bad_rows import past_the_lock
from driehoek.database import open_database
from driehoek.domain import Decision, Factor, FactorStatus, Party, SupportKind
from driehoek.store import Store
from driehoek.text import clean_line, clean_text

from .flows import INTAKE_STEPS, T, Terminals, driehoek_command, go_to_step, step_heading
from .tmux import PaneExit, clean_env

pytestmark = pytest.mark.e2e

MARK = "Zq"
"""Follows every escape sequence in the data: ESC + sequence + MARK can only come from it."""

ESCAPES = {
    # Each sequence, and the bytes that only it can put in the output (it is followed by MARK).
    "\x1b[2J\x1b[H": [b"\x1b[2J\x1b[H" + MARK.encode(), b"\x1b[H" + MARK.encode()],  # clear
    "\x1b]52;c;aGk=\x1b\\": [b"\x1b]52;c;aGk="],  # write "hi" to the clipboard (OSC 52)
    "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\": [b"\x1b]8;;http://x"],  # a hyperlink
    "\x1b]0;titel\x07": [b"\x1b]0;titel"],  # retitle the window
    "\x9b31m": [b"\xc2\x9b"],  # C1 CSI: red
    "\x1bc": [b"\x1bc" + MARK.encode()],  # full reset
    "\x1bP+q544e\x1b\\": [b"\x1bP+q544e"],  # DCS: ask the terminal something
}
ALWAYS = {"\x9b": b"\xc2\x9b", "\u202e": b"\xe2\x80\xae"}
"""Characters whose bytes driehoek's own output never contains."""

ODD = [
    "\u202e",  # right-to-left override
    "[@click=app.quit]x[/]",
    "[/]",
    "[bold red]",
    "# kop",
    "| a | b |",
    "* ",
    "1. ",
    "> ",
    "```",
    "<b>vet</b>",
    "&amp;",
    "\\",
    "---",
    "_x_",
    "\r\n",
    "\t",
    "\x00\x07\x08\x7f",
    "👩\u200d🎓 Ĳsbrand é",
    "مرحبا",
]

fragment = st.one_of(
    st.sampled_from(list(ESCAPES)).map(lambda e: e + MARK),
    st.sampled_from(ODD),
    st.text(st.characters(codec="utf-8"), max_size=12),
    st.integers(200, 1500).map(lambda n: "lang " * n),
)
hostile = st.lists(fragment, min_size=2, max_size=8).map(
    lambda parts: f"Tekst{MARK} " + "".join(parts) + f" \x1b]52;c;aGk=\x1b\\{MARK} einde"
)

MD = MarkdownIt("js-default")
PLAIN = "Gewone tekst"


def fill_every_field(store: Store, text: str) -> int:
    """A meeting whose every text field holds `text`, written through the store."""
    meeting_id = store.new_intake(text, text)
    m = store.meeting(meeting_id)
    store.update_placement(m.placement.id, m.placement.version, team=text, programme=text)
    for person in m.participants:
        store.update_participant(person.id, person.version, name=text, role=text)
    goal = store.add_goal(meeting_id)
    store.update_goal(goal.id, goal.version, text)
    version = store.update_meeting(meeting_id, m.version, learning_note=text, pressures_note=text)
    for factor in Factor:
        store.update_factor(meeting_id, factor, 1, status=FactorStatus.ABSENT, note=text)
    item = store.add_support(meeting_id, SupportKind.OTHER)
    store.update_support(item.id, item.version, text=text)
    for owner in Party:
        agreement = store.add_agreement(meeting_id, owner=owner, text=text)
        store.update_agreement(agreement.id, agreement.version, frequency=text)
    store.update_meeting(
        meeting_id, version, decision=Decision.SUITABLE_WITH_CONDITIONS, decision_reasons=text
    )
    for party in Party:
        store.sign(meeting_id, party, text)
    return meeting_id


RAW_COLUMNS = {
    "students": ["name"],
    "organisations": ["name"],
    "placements": ["team", "programme"],
    "participants": ["name", "role"],
    "goals": ["text"],
    "meetings": ["learning_note", "pressures_note", "decision_reasons"],
    "factors": ["note"],
    "support": ["text"],
    "agreements": ["text", "frequency"],
    "sign_offs": ["name"],
}


def write_raw(store: Store, text: str) -> None:
    """Put `text` into every text column as it is, past the store's cleaning (and past the
    lock on signed minutes, as a hand edit with `sqlite3` can)."""
    with store.transaction(), past_the_lock(store.db.conn):
        for table, columns in RAW_COLUMNS.items():
            sets = ", ".join(f"[{c}] = :t" for c in columns)
            store.db.execute(f"UPDATE [{table}] SET {sets}", {"t": text})


def new_database(folder: Path, text: str, *, raw: bool = False) -> tuple[Path, int]:
    folder.mkdir(parents=True)
    path = folder / "gesprekken.db"
    db = open_database(path)
    try:
        store = Store(db, clock=lambda: datetime.now(UTC), user="ander")
        meeting_id = fill_every_field(store, PLAIN if raw else text)
        if raw:
            write_raw(store, text)
    finally:
        db.close()
    return path, meeting_id


PREVIEW_KEY = f"esc {T('key.close')}"
MEETING_KEY = f"^n {T('key.next_step')}"


def show_everything(terminals: Terminals, db_path: Path, recording: Path) -> str | None:
    """Run driehoek on `db_path`, recorded from its first byte; visit every step and the
    minutes preview, then quit. Returns what went wrong on the way, or None."""
    go = recording.with_suffix(".go")
    wait = f"while [ ! -e '{go}' ]; do sleep 0.02; done; exec \"$@\""
    app = terminals.run(["sh", "-c", wait, "sh", *driehoek_command(), "--db", str(db_path)])
    try:
        app.record(recording)
        go.touch()
        app.wait_for(T("home.placements"))
        app.keys("Enter")
        headings = [step_heading(step) for step in INTAKE_STEPS]
        app.wait_until(lambda: any(h in app.screen() for h in headings), "the meeting screen")
        for step in INTAKE_STEPS:
            go_to_step(app, step)
        # The preview's footer offers Escape; the meeting's offers ^n. A long text takes a while.
        app.keys("C-r")
        app.wait_until(lambda: PREVIEW_KEY in app.screen(), "the minutes preview", timeout=60)
        for _ in range(6):
            app.keys("PageDown")
        app.keys("Escape")
        app.wait_until(lambda: PREVIEW_KEY not in app.screen(), "the preview to close", 60)
        app.wait_for(MEETING_KEY)
        app.keys("C-l")
        app.wait_for(T("home.placements"))
        app.keys("C-q")
        ended = app.wait_for_exit()
        if ended != PaneExit(status=0, signal=None):
            return f"driehoek ended with {ended} after C-q\n{app.describe()}"
        # tmux hands the output to the recorder (`cat`) in its own time, and closing tmux may
        # lose what it has not handed on yet: wait until the recording has the program's last
        # write (leaving the alternate screen), so the overview drawn last is checked too.
        app.wait_until(
            lambda: b"\x1b[?1049l" in recording.read_bytes(), "the whole output recorded"
        )
        return None
    except AssertionError as e:  # a wait failed: the bytes are checked first all the same
        return str(e)
    finally:
        app.close()


def data_sequences_in(output: bytes, text: str) -> list[bytes]:
    """The data's own escape sequences (and C1, bidi characters) that reached the terminal."""
    needles = [n for seq, ns in ESCAPES.items() if seq in text for n in ns]
    needles += [n for char, n in ALWAYS.items() if char in text]
    return [n for n in needles if n in output]


def export(terminals: Terminals, db_path: Path, meeting_id: int) -> str:
    result = subprocess.run(
        [*driehoek_command(), "export", str(meeting_id), "--db", str(db_path)],
        capture_output=True,
        env=clean_env(terminals.home),
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, b"")
    return result.stdout.decode("utf-8")


def blocks(tokens: list[Token]) -> list[tuple[str, str, int]]:
    return [(t.type, t.tag, t.nesting) for t in tokens]


def visible(token: Token) -> str:
    """An inline token's text, line breaks as newlines, each line's spaces squeezed;
    anything but text and line breaks in it fails the test (user text became structure)."""
    children = token.children or []
    kinds = {c.type for c in children}
    assert kinds <= {"text", "softbreak", "hardbreak"}, (kinds, token.content)
    raw = "".join(c.content if c.type == "text" else "\n" for c in children)
    return "\n".join(" ".join(line.split()) for line in raw.splitlines() if line.strip())


def check_minutes(minutes: str, plain_minutes: str, text: str) -> None:
    """Same structure as the plain minutes; where plain text stood, this text, intact."""
    assert not [c for c in minutes if unicodedata.category(c) == "Cc" and c != "\n"]
    tokens, plain_tokens = MD.parse(minutes), MD.parse(plain_minutes)
    assert blocks(tokens) == blocks(plain_tokens)
    one_line = " ".join(clean_line(text).split())
    paragraph = "\n".join(" ".join(x.split()) for x in clean_text(text).splitlines() if x.strip())
    for token, plain in zip(tokens, plain_tokens, strict=True):
        if token.type != "inline":
            continue
        shown, template = visible(token), visible(plain)
        if PLAIN not in template:
            assert shown == template
        else:
            assert shown in (template.replace(PLAIN, one_line), template.replace(PLAIN, paragraph))


def plain_minutes(terminals: Terminals, folder: Path) -> str:
    path, meeting_id = new_database(folder, PLAIN)
    return export(terminals, path, meeting_id)


@pytest.fixture
def plain_export(terminals: Terminals, tmp_path: Path) -> str:
    """The minutes of the same meeting with plain text in every field."""
    return plain_minutes(terminals, tmp_path / "plain")


@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    phases=(Phase.explicit, Phase.generate),  # shrinking would rerun the program for minutes
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(text=hostile)
@example(text=f"Tekst{MARK} " + "".join(e + MARK for e in ESCAPES) + "".join(ODD))
@example(text=f"Lang{MARK} \x1b[2J\x1b[H{MARK} " + "woord " * 3_400)
def test_stored_text_never_reaches_the_terminal_as_a_command(
    terminals: Terminals, tmp_path: Path, plain_export: str, text: str
) -> None:
    folder = tmp_path / f"voorbeeld-{len(list(tmp_path.iterdir()))}"
    db_path, meeting_id = new_database(folder, text)
    recording = folder / "terminal.bytes"

    trouble = show_everything(terminals, db_path, recording)

    output = recording.read_bytes()
    assert len(output) > 1000, "nothing recorded"
    assert data_sequences_in(output, text) == []
    assert trouble is None, trouble
    check_minutes(export(terminals, db_path, meeting_id), plain_export, text)


RAW = f"Rauw{MARK} " + "".join(e + MARK for e in ESCAPES) + "\u202e omgekeerd [/] einde"


def test_text_written_past_the_store_is_cleaned_before_display_and_export(
    terminals: Terminals, tmp_path: Path, plain_export: str
) -> None:
    db_path, meeting_id = new_database(tmp_path / "rauw", RAW, raw=True)
    recording = tmp_path / "rauw" / "terminal.bytes"

    trouble = show_everything(terminals, db_path, recording)

    output = recording.read_bytes()
    assert data_sequences_in(output, RAW) == []
    assert trouble is None, trouble
    check_minutes(export(terminals, db_path, meeting_id), plain_export, RAW)
