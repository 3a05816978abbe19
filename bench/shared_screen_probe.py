"""Run by ``bench/run.py`` on an X server: how soon the shared screen repaints after an edit.

Usage: ``shared_screen_probe.py EDITS``. It makes a debrief in a temporary library,
opens the facilitator's window and the shared screen (as a normal window), and
adds EDITS timeline entries through the entry line. For each, it times from the
Enter until the shared screen has painted the change, each Enter starting from an idle
event loop. The application has the app's own theme (style sheet). A bare baseline follows in
the same process: a label's text set, until the label has painted. It prints one
line of JSON: ``{"ours": [ms, …], "bare": [ms, …]}``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QWidget

PAINT_WAIT_S = 2.0
SETTLE_PASSES = 3


class _PaintWatch(QObject):
    """Notes when any widget inside ``window`` paints."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and (watched is self.window or self.window.isAncestorOf(watched))
        ):
            self.painted = True
        return False


def _until_painted(app: QApplication, watch: _PaintWatch, change: Callable[[], object]) -> float:
    """Milliseconds from ``change`` until the watched window has painted.

    Each sample starts idle, as an Enter in a meeting does (seconds apart): whatever the last
    one left to do (the facilitator's window repainting) is done first, untimed.
    """
    for _ in range(SETTLE_PASSES):
        app.processEvents()
    watch.painted = False
    start = time.perf_counter_ns()
    change()
    deadline = time.monotonic() + PAINT_WAIT_S
    while not watch.painted:
        app.processEvents()
        if time.monotonic() > deadline:
            raise RuntimeError("the window did not paint within two seconds")
    return (time.perf_counter_ns() - start) / 1e6


def main() -> None:
    """Measure and print the JSON line."""
    from timeline_window import timeline_window

    from facilitation.model import Participant, new_session
    from storage.library import open_library
    from ui.theme import apply_theme

    edits = int(sys.argv[1])
    app = QApplication([sys.argv[0]])
    apply_theme(app)  # the look the app has: its style sheet costs in painting too
    ours: list[float] = []
    with (
        tempfile.TemporaryDirectory() as folder,
        open_library(Path(folder) / "probe.sqlite", create=True) as library,
    ):
        session = new_session("Europe/Copenhagen", library.settings.load().policy)
        session.started_at = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
        session.participants = [Participant("Ana", "on-call engineer")]
        window, _ = timeline_window(library, session)
        assert window.session_view is not None
        window.shared_screen.open()
        shared = window.shared_screen.screen
        if shared is None:
            raise RuntimeError("the shared screen did not open")
        watch = _PaintWatch(shared)
        app.installEventFilter(watch)
        view = window.session_view.timeline
        for _ in range(20):  # let both windows map and settle
            app.processEvents()
            time.sleep(0.01)
        for number in range(edits + 5):
            # Each entry is the newest, so each one changes what the shared screen shows.
            at = f"{14 + number // 60:02d}:{number % 60:02d}"
            view.entry_line.setText(f"{at} @Ana: the checkout error rate rose again ({number})")
            ms = _until_painted(app, watch, view.capture)
            if number >= 5:
                ours.append(ms)
        app.removeEventFilter(watch)
        window.show_library()
        window.close()
    label = QLabel("0")
    label.resize(800, 200)
    label.show()
    bare_watch = _PaintWatch(label)
    app.installEventFilter(bare_watch)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)
    bare = [_until_painted(app, bare_watch, lambda n=n: label.setText(f"entry {n}")) for n in range(edits)]
    print(json.dumps({"ours": ours, "bare": bare}), flush=True)


if __name__ == "__main__":
    main()
