"""``takeaways backups`` and ``takeaways restore FILE``: the library's copies, and putting one back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import CommandProblem, _library_path, _printable
from facilitation.messages import echo
from storage.backups import describe_backups, restore_backup, restore_beside_damaged
from storage.errors import RESTORE_A_BACKUP, LibraryDamaged, LibraryMissing
from storage.library import open_library
from storage.lock import LibraryLock


def add_commands(commands: argparse._SubParsersAction[Any], library: argparse.ArgumentParser) -> None:
    """Add ``backups`` and ``restore`` to the command parser; ``library`` carries ``--db``."""
    listing = commands.add_parser(
        "backups", parents=[library], help="the library's automatic backups, newest first, one a line"
    )
    listing.set_defaults(run=run_backups)
    restoring = commands.add_parser(
        "restore", parents=[library], help="put a backup back in place (the library is backed up first)"
    )
    restoring.add_argument("file", metavar="FILE", type=Path)
    restoring.set_defaults(run=run_restore)


def run_backups(args: argparse.Namespace) -> int:
    """Print the library's backups, newest first: time, reason, size in bytes and path, tab-separated."""
    path = _library_path(args)
    backups = describe_backups(path)
    if not backups and not path.exists():
        raise LibraryMissing(path)
    for backup in backups:
        fields = (f"{backup.made:%Y-%m-%d %H:%M:%S}", backup.reason, str(backup.size), str(backup.path))
        print(_printable("\t".join(fields), sys.stdout))
    if not backups:
        print(f"{path} has no backups yet; the app makes one each day it is opened.", file=sys.stderr)
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """Replace the library's content with FILE's, after backing the library up; says where that copy is."""
    path = _library_path(args)
    source: Path = args.file
    if source.is_dir():
        raise CommandProblem(
            f"{echo(str(source), 300)} is a folder; name the library copy inside it to restore."
        )
    if not source.is_file():
        raise CommandProblem(f"There is no file {echo(str(source), 300)}; check the name and try again.")
    if not path.exists():
        raise LibraryMissing(path)
    lock = LibraryLock(path)
    if not lock.acquire():
        raise CommandProblem(
            f"Another Takeaways has {path} open, so nothing was restored; restore from its "
            "File menu (Backups…), or close it and run this again."
        )
    try:
        try:
            library = open_library(path)
        except LibraryDamaged as problem:
            if problem.next_step != RESTORE_A_BACKUP:  # a folder, or another program's file: not ours to move
                raise
            aside = restore_beside_damaged(path, source)
            open_library(path).close()  # brings an older copy up to date
            print(f"Restored {source} into {path}; the damaged library was kept, renamed {aside}.")
            return 0
        with library:
            before = restore_backup(library.handle.conn, path, source)
        print(f"Restored {source} into {path}; the library as it was is kept in {before}.")
    finally:
        lock.release()
    return 0
