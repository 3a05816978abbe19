"""Choosing what an item is linked to: a checklist with a filter, driven entirely by the keyboard.

Contributing factors rest on timeline entries and went-wrong items; actions serve
key learnings and factors. Both are picked here, and the views describe those items
with the same one-line labels in their own panes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from facilitation.model import CATEGORY_LABELS, Session, TimelineEntry
from facilitation.times import zone_named
from ui.widgets import LongLineEdit

_Index = QModelIndex | QPersistentModelIndex
_Role = Qt.ItemDataRole
LINK_KEY_ROLE = Qt.ItemDataRole.UserRole + 1
"""The candidate's key (``t3``, ``w1`` …) on its row."""

LABEL_LIMIT = 160
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

NO_CATEGORY = "No category yet"


def category_label(category: str | None) -> str:
    """A factor category as people read it (``people`` reads "People conditions")."""
    return CATEGORY_LABELS.get(category or "", category or NO_CATEGORY)


def first_line(text: str, limit: int = LABEL_LIMIT) -> str:
    """The first non-empty line of ``text``, cut to ``limit`` characters with an ellipsis."""
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


class LinkCandidate(NamedTuple):
    """Something an item can be linked to.

    Attributes:
        key: The item's key (``t3``, ``w1``, ``l2``, ``f4``).
        label: One line that tells it apart: time, who and what for a timeline entry.
    """

    key: str
    label: str


def timeline_labels(session: Session) -> dict[str, str]:
    """Each timeline entry's one-line label: ``14:02 · Ana Lopez · paged about login errors``.

    The date leads a time only where the day changes, as in the timeline itself.
    """
    zone = zone_named(session.time_zone)
    labels: dict[str, str] = {}
    previous_day: date | None = None
    for entry in session.timeline:
        when = "time not known"
        if entry.at is not None:
            local = entry.at.astimezone(zone) if zone else entry.at
            when = f"{local:%H:%M}"
            if previous_day is not None and local.date() != previous_day:
                when = f"{_MONTHS[local.month - 1]} {local.day} {when}"
            previous_day = local.date()
            if entry.approximate:
                when = "~" + when
        labels[entry.key] = _entry_label(when, entry)
    return labels


def _entry_label(when: str, entry: TimelineEntry) -> str:
    parts = [when, entry.actor.strip(), first_line(entry.text)]
    return " · ".join(part for part in parts if part)


def factor_link_candidates(session: Session) -> list[LinkCandidate]:
    """What a contributing factor can rest on: every timeline entry, then every went-wrong item."""
    entries = [LinkCandidate(key, label) for key, label in timeline_labels(session).items()]
    wrong = [LinkCandidate(w.key, f"Went wrong · {first_line(w.text)}") for w in session.went_wrong]
    return entries + wrong


def action_link_candidates(session: Session) -> list[LinkCandidate]:
    """What an action can serve: every key learning, then every contributing factor."""
    learnings = [
        LinkCandidate(item.key, f"Learning {number} · {first_line(item.text)}")
        for number, item in enumerate(session.key_learnings, start=1)
    ]
    factors = [
        LinkCandidate(f.key, f"Factor ({category_label(f.category).lower()}) · {first_line(f.text)}")
        for f in session.contributing_factors
    ]
    return learnings + factors


class LinkChoiceModel(QAbstractListModel):
    """Candidates as rows with a tick each; ``chosen()`` gives the ticked keys in row order."""

    def __init__(self, candidates: list[LinkCandidate], chosen: Iterable[str] = ()) -> None:
        super().__init__()
        self._candidates = list(candidates)
        ticked = set(chosen)
        self._ticked = [c.key in ticked for c in self._candidates]

    def chosen(self) -> list[str]:
        """The keys ticked, in the candidates' order."""
        return [c.key for c, ticked in zip(self._candidates, self._ticked, strict=True) if ticked]

    def toggle(self, row: int) -> None:
        """Tick the candidate at ``row``, or untick it."""
        self._ticked[row] = not self._ticked[row]
        index = self.index(row)
        self.dataChanged.emit(index, index, [_Role.CheckStateRole, _Role.AccessibleTextRole])

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._candidates)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._candidates):
            return None
        candidate, ticked = self._candidates[index.row()], self._ticked[index.row()]
        if role in (_Role.DisplayRole, _Role.ToolTipRole):
            return candidate.label
        if role == _Role.CheckStateRole:
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == _Role.AccessibleTextRole:
            return f"{candidate.label}, {'linked' if ticked else 'not linked'}"
        if role == LINK_KEY_ROLE:
            return candidate.key
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != _Role.CheckStateRole or not index.isValid():
            return False
        ticked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        if ticked != self._ticked[index.row()]:
            self.toggle(index.row())
        return True


