"""The Classify phase: one severity, tags, system, trigger, metadata, and what the times tell."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, QStringListModel, Qt
from PySide6.QtGui import QAction, QFocusEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitation.classification import (
    complete_tag,
    derive,
    format_duration,
    format_tags,
    parse_tags,
    severity_description,
    tag_being_typed,
    tag_suggestions,
)
from facilitation.messages import echo
from facilitation.protocols import SettingsSource
from facilitation.settings import HolidayWindow, SeverityLevel, normalise_severity
from ui.language_notes import LineNotes, NotesHighlighter, NotesTarget, field_dismissed, field_target
from ui.session_editor import SessionEditor
from ui.severity_scale_dialog import SeverityScaleDialog
from ui.widgets import LongLineEdit, NotesEdit

if TYPE_CHECKING:
    from facilitation.coach import Coach

# Alt+1 … Alt+9 ask prompt cards and Ctrl+1 … Ctrl+0 change phase: the severity keys add Shift to Alt.
SEVERITY_KEYS = tuple(f"Alt+Shift+{n}" for n in range(1, 10))
CLEAR_SEVERITY_KEY = "Alt+Shift+0"
EDIT_SCALE_KEY = "Ctrl+Shift+G"
REGRESSION_CHOICES: tuple[tuple[str, bool | None], ...] = (
    ("Not known yet", None),
    ("Yes: a change brought back an old problem", True),
    ("No", False),
)
_TEXT_FIELDS = ("system", "trigger", "third_party")
_NOT_YET = "—"


class TagLine(LongLineEdit):
    """Tags separated by commas; completes the tag being typed from the tags already in the library."""

    def __init__(self, known_tags: Callable[[], list[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent, accessible_name="Tags, separated by commas")
        self._known_tags = known_tags
        self._known: list[str] | None = None  # read once each time the field is entered, not per key
        self.suggestions = QStringListModel(self)
        self.tag_completer = QCompleter(self.suggestions, self)
        self.tag_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tag_completer.setWidget(self)
        self.tag_completer.activated.connect(self._on_completer_activated)
        self.textEdited.connect(self._on_text_edited)

    def completing(self) -> bool:
        """A list of tags is open."""
        popup = self.tag_completer.popup()
        return popup is not None and popup.isVisible()

    def _on_text_edited(self, text: str) -> None:
        start, typed = tag_being_typed(text, self.cursorPosition())
        others = parse_tags(text[:start] + text[self.cursorPosition() :])
        if self._known is None:
            self._known = self._known_tags()
        offered = tag_suggestions(typed, self._known, others)
        self.suggestions.setStringList(offered)
        popup = self.tag_completer.popup()
        if offered:
            self.tag_completer.setCompletionPrefix("")  # the list is already chosen: show all of it
            self.tag_completer.complete()
        elif popup is not None:
            popup.hide()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self._known = None  # other debriefs may have added tags meanwhile

    def _on_completer_activated(self, tag: str) -> None:
        text, cursor = complete_tag(self.text(), self.cursorPosition(), tag)
        start, _ = tag_being_typed(self.text(), self.cursorPosition())
        # Replaced by selecting and inserting, an edit like typing, so Ctrl+Z can take it back.
        self.setSelection(start, len(self.text()) - start)
        self.insert(text[start:])
        self.setCursorPosition(cursor)


class ClassifyView(QScrollArea):
    """A form for the incident's classification; every choice goes to the editor as it is made."""

    def __init__(
        self,
        editor: SessionEditor,
        settings_source: SettingsSource,
        known_tags: Callable[[], list[str]],
        coach: Coach | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.coach = coach
        self.settings_source = settings_source
        self.scale: list[SeverityLevel] = []
        self.holidays: list[HolidayWindow] = []
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        session = editor.session

        self.severity_group = QButtonGroup(self)
        self.severity_group.setExclusive(True)
        self.severity_group.buttonClicked.connect(self._on_severity_group_button_clicked)
        self.severity_buttons: list[QPushButton] = []
        self.severity_row = QHBoxLayout()
        self.severity_row.setSpacing(6)
        self.severity_note = QLabel()
        self.severity_note.setWordWrap(True)
        self.severity_note.setAccessibleDescription("What the chosen severity means")
        self.scale_problem = QLabel()
        self.scale_problem.setProperty("role", "problem")
        self.scale_problem.setWordWrap(True)
        self.scale_problem.hide()

        self.tags = TagLine(known_tags)
        self.tags.setPlaceholderText("e.g. auth, config, peak hours")
        self.tags.setText(format_tags(session.tags))
        self.tags.editingFinished.connect(self._on_tags_editing_finished)
        self.texts: dict[str, LongLineEdit] = {
            "system": self._line("system", "System or component", "Which system or component was hurt"),
            "trigger": self._line(
                "trigger", "Trigger (what set it off)", "e.g. a configuration change, a traffic spike"
            ),
            "third_party": self._line(
                "third_party", "Third-party dependency", "The provider or library involved, if any"
            ),
        }
        self.regression = QComboBox()
        self.regression.setAccessibleName("Regression: did a change bring back an old problem?")
        for label, value in REGRESSION_CHOICES:
            self.regression.addItem(label, value)
        self._show_regression()
        self.regression.currentIndexChanged.connect(self._on_regression_current_index_changed)
        self.customer_impact = NotesEdit(accessible_name="Customer impact")
        self.customer_impact.setPlaceholderText("What customers saw or could not do, and for how long")
        self.customer_impact.setPlainText(session.metadata.customer_impact)
        self.customer_impact.setFixedHeight(100)
        self.customer_impact.textChanged.connect(self._on_customer_impact_text_changed)
        self.customer_impact.focus_left.connect(editor.flush)
        self.trigger_notes: LineNotes | None = None
        self.impact_notes: NotesHighlighter | None = None
        if coach is not None:
            self.trigger_notes = LineNotes(
                self.texts["trigger"], coach, lambda: field_dismissed(editor, "trigger")
            )
            self.impact_notes = NotesHighlighter(
                self.customer_impact, coach, lambda: field_dismissed(editor, "customer_impact")
            )

        self.derived: dict[str, QLabel] = {}
        derived_rows: list[tuple[str, QLabel]] = []
        for name, label in (
            ("hour", "Hour of detection"),
            ("weekday", "Weekday"),
            ("detect", "Time to detect"),
            ("mitigate", "Time to mitigate"),
            ("resolve", "Time to resolve"),
            ("holiday", "Holiday or freeze window"),
        ):
            shown = QLabel()
            shown.setAccessibleDescription(label)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.derived[name] = shown
            derived_rows.append((label, shown))

        self.menu_actions = self._build_actions()
        self.edit_scale_button = QPushButton("Edit the scale…")
        self.edit_scale_button.setAccessibleName(f"Edit the severity scale ({EDIT_SCALE_KEY})")
        self.edit_scale_button.setToolTip(EDIT_SCALE_KEY)
        self.edit_scale_button.clicked.connect(self.edit_scale_action.trigger)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setAccessibleName(f"Clear the severity ({CLEAR_SEVERITY_KEY})")
        self.clear_button.setToolTip(CLEAR_SEVERITY_KEY)
        self.clear_button.clicked.connect(self.clear_severity_action.trigger)

        severity_box = QWidget()
        # The chosen level must read as chosen from across the room, in light and dark alike.
        severity_box.setStyleSheet(
            "QPushButton:checked { background: palette(highlight); color: palette(highlighted-text); }"
        )
        severity_layout = QVBoxLayout(severity_box)
        severity_layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addLayout(self.severity_row)
        buttons.addWidget(self.clear_button)
        buttons.addStretch()
        severity_layout.addLayout(buttons)
        severity_layout.addWidget(self.severity_note)
        severity_layout.addWidget(self.scale_problem)
        scale_row = QHBoxLayout()  # on its own line, so the row of levels fits a narrow window
        scale_row.addWidget(self.edit_scale_button)
        scale_row.addStretch()
        severity_layout.addLayout(scale_row)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(10)
        form.setHorizontalSpacing(16)
        # Mnemonics avoid F, E, G, S and H, the menu bar's.
        form.addRow("Severity", severity_box)
        self._buddy_row(form, "T&ags", self.tags)
        self._buddy_row(form, "S&ystem / component", self.texts["system"])
        self._buddy_row(form, "T&rigger (what set it off)", self.texts["trigger"])
        self._buddy_row(form, "Regress&ion", self.regression)
        self._buddy_row(form, "Third &party", self.texts["third_party"])
        self._buddy_row(form, "&Customer impact", self.customer_impact)
        derived_heading = QLabel("From the times (set in Prepare)")
        derived_heading.setProperty("role", "subheading")
        form.addRow(derived_heading)
        for label, shown in derived_rows:
            form.addRow(label, shown)

        heading = QLabel("Classify")
        heading.setProperty("role", "heading")
        hint = QLabel(
            "One severity, as many tags as help people find it later, and what set it off. "
            "Everything is saved as you go; hours, durations and the holiday window come from the times."
        )
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)

        page = QWidget()
        page.setMaximumWidth(980)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(28, 20, 28, 28)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addStretch()
        self.setWidget(page)

        editor.field_changed.connect(self._on_editor_field_changed)
        self.reload_settings()
        self._show_severity()
        self._show_derived()

    # -- public --------------------------------------------------------------

    def focus_first(self) -> None:
        """Put the cursor on the chosen severity (else the first level), or the tags without a scale."""
        checked = self.severity_group.checkedButton()
        target = checked or (self.severity_buttons[0] if self.severity_buttons else self.tags)
        target.setFocus()

    def language_target(self) -> NotesTarget | None:
        """The trigger or the customer impact, while it has the cursor (what is typed is saved first)."""
        if self.coach is None:
            return None
        for name, field in (("trigger", self.texts["trigger"]), ("customer_impact", self.customer_impact)):
            if field.hasFocus():
                self.editor.flush()
                return field_target(self.editor, name, self.coach)
        return None

    def select_item(self, key: str) -> None:
        """Put the cursor in the field called ``key`` (``trigger``, ``customer_impact``), if it is one."""
        field = {"trigger": self.texts["trigger"], "customer_impact": self.customer_impact}.get(key)
        if field is not None:
            field.setFocus()

    def reload_settings(self) -> None:
        """Read the scale and the holiday calendar again (another window may have changed them)."""
        settings = self.settings_source.load()
        if settings.severity_scale != self.scale:
            self._show_scale(settings.severity_scale)
        if settings.holidays != self.holidays:
            self.holidays = list(settings.holidays)
            self._show_derived()

    def choose_severity(self, name: str) -> None:
        """Make ``name`` the session's severity ("" for none yet); undoable."""
        self.editor.set_field("severity", name)

    def edit_scale(self) -> None:
        """Ask for a new scale and keep it in the library for every debrief."""
        scale = SeverityScaleDialog.ask(self, list(self.scale))
        if scale is None:
            return
        try:
            settings = self.settings_source.load()
            settings.severity_scale = list(scale)
            self.settings_source.save(settings)
        except Exception as problem:
            self.scale_problem.setText(f"The scale was not saved. {problem} Try it again in a moment.")
            self.scale_problem.show()
            return
        self.scale_problem.hide()
        self._show_scale(scale)

    # -- building ------------------------------------------------------------

    def _build_actions(self) -> list[QAction]:
        self.severity_actions: list[QAction] = []
        for number, key in enumerate(SEVERITY_KEYS, start=1):
            action = QAction(f"Severity level {number}", self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _checked=False, n=number: self._on_severity_action_triggered(n))
            self.severity_actions.append(action)
        self.clear_severity_action = QAction("Clear the severity (none chosen yet)", self)
        self.clear_severity_action.setShortcut(QKeySequence(CLEAR_SEVERITY_KEY))
        self.clear_severity_action.triggered.connect(lambda: self.choose_severity(""))
        self.edit_scale_action = QAction("Edit the severity scale…", self)
        self.edit_scale_action.setShortcut(QKeySequence(EDIT_SCALE_KEY))
        self.edit_scale_action.triggered.connect(self.edit_scale)
        actions = [*self.severity_actions, self.clear_severity_action, self.edit_scale_action]
        for action in actions:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        return actions

    def _line(self, name: str, label: str, placeholder: str) -> LongLineEdit:
        holder = self.editor.session.metadata if name == "third_party" else self.editor.session
        edit = LongLineEdit(accessible_name=label)
        edit.setPlaceholderText(placeholder)
        edit.setText(getattr(holder, name))
        edit.setCursorPosition(0)
        edit.textChanged.connect(lambda text: self.editor.change(name, text))
        edit.editingFinished.connect(self.editor.flush)
        return edit

    @staticmethod
    def _buddy_row(form: QFormLayout, text: str, field: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        form.addRow(label, field)

    # -- showing -------------------------------------------------------------

    def _show_scale(self, scale: list[SeverityLevel]) -> None:
        self.scale = list(scale)
        for button in self.severity_buttons:
            self.severity_group.removeButton(button)
            self.severity_row.removeWidget(button)
            button.deleteLater()
        self.severity_buttons = []
        for number, level in enumerate(self.scale, start=1):
            button = QPushButton(level.name)
            button.setCheckable(True)
            button.setAutoDefault(False)
            key = f" ({SEVERITY_KEYS[number - 1]})" if number <= len(SEVERITY_KEYS) else ""
            button.setAccessibleName(f"Severity {level.name}{key}")
            button.setToolTip(f"{level.description}{key}" if level.description else key.strip(" ()"))
            self.severity_group.addButton(button, number)
            self.severity_row.addWidget(button)
            self.severity_buttons.append(button)
        for number, action in enumerate(self.severity_actions, start=1):
            on_scale = number <= len(self.scale)
            if on_scale:
                action.setText(f"Severity {number}: {self.scale[number - 1].name}")
            # A hidden action's key does nothing: a scale of four leaves Alt+Shift+5 … 9 free.
            action.setVisible(on_scale)
            action.setEnabled(on_scale)
        self._show_severity()

    def _show_severity(self) -> None:
        severity = self.editor.session.severity
        names = [level.name for level in self.scale]
        chosen = normalise_severity(severity, names) if severity else None
        # An exclusive group cannot uncheck its last button: lift exclusivity for a moment.
        self.severity_group.setExclusive(False)
        for button, name in zip(self.severity_buttons, names, strict=True):
            button.setChecked(name == chosen)
        self.severity_group.setExclusive(True)
        if not severity:
            last = min(len(self.scale), len(SEVERITY_KEYS))
            keys = f"Alt+Shift+1 … {last}" if last > 1 else "Alt+Shift+1"
            self.severity_note.setText(
                f"None chosen yet: pick one level ({keys})." if self.scale else "The scale has no levels yet."
            )
        elif chosen is None:
            self.severity_note.setText(
                f"'{echo(severity)}' is not on the organisation's scale: pick a level, or edit the scale."
            )
        else:
            description = severity_description(chosen, self.scale)
            self.severity_note.setText(f"{chosen} — {description}" if description else chosen)
        self.clear_button.setEnabled(bool(severity))

    def _show_regression(self) -> None:
        value = self.editor.session.metadata.regression
        index = next(i for i, (_, choice) in enumerate(REGRESSION_CHOICES) if choice is value)
        with QSignalBlocker(self.regression):
            self.regression.setCurrentIndex(index)

    def _show_derived(self) -> None:
        session = self.editor.session
        derived = derive(session, self.holidays)
        if derived.detection_hour is None:
            hour = f"{_NOT_YET}  needs the start or detection time"
        else:
            source = "detected" if session.detected_at else "started (no detection time yet)"
            hour = f"{derived.detection_hour:02}:00–{derived.detection_hour:02}:59, when it was {source}"
        self.derived["hour"].setText(hour)
        self.derived["weekday"].setText(derived.weekday or f"{_NOT_YET}  needs the start or detection time")
        for name, duration, later, moment in (
            ("detect", derived.time_to_detect, session.detected_at, "detection"),
            ("mitigate", derived.time_to_mitigate, session.mitigated_at, "mitigation"),
            ("resolve", derived.time_to_resolve, session.resolved_at, "resolution"),
        ):
            if duration is not None:
                text = format_duration(duration)
            elif session.started_at is not None and later is not None:
                text = f"{_NOT_YET}  the {moment} time is before the start: check the times in Prepare"
            elif session.started_at is None:
                text = f"{_NOT_YET}  needs the start time"
            else:
                text = f"{_NOT_YET}  needs the {moment} time"
            self.derived[name].setText(text)
        if session.started_at is None:
            holiday = f"{_NOT_YET}  needs the start time"
        else:
            holiday = derived.holiday or "None: the day it started is in no holiday or freeze window"
        self.derived["holiday"].setText(holiday)

    # -- slots ---------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload_settings()

    def _on_severity_group_button_clicked(self, button: QAbstractButton) -> None:
        number = self.severity_group.id(button)
        self.choose_severity(self.scale[number - 1].name)

    def _on_severity_action_triggered(self, number: int) -> None:
        if number <= len(self.scale):
            self.choose_severity(self.scale[number - 1].name)

    def _on_tags_editing_finished(self) -> None:
        if self.tags.completing():
            return  # Enter picks from the list first (the line hears it before the list does)
        tags = parse_tags(self.tags.text())
        if format_tags(tags) != self.tags.text():
            self.tags.setText(format_tags(tags))
        self.editor.set_field("tags", tags)

    def _on_regression_current_index_changed(self, index: int) -> None:
        self.editor.set_field("regression", REGRESSION_CHOICES[index][1])

    def _on_customer_impact_text_changed(self) -> None:
        self.editor.change("customer_impact", self.customer_impact.toPlainText())

    def _on_editor_field_changed(self, name: str) -> None:
        session = self.editor.session
        if name == "severity":
            self._show_severity()
        elif name == "tags":
            if parse_tags(self.tags.text()) != session.tags:
                self.tags.setText(format_tags(session.tags))
        elif name in _TEXT_FIELDS:
            holder = session.metadata if name == "third_party" else session
            edit = self.texts[name]
            if edit.text() != getattr(holder, name):
                with QSignalBlocker(edit):
                    edit.setText(getattr(holder, name))
                if name == "trigger" and self.trigger_notes is not None:
                    self.trigger_notes.check_now()
        elif name == "dismissed_notes":
            if self.trigger_notes is not None:
                self.trigger_notes.check_now()
            if self.impact_notes is not None:
                self.impact_notes.check_now()
        elif name == "customer_impact":
            if self.customer_impact.toPlainText() != session.metadata.customer_impact:
                with QSignalBlocker(self.customer_impact):
                    self.customer_impact.setPlainText(session.metadata.customer_impact)
        elif name == "regression":
            self._show_regression()
        self._show_derived()
