"""The pinned Qt binding keeps Python's reference counts: a long meeting must not crash the app.

PySide6 6.12.0 on Python 3.11 dropped a reference to None on every Qt call that
returns nothing, and to True on every signal emitted; after a few thousand Enters
the process aborted ("deallocating None"). This guards the pin in pyproject.toml.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel


class _Emitter(QObject):
    fired = Signal()


def test_qt_calls_and_signals_keep_none_and_true_alive(qapp: QApplication) -> None:
    label = QLabel()
    emitter = _Emitter()
    emitter.fired.connect(label.clear)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(3000):
        label.setText("x")
        label.setEnabled(True)
        emitter.fired.emit()
    assert sys.getrefcount(None) >= none_before - 50
    assert sys.getrefcount(True) >= true_before - 50
