"""Phases that gather a list by typing and Enter: what went right, what went wrong, key learnings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from facilitation.model import Item, KeyLearning, WentRight, WentWrong
from facilitation.review import learning_nudge
from ui.item_list_model import ItemListModel
from ui.language_notes import ItemNotes, LineNotes, NotesDelegate, NotesTarget, focus_in, item_target
from ui.session_editor import SessionEditor
from ui.shortcuts import bind_actions
from ui.widgets import LongLineEdit

if TYPE_CHECKING:
    from facilitation.coach import Coach


@dataclass(frozen=True)
class ListPhase:
    """What differs between the list phases.

    Attributes:
        list_name: The session's list (``went_right`` …).
        title: The heading.
        hint: One line under it, for the facilitator.
        placeholder: The entry line's prompt.
        make: Builds a new item from typed text.
        marker: A prefix that marks an item in the list (the "repeat" sign).
        ordered: The order is the facilitator's, set by keys (learnings).
        nudge: A gentle sentence about the count, or "".
        one: How a sentence names one of its items ("this learning").
    """

    list_name: str
    title: str
    hint: str
    placeholder: str
    make: Callable[[str], Item]
    marker: Callable[[Item], str] = field(default=lambda item: "")
    ordered: bool = False
    nudge: Callable[[int], str] = field(default=lambda count: "")
    one: str = "this item"


WENT_RIGHT = ListPhase(
    "went_right",
    "What went right",
    "Alerts that fired early, fallbacks that held, quick and well-informed calls, preparation that paid off.",
    "Something that helped, then Enter",
    lambda text: WentRight(text=text),
    marker=lambda item: "↻ " if isinstance(item, WentRight) and item.repeat else "",
    one="this went-right item",
)
WENT_WRONG = ListPhase(
    "went_wrong",
    "What went wrong",
    "Technical and human alike: fatigue, repeated pages, unclear ownership, runbooks, calendar pressure.",
    "Something that hurt, then Enter",
    lambda text: WentWrong(text=text),
    one="this went-wrong item",
)
KEY_LEARNINGS = ListPhase(
    "key_learnings",
    "Key learnings",
    "Three to five sentences for someone who wasn't there: what this taught us about our systems and ways "
    "of working. Alt+Up and Alt+Down set their order; the first one leads the postmortem.",
    "A learning for someone who wasn't there, then Enter",
    lambda text: KeyLearning(text=text),
    ordered=True,
    nudge=learning_nudge,
    one="this learning",
)


class ListPhaseView(QWidget):
    """An entry line and the list it fills; every change goes through the editor."""

    def __init__(
        self,
        editor: SessionEditor,
        phase: ListPhase,
        coach: Coach | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.phase = phase
        self.item_notes = ItemNotes(coach) if coach is not None else None
        heading = QLabel(phase.title)
        heading.setProperty("role", "heading")
        hint = QLabel(phase.hint)
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        self.entry_line = LongLineEdit(accessible_name=f"New item for {phase.title}")
        self.entry_line.setProperty("role", "entry")
        self.entry_line.setPlaceholderText(phase.placeholder)
        learnings = phase.list_name == "key_learnings"  # written for people who weren't there
        self.entry_notes = (
            LineNotes(self.entry_line, coach, learnings=learnings) if coach is not None else None
        )
        self.next_private = False
        self.next_marker = QLabel()
        self.next_marker.setAccessibleName("How the next item will be kept")
        self.nudge = QLabel()
        self.nudge.setProperty("role", "hint")
        self.nudge.setWordWrap(True)
        self.model = ItemListModel(editor.items(phase.list_name), phase.marker, self.item_notes)
        self.model.text_edited.connect(self._on_model_text_edited)
        self.list = QListView()
        self.list.setAccessibleName(phase.title)
        self.list.setModel(self.model)
        self.list.setItemDelegate(NotesDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        keys = QLabel(self._keys_line())
        keys.setProperty("role", "hint")
        keys.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(hint)
        line_row = QHBoxLayout()
        line_row.addWidget(self.entry_line, stretch=1)
        line_row.addWidget(self.next_marker)
        layout.addLayout(line_row)
        layout.addWidget(keys)
        layout.addWidget(self.nudge)
        layout.addWidget(self.list, stretch=1)

        self.menu_actions = self._build_actions()
        editor.item_inserted.connect(self._on_editor_item_inserted)
        editor.item_removed.connect(self._on_editor_item_removed)
        editor.item_changed.connect(self._on_editor_item_changed)
        editor.item_moved.connect(self._on_editor_item_moved)
        self._show_nudge()

    def finish_edits(self) -> None:
        """Keep a line typed but not yet entered."""
        if self.entry_line.text().strip():
            self.capture()

    def focus_first(self) -> None:
        """Put the cursor in the entry line, as on arrival."""
        self.entry_line.setFocus()

    def _keys_line(self) -> str:
        keys = ["Enter adds", "Ctrl+Down to the list", "F2 edits", "Del deletes", "Ctrl+Shift+P private"]
        if self.phase.list_name == "went_right":
            keys.append("Ctrl+Shift+R repeat / automate this")
        if self.phase.ordered:
            keys.append("Alt+Up / Alt+Down reorder")
        return " · ".join(keys)

    def _build_actions(self) -> list[QAction]:
        title = self.phase.title
        specs: list[tuple[str, str, Callable[[], object], QWidget | None]] = [
            (f"{title}: add the typed item", "Return", self.capture, self.entry_line),
            (f"{title}: add the typed item (keypad)", "Enter", self.capture, self.entry_line),
            (f"{title}: go to the list", "Ctrl+Down", self.list.setFocus, None),
            (f"{title}: back to the entry line", "Ctrl+Up", self.entry_line.setFocus, None),
            (f"{title}: delete the selected item", "Del", self.delete_selected, self.list),
            (f"{title}: mark private, or public again", "Ctrl+Shift+P", self.toggle_private, None),
        ]
        if self.phase.list_name == "went_right":
            specs.append((f"{title}: repeat / automate this", "Ctrl+Shift+R", self.toggle_repeat, None))
        if self.phase.ordered:
            specs.append(
                (f"{title}: move the selected item up", "Alt+Up", lambda: self.move_selected(-1), None)
            )
            specs.append(
                (f"{title}: move the selected item down", "Alt+Down", lambda: self.move_selected(1), None)
            )
        return bind_actions(self, specs)

    def capture(self) -> None:
        """Add what is typed; it is on disk before the line clears."""
        text = self.entry_line.text().strip()
        item = self.phase.make(text)
        item.private = self.next_private
        item.dismissed_notes = self.entry_notes.kept() if self.entry_notes is not None else []
        if text and self.editor.add_item(self.phase.list_name, item):
            self.entry_line.setText("")  # leaves no typing to undo: Ctrl+Z now undoes the item
            self.next_private = False
            self.next_marker.setText("")
            self.list.scrollToBottom()

    def _selected(self) -> Item | None:
        """The selected item, once any typing in its cell is saved (a toggle must not wipe it)."""
        editor = QApplication.focusWidget()
        if editor is not None and editor is not self.list and self.list.isAncestorOf(editor):
            self.list.commitData(editor)
            self.list.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        index = self.list.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def language_target(self) -> NotesTarget | None:
        """The line being typed, or the selected item, while it has the cursor."""
        if self.entry_line.hasFocus() and self.entry_notes is not None:
            return self.entry_notes.target("the line being typed")
        if self.item_notes is None or not focus_in(self.list):
            return None
        item = self._selected()
        if item is None:
            return None
        return item_target(self.editor, self.phase.list_name, item.key, self.item_notes, self.phase.one)

    def select_item(self, key: str) -> None:
        """Put the list's cursor on the item with this key."""
        rows = [row for row in range(self.model.rowCount()) if self.model.item(row).key == key]
        if rows:
            self.list.setFocus()
            self.list.setCurrentIndex(self.model.index(rows[0]))
            self.list.scrollTo(self.model.index(rows[0]))

    def delete_selected(self) -> None:
        """Delete the selected item (Ctrl+Z brings it back)."""
        item = self._selected()
        if item is not None:
            self.editor.remove_item(self.phase.list_name, item.key)

    def toggle_private(self) -> None:
        """In the list: keep the selected item off the shared screen and public exports, or show it
        again. In the entry line: the same for the next item typed."""
        focused = QApplication.focusWidget()
        if focused is not self.list and not (focused is not None and self.list.isAncestorOf(focused)):
            self.next_private = not self.next_private
            self.next_marker.setText("Next: 🔒 private" if self.next_private else "")
            return
        item = self._selected()
        if item is not None:
            self.editor.edit_item(self.phase.list_name, item.key, private=not item.private)

    def toggle_repeat(self) -> None:
        """Mark the selected went-right item "repeat / automate this", or unmark it."""
        item = self._selected()
        if isinstance(item, WentRight):
            self.editor.edit_item(self.phase.list_name, item.key, repeat=not item.repeat)

    def move_selected(self, offset: int) -> None:
        """Move the selected item up (-1) or down (+1)."""
        item = self._selected()
        if item is not None:
            row = self.list.currentIndex().row()
            self.editor.reorder(self.phase.list_name, item.key, row + offset)

    def _show_nudge(self) -> None:
        self.nudge.setText(self.phase.nudge(self.model.rowCount()))
        self.nudge.setVisible(bool(self.nudge.text()))

    def _on_model_text_edited(self, row: int, text: str) -> None:
        self.editor.edit_item(self.phase.list_name, self.model.item(row).key, text=text)

    def _on_editor_item_inserted(self, list_name: str, index: int) -> None:
        if list_name == self.phase.list_name:
            self.model.insert(index, self.editor.items(list_name)[index])
            self._show_nudge()

    def _on_editor_item_removed(self, list_name: str, index: int) -> None:
        if list_name == self.phase.list_name:
            self.model.remove(index)
            self._show_nudge()

    def _on_editor_item_changed(self, list_name: str, index: int) -> None:
        if list_name == self.phase.list_name:
            self.model.refresh(index)

    def _on_editor_item_moved(self, list_name: str, source: int, target: int) -> None:
        if list_name == self.phase.list_name:
            self.model.move(source, target)
            self.list.setCurrentIndex(self.model.index(target))
