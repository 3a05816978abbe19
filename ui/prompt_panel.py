"""Beside every phase: the question being asked, the prompt cards, a box for your own and its reframe."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitation.coach import Coach
from facilitation.phases import Phase
from facilitation.prompts import PromptBank, group_label
from ui.language_notes import NOTES_KEY, LineNotes
from ui.widgets import LongLineEdit

PROMPT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NOTHING_ASKED = "Nothing asked yet. Ask a card below, or type your own question."


class _WholePanel(QFrame):
    """A frame of wrapped text that is never cut short: at any width it asks for the height its lines need
    (a narrow side column squeezes the scrolling card list instead)."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._fit)  # after this resize is through, not inside it

    def _fit(self) -> None:
        needed = self.heightForWidth(self.width())
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)


class PromptPanel(QWidget):
    """Prompt cards for the current phase; asking one, or your own question, emits ``ask_requested``."""

    ask_requested = Signal(str, str)  # text, prompt id ("" for your own words)

    def __init__(self, bank: PromptBank, coach: Coach | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bank = bank
        self.coach = coach
        self.reframe: str | None = None
        heading = QLabel("Asking now")
        heading.setProperty("role", "subheading")
        self.current = QLabel(NOTHING_ASKED)
        self.current.setWordWrap(True)
        self.current.setAccessibleName("The question on the shared screen")
        self.current.setProperty("role", "question")
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        cards_heading = QLabel("Prompt cards")
        cards_heading.setProperty("role", "subheading")
        self.cards = QListWidget()
        self.cards.setAccessibleName("Prompt cards for this phase")
        self.cards.setWordWrap(True)
        self.cards.setAlternatingRowColors(True)
        self.cards.itemActivated.connect(self._on_cards_item_activated)
        self.cards.setMinimumHeight(44)  # scrolls, so it gives way first when the coach has something to say
        ask_button = QPushButton("Ask this card")
        ask_button.setAccessibleName("Ask the selected prompt card (F3; Alt+1 to Alt+9 ask cards 1 to 9)")
        ask_button.setToolTip("F3, or Alt+1 … Alt+9")
        ask_button.clicked.connect(self.ask_selected)

        self.own_question = LongLineEdit(accessible_name="Your own question")
        self.own_question.setPlaceholderText("Your own question, then Enter to ask it")
        self.own_question.returnPressed.connect(self._on_own_question_return_pressed)
        self.own_notes = LineNotes(self.own_question, coach) if coach is not None else None
        self.reframe_panel = self._build_reframe_panel()
        if self.own_notes is not None:
            self.own_notes.checked.connect(self._on_own_notes_checked)
            self.own_question.textChanged.connect(self._on_own_question_text_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(self.current)
        layout.addWidget(cards_heading)
        layout.addWidget(self.cards, stretch=1)
        layout.addWidget(ask_button)
        layout.addWidget(self.own_question)
        layout.addWidget(self.reframe_panel)

    def _build_reframe_panel(self) -> QFrame:
        """Under the question box: why the wording may close people up, and a way to ask that opens them."""
        panel = _WholePanel()
        panel.setProperty("role", "coach")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setAccessibleName("Another way to ask your question")
        self.reframe_why = QLabel()
        self.reframe_why.setTextFormat(Qt.TextFormat.RichText)
        self.reframe_why.setWordWrap(True)
        self.reframe_why.setProperty("role", "hint")
        self.reframe_why.setAccessibleName("Why the wording may close people up")
        self.reframe_text = QLabel()
        self.reframe_text.setTextFormat(Qt.TextFormat.PlainText)
        self.reframe_text.setWordWrap(True)
        self.reframe_text.setProperty("role", "suggestion")
        self.reframe_text.setAccessibleName("The question, reworded")
        self.reframe_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_reframe_button = QPushButton("Use this wording")
        self.use_reframe_button.setAccessibleName(f"Use this wording in the question box ({NOTES_KEY})")
        self.use_reframe_button.setToolTip(
            f"{NOTES_KEY} in the question box. Enter then asks whatever the box holds: your words or these."
        )
        self.use_reframe_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a click keeps the cursor in the box
        self.use_reframe_button.clicked.connect(self.use_reframe)
        key = QLabel(NOTES_KEY)
        key.setProperty("role", "hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_reframe_button)
        buttons.addWidget(key)
        buttons.addStretch()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)
        layout.addWidget(self.reframe_why)
        layout.addWidget(self.reframe_text)
        layout.addLayout(buttons)
        panel.hide()
        return panel

    def show_phase(self, phase: Phase) -> None:
        """List the cards of ``phase``, numbered, under their groups."""
        self.cards.clear()
        group = None
        for number, prompt in enumerate(self.bank.for_phase(phase), start=1):
            if prompt.group and prompt.group != group:
                group = prompt.group
                header = QListWidgetItem(group_label(group))
                header.setFlags(Qt.ItemFlag.NoItemFlags)
                font = header.font()
                font.setBold(True)
                header.setFont(font)
                self.cards.addItem(header)
            label = f"{number}. {prompt.text}" if number <= 9 else prompt.text
            item = QListWidgetItem(label)
            item.setData(PROMPT_ID_ROLE, prompt.id)
            if prompt.hint:
                item.setToolTip(prompt.hint)
            self.cards.addItem(item)

    def show_question(self, text: str) -> None:
        """Show the question now on the shared screen ("" when none has been asked)."""
        self.current.setText(text or NOTHING_ASKED)

    def ask_number(self, number: int) -> None:
        """Ask the card numbered ``number`` (from 1) in the list."""
        askable = [
            self.cards.item(i) for i in range(self.cards.count()) if self.cards.item(i).data(PROMPT_ID_ROLE)
        ]
        if 1 <= number <= len(askable):
            self._ask_item(askable[number - 1])

    def ask_selected(self) -> None:
        """Ask the selected card."""
        item = self.cards.currentItem()
        if item is not None and item.data(PROMPT_ID_ROLE):
            self._ask_item(item)

    def _ask_item(self, item: QListWidgetItem) -> None:
        prompt = self.bank.find(str(item.data(PROMPT_ID_ROLE)))
        if prompt is not None:
            self.ask_requested.emit(prompt.text, prompt.id)

    def _on_cards_item_activated(self, item: QListWidgetItem) -> None:
        if item.data(PROMPT_ID_ROLE):
            self._ask_item(item)

    def use_reframe(self) -> bool:
        """Put the reworded question into the box (Ctrl+Z in the box undoes it); False when there is none."""
        if self.own_notes is None:
            return False
        if self.own_notes.checked_text != self.own_question.text():
            self.own_notes.check_now()  # typed faster than the pause: check what is there now
        if self.reframe is None:
            return False
        self.own_question.selectAll()
        self.own_question.insert(self.reframe)
        self.own_notes.check_now()
        return True

    def _on_own_notes_checked(self) -> None:
        assert self.own_notes is not None and self.coach is not None
        notes = self.own_notes.notes
        text = self.own_question.text().strip()
        self.reframe = self.coach.reframe(text) if notes and text else None
        if self.reframe is None or self.reframe == text:
            self.reframe = None
            self.reframe_panel.hide()
            return
        # One reason is enough beside the reframe; the underline and tooltip carry every note.
        message = notes[0].message
        self.reframe_why.setText(f"<b>Another way to ask.</b> {html.escape(message)}")
        self.reframe_why.setAccessibleDescription(message)
        self.reframe_text.setText(f"“{self.reframe}”")
        self.use_reframe_button.setAccessibleDescription(self.reframe)
        # The labels changed while hidden: styled and measured anew, so no line is cut short.
        self.reframe_panel.ensurePolished()
        layout = self.reframe_panel.layout()
        if layout is not None:
            layout.invalidate()
        self.reframe_panel.show()

    def _on_own_question_text_changed(self, text: str) -> None:
        if not text.strip():  # asked, or cleared: nothing to reword
            self.reframe = None
            self.reframe_panel.hide()

    def _on_own_question_return_pressed(self) -> None:
        text = self.own_question.text().strip()
        if text:
            self.ask_requested.emit(text, "")
