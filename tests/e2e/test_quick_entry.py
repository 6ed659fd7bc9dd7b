"""Quick entry at a real 80x24 terminal: the four everyday tasks, counted in keystrokes.

The real program runs in tmux on the demo data, once with `TERM=xterm-256color` and once with
`TERM=xterm` (16 colours, PuTTY's default). Each task starts from a freshly started program on
its home screen, is done with keys only, as a coordinator would, and ends with `ctrl+q`; its
result is then looked up in the database or on disk. Every key sent is counted: a named key
(`ctrl+t`, `Enter`, `Space`) is one keystroke, and so is every letter of text typed. Starting
`driehoek` at the shell prompt is not counted. The counts are written to `keystrokes.txt` in
the test's folder and printed; README.md ("Quick entry") shows them.

Another test sends two of the tasks' keys in one burst, as a laggy link delivers them: ctrl+q
must still save what the keys before it did. The last checks that a painted, idle program
writes nothing to the terminal: no blinking cursor and no polling shows up as traffic over a
slow SSH link.
"""

from __future__ import annotations

import re
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from driehoek import logbook
from driehoek.database import open_database
from driehoek.demo import seed_demo
from driehoek.domain import AgreementStatus, Disposition, Meeting, MeetingKind
from driehoek.minutes import render_minutes
from driehoek.minutes_files import default_filename
from driehoek.planning import due
from driehoek.store import Store

from .flows import T, Terminals, driehoek_command, stored, wait_for_home
from .tmux import PaneExit, TmuxSession

pytestmark = pytest.mark.e2e

TERMS = ["xterm-256color", "xterm"]
STUDENT = "Anouk de Wit"
SEARCH = "ano"
"""A few letters of the student's name: the only demo placement they find."""
OTHER_STUDENTS = ("Noor Bakker", "Fleur Hoekstra", "Sem Verbeek")
NOTE = "Rooster is rond"
EXTENDED_COLOUR = re.compile(rb"\x1b\[([0-9;:]*)m")
IDLE_SECONDS = 4.0
"""How long an idle program is watched: longer than the meeting's two-second poll."""


@dataclass
class Keyboard:
    """Sends keys to the program and counts them, one per named key and per letter typed."""

    app: TmuxSession
    count: int = 0
    sent: list[str] = field(default_factory=list)

    def type(self, text: str) -> None:
        self.app.type(text)
        self.count += len(text)
        self.sent.append(repr(text))

    def keys(self, *names: str) -> None:
        self.app.keys(*names)
        self.count += len(names)
        self.sent.extend(names)


def demo_database(path: Path) -> Path:
    """A new database holding the demo placements, dated around today."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(path)
    try:
        seed_demo(Store(db, clock=lambda: datetime.now(UTC), user="e2e"))
    finally:
        db.close()
    return path


def exports_of(folder: Path) -> Path:
    """Where the session run in `folder` exports to: the default exports folder in its data
    folder (`start` gives each task a data folder of its own)."""
    return folder / "data" / "driehoek" / "exports"


def start(terminals: Terminals, folder: Path, db_path: Path, term: str) -> TmuxSession:
    """driehoek on `db_path`, run in `folder`, in a terminal of type `term`, with a data folder
    of its own (where an export lands: `exports_of`); every byte it writes, from the first, is
    recorded in `folder/terminal.bytes`."""
    go = folder / "go"
    script = 'cd "$1" && while [ ! -e "$2" ]; do sleep 0.02; done && shift 2 && exec "$@"'
    argv = ["sh", "-c", script, "sh", str(folder), str(go), *driehoek_command()]
    env = {"TERM": term, "XDG_DATA_HOME": str(folder / "data")}
    app = terminals.run([*argv, "--db", str(db_path)], env=env)
    app.record(folder / "terminal.bytes")
    go.touch()
    wait_for_home(app)
    return app


def find_student(keyboard: Keyboard) -> None:
    """Type a few letters of the name, and wait until the list shows only her placement."""
    app = keyboard.app
    keyboard.type(SEARCH)
    app.wait_until(
        lambda: STUDENT in (s := app.screen()) and not any(o in s for o in OTHER_STUDENTS),
        f"the search to find only {STUDENT}",
    )


def quit_app(keyboard: Keyboard) -> None:
    keyboard.keys("C-q")
    assert keyboard.app.wait_for_exit() == PaneExit(status=0, signal=None)


def placement_meetings(db_path: Path) -> list[tuple[int, MeetingKind]]:
    """The student's meetings, oldest first: (id, kind)."""
    with stored(db_path) as store:
        ids = [m.id for m in store.meetings() if m.student == STUDENT]
        return sorted((i, store.meeting(i).kind) for i in ids)


