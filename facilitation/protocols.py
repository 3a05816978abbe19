"""What the window needs from the library and from export, as small Protocols that app fulfils."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from facilitation.library import ForgetPreview, Found, LibraryFilter, MatrixRow, OpenAction, Stats
from facilitation.model import (
    AskedQuestion,
    HandCount,
    Item,
    MoveOnSignal,
    Participant,
    Session,
    SessionSummary,
    TimelineEntry,
)
from facilitation.settings import OrgSettings

if TYPE_CHECKING:
    from facilitation.audience import Masking


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

    def started_between(self, since: date, until: date) -> list[int]:
        """The ids of sessions whose incident started from ``since`` to ``until`` (inclusive, each
        day in the incident's own zone), oldest first."""
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

    def add_timeline_entries(self, session_id: int, entries: list[TimelineEntry]) -> list[TimelineEntry]:
        """Store new timeline entries (an import) all at once or not at all, each among the others by
        time as ``facilitation.timeline_merge.merged_positions`` places it; gives each a key."""
        ...

    def delete_items(self, session_id: int, item_type: type[Item], keys: list[str]) -> None:
        """Remove several items of one kind (an import taken back) all at once."""
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

    def record_hand_count(self, session_id: int, count: HandCount) -> None:
        """Keep a show of hands (a ready check, "who learned something new today?")."""
        ...

    def retract_hand_count(self, session_id: int) -> None:
        """Take back the show of hands counted last."""
        ...


class LibraryQueries(Protocol):
    """The library read as a whole (matrix, search, insights, open actions) and forgetting a person."""

    def matrix(self, offset: int = 0, limit: int | None = None) -> list[MatrixRow]:
        """Classification-matrix rows in ``summaries``' order: all of them, or ``limit`` from ``offset``."""
        ...

    def search(self, query: str, limit: int = 50) -> list[Found]:
        """Sessions matching every word typed, best first; any text is searched as words."""
        ...

    def stats(self, by: str, filt: LibraryFilter) -> Stats:
        """The incidents ``filt`` keeps, counted by ``by`` (one of ``STATS_FIELDS``)."""
        ...

    def open_actions(self) -> list[OpenAction]:
        """Every action still open or in progress, in any order."""
        ...

    def on_this_day(self, today: date) -> list[SessionSummary]:
        """Incidents that started on today's month and day in earlier years, newest first."""
        ...

    def people(self) -> list[str]:
        """Every person named in the library (participants, facilitators, timeline actors,
        action owners), sorted."""
        ...

    def forget_preview(self, name: str, role: str) -> ForgetPreview:
        """Where ``name`` appears and how often, without changing anything."""
        ...

    def forget(self, name: str, role: str) -> int:
        """Replace ``name`` by ``role`` everywhere, in one transaction; how many places changed."""
        ...


class SettingsSource(Protocol):
    """The organisation's settings."""

    def load(self) -> OrgSettings:
        """The current settings."""
        ...

    def save(self, settings: OrgSettings) -> None:
        """Store the settings."""
        ...


EXPORT_KINDS = ("pdf", "md", "json", "pre-read-pdf", "pre-read-md")
"""What one debrief can be written as: the postmortem as PDF, Markdown or interchange JSON, or the
pre-read (agenda, ground rules, draft timeline) for participants as PDF or Markdown."""

DIGEST_KINDS = ("pdf", "md")
"""What the learning digest can be written as."""


class ExportProblem(Exception):
    """An export could not be written; the message is one plain sentence, and nothing was changed."""


class Exporter(Protocol):
    """Writing debriefs out, as the window asks for it; the export code loads when first used."""

    def masking(self, session: Session, masked_terms: Sequence[str]) -> list[Masking]:
        """What a public export of ``session`` would mask, with these organisation terms."""
        ...

    def write_session(
        self, session: Session, kind: str, audience: str, settings: OrgSettings, path: Path
    ) -> None:
        """Write ``session`` as ``kind`` (one of ``EXPORT_KINDS``) for ``audience`` to ``path``.

        The file appears whole or not at all; an existing one is replaced only once the new one is
        complete. Raises ``ExportProblem`` when it cannot be written.
        """
        ...

    def write_digest(
        self,
        sessions: Sequence[Session],
        since: date,
        until: date,
        kind: str,
        settings: OrgSettings,
        path: Path,
        progress: Callable[[int, int], bool],
    ) -> bool:
        """Write the learning digest of ``sessions`` as ``kind`` (one of ``DIGEST_KINDS``) to ``path``.

        ``progress(done, total)`` is called as the sessions are laid out; when it returns False the
        digest stops and no file is left behind. Touches nothing but what it is given, so it may run
        on a worker thread. True when written, False when stopped; raises ``ExportProblem`` when it
        cannot be written.
        """
        ...
