"""Opening a library: new files, migrations from every released schema, backups, and refusals."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from facilitation.interchange import loads
from facilitation.settings import default_settings
from storage.backups import KEEP, backups_folder, list_backups, make_backup
from storage.errors import LibraryDamaged, LibraryMissing, LibraryRefused, LibraryTooNew
from storage.library import Library, open_library
from storage.migrations import APPLICATION_ID, SCHEMA_VERSION
from tests.factories import full_session
from tests.strategies import SCALE

FIXTURES = Path(__file__).parent.parent / "fixtures"
FROZEN = sorted(FIXTURES.glob("library-v*.sqlite"))


def _pragma(library: Library, name: str) -> object:
    return library.db.execute(f"PRAGMA {name}").fetchone()[0]


def _folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# -- new libraries -----------------------------------------------------------


def test_a_new_library_is_at_the_current_schema_in_wal_mode_with_default_settings(library: Library) -> None:
    assert _pragma(library, "user_version") == SCHEMA_VERSION
    assert _pragma(library, "application_id") == APPLICATION_ID
    assert _pragma(library, "journal_mode") == "wal"
    assert _pragma(library, "foreign_keys") == 1
    assert library.settings.load() == default_settings()
    assert library.settings.load().severity_names() == SCALE
    assert library.sessions.count() == 0
    stored = {r[0] for r in library.db.execute("SELECT name FROM settings")}
    assert {"severity_scale", "policy"} <= stored  # the defaults live in the file


def test_closing_a_library_folds_the_wal_back_into_the_file(library_path: Path) -> None:
    with open_library(library_path, create=True) as library:
        library.sessions.create(full_session())
    assert sorted(p.name for p in library_path.parent.iterdir()) == ["library.sqlite"]
    with open_library(library_path) as again:
        assert again.sessions.count() == 1


def test_an_empty_file_becomes_a_library_when_creating(library_path: Path) -> None:
    library_path.touch()
    with open_library(library_path, create=True) as library:
        assert _pragma(library, "user_version") == SCHEMA_VERSION
        assert library.settings.load() == default_settings()
        session_id = library.sessions.create(full_session())
    with open_library(library_path) as library:
        assert library.sessions.get(session_id).title == full_session().title


def test_an_empty_file_is_not_a_library_when_not_creating(library_path: Path) -> None:
    library_path.touch()
    with pytest.raises(LibraryMissing, match=re.escape(str(library_path))):
        open_library(library_path)
    assert library_path.read_bytes() == b""
    assert [p.name for p in library_path.parent.iterdir()] == ["library.sqlite"]


def test_a_missing_library_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    path = tmp_path / "not-yet" / "library.sqlite"
    with pytest.raises(LibraryMissing) as caught:
        open_library(path)
    assert str(path) in str(caught.value)
    assert "--db" in str(caught.value)
    assert not path.parent.exists()
    assert list(tmp_path.iterdir()) == []


def test_creating_makes_the_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "library.sqlite"
    with open_library(path, create=True) as library:
        assert library.sessions.count() == 0
    assert path.is_file()


# -- released schemas --------------------------------------------------------


def test_there_is_a_frozen_library_for_every_released_schema() -> None:
    versions = {int(re.fullmatch(r"library-v(\d+)\.sqlite", p.name)[1]) for p in FROZEN}  # type: ignore[index]
    assert versions == set(range(1, SCHEMA_VERSION + 1))


@pytest.mark.parametrize("frozen", FROZEN, ids=[p.stem for p in FROZEN])
def test_a_frozen_library_of_a_released_schema_opens_and_keeps_its_session(
    frozen: Path, tmp_path: Path
) -> None:
    original = frozen.read_bytes()
    expected = loads(frozen.with_suffix(".json").read_text(encoding="utf-8"), SCALE).session
    expected.id = 1
    old_version = int.from_bytes(original[60:64], "big")
    path = tmp_path / "library.sqlite"
    shutil.copyfile(frozen, path)

    with open_library(path) as library:
        assert _pragma(library, "user_version") == SCHEMA_VERSION
        assert library.sessions.get(1) == expected
        assert library.sessions.count() == 1
        assert library.search.search("canary")[0].session_id == 1
        assert library.settings.load().severity_names() == SCALE

    backups = list_backups(path)
    if old_version < SCHEMA_VERSION:
        assert len(backups) == 1 and f"before-v{SCHEMA_VERSION}" in backups[0].name
        with closing(sqlite3.connect(backups[0])) as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == old_version
    else:
        assert backups == []
    assert frozen.read_bytes() == original


def test_make_backup_copies_the_library_and_keeps_only_the_newest_ten(library: Library) -> None:
    library.sessions.create(full_session())
    made = [make_backup(library.db.conn, library.path, f"r{n:02}") for n in range(KEEP + 2)]

    kept = list_backups(library.path)
    assert kept == made[-KEEP:]
    assert not made[0].exists() and not made[1].exists()
    assert [p.suffix for p in backups_folder(library.path).iterdir()] == [".sqlite"] * KEEP
    with closing(sqlite3.connect(kept[-1])) as conn:
        assert conn.execute("SELECT title FROM sessions").fetchall() == [(full_session().title,)]


# -- refusals ----------------------------------------------------------------


@pytest.fixture(scope="module")
def good_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed library of several pages holding a few sessions."""
    path = tmp_path_factory.mktemp("good") / "library.sqlite"
    with open_library(path, create=True) as library:
        for _ in range(3):
            library.sessions.create(full_session())
    return path


