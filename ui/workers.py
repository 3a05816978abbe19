"""Letting go of a worker thread once it has finished."""

from __future__ import annotations

from PySide6.QtCore import QThread


def let_go(worker: QThread) -> None:
    """Wait for ``worker``'s thread to end, then delete it.

    ``finished`` comes while the thread is still winding down; deleting it before it has
    (wait) can deadlock its destructor against the thread's last use of the interpreter.
    """
    worker.wait()
    worker.deleteLater()
