"""`takeaways backups` and `takeaways restore`, and what a writer says when the library stays locked."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from facilitation.interchange import dumps
from facilitation.model import Session
from storage import library as library_module
from storage.backups import DAILY, describe_backups, make_backup
from storage.database import BUSY
from storage.library import open_library
from storage.lock import LibraryLock
from tests.app.cli_runner import Run
from tests.factories import full_session, library_with


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return library_with(tmp_path / "data" / "library.sqlite", Session(title="First"))


def _titles(path: Path) -> list[str]:
    with open_library(path) as library:
        return sorted(s.title for s in library.sessions.summaries())


def _backup(path: Path, reason: str = DAILY) -> Path:
    with open_library(path) as library:
        return make_backup(library.handle.conn, path, reason)


def test_backups_lists_time_reason_size_and_path_newest_first(run: Run, db: Path) -> None:
    older, newer = _backup(db), _backup(db, "before-v9")

    code, out, err = run("backups", "--db", db)

    assert (code, err) == (0, "")
    lines = [line.split("\t") for line in out.splitlines()]
    assert [line[3] for line in lines] == [str(newer), str(older)]
    assert [line[1] for line in lines] == ["before-v9", DAILY]
    assert lines[0][2] == str(newer.stat().st_size)
    assert lines[0][0] == f"{describe_backups(db)[0].made:%Y-%m-%d %H:%M:%S}"


def test_backups_of_a_library_without_any_says_so_on_stderr(run: Run, db: Path, tmp_path: Path) -> None:
    assert run("backups", "--db", db) == (
        0,
        "",
        f"{db} has no backups yet; the app makes one each day it is opened.\n",
    )
    code, out, err = run("backups", "--db", tmp_path / "nowhere.sqlite")
    assert code == 2 and out == "" and err.startswith("There is no library at")


def test_restore_puts_the_copy_back_and_keeps_the_library_as_it_was(run: Run, db: Path) -> None:
    copy = _backup(db)
    with open_library(db) as library:
        library.sessions.create(Session(title="Second"))

    code, out, err = run("restore", "--db", db, copy)

    assert (code, err) == (0, "")
    assert _titles(db) == ["First"]
    before = describe_backups(db)[0]
    assert before.reason == "before-restore" and str(before.path) in out
    assert _titles(before.path) == ["First", "Second"]


def test_restore_refuses_a_file_that_is_not_a_sound_copy_and_changes_nothing(
    run: Run, db: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_text("not a library", encoding="utf-8")
    session_json = tmp_path / "session.json"
    session_json.write_text(dumps(full_session()), encoding="utf-8")
    before = db.read_bytes()
    for refused in (notes, session_json, db, tmp_path / "missing.sqlite", tmp_path):
        code, out, err = run("restore", "--db", db, refused)
        assert code == 2 and out == "" and err.count("\n") == 1, err
        assert "Traceback" not in err
    assert db.read_bytes() == before
    assert describe_backups(db) == []


def test_restore_waits_for_no_app_it_says_the_library_is_open_elsewhere(run: Run, db: Path) -> None:
    copy = _backup(db)
    with open_library(db) as library:
        library.sessions.create(Session(title="Second"))
    app = LibraryLock(db)
    assert app.acquire()
    try:
        code, out, err = run("restore", "--db", db, copy)
    finally:
        app.release()
    assert code == 2 and out == ""
    assert err == (
        f"Another Takeaways has {db} open, so nothing was restored; restore from its File menu "
        "(Backups…), or close it and run this again.\n"
    )
    assert _titles(db) == ["First", "Second"]


def test_restore_into_a_damaged_library_sets_the_damaged_file_aside(run: Run, db: Path) -> None:
    copy = _backup(db)
    data = bytearray(db.read_bytes())
    data[100:2148] = b"\xde\xad" * 1024
    db.write_bytes(bytes(data))

    code, out, err = run("restore", "--db", db, copy)

    assert (code, err) == (0, "")
    (aside,) = db.parent.glob("library.sqlite.damaged-*")
    assert aside.read_bytes() == bytes(data) and str(aside) in out
    assert _titles(db) == ["First"]


def test_restore_over_another_programs_file_moves_nothing(run: Run, db: Path, tmp_path: Path) -> None:
    copy = _backup(db)
    other = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
        conn.commit()
    before = other.read_bytes()

    code, out, err = run("restore", "--db", other, copy)

    assert code == 2 and out == "" and err.count("\n") == 1
    assert other.read_bytes() == before and not list(tmp_path.glob("other.sqlite.damaged-*"))


def test_restore_of_a_copy_with_other_page_sizes_says_so_and_changes_nothing(
    run: Run, db: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "small-pages.sqlite"
    with closing(sqlite3.connect(_backup(db))) as conn:
        conn.execute(f"VACUUM INTO '{copy}'")  # a copy as another tool may make it, then re-paged
    with closing(sqlite3.connect(copy)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA page_size = 1024")
        conn.execute("VACUUM")
    backups_before = describe_backups(db)

    code, out, err = run("restore", "--db", db, copy)

    assert code == 2 and out == "" and "pages of 1,024 bytes" in err and err.count("\n") == 1
    assert describe_backups(db) == backups_before and _titles(db) == ["First"]


def test_restore_into_a_missing_library_creates_nothing(run: Run, db: Path, tmp_path: Path) -> None:
    copy = _backup(db)
    missing = tmp_path / "elsewhere" / "library.sqlite"
    code, out, err = run("restore", "--db", missing, copy)
    assert code == 2 and out == "" and err.startswith("There is no library at")
    assert not missing.parent.exists()


def test_a_writer_that_cannot_get_the_lock_says_so_in_one_sentence(
    run: Run, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_module, "BUSY_TIMEOUT_MS", 100)
    session_json = tmp_path / "session.json"
    session_json.write_text(dumps(full_session()), encoding="utf-8")
    with closing(sqlite3.connect(db, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock throughout
        code, out, err = run("import", "--format", "json", "--db", db, session_json)
        other.execute("ROLLBACK")
    assert (code, out, err) == (2, "", BUSY + "\n")
    assert _titles(db) == ["First"]