def note_between(keyboard: Keyboard, folder: Path, db_path: Path) -> None:
    """(a) ctrl+t on the list: her intake is signed by all three, so the note goes into her
    placement's log between meetings (the cursor in its text), never into the signed minutes;
    Enter writes it."""
    app = keyboard.app
    find_student(keyboard)
    before = signed_intake(db_path)
    keyboard.keys("C-t")
    app.wait_for(T("log.note"))
    keyboard.type(NOTE)
    app.wait_for(NOTE)
    keyboard.keys("Enter")
    app.wait_for(T("log.saved_note", date="")[:14])  # "In het logboek"
    quit_app(keyboard)
    assert logged(db_path) == [NOTE]
    assert signed_intake(db_path) == before


def signed_intake(db_path: Path) -> Meeting:
    """Her intake, which all three signed."""
    (intake, _kind), *_ = placement_meetings(db_path)
    with stored(db_path) as store:
        meeting = store.meeting(intake)
    assert meeting.closed
    return meeting


def logged(db_path: Path) -> list[str]:
    """The texts in her placement's log between meetings."""
    (intake, _kind), *_ = placement_meetings(db_path)
    with stored(db_path) as store:
        placement_id = store.meeting(intake).placement.id
        return [e.text for e in logbook.entries(store.db, placement_id)]


def mark_done(keyboard: Keyboard, folder: Path, db_path: Path) -> None:
    """(b) ctrl+e starts an evaluation at its open agreements; Space: the first one is done."""
    app = keyboard.app
    find_student(keyboard)
    keyboard.keys("C-e")
    app.wait_for(T("step_title.open_agreements"))
    keyboard.keys("Space")
    app.wait_for(f"‹{T('disposition.done')}›")  # the field, not the hint above it
    quit_app(keyboard)
    (intake, _), (evaluation, kind) = placement_meetings(db_path)
    assert kind is MeetingKind.EVALUATION
    with stored(db_path) as store:
        first = store.meeting(evaluation).reviews[0]
        assert first.disposition is Disposition.DONE
        agreement = next(a for a in store.meeting(intake).agreements if a.id == first.agreement.id)
        assert agreement.status is AgreementStatus.DONE


def start_evaluation(keyboard: Keyboard, folder: Path, db_path: Path) -> None:
    """(c) ctrl+e opens a quarterly evaluation of her placement, ready with her agreements;
    quitting without writing anything in it leaves nothing behind: no meeting, the same plan."""
    with stored(db_path) as store:
        before = (placement_meetings(db_path), due(store, weeks=52))
    find_student(keyboard)
    keyboard.keys("C-e")
    keyboard.app.wait_for(T("step_title.open_agreements"))
    quit_app(keyboard)
    with stored(db_path) as store:
        assert (placement_meetings(db_path), due(store, weeks=52)) == before
    assert [kind for _, kind in before[0]] == [MeetingKind.INTAKE]


def export_minutes(keyboard: Keyboard, folder: Path, db_path: Path) -> None:
    """(d) Enter opens her latest meeting; ctrl+s proposes a name in the exports folder;
    Enter writes it."""
    app = keyboard.app
    find_student(keyboard)
    keyboard.keys("Enter")
    app.wait_for(STUDENT + " · ")  # the meeting's heading
    keyboard.keys("C-s")
    app.wait_for(T("export.title"))
    keyboard.keys("Enter")
    exports = exports_of(folder)
    app.wait_until(lambda: any(exports.glob("*.md")), "the exported minutes")
    quit_app(keyboard)
    latest, _kind = placement_meetings(db_path)[-1]
    with stored(db_path) as store:
        meeting = store.meeting(latest)
    written = exports / default_filename(meeting, "nl")
    assert [p.name for p in exports.glob("*.md")] == [written.name]
    assert not any(folder.glob("*.md")), "an export in the working folder"
    assert written.read_text(encoding="utf-8") == render_minutes(meeting, "nl")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600


Task = Callable[[Keyboard, Path, Path], None]
TASKS: list[tuple[str, str, Task]] = [
    ("note between meetings", f"`{SEARCH}` Ctrl+T text Enter Ctrl+Q", note_between),
    ("mark an agreement done", f"`{SEARCH}` Ctrl+E Space Ctrl+Q", mark_done),
    ("open an evaluation, leave it unwritten", f"`{SEARCH}` Ctrl+E Ctrl+Q", start_evaluation),
    ("export the last minutes", f"`{SEARCH}` Enter Ctrl+S Enter Ctrl+Q", export_minutes),
]


README = Path(__file__).resolve().parents[2] / "README.md"


def readme_counts() -> dict[str, int]:
    """The counts README.md's "Quick entry" table shows: the last number in each row."""
    section = README.read_text(encoding="utf-8").split("### Quick entry", 1)[1]
    rows = [line for line in section.split("###", 1)[0].splitlines() if line.startswith("| ")]
    cells = [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]
    return {task: int(re.findall(r"\d+", count)[-1]) for task, _keys, count in cells}


