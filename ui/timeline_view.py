"""The Timeline phase: capture what happened as it is said, and shape it into a timeline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QBuffer,
    QEvent,
    QIODevice,
    QMimeData,
    QModelIndex,
    QObject,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from facilitation.entry_line import complete_actor, parse_entry_line, parse_time_only
from facilitation.model import IMAGE_TYPES, EntryImage, ParkingLotItem, TimelineEntry
from facilitation.timeline import insertion_index, next_kind, next_source
from facilitation.times import format_local, zone_named
from ui.item_list_model import ItemListModel
from ui.language_notes import (
    ItemNotes,
    LineNotes,
    NotesDelegate,
    NotesTarget,
    close_open_editor,
    focus_in,
    item_target,
)
from ui.session_editor import SessionEditor
from ui.shortcuts import bind_actions
from ui.timeline_dialogs import ImageFileDialog, LinkDialog, TimeDialog
from ui.timeline_model import (
    COLUMNS,
    KIND_COLUMN,
    SOURCE_COLUMN,
    STAR_COLUMN,
    TIME_COLUMN,
    WHAT_COLUMN,
    WHO_COLUMN,
    TimelineModel,
    chat_note,
)
from ui.timeline_table import TimelineTable
from ui.widgets import LongLineEdit

if TYPE_CHECKING:
    from facilitation.coach import Coach

MAX_IMAGE_BYTES = 20 * 1024 * 1024
_HINT = (
    "Enter adds the line · Ctrl+Enter sends a fix idea to the parking lot · "
    "start with 14:32, ~14:30, 2026-03-02 14:32 or +5m for the time, then @name: for who"
)


def wording_start(line: str) -> int:
    """Where an entry line's words start, past a leading time and ``@name:`` (the coach reads the words)."""
    text = parse_entry_line(line, "UTC", None, None).text
    end = len(line.rstrip())
    start = end - len(text)
    return start if text and line[start:end] == text else 0


