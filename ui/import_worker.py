"""Reading a file to import off the window's thread, with progress, and stopping when asked."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from facilitation.imports.common import (
    ImportCancelled,
    ImportOptions,
    ImportProblem,
    ImportResult,
    Progress,
    read,
)
from ui.workers import Worker


class ImportWorker(Worker):
    """Reads one file as one format. It touches only what it was handed (a path, a format, options),
    never the library or a widget; the outcome waits on it once ``finished`` is emitted."""

    progressed = Signal(object, object)
    """``done`` of ``total`` (bytes, or files of a Slack export) read; Python ints, as files pass 2 GB."""

    def __init__(
        self, path: Path, format: str, options: ImportOptions, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.path, self.format, self.options = path, format, options
        self._stop = threading.Event()
        self.result: ImportResult | None = None
        self.problem: ImportProblem | None = None
        """The file could not be read: its sentence, and for a day or columns to choose, what is needed."""
        self.error: Exception | None = None
        """Anything else, raised again on the window's thread, where the exception hook is."""

    @property
    def cancelled(self) -> bool:
        """Stopped before it was read whole."""
        return self._stop.is_set() and self.result is None

    def stop(self) -> None:
        """Ask the reader to stop at its next step; nothing read is kept."""
        self._stop.set()

    def run(self) -> None:
        try:
            result = read(self.path, self.format, self.options, self._report)
        except ImportCancelled:
            self._stop.set()
        except ImportProblem as problem:
            self.problem = problem
        except Exception as error:
            self.error = error
        else:
            if not self._stop.is_set():
                self.result = result

    def _report(self, progress: Progress) -> bool:
        self.progressed.emit(progress.done, progress.total)
        return not self._stop.is_set()
