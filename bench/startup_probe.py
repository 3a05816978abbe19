"""Started by bench/run.py: opens Takeaways (or a bare window) and reports when it is idle.

``startup_probe.py LIBRARY`` runs the real entry point, ``takeaways --db LIBRARY``;
``startup_probe.py --bare`` shows a bare PySide6 window. Either prints one line,
``idle RSS_KB``, once the window is shown and the event loop has nothing left to
do, then quits. The parent times the process from spawn to that line.

The app imports Qt when its entry point decides to show the window, after the library's
code; the probe leaves that order alone and only wraps ``QApplication.exec`` once Qt's
widgets module has loaded.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

_WIDGETS = "PySide6.QtWidgets"


def _resident_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _report_when_idle(application: Any, timer: Any) -> None:
    def report() -> None:
        print(f"idle {_resident_kb()}", flush=True)
        application.quit()

    timer.singleShot(0, report)


class _WhenWidgetsLoad(importlib.abc.MetaPathFinder):
    """Calls ``then`` with Qt's widgets module as soon as it has loaded, wherever it is imported."""

    def __init__(self, then: Callable[[ModuleType], None]) -> None:
        self.then = then

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != _WIDGETS:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        load = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            load(module)
            self.then(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _wrap_exec(widgets: ModuleType) -> None:
    from PySide6.QtCore import QTimer

    application = widgets.QApplication
    run_loop = application.exec

    def exec_then_report(*_ignored: object) -> int:
        _report_when_idle(application, QTimer)
        return int(run_loop())

    application.exec = exec_then_report


def main() -> int:
    if sys.argv[1] == "--bare":
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QWidget

        app = QApplication(sys.argv[:1])
        window = QWidget()
        window.setWindowTitle("bare")
        window.show()
        _report_when_idle(QApplication, QTimer)
        return app.exec()

    sys.meta_path.insert(0, _WhenWidgetsLoad(_wrap_exec))
    from app.main import main as takeaways

    return takeaways(["--db", sys.argv[1]])


if __name__ == "__main__":
    sys.exit(main())