_HINT = "Type to filter · ↓ to the list · Space ticks or unticks · Enter keeps the links · Esc leaves them"


class LinkPicker(QDialog):
    """A checklist of candidates with a filter line; the cursor starts in the filter.

    Typing filters (every word must appear, in any order); Down moves into the
    list, where Space ticks and typing goes back to the filter; Enter keeps the
    choice wherever the cursor is, Esc leaves the links as they were.
    """

    def __init__(
        self, candidates: list[LinkCandidate], chosen: Iterable[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Takeaways — Links")
        self.choices = LinkChoiceModel(candidates, chosen)
        self.shown = QSortFilterProxyModel(self)
        self.shown.setSourceModel(self.choices)
        self.filter = LongLineEdit(accessible_name="Filter the list")
        self.filter.setPlaceholderText("Type a few words, a name or a time to filter")
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.list = QListView()
        self.list.setAccessibleName("Items to link: Space ticks or unticks")
        self.list.setModel(self.shown)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setUniformItemSizes(True)  # a long timeline stays quick to filter
        self.count = QLabel()
        self.count.setProperty("role", "hint")
        self.count.setAccessibleName("How many are linked")
        self.empty = QLabel("Nothing matches; fewer words show more.")
        self.empty.setProperty("role", "hint")
        self.empty.hide()
        hint = QLabel(_HINT)
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        if not candidates:
            self.empty.setText("There is nothing to link to yet.")
            self.empty.show()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Tick each item it is linked to."))
        layout.addWidget(self.filter)
        layout.addWidget(self.list, stretch=1)
        layout.addWidget(self.empty)
        layout.addWidget(self.count)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(720, 520)
        self.filter.installEventFilter(self)
        self.list.installEventFilter(self)
        self.choices.dataChanged.connect(self._show_count)
        self._show_count()
        self._keep_a_current_row()
        self.filter.setFocus()

    def chosen(self) -> list[str]:
        """The keys ticked so far, in the candidates' order."""
        return self.choices.chosen()

    def toggle_current(self) -> None:
        """Tick the highlighted row, or untick it."""
        index = self.list.currentIndex()
        if index.isValid():
            self.choices.toggle(self.shown.mapToSource(index).row())

    def _on_filter_text_changed(self, text: str) -> None:
        words = text.split()
        # Every word, in any order: one lookahead per word, each matched literally.
        pattern = "".join(f"(?=.*{QRegularExpression.escape(word)})" for word in words)
        expression = QRegularExpression(f"^{pattern}", QRegularExpression.PatternOption.CaseInsensitiveOption)
        self.shown.setFilterRegularExpression(expression)
        self.empty.setVisible(self.shown.rowCount() == 0)
        self._keep_a_current_row()

    def _keep_a_current_row(self) -> None:
        if not self.list.currentIndex().isValid() and self.shown.rowCount():
            self.list.setCurrentIndex(self.shown.index(0, 0))

    def _show_count(self) -> None:
        count = len(self.choices.chosen())
        self.count.setText(f"{count} linked" if count else "Nothing linked yet")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key, plain = event.key(), not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
            return True
        if watched is self.filter and plain and key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            self._keep_a_current_row()
            self.list.setFocus()
            return True
        if watched is self.list:
            if key == Qt.Key.Key_Space and plain:
                self.toggle_current()
                return True
            if key == Qt.Key.Key_Up and plain and self.list.currentIndex().row() <= 0:
                self.filter.setFocus()
                return True
            if key == Qt.Key.Key_Backspace:
                self.filter.setFocus()
                self.filter.backspace()
                return True
            text = event.text()
            if text and text.isprintable() and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.filter.setFocus()
                self.filter.insert(text)  # typing in the list goes on filtering
                return True
        return super().eventFilter(watched, event)

    @classmethod
    def ask(cls, parent: QWidget, candidates: list[LinkCandidate], chosen: list[str]) -> list[str] | None:
        """The keys ticked, in the candidates' order, or None when the person changed their mind."""
        dialog = cls(candidates, chosen, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
