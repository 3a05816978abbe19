"""Work off the window's thread: finished reaches the window, waiting joins, nothing is left to delete."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from ui.workers import Worker, let_go


class _Counting(Worker):
    def __init__(self) -> None:
        super().__init__()
        self.ran_on: threading.Thread | None = None

    def run(self) -> None:
        self.ran_on = threading.current_thread()


def test_the_work_runs_off_the_window_thread_and_finished_reaches_the_window(qtbot: QtBot) -> None:
    worker = _Counting()
    assert not worker.isFinished()
    worker.wait()  # never started: returns at once
    received: list[threading.Thread] = []
    worker.finished.connect(lambda: received.append(threading.current_thread()))
    with qtbot.waitSignal(worker.finished, timeout=5000):
        worker.start()
    worker.wait()
    assert worker.isFinished()
    assert worker.ran_on is not None and worker.ran_on is not threading.main_thread()
    assert received == [threading.main_thread()]
    let_go(worker)
