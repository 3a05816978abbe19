"""Beside every phase: the question being asked, the phase's prompt cards, and a box for your own."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from facilitation.phases import Phase
from facilitation.prompts import PromptBank, group_label
from ui.widgets import LongLineEdit

PROMPT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NOTHING_ASKED = "Nothing asked yet. Ask a card below, or type your own question."


class PromptPanel(QWidget):
    """Prompt cards for the current phase; asking one, or your own question, emits ``ask_requested``."""

    ask_requested = Signal(str, str)  # text, prompt id ("" for your own words)

    def __init__(self, bank: PromptBank, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bank = bank
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
        ask_button = QPushButton("Ask this card")
        ask_button.setAccessibleName("Ask the selected prompt card (F3; Alt+1 to Alt+9 ask cards 1 to 9)")
        ask_button.setToolTip("F3, or Alt+1 … Alt+9")
        ask_button.clicked.connect(self.ask_selected)

        self.own_question = LongLineEdit(accessible_name="Your own question")
        self.own_question.setPlaceholderText("Your own question, then Enter to ask it")
        self.own_question.returnPressed.connect(self._on_own_question_return_pressed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(self.current)
        layout.addWidget(cards_heading)
        layout.addWidget(self.cards, stretch=1)
        layout.addWidget(ask_button)
        layout.addWidget(self.own_question)

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

    def _on_own_question_return_pressed(self) -> None:
        text = self.own_question.text().strip()
        if text:
            self.ask_requested.emit(text, "")
