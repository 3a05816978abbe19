"""Work off the window's thread: a Python thread behind a QObject whose signals reach the window.

The work runs on a plain ``threading.Thread``, not a ``QThread``: deleting a ``QThread`` object
while its thread winds down can deadlock its destructor against the interpreter's lock (the test
suite met it), and a Python thread leaves no Qt object to delete. Signals emitted from the thread
are queued to the window's thread, as with a ``QThread``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal


class Worker(QObject):
    """Runs ``run()`` on its own thread once ``start()`` is called; ``finished`` says it ended."""

    finished = Signal()
    run: Callable[[], None]
    """The work: each kind of worker defines it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the work on a thread of its own."""
        self._thread = threading.Thread(target=self._main, name=type(self).__name__, daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Return once the work has ended (at once if it never started)."""
        if self._thread is not None:
            self._thread.join()

    def isFinished(self) -> bool:
        """Whether the work started and has ended."""
        return self._thread is not None and not self._thread.is_alive()

    def _main(self) -> None:
        try:
            self.run()
        finally:
            self.finished.emit()


def let_go(worker: Worker) -> None:
    """Wait for ``worker``'s thread to end, then delete it."""
    worker.wait()
    worker.deleteLater()
