"""The library view: the classification matrix, one sortable, filterable row per incident."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
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

from facilitation.library import LibraryFilter
from facilitation.model import SessionSummary
from ui.library_model import DATE_COLUMN, SESSION_ID_ROLE, Fetch, MatrixTableModel
from ui.matrix_filters import FilterBar, FilterChoices, filter_choices
from ui.widgets import LongLineEdit

DIGEST_KEY = "Ctrl+Shift+X"
"""The window's Learning digest action; the button here asks for it."""
CLEAR_FILTERS_KEY = "Ctrl+Shift+Backspace"
"""The window's Clear filters action; the button here does the same."""
HOLIDAYS_KEY = "Ctrl+Shift+H"
"""The window's Holiday calendar action; the insights' button asks for it."""
ON_THIS_DAY_SHOWN = 3
"""At most this many earlier incidents are named in the "On this day" line."""


class MatrixProxy(QSortFilterProxyModel):
    """Keeps the incidents the ``LibraryFilter`` and the quick text let through; the source sorts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filter = LibraryFilter()
        self._text = ""
        self._everything = True  # no filter: every row passes without a look (10,000 calls saved)

    @property
    def library_filter(self) -> LibraryFilter:
        """The filter applied now."""
        return self._filter

    @property
    def text(self) -> str:
        """The quick text applied now (case-folded)."""
        return self._text

    def set_filter(self, library_filter: LibraryFilter, text: str) -> None:
        """Show only the incidents passing ``library_filter`` and containing ``text``."""
        folded = text.strip().casefold()
        if (library_filter, folded) == (self._filter, self._text):
            return
        self.beginFilterChange()
        self._filter, self._text = library_filter, folded
        self._everything = library_filter.is_empty() and not folded
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if self._everything:
            return True
        model = self.sourceModel()
        assert isinstance(model, MatrixTableModel)
        if not self._filter.matches(model.matrix_row(source_row)):
            return False
        return not self._text or self._text in model.haystack(source_row)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)


def on_this_day_html(earlier: Sequence[SessionSummary]) -> str:
    """The "On this day" line as rich text: each incident a link to open it, everything escaped."""
    links = []
    for summary in earlier[:ON_THIS_DAY_SHOWN]:
        name = " ".join(
            p
            for p in (summary.reference[:40], summary.title.splitlines()[0][:80] if summary.title else "")
            if p
        )
        year = summary.start_day[:4]
        links.append(f'<a href="{summary.id}">{html.escape(name or "Untitled")}</a> ({html.escape(year)})')
    more = len(earlier) - ON_THIS_DAY_SHOWN
    tail = f", and {more} more" if more > 0 else ""
    return "On this day: " + ", ".join(links) + tail


class LibraryView(QWidget):
    """The matrix of every incident; asks for new, open and delete through signals."""

    new_requested = Signal()
    open_requested = Signal(int)
    delete_requested = Signal(int)
    digest_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = MatrixTableModel()
        self.proxy = MatrixProxy(self)
        self.proxy.setSourceModel(self.model)

        heading = QLabel("Debriefs")
        heading.setProperty("role", "heading")
        self.on_this_day = QLabel(self)
        self.on_this_day.setAccessibleName("On this day: incidents from today's date in earlier years")
        self.on_this_day.setTextFormat(Qt.TextFormat.RichText)
        self.on_this_day.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByKeyboard | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.on_this_day.setProperty("role", "hint")
        self.on_this_day.setWordWrap(True)  # a long line wraps rather than widening the window
        self.on_this_day.linkActivated.connect(self._on_on_this_day_link_activated)
        self.on_this_day.hide()

        self.filter_box = LongLineEdit(self, accessible_name="Filter debriefs by any text in the matrix")
        self.filter_box.setPlaceholderText("Filter by any text in the row")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self._on_filter_box_text_changed)
        self.filters = FilterBar(self)
        self._choices: FilterChoices | None = None  # worked out from every row, when first needed
        self.filters.filter_changed.connect(self._on_filters_filter_changed)
        self.filters.choosing_started.connect(self._on_filters_choosing_started)
        self.filter_state = QLabel()
        self.filter_state.setAccessibleName("Filters in use")
        self.filter_state.setWordWrap(True)
        self.filter_state.setTextFormat(Qt.TextFormat.PlainText)  # tags and text as typed
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.setAccessibleName(f"Clear filters ({CLEAR_FILTERS_KEY})")
        self.clear_button.setToolTip(f"Show every incident again ({CLEAR_FILTERS_KEY})")
        self.clear_button.clicked.connect(self.clear_filters)

        self.table = QTableView()
        self.table.setAccessibleName("Debriefs in this library: the classification matrix")
        self.table.setModel(self.proxy)
        self.table.horizontalHeader().setSortIndicator(DATE_COLUMN, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((100, 300, 100, 75, 120, 140, 200, 120, 90)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
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
        state = QHBoxLayout()
        state.addWidget(self.filter_state, stretch=1)
        state.addWidget(self.clear_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(self.on_this_day)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.filters)
        layout.addLayout(state)
        layout.addLayout(buttons)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.table, stretch=1)
        self._update_counts()

    def show_sessions(self, total: int, fetch: Fetch, select_id: int | None = None) -> None:
        """Show ``total`` incidents read through ``fetch`` (newest first, a batch at a time),
        keeping sort and filters; select one if asked."""
        self.model.set_source(total, fetch)
        header = self.table.horizontalHeader()
        sorting = (header.sortIndicatorSection(), header.sortIndicatorOrder())
        if sorting != (DATE_COLUMN, Qt.SortOrder.DescendingOrder):  # rows arrive newest first
            self.model.sort(*sorting)
        elif self._filtering():
            self.model.fetch_all()
        self._choices = None
        if self.model.fetched_all:  # cheap now; otherwise when the person starts choosing
            self.filters.set_choices(self.choices())
        self._update_counts()
        if select_id is not None:
            self.select_session(select_id)
        elif self.proxy.rowCount():
            self.table.selectRow(0)

    def choices(self) -> FilterChoices:
        """The values the filters offer: those of every incident (fetching the rest first)."""
        if self._choices is None:
            self._choices = filter_choices(self.model.rows())
        return self._choices

    def show_on_this_day(self, earlier: Sequence[SessionSummary]) -> None:
        """Name the incidents from today's date in earlier years; hidden when there are none."""
        self.on_this_day.setText(on_this_day_html(earlier) if earlier else "")
        self.on_this_day.setVisible(bool(earlier))

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
        """Put the cursor in the quick filter."""
        self.filter_box.setFocus()
        self.filter_box.selectAll()

    def clear_filters(self) -> None:
        """Show every incident again."""
        self.filter_box.blockSignals(True)
        self.filter_box.clear()
        self.filter_box.blockSignals(False)
        self.filters.clear()
        self._apply_filters()

    def _filtering(self) -> bool:
        return not self.filters.current().is_empty() or bool(self.filter_box.text().strip())

    def _apply_filters(self) -> None:
        if self._filtering():
            self.model.fetch_all()  # a filter looks at every incident
        self.proxy.set_filter(self.filters.current(), self.filter_box.text())
        self._update_counts()

    def _update_counts(self) -> None:
        total = self.model.total
        shown = self.proxy.rowCount() if self.model.fetched_all else total  # unfetched: no filter
        self.empty_hint.setVisible(total == 0)
        noun = "debrief" if total == 1 else "debriefs"
        self.count_label.setText(
            f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun} shown"
        )
        filtering = not self.proxy.library_filter.is_empty() or bool(self.proxy.text)
        words = self.proxy.library_filter.describe() if not self.proxy.library_filter.is_empty() else ""
        text = self.filter_box.text().strip()
        if text:
            words = ", ".join(w for w in (words, f"containing “{text[:80]}”") if w)
        self.filter_state.setText(f"Showing: {words}" if filtering else "Showing every incident.")
        self.clear_button.setEnabled(filtering)
        self.open_button.setEnabled(shown > 0)
        self.delete_button.setEnabled(shown > 0)

    def _on_filters_filter_changed(self, _filter: LibraryFilter) -> None:
        self._apply_filters()

    def _on_filters_choosing_started(self) -> None:
        if self._choices is None:
            self.filters.set_choices(self.choices())

    def _on_filter_box_text_changed(self, _text: str) -> None:
        self._apply_filters()

    def _on_on_this_day_link_activated(self, link: str) -> None:
        self.open_requested.emit(int(link))

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
