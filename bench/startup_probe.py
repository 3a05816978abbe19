"""Started by bench/run.py: opens Takeaways (or a bare window) and reports when it is idle.

``startup_probe.py LIBRARY`` runs the real entry point, ``takeaways --db LIBRARY``;
``startup_probe.py --bare`` shows a bare PySide6 window. Either prints one line,
``idle RSS_KB``, once the window is shown and the event loop has nothing left to
do, then quits. The parent times the process from spawn to that line.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def _resident_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _report_when_idle() -> None:
    def report() -> None:
        print(f"idle {_resident_kb()}", flush=True)
        QApplication.quit()

    QTimer.singleShot(0, report)


def main() -> int:
    if sys.argv[1] == "--bare":
        app = QApplication(sys.argv[:1])
        window = QWidget()
        window.setWindowTitle("bare")
        window.show()
        _report_when_idle()
        return app.exec()

    from app.main import main as takeaways

    run_loop = QApplication.exec

    def exec_then_report(*_ignored: object) -> int:
        _report_when_idle()
        return run_loop()

    QApplication.exec = exec_then_report  # type: ignore[method-assign]
    return takeaways(["--db", sys.argv[1]])


if __name__ == "__main__":
    sys.exit(main())
