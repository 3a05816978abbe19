"""Autosave for one open session: every edit on disk within a second, at once on Enter."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from facilitation.model import Participant
from facilitation.protocols import SessionRepository

SAVE_DELAY_MS = 400
RETRY_MS = 2000
_PARTICIPANTS = "participants"


class SessionEditor(QObject):
    """Collects a session's edits and writes them through the repository.

    An edit is written at most ``SAVE_DELAY_MS`` after it is made, however steady
    the typing; ``flush()`` writes at once and is called on Enter, on leaving a
    field, and before the session closes. Edits that cannot be written stay
    pending and are tried again.
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
        self._timer.timeout.connect(self.flush)

    @property
    def has_pending(self) -> bool:
        """Edits wait to be written."""
        return bool(self._pending)

    def change(self, name: str, value: Any) -> None:
        """Note a new value for a session field; it is written shortly."""
        self._pending[name] = value
        if not self._timer.isActive():
            self._timer.start(SAVE_DELAY_MS)

    def set_participants(self, participants: list[Participant]) -> None:
        """Write the participant list at once."""
        self._pending[_PARTICIPANTS] = participants
        self.flush()

    def flush(self) -> None:
        """Write every waiting edit now; keep and retry what cannot be written."""
        self._timer.stop()
        if not self._pending:
            return
        changes, self._pending = self._pending, {}
        people = changes.pop(_PARTICIPANTS, None)
        try:
            if changes:
                self.repository.update_fields(self.session_id, **changes)
                changes = {}
            if people is not None:
                self.repository.set_participants(self.session_id, people)
        except Exception as problem:
            waiting = {**changes, **({} if people is None else {_PARTICIPANTS: people})}
            self._pending = {**waiting, **self._pending}
            self.save_problem.emit(
                f"Your last edits are not on disk yet. {problem} They are kept and tried again."
            )
            self._timer.start(RETRY_MS)
            return
        self.saved.emit()
