"""Import into the timeline: a Slack export, a chat log or a timeline CSV, read in the background with
progress and Stop, then a preview to pick from; what is added is one undo step. ``ImportDialog.ask()``."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QModelIndex, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitation.imports.common import (
    FORMAT_LABELS,
    FORMATS,
    DayNeeded,
    ImportOptions,
    ImportProblem,
    ImportResult,
    MappingNeeded,
    detect_format,
)
from facilitation.imports.moments import window_bound
from facilitation.messages import echo
from facilitation.times import format_local, zone_named
from ui.csv_mapping import CsvMapping
from ui.import_preview import (
    CHANNEL_COLUMN,
    STAR_COLUMN,
    TIME_COLUMN,
    WHAT_COLUMN,
    WHO_COLUMN,
    ImportPreviewModel,
    count_sentence,
)
from ui.import_worker import ImportWorker
from ui.session_editor import SessionEditor
from ui.widgets import LongLineEdit, form_layout, hint_label, open_file
from ui.workers import let_go

IMPORT_KEY = "Ctrl+I"
"""Import into the timeline, from anywhere in an open debrief."""
STAR_KEY = "Ctrl+Shift+S"
"""In the preview: star the selected entries (as in the timeline)."""
INCLUDE_KEY = "Space"
"""In the preview: add or leave out the selected entries."""
PROGRESS_STEPS = 1000
LOOK_DELAY_MS = 250
"""How long typing in the path pauses before the export's channels, or the CSV's columns, are read."""


class ChooseSource:
    """The system's choosers, for the file or the folder to import."""

    @classmethod
    def file(cls, parent: QWidget, start: Path) -> Path | None:
        """A file chosen to import, or None."""
        return open_file(
            parent,
            "Takeaways — Import a file into the timeline",
            start,
            "Slack export, chat log or timeline CSV (*.zip *.txt *.log *.csv);;All files (*)",
        )

    @classmethod
    def folder(cls, parent: QWidget, start: Path) -> Path | None:
        """A folder chosen to import (an unzipped Slack export), or None."""
        name = QFileDialog.getExistingDirectory(
            parent, "Takeaways — Import a Slack export folder", str(start)
        )
        return Path(name) if name else None


def incident_day(editor: SessionEditor) -> date | None:
    """The day of the incident in the session's zone: its start, else its earliest timed entry's."""
    session = editor.session
    moment = session.started_at or next((e.at for e in session.timeline if e.at is not None), None)
    if moment is None:
        return None
    zone = zone_named(session.time_zone)
    return (moment.astimezone(zone) if zone else moment).date()


