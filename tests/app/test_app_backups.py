"""The app's backups: today's copy in the background, File > Backups… and Restore from a file…, the
offer for a damaged library, and one app per library."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app import gui, library_backups
from app.library_backups import DailyBackup, LibraryBackups, open_or_recover
from app.main import main
from app.single_instance import InstanceServer, ask_first_to_come_forward, server_name
from facilitation.model import Session, WentWrong
from storage.backups import DAILY, backups_folder, describe_backups, make_backup
from storage.errors import READ_ONLY, LibraryReadOnly
from storage.library import Library, open_library
from storage.lock import LibraryLock
from ui.backups_dialog import BackupsDialog, ChooseBackupFile, ConfirmRestore, describe_reason
from ui.damaged_library_dialog import NEW, QUIT, RESTORE, DamagedLibraryDialog
from ui.instance_notice import SecondInstanceNotice
from ui.main_window import MainWindow


def _titles(library: Library) -> list[str]:
    return sorted(s.title for s in library.sessions.summaries())


@pytest.fixture
def window(qtbot: QtBot, library: Library) -> MainWindow:
    shown = MainWindow(library.sessions, library.settings, "test", backups=LibraryBackups(library))
    qtbot.addWidget(shown)
    return shown


def test_the_daily_copy_is_made_on_its_own_thread(qtbot: QtBot, library: Library) -> None:
    library.sessions.create(Session(title="Kept daily"))
    daily = DailyBackup(library.path)
    daily.start()
    daily.wait()
    (made,) = describe_backups(library.path)
    assert made.reason == DAILY
    with open_library(made.path) as copy:
        assert _titles(copy) == ["Kept daily"]


def test_a_daily_copy_that_cannot_be_made_is_said_plainly(qtbot: QtBot, library: Library) -> None:
    backups_folder(library.path).write_text("a file where the folder belongs")
    daily = DailyBackup(library.path)
    with qtbot.waitSignal(daily.problem) as told:
        daily.start()
        daily.wait()
    sentence = told.args[0] if told.args else ""
    assert sentence.startswith("Today's backup of the library was not made. It could not be written (")
    assert "Everything is still saved in the library" in sentence


def test_restoring_from_the_backups_dialog_replaces_the_library_shown(
    window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.sessions.create(Session(title="Before"))
    copy = make_backup(library.handle.conn, library.path, DAILY)
    library.sessions.create(Session(title="After"))
    window.show_library()
    assert window.library_view.table.model().rowCount() == 2
    monkeypatch.setattr(
        BackupsDialog, "ask", classmethod(lambda cls, parent, keeper: keeper.backups()[0].path)
    )
    monkeypatch.setattr(ConfirmRestore, "ask", classmethod(lambda cls, parent, path: True))

    window.backups_action.trigger()

    assert _titles(library) == ["Before"]
    assert window.library_view.table.model().rowCount() == 1
    made = next(b.made for b in describe_backups(library.path) if b.path == copy)
    assert window.statusBar().currentMessage() == (
        f"Restored the backup of {made:%Y-%m-%d %H:%M}; the library as it was is the newest copy in Backups."
    )
    assert copy in [b.path for b in describe_backups(library.path)]


def test_a_restore_not_confirmed_or_refused_changes_nothing(
    window: MainWindow, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.sessions.create(Session(title="Kept"))
    notes = tmp_path / "notes.sqlite"
    notes.write_text("not a library")
    monkeypatch.setattr(ChooseBackupFile, "ask", classmethod(lambda cls, parent, folder: notes))
    answers = [False, True]
    monkeypatch.setattr(ConfirmRestore, "ask", classmethod(lambda cls, parent, path: answers.pop(0)))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))

    window.restore_action.trigger()  # not confirmed
    window.restore_action.trigger()  # confirmed, but not a library

    assert len(told) == 1 and "not a Takeaways library" in told[0] and "untouched" in told[0]
    assert _titles(library) == ["Kept"]
    assert describe_backups(library.path) == []


def test_the_backups_dialog_lists_each_copy_in_plain_words(qtbot: QtBot, library: Library) -> None:
    make_backup(library.handle.conn, library.path, DAILY)
    make_backup(library.handle.conn, library.path, "before-v5")
    dialog = BackupsDialog(None, describe_backups(library.path))
    qtbot.addWidget(dialog)
    reasons = [dialog.model.item(row, 1).text() for row in range(dialog.model.rowCount())]
    assert reasons == ["Before the update to schema 5", "Daily"]
    assert dialog.chosen() == describe_backups(library.path)[0].path
    assert describe_reason("before-restore") == "Before a restore"
    empty = BackupsDialog(None, [])
    qtbot.addWidget(empty)
    assert not empty.restore_button.isEnabled() and "no backups yet" in empty.note.text()


def _damaged_with_backup(path: Path) -> bytes:
    with open_library(path, create=True) as library:
        library.sessions.create(Session(title="In the backup"))
        make_backup(library.handle.conn, path, DAILY)
        library.sessions.create(Session(title="Lost with the damage"))
    data = bytearray(path.read_bytes())
    data[100:2148] = b"\xde\xad" * 1024
    path.write_bytes(bytes(data))
    return bytes(data)


@pytest.mark.parametrize(("choice", "titles"), [(RESTORE, ["In the backup"]), (NEW, [])])
def test_a_damaged_library_at_start_offers_the_newest_good_backup_or_a_new_library(
    qapp: QApplication, library_path: Path, monkeypatch: pytest.MonkeyPatch, choice: str, titles: list[str]
) -> None:
    damaged = _damaged_with_backup(library_path)
    offered: list[tuple[str, str | None]] = []

    def answer(cls: object, parent: object, problem: str, backup: str | None) -> str:
        offered.append((problem, backup))
        return choice

    monkeypatch.setattr(DamagedLibraryDialog, "ask", classmethod(answer))

    library, said = open_or_recover(library_path)

    assert library is not None
    with library:
        assert _titles(library) == titles
    (problem, backup) = offered[0]
    assert problem.startswith(f"{library_path} is damaged") and backup is not None
    (aside,) = library_path.parent.glob("library.sqlite.damaged-*")
    assert aside.read_bytes() == damaged  # kept, never overwritten
    assert aside.name in said


def test_quitting_at_the_damaged_library_offer_leaves_everything_as_it_was(
    qapp: QApplication, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = _damaged_with_backup(library_path)
    monkeypatch.setattr(DamagedLibraryDialog, "ask", classmethod(lambda cls, parent, problem, backup: QUIT))
    assert open_or_recover(library_path) == (None, "")
    assert library_path.read_bytes() == damaged
    assert not list(library_path.parent.glob("*.damaged-*"))


def test_without_a_backup_only_a_new_library_or_quitting_is_offered(
    qapp: QApplication, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library_path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    offered: list[str | None] = []
    monkeypatch.setattr(
        library_backups.DamagedLibraryDialog,
        "ask",
        classmethod(lambda cls, parent, problem, backup: offered.append(backup) or NEW),
    )
    library, _ = open_or_recover(library_path)
    assert library is not None and offered == [None]
    library.close()


def test_the_second_app_on_a_library_brings_the_first_forward(qtbot: QtBot, library_path: Path) -> None:
    raised: list[bool] = []
    server = InstanceServer(library_path, lambda: raised.append(True))
    answers: list[bool] = []
    # The second app waits on its socket; here it runs on a thread so this one can answer.
    asking = threading.Thread(target=lambda: answers.append(ask_first_to_come_forward(library_path)))
    asking.start()
    qtbot.waitUntil(lambda: bool(answers), timeout=5000)
    asking.join()
    server.server.close()
    assert answers == [True] and raised == [True]
    assert not ask_first_to_come_forward(library_path)  # nobody listening: no answer
    assert server_name(library_path) == server_name(library_path.parent / "." / library_path.name)


def test_a_second_app_is_told_plainly_and_opens_no_window(
    qapp: QApplication, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_library(library_path, create=True).close()
    told: list[tuple[str, bool]] = []
    monkeypatch.setattr(
        SecondInstanceNotice,
        "ask",
        classmethod(lambda cls, parent, label, answered: told.append((label, answered))),
    )
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    first = LibraryLock(library_path)  # the first app holds the library
    assert first.acquire()
    try:
        assert main(["--db", str(library_path)]) == 0
    finally:
        first.release()
    assert told == [(str(library_path), False)]  # the first app here has no window to answer
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def test_a_second_app_may_open_the_library_read_only_and_changes_nothing(
    qapp: QApplication, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_library(library_path, create=True) as first:
        session_id = first.sessions.create(Session(title="Seen read-only"))
    monkeypatch.setattr(SecondInstanceNotice, "ask", classmethod(lambda cls, parent, label, answered: True))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    seen: list[MainWindow] = []

    def look(*_ignored: object) -> int:
        (window,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        seen.append(window)
        assert window.windowTitle().endswith("— read-only")
        assert window.read_only_banner.isVisibleTo(window)
        assert not window.new_action.isEnabled() and not window.backups_action.isEnabled()
        window.new_session()
        assert "read-only" in window.statusBar().currentMessage()
        window.open_session(session_id)
        assert window.editor is not None
        problems: list[str] = []
        window.editor.save_problem.connect(problems.append)
        assert not window.editor.add_item("went_wrong", WentWrong(text="Typed in the read-only window"))
        assert problems and "read-only" in problems[0]
        assert window.save_state.text() == "Read-only"
        assert "read-only" in window.statusBar().currentMessage()
        window.close()  # nothing to keep, so nothing to ask
        return 0

    monkeypatch.setattr(QApplication, "exec", look)
    first_app = LibraryLock(library_path)
    assert first_app.acquire()
    try:
        assert main(["--db", str(library_path)]) == 0
    finally:
        first_app.release()
    assert len(seen) == 1
    with open_library(library_path) as library:
        assert [s.title for s in library.sessions.summaries()] == ["Seen read-only"]
        assert library.sessions.get(session_id).went_wrong == []


def test_a_refused_write_that_reaches_the_exception_hook_is_said_in_its_own_sentence(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    log = tmp_path / "log.txt"
    gui._install_exception_hook(lambda: log)

    sys.excepthook(LibraryReadOnly, LibraryReadOnly(READ_ONLY), None)

    assert told == [READ_ONLY]
    assert not log.exists()  # not a fault to report: nothing is logged
