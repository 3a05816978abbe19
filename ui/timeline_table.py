"""The timeline's table: repaints only what an insert moved, underlines noted wording, tells tooltips.

Its model is a ``TimelineModel``, whose cells live in Qt's own items; what the model works out only
when asked (tooltips, the text an editor opens with, note spans, the notes of the row in hand) the
table and its delegate ask for here.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from ui.language_notes import paint_underlines
from ui.timeline_model import TimelineModel
from ui.widgets import LongTextDelegate

_Index = QModelIndex | QPersistentModelIndex


class TimelineDelegate(LongTextDelegate):
    """Edits Who and What with their whole text and shows each cell's tooltip when it is asked for."""

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        model = index.model()
        if isinstance(model, TimelineModel) and isinstance(editor, QLineEdit):
            editor.setText(model.edit_text(index))
            return
        super().setEditorData(editor, index)

    def helpEvent(
        self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem, index: _Index
    ) -> bool:
        model = index.model()
        if event.type() != QEvent.Type.ToolTip or not isinstance(model, TimelineModel):
            return super().helpEvent(event, view, option, index)
        text = model.tooltip(index) or ""
        QToolTip.showText(event.globalPos(), text, view)
        event.setAccepted(bool(text))
        return bool(text)


class TimelineTable(QTableView):
    """The timeline's table: after rows are inserted it repaints from the first new row down.

    Qt lays a table out again after rows are inserted and then repaints all of it; above the
    first new row nothing moved, so only the rows from there down are painted again (an Enter
    usually adds a row at or near the bottom). Any other change to the rows (removed, moved,
    reset) repaints the whole table, as Qt does.

    The language notes of ``notes_column`` are underlined over the painted cells, once a paint for
    the rows that have notes, rather than by a Python delegate called for every cell of the column:
    the cells themselves paint in Qt's own code.
    """

    def __init__(self, parent: QWidget | None = None, notes_column: int | None = None) -> None:
        super().__init__(parent)
        self._inserted_from: int | None = None
        self._whole = False
        self._notes_column = notes_column
        self.setItemDelegate(TimelineDelegate(self))
        for bar in (self.verticalScrollBar(), self.horizontalScrollBar()):
            # The theme fills a scroll bar's whole groove, so the bar grown by an Enter repaints alone,
            # not the window behind it as well.
            bar.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model, column = self.model(), self._notes_column
        if not isinstance(model, TimelineModel) or column is None or self.isColumnHidden(column):
            return
        area = event.rect()
        first = self.rowAt(area.top())
        if first < 0:
            return
        last = self.rowAt(area.bottom())
        last = model.rowCount() - 1 if last < 0 else last
        painter: QPainter | None = None
        selection = self.selectionModel()
        delegate = self.itemDelegate()
        for row in range(first, last + 1):
            spans = model.note_spans(row)
            if not spans or self.isRowHidden(row) or not isinstance(delegate, LongTextDelegate):
                continue
            if painter is None:
                painter = QPainter(self.viewport())
            index = model.index(row, column)
            option = QStyleOptionViewItem()
            self.initViewItemOption(option)
            option.rect = self.visualRect(index)
            if selection is not None and selection.isSelected(index):
                option.state |= QStyle.StateFlag.State_Selected
            paint_underlines(painter, option, index, spans, delegate)
        if painter is not None:
            painter.end()

    def currentChanged(self, current: _Index, previous: _Index) -> None:
        model = self.model()
        if isinstance(model, TimelineModel):
            model.describe(current.row() if current.isValid() else -1)  # before Qt tells a screen reader
        super().currentChanged(current, previous)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            for signal in (model.rowsRemoved, model.rowsMoved, model.modelReset, model.layoutChanged):
                signal.connect(self._on_model_rows_rearranged)

    def rowsInserted(self, parent: _Index, start: int, end: int) -> None:
        super().rowsInserted(parent, start, end)
        self._inserted_from = start if self._inserted_from is None else min(self._inserted_from, start)

    def _on_model_rows_rearranged(self) -> None:
        self._whole = True

    def doItemsLayout(self) -> None:
        first, whole = self._inserted_from, self._whole
        self._inserted_from, self._whole = None, False
        if first is None or whole or not self.isVisible():
            super().doItemsLayout()
            return
        # What Qt's own layout does, less repainting what did not move.
        self.updateGeometries()
        header = self.verticalHeader()
        if not header.updatesEnabled():
            header.setUpdatesEnabled(True)
        viewport = self.viewport()
        top = max(self.rowViewportPosition(first), 0)  # new rows above the view: all of it moved
        if top < viewport.height():
            viewport.update(0, top, viewport.width(), viewport.height() - top)
