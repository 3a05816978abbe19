"""The learning digest from the library: the range, the format, where; progress while it is written on a
worker thread, Stop leaving no file behind, and the offer to open it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from facilitation.model import Session
from storage.library import Library
from tests.ui.export_fakes import FakeExporter, MemorySettings
from tests.ui.test_export_dialog import _assert_keyed_and_named
from ui.digest_dialog import DigestDialog, digest_file_name, last_full_month
from ui.library_view import DIGEST_KEY
from ui.main_window import MainWindow

NEW_YORK = ZoneInfo("America/New_York")
TODAY = date(2026, 4, 9)


pytestmark = pytest.mark.usefixtures("folder")


def _store(library: Library, title: str, started: datetime) -> int:
    return library.sessions.create(Session(title=title, time_zone="America/New_York", started_at=started))


@pytest.fixture
def march(library: Library) -> Library:
    """Three March incidents (one late on the 31st in New York), one from February and one from April."""
    _store(library, "Late February", datetime(2026, 2, 28, 12, tzinfo=NEW_YORK))
    _store(library, "First of March", datetime(2026, 3, 1, 0, 30, tzinfo=NEW_YORK))
    _store(library, "Mid March", datetime(2026, 3, 15, 9, tzinfo=NEW_YORK))
    _store(library, "Last evening of March", datetime(2026, 3, 31, 23, 30, tzinfo=NEW_YORK))
    _store(library, "April", datetime(2026, 4, 1, 8, tzinfo=NEW_YORK))
    return library


def _dialog(qtbot: QtBot, library: Library, exporter: FakeExporter) -> DigestDialog:
    dialog = DigestDialog(None, library.sessions, exporter, MemorySettings(), today=TODAY)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def test_the_default_range_is_the_last_full_month() -> None:
    assert last_full_month(date(2026, 4, 9)) == (date(2026, 3, 1), date(2026, 3, 31))
    assert last_full_month(date(2026, 1, 1)) == (date(2025, 12, 1), date(2025, 12, 31))
    assert last_full_month(date(2024, 3, 31)) == (date(2024, 2, 1), date(2024, 2, 29))


def test_the_file_name_says_the_month_or_the_days() -> None:
    assert digest_file_name(date(2026, 3, 1), date(2026, 3, 31), "pdf") == "learning-digest-2026-03.pdf"
    assert digest_file_name(date(2026, 3, 1), date(2026, 3, 30), "md") == (
        "learning-digest-2026-03-01-to-2026-03-30.md"
    )
    assert digest_file_name(date(2026, 1, 1), date(2026, 3, 31), "pdf") == (
        "learning-digest-2026-01-01-to-2026-03-31.pdf"
    )


def test_the_dialog_counts_the_debriefs_in_the_range(qtbot: QtBot, march: Library, folder: Path) -> None:
    dialog = _dialog(qtbot, march, FakeExporter())
    assert dialog.chosen_range() == (date(2026, 3, 1), date(2026, 3, 31))
    assert dialog.count.text() == "3 debriefs started on these days."
    assert dialog.where.edit.text() == str(folder / "learning-digest-2026-03.pdf")

    dialog.until.setDate(QDate(2026, 2, 1))
    assert dialog.count.text() == "The last day comes before the first."
    assert not dialog.write_button.isEnabled()
    dialog.since.setDate(QDate(2025, 1, 1))
    dialog.until.setDate(QDate(2025, 1, 31))
    assert dialog.count.text() == "No debrief started on these days."
    assert not dialog.write_button.isEnabled()

    dialog.since.setDate(QDate(2026, 3, 15))
    dialog.until.setDate(QDate(2026, 4, 30))
    assert dialog.count.text() == "3 debriefs started on these days."
    qtbot.keyClick(dialog, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.markdown.isChecked)
    assert dialog.where.edit.text() == str(folder / "learning-digest-2026-03-15-to-2026-04-30.md")


def test_the_digest_is_written_on_a_worker_and_offered_to_open(
    qtbot: QtBot, march: Library, folder: Path, monkeypatch: pytest.MonkeyPatch, offers: list[Path]
) -> None:
    exporter = FakeExporter()
    seen: dict[str, object] = {}

    def write_at_once(dialog: DigestDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
        seen["worker"] = dialog.worker
        qtbot.waitUntil(lambda: dialog.result() == DigestDialog.DialogCode.Accepted)
        return int(dialog.result())

    monkeypatch.setattr(DigestDialog, "exec", write_at_once)
    written = DigestDialog.ask(None, march.sessions, exporter, MemorySettings(), today=TODAY)

    target = folder / "learning-digest-2026-03.pdf"
    assert written == target
    assert seen["worker"] is not None  # it ran off the window's thread
    titles, since, until, kind, path = exporter.digests[0]
    assert titles == ["First of March", "Mid March", "Last evening of March"]
    assert (since, until, kind, path) == (date(2026, 3, 1), date(2026, 3, 31), "pdf", target)
    assert target.read_text() == "digest of 3"
    assert offers == [target]


def test_the_window_answers_while_the_digest_is_laid_out(qtbot: QtBot, march: Library) -> None:
    exporter = FakeExporter(hold_at=2)
    dialog = _dialog(qtbot, march, exporter)
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    assert exporter.held.wait(5)
    # The worker waits at its second session; this thread carries on and shows how far it got.
    qtbot.waitUntil(lambda: dialog.progress is not None and dialog.progress.value() == 3 + 1)
    assert dialog.progress is not None
    assert "Laying out debrief 1 of 3" in dialog.progress.labelText()
    assert dialog.running
    exporter.go.set()
    qtbot.waitUntil(lambda: dialog.written is not None)
    assert not dialog.running


def test_stop_while_laying_out_leaves_no_file(qtbot: QtBot, march: Library, folder: Path) -> None:
    exporter = FakeExporter(hold_at=1)
    dialog = _dialog(qtbot, march, exporter)
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    assert exporter.held.wait(5)
    qtbot.waitUntil(lambda: dialog.progress is not None and dialog.progress.value() >= 3)
    assert dialog.progress is not None
    stop = dialog.progress.findChild(QPushButton)
    assert stop.text() == "&Stop"
    stop.click()
    exporter.go.set()
    qtbot.waitUntil(lambda: not dialog.running)
    assert exporter.told == [(0, 3), (1, 3)]  # asked to stop, it stopped at the next session
    assert exporter.digests == []
    assert dialog.problem.text() == "Stopped; nothing was written."
    assert dialog.isVisible()
    assert dialog.written is None
    assert list(folder.iterdir()) == []


def test_stop_while_reading_the_debriefs_stops_before_writing(
    qtbot: QtBot, march: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    exporter = FakeExporter()
    dialog = _dialog(qtbot, march, exporter)
    read: list[int] = []
    get = march.sessions.get

    def get_then_stop(session_id: int) -> Session:
        read.append(session_id)
        if len(read) == 2:
            assert dialog.progress is not None
            dialog.progress.cancel()
        return get(session_id)

    monkeypatch.setattr(march.sessions, "get", get_then_stop)
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    assert len(read) == 2
    assert exporter.told == []
    assert dialog.worker is None
    assert dialog.problem.text() == "Stopped; nothing was written."


def test_a_refused_digest_is_one_plain_sentence(qtbot: QtBot, march: Library) -> None:
    sentence = "learning-digest-2026-03.pdf could not be written (disk full); nothing was changed there."
    dialog = _dialog(qtbot, march, FakeExporter(refuse=sentence))
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # Write the digest
    qtbot.waitUntil(lambda: dialog.problem.text() == sentence)
    assert not dialog.running
    assert dialog.isVisible()


def test_closing_while_it_writes_stops_it(qtbot: QtBot, march: Library, folder: Path) -> None:
    exporter = FakeExporter(hold_at=1)
    dialog = _dialog(qtbot, march, exporter)
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    assert exporter.held.wait(5)
    worker = dialog.worker
    assert worker is not None
    exporter.go.set()
    dialog.reject()
    assert worker.isFinished()
    assert exporter.digests == []
    assert list(folder.iterdir()) == []


def test_every_control_has_a_key_and_a_name(qtbot: QtBot, march: Library) -> None:
    dialog = _dialog(qtbot, march, FakeExporter())
    _assert_keyed_and_named(dialog, escape=dialog.cancel_button)


def test_the_library_offers_the_digest_with_a_key(
    qtbot: QtBot, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[object] = []
    monkeypatch.setattr(DigestDialog, "ask", classmethod(lambda cls, *args: asked.append(args)))
    window = MainWindow(library.sessions, library.settings, "test library", exporter=FakeExporter())
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    assert [k.toString() for k in window.digest_action.shortcuts()] == [DIGEST_KEY]
    assert window.digest_action.isEnabled()
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_X, _CTRL_SHIFT)
    assert len(asked) == 1
    qtbot.mouseClick(window.library_view.digest_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 2

    window.open_session(library.sessions.create(Session(title="Open")))
    assert not window.digest_action.isEnabled()


_CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
