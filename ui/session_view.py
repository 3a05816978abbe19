"""A session open in the window: its phases down the side, the current one beside them."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QStackedWidget, QWidget

from facilitation.model import Session
from facilitation.phases import Phase
from ui.prepare_view import PrepareView
from ui.session_editor import SessionEditor


class SessionView(QWidget):
    """The phases built so far, in meeting order, and the view of the current one."""

    def __init__(self, session: Session, editor: SessionEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.editor = editor
        self.prepare = PrepareView(session, editor)
        self.views: dict[Phase, QWidget] = {Phase.PREPARE: self.prepare}

        self.phase_list = QListWidget()
        self.phase_list.setObjectName("phases")
        self.phase_list.setAccessibleName("Phases")
        self.phase_list.setFixedWidth(240)
        self.stack = QStackedWidget()
        for phase, view in self.views.items():
            item = QListWidgetItem(f"{phase.value}  {phase.label}")
            item.setToolTip(f"Ctrl+{phase.value % 10}")
            self.phase_list.addItem(item)
            self.stack.addWidget(view)
        self.phase_list.currentRowChanged.connect(self._on_phase_list_current_row_changed)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.phase_list)
        layout.addWidget(self.stack, stretch=1)
        self.phase_list.setCurrentRow(0)

    @property
    def phases(self) -> list[Phase]:
        """The phases this view can show, in order."""
        return list(self.views)

    @property
    def current_phase(self) -> Phase:
        """The phase on screen."""
        return self.phases[max(self.phase_list.currentRow(), 0)]

    def finish_edits(self) -> None:
        """Commit whatever is still being typed and write everything waiting."""
        self.prepare.commit_open_editor()
        self.editor.flush()

    def go_to(self, phase: Phase) -> None:
        """Show ``phase`` if it is built; otherwise stay where we are."""
        if phase in self.views:
            self.phase_list.setCurrentRow(self.phases.index(phase))

    def go_by(self, offset: int) -> None:
        """Move to the next (+1) or previous (-1) built phase."""
        row = min(max(self.phase_list.currentRow() + offset, 0), len(self.views) - 1)
        self.phase_list.setCurrentRow(row)

    def _on_phase_list_current_row_changed(self, row: int) -> None:
        if row < 0:
            return
        self.editor.flush()
        self.stack.setCurrentIndex(row)
        if self.current_phase is Phase.PREPARE:
            self.prepare.focus_first_field()
