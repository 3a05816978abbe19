"""Judging a library file from its bytes before SQLite touches it.

Opening a file with SQLite can roll back a leftover journal or create WAL side
files, so every refusal is decided here, from the 100-byte header, the newest
committed copy of that header in a leftover WAL (read as bytes), and a read
through an immutable URI that never writes.
"""

from __future__ import annotations

import os
import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path

from storage.errors import (
    CHECK_ACCESS,
    CHOOSE_ANOTHER_FILE,
    NAME_THE_FILE_INSIDE,
    RESTORE_A_BACKUP,
    LibraryDamaged,
    LibraryTooNew,
)
from storage.migrations import APPLICATION_ID, SCHEMA_VERSION

_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100
_NOT_SQLITE = "is not a Takeaways library (it is not an SQLite database)"
_WAL_MAGIC = (0x377F0682, 0x377F0683)
_WAL_HEADER_SIZE = 32
_WAL_FRAME_HEADER_SIZE = 24


@dataclass(frozen=True)
class Verdict:
    """What the file at a path is, as far as opening it goes.

    Attributes:
        exists: A file is there (possibly empty).
        schema_version: Its ``user_version``; 0 for a new or empty library.
    """

    exists: bool
    schema_version: int


def judge(path: Path) -> Verdict:
    """Decide whether ``path`` may be opened as a library, without writing anything.

    Raises:
        LibraryDamaged: Not an SQLite file, cut short, damaged, or another program's.
        LibraryTooNew: Written by a newer Takeaways.
    """
    if not path.exists():
        return Verdict(exists=False, schema_version=0)
    if path.is_dir():
        raise LibraryDamaged(path, "is a folder, not a library file", NAME_THE_FILE_INSIDE)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(_HEADER_SIZE)
        wal_page_one = committed_page_one(Path(f"{path}-wal"))
    except OSError as exc:
        raise LibraryDamaged(path, f"could not be read ({exc.strerror or exc})", CHECK_ACCESS) from None
    if size == 0 and wal_page_one is None:
        return Verdict(exists=True, schema_version=0)
    if size:
        if not header.startswith(_MAGIC[: len(header)]) or len(header) < len(_MAGIC):
            raise LibraryDamaged(path, _NOT_SQLITE, CHOOSE_ANOTHER_FILE)
        if len(header) < _HEADER_SIZE:
            raise LibraryDamaged(
                path, f"is cut short: only {size} bytes of a library remain", RESTORE_A_BACKUP
            )
        _check_layout(path, header, size, completed_by_wal=wal_page_one is not None)
    # Commits not yet folded back into the file sit in the WAL: its newest committed
    # page 1 holds the header SQLite will read.
    current = header if wal_page_one is None else wal_page_one
    if not current.startswith(_MAGIC):
        raise LibraryDamaged(path, _NOT_SQLITE, CHOOSE_ANOTHER_FILE)
    user_version, application_id = struct.unpack(">I4xI", current[60:72])
    if application_id not in (0, APPLICATION_ID):
        raise LibraryDamaged(
            path, "belongs to another program (it is not a Takeaways library)", CHOOSE_ANOTHER_FILE
        )
    if user_version > SCHEMA_VERSION:
        raise LibraryTooNew(path, user_version, SCHEMA_VERSION)
    if wal_page_one is not None:
        # The file itself may be part-way through a checkpoint: the WAL completes it.
        tables = _page_one_has_tables(wal_page_one)
    else:
        # Reading the table list also shows whether SQLite can read the schema page at all.
        tables = bool(_table_names(path)) if size else False
    if application_id == 0 and (tables or user_version):
        raise LibraryDamaged(
            path,
            "is an SQLite database of another program, not a Takeaways library",
            CHOOSE_ANOTHER_FILE,
        )
    return Verdict(exists=True, schema_version=user_version)


def committed_page_one(wal: Path) -> bytes | None:
    """The newest committed image of page 1 in a write-ahead log, read as plain bytes.

    SQLite is not used: even a read-only connection creates a ``-shm`` file beside
    the library. Frames count from the WAL header while their salts match it, up to
    the last commit frame (one whose "database size after commit" is not zero);
    checksums are not verified. A missing, short or unrecognised WAL gives None,
    as SQLite itself would ignore it.

    Raises:
        OSError: The WAL exists but cannot be read.
    """
    return _scan(wal)[1]


def has_commits(wal: Path) -> bool:
    """Whether a write-ahead log holds committed changes not yet folded into its library (read as bytes).

    Raises:
        OSError: The WAL exists but cannot be read.
    """
    return _scan(wal)[0]


def _scan(wal: Path) -> tuple[bool, bytes | None]:
    """Whether the WAL holds a commit, and the newest committed page 1 in it (see ``committed_page_one``)."""
    try:
        stream = wal.open("rb")
    except FileNotFoundError:
        return False, None
    with stream:
        size = os.fstat(stream.fileno()).st_size
        header = stream.read(_WAL_HEADER_SIZE)
        if len(header) < _WAL_HEADER_SIZE:
            return False, None
        magic, _format, page_size = struct.unpack(">III", header[:12])
        salts = header[16:24]
        if magic not in _WAL_MAGIC or not 512 <= page_size <= 65536 or page_size & (page_size - 1):
            return False, None
        any_commit = False
        committed: bytes | None = None
        pending: bytes | None = None
        # Only frame headers and page-1 frames are read: a WAL can be large.
        frame_size = _WAL_FRAME_HEADER_SIZE + page_size
        for offset in range(_WAL_HEADER_SIZE, size - frame_size + 1, frame_size):
            stream.seek(offset)
            frame = stream.read(_WAL_FRAME_HEADER_SIZE)
            if len(frame) < _WAL_FRAME_HEADER_SIZE or frame[8:16] != salts:
                break
            page_number, size_after_commit = struct.unpack(">II", frame[:8])
            if page_number == 1:
                pending = stream.read(page_size)
                if len(pending) < page_size:
                    break
            if size_after_commit:
                any_commit = True
                committed = pending if pending is not None else committed
                pending = None
        return any_commit, committed


def _page_one_has_tables(page: bytes) -> bool:
    # Page 1 holds the root of the schema table after the 100-byte header: a leaf
    # page (type 13) lists the tables in its cells; any other type has more below it.
    page_type, cells = page[_HEADER_SIZE], int.from_bytes(page[_HEADER_SIZE + 3 : _HEADER_SIZE + 5], "big")
    return page_type != 0x0D or cells > 0


def _check_layout(path: Path, header: bytes, size: int, completed_by_wal: bool) -> None:
    """Refuse a file whose header cannot be right, or that is shorter than its header says.

    A file whose newest page 1 is in a leftover WAL is not judged short: a checkpoint
    killed part-way writes page 1 (the new size) before the pages after it, and
    SQLite finishes the job from the WAL when the library is next opened.
    """
    (raw_page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise LibraryDamaged(path, "is damaged: its header names an impossible page size", RESTORE_A_BACKUP)
    if size % page_size:
        raise LibraryDamaged(path, "is cut short: it ends part-way through a page", RESTORE_A_BACKUP)
    change_counter, pages = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    if change_counter == valid_for and pages * page_size > size and not completed_by_wal:
        raise LibraryDamaged(
            path, f"is cut short: it holds {size // page_size} of its {pages} pages", RESTORE_A_BACKUP
        )


def _table_names(path: Path) -> list[str]:
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            return [row[0] for row in conn.execute("SELECT name FROM sqlite_master")]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise LibraryDamaged(
            path, "is damaged: SQLite cannot read its list of tables", RESTORE_A_BACKUP
        ) from None
