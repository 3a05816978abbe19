"""The holiday and freeze calendar, edited in the app and kept in the library; importable from TOML."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitation.holidays import parse_holidays_toml
from facilitation.messages import echo
from facilitation.protocols import SettingsSource
from facilitation.settings import HolidayWindow

HEADERS = ("Name", "First day", "Last day")


class ChooseCalendarFile:
    """The system's open-file chooser, for a TOML calendar."""

    @classmethod
    def ask(cls, parent: QWidget) -> Path | None:
        """The file chosen, or None."""
        name, _filter = QFileDialog.getOpenFileName(
            parent, "Import a holiday calendar", "", "TOML calendar (*.toml);;Any file (*)"
        )
        return Path(name) if name else None


def read_calendar(path: Path) -> list[HolidayWindow]:
    """The windows in a TOML calendar file.

    Raises:
        ValueError: One plain sentence on why the file cannot be used.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(
            f"{echo(path.name, 80)} is not UTF-8 text; save it as UTF-8 and import it again."
        ) from None
    except OSError as problem:
        raise ValueError(
            f"{echo(path.name, 80)} could not be read ({problem.strerror or 'no access'}); "
            "check the file and try again."
        ) from None
    return parse_holidays_toml(text)


def windows_of(rows: list[tuple[str, str, str]]) -> list[HolidayWindow]:
    """Typed rows as windows.

    Raises:
        ValueError: One plain sentence naming the row and what to fix.
    """
    windows = []
    for number, (name, start, end) in enumerate(rows, start=1):
        label = f"Row {number}" + (f" ('{echo(name.strip(), 40)}')" if name.strip() else "")
        if not name.strip():
            raise ValueError(f"{label} has no name; give it one, like Winter freeze.")
        days = []
        for what, text in (("first day", start), ("last day", end)):
            try:
                days.append(date.fromisoformat(text.strip()))
            except ValueError:
                raise ValueError(
                    f"{label} has “{echo(text, 20)}” as its {what}; write it as YYYY-MM-DD."
                ) from None
        if days[1] < days[0]:
            raise ValueError(f"{label} ends before it starts; swap its days.")
        windows.append(HolidayWindow(name.strip(), days[0], days[1]))
    return windows


class HolidaysDialog(QDialog):
    """Windows as rows (name, first day, last day), edited in place; saved together or not at all."""

    def __init__(self, settings: SettingsSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Takeaways — Holiday and freeze calendar")
        self.settings = settings
        intro = QLabel(
            "Holidays and change freezes, first and last day included. Insights count incidents "
            "by the window they started in. F2 edits a cell."
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "hint")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setAccessibleName("Holiday and freeze windows")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for window in settings.load().holidays:
            self._add_row(window.name, window.start.isoformat(), window.end.isoformat())
        self.problem = QLabel()
        self.problem.setProperty("role", "problem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        self.note = QLabel()
        self.note.setProperty("role", "hint")
        self.note.setTextFormat(Qt.TextFormat.PlainText)

        add = QPushButton("&Add window")
        add.setAccessibleName("Add a window")
        add.clicked.connect(self._on_add_clicked)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setAccessibleName("Remove the selected window")
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        import_button = QPushButton("&Import TOML…")
        import_button.setAccessibleName("Import windows from a TOML calendar file")
        import_button.clicked.connect(self._on_import_button_clicked)
        save = QPushButton("&Save")
        save.setAccessibleName("Save the calendar in this library")
        save.setDefault(True)
        save.clicked.connect(self._on_save_clicked)
        cancel = QPushButton("Cancel")
        cancel.setAccessibleName("Close without saving")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (add, self.remove_button, import_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(save)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(intro)
        layout.addWidget(self.table, stretch=1)
        layout.addWidget(self.problem)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.resize(640, 460)

    @classmethod
    def ask(cls, parent: QWidget, settings: SettingsSource) -> bool:
        """True when a new calendar was saved."""
        return cls(settings, parent).exec() == QDialog.DialogCode.Accepted

    def rows(self) -> list[tuple[str, str, str]]:
        """The rows as typed."""
        return [
            tuple(self._cell(row, column) for column in range(len(HEADERS)))  # type: ignore[misc]
            for row in range(self.table.rowCount())
        ]

    def import_file(self, path: Path) -> None:
        """Add the windows of a TOML calendar file; a problem is said and nothing is added."""
        try:
            windows = read_calendar(path)
        except ValueError as problem:
            self._say(str(problem))
            return
        have = set(self.rows())
        added = 0
        for window in windows:
            row = (window.name, window.start.isoformat(), window.end.isoformat())
            if row not in have:
                self._add_row(*row)
                added += 1
        self._say("")
        noun = "window" if added == 1 else "windows"
        self.note.setText(f"Added {added} {noun} from {echo(path.name, 80)}; Save keeps them.")

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def _add_row(self, name: str, start: str, end: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate((name, start, end)):
            self.table.setItem(row, column, QTableWidgetItem(text))

    def _say(self, sentence: str) -> None:
        self.note.clear()
        self.problem.setText(sentence)
        self.problem.setVisible(bool(sentence))

    def _on_add_clicked(self) -> None:
        today = date.today().isoformat()
        self._add_row("", today, today)
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        item = self.table.item(row, 0)
        if item is not None:
            self.table.editItem(item)

    def _on_remove_button_clicked(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def _on_import_button_clicked(self) -> None:
        path = ChooseCalendarFile.ask(self)
        if path is not None:
            self.import_file(path)

    def _on_save_clicked(self) -> None:
        try:
            windows = windows_of(self.rows())
        except ValueError as problem:
            self._say(str(problem))
            return
        settings = self.settings.load()
        settings.holidays = windows
        self.settings.save(settings)
        self.accept()
