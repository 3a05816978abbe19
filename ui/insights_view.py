"""Insights: incidents counted by one field, with the matrix's filters, as headlines, a chart and a table."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitation.library import STATS_FIELDS, Group, LibraryFilter, Stats, headlines
from facilitation.model import CATEGORY_LABELS
from facilitation.protocols import LibraryQueries
from ui.bar_chart import BarChart, bars_of
from ui.library_view import HOLIDAYS_KEY
from ui.matrix_filters import FilterBar, FilterChoices
from ui.table_model import HeaderedTableModel
from ui.widgets import plain_tooltip

FIELD_LABELS = {
    "severity": "Severity",
    "system": "System",
    "tag": "Tag",
    "trigger": "Trigger",
    "factor-category": "Contributing factor category",
    "month": "Month",
    "weekday": "Weekday",
    "hour": "Hour of day (detected)",
    "holiday": "Holiday or freeze window",
}
_NONE_LABELS = {
    "severity": "no severity",
    "system": "no system",
    "tag": "no tags",
    "trigger": "no trigger",
    "factor-category": "no category",
    "month": "no start day",
    "weekday": "no start day",
    "hour": "no time",
    "holiday": "outside any window",
}
_OVERLAPPING = ("tag", "factor-category")
"""Fields where an incident counts under several values: shares add up to more than 100%."""
REFRESH_DELAY_MS = 300
"""Filters settle this long before the library is counted again."""


def value_label(by: str, value: str | int | None) -> str:
    """A group's value as people read it: ``09:00–10:00``, ``Technical``, ``no tags``."""
    if value is None:
        return f"({_NONE_LABELS.get(by, 'none')})"
    if by == "hour" and isinstance(value, int):
        return f"{value:02}:00–{(value + 1) % 24:02}:00"
    if by == "factor-category":
        return CATEGORY_LABELS.get(str(value).casefold(), str(value))
    text = str(value)
    return text.splitlines()[0][:120] if text else "(empty)"


