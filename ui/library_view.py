"""The library view: every debrief in a sortable, filterable table."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.library_model import SESSION_ID_ROLE, Fetch, SessionTableModel
from ui.widgets import LongLineEdit

DIGEST_KEY = "Ctrl+Shift+X"
"""The window's Learning digest action; the button here asks for it."""


class _FilterOnlyProxy(QSortFilterProxyModel):
    """Filters rows; leaves sorting to the source model, which sorts without calling ``data()``."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)


class LibraryView(QWidget):
    """Lists sessions; asks for new, open and delete through signals."""

    new_requested = Signal()
    open_requested = Signal(int)
    delete_requested = Signal(int)
    digest_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SessionTableModel()
        self.proxy = _FilterOnlyProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)

        heading = QLabel("Debriefs")
        heading.setProperty("role", "heading")
        self.filter_box = LongLineEdit(accessible_name="Filter debriefs")
        self.filter_box.setPlaceholderText("Filter by reference, title, severity, status or date")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self._on_filter_box_text_changed)

        self.table = QTableView()
        self.table.setAccessibleName("Debriefs in this library")
        self.table.setModel(self.proxy)
        # Rows arrive newest first; say so before sorting is switched on.
        self.table.horizontalHeader().setSortIndicator(4, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 130), (2, 110), (3, 120), (4, 130)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._on_table_activated)

        self.empty_hint = QLabel("No debriefs yet. Start the first one with New debrief (Ctrl+N).")
        self.empty_hint.setProperty("role", "hint")
        self.count_label = QLabel()
        self.count_label.setProperty("role", "hint")

        new_button = QPushButton("New debrief")
        new_button.setAccessibleName("New debrief")
        new_button.clicked.connect(self.new_requested)
        self.open_button = QPushButton("Open")
        self.open_button.setAccessibleName("Open the selected debrief")
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setAccessibleName("Delete the selected debrief")
        self.delete_button.clicked.connect(self._on_delete_button_clicked)

        self.digest_button = QPushButton("Learning digest…")
        self.digest_button.setAccessibleName(f"Learning digest of a range of days ({DIGEST_KEY})")
        self.digest_button.setToolTip(
            f"Every debrief of a month or any range of days, learnings first ({DIGEST_KEY})"
        )
        self.digest_button.clicked.connect(self.digest_requested)

        buttons = QHBoxLayout()
        buttons.addWidget(new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.digest_button)
        buttons.addStretch()
        buttons.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.filter_box)
        layout.addLayout(buttons)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.table, stretch=1)
        self._update_counts()

    def show_sessions(self, total: int, fetch: Fetch, select_id: int | None = None) -> None:
        """Show ``total`` sessions read through ``fetch``, keeping sort and filter; select one if asked."""
        self.model.set_source(total, fetch)
        header = self.table.horizontalHeader()
        newest_first = (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
            4,
            Qt.SortOrder.DescendingOrder,
        )
        if self.filter_box.text() or not newest_first:
            self.model.fetch_all()
            self.proxy.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._update_counts()
        if select_id is not None:
            self.select_session(select_id)
        elif self.proxy.rowCount():
            self.table.selectRow(0)

    def select_session(self, session_id: int) -> None:
        """Select and scroll to a session's row, when it is visible."""
        row = self.model.row_of(session_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def selected_session(self) -> int | None:
        """The id of the selected session, if one is selected."""
        rows = self.table.selectionModel().selectedRows()
        return int(rows[0].data(SESSION_ID_ROLE)) if rows else None

    def focus_filter(self) -> None:
        """Put the cursor in the filter box."""
        self.filter_box.setFocus()
        self.filter_box.selectAll()

    def _update_counts(self) -> None:
        total = self.model.total
        shown = self.proxy.rowCount() if self.filter_box.text() else total
        self.empty_hint.setVisible(total == 0)
        noun = "debrief" if total == 1 else "debriefs"
        self.count_label.setText(
            f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun} shown"
        )
        has_selection = shown > 0
        self.open_button.setEnabled(has_selection)
        self.delete_button.setEnabled(has_selection)

    def _on_filter_box_text_changed(self, text: str) -> None:
        self.model.fetch_all()
        self.proxy.setFilterFixedString(text)
        self._update_counts()

    def _on_table_activated(self, index: QModelIndex) -> None:
        self.open_requested.emit(int(index.data(SESSION_ID_ROLE)))

    def _on_open_button_clicked(self) -> None:
        session_id = self.selected_session()
        if session_id is not None:
            self.open_requested.emit(session_id)

    def _on_delete_button_clicked(self) -> None:
        session_id = self.selected_session()
        if session_id is not None:
            self.delete_requested.emit(session_id)
