"""Autosave for one open session: every edit on disk within a second, at once on Enter."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from facilitation.model import Participant
from facilitation.protocols import SessionRepository

SAVE_DELAY_MS = 400


class SessionEditor(QObject):
    """Collects a session's field edits and writes them through the repository.

    Typing is saved after a short pause (well inside a second); ``flush()`` saves at
    once and is called on Enter, on leaving a field, and before the session closes.
    """

    saved = Signal()
    save_problem = Signal(str)

    def __init__(self, repository: SessionRepository, session_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.repository = repository
        self.session_id = session_id
        self._pending: dict[str, Any] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)

    @property
    def has_pending(self) -> bool:
        """Edits wait to be written."""
        return bool(self._pending)

    def change(self, name: str, value: Any) -> None:
        """Note a new value for a session field; it is written shortly."""
        self._pending[name] = value
        self._timer.start()

    def flush(self) -> None:
        """Write every waiting edit now."""
        self._timer.stop()
        if not self._pending:
            return
        changes, self._pending = self._pending, {}
        try:
            self.repository.update_fields(self.session_id, **changes)
        except Exception as exc:
            # Keep the edits so the next flush tries again; nothing typed is dropped.
            self._pending = {**changes, **self._pending}
            self.save_problem.emit(f"Your last edits are not on disk yet ({exc}); they are kept and retried.")
            self._timer.start(2000)
            return
        self.saved.emit()

    def set_participants(self, participants: list[Participant]) -> None:
        """Write the participant list at once."""
        try:
            self.repository.set_participants(self.session_id, participants)
        except Exception as exc:
            self.save_problem.emit(f"The participant list is not on disk yet ({exc}); try the change again.")
            return
        self.saved.emit()
