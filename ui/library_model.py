"""The classification matrix as a table model: one row per incident, matrix rows fetched as needed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from facilitation.library import MatrixRow
from ui.widgets import plain_tooltip

_Index = QModelIndex | QPersistentModelIndex
Fetch = Callable[[int, int], list[MatrixRow]]
"""Gives ``limit`` matrix rows from ``offset``, newest incident first."""

COLUMNS = (
    "Reference",
    "Title",
    "Date",
    "Severity",
    "System",
    "Trigger",
    "Contributing factors",
    "Tags",
    "Status",
)
DATE_COLUMN = 2
SESSION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
BATCH = 100
"""Rows fetched at a time as the view scrolls."""
CELL_CHARACTERS = 300
"""A cell shows one line of at most this many characters; the tooltip has the rest."""


def _first_line(text: str) -> str:
    return text.splitlines()[0][:CELL_CHARACTERS] if text else ""


def cell_text(row: MatrixRow, column: int) -> str:
    """The whole text of one cell (factors one per line, tags separated by commas)."""
    if column == 6:
        return "\n".join(row.factors)
    if column == 7:
        return ", ".join(row.tags)
    field = ("reference", "title", "start_day", "severity", "system", "trigger", "", "", "status")[column]
    return str(getattr(row, field))


def _display(row: MatrixRow, column: int) -> str:
    if column == 6:
        return "; ".join(_first_line(factor) for factor in row.factors)[:CELL_CHARACTERS]
    return _first_line(cell_text(row, column))


class MatrixTableModel(QAbstractTableModel):
    """Matrix rows held as plain values, fetched a batch at a time as the view scrolls; cells are
    worked out only when the view paints them. Sorting, filtering and finding a session need every
    row, so they fetch the rest first (``fetch_all``)."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[MatrixRow] = []
        self._total = 0
        self._fetch: Fetch = lambda offset, limit: []
        self._haystacks: list[str] | None = None

    @property
    def total(self) -> int:
        """How many incidents the matrix holds, fetched or not."""
        return self._total

    @property
    def fetched_all(self) -> bool:
        """Whether every row is here."""
        return len(self._rows) >= self._total

    def set_source(self, total: int, fetch: Fetch) -> None:
        """Show ``total`` incidents read through ``fetch``, starting with the first batch."""
        self.beginResetModel()
        self._fetch = fetch
        self._rows = fetch(0, BATCH)
        # A short batch is the whole matrix, whatever the count said a moment before.
        self._total = len(self._rows) if len(self._rows) < BATCH else max(total, len(self._rows))
        self._haystacks = None
        self.endResetModel()

    def fetch_all(self) -> None:
        """Fetch every row not fetched yet."""
        if not self.fetched_all:
            wanted = self._total - len(self._rows)
            self._append(self._fetch(len(self._rows), wanted), wanted)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self.fetched_all

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:
        if self.canFetchMore(parent):
            self._append(self._fetch(len(self._rows), BATCH), BATCH)

    def _append(self, rows: list[MatrixRow], wanted: int) -> None:
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self._haystacks = None
            self.endInsertRows()
        # Fewer than asked: that was the last of them (the library may have changed since the count).
        self._total = len(self._rows) if len(rows) < wanted else max(self._total, len(self._rows))

    def rows(self) -> list[MatrixRow]:
        """Every incident, in the order shown (fetching the rest first)."""
        self.fetch_all()
        return list(self._rows)

    def matrix_row(self, row: int) -> MatrixRow:
        """The incident shown in model row ``row``."""
        return self._rows[row]

    def haystack(self, row: int) -> str:
        """Every cell of a row in one case-folded text, for the quick filter (built when first asked)."""
        if self._haystacks is None:
            self._haystacks = [
                "\n".join(cell_text(r, c) for c in range(len(COLUMNS))).casefold() for r in self._rows
            ]
        return self._haystacks[row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort every row by one column, in Python: fast for 10,000 rows."""
        if not 0 <= column < len(COLUMNS):
            return
        self.fetch_all()
        self.layoutAboutToBeChanged.emit()
        # Selections and current rows follow their incidents, not their row numbers.
        before = self.persistentIndexList()
        kept = [(self._rows[i.row()].id, i.column()) for i in before]
        order_of = sorted(
            range(len(self._rows)),
            key=lambda r: cell_text(self._rows[r], column).casefold(),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self._rows = [self._rows[r] for r in order_of]
        if self._haystacks is not None:
            self._haystacks = [self._haystacks[r] for r in order_of]
        row_of = {matrix_row.id: row for row, matrix_row in enumerate(self._rows)}
        self.changePersistentIndexList(before, [self.index(row_of[sid], col) for sid, col in kept])
        self.layoutChanged.emit()

    def row_of(self, session_id: int) -> int:
        """The row showing a session (fetching the rest when it is not here yet), or -1."""
        row = next((i for i, r in enumerate(self._rows) if r.id == session_id), -1)
        if row >= 0 or self.fetched_all:
            return row
        first = len(self._rows)
        self.fetch_all()
        return next((first + i for i, r in enumerate(self._rows[first:]) if r.id == session_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == SESSION_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(cell_text(row, index.column())[:5000]) or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None