def extended_colours(output: bytes) -> list[bytes]:
    """The SGR sequences in `output` that set a 256-colour or truecolor colour."""
    found = []
    for match in EXTENDED_COLOUR.finditer(output):
        params = re.split(rb"[;:]", match.group(1))
        for i, param in enumerate(params[:-1]):
            if param in (b"38", b"48") and params[i + 1] in (b"5", b"2"):
                found.append(match.group(0))
                break
    return found


@pytest.mark.parametrize("term", TERMS)
def test_everyday_tasks_take_few_keystrokes(
    terminals: Terminals, tmp_path: Path, term: str
) -> None:
    lines = [f"TERM={term} (a named key is one keystroke, and so is each letter typed)"]
    counts: dict[str, int] = {}
    recordings: list[Path] = []
    for n, (task, keys, run) in enumerate(TASKS, start=1):
        folder = tmp_path / f"task-{n}"
        db_path = demo_database(folder / "demo.db")
        keyboard = Keyboard(start(terminals, folder, db_path, term))
        try:
            run(keyboard, folder, db_path)
        finally:
            keyboard.app.close()
        counts[task] = keyboard.count
        recordings.append(folder / "terminal.bytes")
        lines.append(f"{task:<24} {keyboard.count:>3}  {keys}  [{' '.join(keyboard.sent)}]")
    report = "\n".join(lines) + "\n"
    (tmp_path / "keystrokes.txt").write_text(report, encoding="utf-8")
    print(report)

    assert counts == {
        "note between meetings": len(SEARCH) + 1 + len(NOTE) + 2,
        "mark an agreement done": len(SEARCH) + 3,
        "open an evaluation, leave it unwritten": len(SEARCH) + 2,
        "export the last minutes": len(SEARCH) + 4,
    }
    assert readme_counts() == counts, "README.md's Quick entry table is out of date"
    for recording in recordings:
        output = recording.read_bytes()
        assert b"\x1b[" in output, f"nothing recorded in {recording}"
        if term == "xterm":  # 16 colours: nothing beyond the standard and bright colours
            assert extended_colours(output) == []
        else:
            assert extended_colours(output), "256 colours expected with xterm-256color"


BURSTS: dict[str, tuple[str | tuple[str, ...], ...]] = {
    "text": (SEARCH, ("C-t",), NOTE, ("Enter", "C-q")),
    "choice": (SEARCH, ("C-e",), ("Space",), ("C-q",)),
}


@pytest.mark.parametrize("what", list(BURSTS))
def test_keys_sent_ahead_of_ctrl_q_are_saved(
    terminals: Terminals, tmp_path: Path, what: str
) -> None:
    """The same tasks in one burst, as a laggy link delivers them: ctrl+q saves everything."""
    db_path = demo_database(tmp_path / "demo.db")
    app = start(terminals, tmp_path, db_path, TERMS[0])
    app.burst(*BURSTS[what])
    assert app.wait_for_exit() == PaneExit(status=0, signal=None)
    if what == "text":
        assert logged(db_path) == [NOTE]
        return
    latest, _kind = placement_meetings(db_path)[-1]
    with stored(db_path) as store:
        assert store.meeting(latest).reviews[0].disposition is Disposition.DONE


def quiet_size(path: Path, *, settle: float = 1.0, limit: float = 15.0) -> int:
    """The recording's size once it stopped growing for `settle` seconds (at most `limit`)."""
    deadline = time.monotonic() + limit
    size = path.stat().st_size
    while time.monotonic() < deadline:
        time.sleep(settle)
        now = path.stat().st_size
        if now == size:
            break
        size = now
    return size


def idle_bytes(recording: Path) -> int:
    """Bytes written while nobody types, over IDLE_SECONDS, once the screen is painted."""
    before = quiet_size(recording)
    time.sleep(IDLE_SECONDS)  # waiting is the point: an idle program must stay silent
    return recording.stat().st_size - before


@pytest.mark.parametrize("term", TERMS)
def test_an_idle_program_writes_nothing(terminals: Terminals, tmp_path: Path, term: str) -> None:
    db_path = demo_database(tmp_path / "demo.db")
    recording = tmp_path / "terminal.bytes"
    keyboard = Keyboard(start(terminals, tmp_path, db_path, term))
    app = keyboard.app

    at_home = idle_bytes(recording)  # the cursor in the search field
    find_student(keyboard)
    keyboard.keys("C-e")
    app.wait_for(T("step_title.open_agreements"))
    in_meeting = idle_bytes(recording)  # the cursor in a new evaluation; polls run
    print(f"TERM={term}: idle bytes over {IDLE_SECONDS:g} s: home {at_home}, meeting {in_meeting}")

    assert (at_home, in_meeting) == (0, 0)
    quit_app(keyboard)
