"""Copies of the library made with SQLite's online backup API, the newest ten kept; restoring one."""

from __future__ import annotations

import contextlib
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from storage import header
from storage.errors import LibraryDamaged, LibraryRefused
from storage.migrations import SCHEMA_VERSION, migrate

KEEP = 10
DAILY = "daily"
"""The reason the app's once-a-day copy carries."""
BEFORE_RESTORE = "before-restore"
"""The reason of the copy taken just before a restore replaces the library's content."""
RESTORE_ANOTHER = (
    "choose another copy to restore (Backups in the app's File menu, and takeaways backups, list them)"
)
"""The next step when a file offered for restoring is not one."""
_STAMP = "%Y%m%d-%H%M%S-%f"
_STALE_PARTIAL_S = 24 * 3600
"""A ``.partial`` copy this old was left by a process that was stopped mid-copy."""


@dataclass(frozen=True)
class Backup:
    """One backup of a library.

    Attributes:
        path: The copy.
        made: When it was made (local time, from its name).
        reason: Why: ``daily``, ``before-restore``, ``before-v5``…
        size: Its size in bytes.
    """

    path: Path
    made: datetime
    reason: str
    size: int


def backups_folder(library: Path) -> Path:
    """The folder beside the library where its backups live."""
    return library.parent / "backups"


def _own_names(library: Path) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(library.name)}-(\d{{8}}-\d{{6}}-\d{{6}})-(.+)\.sqlite")


def list_backups(library: Path) -> list[Path]:
    """The library's backups, oldest first.

    Only names of this library's own copies count: another library in the same
    folder (``team-archive.sqlite`` beside ``team.sqlite``, or ``team.db``) shares
    the folder, and pruning must never take its copies. Copies are named by the
    library's whole file name, extension included, for that reason. (No glob: a
    name may hold ``[``.)
    """
    folder = backups_folder(library)
    if not folder.is_dir():
        return []
    own = _own_names(library)
    return sorted(path for path in folder.iterdir() if own.fullmatch(path.name))


def describe_backups(library: Path) -> list[Backup]:
    """The library's backups with their time, reason and size, newest first."""
    own = _own_names(library)
    found = []
    for path in reversed(list_backups(library)):
        match = own.fullmatch(path.name)
        assert match is not None  # list_backups keeps only names that match
        try:
            size = path.stat().st_size
        except OSError:  # pruned by another process meanwhile
            continue
        found.append(Backup(path, datetime.strptime(match[1], _STAMP), match[2], size))
    return found


def make_backup(conn: sqlite3.Connection, library: Path, reason: str, spare: Path | None = None) -> Path:
    """Copy the open library into its backups folder and prune to the newest ten.

    The copy is written as ``.partial`` and renamed once whole, so a copy that
    has its final name is complete.

    Args:
        conn: An open connection to the library.
        library: The library's path, which names the copy.
        reason: A word for why (``before-v2``, ``daily``), kept in the file name.
        spare: A copy never pruned now (the one about to be restored).

    Returns:
        The path of the new copy.
    """
    folder = backups_folder(library)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime(_STAMP)
    target = folder / f"{library.name}-{stamp}-{reason}.sqlite"
    partial = target.with_suffix(".partial")
    try:
        copy = sqlite3.connect(partial)
        try:
            conn.backup(copy)
            copy.commit()
        finally:
            copy.close()
        partial.replace(target)
    except BaseException:  # a full disk, say: no half copy left behind
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    for old in list_backups(library)[:-KEEP]:
        if old != spare:
            old.unlink()
    _remove_stale_partials(library)
    return target


def _remove_stale_partials(library: Path) -> None:
    """Copies a stopped process left half-made, once they are a day old (never one being made)."""
    prefix = f"{library.name}-"
    for path in backups_folder(library).iterdir():
        if path.name.startswith(prefix) and path.suffix == ".partial":
            with contextlib.suppress(OSError):
                if time.time() - path.stat().st_mtime > _STALE_PARTIAL_S:
                    path.unlink()


def daily_backup_due(library: Path, today: date | None = None) -> bool:
    """Whether the library has no ``daily`` copy made today yet."""
    today = today or date.today()
    return not any(b.reason == DAILY and b.made.date() == today for b in describe_backups(library))


def make_daily_backup(library: Path, today: date | None = None) -> Path | None:
    """Make today's ``daily`` copy through a connection of its own, unless one exists.

    Meant to run in a thread of its own while the app is in use: the copy is one
    read of a WAL library, which never holds up the window's writes.

    Returns:
        The new copy, or None when today's was already there.
    """
    if not daily_backup_due(library, today):
        return None
    conn = sqlite3.connect(library, timeout=5)
    try:
        return make_backup(conn, library, DAILY)
    finally:
        conn.close()


