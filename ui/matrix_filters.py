"""The filter bar shared by the library's matrix and the insights: severity, tags, system, status, dates."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitation.library import LibraryFilter, MatrixRow

DATE_HINT = "Type a date as YYYY-MM-DD, like 2026-03-31; until then the dates are not used."


def split_words(text: str) -> tuple[str, ...]:
    """Comma-separated entries, trimmed, empty ones and repeats (ignoring case) left out."""
    seen: set[str] = set()
    words = []
    for part in text.split(","):
        word = part.strip()
        if word and word.casefold() not in seen:
            seen.add(word.casefold())
            words.append(word)
    return tuple(words)


FilterChoices = tuple[list[str], list[str], list[str], list[str]]
"""Severities, statuses, tags (most used first) and systems to offer."""


def filter_choices(rows: Sequence[MatrixRow]) -> FilterChoices:
    """What the incidents' filters can offer: the values found in these rows."""
    tags = Counter(tag for row in rows for tag in row.tags)
    return (
        sorted({row.severity for row in rows if row.severity}),
        sorted({row.status for row in rows if row.status}),
        [tag for tag, _count in tags.most_common()],
        sorted({row.system for row in rows if row.system}, key=str.casefold),
    )


class _LastWordCompleter(QCompleter):
    """Completes the entry after the last comma of a comma-separated field."""

    def splitPath(self, path: str) -> list[str]:
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        field = self.widget()
        head = field.text().rpartition(",")[0] if isinstance(field, QLineEdit) else ""
        chosen = str(index.data())
        return f"{head}, {chosen}" if head else chosen


