"""Backups: the daily copy, listing, restoring (judged first, backed up first, all at once), the damaged
library set aside, and the lock a restore respects."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest

from facilitation.model import Session
from storage import backups as backups_module
from storage.backups import (
    BEFORE_RESTORE,
    DAILY,
    KEEP,
    backups_folder,
    check_backup,
    daily_backup_due,
    describe_backups,
    make_backup,
    make_daily_backup,
    newest_good_backup,
    restore_backup,
    restore_beside_damaged,
)
from storage.errors import (
    READ_ONLY,
    LibraryDamaged,
    LibraryMissing,
    LibraryProblem,
    LibraryReadOnly,
    LibraryTooNew,
)
from storage.library import Library, open_library, open_read_only
from storage.lock import LibraryLock, lock_path
from storage.migrations import APPLICATION_ID, SCHEMA_VERSION
from tests.factories import full_session

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _titles(path: Path) -> list[str]:
    with open_library(path) as library:
        return [s.title for s in library.sessions.summaries()]


def _damage(path: Path, start: int = 4096) -> None:
    """Overwrite 2 KiB of the file with junk, as a failing disk would (the header stays)."""
    data = bytearray(path.read_bytes())
    data[start : start + 2048] = b"\xde\xad" * 1024
    path.write_bytes(bytes(data))


def test_the_daily_copy_is_made_once_a_day_and_listed_with_its_reason_and_size(library: Library) -> None:
    library.sessions.create(full_session())
    assert daily_backup_due(library.path)

    first = make_daily_backup(library.path)

    assert first is not None and first.exists()
    assert make_daily_backup(library.path) is None  # today's is there already
    assert not daily_backup_due(library.path)
    assert daily_backup_due(library.path, date.today() + timedelta(days=1))
    (listed,) = describe_backups(library.path)
    assert (listed.path, listed.reason, listed.size) == (first, DAILY, first.stat().st_size)
    assert listed.made.date() == date.today()
    assert _titles(first) == [full_session().title]


def test_backups_are_listed_newest_first_and_the_newest_ten_are_kept_across_reasons(library: Library) -> None:
    made = [
        make_backup(library.handle.conn, library.path, DAILY if n % 2 else f"r{n}") for n in range(KEEP + 3)
    ]
    listed = describe_backups(library.path)
    assert [b.path for b in listed] == made[::-1][:KEEP]
    assert [b.made for b in listed] == sorted((b.made for b in listed), reverse=True)


def test_a_copy_left_half_made_is_removed_once_a_day_old_and_never_listed(library: Library) -> None:
    make_backup(library.handle.conn, library.path, DAILY)
    folder = backups_folder(library.path)
    old, fresh = folder / f"{library.path.name}-old.partial", folder / f"{library.path.name}-new.partial"
    old.write_bytes(b"half")
    fresh.write_bytes(b"half")
    long_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (long_ago, long_ago))

    make_backup(library.handle.conn, library.path, DAILY)

    assert not old.exists() and fresh.exists()  # a fresh one may be another process's copy under way
    assert all(b.path.suffix == ".sqlite" for b in describe_backups(library.path))


def test_restoring_replaces_the_content_and_keeps_the_library_as_it_was(library: Library) -> None:
    library.sessions.create(Session(title="Before"))
    copy = make_backup(library.handle.conn, library.path, DAILY)
    library.sessions.create(Session(title="After the copy"))

    before = restore_backup(library.handle.conn, library.path, copy)

    assert [s.title for s in library.sessions.summaries()] == ["Before"]
    assert library.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert BEFORE_RESTORE in before.name
    assert sorted(_titles(before)) == ["After the copy", "Before"]
    assert copy.exists()
    with open_library(library.path) as other:  # another connection sees the restored content
        assert [s.title for s in other.sessions.summaries()] == ["Before"]


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_restoring_a_copy_from_an_older_version_brings_it_up_to_date(library: Library, version: int) -> None:
    restore_backup(library.handle.conn, library.path, FIXTURES / f"library-v{version}.sqlite")

    assert library.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert library.sessions.count() >= 1
    assert library.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_the_copy_being_restored_is_never_pruned_by_the_copy_made_before(library: Library) -> None:
    oldest = make_backup(library.handle.conn, library.path, "oldest")
    library.sessions.create(Session(title="Only in the newer copies"))
    for n in range(KEEP - 1):
        make_backup(library.handle.conn, library.path, f"r{n}")

    restore_backup(library.handle.conn, library.path, oldest)

    assert library.sessions.count() == 0
    assert oldest.exists()


def _newer(tmp_path: Path) -> Path:
    path = tmp_path / "newer.sqlite"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE t(x)")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.commit()
    return path


def test_a_copy_that_is_not_a_sound_library_is_refused_and_nothing_changes(
    library: Library, tmp_path: Path
) -> None:
    library.sessions.create(Session(title="Kept"))
    damaged = make_backup(library.handle.conn, library.path, DAILY)
    library.sessions.create(Session(title="Also kept"))
    for _ in range(20):
        library.sessions.create(full_session())
    big = make_backup(library.handle.conn, library.path, "big")
    _damage(big)
    text = tmp_path / "notes.sqlite"
    text.write_text("not a library", encoding="utf-8")
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    count = library.sessions.count()

    for refused in (big, text, empty, library.path, tmp_path / "missing.sqlite"):
        with pytest.raises(LibraryDamaged) as caught:
            restore_backup(library.handle.conn, library.path, refused)
        sentence = str(caught.value)
        assert "\n" not in sentence and "untouched" in sentence and "Backups" in sentence
    with pytest.raises(LibraryTooNew):
        restore_backup(library.handle.conn, library.path, _newer(tmp_path))
    assert library.sessions.count() == count
    assert damaged.exists()


def test_the_newest_good_backup_skips_damaged_copies(library: Library) -> None:
    for _ in range(20):
        library.sessions.create(full_session())
    good = make_backup(library.handle.conn, library.path, DAILY)
    bad = make_backup(library.handle.conn, library.path, DAILY)
    _damage(bad)
    with pytest.raises(LibraryDamaged):
        check_backup(bad)

    found = newest_good_backup(library.path)

    assert found is not None and found.path == good
    assert check_backup(good) == SCHEMA_VERSION


def test_a_damaged_library_is_set_aside_untouched_and_the_backup_put_in_its_place(tmp_path: Path) -> None:
    path = tmp_path / "team.sqlite"
    with open_library(path, create=True) as library:
        library.sessions.create(Session(title="In the backup"))
        copy = make_backup(library.handle.conn, path, DAILY)
    _damage(path, start=100)  # the list of tables: found as soon as the library is opened
    Path(f"{path}-wal").write_bytes(b"leftover")
    damaged_bytes = path.read_bytes()
    with pytest.raises(LibraryDamaged):
        open_library(path).close()

    aside = restore_beside_damaged(path, copy)

    assert aside.read_bytes() == damaged_bytes
    assert Path(f"{aside}-wal").read_bytes() == b"leftover"
    assert not Path(f"{path}-wal").exists()
    assert _titles(path) == ["In the backup"]


def test_a_copy_that_cannot_be_made_leaves_the_damaged_library_where_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "team.sqlite"
    with open_library(path, create=True) as library:
        copy = make_backup(library.handle.conn, path, DAILY)
    _damage(path, start=100)
    damaged_bytes = path.read_bytes()

    def full_disk(source: Path, conn: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backups_module, "_copy_into", full_disk)
    with pytest.raises(sqlite3.OperationalError):
        restore_beside_damaged(path, copy)

    assert path.read_bytes() == damaged_bytes  # still at its path, for the next try
    assert not list(tmp_path.glob("team.sqlite.damaged-*")) and not list(tmp_path.glob("*.partial"))


def test_a_damaged_library_set_aside_for_a_new_one_leaves_its_path_free(tmp_path: Path) -> None:
    path = tmp_path / "team.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    aside = restore_beside_damaged(path, None)
    assert not path.exists() and aside.read_bytes().startswith(b"SQLite format 3")
    with open_library(path, create=True) as fresh:
        assert fresh.sessions.count() == 0


def test_one_lock_per_library_freed_on_release(tmp_path: Path) -> None:
    path = tmp_path / "team.sqlite"
    first, second = LibraryLock(path), LibraryLock(path)
    assert first.acquire() and first.held
    assert not second.acquire() and not second.held
    assert LibraryLock(tmp_path / "other.sqlite").acquire()
    first.release()
    assert second.acquire()
    second.release()
    assert lock_path(path).exists()  # left in place: removing it would race another taker


def test_a_killed_holder_leaves_the_library_unlocked(tmp_path: Path) -> None:
    path = tmp_path / "team.sqlite"
    with subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from storage.lock import LibraryLock;"
            "assert LibraryLock(Path(sys.argv[1])).acquire(); print('held', flush=True); time.sleep(60)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        assert not LibraryLock(path).acquire()
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    assert LibraryLock(path).acquire()


def test_a_folder_where_no_lock_can_be_made_does_not_stop_anyone(tmp_path: Path) -> None:
    missing = tmp_path / "no such folder" / "team.sqlite"
    assert LibraryLock(missing).acquire()


def test_the_fixture_copies_are_sound_backups(tmp_path: Path) -> None:
    for version in range(1, SCHEMA_VERSION + 1):
        copy = tmp_path / f"v{version}.sqlite"
        shutil.copy(FIXTURES / f"library-v{version}.sqlite", copy)
        assert check_backup(copy) == version
        assert copy.read_bytes() == (FIXTURES / f"library-v{version}.sqlite").read_bytes()


def test_a_library_opened_read_only_reads_and_refuses_every_write(library: Library) -> None:
    session_id = library.sessions.create(full_session())
    before = library.path.read_bytes()
    with open_read_only(library.path) as reader:
        assert reader.sessions.get(session_id).title == full_session().title
        for write in (
            lambda: reader.sessions.create(Session(title="No")),
            lambda: reader.sessions.update_fields(session_id, title="No"),
            lambda: reader.sessions.delete(session_id),
            lambda: reader.settings.save(reader.settings.load()),
        ):
            with pytest.raises(LibraryReadOnly) as caught:
                write()
            assert str(caught.value) == READ_ONLY
    assert library.path.read_bytes() == before
    assert library.sessions.get(session_id).title == full_session().title


def test_read_only_opening_refuses_what_it_cannot_read_as_is(tmp_path: Path) -> None:
    with pytest.raises(LibraryMissing):
        open_read_only(tmp_path / "none.sqlite")
    old = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "library-v1.sqlite", old)
    with pytest.raises(LibraryProblem) as caught:
        open_read_only(old)
    assert "being brought up to date" in str(caught.value)
    assert old.read_bytes() == (FIXTURES / "library-v1.sqlite").read_bytes()


def test_a_copy_with_changes_waiting_in_its_wal_is_not_restored_without_them(
    library: Library, tmp_path: Path
) -> None:
    other = tmp_path / "other.sqlite"
    with open_library(other, create=True) as first:
        first.sessions.create(Session(title="Folded into the file"))
    live = open_library(other)
    live.handle.conn.execute("PRAGMA wal_autocheckpoint = 0")
    live.sessions.create(Session(title="Only in the WAL"))
    try:
        with pytest.raises(LibraryDamaged) as caught:
            restore_backup(library.handle.conn, library.path, other)
        assert "changes wait in its -wal file" in str(caught.value)
        assert library.sessions.count() == 0
    finally:
        live.close()
    restore_backup(library.handle.conn, library.path, other)  # closed: its changes are in the file
    titles = sorted(s.title for s in library.sessions.summaries())
    assert titles == ["Folded into the file", "Only in the WAL"]
