"""Judging a library file from its bytes before SQLite touches it.

Opening a file with SQLite can roll back a leftover journal or create WAL side
files, so every refusal is decided here, from the 100-byte header and a read
through an immutable URI that never writes.
"""

from __future__ import annotations

import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path

from storage.errors import LibraryDamaged, LibraryTooNew
from storage.migrations import APPLICATION_ID, SCHEMA_VERSION

_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100


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
        raise LibraryDamaged(path, "is a folder, not a library file")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(_HEADER_SIZE)
    except OSError as exc:
        raise LibraryDamaged(path, f"could not be read ({exc.strerror or exc})") from None
    if size == 0:
        return Verdict(exists=True, schema_version=0)
    if not header.startswith(_MAGIC[: len(header)]) or len(header) < len(_MAGIC):
        raise LibraryDamaged(path, "is not a Takeaways library (it is not an SQLite database)")
    if len(header) < _HEADER_SIZE:
        raise LibraryDamaged(path, f"is cut short: only {size} bytes of a library remain")
    _check_layout(path, header, size)
    user_version, application_id = struct.unpack(">I4xI", header[60:72])
    if application_id not in (0, APPLICATION_ID):
        raise LibraryDamaged(path, "belongs to another program (it is not a Takeaways library)")
    if user_version > SCHEMA_VERSION:
        raise LibraryTooNew(path, user_version, SCHEMA_VERSION)
    tables = _table_names(path)
    if application_id == 0 and (tables or user_version):
        raise LibraryDamaged(path, "is an SQLite database of another program, not a Takeaways library")
    return Verdict(exists=True, schema_version=user_version)


def _check_layout(path: Path, header: bytes, size: int) -> None:
    (raw_page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise LibraryDamaged(path, "is damaged: its header names an impossible page size")
    if size % page_size:
        raise LibraryDamaged(path, "is cut short: it ends part-way through a page")
    change_counter, pages = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    if change_counter == valid_for and pages * page_size > size:
        raise LibraryDamaged(path, f"is cut short: it holds {size // page_size} of its {pages} pages")


def _table_names(path: Path) -> list[str]:
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            return [row[0] for row in conn.execute("SELECT name FROM sqlite_master")]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise LibraryDamaged(path, "is damaged: SQLite cannot read its list of tables") from None