class ImportDialog(QDialog):
    """What to read and how, then the entries found, to pick from before they join the timeline."""

    def __init__(self, parent: QWidget | None, editor: SessionEditor) -> None:
        super().__init__(parent)
        self.editor = editor
        self.zone_name = editor.session.time_zone
        self.worker: ImportWorker | None = None
        self.added: int | None = None
        """How many entries were added, once they are."""
        self._channels_of: Path | None = None
        self.setWindowTitle("Takeaways — Import into the timeline")

        self.pages = QStackedWidget()
        self.source_page = self._source_page()
        self.preview_page = self._preview_page()
        self.pages.addWidget(self.source_page)
        self.pages.addWidget(self.preview_page)

        self.problem = QLabel()
        self.problem.setProperty("role", "problem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setAccessibleDescription("What happened")
        self.problem.hide()

        self.back_button = QPushButton("&Back")
        self.back_button.setAccessibleName("Back to what to read")
        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.read_button = QPushButton("&Read")
        self.read_button.setAccessibleName("Read the file (Enter)")
        self.read_button.clicked.connect(self.start_reading)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_chosen)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel (Esc): nothing is added")
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch()
        for button in (self.read_button, self.add_button, self.cancel_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.pages, stretch=1)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)

        self.look_timer = QTimer(self)
        self.look_timer.setSingleShot(True)
        self.look_timer.setInterval(LOOK_DELAY_MS)
        self.look_timer.timeout.connect(self.look_at_source)
        self.preview.choice_changed.connect(self._on_preview_choice_changed)
        self._show_page(self.source_page)
        self._on_format_changed()
        self.resize(1000, 680)
        self.path.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, editor: SessionEditor) -> int | None:
        """Import into ``editor``'s timeline as the person chooses; how many entries were added, or None."""
        dialog = cls(parent, editor)
        dialog.exec()
        added = dialog.added
        dialog.deleteLater()
        return added

    # -- building --------------------------------------------------------------------------------

    def _source_page(self) -> QWidget:
        session = self.editor.session
        self.path = LongLineEdit(accessible_name="The file or folder to import")
        self.path.setPlaceholderText("A Slack export (folder or .zip), a chat log, or a timeline CSV")
        self.path.textChanged.connect(self._on_path_text_changed)
        self.choose_file_button = QPushButton("Choose &file…")
        self.choose_file_button.setAccessibleName("Choose a file: a .zip, a chat log or a CSV")
        self.choose_file_button.clicked.connect(self._on_choose_file_button_clicked)
        self.choose_folder_button = QPushButton("Choose f&older…")
        self.choose_folder_button.setAccessibleName("Choose a folder: an unzipped Slack export")
        self.choose_folder_button.clicked.connect(self._on_choose_folder_button_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, stretch=1)
        path_row.addWidget(self.choose_file_button)
        path_row.addWidget(self.choose_folder_button)

        self.format = QComboBox()
        self.format.setAccessibleName("Format")
        for name in FORMATS:
            self.format.addItem(FORMAT_LABELS[name], name)
        self.format.currentIndexChanged.connect(self._on_format_changed)

        self.channel_model = QStandardItemModel(self)
        self.channel_list = QListView()
        self.channel_list.setAccessibleName("Channels to read")
        self.channel_list.setModel(self.channel_model)
        self.channel_list.setMaximumHeight(130)
        self.channel_hint = hint_label()
        self.since = LongLineEdit(accessible_name="From: the time window's start")
        self.since.setPlaceholderText("YYYY-MM-DD [HH:MM]; blank: the first message")
        self.since.setText(format_local(session.started_at, self.zone_name))
        self.until = LongLineEdit(accessible_name="To: the time window's end")
        self.until.setPlaceholderText("YYYY-MM-DD [HH:MM]; blank: the last message")
        self.until.setText(format_local(session.resolved_at, self.zone_name))
        self.skip_bots = QCheckBox("Skip &bot messages (alerts often come from bots)")
        self.skip_bots.setAccessibleName("Skip bot messages")
        window = QWidget()
        window_row = QHBoxLayout(window)
        window_row.setContentsMargins(0, 0, 0, 0)
        window_row.addWidget(self.since, stretch=1)
        until_caption = QLabel("to")
        window_row.addWidget(until_caption)
        window_row.addWidget(self.until, stretch=1)
        channels = QWidget()
        channels_column = QVBoxLayout(channels)
        channels_column.setContentsMargins(0, 0, 0, 0)
        channels_column.setSpacing(4)
        channels_column.addWidget(self.channel_list)
        channels_column.addWidget(self.channel_hint)

        self.day = LongLineEdit(accessible_name="Day of the lines without a date")
        self.day.setPlaceholderText("YYYY-MM-DD")
        day_known = incident_day(self.editor)
        self.day.setText(day_known.isoformat() if day_known else "")
        day_hint = hint_label("For lines with a time but no date, such as [14:02] <ana> …")
        day = QWidget()
        day_column = QVBoxLayout(day)
        day_column.setContentsMargins(0, 0, 0, 0)
        day_column.setSpacing(4)
        day_column.addWidget(self.day)
        day_column.addWidget(day_hint)

        self.mapping = CsvMapping()
        self.columns_button = QPushButton("&Columns…")
        self.columns_button.setAccessibleName("Say which column holds what")
        self.columns_button.clicked.connect(lambda: self._show_mapping(True))
        self.columns_note = hint_label(wrap=True)
        columns = QWidget()
        columns_layout = QVBoxLayout(columns)
        columns_layout.setContentsMargins(0, 0, 0, 0)
        note_row = QHBoxLayout()
        note_row.addWidget(self.columns_note, stretch=1)
        note_row.addWidget(self.columns_button)
        columns_layout.addLayout(note_row)
        columns_layout.addWidget(self.mapping)
        self._show_mapping(False)

        self.progress = QProgressBar()
        self.progress.setAccessibleName("How much of the file is read")
        self.progress.setRange(0, PROGRESS_STEPS)
        self.stop_button = QPushButton("&Stop")
        self.stop_button.setAccessibleName("Stop reading (Esc): nothing is added")
        self.stop_button.clicked.connect(self.stop_reading)
        self.progress_row = QWidget()
        progress_layout = QHBoxLayout(self.progress_row)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        self.progress_label = QLabel("Reading…")
        progress_layout.addWidget(self.progress_label)
        progress_layout.addWidget(self.progress, stretch=1)
        progress_layout.addWidget(self.stop_button)
        self.progress_row.hide()

        hint = hint_label(
            "Read a chat channel, a chat log or a timeline kept elsewhere, then pick what matters: "
            f"the entries join this debrief's timeline by time, in its zone ({self.zone_name or 'UTC'}).",
            wrap=True,
        )
        form = form_layout(10)
        where_caption = QLabel("F&ile or folder")
        where_caption.setBuddy(self.path)
        form.addRow(where_caption, path_row)
        format_caption = QLabel("Forma&t")
        format_caption.setBuddy(self.format)
        form.addRow(format_caption, self.format)
        self.form = form
        self._format_rows: dict[str, list[QWidget]] = {
            "slack": [channels, window, self.skip_bots],
            "chat": [day],
            "timeline-csv": [columns],
        }
        form.addRow(_caption("&Channels", self.channel_list), channels)
        form.addRow(_caption("Fro&m", self.since), window)
        form.addRow("", self.skip_bots)
        form.addRow(_caption("&Day", self.day), day)
        form.addRow(_caption("Columns", columns), columns)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addStretch()
        layout.addWidget(self.progress_row)
        return page

    def _preview_page(self) -> QWidget:
        self.preview = ImportPreviewModel(self.zone_name, self)
        self.table = QTableView()
        self.table.setAccessibleName("Entries found: Space adds or leaves out the selected ones")
        self.table.setModel(self.preview)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(WHAT_COLUMN, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 44), (STAR_COLUMN, 30), (TIME_COLUMN, 140), (WHO_COLUMN, 140)):
            self.table.setColumnWidth(column, width)
        self.table.setColumnWidth(CHANNEL_COLUMN, 140)
        self.table.clicked.connect(self._on_table_clicked)
        for text, key, slot in (
            ("Add or leave out the selected entries", INCLUDE_KEY, self.toggle_included),
            ("Star the selected entries as key moments", STAR_KEY, self.toggle_starred),
        ):
            action = QAction(text, self.table)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)

        self.count = QLabel()
        self.count.setAccessibleDescription("How many entries are chosen")
        self.notices = hint_label(wrap=True)
        self.notices.setTextFormat(Qt.TextFormat.PlainText)
        self.notices.setAccessibleDescription("What was read differently or left out")
        self.all_button = QPushButton("Select a&ll")
        self.all_button.setAccessibleName("Select all: add every entry")
        self.all_button.clicked.connect(lambda: self.preview.include_all(True))
        self.none_button = QPushButton("Select &none")
        self.none_button.setAccessibleName("Select none: leave every entry out")
        self.none_button.clicked.connect(lambda: self.preview.include_all(False))
        for button in (self.all_button, self.none_button):
            button.setAutoDefault(False)
        top = QHBoxLayout()
        top.addWidget(self.count, stretch=1)
        top.addWidget(self.all_button)
        top.addWidget(self.none_button)
        hint = hint_label(
            "Untick what does not belong (Space), star key moments (a click on ☆, or Ctrl+Shift+S). "
            "Ctrl+Z in the timeline takes the whole import back.",
            wrap=True,
        )

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(self.table, stretch=1)
        layout.addWidget(self.notices)
        return page

    # -- reading the choices ---------------------------------------------------------------------

    def chosen_path(self) -> Path | None:
        """The file or folder named, or None when the field is blank."""
        text = self.path.text().strip()
        return Path(text).expanduser() if text else None

    def chosen_format(self) -> str:
        """One of ``FORMATS``."""
        return str(self.format.currentData())

    def chosen_channels(self) -> list[str]:
        """The channels ticked, without ``#``."""
        model = self.channel_model
        return [
            model.item(row).text().removeprefix("#")
            for row in range(model.rowCount())
            if model.item(row).checkState() == Qt.CheckState.Checked
        ]

    def options(self) -> ImportOptions:
        """The options as chosen; raises ValueError with a sentence when one cannot be read."""
        options = ImportOptions(zone=self.zone_name or "UTC")
        kind = self.chosen_format()
        if kind == "slack":
            chosen = self.chosen_channels()
            if self.channel_model.rowCount() and not chosen:
                raise ValueError("Tick at least one channel to read.")
            options.channels = () if len(chosen) == self.channel_model.rowCount() else tuple(chosen)
            options.since = _bound(self.since, self.zone_name, end_of_day=False, what="start")
            options.until = _bound(self.until, self.zone_name, end_of_day=True, what="end")
            if options.since and options.until and options.since > options.until:
                raise ValueError("The time window ends before it starts; change From or To.")
            options.skip_bots = self.skip_bots.isChecked()
        elif kind == "chat":
            text = self.day.text().strip()
            try:
                options.day = date.fromisoformat(text) if text else None
            except ValueError:
                raise ValueError(f"'{echo(text, 40)}' is not a day; write it like 2026-03-02.") from None
        elif not self.mapping.isHidden():
            missing = self.mapping.missing()
            if missing:
                raise ValueError(f"Choose the column that holds the {' and the '.join(missing).lower()}.")
            options.mapping = self.mapping.mapping()
        return options

    # -- reading ---------------------------------------------------------------------------------

    @property
    def reading(self) -> bool:
        """True while the file is being read."""
        return self.worker is not None

    def start_reading(self) -> None:
        """Read the file on a worker thread, with progress and Stop; the preview follows."""
        if self.reading:
            return
        path = self.chosen_path()
        if self.look_timer.isActive():
            self.look_at_source()  # the channels and columns of this very path
        if path is None:
            self._say("Choose a file or a folder to import: Choose file… or Choose folder….")
            self.path.setFocus()
            return
        if not path.exists():
            self._say(f"Nothing is at {echo(str(path), 100)}; check the name, or choose it.")
            self.path.setFocus()
            return
        try:
            options = self.options()
        except ValueError as problem:
            self._say(str(problem))
            return
        self._say("")
        self.worker = worker = ImportWorker(path, self.chosen_format(), options, self)
        worker.progressed.connect(self._on_worker_progressed)
        worker.finished.connect(self._on_worker_finished)
        self.progress.setValue(0)
        self.progress_label.setText(f"Reading {echo(path.name, 60)}…")
        self.progress_row.show()
        self._enable_choices(False)
        self.stop_button.setFocus()
        worker.start()

    def stop_reading(self) -> None:
        """Stop reading; nothing read is kept."""
        if self.worker is not None:
            self.worker.stop()
            self.stop_button.setEnabled(False)
            self.progress_label.setText("Stopping…")

    def _on_worker_progressed(self, done: int, total: int) -> None:
        if self.worker is not None and total > 0:
            self.progress.setValue(min(PROGRESS_STEPS, done * PROGRESS_STEPS // total))

    def _on_worker_finished(self) -> None:
        worker = self.worker
        if worker is None:
            return
        self.worker = None
        let_go(worker)
        self.progress_row.hide()
        self.stop_button.setEnabled(True)
        self._enable_choices(True)
        if worker.error is not None:
            raise worker.error
        if worker.problem is not None:
            self._show_problem(worker.problem)
        elif worker.result is None:
            self._say("Stopped; nothing was read and nothing is added.")
            self.read_button.setFocus()
        else:
            self._preview(worker.result)
            if self.preview.rowCount():
                self.table.setCurrentIndex(self.preview.index(0, WHAT_COLUMN))

    def _preview(self, result: ImportResult) -> None:
        """Show what was read, every entry ticked but those the timeline already holds."""
        entries = result.entries
        self.preview.set_rows(entries)
        held = {(e.at, e.actor, e.text) for e in self.editor.session.timeline}
        again = [row for row, e in enumerate(entries) if (e.at, e.actor, e.text) in held]
        self.preview.set_included(again, False)
        notices = list(result.notices)
        if again:
            count = len(again)
            notices.append(
                f"{count:,} {'entry is' if count == 1 else 'entries are'} already in the timeline "
                f"(the same time, who and words), so {'it is' if count == 1 else 'they are'} unticked."
            )
        self.table.setColumnHidden(CHANNEL_COLUMN, not any(e.channel for e in entries))
        self.notices.setText("\n".join(f"• {notice}" for notice in notices))
        self.notices.setVisible(bool(notices))
        self._show_page(self.preview_page)

    def _show_problem(self, problem: ImportProblem) -> None:
        self._say(str(problem))
        if isinstance(problem, DayNeeded):
            self.day.setFocus()
            self.day.selectAll()
        elif isinstance(problem, MappingNeeded):
            self.mapping.set_headers(problem.headers, problem.guessed)
            self.columns_note.setText("Not every column could be matched.")
            self._show_mapping(True)

    def _enable_choices(self, enabled: bool) -> None:
        for widget in (self.path, self.format, self.choose_file_button, self.choose_folder_button):
            widget.setEnabled(enabled)
        for rows in self._format_rows.values():
            for row in rows:
                row.setEnabled(enabled)
        self.read_button.setEnabled(enabled)

    def done(self, result: int) -> None:
        if self.worker is not None:  # closing while it reads: stop, and keep nothing
            worker, self.worker = self.worker, None
            worker.stop()
            let_go(worker)
        super().done(result)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.reading:
            self.stop_reading()  # Esc stops the reading first; a second Esc closes
            return
        super().keyPressEvent(event)

    # -- adding ----------------------------------------------------------------------------------

    def add_chosen(self) -> None:
        """Add the entries ticked to the timeline, as one undo step; on a problem, say it and add nothing."""
        chosen = self.preview.chosen()
        if not chosen:
            return
        said: list[str] = []
        self.editor.save_problem.connect(said.append)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            added = self.editor.import_entries([entry.to_timeline_entry() for entry in chosen])
        finally:
            QGuiApplication.restoreOverrideCursor()
            self.editor.save_problem.disconnect(said.append)
        if not added:
            self._say(said[-1] if said else "Nothing was added; try again in a moment.")
            return
        self.added = len(chosen)
        self.accept()

    # -- keeping the choices consistent ----------------------------------------------------------

    def _show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        previewing = page is self.preview_page
        self.back_button.setVisible(previewing)
        self.read_button.setVisible(not previewing)
        self.add_button.setVisible(previewing)
        self.read_button.setDefault(not previewing)
        self.add_button.setDefault(previewing)
        self._on_preview_choice_changed()
        if previewing:
            self.table.setFocus()

    def _on_back_button_clicked(self) -> None:
        self._say("")
        self._show_page(self.source_page)
        self.read_button.setFocus()

    def _on_preview_choice_changed(self) -> None:
        chosen, total = self.preview.chosen_count(), self.preview.rowCount()
        self.count.setText(count_sentence(chosen, total) if total else "Nothing to import was found.")
        noun = "entry" if chosen == 1 else "entries"
        self.add_button.setText(f"&Add {chosen:,} {noun}")
        self.add_button.setAccessibleName(f"Add {chosen:,} {noun} to the timeline (Enter)")
        self.add_button.setEnabled(chosen > 0)

    def _on_path_text_changed(self, _text: str) -> None:
        path = self.chosen_path()
        if path is not None:
            found = self.format.findData(detect_format(path))
            if found >= 0 and found != self.format.currentIndex():
                self.format.setCurrentIndex(found)
        self.look_timer.start()  # the channels or columns, once the typing pauses

    def _on_format_changed(self) -> None:
        kind = self.chosen_format()
        for name, rows in self._format_rows.items():
            for row in rows:
                self.form.setRowVisible(row, name == kind)
        self.look_timer.start()

    def look_at_source(self) -> None:
        """List a Slack export's channels, or match a CSV's columns, for the path and format as they stand."""
        self.look_timer.stop()
        kind, path = self.chosen_format(), self.chosen_path()
        if kind == "slack":
            self._list_channels(path)
        elif kind == "timeline-csv":
            self._guess_columns(path)

    def _list_channels(self, path: Path | None) -> None:
        if path == self._channels_of:
            return
        self._channels_of = path
        self.channel_model.clear()
        if path is None or not path.exists():
            self.channel_hint.setText("The channels show once an export is chosen.")
            return
        from facilitation.imports.slack import list_channels

        try:
            names = list_channels(path)
        except ImportProblem as problem:
            self.channel_hint.setText(str(problem))
            return
        for name in names:
            item = QStandardItem(f"#{name}")
            item.setCheckable(True)
            item.setCheckState(Qt.CheckState.Checked)
            item.setEditable(False)
            self.channel_model.appendRow(item)
        count = len(names)
        self.channel_hint.setText(
            f"{count:,} channel{'s' if count != 1 else ''}; untick those that don't matter (Space)."
        )

    def _guess_columns(self, path: Path | None) -> None:
        self._show_mapping(False)
        if path is None or not path.is_file():
            self.columns_note.setText("The columns show once a file is chosen.")
            return
        from facilitation.imports.timeline_csv import csv_headers, guess_mapping

        try:
            headers = csv_headers(path)
        except ImportProblem as problem:
            self.columns_note.setText(str(problem))
            return
        guessed = guess_mapping(headers)
        self.mapping.set_headers(headers, guessed)
        if self.mapping.missing():
            self.columns_note.setText("Not every column could be matched.")
            self._show_mapping(True)
        else:
            names = ", ".join(f"{field} ← “{header}”" for field, header in guessed.items())
            self.columns_note.setText(f"Columns matched: {echo(names, 300)}.")

    def _show_mapping(self, shown: bool) -> None:
        """Show the choice of columns (the Columns… button then has done its job), or hide it."""
        self.mapping.setVisible(shown)
        self.columns_button.setVisible(not shown)
        if shown:
            self.mapping.setFocus()

    def _on_choose_file_button_clicked(self) -> None:
        chosen = ChooseSource.file(self, self._start_folder())
        if chosen is not None:
            self.path.setText(str(chosen))
        self.path.setFocus()

    def _on_choose_folder_button_clicked(self) -> None:
        chosen = ChooseSource.folder(self, self._start_folder())
        if chosen is not None:
            self.path.setText(str(chosen))
        self.path.setFocus()

    def _start_folder(self) -> Path:
        path = self.chosen_path()
        if path is not None and path.parent.is_dir():
            return path.parent
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    # -- the preview -----------------------------------------------------------------------------

    def _selected_rows(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        current = self.table.currentIndex()
        return rows or ([current.row()] if current.isValid() else [])

    def toggle_included(self) -> None:
        """Add or leave out the selected entries (all as the first of them is not)."""
        rows = self._selected_rows()
        if rows:
            self.preview.set_included(rows, not self.preview.is_included(rows[0]))

    def toggle_starred(self) -> None:
        """Star or unstar the selected entries (all as the first of them is not)."""
        rows = self._selected_rows()
        if rows:
            self.preview.set_starred(rows, not self.preview.is_starred(rows[0]))

    def _on_table_clicked(self, index: QModelIndex) -> None:
        if index.column() == STAR_COLUMN:
            self.preview.set_starred([index.row()], not self.preview.is_starred(index.row()))

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))


def _caption(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _bound(edit: LongLineEdit, zone_name: str, end_of_day: bool, what: str) -> datetime | None:
    """One end of the time window as typed (a day, or a day and time), None when blank."""
    if not edit.text().strip():
        return None
    try:
        return window_bound(edit.text(), zone_name or "UTC", end_of_day)
    except ValueError as problem:
        edit.setFocus()
        raise ValueError(f"The time window's {what}: {problem}.") from None