class EntryLine(LongLineEdit):
    """The line everything is typed into; completes participants' names after ``@``."""

    def __init__(self, participants: Callable[[], list[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent, accessible_name="New timeline entry")
        self._participants = participants
        self.setPlaceholderText("What happened? e.g. 14:32 @Ana: paged about login errors")
        self._names = QStringListModel(self)
        self._completer = QCompleter(self._names, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._on_completer_activated)
        self.textEdited.connect(self._on_text_edited)

    def _actor_being_typed(self) -> tuple[int, str] | None:
        text = self.text()[: self.cursorPosition()]
        at = text.rfind("@")
        if at < 0 or ":" in text[at:] or len(text) - at > 40:
            return None
        return at, text[at + 1 :]

    def _on_text_edited(self, _text: str) -> None:
        typed = self._actor_being_typed()
        names = complete_actor(typed[1], self._participants()) if typed else []
        self._names.setStringList(names)
        popup = self._completer.popup()
        if names:
            self._completer.setCompletionPrefix("")
            self._completer.complete()
        elif popup is not None:
            popup.hide()

    def completing(self) -> bool:
        """A list of names is open: Enter picks a name rather than adding the line."""
        popup = self._completer.popup()
        return popup is not None and popup.isVisible()

    def _on_completer_activated(self, name: str) -> None:
        typed = self._actor_being_typed()
        if typed is None:
            return
        at, _ = typed
        self.setSelection(at + 1, self.cursorPosition() - at - 1)
        self.insert(f"{name}: ")  # an edit like typing, so Ctrl+Z can take it back


class TimelineView(QWidget):
    """Entry line, the timeline table, the parking lot and the selected entry's links and image."""

    problem_shown = Signal(str)
    import_requested = Signal()
    """The Import… button was pressed (the window's action does the same, Ctrl+I)."""

    def __init__(
        self, editor: SessionEditor, coach: Coach | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        session = editor.session
        self.item_notes = ItemNotes(coach) if coach is not None else None
        self.next_kind = "event"
        self.next_source: str | None = None
        self.next_starred = False
        self.next_private = False
        self._last_key = session.timeline[-1].key if session.timeline else ""
        self._last_row = len(session.timeline) - 1

        heading = QLabel("Timeline")
        heading.setProperty("role", "heading")
        self.entry_line = EntryLine(lambda: [p.name for p in editor.session.participants])
        self.entry_line.setProperty("role", "entry")
        self.entry_notes = (
            LineNotes(self.entry_line, coach, origin=wording_start) if coach is not None else None
        )
        self.chips = QLabel()
        self.chips.setAccessibleName("How the next entry will be kept")
        hint = QLabel(_HINT)
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setProperty("role", "problem")
        self.problem.setWordWrap(True)
        self.problem.hide()

        self.model = TimelineModel(session.time_zone, self.item_notes)
        self.model.set_rows(session.timeline)
        self.model.entry_edited.connect(self._on_model_entry_edited)
        # Only What happened carries language notes, underlined by the table over its cells: every
        # cell paints in Qt's own code, as a row inserted repaints every cell on screen, and a
        # Python paint per cell is what costs.
        self.table = TimelineTable(notes_column=WHAT_COLUMN)
        self.table.setAccessibleName("Timeline entries")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAcceptDrops(True)
        self.table.viewport().setAcceptDrops(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        header = self.table.horizontalHeader()
        # Fixed widths: fitting columns to their contents would re-measure rows on every Enter.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(WHAT_COLUMN, QHeaderView.ResizeMode.Stretch)
        widths = {STAR_COLUMN: 34, TIME_COLUMN: 150, WHO_COLUMN: 120, KIND_COLUMN: 90, SOURCE_COLUMN: 130}
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        self.table.setColumnWidth(len(COLUMNS) - 1, 44)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.table.clicked.connect(self._on_table_clicked)
        self.table.installEventFilter(self)
        self.table.viewport().installEventFilter(self)

        self.parking = ItemListModel(list(session.parking_lot), notes=self.item_notes)
        self.parking_list = QListView()
        self.parking_list.setModel(self.parking)
        self.parking_list.setItemDelegate(NotesDelegate(self.parking_list))
        self.parking_list.setAccessibleName("Parking lot: fix ideas held for the Actions phase")
        self.parking_list.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName("Links of the selected entry")
        self.picture = QLabel()
        self.picture.setAccessibleName("Image of the selected entry")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        remove_image = QPushButton("Remove image")
        remove_image.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a click keeps the cursor where it was
        remove_image.clicked.connect(self._remove_image)
        remove_links = QPushButton("Remove links")
        remove_links.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        remove_links.clicked.connect(self._remove_links)

        parking_box = QWidget()
        parking_layout = QVBoxLayout(parking_box)
        parking_layout.setContentsMargins(0, 4, 8, 0)
        parking_heading = QLabel("Parking lot")
        parking_heading.setProperty("role", "subheading")
        parking_layout.addWidget(parking_heading)
        parking_layout.addWidget(self.parking_list)
        details_box = QWidget()
        details_layout = QVBoxLayout(details_box)
        details_layout.setContentsMargins(8, 4, 0, 0)
        details_heading = QLabel("Selected entry")
        details_heading.setProperty("role", "subheading")
        details_layout.addWidget(details_heading)
        details_layout.addWidget(self.details)
        details_layout.addWidget(self.picture, stretch=1)
        buttons = QHBoxLayout()
        buttons.addWidget(remove_links)
        buttons.addWidget(remove_image)
        buttons.addStretch()
        details_layout.addLayout(buttons)
        below = QSplitter(Qt.Orientation.Horizontal)
        below.addWidget(parking_box)
        below.addWidget(details_box)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(below)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([520, 190])

        import_button = QPushButton("Import…")
        import_button.setAccessibleName("Import a Slack export, a chat log or a timeline CSV (Ctrl+I)")
        import_button.setToolTip("Ctrl+I: a Slack export, a chat log or a timeline CSV")
        import_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        import_button.clicked.connect(self.import_requested)
        line_row = QHBoxLayout()
        line_row.addWidget(self.entry_line, stretch=1)
        line_row.addWidget(self.chips)
        line_row.addWidget(import_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addLayout(line_row)
        layout.addWidget(hint)
        layout.addWidget(self.problem)
        layout.addWidget(split, stretch=1)

        self.menu_actions = self._build_actions()
        editor.item_inserted.connect(self._on_editor_item_inserted)
        editor.item_removed.connect(self._on_editor_item_removed)
        editor.item_changed.connect(self._on_editor_item_changed)
        editor.item_moved.connect(self._on_editor_item_moved)
        editor.list_replaced.connect(self._on_editor_list_replaced)
        editor.field_changed.connect(self._on_editor_field_changed)
        self._show_chips()
        self._show_details()
        if session.timeline:
            self.table.scrollToBottom()

    # -- actions -------------------------------------------------------------

    def _build_actions(self) -> list[QAction]:
        specs: list[tuple[str, str, Callable[[], object], QWidget | None]] = [
            ("Add the typed entry", "Return", self.capture, self.entry_line),
            ("Add the typed entry (keypad)", "Enter", self.capture, self.entry_line),
            ("Send the typed line to the parking lot", "Ctrl+Return", self.park, self.entry_line),
            ("Decision, or back to event", "Ctrl+Shift+D", self.toggle_decision, None),
            ("Next kind (event, decision, observation, action)", "Ctrl+Shift+K", self.cycle_kind, None),
            (
                "Next source (firsthand, chat, metric, alert, decision log, other)",
                "Ctrl+R",
                self.cycle_source,
                None,
            ),
            ("Star as a key moment", "Ctrl+Shift+S", self.toggle_star, None),
            ("Mark private, or public again", "Ctrl+Shift+P", self.toggle_private, None),
            ("Change the selected entry's time…", "Ctrl+Shift+T", self.change_time, None),
            ("Add a link to the selected entry…", "Ctrl+Shift+L", self.add_link, None),
            ("Attach an image to the selected entry…", "Ctrl+Shift+I", self.attach_image_file, None),
            ("Delete the selected entry", "Del", self.delete_selected, self.table),
            ("Go to the timeline table", "Ctrl+Down", self.table.setFocus, None),
            ("Go to the entry line", "Ctrl+Up", self.entry_line.setFocus, None),
        ]
        return bind_actions(self, specs)

    def focus_first(self) -> None:
        """Put the cursor in the entry line, as on arrival."""
        self.entry_line.setFocus()

    # -- capture -------------------------------------------------------------

    def capture(self) -> None:
        """Add what is typed as an entry: on disk before the line clears."""
        line = self.entry_line.text()
        if not line.strip() or self.entry_line.completing():
            return
        session = self.editor.session
        after = self._previous_row()
        previous = session.timeline[after] if after is not None else None
        parsed = parse_entry_line(
            line,
            session.time_zone,
            self._incident_day(None if after is None else after + 1),
            previous.at if previous else None,
            [p.name for p in session.participants],
        )
        entry = TimelineEntry(
            text=parsed.text,
            at=parsed.at,
            approximate=parsed.approximate,
            actor=parsed.actor,
            kind=self.next_kind,
            source=self.next_source,
            starred=self.next_starred,
            private=self.next_private,
            dismissed_notes=self._kept_notes(),
        )
        index = insertion_index(session.timeline, entry.at, after)
        if not self.editor.add_item("timeline", entry, index):
            return  # the line keeps its text; the editor said why
        self._last_key, self._last_row = entry.key, index
        self.entry_line.setText("")  # unlike clear(), leaves no typing to undo: Ctrl+Z now undoes the entry
        if (self.next_kind, self.next_starred, self.next_private) != ("event", False, False):
            self.next_kind, self.next_starred, self.next_private = "event", False, False
            self._show_chips()
        self.table.scrollTo(self.model.index(index, 0))

    def park(self) -> None:
        """Send what is typed to the parking lot: a fix idea, held for the Actions phase."""
        text = self.entry_line.text().strip()
        idea = ParkingLotItem(text=text, private=self.next_private, dismissed_notes=self._kept_notes())
        if text and self.editor.add_item("parking_lot", idea):
            self.entry_line.setText("")

    def _kept_notes(self) -> list[str]:
        return self.entry_notes.kept() if self.entry_notes is not None else []

    # -- language notes ----------------------------------------------------------

    def language_target(self) -> NotesTarget | None:
        """The line being typed, the selected entry or the selected parking-lot idea, with the cursor."""
        if self.entry_line.hasFocus() and self.entry_notes is not None:
            return self.entry_notes.target("the line being typed")
        if self.item_notes is None:
            return None
        if focus_in(self.table):
            close_open_editor(self.table)
            entry = self._current_entry()
            if entry is not None:
                return item_target(self.editor, "timeline", entry.key, self.item_notes, "this timeline entry")
        elif focus_in(self.parking_list) and self.parking_list.currentIndex().isValid():
            idea = self.parking.item(self.parking_list.currentIndex().row())
            return item_target(self.editor, "parking_lot", idea.key, self.item_notes, "this parking-lot idea")
        return None

    def select_item(self, key: str) -> None:
        """Put the cursor on the entry, or parking-lot idea, with this key."""
        row = self.model.row_of(key)
        if row >= 0:
            self.table.setFocus()
            self.table.setCurrentIndex(self.model.index(row, WHAT_COLUMN))
            self.table.scrollTo(self.model.index(row, WHAT_COLUMN))
            return
        rows = [r for r in range(self.parking.rowCount()) if self.parking.item(r).key == key]
        if rows:
            self.parking_list.setFocus()
            self.parking_list.setCurrentIndex(self.parking.index(rows[0]))

    def _previous_row(self) -> int | None:
        """Where the entry added last stands (else the last entry): a new one without a time follows it.

        Looked for where it was put, then from the end.
        """
        timeline = self.editor.session.timeline
        if 0 <= self._last_row < len(timeline) and timeline[self._last_row].key == self._last_key:
            return self._last_row
        found = next((i for i in range(len(timeline) - 1, -1, -1) if timeline[i].key == self._last_key), None)
        return found if found is not None or not timeline else len(timeline) - 1

    def _incident_day(self, before: int | None = None) -> date | None:
        """The day a bare time falls on: the incident's start, else the nearest earlier timed entry's."""
        session = self.editor.session
        zone = zone_named(session.time_zone)
        moment = session.started_at
        if moment is None:
            earlier = session.timeline[: len(session.timeline) if before is None else before]
            moment = next((e.at for e in reversed(earlier) if e.at is not None), None)
        if moment is None:
            return None
        return (moment.astimezone(zone) if zone else moment).date()

    # -- kind, source, star, private: the selected entry, or the next one ------

    def _selected(self) -> TimelineEntry | None:
        if not self.table.hasFocus():
            return None
        index = self.table.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def toggle_decision(self) -> None:
        """Make the entry a decision, or an event again."""
        self._set_kind(lambda kind: "event" if kind == "decision" else "decision")

    def cycle_kind(self) -> None:
        """Move the entry to the next kind."""
        self._set_kind(next_kind)

    def _set_kind(self, change: Callable[[str], str]) -> None:
        entry = self._selected()
        if entry is not None:
            self.editor.edit_item("timeline", entry.key, kind=change(entry.kind))
        else:
            self.next_kind = change(self.next_kind)
            self._show_chips()

    def cycle_source(self) -> None:
        """Move the entry to the next source."""
        entry = self._selected()
        if entry is not None:
            self.editor.edit_item("timeline", entry.key, source=next_source(entry.source))
        else:
            self.next_source = next_source(self.next_source)
            self._show_chips()

    def toggle_star(self) -> None:
        """Star the entry as a key moment, or unstar it."""
        entry = self._selected()
        if entry is not None:
            self.editor.edit_item("timeline", entry.key, starred=not entry.starred)
        else:
            self.next_starred = not self.next_starred
            self._show_chips()

    def toggle_private(self) -> None:
        """Keep the entry off the shared screen and public exports, or show it again."""
        if self.parking_list.hasFocus() and self.parking_list.currentIndex().isValid():
            item = self.parking.item(self.parking_list.currentIndex().row())
            self.editor.edit_item("parking_lot", item.key, private=not item.private)
            return
        entry = self._selected()
        if entry is not None:
            self.editor.edit_item("timeline", entry.key, private=not entry.private)
        else:
            self.next_private = not self.next_private
            self._show_chips()

    def _show_chips(self) -> None:
        parts = [self.next_kind.capitalize(), (self.next_source or "no source").replace("-", " ")]
        if self.next_starred:
            parts.append("★ key moment")
        if self.next_private:
            parts.append("🔒 private")
        text = "Next: " + " · ".join(parts)
        if text != self.chips.text():  # an unchanged label is left alone: no relayout on every Enter
            self.chips.setText(text)
        self.chips.setToolTip(
            "Ctrl+Shift+D decision · Ctrl+Shift+K kind · Ctrl+R source · "
            "Ctrl+Shift+S star · Ctrl+Shift+P private"
        )

    # -- the selected entry ----------------------------------------------------

    def _current_entry(self) -> TimelineEntry | None:
        index = self.table.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def change_time(self) -> None:
        """Type a new time for the selected entry; the entry moves to its place."""
        entry = self._current_entry()
        if entry is None:
            return
        session = self.editor.session
        shown = format_local(entry.at, session.time_zone)
        typed = TimeDialog.ask(self, f"~{shown}" if shown and entry.approximate else shown)
        if typed is None:
            return
        index = session.timeline.index(entry)
        before = next((e.at for e in reversed(session.timeline[:index]) if e.at is not None), None)
        parsed = parse_time_only(typed, session.time_zone, self._incident_day(index), before)
        if parsed is None:
            self._say(f"'{typed[:40]}' is not a time; type it as in the entry line, like 14:32 or ~14:30.")
            return
        at, approximate = parsed
        self.editor.edit_item("timeline", entry.key, at=at, approximate=approximate)

    def add_link(self) -> None:
        """Add a link (chat message, dashboard, ticket, runbook) to the selected entry."""
        entry = self._current_entry()
        if entry is None:
            return
        link = LinkDialog.ask(self)
        if link is not None:
            self.editor.edit_item("timeline", entry.key, web_links=[*entry.web_links, link])

    def attach_image_file(self) -> None:
        """Attach a picture from a file to the selected entry."""
        entry = self._current_entry()
        if entry is None:
            return
        path = ImageFileDialog.ask(self)
        if path is not None:
            self._attach(entry, QImage(path), f"The file {path}")

    def attach_image(self, image: QImage) -> bool:
        """Attach a pasted or dropped picture to the selected entry."""
        entry = self._current_entry()
        if entry is None:
            self._say("Select an entry first; the picture goes with it.")
            return False
        return self._attach(entry, image, "What was pasted or dropped")

    def _attach(self, entry: TimelineEntry, image: QImage, name: str) -> bool:
        if image.isNull():
            self._say(f"{name} could not be read as a picture; PNG, JPEG, GIF and WebP images work.")
            return False
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes; PySide takes str
        data = buffer.data()
        if data.size() > MAX_IMAGE_BYTES:
            self._say("That picture is larger than 20 MB; a screenshot of the graph is plenty.")
            return False
        return self.editor.edit_item(
            "timeline", entry.key, image=EntryImage(bytes(data.data()), IMAGE_TYPES[0])
        )

    def _remove_image(self) -> None:
        entry = self._current_entry()
        if entry is not None and entry.image is not None:
            self.editor.edit_item("timeline", entry.key, image=None)

    def _remove_links(self) -> None:
        entry = self._current_entry()
        if entry is not None and entry.web_links:
            self.editor.edit_item("timeline", entry.key, web_links=[])

    def delete_selected(self) -> None:
        """Delete the selected entry (Ctrl+Z brings it back)."""
        entry = self._current_entry()
        if entry is not None:
            self.editor.remove_item("timeline", entry.key)

    def _show_details(self) -> None:
        entry = self._current_entry()
        if entry is None:
            self.details.setText("Select an entry to see its links and image. Paste or drop a graph onto it.")
            self.picture.clear()
            return
        lines = [f"{w.kind}: {w.label + ' — ' if w.label else ''}{w.url}" for w in entry.web_links]
        said = chat_note(entry.chat)
        self.details.setText(
            "\n".join([said, *lines] if said else lines) or "No links yet (Ctrl+Shift+L adds one)."
        )
        if entry.image is None:
            self.picture.clear()
            return
        pixmap = QPixmap()
        pixmap.loadFromData(entry.image.data)
        self.picture.setPixmap(pixmap.scaledToHeight(min(120, max(pixmap.height(), 1))))

    def _say(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()
        self.problem_shown.emit(message)

    # -- keeping the models in step with the editor ----------------------------

    def _on_editor_item_inserted(self, list_name: str, index: int) -> None:
        if list_name == "timeline":
            self.model.insert(index, self.editor.session.timeline[index])
            self.problem.hide()
        elif list_name == "parking_lot":
            self.parking.insert(index, self.editor.session.parking_lot[index])

    def _on_editor_item_removed(self, list_name: str, index: int) -> None:
        if list_name == "timeline":
            self.model.remove(index)
        elif list_name == "parking_lot":
            self.parking.remove(index)

    def _on_editor_list_replaced(self, list_name: str) -> None:
        if list_name != "timeline":
            return
        current = self._current_entry()
        self.model.set_rows(self.editor.session.timeline)
        self.problem.hide()
        row = self.model.row_of(current.key) if current is not None else -1
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, WHAT_COLUMN))
            self.table.scrollTo(self.model.index(row, WHAT_COLUMN))  # the entry in hand stays in view
        self._show_details()

    def _on_editor_item_changed(self, list_name: str, index: int) -> None:
        if list_name == "timeline":
            self.model.refresh(index)
            self._show_details()
        elif list_name == "parking_lot":
            self.parking.refresh(index)

    def _on_editor_item_moved(self, list_name: str, source: int, target: int) -> None:
        if list_name == "timeline":
            self.model.move(source, target)
            self.table.scrollTo(self.model.index(target, 0))

    def _on_editor_field_changed(self, name: str) -> None:
        if name == "time_zone":
            self.model.set_zone(self.editor.session.time_zone)

    def _on_model_entry_edited(self, row: int, field: str, old: object, new: object) -> None:
        entry = self.model.entry(row)
        setattr(entry, field, old)  # the editor makes the change, so that it can be undone
        if not self.editor.edit_item("timeline", entry.key, **{field: new}):
            self.model.refresh(row)  # not saved (the editor said why): the cell shows what is

    def _on_table_clicked(self, index: QModelIndex) -> None:
        """A click on the star, kind or source cell changes it, as the keys do."""
        entry = self.model.entry(index.row())
        if index.column() == STAR_COLUMN:
            self.editor.edit_item("timeline", entry.key, starred=not entry.starred)
        elif index.column() == KIND_COLUMN:
            self.editor.edit_item("timeline", entry.key, kind=next_kind(entry.kind))
        elif index.column() == SOURCE_COLUMN:
            self.editor.edit_item("timeline", entry.key, source=next_source(entry.source))

    def _on_table_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_details()

    # -- pasting and dropping pictures -------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and watched is self.table
            and event.matches(QKeySequence.StandardKey.Paste)
        ):
            image = QGuiApplication.clipboard().image()
            if not image.isNull():
                self.attach_image(image)
                return True
        if isinstance(event, (QDragEnterEvent, QDragMoveEvent)) and _has_picture(event.mimeData()):
            event.acceptProposedAction()  # a drag passing over attaches nothing; only the drop does
            return True
        if (
            event.type() == QEvent.Type.Drop
            and isinstance(event, QDropEvent)
            and _has_picture(event.mimeData())
        ):
            index = self.table.indexAt(event.position().toPoint())
            if index.isValid():
                self.table.setCurrentIndex(index)
            self.attach_image(_picture_of(event.mimeData()))
            event.acceptProposedAction()
            return True
        return super().eventFilter(watched, event)


_PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def _has_picture(mime: QMimeData) -> bool:
    return mime.hasImage() or any(
        url.isLocalFile() and url.toLocalFile().lower().endswith(_PICTURE_SUFFIXES) for url in mime.urls()
    )


def _picture_of(mime: QMimeData) -> QImage:
    if mime.hasImage():
        data = mime.imageData()
        return data if isinstance(data, QImage) else QImage()
    local = next((url.toLocalFile() for url in mime.urls() if url.isLocalFile()), "")
    return QImage(local)
