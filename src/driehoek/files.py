"""Writing files users asked for (minutes, exports) so that no half-written file is ever seen,
and never in a place that would hurt: the database, a symlink, a file that is already there.

Minutes hold personal data about a student, so files are created readable by their owner only,
or by the group too in a group folder (setgid, `chmod 2770`), as the database is.

Two ways in. The command line (`driehoek export -o FILE`, ...) writes where a shell user asks,
replacing a file there, but never the database or its companions and never through a symlink:
`check_target` then `write_private`. The app's export dialog may only *create* a file, by name,
in one exports folder: `create_new`, which never follows a symlink and never replaces anything.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePath

EXPORT_SUFFIXES = (".md", ".html", ".json")
"""The kinds of file the export dialog writes, chosen by the name's ending."""

COMPANIONS = ("", "-wal", "-shm", "-journal")
"""The database file and the files SQLite keeps beside it under the same name."""

MAX_NAME_BYTES = 200
"""Longest export name (UTF-8): file systems allow 255, and `-999` or a temporary name's
extra characters must still fit."""

MAX_TRIES = 999
"""A taken name becomes `name-2.md` ... `name-999.md`; beyond that the export is refused."""

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_NO_HARD_LINKS = (errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK)
"""What `link` says on a file system without hard links (FAT, some network mounts)."""


class Refusal(StrEnum):
    """Why a file was not written; each has one line in the catalogues (`refused.<value>`)."""

    EMPTY = "empty"
    NOT_A_NAME = "not_a_name"
    HIDDEN = "hidden"
    SUFFIX = "suffix"
    TOO_LONG = "too_long"
    CONTROL = "control"
    DATABASE = "database"
    SYMLINK = "symlink"
    FOLDER_SYMLINK = "folder_symlink"
    FOLDER_MISSING = "folder_missing"
    NOT_A_FOLDER = "not_a_folder"
    TOO_MANY = "too_many"


class Refused(Exception):
    """The file was not written, and nothing else was either."""

    def __init__(self, reason: Refusal, path: Path | str = "") -> None:
        super().__init__(f"{reason}: {path}")
        self.reason = reason
        self.path = path


def mode_in(folder_mode: int) -> int:
    """The mode for a new file in a folder with `folder_mode` (its `st_mode`): the owner's
    alone (0600), or the owner's and the group's (0660) in a setgid group folder."""
    return 0o660 if folder_mode & stat.S_ISGID else 0o600


# -- the command line: a path the user typed ------------------------------------------------


def _beside(path: Path) -> Path:
    """`path` with its folder resolved and its last part as typed (a symlink there is seen,
    not followed)."""
    path = Path.cwd() / path.expanduser()  # absolute, its last part kept as typed
    return path.parent.resolve() / path.name


def database_files(database: Path) -> list[Path]:
    """The database and its companions (`-wal`, `-shm`, `-journal`), under the name it was
    opened by and under its real name (a symlink to it puts SQLite's files beside the target)."""
    names: list[Path] = []
    for db in {_beside(database), database.expanduser().resolve()}:
        names.extend(db.with_name(db.name + suffix) for suffix in COMPANIONS)
    return names


def check_target(path: Path, database: Path | None) -> None:
    """Refuse a file the command line was asked to write if it is the database (or one of its
    companions, also under another name of the same file) or a symlink.

    Raises:
        Refused: DATABASE or SYMLINK; nothing was written.
    """
    path = path.expanduser()
    try:
        info: os.stat_result | None = path.lstat()
    except OSError:
        info = None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise Refused(Refusal.SYMLINK, path)
    if database is None:
        return
    target = _beside(path)
    for protected in database_files(database):
        if target == protected:
            raise Refused(Refusal.DATABASE, path)
        if info is not None and protected.exists() and path.samefile(protected):
            raise Refused(Refusal.DATABASE, path)  # a hard link to it, say


def write_private(path: Path, text: str) -> None:
    """Write `text` (UTF-8, LF) to `path` atomically, with mode 0600 (0660 in a group folder).

    The text goes to a temporary file in the same folder, which then replaces `path` in one
    step: a crash or a full disk leaves either the old file or the new one, never a mix. A
    symlink at `path` is refused, never replaced or followed.

    Raises:
        Refused: `path` is a symlink.
        OSError: The folder is missing or not writable, the disk is full, and so on.
    """
    path = path.expanduser()
    check_target(path, None)
    mode = mode_in(path.parent.stat().st_mode)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            os.fchmod(f.fileno(), mode)
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- the app: a name in the exports folder --------------------------------------------------


def name_problem(name: str) -> Refusal | None:
    """Why `name` cannot be an export's file name, or None when it can.

    A name, not a path: no `/` (nor `\\`), not hidden (`.bashrc`, `..`), no `~` at the start
    (it would look like a home folder and is not one), no control characters, and ending in
    one of EXPORT_SUFFIXES.
    """
    if not name.strip():
        return Refusal.EMPTY
    if "/" in name or "\\" in name or name.startswith("~"):
        return Refusal.NOT_A_NAME
    if name.startswith("."):
        return Refusal.HIDDEN
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in name):
        return Refusal.CONTROL
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        return Refusal.TOO_LONG
    if export_suffix(name) is None:
        return Refusal.SUFFIX
    return None


def export_suffix(name: str) -> str | None:
    """The export kind a name asks for (`.md`, `.html`, `.json`), or None."""
    suffix = PurePath(name).suffix.lower()
    return suffix if suffix in EXPORT_SUFFIXES and name[: -len(suffix)] else None


