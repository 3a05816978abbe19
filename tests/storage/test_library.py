"""Opening a library: new files, migrations from every released schema, backups, and refusals."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import struct
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from facilitation.interchange import loads
from facilitation.model import ChatDetails, Session
from facilitation.settings import default_settings
from storage.backups import KEEP, backups_folder, list_backups, make_backup
from storage.errors import LibraryDamaged, LibraryMissing, LibraryProblem, LibraryRefused, LibraryTooNew
from storage.header import committed_page_one
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
        stored = library.sessions.get(1)
        if "status_history" not in json.loads(frozen.with_suffix(".json").read_text(encoding="utf-8")):
            # Written before the JSON carried the history: the library kept the one row it had.
            assert [h.status for h in stored.status_history] == [expected.status]
            expected.status_history = stored.status_history
        assert stored == expected
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


ITEM_TABLE_NAMES = (
    "timeline_entries",
    "went_right",
    "went_wrong",
    "contributing_factors",
    "key_learnings",
    "actions",
    "parking_lot",
)


def _every_row(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of a closed library, by table, in its columns' order."""
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_index_%'"
            )
        ]
        return {t: conn.execute(f"SELECT rowid, * FROM {t} ORDER BY rowid").fetchall() for t in tables}


OLDER = [p for p in FROZEN if int.from_bytes(p.read_bytes()[60:64], "big") < SCHEMA_VERSION]


@pytest.mark.parametrize("frozen", OLDER, ids=[p.stem for p in OLDER])
def test_migrating_a_frozen_library_keeps_every_row_and_adds_empty_dismissals_hand_counts_and_chat(
    frozen: Path, tmp_path: Path
) -> None:
    path = tmp_path / "library.sqlite"
    shutil.copyfile(frozen, path)
    before = _every_row(path)

    with open_library(path):
        pass

    after = _every_row(path)
    assert set(before) <= set(after)
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
        # Columns are only ever added at the end, so each old row is a prefix of the new one.
        assert [row[: len(old)] for row, old in zip(after[table], rows, strict=True)] == rows, table
    version = int.from_bytes(frozen.read_bytes()[60:64], "big")
    with closing(sqlite3.connect(path)) as conn:
        if version < 5:
            assert conn.execute("SELECT count(*) FROM hand_counts").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM chat_details").fetchone() == (0,)
        for table in ITEM_TABLE_NAMES:
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table
        if version >= 4:
            return  # written with dismissals of its own
        assert conn.execute("SELECT DISTINCT dismissed_notes FROM sessions").fetchall() == [("{}",)]
        for table in ITEM_TABLE_NAMES:
            notes = conn.execute(f"SELECT DISTINCT dismissed_notes FROM {table}").fetchall()
            assert notes == [("[]",)], table


