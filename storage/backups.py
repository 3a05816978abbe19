"""Copies of the library made with SQLite's online backup API, the newest ten kept."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from pathlib import Path

KEEP = 10


def backups_folder(library: Path) -> Path:
    """The folder beside the library where its backups live."""
    return library.parent / "backups"


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
    own = re.compile(rf"{re.escape(library.name)}-\d{{8}}-\d{{6}}-\d{{6}}-.+\.sqlite")
    return sorted(path for path in folder.iterdir() if own.fullmatch(path.name))


def make_backup(conn: sqlite3.Connection, library: Path, reason: str) -> Path:
    """Copy the open library into its backups folder and prune to the newest ten.

    Args:
        conn: An open connection to the library.
        library: The library's path, which names the copy.
        reason: A word for why (``before-v2``, ``daily``), kept in the file name.

    Returns:
        The path of the new copy.
    """
    folder = backups_folder(library)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{library.name}-{stamp}-{reason}.sqlite"
    partial = target.with_suffix(".partial")
    copy = sqlite3.connect(partial)
    try:
        conn.backup(copy)
    finally:
        copy.close()
    partial.replace(target)
    for old in list_backups(library)[:-KEEP]:
        old.unlink()
    return target
