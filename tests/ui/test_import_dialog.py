"""Import into the timeline from the app: the format found from the path, Slack's channels and time window,
the day of a chat log, the columns of a CSV, reading in the background with progress and Stop, the preview
to pick from, and one undo step for the whole import; a problem is one sentence and adds nothing."""

from __future__ import annotations

import json
import threading
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facilitation.imports.common import ImportCancelled, ImportedEntry, ImportOptions, ImportResult, Progress
from facilitation.model import ChatDetails, Session, TimelineEntry
from facilitation.phases import Phase
from storage.library import Library
from tests import strategies
from ui import import_worker
from ui.import_dialog import IMPORT_KEY, ChooseSource, ImportDialog
from ui.import_preview import (
    CHANNEL_COLUMN,
    INCLUDE_COLUMN,
    STAR_COLUMN,
    WHAT_COLUMN,
    WHO_COLUMN,
    ImportPreviewModel,
)
from ui.keys_dialog import menu_actions
from ui.main_window import MainWindow
from ui.session_editor import SessionEditor
from ui.shared_screen import Row
from ui.timeline_model import SOURCE_COLUMN, TimelineModel
from ui.timeline_model import WHAT_COLUMN as ENTRY_WHAT
from ui.timeline_model import WHO_COLUMN as ENTRY_WHO

BERLIN = ZoneInfo("Europe/Berlin")
SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "slack-export-sample"
_ROLE = Qt.ItemDataRole


def _ts(hour: int, minute: int, second: int = 0) -> str:
    """A Slack ``ts`` on 2026-03-02, UTC."""
    return f"{datetime(2026, 3, 2, hour, minute, second, tzinfo=UTC).timestamp():.6f}"


def _slack_export(folder: Path) -> Path:
    """A small export: #incident-auth with a thread, a bot alert, a join; #random with one message."""
    folder.mkdir()
    (folder / "channels.json").write_text(
        json.dumps([{"id": "C1", "name": "incident-auth"}, {"id": "C2", "name": "random"}])
    )
    (folder / "users.json").write_text(
        json.dumps(
            [
                {"id": "U1", "name": "ana", "profile": {"display_name": "Ana", "real_name": "Ana Lima"}},
                {"id": "U2", "name": "bo", "real_name": "Bo Chen", "profile": {"display_name": ""}},
            ]
        )
    )
    incident = [
        {"type": "message", "subtype": "channel_join", "user": "U2", "text": "joined", "ts": _ts(13, 0)},
        {
            "type": "message",
            "user": "U1",
            "text": "Login errors &lt;b&gt;&amp; 500s&lt;/b&gt;",
            "ts": _ts(14, 2, 11),
        },
        {
            "type": "message",
            "user": "U2",
            "text": "Rolling back <@U1>",
            "ts": _ts(14, 5),
            "thread_ts": _ts(14, 2, 11),
        },
        {
            "type": "message",
            "subtype": "bot_message",
            "bot_id": "B1",
            "username": "pagerbot",
            "text": "ALERT auth p99 > 2s",
            "ts": _ts(14, 1),
        },
    ]
    (folder / "incident-auth").mkdir()
    (folder / "incident-auth" / "2026-03-02.json").write_text(json.dumps(incident))
    (folder / "random").mkdir()
    (folder / "random" / "2026-03-02.json").write_text(
        json.dumps([{"type": "message", "user": "U2", "text": "lunch?", "ts": _ts(12, 0)}])
    )
    return folder


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return _slack_export(tmp_path / "export")


@pytest.fixture
def editor(qtbot: QtBot, library: Library) -> SessionEditor:
    """An open session in Berlin with two entries of its own, before and after the chat (14:01-14:05 UTC)."""
    session = Session(title="Auth outage", time_zone="Europe/Berlin")
    session.timeline = [
        TimelineEntry(text="Deploy 412 went out", at=datetime(2026, 3, 2, 15, 0, tzinfo=BERLIN), actor="CI"),
        TimelineEntry(text="All clear", at=datetime(2026, 3, 2, 16, 0, tzinfo=BERLIN), actor="Ana"),
    ]
    session_id = library.sessions.create(session)
    return SessionEditor(library.sessions, library.sessions.get(session_id))


