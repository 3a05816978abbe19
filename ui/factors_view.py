"""The Contributing factors phase: many factors, each sorted by category and tied to what it rests on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitation.model import FACTOR_CATEGORIES, ContributingFactor, Item
from facilitation.timeline import next_in_cycle
from ui.item_rows_model import ItemRowsModel
from ui.language_notes import (
    NOTE_SPANS_ROLE,
    ItemNotes,
    LineNotes,
    NotesDelegate,
    NotesTarget,
    close_open_editor,
    first_line_spans,
    focus_in,
    item_target,
    notes_description,
    with_notes_tooltip,
)
from ui.link_picker import LinkPicker, category_label, factor_link_candidates, first_line, timeline_labels
from ui.session_editor import SessionEditor
from ui.shortcuts import bind_actions
from ui.widgets import LongLineEdit

if TYPE_CHECKING:
    from facilitation.coach import Coach, Note

_Index = QModelIndex | QPersistentModelIndex
_Role = Qt.ItemDataRole
LIST_NAME = "contributing_factors"
_RESTS_ON = ("timeline", "went_wrong")

TEXT_COLUMN, CATEGORY_COLUMN, LINKS_COLUMN = range(3)
COLUMNS = ("Factor", "Category", "Rests on")
FACTOR_KEY_ROLE = Qt.ItemDataRole.UserRole + 1
"""The factor's key (``f3``) on every cell of its row."""

_HINT = (
    "Incidents come from many factors working together, never from one root cause: "
    "gather as many as the room sees, and tie each to the moments and troubles behind it."
)
_KEYS = (
    "Enter adds · Ctrl+Shift+K next category · Ctrl+Shift+L what the selected factor rests on · "
    "Ctrl+Down to the table · F2 edits · Del deletes · Ctrl+Shift+P private"
)


def next_category(category: str | None) -> str | None:
    """The category after ``category``, passing through "no category yet"."""
    return next_in_cycle(category, FACTOR_CATEGORIES, allow_none=True)


class FactorsModel(ItemRowsModel):
    """Contributing factors as rows: text, category, and how many items each rests on.

    Holds the session's own factor objects and never changes them: editing a
    factor's text emits ``text_edited(row, new_text)`` for the editor to save and undo.
    ``notes`` gives a factor's open language notes, underlined and in its tooltip.
    """

    text_edited = Signal(int, str)

    column_count = len(COLUMNS)

    def __init__(
        self, factors: list[ContributingFactor], notes: Callable[[Item], Sequence[Note]] | None = None
    ) -> None:
        super().__init__(list(factors))
        self._notes = notes or (lambda item: ())

    def factor(self, row: int) -> ContributingFactor:
        """The factor at ``row``."""
        return cast(ContributingFactor, self._rows[row])

    def refresh_links(self) -> None:
        """Show again every row's links column."""
        self.refresh_column(LINKS_COLUMN)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == TEXT_COLUMN else flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        factor, column = self.factor(index.row()), index.column()
        if role == _Role.DisplayRole:
            if column == TEXT_COLUMN:
                return ("🔒 " if factor.private else "") + first_line(factor.text, 500)
            if column == CATEGORY_COLUMN:
                return category_label(factor.category)
            return str(len(factor.links)) if factor.links else "not linked yet"
        if role == _Role.EditRole and column == TEXT_COLUMN:
            return factor.text
        if role == _Role.ToolTipRole and column == TEXT_COLUMN:
            text = factor.text[:2000] + ("…" if len(factor.text) > 2000 else "")
            text = f"{text}\n(private)" if factor.private else text
            return with_notes_tooltip(text, factor.text, self._notes(factor))
        if role == _Role.AccessibleDescriptionRole and column == TEXT_COLUMN:
            return notes_description(factor.text, self._notes(factor)) or None
        if role == NOTE_SPANS_ROLE and column == TEXT_COLUMN:
            notes = self._notes(factor)
            return (
                first_line_spans(factor.text, notes, 500, "🔒 " if factor.private else "") if notes else None
            )
        if role == _Role.AccessibleTextRole:
            if column == TEXT_COLUMN:
                return ("Private: " if factor.private else "") + factor.text[:500]
            if column == LINKS_COLUMN:
                count = len(factor.links)
                return f"Rests on {count} item{'s' if count != 1 else ''}" if count else "Not linked yet"
            return None
        if role == FACTOR_KEY_ROLE:
            return factor.key
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != _Role.EditRole or index.column() != TEXT_COLUMN:
            return False
        text = str(value).strip()
        if not text:
            return False  # a factor keeps its words; Del removes it
        if text != self.factor(index.row()).text:
            self.text_edited.emit(index.row(), text)
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == _Role.DisplayRole:
            return COLUMNS[section]
        if role == _Role.ToolTipRole and section == LINKS_COLUMN:
            return "How many timeline entries and went-wrong items the factor rests on"
        return None


