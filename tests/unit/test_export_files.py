"""Writing exports: a new file in one folder, never replacing, never following a symlink, never a
name of the database; and the command line's check of a path it was given."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from conftest import SmallDisk
from driehoek import files
from driehoek.files import Refusal, Refused, check_target, create_new, name_problem

MINUTES = "# Verslag\n\nLotte Brandsma 👩‍🎓\n".encode()


def listing(folder: Path) -> dict[str, bytes | str]:
    """Every entry below `folder`: a file's bytes, a symlink's target, a folder's mark."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = f"-> {path.readlink()}"
        elif path.is_dir():
            found[name] = "/"
        else:
            found[name] = path.read_bytes()
    return found


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "exports"
    path.mkdir(mode=0o700)
    return path


# -- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("~/.bashrc", Refusal.NOT_A_NAME),
        ("../x", Refusal.NOT_A_NAME),
        ("../x.md", Refusal.NOT_A_NAME),
        ("..", Refusal.HIDDEN),
        ("/abs/path", Refusal.NOT_A_NAME),
        ("map\\verslag.md", Refusal.NOT_A_NAME),
        ("~verslag.md", Refusal.NOT_A_NAME),
        (".hidden.md", Refusal.HIDDEN),
        (".bashrc", Refusal.HIDDEN),
        ("x.sh", Refusal.SUFFIX),
        ("verslag", Refusal.SUFFIX),
        ("verslag.md.sh", Refusal.SUFFIX),
        ("authorized_keys", Refusal.SUFFIX),
        ("", Refusal.EMPTY),
        ("   ", Refusal.EMPTY),
        ("a\x1b[2J.md", Refusal.CONTROL),
        ("a\u202egnp.md", Refusal.CONTROL),
        ("a\nb.md", Refusal.CONTROL),
        ("v" * 198 + ".md", Refusal.TOO_LONG),
    ],
)
def test_only_a_plain_name_with_a_known_ending_is_taken(name: str, problem: Refusal) -> None:
    assert name_problem(name) is problem


@pytest.mark.parametrize(
    "name", ["verslag.md", "Verslag Lotte.HTML", "gegevens.json", "verslag-2026-11-28.md", "é.md"]
)
def test_a_plain_name_is_taken(name: str) -> None:
    assert name_problem(name) is None


@pytest.mark.parametrize("name", ["../x.md", "/tmp/x.md", ".x.md", "x.sh"])
def test_create_new_refuses_a_bad_name_itself(folder: Path, name: str) -> None:
    with pytest.raises(Refused):
        create_new(folder, name, MINUTES)
    assert listing(folder.parent) == {"exports": "/"}


# -- a new file -------------------------------------------------------------------------------


def test_a_new_file_holds_the_export_with_mode_0600_and_nothing_else_is_left(
    folder: Path,
) -> None:
    old = os.umask(0)  # a umask that would leave it world-writable: the mode is set exactly
    try:
        made = create_new(folder, "verslag.md", MINUTES)
    finally:
        os.umask(old)
    assert made == folder / "verslag.md"
    assert listing(folder) == {"verslag.md": MINUTES}
    assert stat.S_IMODE(made.stat().st_mode) == 0o600


def test_in_a_setgid_group_folder_the_file_is_0660(folder: Path) -> None:
    folder.chmod(0o2770)
    made = create_new(folder, "verslag.md", MINUTES)
    assert stat.S_IMODE(made.stat().st_mode) == 0o660


def test_a_taken_name_becomes_name_2_then_name_3_and_nothing_is_replaced(folder: Path) -> None:
    (folder / "verslag.md").write_bytes(b"ouder verslag")
    assert create_new(folder, "verslag.md", MINUTES).name == "verslag-2.md"
    assert create_new(folder, "verslag.md", b"derde").name == "verslag-3.md"
    assert listing(folder) == {
        "verslag-2.md": MINUTES,
        "verslag-3.md": b"derde",
        "verslag.md": b"ouder verslag",
    }