def _dialog(qtbot: QtBot, editor: SessionEditor) -> ImportDialog:
    dialog = ImportDialog(None, editor)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def _choose(qtbot: QtBot, dialog: ImportDialog, path: str) -> None:
    """Type ``path`` and wait while the dialog looks at it (its channels, its columns)."""
    dialog.path.setText(path)
    assert dialog.look_timer.isActive()
    qtbot.waitUntil(lambda: not dialog.look_timer.isActive())


def _read(qtbot: QtBot, dialog: ImportDialog) -> None:
    qtbot.mouseClick(dialog.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.reading)


def _texts(entries: list[TimelineEntry]) -> list[str]:
    return [entry.text for entry in entries]


def test_the_format_is_found_from_the_path_and_can_be_changed(
    qtbot: QtBot, editor: SessionEditor, export: Path, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, editor)
    _choose(qtbot, dialog, str(export))
    assert dialog.chosen_format() == "slack"
    assert [dialog.channel_model.item(r).text() for r in range(2)] == ["#incident-auth", "#random"]
    assert dialog.channel_hint.text().startswith("2 channels")
    assert dialog.form.isRowVisible(dialog.skip_bots)
    _choose(qtbot, dialog, str(tmp_path / "log.txt"))
    assert dialog.chosen_format() == "chat"
    assert not dialog.form.isRowVisible(dialog.skip_bots)
    _choose(qtbot, dialog, str(tmp_path / "timeline.csv"))
    assert dialog.chosen_format() == "timeline-csv"
    dialog.format.setCurrentIndex(dialog.format.findData("chat"))
    assert dialog.chosen_format() == "chat"


def test_a_slack_export_is_previewed_and_added_as_one_undo_step(
    qtbot: QtBot, editor: SessionEditor, export: Path, library: Library
) -> None:
    dialog = _dialog(qtbot, editor)
    _choose(qtbot, dialog, str(export))
    dialog.channel_model.item(1).setCheckState(Qt.CheckState.Unchecked)  # not #random
    _read(qtbot, dialog)

    assert dialog.pages.currentWidget() is dialog.preview_page
    model = dialog.preview
    assert model.rowCount() == 3
    assert dialog.count.text() == "3 of 3 entries selected"
    assert dialog.add_button.text() == "&Add 3 entries"
    assert "housekeeping" in dialog.notices.text()
    assert [model.index(r, WHO_COLUMN).data() for r in range(3)] == ["pagerbot (bot)", "Ana", "Bo Chen"]
    assert model.index(0, CHANNEL_COLUMN).data() == "#incident-auth"
    assert model.index(1, WHAT_COLUMN).data() == "Login errors <b>& 500s</b>"  # as written, never as markup
    assert model.index(2, WHAT_COLUMN).data() == "↳ Rolling back @Ana"
    thread = 'reply to Ana 15:02: "Login errors <b>& 500s</b>"'
    assert (
        model.index(2, WHAT_COLUMN).data(_ROLE.ToolTipRole)
        == f"Rolling back @Ana\nIn #incident-auth · {thread}"
    )
    assert model.index(0, 2).data() == "Mar 2 15:01"  # 14:01 UTC, in the session's zone

    model.setData(model.index(0, INCLUDE_COLUMN), Qt.CheckState.Unchecked.value, _ROLE.CheckStateRole)
    qtbot.mouseClick(
        dialog.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=dialog.table.visualRect(model.index(1, STAR_COLUMN)).center(),
    )
    assert dialog.count.text() == "2 of 3 entries selected"
    assert dialog.add_button.text() == "&Add 2 entries"
    before = _texts(editor.session.timeline)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)

    assert dialog.added == 2
    timeline = editor.session.timeline
    assert _texts(timeline) == [  # among the session's own entries, by time
        "Deploy 412 went out",
        "Login errors <b>& 500s</b>",
        "Rolling back @Ana",
        "All clear",
    ]
    assert timeline[1].starred and not timeline[2].starred
    assert timeline[2].chat is not None and timeline[2].chat.channel == "#incident-auth"
    assert timeline[2].chat.thread
    stored = library.sessions.get(editor.session_id).timeline
    assert [(e.key, e.text) for e in stored] == [(e.key, e.text) for e in timeline]  # disk and window agree

    editor.undo_stack.undo()  # Ctrl+Z: the whole import, at once
    assert _texts(editor.session.timeline) == before
    assert _texts(library.sessions.get(editor.session_id).timeline) == before
    editor.undo_stack.redo()
    assert [(e.key, e.text) for e in library.sessions.get(editor.session_id).timeline] == [
        (e.key, e.text) for e in timeline
    ]
    assert _texts(editor.session.timeline) == _texts(timeline)