def _page_size(data: bytes) -> int:
    raw = int.from_bytes(data[16:18], "big")
    return 65536 if raw == 1 else raw


def _set_user_version(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")


def _bad_page_size(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[16:18] = (768).to_bytes(2, "big")
    path.write_bytes(bytes(data))


def _garbage_over_schema(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = _page_size(data)
    data[100:page] = (b"\xde\xad\xbe\xef" * page)[: page - 100]
    path.write_bytes(bytes(data))


def _cut_in_half_on_a_page(path: Path) -> None:
    data = path.read_bytes()
    pages = len(data) // _page_size(data)
    assert pages > 4
    path.write_bytes(data[: pages // 2 * _page_size(data)])


def _cut_mid_page(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 123])


def _cut_inside_header(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:60])


def _text_file(path: Path) -> None:
    path.write_text("Postmortem notes\n- check the runbook\n", encoding="utf-8")


def _other_programs_database(path: Path) -> None:
    path.unlink()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
        conn.execute("INSERT INTO recipes VALUES ('bread', 240)")
        conn.commit()


def _other_application_id(path: Path) -> None:
    path.unlink()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA application_id = 1234")
        conn.execute("CREATE TABLE t (x)")
        conn.commit()


def _a_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


REFUSED: list[tuple[str, Callable[[Path], None], type[LibraryRefused], str]] = [
    ("newer", _set_user_version, LibraryTooNew, f"schema version {SCHEMA_VERSION + 1}, from a newer"),
    ("bad page size", _bad_page_size, LibraryDamaged, "impossible page size"),
    (
        "garbage over the schema page",
        _garbage_over_schema,
        LibraryDamaged,
        "SQLite cannot read its list of tables",
    ),
    ("cut in half", _cut_in_half_on_a_page, LibraryDamaged, "is cut short: it holds"),
    ("cut mid-page", _cut_mid_page, LibraryDamaged, "part-way through a page"),
    ("cut inside the header", _cut_inside_header, LibraryDamaged, "only 60 bytes"),
    ("text", _text_file, LibraryDamaged, "not an SQLite database"),
    ("another program's", _other_programs_database, LibraryDamaged, "SQLite database of another program"),
    ("another application id", _other_application_id, LibraryDamaged, "belongs to another program"),
    ("a folder", _a_folder, LibraryDamaged, "is a folder"),
]


@pytest.mark.parametrize("side_files", [False, True], ids=["alone", "with side files"])
@pytest.mark.parametrize("create", [False, True], ids=["open", "create"])
@pytest.mark.parametrize(("spoil", "error", "phrase"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_a_file_that_is_not_a_usable_library_is_refused_and_left_byte_for_byte(
    good_library: Path,
    tmp_path: Path,
    spoil: Callable[[Path], None],
    error: type[LibraryRefused],
    phrase: str,
    create: bool,
    side_files: bool,
) -> None:
    path = tmp_path / "library.sqlite"
    shutil.copyfile(good_library, path)
    spoil(path)
    if side_files:
        (tmp_path / "library.sqlite-wal").write_bytes(b"\x37\x7f\x06\x82 not really a WAL" * 50)
        (tmp_path / "library.sqlite-shm").write_bytes(bytes(range(256)) * 128)
    before = _folder_bytes(tmp_path) if path.is_file() else None
    names_before = sorted(p.name for p in tmp_path.iterdir())

    with pytest.raises(error) as caught:
        open_library(path, create=create)

    message = str(caught.value)
    assert type(caught.value) is error
    assert phrase in message
    assert str(path) in message
    assert "\n" not in message and "sqlite3." not in message
    assert sorted(p.name for p in tmp_path.iterdir()) == names_before
    if before is not None:
        assert _folder_bytes(tmp_path) == before
    assert not backups_folder(path).exists()


# -- libraries whose latest commits are still in the WAL ---------------------


def _copy_while_open(library_path: Path, target: Path, change: Callable[[sqlite3.Connection], None]) -> None:
    """Copy a library, its WAL and shared-memory file as a crash would leave them after ``change``."""
    with closing(sqlite3.connect(library_path)) as conn:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        change(conn)
        conn.commit()
        target.mkdir()
        for side in ("", "-wal", "-shm"):
            shutil.copyfile(f"{library_path}{side}", f"{target / library_path.name}{side}")


def test_a_library_whose_latest_commits_sit_in_the_wal_opens_with_them(
    library_path: Path, tmp_path: Path
) -> None:
    with open_library(library_path, create=True):
        pass

    def add_session(conn: sqlite3.Connection) -> None:
        conn.execute(
            "INSERT INTO sessions(title, created_at, updated_at) VALUES ('Only in the WAL', 'now', 'now')"
        )

    _copy_while_open(library_path, tmp_path / "crashed", add_session)
    copy = tmp_path / "crashed" / library_path.name
    with open_library(copy) as library:
        assert [s.title for s in library.sessions.summaries()] == ["Only in the WAL"]


def test_a_newer_version_still_in_the_wal_is_refused_leaving_file_and_wal_as_they_were(
    library_path: Path, tmp_path: Path
) -> None:
    with open_library(library_path, create=True) as library:
        library.sessions.create(full_session())

    def upgrade(conn: sqlite3.Connection) -> None:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")

    _copy_while_open(library_path, tmp_path / "newer", upgrade)
    copy = tmp_path / "newer" / library_path.name
    assert int.from_bytes(copy.read_bytes()[60:64], "big") == SCHEMA_VERSION  # the header is stale
    wal = Path(f"{copy}-wal")
    before = (copy.read_bytes(), wal.read_bytes())

    with pytest.raises(LibraryTooNew, match=f"schema version {SCHEMA_VERSION + 1}"):
        open_library(copy)

    # The WAL was neither folded into the file nor removed (the -shm index may be rebuilt).
    assert (copy.read_bytes(), wal.read_bytes()) == before
    assert sorted(p.name for p in copy.parent.iterdir()) == [
        "library.sqlite",
        "library.sqlite-shm",
        "library.sqlite-wal",
    ]
