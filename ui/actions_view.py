"""The Actions phase: the fixes, kept apart from the learnings, and the parking lot that feeds them."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitation.model import ACTION_STATUSES, Action, Item, ParkingLotItem, Session
from facilitation.timeline import next_in_cycle
from ui.item_list_model import ItemListModel
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
from ui.link_picker import LinkPicker, action_link_candidates, category_label, first_line
from ui.session_editor import SessionEditor
from ui.shortcuts import bind_actions
from ui.widgets import LongLineEdit

if TYPE_CHECKING:
    from facilitation.coach import Coach, Note

_Index = QModelIndex | QPersistentModelIndex
_Role = Qt.ItemDataRole
LIST_NAME = "actions"
PARKING = "parking_lot"
_SERVED = ("key_learnings", "contributing_factors")

TEXT_COLUMN, OWNER_COLUMN, DUE_COLUMN, STATUS_COLUMN, SERVES_COLUMN = range(5)
COLUMNS = ("Action", "Owner", "Due", "Status", "Serves")
_FIELDS = {TEXT_COLUMN: "text", OWNER_COLUMN: "owner", DUE_COLUMN: "due", STATUS_COLUMN: "status"}
ACTION_KEY_ROLE = Qt.ItemDataRole.UserRole + 1
"""The action's key (``a3``) on every cell of its row."""

STATUS_LABELS = {"open": "Open", "in-progress": "In progress", "done": "Done", "dropped": "Dropped"}
"""Each action status (``ACTION_STATUSES``) as people read it."""

_DUE_FORM = re.compile(r"\d{4}-\d{2}-\d{2}")
_HINT = (
    "The fixes, kept apart from the learnings: who carries each one, by when, and which learning or "
    "factor it serves. Nothing has to be settled today: a smaller group can finish the actions in "
    "the follow-up review."
)
_KEYS = (
    "Enter adds · Ctrl+Shift+K next status · Ctrl+Shift+O owner · Ctrl+Shift+D due date · "
    "Ctrl+Shift+L what it serves · F2 edits the cell · Del deletes · Ctrl+Down to the table"
)
_PARKING_HINT = (
    "Fix ideas held from earlier. Ctrl+Shift+Up promotes the selected idea to an action; Del lets it go."
)


def status_label(status: str) -> str:
    """An action status as people read it (``in-progress`` reads "In progress")."""
    return STATUS_LABELS.get(status, status.replace("-", " ").capitalize())


def next_status(status: str) -> str:
    """The status after ``status``: open → in progress → done → dropped → open."""
    return next_in_cycle(status, ACTION_STATUSES) or ACTION_STATUSES[0]


class DueDateProblem(ValueError):
    """A due date typed in a form that cannot be read; the message says how to type it."""


def parse_due(text: str) -> date | None:
    """A due date typed as ``YYYY-MM-DD``; empty text means no due date.

    Raises:
        DueDateProblem: Anything else, with a plain message.
    """
    typed = text.strip()
    if not typed:
        return None
    if _DUE_FORM.fullmatch(typed):
        try:
            return date.fromisoformat(typed)
        except ValueError:
            raise DueDateProblem(
                f"There is no day {typed} in the calendar; check the month and day."
            ) from None
    raise DueDateProblem(
        f"“{typed[:40]}” was not kept as the due date: type it as YYYY-MM-DD (like 2026-03-20), "
        "or leave it empty for no due date."
    )


def served_labels(session: Session) -> dict[str, str]:
    """A short label for everything an action can serve, by key."""
    labels = {
        item.key: f"Learning {number}: {first_line(item.text, 40)}"
        for number, item in enumerate(session.key_learnings, start=1)
    }
    labels.update(
        (f.key, f"Factor ({category_label(f.category).lower()}): {first_line(f.text, 40)}")
        for f in session.contributing_factors
    )
    return labels