class StatsTableModel(HeaderedTableModel):
    """Value, count and share, one row per group."""

    HEADERS = ("Value", "Incidents", "Share")

    def __init__(self) -> None:
        super().__init__()
        self._stats = Stats("severity", 0, ())

    def set_stats(self, stats: Stats) -> None:
        """Show these groups."""
        self.beginResetModel()
        self._stats = stats
        self.endResetModel()

    def group(self, row: int) -> Group:
        """The group on row ``row``."""
        return self._stats.groups[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._stats.groups)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        group = self._stats.groups[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                value_label(self._stats.by, group.value),
                f"{group.count:,}",
                f"{group.share * 100:.1f}%",
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return plain_tooltip(value_label(self._stats.by, group.value))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column():
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class InsightsView(QWidget):
    """Counts and shares by a chosen field, for the incidents the filters keep."""

    holidays_requested = Signal()

    def __init__(self, queries: LibraryQueries, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queries = queries
        heading = QLabel("Insights")
        heading.setProperty("role", "heading")
        self.by = QComboBox()
        self.by.setAccessibleName("Count incidents by")
        for field in STATS_FIELDS:
            self.by.addItem(FIELD_LABELS[field], field)
        self.by.currentIndexChanged.connect(self.refresh)
        by_label = QLabel("Count incidents by")
        by_label.setBuddy(self.by)
        self.holidays_button = QPushButton("Holiday calendar…")
        self.holidays_button.setAccessibleName(f"Edit the holiday and freeze calendar ({HOLIDAYS_KEY})")
        self.holidays_button.setToolTip(f"The windows the Holiday grouping uses ({HOLIDAYS_KEY})")
        self.holidays_button.clicked.connect(self.holidays_requested)
        self.filters = FilterBar()
        self.filters.filter_changed.connect(self._on_filters_filter_changed)
        self.filter_state = QLabel()
        self.filter_state.setAccessibleName("Filters in use")
        self.filter_state.setTextFormat(Qt.TextFormat.PlainText)
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.setAccessibleName("Clear the filters of the insights")
        self.clear_button.clicked.connect(self.filters.clear)
        self.headlines = QLabel()
        self.headlines.setAccessibleName("Headlines")
        self.headlines.setProperty("role", "headline")
        self.headlines.setWordWrap(True)
        self.headlines.setTextFormat(Qt.TextFormat.RichText)
        self.summary = QLabel()
        self.summary.setProperty("role", "subheading")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.chart = BarChart()
        self.model = StatsTableModel()
        self.table = QTableView()
        self.table.setAccessibleName("Counts and shares")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumWidth(440)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self._next_field = QTimer(self)  # counts the next field for the headlines
        self._next_field.setSingleShot(True)
        self._next_field.setInterval(0)
        self._next_field.timeout.connect(self._count_next)
        self._counted: dict[str, Stats] = {}
        self._counted_filter = LibraryFilter()

        top = QHBoxLayout()
        top.addWidget(by_label)
        top.addWidget(self.by)
        top.addStretch()
        top.addWidget(self.holidays_button)
        state = QHBoxLayout()
        state.addWidget(self.filter_state, stretch=1)
        state.addWidget(self.clear_button)
        chart_area = QScrollArea()
        chart_area.setWidgetResizable(True)
        chart_area.setFrameShape(QScrollArea.Shape.NoFrame)
        chart_holder = QWidget()
        chart_layout = QVBoxLayout(chart_holder)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addWidget(self.summary)
        chart_layout.addWidget(self.chart)
        chart_layout.addStretch()
        chart_area.setWidget(chart_holder)
        body = QHBoxLayout()
        body.addWidget(chart_area, stretch=2)
        body.addWidget(self.table, stretch=1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addLayout(state)
        layout.addWidget(self.headlines)
        layout.addLayout(body, stretch=1)

    @property
    def field(self) -> str:
        """The field incidents are counted by."""
        return str(self.by.currentData())

    def start(self, choices: FilterChoices, library_filter: LibraryFilter) -> None:
        """Offer these filter values and begin with this filter (the matrix's)."""
        self.filters.set_choices(choices)
        self.filters.set_filter(library_filter)
        self.recount()

    def refresh(self) -> None:
        """Show the counts for the field and filters chosen; the other fields are counted for the
        headlines one per turn of the event loop, so the window stays responsive meanwhile."""
        self._timer.stop()
        library_filter = self.filters.current()
        if library_filter != self._counted_filter:
            self._counted, self._counted_filter = {}, library_filter
        by = self.field
        if by not in self._counted:
            self._counted[by] = self.queries.stats(by, library_filter)
        stats = self._counted[by]
        self.model.set_stats(stats)
        values = [(value_label(by, g.value), g.count, g.share) for g in stats.groups]
        self.chart.set_bars(bars_of(values, overlapping=by in _OVERLAPPING))
        noun = "incident" if stats.matched == 1 else "incidents"
        several = " (one incident can count under several)" if by in _OVERLAPPING else ""
        self.summary.setText(f"{stats.matched:,} {noun} by {FIELD_LABELS[by].lower()}{several}")
        self.filter_state.setText(
            "Showing every incident."
            if library_filter.is_empty()
            else f"Showing: {library_filter.describe()}"
        )
        self.clear_button.setEnabled(not library_filter.is_empty())
        self._count_next()

    def recount(self) -> None:
        """Count everything again (the library or its holiday calendar changed)."""
        self._counted = {}
        self.refresh()

    @property
    def headlines_ready(self) -> bool:
        """Whether every field is counted and the headlines are shown."""
        return len(self._counted) == len(STATS_FIELDS)

    def _count_next(self) -> None:
        missing = [field for field in STATS_FIELDS if field not in self._counted]
        if missing:
            self._counted[missing[0]] = self.queries.stats(missing[0], self._counted_filter)
        if len(missing) > 1:
            self.headlines.setText(html.escape("Looking for headlines…"))
            self._next_field.start()
            return
        said = headlines(self._counted, self._counted_filter)
        self.headlines.setText(
            "<br>".join(html.escape(line, quote=False) for line in said)
            if said
            else html.escape("Not enough incidents here yet for a finding worth repeating.")
        )

    def hideEvent(self, event: QHideEvent) -> None:
        # Out of sight, nothing is counted (the library may be closing); shown again, it goes on.
        self._timer.stop()
        self._next_field.stop()
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._counted and not self.headlines_ready:
            self._next_field.start()

    def focus_first(self) -> None:
        """Put the keyboard on the field chooser."""
        self.by.setFocus()

    def _on_filters_filter_changed(self, _filter: LibraryFilter) -> None:
        self._timer.start()