def check_backup(path: Path) -> int:
    """Judge a file offered as a backup without writing to it; returns its schema version.

    Raises:
        LibraryDamaged: Not a library, damaged (``integrity_check`` does not pass), or empty.
        LibraryTooNew: From a newer Takeaways.
    """
    try:
        verdict = header.judge(path)
    except LibraryDamaged:
        raise LibraryDamaged(path, "is not a Takeaways library in good order", RESTORE_ANOTHER) from None
    if not verdict.exists:
        raise LibraryDamaged(path, "is not there", RESTORE_ANOTHER)
    if verdict.schema_version == 0:
        raise LibraryDamaged(path, "holds no Takeaways library", RESTORE_ANOTHER)
    if header.has_commits(Path(f"{path}-wal")):
        # Read as it is on disk, its latest changes would be left out of the copy.
        raise LibraryDamaged(
            path,
            "is open in a program or was not closed (changes wait in its -wal file beside it)",
            "open it once with Takeaways (--db) and close it, then restore it",
        )
    try:
        conn = _read_only(path)
        try:
            verdict_rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        verdict_rows = []
    if verdict_rows != [("ok",)]:
        raise LibraryDamaged(path, "is damaged: SQLite's integrity check does not pass", RESTORE_ANOTHER)
    return verdict.schema_version


def newest_good_backup(library: Path) -> Backup | None:
    """The newest backup of the library that passes ``check_backup``."""
    for backup in describe_backups(library):
        try:
            check_backup(backup.path)
        except LibraryRefused:  # damaged, or from a newer Takeaways: not one to offer
            continue
        return backup
    return None


def restore_backup(conn: sqlite3.Connection, library: Path, source: Path) -> Path:
    """Replace the open library's content with ``source``'s, in one transaction.

    The source is judged first; the library is backed up (``before-restore``);
    then SQLite's backup API copies the source into the library in a single
    step, which commits as one transaction: a kill at any moment leaves either
    the old content or the restored one, whole. A copy from an older schema is
    then brought up to date on the same connection.

    Returns:
        The backup of the library as it was before.

    Raises:
        LibraryDamaged, LibraryTooNew: ``source`` is not a copy to restore; nothing changed.
    """
    if source.resolve() == library.resolve():
        raise LibraryDamaged(source, "is the library itself, not a copy of it", RESTORE_ANOTHER)
    check_backup(source)
    with contextlib.closing(_read_only(source)) as copy:
        theirs = copy.execute("PRAGMA page_size").fetchone()[0]
    ours = conn.execute("PRAGMA page_size").fetchone()[0]
    if theirs != ours:  # SQLite cannot copy pages of another size into a library in WAL mode
        raise LibraryDamaged(
            source,
            f"is laid out in pages of {theirs:,} bytes and this library in pages of {ours:,}, so it "
            "cannot be copied in",
            "open it with --db instead, or choose a copy Takeaways made",
        )
    before = make_backup(conn, library, BEFORE_RESTORE, spare=source)
    _copy_into(source, conn)
    _bring_up_to_date(conn)
    return before


def restore_beside_damaged(library: Path, source: Path | None) -> Path:
    """Put a damaged library aside under a new name, and start afresh at its path.

    The damaged file (and the WAL and shared-memory files beside it) are renamed,
    never changed or deleted, to ``NAME.damaged-STAMP``; then ``source``, when
    given, is copied to the library's path (``None`` leaves the path free for a
    new library). The copy is made as ``.partial`` and renamed once whole.

    Returns:
        Where the damaged file now is.

    Raises:
        LibraryDamaged, LibraryTooNew: ``source`` is not a copy to restore; nothing changed.
    """
    if source is not None:
        check_backup(source)
    partial = library.with_name(f"{library.name}.partial")
    if source is not None:
        # The copy is whole before anything is moved: if it cannot be made, the damaged file stays put.
        try:
            conn = sqlite3.connect(partial)
            try:
                _copy_into(source, conn)
            finally:
                conn.close()
        except BaseException:
            with contextlib.suppress(OSError):
                partial.unlink()
            raise
    aside = library.with_name(f"{library.name}.damaged-{datetime.now().strftime(_STAMP)}")
    for suffix in ("-wal", "-shm", ""):
        side = Path(f"{library}{suffix}")
        if side.exists():
            side.rename(f"{aside}{suffix}")
    if source is not None:
        partial.replace(library)
    return aside


def _copy_into(source: Path, conn: sqlite3.Connection) -> None:
    copy = _read_only(source)
    try:
        copy.backup(conn)
    finally:
        copy.close()


def _bring_up_to_date(conn: sqlite3.Connection) -> None:
    if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
        conn.execute("PRAGMA journal_mode = WAL")
        migrate(conn)


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes to ``path`` nor creates files beside it."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
