"""A session open in the window: the clocks on top, phases down the side, prompts and notes beside."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from facilitation.phases import Phase
from facilitation.prompts import PromptBank
from facilitation.protocols import SettingsSource
from facilitation.timebox import TimeboxState
from ui.actions_view import ActionsView
from ui.classify_view import ClassifyView
from ui.factors_view import FactorsView
from ui.ground_rules_view import GroundRulesView
from ui.hand_count_dialog import HandCountDialog
from ui.import_dialog import IMPORT_KEY, ImportDialog
from ui.language_notes import NOTES_KEY, LanguageNotesDialog, NotesTarget
from ui.list_phase_view import KEY_LEARNINGS, WENT_RIGHT, WENT_WRONG, ListPhaseView
from ui.prepare_view import PrepareView
from ui.prompt_panel import PromptPanel
from ui.review_view import ReviewView
from ui.session_editor import SessionEditor
from ui.timeline_view import TimelineView
from ui.timer_bar import TimerBar
from ui.widgets import NotesEdit

if TYPE_CHECKING:
    from facilitation.coach import Coach


READY_CHECK_TEXT = "Ready check…"
READY_CHECK_KEY = "F4"
LEARNED_TEXT = "Show of hands: learned something new…"
LEARNED_KEY = "Shift+F4"
IMPORT_TEXT = "Import into the timeline: Slack, a chat log or a timeline CSV…"


def _timebox_of(stored: dict[str, object]) -> TimeboxState:
    try:
        return TimeboxState.from_dict(stored)
    except ValueError:
        return TimeboxState()  # a plan that cannot be read starts again from the default


class SessionView(QWidget):
    """The phases built so far, in meeting order, and the view of the current one."""

    policy_edit_requested = Signal()
    status_message = Signal(str)
    """A short word for the window's status bar."""

    def __init__(
        self,
        editor: SessionEditor,
        bank: PromptBank,
        settings: SettingsSource,
        coach: Coach | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        session = editor.session
        self.prepare = PrepareView(session, editor, coach)
        self.ground_rules = GroundRulesView()
        self.ground_rules.show_policy(session.ground_rules)
        self.ground_rules.edit_requested.connect(self.policy_edit_requested)
        self.timeline = TimelineView(editor, coach)
        self.timeline.import_requested.connect(self.import_into_timeline)
        self.prepare.import_requested.connect(self.import_into_timeline)
        self.review = ReviewView(editor, coach)
        self.review.go_to_requested.connect(self.go_to)
        self.review.item_requested.connect(self._on_review_item_requested)
        self.review.hands_requested.connect(lambda: self.count_hands("learned"))
        self.views: dict[Phase, QWidget] = {
            Phase.PREPARE: self.prepare,
            Phase.GROUND_RULES: self.ground_rules,
            Phase.TIMELINE: self.timeline,
            Phase.WENT_RIGHT: ListPhaseView(editor, WENT_RIGHT, coach),
            Phase.WENT_WRONG: ListPhaseView(editor, WENT_WRONG, coach),
            Phase.CONTRIBUTING_FACTORS: FactorsView(editor, coach),
            Phase.KEY_LEARNINGS: ListPhaseView(editor, KEY_LEARNINGS, coach),
            Phase.ACTIONS: ActionsView(editor, coach),
            Phase.CLASSIFY: ClassifyView(editor, settings, editor.repository.known_tags, coach),
            Phase.REVIEW: self.review,
        }
        self.views = {phase: self.views[phase] for phase in Phase if phase in self.views}  # meeting order
        self.timer = TimerBar(_timebox_of(session.timebox))
        self.timer.state_changed.connect(lambda state: editor.change("timebox", state.to_dict()))
        self.timer.move_on_requested.connect(editor.move_on)
        self.prompts = PromptPanel(bank, coach)
        self.prompts.ask_requested.connect(self._on_prompts_ask_requested)
        editor.question_changed.connect(self._on_editor_question_changed)
        editor.move_on_given.connect(self._on_editor_move_on_given)
        editor.phase_requested.connect(self._show_phase)
        editor.field_changed.connect(self._on_editor_field_changed)

        self.notes = NotesEdit(accessible_name="Private notes (never on the shared screen)")
        self.notes.setPlaceholderText("Private notes: only you see these, never the room or a public export")
        self.notes.setPlainText(session.private_notes)
        self.notes.textChanged.connect(lambda: editor.change("private_notes", self.notes.toPlainText()))
        self.notes.focus_left.connect(editor.flush)
        self.notes.setMinimumHeight(56)  # gives way to the coach's panel in a short window
        self.signal_note = QLabel()
        self.signal_note.setProperty("role", "hint")

        self.phase_list = QListWidget()
        self.phase_list.setObjectName("phases")
        self.phase_list.setAccessibleName("Phases")
        self.phase_list.setFixedWidth(236)
        self.phase_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        for phase, view in self.views.items():
            item = QListWidgetItem(f"{phase.value}  {phase.label}")
            item.setToolTip(f"Ctrl+{phase.value % 10}")
            self.phase_list.addItem(item)
            self.stack.addWidget(view)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.prompts, stretch=3)
        notes_heading = QLabel("Private notes")
        notes_heading.setProperty("role", "subheading")
        side_layout.addWidget(notes_heading)
        side_layout.addWidget(self.notes, stretch=1)
        side_layout.addWidget(self.signal_note)
        split = QSplitter()
        split.addWidget(self.stack)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([760, 320])

        middle = QHBoxLayout()
        middle.setContentsMargins(0, 0, 0, 0)
        middle.addWidget(self.phase_list)
        middle.addWidget(split, stretch=1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.timer)
        layout.addLayout(middle, stretch=1)

        self.menu_actions = self._build_actions()
        self._shown_phase = self._starting_phase(session.current_phase)
        self.phase_list.setCurrentRow(self.phases.index(self._shown_phase))
        self.stack.setCurrentIndex(self.phases.index(self._shown_phase))
        self._arrive(self._shown_phase)
        self.phase_list.currentRowChanged.connect(self._on_phase_list_current_row_changed)
        self._on_editor_question_changed()

    def _build_actions(self) -> list[QAction]:
        specs: list[tuple[str, str, Callable[[], object]]] = [
            ("Ask the selected prompt card", "F3", self.prompts.ask_selected),
            ("Type your own question", "Ctrl+Shift+Q", self.prompts.own_question.setFocus),
            ("Pause or resume the meeting clock", "F7", self.timer.toggle),
            ("Five more minutes for this phase", "F8", self.timer.extend),
            ("Meeting plan: minutes per phase…", "Ctrl+Shift+M", self.timer.edit_plan),
            ("Enough, let's move on (a gentle signal)", "F9", self.editor.move_on),
            (READY_CHECK_TEXT, READY_CHECK_KEY, lambda: self.count_hands("ready")),
            (LEARNED_TEXT, LEARNED_KEY, lambda: self.count_hands("learned")),
            ("Private notes", "Ctrl+Shift+N", self.notes.setFocus),
            (IMPORT_TEXT, IMPORT_KEY, self.import_into_timeline),
        ]
        specs += [
            (f"Ask prompt card {n}", f"Alt+{n}", lambda n=n: self.prompts.ask_number(n))  # type: ignore[misc]
            for n in range(1, 10)
        ]
        actions = []
        for text, key, slot in specs:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.setToolTip(f"{text} ({key})")
            action.triggered.connect(lambda _checked=False, s=slot: s())
            actions.append(action)
        self.language_action = QAction("Language notes: use a suggested wording, or keep your own…", self)
        self.language_action.setShortcuts(
            [QKeySequence("Alt+Return"), QKeySequence("Alt+Enter")]
        )  # and keypad
        self.language_action.triggered.connect(self.language_notes)
        actions.append(self.language_action)
        return actions

    def count_hands(self, kind: str) -> bool:
        """Take a show of hands (``ready`` or ``learned``): the room sees the question while it is
        counted, and the count typed in is kept with the session. False when nothing was kept."""
        self.editor.ask_for_hands(kind)
        try:
            count = HandCountDialog.ask(self, kind, len(self.editor.session.participants))
        finally:
            self.editor.ask_for_hands("")
        if count is None or not self.editor.count_hands(kind, count.hands, count.present):
            return False
        self.status_message.emit("Show of hands kept. Ctrl+Z takes it back.")
        return True

    def import_into_timeline(self) -> int | None:
        """Import a Slack export, a chat log or a timeline CSV into the timeline; how many were added."""
        self.editor.flush()
        added = ImportDialog.ask(self, self.editor)
        if added:
            noun = "entry" if added == 1 else "entries"
            self.status_message.emit(f"{added:,} {noun} added to the timeline. Ctrl+Z takes the import back.")
        return added

    def language_notes(self) -> None:
        """Alt+Enter: in the question box, take the reworded question; on a field or a selected item,
        show its language notes to settle; where nothing is noted, say so in the status bar."""
        if QApplication.focusWidget() is self.prompts.own_question:
            if not self.prompts.use_reframe():
                self.status_message.emit("The question reads well as it is.")
            return
        find = getattr(self.views[self._shown_phase], "language_target", None)
        target: NotesTarget | None = find() if find is not None else None
        if target is None:
            self.status_message.emit(
                f"{NOTES_KEY} shows the language notes of the field, or selected item, that has the cursor."
            )
            return
        if not target.notes():
            self.status_message.emit(f"No language notes on {target.what}: the wording reads well.")
            return
        settled = LanguageNotesDialog.ask(self, target)
        if settled:
            self.status_message.emit("Saved. Ctrl+Z takes it back.")

    @property
    def all_actions(self) -> list[QAction]:
        """Every action of the session and its phases, for the window's Session menu."""
        return [action for view in self.views.values() for action in getattr(view, "menu_actions", [])] + [
            *self.menu_actions
        ]

    @property
    def phases(self) -> list[Phase]:
        """The phases this view can show, in order."""
        return list(self.views)

    @property
    def current_phase(self) -> Phase:
        """The phase on screen."""
        return self._shown_phase

    def finish_edits(self) -> None:
        """Commit whatever is still being typed and write everything waiting."""
        self.prepare.commit_open_editor()
        if self.timeline.entry_line.text().strip():
            self.timeline.capture()  # a line typed but not yet entered is kept, not dropped
        for view in self.views.values():
            if view is not self.timeline and hasattr(view, "finish_edits"):
                view.finish_edits()
        self.editor.change("timebox", self.timer.clock.snapshot().to_dict())
        self.editor.flush()

    def go_to(self, phase: Phase) -> None:
        """Show ``phase`` if it is built; otherwise stay where we are."""
        if phase in self.views:
            self.phase_list.setCurrentRow(self.phases.index(phase))

    def go_by(self, offset: int) -> None:
        """Move to the next (+1) or previous (-1) built phase."""
        row = min(max(self.phase_list.currentRow() + offset, 0), len(self.views) - 1)
        self.phase_list.setCurrentRow(row)

    def _starting_phase(self, key: str) -> Phase:
        try:
            phase = Phase.from_key(key)
        except ValueError:
            return Phase.PREPARE
        return phase if phase in self.views else Phase.PREPARE

    def _on_phase_list_current_row_changed(self, row: int) -> None:
        if row < 0 or self.phases[row] is self._shown_phase:
            return
        old, new = self._shown_phase, self.phases[row]
        self._show_phase(new)
        self.editor.record_phase_move(old, new)

    def _show_phase(self, phase: Phase) -> None:
        """Show ``phase`` without recording a move (undo and redo come through here)."""
        self.editor.flush()
        self._shown_phase = phase
        self.phase_list.blockSignals(True)
        self.phase_list.setCurrentRow(self.phases.index(phase))
        self.phase_list.blockSignals(False)
        self.stack.setCurrentIndex(self.phases.index(phase))
        self._arrive(phase)

    def focus_current_phase(self) -> None:
        """Put the cursor where the phase on screen starts (the entry line, the first field)."""
        self._arrive(self._shown_phase)

    def _arrive(self, phase: Phase) -> None:
        self.timer.enter(phase)
        self.prompts.show_phase(phase)
        view = self.views[phase]
        focus = getattr(view, "focus_first", view.setFocus)
        focus()

    def _on_editor_question_changed(self) -> None:
        question = self.editor.session.current_question
        self.prompts.show_question(question.text if question else "")

    def go_to_item(self, list_name: str, key: str) -> None:
        """Show the phase holding the session's list ``list_name`` (``timeline``, ``parking_lot`` …)
        with the cursor on item ``key``; the session's own fields ("") stay where the session opened."""
        if not list_name:
            return
        try:
            phase = Phase.ACTIONS if list_name == "parking_lot" else Phase.from_key(list_name)
        except ValueError:
            return
        if phase in self.views:
            self.go_to(phase)
            if key:
                self._on_review_item_requested(key)

    def _on_review_item_requested(self, key: str) -> None:
        select = getattr(self.views[self._shown_phase], "select_item", None)
        if select is not None:
            select(key)

    def _on_editor_move_on_given(self) -> None:
        signals = self.editor.session.move_on_signals
        self.signal_note.setText(f"“Let's move on” shown at {signals[-1].at:%H:%M}." if signals else "")

    def _on_prompts_ask_requested(self, text: str, prompt_id: str) -> None:
        if self.editor.ask(text, prompt_id) and not prompt_id:
            self.prompts.own_question.setText("")  # only once asked: a question that was not kept stays

    def _on_editor_field_changed(self, name: str) -> None:
        if name == "ground_rules":
            self.ground_rules.show_policy(self.editor.session.ground_rules)
        elif name == "participants":
            self.prepare.show_participants(self.editor.session.participants)