class FactorsView(QWidget):
    """Entry line, the factors table, and what the selected factor rests on."""

    problem_shown = Signal(str)

    def __init__(
        self, editor: SessionEditor, coach: Coach | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.next_category: str | None = None
        self.next_private = False
        self.item_notes = ItemNotes(coach) if coach is not None else None

        heading = QLabel("Contributing factors")
        heading.setProperty("role", "heading")
        hint = QLabel(_HINT)
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        self.entry_line = LongLineEdit(accessible_name="New contributing factor")
        self.entry_line.setProperty("role", "entry")
        self.entry_line.setPlaceholderText("What made this possible? Then Enter")
        self.entry_notes = LineNotes(self.entry_line, coach) if coach is not None else None
        self.chips = QLabel()
        self.chips.setAccessibleName("How the next factor will be kept")
        self.chips.setToolTip("Ctrl+Shift+K category · Ctrl+Shift+P private")
        keys = QLabel(_KEYS)
        keys.setProperty("role", "hint")
        keys.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setProperty("role", "problem")
        self.problem.setWordWrap(True)
        self.problem.hide()

        self.model = FactorsModel(list(editor.session.contributing_factors), self.item_notes)
        self.model.text_edited.connect(self._on_model_text_edited)
        self.table = QTableView()
        self.table.setAccessibleName("Contributing factors")
        self.table.setModel(self.model)
        self.table.setItemDelegate(NotesDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)  # F2 is an action below
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TEXT_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(CATEGORY_COLUMN, 170)
        self.table.setColumnWidth(LINKS_COLUMN, 120)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.table.clicked.connect(self._on_table_clicked)
        self.table.doubleClicked.connect(self._on_table_double_clicked)

        self.rests_on = QLabel()
        self.rests_on.setWordWrap(True)
        self.rests_on.setTextFormat(Qt.TextFormat.PlainText)
        self.rests_on.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.rests_on.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rests_on.setAccessibleName("What the selected factor rests on")
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setWidget(self.rests_on)
        pane = QWidget()
        pane_layout = QVBoxLayout(pane)
        pane_layout.setContentsMargins(0, 4, 0, 0)
        pane_heading = QLabel("What it rests on")
        pane_heading.setProperty("role", "subheading")
        pane_layout.addWidget(pane_heading)
        pane_layout.addWidget(scroller, stretch=1)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(pane)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([480, 200])

        line_row = QHBoxLayout()
        line_row.addWidget(self.entry_line, stretch=1)
        line_row.addWidget(self.chips)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addLayout(line_row)
        layout.addWidget(keys)
        layout.addWidget(self.problem)
        layout.addWidget(split, stretch=1)

        self.menu_actions = self._build_actions()
        editor.item_inserted.connect(self._on_editor_item_inserted)
        editor.item_removed.connect(self._on_editor_item_removed)
        editor.item_changed.connect(self._on_editor_item_changed)
        editor.item_moved.connect(self._on_editor_item_moved)
        self._show_chips()
        self._show_rests_on()

    # -- actions -------------------------------------------------------------

    def _build_actions(self) -> list[QAction]:
        title = "Contributing factors"
        specs: list[tuple[str, str, Callable[[], object], QWidget | None]] = [
            (f"{title}: add the typed factor", "Return", self.capture, self.entry_line),
            (f"{title}: add the typed factor (keypad)", "Enter", self.capture, self.entry_line),
            (f"{title}: next category", "Ctrl+Shift+K", self.cycle_category, None),
            (f"{title}: what the selected factor rests on…", "Ctrl+Shift+L", self.link_selected, None),
            (f"{title}: mark private, or public again", "Ctrl+Shift+P", self.toggle_private, None),
            (f"{title}: edit the selected factor", "F2", self.edit_selected, self.table),
            (f"{title}: delete the selected factor", "Del", self.delete_selected, self.table),
            (f"{title}: go to the table", "Ctrl+Down", self.table.setFocus, None),
            (f"{title}: back to the entry line", "Ctrl+Up", self.entry_line.setFocus, None),
        ]
        return bind_actions(self, specs)

    def focus_first(self) -> None:
        """Put the cursor in the entry line, as on arrival."""
        self.entry_line.setFocus()

    def finish_edits(self) -> None:
        """Keep a line typed but not yet entered, as a factor."""
        if self.entry_line.text().strip():
            self.capture()

    # -- capture -------------------------------------------------------------

    def capture(self) -> None:
        """Add what is typed as a factor of the chosen category; on disk before the line clears."""
        text = self.entry_line.text().strip()
        if not text:
            return
        factor = ContributingFactor(text=text, category=self.next_category, private=self.next_private)
        factor.dismissed_notes = self.entry_notes.kept() if self.entry_notes is not None else []
        if not self.editor.add_item(LIST_NAME, factor):
            return  # the line keeps its text; the editor said why
        self.entry_line.setText("")  # leaves no typing to undo: Ctrl+Z now undoes the factor
        if self.next_private:
            self.next_private = False
            self._show_chips()
        # The new factor becomes the selected one, so Ctrl+Shift+L links it straight away.
        row = self.model.row_of(factor.key)
        self.table.setCurrentIndex(self.model.index(row, TEXT_COLUMN))
        self.table.scrollTo(self.model.index(row, TEXT_COLUMN))

    # -- the selected factor, or the next one -----------------------------------

    def selected(self) -> ContributingFactor | None:
        """The factor the table's cursor is on, if any."""
        index = self.table.currentIndex()
        return self.model.factor(index.row()) if index.isValid() else None

    def language_target(self) -> NotesTarget | None:
        """The line being typed, or the selected factor, while it has the cursor."""
        if self.entry_line.hasFocus() and self.entry_notes is not None:
            return self.entry_notes.target("the factor being typed")
        if self.item_notes is None or not focus_in(self.table):
            return None
        close_open_editor(self.table)
        factor = self.selected()
        if factor is None:
            return None
        return item_target(self.editor, LIST_NAME, factor.key, self.item_notes, "this factor")

    def select_item(self, key: str) -> None:
        """Put the table's cursor on the factor with this key."""
        row = self.model.row_of(key)
        if row >= 0:
            self.table.setFocus()
            self.table.setCurrentIndex(self.model.index(row, TEXT_COLUMN))
            self.table.scrollTo(self.model.index(row, TEXT_COLUMN))

    def _focused(self) -> ContributingFactor | None:
        """The selected factor while the table has the cursor; otherwise keys shape the next one."""
        return self.selected() if self.table.hasFocus() else None

    def cycle_category(self) -> None:
        """Move the selected factor (or the next one) to the next category."""
        factor = self._focused()
        if factor is not None:
            self.editor.edit_item(LIST_NAME, factor.key, category=next_category(factor.category))
        else:
            self.next_category = next_category(self.next_category)
            self._show_chips()

    def toggle_private(self) -> None:
        """Keep the selected factor (or the next one) off the shared screen and public exports."""
        factor = self._focused()
        if factor is not None:
            self.editor.edit_item(LIST_NAME, factor.key, private=not factor.private)
        else:
            self.next_private = not self.next_private
            self._show_chips()

    def link_selected(self) -> None:
        """Choose the timeline entries and went-wrong items the selected factor rests on."""
        factor = self.selected()
        if factor is None:
            self._say("Select a factor first (or add one); then Ctrl+Shift+L ties it to what it rests on.")
            return
        candidates = factor_link_candidates(self.editor.session)
        if not candidates:
            self._say("There are no timeline entries or went-wrong items to link to yet.")
            return
        chosen = LinkPicker.ask(self, candidates, list(factor.links))
        if chosen is not None:
            self.editor.edit_item(LIST_NAME, factor.key, links=chosen)

    def edit_selected(self) -> None:
        """Edit the selected factor's words in place."""
        index = self.table.currentIndex()
        if index.isValid():
            self.table.edit(self.model.index(index.row(), TEXT_COLUMN))

    def delete_selected(self) -> None:
        """Delete the selected factor (Ctrl+Z brings it back, with the actions that served it)."""
        factor = self.selected()
        if factor is not None:
            self.editor.remove_item(LIST_NAME, factor.key)

    def _show_chips(self) -> None:
        parts = [category_label(self.next_category)]
        if self.next_private:
            parts.append("🔒 private")
        self.chips.setText("Next: " + " · ".join(parts))

    def _show_rests_on(self) -> None:
        factor = self.selected()
        if factor is None:
            self.rests_on.setText("Select a factor to see the moments and went-wrong items it rests on.")
            return
        if not factor.links:
            self.rests_on.setText(
                "Not linked yet. Ctrl+Shift+L ties it to the timeline entries and went-wrong items behind it."
            )
            return
        session = self.editor.session
        labels = timeline_labels(session)
        labels.update((w.key, f"Went wrong · {first_line(w.text)}") for w in session.went_wrong)
        self.rests_on.setText("\n".join(labels[key] for key in factor.links if key in labels))

    def _say(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()
        self.problem_shown.emit(message)

    # -- keeping the model in step with the editor ------------------------------

    def _on_editor_item_inserted(self, list_name: str, index: int) -> None:
        if list_name == LIST_NAME:
            self.model.insert(index, self.editor.session.contributing_factors[index])
            self.problem.hide()

    def _on_editor_item_removed(self, list_name: str, index: int) -> None:
        if list_name == LIST_NAME:
            self.model.remove(index)
            self._show_rests_on()
        elif list_name in _RESTS_ON:
            # The editor drops links to a deleted item from the factors without a signal of their own.
            self.model.refresh_links()
            self._show_rests_on()

    def _on_editor_item_changed(self, list_name: str, index: int) -> None:
        if list_name == LIST_NAME:
            self.model.refresh(index)
            if index == self.table.currentIndex().row():
                self._show_rests_on()
        elif list_name in _RESTS_ON:
            factor = self.selected()
            if factor is not None and self.editor.items(list_name)[index].key in factor.links:
                self._show_rests_on()

    def _on_editor_item_moved(self, list_name: str, source: int, target: int) -> None:
        if list_name == LIST_NAME:
            self.model.move(source, target)
        elif list_name == "timeline" and self.selected() is not None:
            self._show_rests_on()  # a moved time can change where dates show

    def _on_model_text_edited(self, row: int, text: str) -> None:
        self.editor.edit_item(LIST_NAME, self.model.factor(row).key, text=text)

    def _on_table_clicked(self, index: QModelIndex) -> None:
        """A click on a category changes it, as Ctrl+Shift+K does."""
        if index.column() == CATEGORY_COLUMN:
            factor = self.model.factor(index.row())
            self.editor.edit_item(LIST_NAME, factor.key, category=next_category(factor.category))

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.column() == LINKS_COLUMN:
            self.link_selected()

    def _on_table_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_rests_on()