def test_select_none_then_all(qtbot: QtBot, editor: SessionEditor, export: Path) -> None:
    dialog = _dialog(qtbot, editor)
    _choose(qtbot, dialog, str(export))
    dialog.skip_bots.setChecked(True)
    _read(qtbot, dialog)
    assert dialog.count.text() == "3 of 3 entries selected"  # the bot is left out, #random is in
    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.count.text() == "0 of 3 entries selected")  # a mnemonic clicks later
    assert not dialog.add_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.count.text() == "3 of 3 entries selected")
    dialog.table.setFocus()
    dialog.table.selectRow(0)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert dialog.count.text() == "2 of 3 entries selected"
    qtbot.keyClick(
        dialog.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert dialog.preview.is_starred(0)


def test_the_time_window_narrows_what_is_read(qtbot: QtBot, editor: SessionEditor, export: Path) -> None:
    dialog = _dialog(qtbot, editor)
    _choose(qtbot, dialog, str(export))
    dialog.since.setText("2026-03-02 15:02")
    dialog.until.setText("2026-03-02")  # a bare day: to its end
    _read(qtbot, dialog)
    assert [dialog.preview.entry(r).text for r in range(dialog.preview.rowCount())] == [
        "Login errors <b>& 500s</b>",
        "Rolling back @Ana",
    ]


def test_a_window_that_cannot_be_read_is_said_and_nothing_is_read(
    qtbot: QtBot, editor: SessionEditor, export: Path
) -> None:
    dialog = _dialog(qtbot, editor)
    _choose(qtbot, dialog, str(export))
    dialog.since.setText("yesterday")
    _read(qtbot, dialog)
    assert dialog.problem.text().startswith("The time window's start: 'yesterday' is not a day or a time")
    assert dialog.pages.currentWidget() is dialog.source_page
    dialog.since.setText("2026-03-03")
    dialog.until.setText("2026-03-02")
    _read(qtbot, dialog)
    assert dialog.problem.text() == "The time window ends before it starts; change From or To."


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda p: p.write_bytes(b"PK\x03\x04 not really a zip"), "export.zip"),
        (lambda p: p.write_bytes(bytes(range(256)) * 40), "export.zip"),
    ],
)
def test_a_broken_file_is_one_sentence_and_adds_nothing(
    qtbot: QtBot, editor: SessionEditor, tmp_path: Path, make: Callable[[Path], None], said: str
) -> None:
    broken = tmp_path / "export.zip"
    make(broken)
    before = _texts(editor.session.timeline)
    dialog = _dialog(qtbot, editor)
    _choose(qtbot, dialog, str(broken))
    _read(qtbot, dialog)
    text = dialog.problem.text()
    assert said in text and text.endswith(".") and "Traceback" not in text
    assert dialog.problem.isVisible()
    assert dialog.pages.currentWidget() is dialog.source_page
    assert _texts(editor.session.timeline) == before


def test_malformed_json_in_a_day_file_names_the_file(
    qtbot: QtBot, editor: SessionEditor, export: Path
) -> None:
    (export / "incident-auth" / "2026-03-02.json").write_text('[{"type": "message", "ts": ')
    dialog = _dialog(qtbot, editor)
    _choose(qtbot, dialog, str(export))
    _read(qtbot, dialog)
    assert "2026-03-02.json" in dialog.problem.text()
    assert editor.undo_stack.count() == 0


def test_a_zip_of_the_export_reads_as_the_folder(
    qtbot: QtBot, editor: SessionEditor, export: Path, tmp_path: Path
) -> None:
    zipped = tmp_path / "export.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        for file in export.rglob("*.json"):
            archive.write(file, file.relative_to(export))
    dialog = _dialog(qtbot, editor)
    _choose(qtbot, dialog, str(zipped))
    assert dialog.chosen_format() == "slack"
    _read(qtbot, dialog)
    assert dialog.preview.rowCount() == 4


