"""What the window needs from the library, as small Protocols storage fulfils."""

from __future__ import annotations

from typing import Any, Protocol

from facilitation.model import AskedQuestion, Item, MoveOnSignal, Participant, Session, SessionSummary
from facilitation.settings import OrgSettings


class SessionRepository(Protocol):
    """Sessions as the window reads and saves them; every call is durable on return."""

    def summaries(self, offset: int = 0, limit: int | None = None) -> list[SessionSummary]:
        """Sessions newest incident first: all of them, or ``limit`` from ``offset``."""
        ...

    def count(self) -> int:
        """How many sessions there are."""
        ...

    def get(self, session_id: int) -> Session:
        """One whole session."""
        ...

    def create(self, session: Session) -> int:
        """Store a new session (keeping its id if it has one) and return its id."""
        ...

    def delete(self, session_id: int) -> None:
        """Remove a session and everything in it."""
        ...

    def update_fields(self, session_id: int, changed_by: str = "", **changes: Any) -> None:
        """Change some of a session's own fields (a new status records ``changed_by``)."""
        ...

    def set_participants(self, session_id: int, participants: list[Participant]) -> None:
        """Replace the session's participants."""
        ...

    def follow_ups(self, session_id: int) -> list[int]:
        """The ids of the follow-up reviews of a session."""
        ...

    def known_tags(self) -> list[str]:
        """Every tag used in the library, most used first."""
        ...

    def set_tags(self, session_id: int, tags: list[str]) -> None:
        """Replace the session's tags."""
        ...

    def add_item(self, session_id: int, item: Item, position: int | None = None) -> Item:
        """Store a new item at ``position`` (default: last), giving it a key."""
        ...

    def update_item(
        self, session_id: int, item: Item, position: int | None = None, attachments: bool = True
    ) -> None:
        """Store an item's new content (and its new place in the list, when given)."""
        ...

    def delete_item(self, session_id: int, item_type: type[Item], key: str) -> None:
        """Remove an item and every link to or from it."""
        ...

    def move_item(self, session_id: int, item_type: type[Item], key: str, position: int) -> None:
        """Move an item to ``position`` in its list."""
        ...

    def ask_question(self, session_id: int, question: AskedQuestion) -> None:
        """Keep a question put to the room."""
        ...

    def retract_question(self, session_id: int) -> None:
        """Take back the question asked last."""
        ...

    def record_move_on(self, session_id: int, signal: MoveOnSignal) -> None:
        """Keep a "let's move on" signal."""
        ...

    def retract_move_on(self, session_id: int) -> None:
        """Take back the last "let's move on" signal."""
        ...


class SettingsSource(Protocol):
    """The organisation's settings."""

    def load(self) -> OrgSettings:
        """The current settings."""
        ...

    def save(self, settings: OrgSettings) -> None:
        """Store the settings."""
        ...
