"""The entries an import found, as a table to pick from: a checkbox and a star each, shown in the session's
time zone, the channel, thread and bot of a chat message in view."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal

from facilitation.imports.common import ImportedEntry
from facilitation.times import format_local, zone_named
from ui.table_model import HeaderedTableModel
from ui.timeline_model import TOOLTIP_LIMIT, chat_note, clock_text, day_flags, what_text, who_text

_Index = QModelIndex | QPersistentModelIndex
_Role = Qt.ItemDataRole

INCLUDE_COLUMN, STAR_COLUMN, TIME_COLUMN, WHO_COLUMN, WHAT_COLUMN, CHANNEL_COLUMN = range(6)
COLUMNS = ("Add", "", "Time", "Who", "What was said", "Channel")
_HEADER_TIPS = {
    INCLUDE_COLUMN: "Added to the timeline (Space)",
    STAR_COLUMN: "Key moment (Ctrl+Shift+S)",
}
_ENABLED = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
_CHECKED, _UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


def count_sentence(chosen: int, total: int) -> str:
    """``312 of 1,204 entries selected``."""
    noun = "entry" if total == 1 else "entries"
    return f"{chosen:,} of {total:,} {noun} selected"


class ImportPreviewModel(HeaderedTableModel):
    """Imported entries as rows, each to add or not and starred or not; the entries stay as read."""

    HEADERS = COLUMNS
    choice_changed = Signal()
    """Rows were checked or unchecked: ``chosen_count()`` may have changed."""

    def __init__(self, zone_name: str = "", parent: Any = None) -> None:
        super().__init__(parent)
        self.zone_name = zone_name
        self._entries: list[ImportedEntry] = []
        self._local: list[datetime | None] = []
        self._show_date: list[bool] = []
        self._included: list[bool] = []
        self._starred: list[bool] = []
        self._chosen = 0

    def set_rows(self, entries: Iterable[ImportedEntry]) -> None:
        """Show these entries, every one checked, starred as read."""
        self.beginResetModel()
        self._entries = list(entries)
        zone = zone_named(self.zone_name)
        self._local = [
            None if e.at is None else e.at.astimezone(zone) if zone else e.at for e in self._entries
        ]
        self._show_date = day_flags(self._local)
        self._included = [True] * len(self._entries)
        self._starred = [e.starred for e in self._entries]
        self._chosen = len(self._entries)
        self.endResetModel()
        self.choice_changed.emit()

    def chosen_count(self) -> int:
        """How many rows are checked."""
        return self._chosen

    def chosen(self) -> list[ImportedEntry]:
        """The checked entries in row order, each with its star as chosen here."""
        return [
            entry if entry.starred == star else replace(entry, starred=star)
            for entry, keep, star in zip(self._entries, self._included, self._starred, strict=True)
            if keep
        ]

    def entry(self, row: int) -> ImportedEntry:
        """The entry at ``row`` as read."""
        return self._entries[row]

    def is_included(self, row: int) -> bool:
        """Whether the row at ``row`` is checked."""
        return self._included[row]

    def is_starred(self, row: int) -> bool:
        """Whether the row at ``row`` is starred."""
        return self._starred[row]

    def include_all(self, include: bool) -> None:
        """Check every row, or none."""
        if not self._entries:
            return
        self._included = [include] * len(self._entries)
        self._chosen = len(self._entries) if include else 0
        self._changed(0, len(self._entries) - 1, INCLUDE_COLUMN)
        self.choice_changed.emit()

    def set_included(self, rows: Iterable[int], include: bool) -> None:
        """Check or uncheck these rows."""
        changed = [row for row in rows if self._included[row] != include]
        for row in changed:
            self._included[row] = include
            self._changed(row, row, INCLUDE_COLUMN)
        self._chosen += len(changed) if include else -len(changed)
        if changed:
            self.choice_changed.emit()

    def set_starred(self, rows: Iterable[int], starred: bool) -> None:
        """Star or unstar these rows."""
        for row in rows:
            if self._starred[row] != starred:
                self._starred[row] = starred
                self._changed(row, row, STAR_COLUMN)

    def _changed(self, first: int, last: int, column: int) -> None:
        self.dataChanged.emit(self.index(first, column), self.index(last, column), [])

    # -- Qt's side --------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() == INCLUDE_COLUMN:
            return _ENABLED | Qt.ItemFlag.ItemIsUserCheckable
        return _ENABLED

    def data(self, index: _Index, role: int = _Role.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        row, column = index.row(), index.column()
        entry = self._entries[row]
        if role == _Role.CheckStateRole:
            if column != INCLUDE_COLUMN:
                return None
            return _CHECKED if self._included[row] else _UNCHECKED
        if role == _Role.DisplayRole:
            return self._display(row, column, entry)
        if role == _Role.ToolTipRole:
            return self._tooltip(column, entry)
        if role == _Role.AccessibleTextRole:
            if column == INCLUDE_COLUMN:
                return "Added" if self._included[row] else "Left out"
            if column == STAR_COLUMN:
                return "Key moment" if self._starred[row] else ""
            if column == TIME_COLUMN and entry.at is None:
                return "Time not known"
            return None
        if role == _Role.TextAlignmentRole and column == STAR_COLUMN:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _display(self, row: int, column: int, entry: ImportedEntry) -> str | None:
        details = entry.chat_details()
        if column == STAR_COLUMN:
            return "★" if self._starred[row] else "☆"
        if column == TIME_COLUMN:
            return clock_text(self._local[row], self._show_date[row])
        if column == WHO_COLUMN:
            return who_text(entry.actor, details)
        if column == WHAT_COLUMN:
            return what_text(entry.text, details)
        if column == CHANNEL_COLUMN:
            return entry.channel
        return None

    def _tooltip(self, column: int, entry: ImportedEntry) -> str | None:
        if column == WHAT_COLUMN:
            text = entry.text if len(entry.text) <= TOOLTIP_LIMIT else entry.text[:TOOLTIP_LIMIT] + "…"
            return "\n".join(part for part in (text, chat_note(entry.chat_details())) if part) or None
        if column == TIME_COLUMN:
            return format_local(entry.at, self.zone_name) if entry.at is not None else "Time not known"
        if column in (WHO_COLUMN, CHANNEL_COLUMN):
            return chat_note(entry.chat_details()) or None
        return _HEADER_TIPS.get(column)

    def setData(self, index: _Index, value: Any, role: int = _Role.EditRole) -> bool:
        if not index.isValid() or index.column() != INCLUDE_COLUMN or role != _Role.CheckStateRole:
            return False
        checked = value in (_CHECKED, _CHECKED.value)
        self.set_included([index.row()], checked)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _Role.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (_Role.ToolTipRole, _Role.AccessibleTextRole):
            return _HEADER_TIPS.get(section)
        return super().headerData(section, orientation, role)