def test_a_chat_log_without_dates_asks_for_the_day(
    qtbot: QtBot, editor: SessionEditor, tmp_path: Path
) -> None:
    log = tmp_path / "irc.log"
    log.write_text("[14:02] <ana> paged about login errors\n[14:05] <bo> rolling back\n")
    dialog = _dialog(qtbot, editor)
    assert dialog.day.text() == "2026-03-02"  # the incident's day, from its first entry
    dialog.day.setText("")
    _choose(qtbot, dialog, str(log))
    _read(qtbot, dialog)
    assert dialog.problem.isVisible() and dialog.problem.text()
    assert dialog.day.hasFocus() or QApplication.focusWidget() is dialog.day
    dialog.day.setText("2026-03-01")
    _read(qtbot, dialog)
    assert dialog.preview.rowCount() == 2
    assert dialog.preview.entry(0).at == datetime(2026, 3, 1, 14, 2, tzinfo=BERLIN)


def test_a_csv_with_odd_headers_gets_the_mapping_step(
    qtbot: QtBot, editor: SessionEditor, tmp_path: Path
) -> None:
    sheet = tmp_path / "notes.csv"
    sheet.write_text("Wann,Wer,Was\n2026-03-02 14:02,Ana,Paged\n2026-03-02 14:10,Bo,Rolled back\n")
    dialog = _dialog(qtbot, editor)
    _choose(qtbot, dialog, str(sheet))
    assert dialog.chosen_format() == "timeline-csv"
    assert dialog.mapping.isVisibleTo(dialog)
    _read(qtbot, dialog)
    assert dialog.problem.text().startswith("Choose the column that holds the")
    for field, header in (("at", "Wann"), ("actor", "Wer"), ("text", "Was")):
        box = dialog.mapping.columns[field]
        box.setCurrentIndex(box.findData(header))
    _read(qtbot, dialog)
    assert [dialog.preview.entry(r).text for r in range(2)] == ["Paged", "Rolled back"]
    assert dialog.preview.entry(1).actor == "Bo"


class _HeldReader:
    """Stands in for the readers: reports progress, then waits to be let go, and stops when told to."""

    def __init__(self) -> None:
        self.reported = threading.Event()
        self.go_on = threading.Event()

    def __call__(
        self, path: Path, format: str, options: ImportOptions, progress: Callable[[Progress], bool] | None
    ) -> ImportResult:
        assert progress is not None
        progress(Progress(3_000_000_000, 12_000_000_000))  # a quarter of a file larger than 2 GB
        self.reported.set()
        self.go_on.wait(10)
        if not progress(Progress(6_000_000_000, 12_000_000_000)):
            raise ImportCancelled
        return ImportResult()