def test_when_every_name_is_taken_it_is_refused(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_TRIES", 3)
    for name in ("verslag.md", "verslag-2.md", "verslag-3.md"):
        (folder / name).write_bytes(b"x")
    with pytest.raises(Refused) as refused:
        create_new(folder, "verslag.md", MINUTES)
    assert refused.value.reason is Refusal.TOO_MANY
    assert sorted(p.name for p in folder.iterdir()) == [
        "verslag-2.md",
        "verslag-3.md",
        "verslag.md",
    ]


def test_a_missing_folder_is_made_0700_when_its_parent_exists(tmp_path: Path) -> None:
    made = create_new(tmp_path / "nieuw", "verslag.md", MINUTES)
    assert made.read_bytes() == MINUTES
    assert stat.S_IMODE((tmp_path / "nieuw").stat().st_mode) == 0o700


def test_a_missing_parent_is_refused_unless_the_folder_is_the_default(tmp_path: Path) -> None:
    with pytest.raises(Refused) as refused:
        create_new(tmp_path / "a" / "b", "verslag.md", MINUTES)
    assert refused.value.reason is Refusal.FOLDER_MISSING
    assert list(tmp_path.iterdir()) == []
    made = create_new(tmp_path / "a" / "b", "verslag.md", MINUTES, create_folder=True)
    assert made.read_bytes() == MINUTES


def test_a_file_where_the_folder_should_be_is_refused(tmp_path: Path) -> None:
    (tmp_path / "exports").write_bytes(b"geen map")
    with pytest.raises(Refused) as refused:
        create_new(tmp_path / "exports", "verslag.md", MINUTES)
    assert refused.value.reason is Refusal.NOT_A_FOLDER
    assert (tmp_path / "exports").read_bytes() == b"geen map"


# -- symlinks ---------------------------------------------------------------------------------


def test_a_symlink_at_the_name_is_left_alone_and_the_export_gets_the_next_name(
    tmp_path: Path, folder: Path
) -> None:
    victim = tmp_path / "bashrc"
    victim.write_bytes(b"# the account's own\n")
    (folder / "verslag.md").symlink_to(victim)
    (folder / "weg.md").symlink_to(tmp_path / "does-not-exist")
    assert create_new(folder, "verslag.md", MINUTES).name == "verslag-2.md"
    assert create_new(folder, "weg.md", MINUTES).name == "weg-2.md"
    assert victim.read_bytes() == b"# the account's own\n"
    assert not (tmp_path / "does-not-exist").exists()
    assert (folder / "verslag.md").is_symlink()
    assert (folder / "weg.md").is_symlink()


def test_a_symlinked_exports_folder_is_refused(tmp_path: Path, folder: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(folder)
    before = listing(tmp_path)
    with pytest.raises(Refused) as refused:
        create_new(link, "verslag.md", MINUTES)
    assert refused.value.reason is Refusal.FOLDER_SYMLINK
    assert listing(tmp_path) == before


# -- the database -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["school.json", "school.json-wal", "school.json-shm", "school.json-journal"]
)
def test_the_database_and_its_companions_are_never_named(tmp_path: Path, name: str) -> None:
    # A database whose own name would pass as an export (`--db school.json`): even then.
    database = tmp_path / "school.json"
    database.write_bytes(b"SQLite format 3\x00")
    before = listing(tmp_path)
    with pytest.raises(Refused) as refused:
        create_new(tmp_path, name, MINUTES, databases=(database,))
    if name == "school.json":
        assert refused.value.reason is Refusal.DATABASE
    assert listing(tmp_path) == before


def test_a_companion_name_is_skipped_when_counting_on(tmp_path: Path) -> None:
    database = tmp_path / "verslag-2.md"  # absurd, and still never written
    database.write_bytes(b"SQLite format 3\x00")
    (tmp_path / "verslag.md").write_bytes(b"x")
    made = create_new(tmp_path, "verslag.md", MINUTES, databases=(database,))
    assert made.name == "verslag-3.md"
    assert database.read_bytes() == b"SQLite format 3\x00"


def test_the_database_named_through_a_symlinked_folder_is_still_protected(
    tmp_path: Path,
) -> None:
    real = tmp_path / "srv"
    real.mkdir()
    database = real / "gedeeld.md"
    database.write_bytes(b"SQLite format 3\x00")
    alias = tmp_path / "alias"
    alias.symlink_to(real)
    with pytest.raises(Refused):
        create_new(real, "gedeeld.md-wal", MINUTES, databases=(alias / "gedeeld.md",))
    with pytest.raises(Refused) as refused:
        create_new(real, "gedeeld.md", MINUTES, databases=(alias / "gedeeld.md",))
    assert refused.value.reason is Refusal.DATABASE
    assert sorted(p.name for p in real.iterdir()) == ["gedeeld.md"]


# -- races and failures -----------------------------------------------------------------------


def test_a_name_taken_at_the_last_moment_is_not_replaced(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another session (or an attacker's symlink) takes the name between the check and the
    write: `link` refuses to replace it, and the export takes the next name."""
    real_link = os.link
    raced: list[str] = []

    def link_after_a_race(src: str, dst: str, **kwargs: object) -> None:
        if not raced:
            raced.append(dst)
            (folder / dst).symlink_to(folder.parent / "target")
        real_link(src, dst, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "link", link_after_a_race)
    made = create_new(folder, "verslag.md", MINUTES)
    assert raced == ["verslag.md"]
    assert made.name == "verslag-2.md"
    assert (folder / "verslag.md").is_symlink()
    assert not (folder.parent / "target").exists()
    assert set(listing(folder)) == {"verslag.md", "verslag-2.md"}


def test_without_hard_links_the_file_is_still_only_created(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file system without hard links (FAT, some network mounts): created exclusively."""

    def no_links(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    (folder / "verslag.md").write_bytes(b"ouder")
    made = create_new(folder, "verslag.md", MINUTES)
    assert made.name == "verslag-2.md"
    assert listing(folder) == {"verslag-2.md": MINUTES, "verslag.md": b"ouder"}


def test_a_full_disk_leaves_nothing_behind(small_disk: SmallDisk) -> None:
    folder = small_disk.path / "exports"
    folder.mkdir()
    small_disk.fill()
    with pytest.raises(OSError, match=r"space|quota") as error:
        create_new(folder, "verslag.md", MINUTES * 4096)
    assert error.value.errno in (errno.ENOSPC, errno.EDQUOT)
    assert list(folder.iterdir()) == []
    small_disk.free()
    assert create_new(folder, "verslag.md", MINUTES).read_bytes() == MINUTES


# -- the command line's check -----------------------------------------------------------------


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "driehoek.db"
    path.write_bytes(b"SQLite format 3\x00")
    return path


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_the_command_line_refuses_the_database_and_its_companions(
    database: Path, suffix: str
) -> None:
    with pytest.raises(Refused) as refused:
        check_target(database.with_name(database.name + suffix), database)
    assert refused.value.reason is Refusal.DATABASE


def test_the_command_line_refuses_the_database_by_another_name(
    tmp_path: Path, database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    hard = tmp_path / "kopie.db"
    os.link(database, hard)
    for other in (Path("driehoek.db"), Path("sub/../driehoek.db-wal"), hard):
        with pytest.raises(Refused) as refused:
            check_target(other, database)
        assert refused.value.reason is Refusal.DATABASE, other
    link = tmp_path / "link.db"  # the database opened through a symlink to it
    link.symlink_to(database)
    with pytest.raises(Refused):
        check_target(database.with_name("driehoek.db-shm"), link)


def test_the_command_line_refuses_a_symlink(tmp_path: Path, database: Path) -> None:
    link = tmp_path / "verslag.md"
    link.symlink_to(tmp_path / "elders.md")
    with pytest.raises(Refused) as refused:
        check_target(link, database)
    assert refused.value.reason is Refusal.SYMLINK
    with pytest.raises(Refused):
        files.write_private(link, "x")
    assert not (tmp_path / "elders.md").exists()


def test_the_command_line_may_replace_an_ordinary_file(tmp_path: Path, database: Path) -> None:
    target = tmp_path / "verslag.md"
    target.write_text("oud", encoding="utf-8")
    check_target(target, database)
    files.write_private(target, "nieuw")
    assert target.read_text(encoding="utf-8") == "nieuw"