def candidates(name: str) -> Iterable[str]:
    """`name`, then `name-2`, `name-3` ... before its ending, up to MAX_TRIES."""
    pure = PurePath(name)
    stem, suffix = pure.stem, pure.suffix
    yield name
    for n in range(2, MAX_TRIES + 1):
        yield f"{stem}-{n}{suffix}"


def _open_folder(folder: Path, *, create: bool) -> int:
    """The exports folder, opened without following a symlink at it; made (0700) if missing
    and `create`, or if only the folder itself is missing."""
    for attempt in range(2):
        try:
            return os.open(folder, _DIR_FLAGS)
        except FileNotFoundError:
            if attempt or not (create or folder.parent.is_dir()):
                raise Refused(Refusal.FOLDER_MISSING, folder) from None
            if create:
                folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Made a moment ago by another session: opened (and checked) next.
            with contextlib.suppress(FileExistsError):
                folder.mkdir(mode=0o700)
        except OSError as e:
            if e.errno not in (errno.ELOOP, errno.ENOTDIR):
                raise
            if folder.is_symlink():
                raise Refused(Refusal.FOLDER_SYMLINK, folder) from e
            raise Refused(Refusal.NOT_A_FOLDER, folder) from e
    raise Refused(Refusal.FOLDER_MISSING, folder)  # pragma: no cover (the loop returns)


def _protected_names(folder_fd: int, databases: Sequence[Path]) -> set[str]:
    """The names in the opened folder that belong to a database (its file or companions)."""
    here = os.fstat(folder_fd)
    names = set()
    for db in databases:
        for protected in database_files(db):
            try:
                there = protected.parent.stat()
            except OSError:
                continue
            if (there.st_dev, there.st_ino) == (here.st_dev, here.st_ino):
                names.add(protected.name)
    return names


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


def create_new(
    folder: Path,
    name: str,
    data: bytes,
    *,
    databases: Sequence[Path] = (),
    create_folder: bool = False,
) -> Path:
    """Create a new file `name` in `folder` holding `data`; never replace or follow anything.

    The data goes to a temporary file (opened exclusively, without following a symlink),
    synced, and is then hard-linked under its final name: `link` fails on any name that is
    taken (a file, a symlink, a file another session made a moment ago), so the export either
    appears whole under a free name or not at all, and nothing there is ever replaced. A taken
    name becomes `name-2.md`, `name-3.md` ... Everything happens relative to the folder's own
    descriptor, opened without following a symlink, so the folder cannot be swapped midway.

    Args:
        folder: The exports folder.
        name: A file name (see `name_problem`).
        data: The file's bytes.
        databases: Database files whose own name and companions' names must never be
            created, should the folder be theirs.
        create_folder: Make the folder and its missing parents (mode 0700); without it, only
            the folder itself is made, and a missing parent is refused.

    Returns:
        The path of the file made (its name may be `name-2.md` ...).

    Raises:
        Refused: The name, the folder or every free name was refused; nothing was written.
        OSError: The folder cannot be written, the disk is full: nothing is left behind.
    """
    import secrets  # here: it loads hashlib and OpenSSL, not needed at start

    if (problem := name_problem(name)) is not None:
        raise Refused(problem, name)
    folder_fd = _open_folder(folder, create=create_folder)
    try:
        protected = _protected_names(folder_fd, databases)
        if name in protected:
            raise Refused(Refusal.DATABASE, folder / name)
        mode = mode_in(os.fstat(folder_fd).st_mode)
        tmp = f".{secrets.token_hex(8)}.driehoek-export.tmp"
        fd = os.open(tmp, _NEW_FILE_FLAGS, mode, dir_fd=folder_fd)
        try:
            try:
                os.fchmod(fd, mode)  # exactly this, whatever the umask
                _write_all(fd, data)
            finally:
                os.close(fd)
            chosen = _link_free_name(folder_fd, tmp, name, protected, data, mode)
        finally:
            os.unlink(tmp, dir_fd=folder_fd)
        os.fsync(folder_fd)  # the new name is on disk too
    finally:
        os.close(folder_fd)
    return folder / chosen


@dataclass(frozen=True)
class ExportFolder:
    """Where the app's exports go: one folder, never a database's names."""

    path: Path
    databases: tuple[Path, ...] = ()
    create: bool = False
    """Whether missing parents may be made too (the default folder; a configured one's
    parent must exist)."""

    def write(self, name: str, data: bytes) -> Path:
        """`create_new` in this folder; returns the path made (maybe `name-2.md` ...)."""
        return create_new(
            self.path, name, data, databases=self.databases, create_folder=self.create
        )


def _link_free_name(
    folder_fd: int, tmp: str, name: str, protected: set[str], data: bytes, mode: int
) -> str:
    for candidate in candidates(name):
        if candidate in protected:
            continue
        try:
            os.link(tmp, candidate, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
        except FileExistsError:
            continue
        except OSError as e:
            if e.errno not in _NO_HARD_LINKS:
                raise
            if _create_directly(folder_fd, candidate, data, mode):
                return candidate
            continue
        return candidate
    raise Refused(Refusal.TOO_MANY, name)


def _create_directly(folder_fd: int, name: str, data: bytes, mode: int) -> bool:
    """Without hard links: create `name` exclusively and write into it (still never replacing
    or following anything; a crash midway could leave a partial file). False if taken."""
    try:
        fd = os.open(name, _NEW_FILE_FLAGS, mode, dir_fd=folder_fd)
    except FileExistsError:
        return False
    try:
        os.fchmod(fd, mode)
        _write_all(fd, data)
    except BaseException:
        os.close(fd)
        os.unlink(name, dir_fd=folder_fd)
        raise
    os.close(fd)
    return True