def test_a_v4_library_keeps_the_dismissed_notes_it_was_written_with(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    shutil.copyfile(FIXTURES / "library-v4.sqlite", path)
    with open_library(path) as library:
        stored = library.sessions.get(1)
    assert stored.dismissed_notes == {
        "customer_impact": ["counterfactual:could have"],
        "summary": ["minimising:just"],
    }
    assert stored.timeline[1].dismissed_notes == ["minimising:just"]
    assert stored.went_wrong[0].dismissed_notes == ["counterfactual:should have", "absolute:никогда"]
    assert stored.key_learnings[1].dismissed_notes == ["hindsight:drift"]
    assert stored.actions[1].dismissed_notes == ["vague:review"]
    assert stored.parking_lot[0].dismissed_notes == ["solution:lint"]
    assert [i.dismissed_notes for i in stored.contributing_factors + stored.went_right] == [[], [], []]


def test_a_v4_library_becomes_v5_with_an_empty_hand_counts_table(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    shutil.copyfile(FIXTURES / "library-v4.sqlite", path)
    with open_library(path) as library:
        assert _pragma(library, "user_version") == SCHEMA_VERSION
        assert library.sessions.get(1).hand_counts == []
    with closing(sqlite3.connect(path)) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(hand_counts)")]
        assert columns == ["id", "session_id", "position", "kind", "phase", "hands", "present", "at"]
        foreign = conn.execute("PRAGMA foreign_key_list(hand_counts)").fetchall()
        assert [(f[2], f[3], f[6]) for f in foreign] == [("sessions", "session_id", "CASCADE")]


def test_a_v5_library_keeps_the_hand_counts_it_was_written_with(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    shutil.copyfile(FIXTURES / "library-v5.sqlite", path)
    with open_library(path) as library:
        stored = library.sessions.get(1)
    assert [(c.kind, c.phase, c.hands, c.present) for c in stored.hand_counts] == [
        ("ready", "timeline", 6, 7),
        ("learned", "review", 5, None),
    ]
    assert stored.hand_counts[0].at.isoformat() == "2026-03-09T10:44:00+01:00"


def test_a_v5_library_becomes_v6_with_an_empty_chat_details_table(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    shutil.copyfile(FIXTURES / "library-v5.sqlite", path)
    with open_library(path) as library:
        assert _pragma(library, "user_version") == SCHEMA_VERSION
        assert [entry.chat for entry in library.sessions.get(1).timeline] == [None, None, None]
    with closing(sqlite3.connect(path)) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(chat_details)")]
        assert columns == ["session_id", "item_key", "channel", "thread", "bot", "edited"]
        foreign = conn.execute("PRAGMA foreign_key_list(chat_details)").fetchall()
        assert [(f[2], f[3], f[6]) for f in foreign] == [("sessions", "session_id", "CASCADE")]


def test_a_v6_library_keeps_the_chat_details_it_was_written_with(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    shutil.copyfile(FIXTURES / "library-v6.sqlite", path)
    with open_library(path) as library:
        stored = library.sessions.get(1)
    assert [entry.chat for entry in stored.timeline[1:]] == [None, None]
    assert stored.timeline[0].chat == ChatDetails(
        "#incident-auth",
        'reply to Βασίλης 14:01: "pushing the <b>auth</b> config now…"',
        bot=True,
        edited=True,
    )


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


def _copy_library_and_wal_while_open(
    library_path: Path, target: Path, change: Callable[[sqlite3.Connection], None]
) -> Path:
    """Copy only the library and its WAL while a writer still has ``change`` uncheckpointed."""
    with closing(sqlite3.connect(library_path)) as conn:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        change(conn)
        conn.commit()
        target.mkdir()
        for side in ("", "-wal"):
            shutil.copyfile(f"{library_path}{side}", f"{target / library_path.name}{side}")
    return target / library_path.name


@pytest.mark.parametrize("create", [False, True], ids=["open", "create"])
def test_a_newer_version_only_in_a_leftover_wal_is_refused_without_creating_a_shm_file(
    library_path: Path, tmp_path: Path, create: bool
) -> None:
    with open_library(library_path, create=True) as library:
        library.sessions.create(full_session())

    def upgrade(conn: sqlite3.Connection) -> None:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")

    copy = _copy_library_and_wal_while_open(library_path, tmp_path / "newer", upgrade)
    assert int.from_bytes(copy.read_bytes()[60:64], "big") == SCHEMA_VERSION  # the header is stale
    before = _folder_bytes(copy.parent)

    with pytest.raises(LibraryTooNew, match=f"schema version {SCHEMA_VERSION + 1}"):
        open_library(copy, create=create)

    assert sorted(before) == ["library.sqlite", "library.sqlite-wal"]
    assert _folder_bytes(copy.parent) == before


def test_another_programs_id_only_in_a_leftover_wal_is_refused_untouched(
    library_path: Path, tmp_path: Path
) -> None:
    with open_library(library_path, create=True):
        pass

    def claim(conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA application_id = 1234")

    copy = _copy_library_and_wal_while_open(library_path, tmp_path / "claimed", claim)
    before = _folder_bytes(copy.parent)

    with pytest.raises(LibraryDamaged, match="belongs to another program"):
        open_library(copy)

    assert _folder_bytes(copy.parent) == before


def test_a_library_whose_first_commits_are_only_in_the_wal_opens_with_them(
    library_path: Path, tmp_path: Path
) -> None:
    # A new library whose schema was committed to the WAL but never checkpointed:
    # another connection stays open, so closing the library does not fold the WAL in.
    library = open_library(library_path, create=True)
    with closing(sqlite3.connect(library_path)) as bystander:
        bystander.execute("SELECT count(*) FROM sessions").fetchall()
        library.sessions.create(Session(title="Only in the WAL"))
        library.close()
        (tmp_path / "copy").mkdir()
        for side in ("", "-wal"):
            shutil.copyfile(f"{library_path}{side}", tmp_path / "copy" / f"library.sqlite{side}")
    copy = tmp_path / "copy" / "library.sqlite"
    assert copy.read_bytes()[60:72] == bytes(12)  # the file's own header: version 0, no application id

    with open_library(copy) as library:
        assert [s.title for s in library.sessions.summaries()] == ["Only in the WAL"]


# -- reading the WAL without SQLite --------------------------------------------


def _frame(page_number: int, commit_size: int, salts: bytes, page: bytes) -> bytes:
    return struct.pack(">II", page_number, commit_size) + salts + bytes(8) + page


def _page_one(version: int, page_size: int = 512) -> bytes:
    header = bytearray(_MAGIC_HEADER.ljust(page_size, b"\0"))
    header[60:64] = version.to_bytes(4, "big")
    return bytes(header)


_MAGIC_HEADER = b"SQLite format 3\x00"
_SALTS = b"\x11\x22\x33\x44\x55\x66\x77\x88"


def _wal(*frames: bytes, magic: int = 0x377F0682, page_size: int = 512) -> bytes:
    return struct.pack(">IIII", magic, 3007000, page_size, 0) + _SALTS + bytes(8) + b"".join(frames)


def _version(page: bytes | None) -> int | None:
    return None if page is None else int.from_bytes(page[60:64], "big")


WAL_CASES: list[tuple[str, bytes, int | None]] = [
    ("one commit", _wal(_frame(1, 1, _SALTS, _page_one(5))), 5),
    ("big-endian checksums", _wal(_frame(1, 1, _SALTS, _page_one(5)), magic=0x377F0683), 5),
    (
        "the last commit wins",
        _wal(_frame(1, 1, _SALTS, _page_one(5)), _frame(1, 1, _SALTS, _page_one(6))),
        6,
    ),
    (
        "page 1 committed by a later frame of its transaction",
        _wal(_frame(1, 0, _SALTS, _page_one(7)), _frame(2, 2, _SALTS, bytes(512))),
        7,
    ),
    (
        "an uncommitted page 1 is ignored",
        _wal(_frame(1, 1, _SALTS, _page_one(5)), _frame(1, 0, _SALTS, _page_one(9))),
        5,
    ),
    (
        "frames from an older generation end the log",
        _wal(
            _frame(1, 1, _SALTS, _page_one(5)),
            _frame(1, 1, b"\x10" + _SALTS[1:], _page_one(8)),
            _frame(1, 1, _SALTS, _page_one(9)),
        ),
        5,
    ),
    ("a commit of other pages only", _wal(_frame(3, 3, _SALTS, bytes(512))), None),
    ("a frame cut short", _wal(_frame(1, 1, _SALTS, _page_one(5))[:-1]), None),
    ("no frames", _wal(), None),
    ("not a WAL", b"\x37\x7f\x06\x82 not really a WAL" * 50, None),
    ("an impossible page size", _wal(_frame(1, 1, _SALTS, _page_one(5)), page_size=500), None),
    ("shorter than its header", _wal()[:20], None),
]


@pytest.mark.parametrize(("data", "version"), [c[1:] for c in WAL_CASES], ids=[c[0] for c in WAL_CASES])
def test_committed_page_one_reads_the_newest_committed_header_in_a_wal(
    tmp_path: Path, data: bytes, version: int | None
) -> None:
    wal = tmp_path / "library.sqlite-wal"
    wal.write_bytes(data)
    assert _version(committed_page_one(wal)) == version
    assert committed_page_one(tmp_path / "missing-wal") is None


def test_committed_page_one_agrees_with_sqlite_on_a_real_wal(library_path: Path, tmp_path: Path) -> None:
    with open_library(library_path, create=True):
        pass

    def bump_twice(conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA user_version = 40")
        conn.commit()
        conn.execute("PRAGMA user_version = 41")

    copy = _copy_library_and_wal_while_open(library_path, tmp_path / "real", bump_twice)
    page = committed_page_one(Path(f"{copy}-wal"))
    assert page is not None and _version(page) == 41
    assert int.from_bytes(page[68:72], "big") == APPLICATION_ID


# -- opening: backups, folders, advice -----------------------------------------


def test_the_backup_before_migrating_is_taken_before_the_file_is_switched_to_wal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "library.sqlite"
    shutil.copyfile(FROZEN[-1], path)
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA journal_mode = DELETE").fetchone() == ("delete",)
    original = path.read_bytes()
    old_version = int.from_bytes(original[60:64], "big")
    # A Takeaways one schema newer than the file.
    monkeypatch.setattr("storage.library.SCHEMA_VERSION", old_version + 1)
    monkeypatch.setattr(
        "storage.library.migrate", lambda conn: conn.execute(f"PRAGMA user_version = {old_version + 1}")
    )

    with open_library(path) as library:
        assert _pragma(library, "journal_mode") == "wal"

    (backup,) = list_backups(path)
    copied = backup.read_bytes()
    assert copied[18:20] == original[18:20] == b"\x01\x01"  # still in rollback-journal mode
    assert int.from_bytes(copied[60:64], "big") == old_version


def test_a_folder_that_cannot_be_made_is_one_sentence(tmp_path: Path) -> None:
    in_the_way = tmp_path / "notes.txt"
    in_the_way.write_text("a file where a folder is wanted", encoding="utf-8")
    path = in_the_way / "library" / "library.sqlite"

    with pytest.raises(LibraryProblem) as caught:
        open_library(path, create=True)

    message = str(caught.value)
    assert message.startswith(f"Takeaways cannot make a library at {path} (")
    assert "--db" in message and "\n" not in message
    assert in_the_way.read_text(encoding="utf-8") == "a file where a folder is wanted"


def test_backups_of_libraries_sharing_a_stem_do_not_prune_each_other(tmp_path: Path) -> None:
    sqlite_library, db_library = tmp_path / "team.sqlite", tmp_path / "team.db"
    with open_library(sqlite_library, create=True) as first, open_library(db_library, create=True) as second:
        firsts = [make_backup(first.db.conn, sqlite_library, "daily") for _ in range(3)]
        seconds = [make_backup(second.db.conn, db_library, f"r{n:02}") for n in range(KEEP + 1)]

    assert list_backups(sqlite_library) == firsts
    assert list_backups(db_library) == seconds[-KEEP:]
    assert all(p.exists() for p in firsts)
    assert all(p.name.startswith("team.sqlite-") for p in firsts)


ADVICE: list[tuple[str, Callable[[Path], None], str]] = [
    ("a folder", _a_folder, "name the library file inside it"),
    ("text", _text_file, "choose another file for your library"),
    ("another program's", _other_programs_database, "choose another file for your library"),
    ("another application id", _other_application_id, "choose another file for your library"),
    ("cut in half", _cut_in_half_on_a_page, "restore a copy from the backups folder"),
    ("bad page size", _bad_page_size, "restore a copy from the backups folder"),
]


@pytest.mark.parametrize(("spoil", "advice"), [a[1:] for a in ADVICE], ids=[a[0] for a in ADVICE])
def test_a_refusal_gives_the_next_step_that_fits_its_cause(
    good_library: Path, tmp_path: Path, spoil: Callable[[Path], None], advice: str
) -> None:
    path = tmp_path / "library.sqlite"
    shutil.copyfile(good_library, path)
    spoil(path)
    with pytest.raises(LibraryDamaged) as caught:
        open_library(path)
    message = str(caught.value)
    assert advice in message
    assert ("backups" in message) == ("backups" in advice)
    assert message.count(". ") == 0 and message.endswith(".")
    for word in ("error", "failed", "invalid"):
        assert word not in message.lower()
