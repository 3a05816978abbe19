"""Writing an export's file so that a failure never leaves half a file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from glob import escape as glob_escape
from pathlib import Path

STALE_PART_S = 3600
"""A temporary ``.part`` file this old beside its target was left by an export that was stopped."""


def _new_file_mode() -> int:
    """What a new file's permissions would be here: read and write, less the user's umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(path: Path, data: bytes) -> None:
    """Writes ``data`` to ``path`` through a temporary file in the same folder, then renames it.

    An existing file at ``path`` is replaced only once the new one is complete and on disk;
    if anything fails, the temporary file is removed and ``path`` is as it was. A replaced
    file keeps its permissions; a new one gets what the user's umask allows.

    Args:
        path: Where the file goes; its folder must exist.
        data: The whole file.

    Raises:
        OSError: The folder is missing or not writable, the disk is full …
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        mode = _new_file_mode()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    remove_stale_parts(path)


def remove_stale_parts(path: Path) -> None:
    """Temporary files of ``path`` that a stopped export left, an hour old or more (never one in use)."""
    for part in path.parent.glob(f".{glob_escape(path.name)}.*.part"):
        with contextlib.suppress(OSError):
            if time.time() - part.stat().st_mtime >= STALE_PART_S:
                part.unlink()