class _ChoiceButton(QPushButton):
    """A button opening a list of checkable values; none checked means any."""

    changed = Signal()

    def __init__(self, noun: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._noun = noun
        self.setAccessibleName(f"{noun}: choose which to show")
        self._menu = QMenu(self)
        self.setMenu(self._menu)
        self._show_label()

    def set_values(self, values: Iterable[str]) -> None:
        """Offer these values, keeping the ones checked that are still offered."""
        checked = self.checked()
        self._menu.clear()
        for value in values:
            shown = value.splitlines()[0][:80].replace("&", "&&") if value.strip() else "(none)"
            action = self._menu.addAction(shown)  # "&&": an ampersand typed is no shortcut letter
            action.setData(value)
            action.setCheckable(True)
            action.setChecked(value in checked)
            action.toggled.connect(self._on_action_toggled)
        self._show_label()

    def checked(self) -> frozenset[str]:
        """The values checked."""
        return frozenset(str(a.data()) for a in self._menu.actions() if a.isChecked())

    def check_only(self, values: frozenset[str]) -> None:
        """Check these values and no others (none: any value)."""
        for action in self._menu.actions():
            action.blockSignals(True)
            action.setChecked(str(action.data()) in values)
            action.blockSignals(False)
        self._show_label()

    def _show_label(self) -> None:
        checked = sorted(self.checked())
        shown = (
            "any" if not checked else ", ".join(checked) if len(checked) <= 2 else f"{len(checked)} chosen"
        )
        self.setText(f"{self._noun}: {shown}")

    def _on_action_toggled(self, _checked: bool) -> None:
        self._show_label()
        self.changed.emit()


def _completer(field: QLineEdit) -> QStringListModel:
    words = QStringListModel(field)
    completer = _LastWordCompleter(words, field)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    field.setCompleter(completer)
    return words


class FilterBar(QWidget):
    """Severity, tags (all or any of them), system, status and a date range, as one ``LibraryFilter``."""

    filter_changed = Signal(object)
    """The new ``LibraryFilter``."""
    choosing_started = Signal()
    """A list of values is about to open, or a field offering completions took the keyboard."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.severity = _ChoiceButton("Severity")
        self.status = _ChoiceButton("Status")
        self.tags = QLineEdit()
        self.tags.setAccessibleName("Tags to filter by, separated by commas")
        self.tags.setPlaceholderText("Tags, comma-separated")
        self.tags.setClearButtonEnabled(True)
        self._tag_words = _completer(self.tags)
        self.tag_mode = QComboBox()
        self.tag_mode.setAccessibleName("Incidents with all of these tags, or any of them")
        self.tag_mode.addItem("all of these", True)
        self.tag_mode.addItem("any of these", False)
        self.system = QLineEdit()
        self.system.setAccessibleName("Systems to filter by, separated by commas")
        self.system.setPlaceholderText("System")
        self.system.setClearButtonEnabled(True)
        self._system_words = _completer(self.system)
        self.since = QLineEdit()
        self.since.setAccessibleName("From this day (YYYY-MM-DD)")
        self.since.setPlaceholderText("From YYYY-MM-DD")
        self.until = QLineEdit()
        self.until.setAccessibleName("Up to this day (YYYY-MM-DD)")
        self.until.setPlaceholderText("To YYYY-MM-DD")
        for field in (self.since, self.until):
            field.setFixedWidth(170)
            field.setClearButtonEnabled(True)
        self.date_problem = QLabel()
        self.date_problem.setProperty("role", "problem")
        self.date_problem.setWordWrap(True)
        self.date_problem.setTextFormat(Qt.TextFormat.PlainText)
        self.date_problem.hide()

        for button in (self.severity, self.status):
            button.changed.connect(self._emit)
            button.menu().aboutToShow.connect(self.choosing_started)
        for field in (self.tags, self.system):
            field.installEventFilter(self)
        for field in (self.tags, self.system, self.since, self.until):
            field.textChanged.connect(self._emit)
        self.tag_mode.currentIndexChanged.connect(self._emit)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.severity)
        row.addWidget(self.tags, stretch=2)
        row.addWidget(self.tag_mode)
        row.addWidget(self.system, stretch=1)
        row.addWidget(self.status)
        row.addWidget(self.since)
        row.addWidget(self.until)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.date_problem)
        self._filter = LibraryFilter()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched in (self.tags, self.system):
            self.choosing_started.emit()
        return super().eventFilter(watched, event)

    def set_choices(self, choices: FilterChoices) -> None:
        """Offer these values to choose or complete from."""
        severities, statuses, tags, systems = choices
        self.severity.set_values(severities)
        self.status.set_values(statuses)
        self._tag_words.setStringList(list(tags))
        self._system_words.setStringList(list(systems))

    def set_filter(self, library_filter: LibraryFilter) -> None:
        """Show this filter in the widgets (and apply it), the values to offer asked for first."""
        self.choosing_started.emit()
        for field, text in (
            (self.tags, ", ".join(library_filter.tags)),
            (self.system, ", ".join(sorted(library_filter.systems, key=str.casefold))),
            (self.since, library_filter.since.isoformat() if library_filter.since else ""),
            (self.until, library_filter.until.isoformat() if library_filter.until else ""),
        ):
            field.blockSignals(True)
            field.setText(text)
            field.blockSignals(False)
        self.tag_mode.blockSignals(True)
        self.tag_mode.setCurrentIndex(0 if library_filter.all_tags else 1)
        self.tag_mode.blockSignals(False)
        self.severity.check_only(library_filter.severities)
        self.status.check_only(library_filter.statuses)
        self._emit()

    def current(self) -> LibraryFilter:
        """The filter as set now."""
        return self._filter

    def focus_first(self) -> None:
        """Put the keyboard on the first filter."""
        self.severity.setFocus()

    def clear(self) -> None:
        """Back to every incident."""
        for field in (self.tags, self.system, self.since, self.until):
            field.blockSignals(True)
            field.clear()
            field.blockSignals(False)
        self.severity.check_only(frozenset())
        self.status.check_only(frozenset())
        self._emit()

    def _day(self, field: QLineEdit) -> tuple[date | None, bool]:
        text = field.text().strip()
        if not text:
            return None, True
        try:
            return date.fromisoformat(text), True
        except ValueError:
            return None, False

    def _emit(self) -> None:
        since, since_ok = self._day(self.since)
        until, until_ok = self._day(self.until)
        self.date_problem.setText("" if since_ok and until_ok else DATE_HINT)
        self.date_problem.setVisible(not (since_ok and until_ok))
        new = LibraryFilter(
            severities=self.severity.checked(),
            tags=split_words(self.tags.text()),
            all_tags=bool(self.tag_mode.currentData()),
            systems=frozenset(split_words(self.system.text())),
            statuses=self.status.checked(),
            since=since,
            until=until,
        )
        if new != self._filter:
            self._filter = new
            self.filter_changed.emit(new)