class ActionsModel(ItemRowsModel):
    """Actions as rows: text, owner, due date, status and what each serves.

    Holds the session's own action objects and never changes them: an edit in a
    cell emits ``edit_requested(row, field, value)`` for the editor to save and
    undo, and a due date that cannot be read emits ``edit_refused(message)``.
    ``notes`` gives an action's open language notes, underlined and in its tooltip.
    """

    edit_requested = Signal(int, str, object)
    edit_refused = Signal(str)

    column_count = len(COLUMNS)

    def __init__(
        self,
        actions: list[Action],
        serves_text: Callable[[list[str]], str],
        notes: Callable[[Item], Sequence[Note]] | None = None,
    ) -> None:
        super().__init__(list(actions))
        self._serves_text = serves_text
        self._notes = notes or (lambda item: ())

    def action(self, row: int) -> Action:
        """The action at ``row``."""
        return cast(Action, self._rows[row])

    def refresh_serves(self) -> None:
        """Show again what every action serves, after a learning or factor changed."""
        self.refresh_column(SERVES_COLUMN)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() in _FIELDS else flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        action, column = self.action(index.row()), index.column()
        if role == _Role.DisplayRole:
            return self._display(action, column)
        if role == _Role.EditRole:
            return {
                TEXT_COLUMN: action.text,
                OWNER_COLUMN: action.owner,
                DUE_COLUMN: action.due.isoformat() if action.due else "",
                STATUS_COLUMN: action.status,
            }.get(column)
        if role == _Role.ToolTipRole:
            if column == TEXT_COLUMN:
                text = action.text[:2000] + ("…" if len(action.text) > 2000 else "")
                text = f"{text}\n(private)" if action.private else text
                return with_notes_tooltip(text, action.text, self._notes(action))
            if column == SERVES_COLUMN:
                return self._serves_text(action.serves).replace(" · ", "\n") or None
            return None
        if role == _Role.AccessibleTextRole:
            if column == TEXT_COLUMN:
                return ("Private: " if action.private else "") + action.text[:500]
            if column == OWNER_COLUMN and not action.owner:
                return "No owner yet"
            if column == DUE_COLUMN and action.due is None:
                return "No due date"
            return None
        if role == ACTION_KEY_ROLE:
            return action.key
        if role == _Role.AccessibleDescriptionRole and column == TEXT_COLUMN:
            return notes_description(action.text, self._notes(action)) or None
        if role == NOTE_SPANS_ROLE and column == TEXT_COLUMN:
            notes = self._notes(action)
            return (
                first_line_spans(action.text, notes, 500, "🔒 " if action.private else "") if notes else None
            )
        return None

    def _display(self, action: Action, column: int) -> str:
        if column == TEXT_COLUMN:
            return ("🔒 " if action.private else "") + first_line(action.text, 500)
        if column == OWNER_COLUMN:
            return action.owner
        if column == DUE_COLUMN:
            return action.due.isoformat() if action.due else ""
        if column == STATUS_COLUMN:
            return status_label(action.status)
        return self._serves_text(action.serves)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != _Role.EditRole or index.column() not in _FIELDS:
            return False
        action, field = self.action(index.row()), _FIELDS[index.column()]
        new: object
        if field == "due":
            try:
                new = parse_due(str(value))
            except DueDateProblem as problem:
                self.edit_refused.emit(str(problem))
                return False
        elif field == "status":
            if value not in ACTION_STATUSES:
                return False
            new = value
        else:
            new = str(value).strip()
            if field == "text" and not new:
                return False  # an action keeps its words; Del removes it
        if new != getattr(action, field):
            self.edit_requested.emit(index.row(), field, new)
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == _Role.DisplayRole:
            return COLUMNS[section]
        if role == _Role.ToolTipRole:
            return {
                DUE_COLUMN: "YYYY-MM-DD; empty for none",
                SERVES_COLUMN: "The key learnings and contributing factors it serves",
            }.get(section)
        return None


