"""The Prepare phase: what the incident was, when it happened, and who is in the room."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, QStringListModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitation.model import UNTITLED, Participant, Session
from facilitation.times import format_local, parse_local, zone_named, zone_names
from ui.language_notes import LineNotes, NotesHighlighter, NotesTarget, field_dismissed, field_target
from ui.participants_model import ParticipantsModel
from ui.session_editor import SessionEditor
from ui.widgets import LongLineEdit, LongTextDelegate, NotesEdit

if TYPE_CHECKING:
    from facilitation.coach import Coach

_TIME_FIELDS = (
    ("started_at", "Started"),
    ("detected_at", "Detected"),
    ("mitigated_at", "Mitigated"),
    ("resolved_at", "Resolved"),
)


class PrepareView(QScrollArea):
    """A form over the session's own fields; every edit goes to the editor as it is made."""

    import_requested = Signal()
    """Import sources into the timeline was asked for (the window's action does the same, Ctrl+I)."""

    def __init__(
        self,
        session: Session,
        editor: SessionEditor,
        coach: Coach | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.coach = coach
        self.zone_name = session.time_zone
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)

        self.reference = self._line("reference", session.reference, "Reference", "#1421")
        self.title = self._line("title", session.title, "Title", "What happened, in one line", UNTITLED)
        self.summary = NotesEdit(accessible_name="Summary")
        self.summary.setPlaceholderText("Two or three sentences for someone who wasn't there")
        self.summary.setPlainText(session.summary)
        self.summary.setFixedHeight(110)
        self.summary.textChanged.connect(self._on_summary_text_changed)
        self.summary.focus_left.connect(editor.flush)
        self.title_notes: LineNotes | None = None
        self.summary_notes: NotesHighlighter | None = None
        if coach is not None:
            self.title_notes = LineNotes(self.title, coach, lambda: field_dismissed(editor, "title"))
            self.summary_notes = NotesHighlighter(
                self.summary, coach, lambda: field_dismissed(editor, "summary")
            )
        editor.field_changed.connect(self._on_editor_field_changed)

        self.time_zone = QComboBox()
        self.time_zone.setAccessibleName("Time zone")
        self.time_zone.setEditable(True)
        self.time_zone.setLineEdit(LongLineEdit(accessible_name="Time zone"))  # Ctrl+Z reaches the session
        self.time_zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.time_zone.addItems(zone_names())
        self.time_zone.setCurrentText(session.time_zone)
        completer = QCompleter(self.time_zone.model(), self.time_zone)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.time_zone.setCompleter(completer)
        self.time_zone.currentTextChanged.connect(self._on_time_zone_current_text_changed)
        self.zone_problem = self._problem_label()

        self.moments: dict[str, datetime | None] = {name: getattr(session, name) for name, _ in _TIME_FIELDS}
        self.times: dict[str, LongLineEdit] = {}
        self.time_problems: dict[str, QLabel] = {}
        for name, label in _TIME_FIELDS:
            edit = LongLineEdit(accessible_name=f"{label} at")
            edit.setPlaceholderText("YYYY-MM-DD HH:MM, in the time zone above")
            edit.setText(format_local(getattr(session, name), session.time_zone))
            edit.textChanged.connect(lambda text, n=name: self._on_time_text_changed(n, text))
            edit.editingFinished.connect(lambda n=name: self._on_time_editing_finished(n))
            self.times[name] = edit
            self.time_problems[name] = self._problem_label()

        self.facilitator = self._line(
            "facilitator", session.facilitator, "Facilitator", "Who runs the meeting"
        )
        self.people_names = QStringListModel(self)
        facilitator_completer = QCompleter(self.people_names, self.facilitator)
        facilitator_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.facilitator.setCompleter(facilitator_completer)

        self.participants = ParticipantsModel()
        self.participants.set_rows(session.participants)
        self.participants.participants_changed.connect(self._on_participants_changed)
        self.people_table = QTableView()
        self.people_table.setAccessibleName("Participants")
        self.people_table.setModel(self.participants)
        self.people_table.setItemDelegate(LongTextDelegate(self.people_table))
        self.people_table.verticalHeader().hide()
        self.people_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.people_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.people_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.people_table.setMinimumHeight(180)
        self.people_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self._refresh_people_names()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(10)
        form.setHorizontalSpacing(16)
        form.addRow("&Reference", self.reference)
        form.addRow("&Title", self.title)
        form.addRow("Su&mmary", self.summary)
        form.addRow("Time &zone", self._with_problem(self.time_zone, self.zone_problem))
        for name, label in _TIME_FIELDS:
            form.addRow(label, self._with_problem(self.times[name], self.time_problems[name]))
        form.addRow("Fac&ilitator", self.facilitator)
        sources = QPushButton("Import chat or a timeline…")
        sources.setAccessibleName("Sources: import a Slack export, a chat log or a timeline CSV (Ctrl+I)")
        sources.setToolTip("Ctrl+I: the entries join the timeline, for the meeting to start from a draft")
        sources.clicked.connect(self.import_requested)
        self.sources_note = QLabel()
        self.sources_note.setProperty("role", "hint")
        self.sources_note.setWordWrap(True)
        self.sources_note.setAccessibleDescription("What the timeline holds so far")
        sources_row = QHBoxLayout()
        sources_row.addWidget(sources)
        sources_row.addWidget(self.sources_note, stretch=1)
        self._sources_stale = True
        self._show_sources()
        for signal in (editor.item_inserted, editor.item_removed):
            signal.connect(lambda list_name, _index: self._show_sources(list_name))
        editor.list_replaced.connect(self._show_sources)
        form.addRow("Sources", sources_row)

        heading = QLabel("Prepare")
        heading.setProperty("role", "heading")
        hint = QLabel("What happened, when, and who will be in the room. Everything is saved as you type.")
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        people_heading = QLabel("Participants")
        people_heading.setProperty("role", "subheading")
        people_heading.setBuddy(self.people_table)

        page = QWidget()
        page.setMaximumWidth(980)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(28, 20, 28, 28)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(people_heading)
        layout.addLayout(self._people_buttons())
        layout.addWidget(self.people_table)
        layout.addStretch()
        self.setWidget(page)

    def focus_first(self) -> None:
        """Put the cursor where a facilitator starts: the reference, or the title once it is set."""
        (self.title if self.reference.text() else self.reference).setFocus()

    def language_target(self) -> NotesTarget | None:
        """The title or the summary, while it has the cursor (what is typed is saved first)."""
        if self.coach is None:
            return None
        for name, field in (("title", self.title), ("summary", self.summary)):
            if field.hasFocus():
                self.editor.flush()
                return field_target(self.editor, name, self.coach)
        return None

    def select_item(self, key: str) -> None:
        """Put the cursor in the field called ``key`` (``title``, ``summary``), if it is one of these."""
        field = {"title": self.title, "summary": self.summary}.get(key)
        if field is not None:
            field.setFocus()

    def show_participants(self, people: list[Participant]) -> None:
        """Show this participant list (after an undo or redo)."""
        self.participants.set_rows(people)
        self._refresh_people_names()

    def commit_open_editor(self) -> None:
        """Keep what is typed in a participant cell that is still being edited."""
        editor = QApplication.focusWidget()
        if editor is not None and editor is not self.people_table and self.people_table.isAncestorOf(editor):
            self.people_table.commitData(editor)

    # -- building ----------------------------------------------------------

    def _line(
        self, name: str, value: str, label: str, placeholder: str, when_blank: str = ""
    ) -> LongLineEdit:
        edit = LongLineEdit(accessible_name=label)
        edit.setPlaceholderText(placeholder)
        edit.setText(value)
        edit.setCursorPosition(0)
        edit.textChanged.connect(lambda text: self.editor.change(name, text or when_blank))
        edit.editingFinished.connect(self.editor.flush)
        return edit

    @staticmethod
    def _with_problem(field: QWidget, problem: QLabel) -> QWidget:
        """A field with its problem sentence right under it, taking no room while hidden."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(field)
        layout.addWidget(problem)
        return box

    @staticmethod
    def _problem_label() -> QLabel:
        label = QLabel()
        label.setProperty("role", "problem")
        label.setWordWrap(True)
        label.hide()
        return label

    def _people_buttons(self) -> QHBoxLayout:
        """Buttons for the participant actions, which also sit in the window's Session menu."""
        buttons = QHBoxLayout()
        specs = (
            ("Add person", "Ctrl+Shift+W", self._on_add_person_triggered),
            ("Remove person", "Ctrl+Shift+Delete", self._on_remove_person_triggered),
            ("Move person up", "Alt+Up", lambda: self._move_person(-1)),
            ("Move person down", "Alt+Down", lambda: self._move_person(1)),
        )
        self.menu_actions: list[QAction] = []
        for text, key, slot in specs:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(slot)
            if text != "Add person":
                # Alt+Up/Down also open the time-zone list: these keys belong to the table.
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.people_table.addAction(action)
            self.menu_actions.append(action)
            button = QPushButton(text)
            button.setAccessibleName(f"{text} ({key})")
            button.setToolTip(key)
            button.clicked.connect(action.trigger)
            buttons.addWidget(button)
        buttons.addStretch()
        return buttons

    def showEvent(self, event: QShowEvent) -> None:
        if self._sources_stale:
            self._show_sources()
        super().showEvent(event)

    def _show_sources(self, list_name: str = "timeline") -> None:
        """Say what the timeline holds so far, and from which chat channels.

        While Prepare is hidden (the timeline phase, where entries arrive) this only notes that the
        line is out of date: going through the whole timeline on every Enter would slow capture.
        """
        if list_name != "timeline":
            return
        self._sources_stale = not self.isVisible()
        if self._sources_stale:
            return
        timeline = self.editor.session.timeline
        if not timeline:
            self.sources_note.setText("Nothing in the timeline yet: start it from a chat channel or a CSV.")
            return
        channels = sorted({e.chat.channel for e in timeline if e.chat is not None and e.chat.channel})
        count = f"{len(timeline):,} timeline entr{'y' if len(timeline) == 1 else 'ies'}"
        shown = ", ".join(channels[:4]) + (f" and {len(channels) - 4:,} more" if len(channels) > 4 else "")
        self.sources_note.setText(f"{count}, with chat from {shown}." if channels else f"{count} so far.")

    # -- slots -------------------------------------------------------------

    def _on_summary_text_changed(self) -> None:
        self.editor.change("summary", self.summary.toPlainText())

    def _on_editor_field_changed(self, name: str) -> None:
        """Show a wording put in place from elsewhere (a suggestion used, an undo), and notes kept."""
        session = self.editor.session
        if name == "title" and (self.title.text() or UNTITLED) != session.title:
            self.title.setText(session.title)  # heard by the window's title and the notes, as typing is
        elif name == "summary" and self.summary.toPlainText() != session.summary:
            with QSignalBlocker(self.summary):
                self.summary.setPlainText(session.summary)
        elif name == "dismissed_notes":
            if self.title_notes is not None:
                self.title_notes.check_now()
            if self.summary_notes is not None:
                self.summary_notes.check_now()

    def _on_time_zone_current_text_changed(self, text: str) -> None:
        if text and zone_named(text) is None:
            self.zone_problem.setText(f"'{text[:60]}' is not a time zone yet; pick one from the list.")
            self.zone_problem.show()
            return
        self.zone_problem.hide()
        self.zone_name = text
        self.editor.change("time_zone", text)
        # The moments stay what they are; only how they read changes with the zone.
        for name, moment in self.moments.items():
            if moment is not None:
                with QSignalBlocker(self.times[name]):
                    self.times[name].setText(format_local(moment, text))
        self.editor.flush()

    def _time_value(self, name: str) -> datetime | str | None:
        """The typed time, or the sentence saying why it is not one."""
        known = self.moments[name]
        try:
            return parse_local(
                self.times[name].text(), self.zone_name, fallback=known.tzinfo if known else None
            )
        except ValueError as problem:
            return str(problem)

    def _on_time_text_changed(self, name: str, text: str) -> None:
        value = self._time_value(name)
        if not isinstance(value, str):
            self.time_problems[name].hide()
            self.moments[name] = value
            self.editor.change(name, value)

    def _on_time_editing_finished(self, name: str) -> None:
        value = self._time_value(name)
        label = self.time_problems[name]
        if isinstance(value, str):
            label.setText(f"{value}. Until then, the last time that was understood stays saved.")
            label.show()
            return
        label.hide()
        self.editor.flush()

    def _on_participants_changed(self) -> None:
        self._refresh_people_names()
        self.editor.set_participants(self.participants.participants())

    def _refresh_people_names(self) -> None:
        self.people_names.setStringList([p.name for p in self.participants.participants()])

    def _on_add_person_triggered(self) -> None:
        row = self.participants.add()
        index = self.participants.index(row, 0)
        self.people_table.setCurrentIndex(index)
        self.people_table.edit(index)

    def _on_remove_person_triggered(self) -> None:
        self.participants.remove(self.people_table.currentIndex().row())

    def _move_person(self, offset: int) -> None:
        row = self.participants.move(self.people_table.currentIndex().row(), offset)
        self.people_table.selectRow(row)
