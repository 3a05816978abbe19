"""The lock a Takeaways app holds on its library while it is open, so a restore never pulls it away.

The lock is ``flock`` on a small file beside the library (``NAME.lock``), never on
the library itself: closing any other descriptor of the library file would drop
SQLite's own locks. The kernel lets go of it when the process ends, however it
ends, so a killed app never leaves the library locked. (POSIX ``flock``: Linux and macOS.)
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path


def lock_path(library: Path) -> Path:
    """The file beside the library that carries the lock."""
    return library.with_name(f"{library.name}.lock")


class LibraryLock:
    """An exclusive hold on a library: the open app's, or a restore's while it runs."""

    def __init__(self, library: Path) -> None:
        self.path = lock_path(library)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock without waiting; False when another process holds it.

        A folder where the lock file cannot be made (read-only) gives True: nothing
        there can be written, so there is nothing for the lock to protect.
        """
        if self._fd is not None:
            return True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return True
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        """Let go of the lock (the file stays: removing it would race another process taking it)."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