def _read_and_hold(
    qtbot: QtBot, editor: SessionEditor, export: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[_HeldReader, ImportDialog]:
    """Start reading ``export`` with a reader that holds a quarter of the way, once it has said so."""
    reader = _HeldReader()
    monkeypatch.setattr(import_worker, "read", reader)
    dialog = _dialog(qtbot, editor)
    _choose(qtbot, dialog, str(export))
    qtbot.mouseClick(dialog.read_button, Qt.MouseButton.LeftButton)
    assert reader.reported.wait(10)
    return reader, dialog


def test_reading_shows_progress_and_stop_adds_nothing(
    qtbot: QtBot, editor: SessionEditor, export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader, dialog = _read_and_hold(qtbot, editor, export, monkeypatch)
    assert dialog.reading
    qtbot.waitUntil(lambda: dialog.progress.value() == 250)
    assert dialog.progress_row.isVisible() and not dialog.read_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # stops the reading, not the dialog
    reader.go_on.set()
    qtbot.waitUntil(lambda: not dialog.reading)
    assert dialog.isVisible()
    assert dialog.problem.text() == "Stopped; nothing was read and nothing is added."
    assert not dialog.progress_row.isVisible() and dialog.read_button.isEnabled()
    assert editor.undo_stack.count() == 0


def test_closing_while_reading_stops_and_adds_nothing(
    qtbot: QtBot, editor: SessionEditor, export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader, dialog = _read_and_hold(qtbot, editor, export, monkeypatch)
    threading.Timer(0.05, reader.go_on.set).start()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == ImportDialog.DialogCode.Rejected
    assert dialog.added is None and dialog.worker is None
    assert len(editor.session.timeline) == 2


def test_cancel_in_the_preview_adds_nothing(qtbot: QtBot, editor: SessionEditor, export: Path) -> None:
    dialog = _dialog(qtbot, editor)
    _choose(qtbot, dialog, str(export))
    _read(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == ImportDialog.DialogCode.Rejected
    assert len(editor.session.timeline) == 2 and editor.undo_stack.count() == 0


def test_a_library_that_cannot_be_written_is_said_in_the_dialog(
    qtbot: QtBot, editor: SessionEditor, export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(session_id: int, entries: list[TimelineEntry]) -> list[TimelineEntry]:
        raise OSError("The disk is full.")

    dialog = _dialog(qtbot, editor)
    _choose(qtbot, dialog, str(export))
    _read(qtbot, dialog)
    monkeypatch.setattr(editor.repository, "add_timeline_entries", refuse)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == "That change was not made. The disk is full. Try it again in a moment."
    assert dialog.isVisible() and dialog.added is None
    assert len(editor.session.timeline) == 2 and editor.undo_stack.count() == 0


def test_choosing_a_folder_or_a_file(
    qtbot: QtBot, editor: SessionEditor, export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ChooseSource, "folder", classmethod(lambda cls, parent, start: export))
    monkeypatch.setattr(ChooseSource, "file", classmethod(lambda cls, parent, start: None))
    dialog = _dialog(qtbot, editor)
    qtbot.mouseClick(dialog.choose_file_button, Qt.MouseButton.LeftButton)
    assert dialog.path.text() == ""
    qtbot.mouseClick(dialog.choose_folder_button, Qt.MouseButton.LeftButton)
    assert dialog.path.text() == str(export) and dialog.chosen_format() == "slack"
    _read(qtbot, dialog)
    assert dialog.preview.rowCount() == 4


def test_a_missing_path_is_said(qtbot: QtBot, editor: SessionEditor, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, editor)
    _read(qtbot, dialog)
    assert dialog.problem.text().startswith("Choose a file or a folder to import")
    _choose(qtbot, dialog, str(tmp_path / "gone.zip"))
    _read(qtbot, dialog)
    assert dialog.problem.text().startswith("Nothing is at ")


def test_the_preview_model_is_a_sound_model(qtmodeltester, export: Path) -> None:  # type: ignore[no-untyped-def]
    from facilitation.imports.common import read

    model = ImportPreviewModel("Europe/Berlin")
    model.set_rows(read(export, "slack", ImportOptions(zone="Europe/Berlin")).entries)
    qtmodeltester.check(model)
    model.include_all(False)
    assert model.chosen() == []
    model.set_included([1, 2], True)
    model.set_starred([2], True)
    assert [entry.starred for entry in model.chosen()] == [False, True]


def test_the_timeline_shows_where_a_chat_message_was_said() -> None:
    details = ChatDetails(channel="#incident-auth", thread="reply to Ana 15:02: “Login errors…”", bot=True)
    entry = TimelineEntry(key="t1", text="ALERT", actor="pagerbot", source="chat", chat=details)
    plain = TimelineEntry(key="t2", text="typed", actor="Ana", source="chat")
    model = TimelineModel("Europe/Berlin")
    model.set_rows([entry, plain])
    assert model.index(0, ENTRY_WHO).data() == "pagerbot (bot)"
    assert model.index(0, ENTRY_WHAT).data() == "↳ ALERT"
    assert model.index(0, SOURCE_COLUMN).data() == "#incident-auth"
    assert model.index(0, SOURCE_COLUMN).data(_ROLE.AccessibleTextRole) == "chat in #incident-auth"
    assert model.tooltip(model.index(0, SOURCE_COLUMN)) == (
        "In #incident-auth · reply to Ana 15:02: “Login errors…” · from a bot"
    )
    assert (model.tooltip(model.index(0, ENTRY_WHAT)) or "").endswith("from a bot")
    assert model.edit_text(model.index(0, ENTRY_WHAT)) == "ALERT"  # editing reads the words alone
    assert model.index(1, SOURCE_COLUMN).data() == "chat"
    assert model.index(1, ENTRY_WHO).data() == "Ana"


def test_the_menu_action_and_its_key_open_the_dialog(
    qtbot: QtBot, window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[SessionEditor] = []

    def ask(cls: type[ImportDialog], parent: object, editor: SessionEditor) -> int:
        asked.append(editor)
        return 3

    monkeypatch.setattr(ImportDialog, "ask", classmethod(ask))
    window.open_session(library.sessions.create(Session(title="Keys")))
    listed = [(action, key) for menu, action, key in menu_actions(window.menuBar()) if menu == "Session"]
    assert ("Import into the timeline: Slack, a chat log or a timeline CSV…", IMPORT_KEY) in listed
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1 and asked[0] is window.editor
    assert "3 entries added to the timeline" in window.statusBar().currentMessage()
    view = window.session_view
    assert view is not None
    view.prepare.import_requested.emit()
    view.timeline.import_requested.emit()
    assert len(asked) == 3


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="the shared Slack sample is not on this machine")
def test_the_real_sample_export_is_previewed_and_imported(qtbot: QtBot, library: Library) -> None:
    session_id = library.sessions.create(Session(title="Sailor", time_zone="America/Los_Angeles"))
    editor = SessionEditor(library.sessions, library.sessions.get(session_id))
    dialog = _dialog(qtbot, editor)
    _choose(qtbot, dialog, str(SAMPLE))
    assert dialog.channel_model.rowCount() == 2
    _read(qtbot, dialog)
    total = dialog.preview.rowCount()
    assert total > 100 and dialog.count.text() == f"{total} of {total} entries selected"
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert len(library.sessions.get(session_id).timeline) == total
    editor.undo_stack.undo()
    assert library.sessions.get(session_id).timeline == []


def test_enter_reads_and_enter_again_adds(qtbot: QtBot, editor: SessionEditor, export: Path) -> None:
    dialog = _dialog(qtbot, editor)
    qtbot.keyClicks(dialog.path, str(export))
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.preview_page)
    assert dialog.table.hasFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.added == 4 and len(editor.session.timeline) == 6


def test_the_shared_screen_and_the_timeline_follow_an_import_and_its_undo_at_once(
    qtbot: QtBot, window: MainWindow, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QSettings

    from ui import shared_screen

    settings = QSettings(str(tmp_path / "screen.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(shared_screen, "settings_store", lambda: settings)
    window.open_session(library.sessions.create(Session(title="Live", time_zone="UTC")))
    view = window.session_view
    assert view is not None and window.editor is not None
    view.go_to(Phase.TIMELINE)
    window.shared_screen.toggle()
    screen = window.shared_screen.screen
    assert screen is not None
    drawn: list[int] = []  # the rows each redraw was told the list holds
    set_rows = screen.content.set_rows

    def counted(rows: list[Row], *more: Any) -> None:
        # The page is handed the newest rows that can fit and the count of them all (``total``).
        total = more[3] if len(more) > 3 and more[3] is not None else len(rows)
        drawn.append(total)
        set_rows(rows, *more)

    monkeypatch.setattr(screen.content, "set_rows", counted)

    start = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
    entries = [TimelineEntry(text=f"message {i}", at=start + timedelta(seconds=i)) for i in range(500)]
    assert window.editor.import_entries(entries)
    assert drawn == [500]  # once for the whole import, not once an entry
    assert view.timeline.model.rowCount() == 500
    assert screen.content.placed()[-1].lines == ("message 499",)
    window.undo()
    assert drawn == [500, 0] and view.timeline.model.rowCount() == 0


def test_prepare_says_what_the_timeline_holds_and_from_which_channels(
    qtbot: QtBot, window: MainWindow, library: Library, export: Path
) -> None:
    window.show()
    window.open_session(library.sessions.create(Session(title="Sources", time_zone="UTC")))
    view = window.session_view
    assert view is not None and window.editor is not None
    note = view.prepare.sources_note
    assert note.text().startswith("Nothing in the timeline yet")
    view.go_to(Phase.TIMELINE)
    view.timeline.entry_line.setText("14:02 paged")
    view.timeline.capture()
    view.go_to(Phase.PREPARE)  # worked out when Prepare is shown, not on every Enter
    assert note.text() == "1 timeline entry so far."
    from facilitation.imports.common import read

    found = read(export, "slack", ImportOptions(zone="UTC")).entries
    assert window.editor.import_entries([entry.to_timeline_entry() for entry in found])
    assert note.text() == "5 timeline entries, with chat from #incident-auth, #random."
    window.undo()
    assert note.text() == "1 timeline entry so far."


def test_typing_a_path_looks_at_it_once_the_typing_pauses(
    qtbot: QtBot, editor: SessionEditor, export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitation.imports import slack

    looked: list[Path] = []
    list_channels = slack.list_channels

    def counted(path: Path) -> list[str]:
        looked.append(path)
        return list_channels(path)

    monkeypatch.setattr(slack, "list_channels", counted)
    dialog = _dialog(qtbot, editor)
    qtbot.keyClicks(dialog.path, str(export))  # every folder on the way is a folder, and could be an export
    qtbot.waitUntil(lambda: dialog.channel_model.rowCount() == 2)
    assert looked == [export]


_imported = st.builds(
    ImportedEntry,
    at=strategies.maybe_moment,
    actor=strategies.text,
    text=st.one_of(strategies.text, strategies.text.map(lambda t: t * 5_000)),
    channel=strategies.text,
    thread=strategies.text,
    bot=st.booleans(),
    edited=st.booleans(),
)


_ROLES_READ = (_ROLE.DisplayRole, _ROLE.ToolTipRole, _ROLE.AccessibleTextRole, _ROLE.CheckStateRole)


@given(st.lists(_imported, max_size=8), st.sampled_from(["", "UTC", "Asia/Kolkata", "Not/AZone"]))
def test_any_imported_text_shows_on_one_bounded_line(entries: list[ImportedEntry], zone: str) -> None:
    model = ImportPreviewModel(zone)
    model.set_rows(entries)
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            for role in (
                _ROLE.DisplayRole,
                _ROLE.ToolTipRole,
                _ROLE.AccessibleTextRole,
                _ROLE.CheckStateRole,
            ):
                value = model.index(row, column).data(role)
                assert value is None or isinstance(value, str | Qt.CheckState)
        shown = model.index(row, WHAT_COLUMN).data()
        assert "\n" not in shown and len(shown) <= 502
    assert model.chosen() == entries


def test_the_time_window_and_the_day_start_from_the_incident(qtbot: QtBot, library: Library) -> None:
    session = Session(
        title="Known times",
        time_zone="Europe/Berlin",
        started_at=datetime(2026, 3, 2, 23, 30, tzinfo=UTC),  # 00:30 the next day in Berlin
        resolved_at=datetime(2026, 3, 3, 2, 0, tzinfo=UTC),
    )
    editor = SessionEditor(library.sessions, library.sessions.get(library.sessions.create(session)))
    dialog = _dialog(qtbot, editor)
    assert (dialog.since.text(), dialog.until.text()) == ("2026-03-03 00:30", "2026-03-03 03:00")
    assert dialog.day.text() == "2026-03-03"


def test_entries_already_in_the_timeline_are_unticked(
    qtbot: QtBot, editor: SessionEditor, export: Path
) -> None:
    dialog = _dialog(qtbot, editor)
    _choose(qtbot, dialog, str(export))
    _read(qtbot, dialog)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    again = _dialog(qtbot, editor)
    _choose(qtbot, again, str(export))
    _read(qtbot, again)
    assert again.count.text() == "0 of 4 entries selected"
    assert "4 entries are already in the timeline (the same time, who and words), so they are unticked." in (
        again.notices.text()
    )


def test_the_timeline_keeps_the_selected_entry_through_an_import_and_its_undo(
    qtbot: QtBot, editor: SessionEditor, export: Path
) -> None:
    from facilitation.imports.common import read
    from ui.timeline_view import TimelineView

    view = TimelineView(editor)
    qtbot.addWidget(view)
    view.table.setCurrentIndex(view.model.index(1, ENTRY_WHAT))
    held = view.model.entry(1).key
    found = read(export, "slack", ImportOptions(zone="Europe/Berlin")).entries
    assert editor.import_entries([entry.to_timeline_entry() for entry in found])
    assert view.model.rowCount() == 6
    assert view.model.entry(view.table.currentIndex().row()).key == held
    assert [view.model.entry(r).key for r in range(6)] == [e.key for e in editor.session.timeline]
    editor.undo_stack.undo()
    assert view.model.rowCount() == 2 and view.model.entry(view.table.currentIndex().row()).key == held
