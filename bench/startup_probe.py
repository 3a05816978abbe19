"""Started by bench/run.py: opens the main window (or a bare one) and reports when it is idle.

Prints one line, ``idle RSS_KB``, once the window is shown and the event loop has
nothing left to do, then quits. The parent times the process from spawn to that line.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _resident_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv[:1])
    if sys.argv[1] == "--bare":
        window = QWidget()
        window.setWindowTitle("bare")
    else:
        from storage.library import open_library
        from ui.main_window import MainWindow
        from ui.theme import apply_theme

        apply_theme(app)
        library = open_library(Path(sys.argv[1]))
        window = MainWindow(library.sessions, library.settings, sys.argv[1])
    window.show()

    def report() -> None:
        print(f"idle {_resident_kb()}", flush=True)
        app.quit()

    QTimer.singleShot(0, report)
    app.exec()


if __name__ == "__main__":
    main()