class ActionsDelegate(NotesDelegate):
    """Edits cells in long-text fields: the owner completes from participants' names, status is a list.

    Language notes on an action's words are underlined, as in every list.
    """

    def __init__(self, names: Callable[[], list[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names = names

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        if index.column() == STATUS_COLUMN:
            combo = QComboBox(parent)
            combo.setAccessibleName("Status")
            for status in ACTION_STATUSES:
                combo.addItem(status_label(status), status)
            return combo
        field = LongLineEdit(parent, accessible_name=COLUMNS[index.column()])
        if index.column() == OWNER_COLUMN:
            completer = QCompleter(QStringListModel(self._names(), field), field)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            field.setCompleter(completer)
            field.setPlaceholderText("Who carries it")
        elif index.column() == DUE_COLUMN:
            field.setPlaceholderText("YYYY-MM-DD, or empty for none")
        return field

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        value = index.data(_Role.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, LongLineEdit):
            editor.setText(str(value or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), _Role.EditRole)
        elif isinstance(editor, LongLineEdit):
            model.setData(index, editor.text(), _Role.EditRole)


class ActionsView(QWidget):
    """Entry line and the actions table; beside them, the parking lot to promote ideas from."""

    problem_shown = Signal(str)

    def __init__(
        self, editor: SessionEditor, coach: Coach | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        session = editor.session
        self.item_notes = ItemNotes(coach) if coach is not None else None

        heading = QLabel("Actions")
        heading.setProperty("role", "heading")
        hint = QLabel(_HINT)
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        self.entry_line = LongLineEdit(accessible_name="New action")
        self.entry_line.setProperty("role", "entry")
        self.entry_line.setPlaceholderText("A fix, then Enter; e.g. Roll config out one region at a time")
        self.entry_notes = LineNotes(self.entry_line, coach) if coach is not None else None
        keys = QLabel(_KEYS)
        keys.setProperty("role", "hint")
        keys.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setProperty("role", "problem")
        self.problem.setWordWrap(True)
        self.problem.hide()

        self.model = ActionsModel(list(session.actions), self._serves_text, self.item_notes)
        self.model.edit_requested.connect(self._on_model_edit_requested)
        self.model.edit_refused.connect(self._say)
        self.table = QTableView()
        self.table.setAccessibleName("Actions")
        self.table.setModel(self.model)
        self.table.setItemDelegate(
            ActionsDelegate(lambda: [p.name for p in editor.session.participants if p.name], self.table)
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TEXT_COLUMN, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (OWNER_COLUMN, 120),
            (DUE_COLUMN, 105),
            (STATUS_COLUMN, 110),
            (SERVES_COLUMN, 130),
        ):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._on_table_double_clicked)

        self.parking = ItemListModel(list(session.parking_lot), notes=self.item_notes)
        self.parking_list = QListView()
        self.parking_list.setModel(self.parking)
        self.parking_list.setItemDelegate(NotesDelegate(self.parking_list))
        self.parking_list.setAccessibleName("Parking lot: fix ideas held from earlier")
        self.parking_list.setWordWrap(True)
        self.parking_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        promote = QPushButton("Promote to an action")
        promote.setToolTip("Ctrl+Shift+Up")
        promote.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a click keeps the cursor where it was
        promote.clicked.connect(self.promote_selected)
        let_go = QPushButton("Let it go")
        let_go.setToolTip("Del in the parking lot")
        let_go.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        let_go.clicked.connect(self.let_go_selected)
        parking_box = QWidget()
        parking_layout = QVBoxLayout(parking_box)
        parking_layout.setContentsMargins(8, 0, 0, 0)
        parking_heading = QLabel("Parking lot")
        parking_heading.setProperty("role", "subheading")
        parking_hint = QLabel(_PARKING_HINT)
        parking_hint.setProperty("role", "hint")
        parking_hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(promote)
        buttons.addWidget(let_go)
        buttons.addStretch()
        parking_layout.addWidget(parking_heading)
        parking_layout.addWidget(parking_hint)
        parking_layout.addWidget(self.parking_list, stretch=1)
        parking_layout.addLayout(buttons)

        # The parking lot sits under the table, so the table has the width its five columns need.
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(parking_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([420, 220])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.entry_line)
        layout.addWidget(keys)
        layout.addWidget(self.problem)
        layout.addWidget(split, stretch=1)

        self.menu_actions = self._build_actions()
        editor.item_inserted.connect(self._on_editor_item_inserted)
        editor.item_removed.connect(self._on_editor_item_removed)
        editor.item_changed.connect(self._on_editor_item_changed)
        editor.item_moved.connect(self._on_editor_item_moved)

    # -- actions -------------------------------------------------------------

    def _build_actions(self) -> list[QAction]:
        title = "Actions"
        specs: list[tuple[str, str, Callable[[], object], QWidget | None]] = [
            (f"{title}: add the typed action", "Return", self.capture, self.entry_line),
            (f"{title}: add the typed action (keypad)", "Enter", self.capture, self.entry_line),
            (
                f"{title}: next status (open, in progress, done, dropped)",
                "Ctrl+Shift+K",
                self.cycle_status,
                None,
            ),
            (f"{title}: who carries the selected action", "Ctrl+Shift+O", self.edit_owner, None),
            (f"{title}: the selected action's due date", "Ctrl+Shift+D", self.edit_due, None),
            (f"{title}: what the selected action serves…", "Ctrl+Shift+L", self.link_selected, None),
            (f"{title}: mark private, or public again", "Ctrl+Shift+P", self.toggle_private, None),
            (f"{title}: delete the selected action", "Del", self.delete_selected, self.table),
            (f"{title}: promote the selected parking-lot idea", "Ctrl+Shift+Up", self.promote_selected, None),
            (
                f"{title}: let the selected parking-lot idea go",
                "Del",
                self.let_go_selected,
                self.parking_list,
            ),
            (f"{title}: go to the table", "Ctrl+Down", self.table.setFocus, None),
            (f"{title}: go to the parking lot", "Ctrl+Shift+Down", self._focus_parking, None),
            (f"{title}: back to the entry line", "Ctrl+Up", self.entry_line.setFocus, None),
        ]
        return bind_actions(self, specs)

    def focus_first(self) -> None:
        """Put the cursor in the entry line, as on arrival."""
        self.entry_line.setFocus()

    def finish_edits(self) -> None:
        """Keep a line typed but not yet entered, as an action."""
        if self.entry_line.text().strip():
            self.capture()

    def _focus_parking(self) -> None:
        self.parking_list.setFocus()
        if not self.parking_list.currentIndex().isValid() and self.parking.rowCount():
            self.parking_list.setCurrentIndex(self.parking.index(0))

    # -- capture -------------------------------------------------------------

    def capture(self) -> None:
        """Add what is typed as an open action; on disk before the line clears."""
        text = self.entry_line.text().strip()
        if not text:
            return
        action = Action(text=text, dismissed_notes=self.entry_notes.kept() if self.entry_notes else [])
        if self.editor.add_item(LIST_NAME, action):
            self.entry_line.setText("")  # leaves no typing to undo: Ctrl+Z now undoes the action
            self._select(action.key)

    def _select(self, key: str) -> None:
        """Make the action with ``key`` the selected one, so the next keys shape it."""
        row = self.model.row_of(key)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, TEXT_COLUMN))
            self.table.scrollTo(self.model.index(row, TEXT_COLUMN))

    # -- language notes ----------------------------------------------------------

    def language_target(self) -> NotesTarget | None:
        """The line being typed, the selected action or the selected parking-lot idea, with the cursor."""
        if self.entry_line.hasFocus() and self.entry_notes is not None:
            return self.entry_notes.target("the action being typed")
        if self.item_notes is None:
            return None
        if focus_in(self.table):
            close_open_editor(self.table)
            action = self.selected()
            if action is not None:
                return item_target(self.editor, LIST_NAME, action.key, self.item_notes, "this action")
        elif focus_in(self.parking_list):
            idea = self._selected_idea()
            if idea is not None:
                return item_target(self.editor, PARKING, idea.key, self.item_notes, "this parking-lot idea")
        return None

    def select_item(self, key: str) -> None:
        """Put the cursor on the action, or parking-lot idea, with this key."""
        if self.model.row_of(key) >= 0:
            self.table.setFocus()
            self._select(key)
            return
        rows = [r for r in range(self.parking.rowCount()) if self.parking.item(r).key == key]
        if rows:
            self.parking_list.setFocus()
            self.parking_list.setCurrentIndex(self.parking.index(rows[0]))

    # -- the selected action -------------------------------------------------

    def selected(self) -> Action | None:
        """The action the table's cursor is on, if any."""
        index = self.table.currentIndex()
        return self.model.action(index.row()) if index.isValid() else None

    def _selected_or_say(self) -> Action | None:
        action = self.selected()
        if action is None:
            self._say("Select an action first (or add one); the keys change the selected action.")
        return action

    def cycle_status(self) -> None:
        """Move the selected action to its next status."""
        action = self._selected_or_say()
        if action is not None:
            self.editor.edit_item(LIST_NAME, action.key, status=next_status(action.status))

    def edit_owner(self) -> None:
        """Type who carries the selected action; participants' names complete."""
        self._edit_cell(OWNER_COLUMN)

    def edit_due(self) -> None:
        """Type the selected action's due date."""
        self._edit_cell(DUE_COLUMN)

    def _edit_cell(self, column: int) -> None:
        if self._selected_or_say() is None:
            return
        index = self.model.index(self.table.currentIndex().row(), column)
        self.table.setFocus()
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def link_selected(self) -> None:
        """Choose the key learnings and contributing factors the selected action serves."""
        action = self._selected_or_say()
        if action is None:
            return
        candidates = action_link_candidates(self.editor.session)
        if not candidates:
            self._say("There are no key learnings or contributing factors to link to yet.")
            return
        chosen = LinkPicker.ask(self, candidates, list(action.serves))
        if chosen is not None:
            self.editor.edit_item(LIST_NAME, action.key, serves=chosen)

    def toggle_private(self) -> None:
        """Keep the selected action or parking-lot idea off the shared screen and public exports."""
        item: Item | None = self._selected_idea() if self.parking_list.hasFocus() else self.selected()
        if item is not None:
            list_name = PARKING if isinstance(item, ParkingLotItem) else LIST_NAME
            self.editor.edit_item(list_name, item.key, private=not item.private)

    def delete_selected(self) -> None:
        """Delete the selected action (Ctrl+Z brings it back)."""
        action = self.selected()
        if action is not None:
            self.editor.remove_item(LIST_NAME, action.key)

    # -- the parking lot -------------------------------------------------------

    def _selected_idea(self) -> ParkingLotItem | None:
        index = self.parking_list.currentIndex()
        item = self.parking.item(index.row()) if index.isValid() else None
        return item if isinstance(item, ParkingLotItem) else None

    def promote_selected(self) -> None:
        """Make the selected parking-lot idea an open action; one undo puts it back in the lot.

        The editor has no step of several changes of its own, so its undo stack
        gathers the add and the removal into one macro.
        """
        idea = self._selected_idea()
        if idea is None:
            self._say("Select an idea in the parking lot first; Ctrl+Shift+Down goes there.")
            return
        action = Action(text=idea.text, private=idea.private, dismissed_notes=list(idea.dismissed_notes))
        stack = self.editor.undo_stack
        stack.beginMacro(f"Promote “{first_line(idea.text, 40)}” to an action")
        try:
            added = self.editor.add_item(LIST_NAME, action)
            if added:
                self.editor.remove_item(PARKING, idea.key)  # if this fails the idea stays, and says so
        finally:
            stack.endMacro()
        if not added:
            _drop_empty_step(self.editor)
            return
        self._select(action.key)

    def let_go_selected(self) -> None:
        """Let the selected parking-lot idea go (Ctrl+Z brings it back)."""
        idea = self._selected_idea()
        if idea is not None:
            self.editor.remove_item(PARKING, idea.key)

    # -- showing -----------------------------------------------------------------

    def _serves_text(self, keys: list[str]) -> str:
        if not keys:
            return ""
        labels = served_labels(self.editor.session)
        return " · ".join(labels[key] for key in keys if key in labels)

    def _say(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()
        self.problem_shown.emit(message)

    # -- keeping the models in step with the editor ------------------------------

    def _on_editor_item_inserted(self, list_name: str, index: int) -> None:
        if list_name == LIST_NAME:
            self.model.insert(index, self.editor.session.actions[index])
            self.problem.hide()
        elif list_name == PARKING:
            self.parking.insert(index, self.editor.session.parking_lot[index])
        elif list_name in _SERVED:
            self.model.refresh_serves()  # learnings are numbered by place

    def _on_editor_item_removed(self, list_name: str, index: int) -> None:
        if list_name == LIST_NAME:
            self.model.remove(index)
        elif list_name == PARKING:
            self.parking.remove(index)
        elif list_name in _SERVED:
            # The editor drops links to a deleted item from the actions without a signal of their own.
            self.model.refresh_serves()

    def _on_editor_item_changed(self, list_name: str, index: int) -> None:
        if list_name == LIST_NAME:
            self.model.refresh(index)
            self.problem.hide()
        elif list_name == PARKING:
            self.parking.refresh(index)
        elif list_name in _SERVED:
            self.model.refresh_serves()

    def _on_editor_item_moved(self, list_name: str, source: int, target: int) -> None:
        if list_name == LIST_NAME:
            self.model.move(source, target)
        elif list_name in _SERVED:
            self.model.refresh_serves()

    def _on_model_edit_requested(self, row: int, field: str, value: object) -> None:
        self.editor.edit_item(LIST_NAME, self.model.action(row).key, **{field: value})

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.column() == SERVES_COLUMN:
            self.link_selected()


def _drop_empty_step(editor: SessionEditor) -> None:
    """Take an empty macro (nothing was changed) off the undo stack, leaving nothing to redo."""
    stack = editor.undo_stack
    if stack.index() == 0:
        return
    step = stack.command(stack.index() - 1)
    if step is not None and step.childCount() == 0:
        step.setObsolete(True)  # undo() then deletes it without running it
        stack.undo()
