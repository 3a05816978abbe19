"""Search the whole library as you type, and jump to the item found."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from facilitation.library import SNIPPET_END, SNIPPET_START, Found
from facilitation.phases import Phase
from facilitation.protocols import LibraryQueries
from ui.widgets import LongLineEdit

DEBOUNCE_MS = 250
"""Typing pauses this long before the library is searched."""
FOUND_ROLE = Qt.ItemDataRole.UserRole + 1
SNIPPET_CHARACTERS = 600
_HIGHLIGHT = '<b style="background-color: rgba(250, 204, 21, 0.45);">'


def place_label(list_name: str) -> str:
    """Where in a debrief a match is, in words: ``Timeline``, ``Parking lot``, ``the debrief itself``."""
    if not list_name:
        return "the debrief itself"
    if list_name == "parking_lot":
        return "Parking lot"
    try:
        return Phase.from_key(list_name).label
    except ValueError:
        return list_name.replace("_", " ").capitalize()


def snippet_html(snippet: str) -> str:
    """A snippet as rich text: matched words highlighted, every other character shown as typed."""
    text = " ".join(_words(snippet[:SNIPPET_CHARACTERS]))
    escaped = html.escape(text, quote=False)
    opened = escaped.count(SNIPPET_START) - escaped.count(SNIPPET_END)
    escaped = escaped.replace(SNIPPET_START, _HIGHLIGHT).replace(SNIPPET_END, "</b>")
    return escaped + "</b>" * max(opened, 0)


def _words(snippet: str) -> list[str]:
    """The snippet's words; a mark standing alone between spaces joins the word it belongs to.

    An end mark closes on the word before it, a start mark opens on the word after it, so a
    highlight never takes in the space between two words.
    """
    words: list[str] = []
    marks = ""  # waiting for the next word
    for word in snippet.split():
        if word.strip(SNIPPET_START + SNIPPET_END):
            words.append(marks + word)
            marks = ""
            continue
        for mark in word:
            if mark == SNIPPET_END and words and not marks:
                words[-1] += mark
            else:
                marks += mark
    if marks and words:
        words[-1] += marks
    return words or ([marks] if marks else [])


def found_html(found: Found) -> str:
    """One result as rich text: reference, title, date and place, then the snippet."""
    title = found.title.splitlines()[0][:160] if found.title else "Untitled"
    head = " · ".join(
        html.escape(part, quote=False)
        for part in (found.reference[:40], found.start_day, f"in {place_label(found.list_name)}")
        if part
    )
    return (
        f"<div><b>{html.escape(title, quote=False)}</b> &nbsp;<span>{head}</span></div>"
        f"<div>{snippet_html(found.snippet)}</div>"
    )


def found_plain(found: Found) -> str:
    """One result as plain words, for screen readers."""
    snippet = found.snippet.replace(SNIPPET_START, "").replace(SNIPPET_END, "")
    place = place_label(found.list_name)
    return f"{found.reference} {found.title[:160]}, {found.start_day}, in {place}: {snippet}"


class FoundListModel(QAbstractListModel):
    """Search results as rows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._found: list[Found] = []

    def set_found(self, found: list[Found]) -> None:
        """Show these results."""
        self.beginResetModel()
        self._found = list(found)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._found)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._found):
            return None
        found = self._found[index.row()]
        if role == FOUND_ROLE:
            return found
        if role == Qt.ItemDataRole.DisplayRole:
            return found_html(found)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return found_plain(found)
        return None


class RichTextDelegate(QStyledItemDelegate):
    """Paints an item's display text as rich text (already escaped by the model)."""

    def _document(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(str(index.data()))
        document.setTextWidth(max(option.rect.width() - 12, 100))
        return document

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        option.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        document = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = option.state & QStyle.StateFlag.State_Selected
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        rect = option.rect
        painter.save()
        painter.translate(rect.left() + 6, rect.top() + 4)
        painter.setClipRect(0, 0, rect.width() - 6, rect.height() - 4)
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        document = self._document(option, index)
        return QSize(int(document.idealWidth()), int(document.size().height()) + 8)


class SearchDialog(QDialog):
    """A search box and its results; Enter on a result chooses it."""

    def __init__(self, queries: LibraryQueries, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Takeaways — Search the library")
        self.queries = queries
        self.chosen: Found | None = None
        self.box = LongLineEdit(accessible_name="Search every debrief")
        self.box.setPlaceholderText("Search every debrief: words, names, systems…")
        self.box.setClearButtonEnabled(True)
        self.box.setProperty("role", "entry")
        self.box.installEventFilter(self)
        self.summary = QLabel("Type a word or two; every word must appear.")
        self.summary.setProperty("role", "hint")
        self.model = FoundListModel(self)
        self.results = QListView()
        self.results.setAccessibleName("Search results")
        self.results.setModel(self.model)
        self.results.setItemDelegate(RichTextDelegate(self.results))
        self.results.setUniformItemSizes(False)
        self.results.setWordWrap(True)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.activated.connect(self._on_results_activated)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.box.textChanged.connect(self._on_box_text_changed)
        hint = QLabel(
            "Enter opens the debrief at the item found · Up and Down move through the results · Esc closes"
        )
        hint.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(self.box)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, stretch=1)
        layout.addWidget(hint)
        self.resize(900, 620)

    last_query = ""
    """What was searched last in this run of the app; the next search starts from it."""

    @classmethod
    def ask(cls, parent: QWidget, queries: LibraryQueries) -> Found | None:
        """The result the person chose, or None."""
        dialog = cls(queries, parent)
        if cls.last_query:
            dialog.box.setText(cls.last_query)
            dialog.box.selectAll()
            dialog.run_search()
        dialog.exec()
        cls.last_query = dialog.box.text()[:1000]
        return dialog.chosen

    def run_search(self) -> None:
        """Search for what the box holds now."""
        self._timer.stop()
        query = self.box.text()
        found = self.queries.search(query) if query.strip() else []
        self.model.set_found(found)
        if found:
            self.results.setCurrentIndex(self.model.index(0))
        if not query.strip():
            self.summary.setText("Type a word or two; every word must appear.")
        elif not found:
            self.summary.setText("Nothing in the library has all of these words. Try fewer or other words.")
        else:
            noun = "debrief" if len(found) == 1 else "debriefs"
            self.summary.setText(f"{len(found)} {noun}, best match first.")

    def choose_current(self) -> None:
        """Choose the result under the cursor (searching first if typing is still pending)."""
        if self._timer.isActive():
            self.run_search()
        index = self.results.currentIndex()
        if index.isValid():
            self._on_results_activated(index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.box and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.choose_current()
                return True
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                QApplication.sendEvent(self.results, QKeyEvent(event.type(), key, event.modifiers()))
                return True
        return super().eventFilter(watched, event)

    def _on_box_text_changed(self, _text: str) -> None:
        self._timer.start()

    def _on_results_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        self.chosen = index.data(FOUND_ROLE)
        self.accept()
