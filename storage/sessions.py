"""The session repository: sessions and every kind of item, mapped to rows.

Each write is one transaction, committed durably before the call returns.
"""

from __future__ import annotations

import functools
import json
import typing
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from facilitation.messages import echo
from facilitation.model import (
    COACHED_SESSION_FIELDS,
    ITEM_LISTS,
    AskedQuestion,
    ChatDetails,
    EntryImage,
    HandCount,
    Item,
    Metadata,
    MoveOnSignal,
    Participant,
    Session,
    SessionSummary,
    StatusChange,
    TimelineEntry,
    WebLink,
    item_fields,
    next_free_key,
)
from facilitation.timeline_merge import merged_positions
from storage.database import Repository
from storage.errors import SessionNotFound

ITEM_TABLES: dict[type[Item], str] = {
    cls: table
    for cls, table in zip(
        ITEM_LISTS.values(),
        (
            "timeline_entries",
            "went_right",
            "went_wrong",
            "contributing_factors",
            "key_learnings",
            "actions",
            "parking_lot",
        ),
        strict=True,
    )
}
"""The table that holds each kind of item."""

_LINK_FIELDS = {"links", "serves"}
_ENTRY_EXTRAS = {"web_links", "image", "chat"}  # timeline entries keep these in tables of their own
_EXTRA_TABLES = ("web_links", "images", "chat_details")
_SESSION_TEXT = (
    "reference",
    "title",
    "summary",
    "severity",
    "system",
    "time_zone",
    "facilitator",
    "private_notes",
    "ground_rules",
    "status",
)
_SESSION_TIMES = ("started_at", "detected_at", "mitigated_at", "resolved_at")
SESSION_FIELDS = frozenset(
    _SESSION_TEXT
    + _SESSION_TIMES
    + (
        "trigger",
        "regression",
        "third_party",
        "customer_impact",
        "timebox",
        "current_phase",
        "follows",
        "dismissed_notes",
    )
)
"""Session attributes ``update_fields`` can change (metadata ones by their own names)."""


def _to_column(value: Any) -> Any:
    # Lists and objects (timebox, dismissed notes) are JSON text; the notes keep their own letters.
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _from_column(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    if hint is bool:
        return bool(value)
    if typing.get_origin(hint) is list:
        return json.loads(value)
    if datetime in typing.get_args(hint):
        return datetime.fromisoformat(value)
    if date in typing.get_args(hint):
        return date.fromisoformat(value)
    return value


class _ItemMapping:
    """How one item kind maps to the columns of its table."""

    def __init__(self, cls: type[Item]) -> None:
        self.cls = cls
        self.table = ITEM_TABLES[cls]
        self.fields = [f for f in item_fields(cls) if f not in _LINK_FIELDS | _ENTRY_EXTRAS]
        self.link_field = next((f for f in item_fields(cls) if f in _LINK_FIELDS), None)
        self.columns = ["item_key" if f == "key" else f for f in self.fields]

    @functools.cached_property
    def hints(self) -> dict[str, Any]:
        """The item's field types, resolved on first use rather than at start-up."""
        return typing.get_type_hints(self.cls)

    def row(self, item: Item) -> list[Any]:
        return [_to_column(getattr(item, f)) for f in self.fields]

    def item(self, row: dict[str, Any], links: list[str]) -> Item:
        values = {
            f: _from_column(self.hints[f], row[c]) for f, c in zip(self.fields, self.columns, strict=True)
        }
        if self.link_field:
            values[self.link_field] = links
        return self.cls(**values)


MAPPINGS = {cls: _ItemMapping(cls) for cls in ITEM_TABLES}


def _checked_dismissals(notes: dict[str, list[str]]) -> dict[str, list[str]]:
    """``notes`` if they name only fields the coach reads, so none is stored where nothing reads it."""
    unknown = set(notes) - set(COACHED_SESSION_FIELDS)
    if unknown:
        raise ValueError(f"not fields the coach reads: {', '.join(sorted(unknown))}")
    return notes


def _start_day(started_at: datetime | None, zone_name: str) -> str:
    """The day the incident started in its own zone (else in the offset it was given in)."""
    if started_at is None:
        return ""
    from facilitation.times import zone_named  # zoneinfo loads on the first write, not at start-up

    zone = zone_named(zone_name)
    return (started_at.astimezone(zone) if zone else started_at).date().isoformat()


_GONE = (
    "This debrief is no longer in the library (another window may have deleted it); "
    "your change was not saved, so copy any text you want to keep."
)


def _fresh_keys(prefix: str, taken: set[str]) -> Iterator[str]:
    """``prefix`` + 1, 2, 3 … skipping keys in ``taken`` (read as it grows): one pass for a whole batch."""
    number = 0
    while True:
        number += 1
        key = f"{prefix}{number}"
        if key not in taken:
            yield key


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SessionStore(Repository):
    """Sessions in the library, whole or item by item."""

    # -- whole sessions ----------------------------------------------------

    def create(self, session: Session) -> int:
        """Store a new session with all its items; sets and returns its id.

        A session that carries an id (one being restored after a delete) keeps it.
        """
        session.assign_missing_keys()
        with self._handle.write():
            columns = self._session_columns(session)
            columns["created_at"] = columns["updated_at"] = _now()
            if session.id is not None:
                columns["id"] = session.id
            names = ", ".join(columns)
            marks = ", ".join("?" for _ in columns)
            cursor = self._db.execute(
                f"INSERT INTO sessions ({names}) VALUES ({marks})", list(columns.values())
            )
            session.id = int(cursor.lastrowid or 0)
            self._write_children(session)
            if not session.status_history:
                session.status_history = [StatusChange(session.status, datetime.now(UTC).astimezone())]
            for change in session.status_history:
                self._record_status(session.id, change.status, change.changed_by, change.changed_at)
        return session.id

    def create_all(self, sessions: list[Session]) -> list[int]:
        """Store new sessions in one transaction, all of them or none; their ids in order."""
        with self._handle.write():
            return [self.create(session) for session in sessions]

    def replace(self, session: Session) -> None:
        """Rewrite a stored session entirely from ``session``."""
        session_id = self._require(session.id)
        session.assign_missing_keys()
        with self._handle.write():
            columns = self._session_columns(session)
            columns["updated_at"] = _now()
            sets = ", ".join(f"{name} = ?" for name in columns)
            self._update_session(session_id, sets, list(columns.values()))
            for table in (
                "participants",
                "tags",
                "links",
                *_EXTRA_TABLES,
                "asked_questions",
                "move_on_signals",
                "hand_counts",
                "status_history",
                *ITEM_TABLES.values(),
            ):
                self._db.execute(f"DELETE FROM {table} WHERE session_id = ?", [session_id])
            self._write_children(session)
            for change in session.status_history:
                self._record_status(session_id, change.status, change.changed_by, change.changed_at)

    def get(self, session_id: int) -> Session:
        """The whole session with every item, in order.

        Raises:
            SessionNotFound: No session has that id.
        """
        with self._handle.read():
            return self._read(session_id)

    def _read(self, session_id: int) -> Session:
        rows = list(self._db.query("SELECT * FROM sessions WHERE id = ?", [session_id]))
        if not rows:
            raise SessionNotFound(f"There is no session with id {session_id} in this library.")
        row = rows[0]
        session = Session(
            id=row["id"],
            title=row["title"],
            trigger=row["trigger_text"],
            metadata=Metadata(
                regression=None if row["regression"] is None else bool(row["regression"]),
                third_party=row["third_party"],
                customer_impact=row["customer_impact"],
            ),
            **{name: row[name] for name in _SESSION_TEXT if name != "title"},
            **{name: _from_column(datetime | None, row[name]) for name in _SESSION_TIMES},
        )
        session.participants = [
            Participant(name=p["name"], role=p["role"], private=bool(p["private"]))
            for p in self._db.query(
                "SELECT * FROM participants WHERE session_id = ? ORDER BY position", [session_id]
            )
        ]
        session.tags = [
            t["tag"]
            for t in self._db.query(
                "SELECT tag FROM tags WHERE session_id = ? ORDER BY position", [session_id]
            )
        ]
        links: dict[str, list[str]] = {}
        for link in self._db.query(
            "SELECT from_key, to_key FROM links WHERE session_id = ? ORDER BY position",
            [session_id],
        ):
            links.setdefault(link["from_key"], []).append(link["to_key"])
        for name, cls in ITEM_LISTS.items():
            mapping = MAPPINGS[cls]
            items = [
                mapping.item(r, links.get(r["item_key"], []))
                for r in self._db.query(
                    f"SELECT * FROM {mapping.table} WHERE session_id = ? ORDER BY position",
                    [session_id],
                )
            ]
            setattr(session, name, items)
        self._read_entry_extras(session_id, session.timeline)
        session.asked_questions = [
            AskedQuestion(q["text"], datetime.fromisoformat(q["asked_at"]), q["phase"], q["prompt_id"])
            for q in self._db.query(
                "SELECT * FROM asked_questions WHERE session_id = ? ORDER BY id", [session_id]
            )
        ]
        session.move_on_signals = [
            MoveOnSignal(datetime.fromisoformat(m["at"]), m["phase"])
            for m in self._db.query(
                "SELECT * FROM move_on_signals WHERE session_id = ? ORDER BY id", [session_id]
            )
        ]
        session.hand_counts = [
            HandCount(h["kind"], h["phase"], h["hands"], h["present"], datetime.fromisoformat(h["at"]))
            for h in self._db.query(
                "SELECT * FROM hand_counts WHERE session_id = ? ORDER BY position", [session_id]
            )
        ]
        session.timebox = json.loads(row["timebox"])
        session.current_phase = row["current_phase"]
        session.follows = row["follows"]
        session.dismissed_notes = json.loads(row["dismissed_notes"])
        session.status_history = [
            StatusChange(h["status"], datetime.fromisoformat(h["changed_at"]), h["changed_by"])
            for h in self._db.query(
                "SELECT * FROM status_history WHERE session_id = ? ORDER BY id", [session_id]
            )
        ]
        return session

    def _read_entry_extras(self, session_id: int, entries: list[TimelineEntry]) -> None:
        by_key = {entry.key: entry for entry in entries}
        for link in self._db.query(
            "SELECT * FROM web_links WHERE session_id = ? ORDER BY item_key, position", [session_id]
        ):
            if link["item_key"] in by_key:
                by_key[link["item_key"]].web_links.append(WebLink(link["url"], link["kind"], link["label"]))
        for image in self._db.query("SELECT * FROM images WHERE session_id = ?", [session_id]):
            if image["item_key"] in by_key:
                by_key[image["item_key"]].image = EntryImage(image["data"], image["mime"])
        for chat in self._db.query("SELECT * FROM chat_details WHERE session_id = ?", [session_id]):
            if chat["item_key"] in by_key:
                by_key[chat["item_key"]].chat = ChatDetails(
                    chat["channel"], chat["thread"], bool(chat["bot"]), bool(chat["edited"])
                )

    def delete(self, session_id: int) -> None:
        """Remove a session and everything in it."""
        with self._handle.write():
            self._db.execute("DELETE FROM sessions WHERE id = ?", [session_id])

    def summaries(self, offset: int = 0, limit: int | None = None) -> list[SessionSummary]:
        """Sessions newest incident first: all of them, or ``limit`` from ``offset``."""
        rows = self._handle.conn.execute(
            "SELECT id, reference, title, severity, status, start_day FROM sessions "
            "ORDER BY start_day DESC, id DESC LIMIT ? OFFSET ?",
            [-1 if limit is None else limit, offset],
        )
        return list(map(SessionSummary._make, rows))

    def started_between(self, since: date, until: date) -> list[int]:
        """Ids of the sessions whose incident started from ``since`` to ``until``, both days included.

        The day is the stored ``start_day``: the day the incident started in its own
        time zone, so an incident that began at 23:30 on 31 March in New York is a
        March incident wherever the library is read. Sessions without a start time
        are never in a range.

        Returns:
            The ids, oldest incident first (then by id).
        """
        rows = self._handle.conn.execute(
            "SELECT id FROM sessions WHERE start_day BETWEEN ? AND ? AND start_day != '' "
            "ORDER BY start_day, id",
            [since.isoformat(), until.isoformat()],
        )
        return [int(row[0]) for row in rows]

    def count(self) -> int:
        """How many sessions the library holds."""
        return int(self._handle.conn.execute("SELECT count(*) FROM sessions").fetchone()[0])

    def known_tags(self) -> list[str]:
        """Every tag used in the library, most used first (one spelling per tag, ignoring case)."""
        rows = self._handle.conn.execute(
            "SELECT min(tag), count(*) AS uses FROM tags GROUP BY tag COLLATE NOCASE ORDER BY uses DESC, 1"
        )
        return [row[0] for row in rows]

    def follow_ups(self, session_id: int) -> list[int]:
        """The ids of the follow-up reviews of a session."""
        rows = self._handle.conn.execute(
            "SELECT id FROM sessions WHERE follows = ? ORDER BY id", [session_id]
        )
        return [int(row[0]) for row in rows]

    def original_with_reference(self, reference: str) -> int | None:
        """The one session with this reference that is not itself a follow-up, if there is exactly one.

        A follow-up review carries its first session's reference, so this is how a
        follow-up read from a file finds the session it follows up.
        """
        ids = self._handle.conn.execute(
            "SELECT id FROM sessions WHERE reference = ? AND reference != '' AND follows IS NULL LIMIT 2",
            [reference],
        ).fetchall()
        return int(ids[0][0]) if len(ids) == 1 else None

    def resolve(self, id_or_reference: str) -> int:
        """The id of the session named by an id or by a reference that names one session.

        Raises:
            SessionNotFound: Nothing, or more than one session, answers to it.
        """
        text = id_or_reference.strip()
        if (
            text.isascii()
            and text.isdigit()
            and int(text) < 2**63
            and self._db.execute("SELECT 1 FROM sessions WHERE id = ?", [int(text)]).fetchone()
        ):
            return int(text)
        # An empty reference means "none", so it names no session.
        ids = [
            r[0]
            for r in self._db.execute(
                "SELECT id FROM sessions WHERE reference = ? AND reference != ''", [text]
            )
        ]
        if len(ids) == 1:
            return int(ids[0])
        if not ids:
            raise SessionNotFound(
                f"No session has the id or reference '{echo(text)}'; `takeaways list` shows them all."
            )
        raise SessionNotFound(
            f"{len(ids)} sessions share the reference '{echo(text)}' (ids "
            f"{', '.join(map(str, ids))}); name the one you mean by its id."
        )

    # -- session fields ----------------------------------------------------

    def update_fields(self, session_id: int, changed_by: str = "", **changes: Any) -> None:
        """Change some of a session's own fields (``title=``, ``started_at=`` …).

        A new ``status`` joins the session's history, with ``changed_by`` as who changed it.
        ``dismissed_notes=`` replaces all of the session's dismissed coach notes at once.

        Raises:
            SessionNotFound: The session is no longer in the library.
            ValueError: A name is not a session field, or ``dismissed_notes`` names a
                field the coach does not read.
        """
        unknown = set(changes) - SESSION_FIELDS
        if unknown:
            raise ValueError(f"not session fields: {', '.join(sorted(unknown))}")
        if "dismissed_notes" in changes:
            _checked_dismissals(changes["dismissed_notes"])
        columns = {
            "trigger_text" if name == "trigger" else name: _to_column(value)
            for name, value in changes.items()
        }
        with self._handle.write():
            if "started_at" in changes or "time_zone" in changes:
                columns["start_day"] = self._start_day_after(session_id, changes)
            columns["updated_at"] = _now()
            sets = ", ".join(f"{name} = ?" for name in columns)
            self._update_session(session_id, sets, list(columns.values()))
            if "status" in changes:
                self._record_status(session_id, changes["status"], changed_by)

    def set_participants(self, session_id: int, participants: list[Participant]) -> None:
        """Replace the session's participants with ``participants``, in order."""
        with self._handle.write():
            self._touch(session_id)
            self._db.execute("DELETE FROM participants WHERE session_id = ?", [session_id])
            self._insert_participants(session_id, participants)

    def set_tags(self, session_id: int, tags: list[str]) -> None:
        """Replace the session's tags with ``tags``, in order."""
        with self._handle.write():
            self._touch(session_id)
            self._db.execute("DELETE FROM tags WHERE session_id = ?", [session_id])
            self._insert_tags(session_id, tags)

    def ask_question(self, session_id: int, question: AskedQuestion) -> None:
        """Keep a question put to the room; it becomes the session's current question."""
        with self._handle.write():
            self._touch(session_id)
            self._insert_question(session_id, question)

    def record_move_on(self, session_id: int, signal: MoveOnSignal) -> None:
        """Keep a "let's move on" signal."""
        with self._handle.write():
            self._touch(session_id)
            self._insert_move_on(session_id, signal)

    def retract_question(self, session_id: int) -> None:
        """Take back the question asked last (an undo)."""
        self._retract_last(session_id, "asked_questions")

    def retract_move_on(self, session_id: int) -> None:
        """Take back the last "let's move on" signal (an undo)."""
        self._retract_last(session_id, "move_on_signals")

    def record_hand_count(self, session_id: int, count: HandCount) -> None:
        """Keep a show of hands, after the ones already counted.

        Raises:
            SessionNotFound: The session is no longer in the library.
            sqlite3.IntegrityError: The count is not one the library holds (an unknown kind,
                fewer than 0 hands, more hands than people asked).
        """
        with self._handle.write():
            self._touch(session_id)
            self._insert_hand_count(session_id, count)

    def retract_hand_count(self, session_id: int) -> None:
        """Take back the show of hands counted last (an undo)."""
        with self._handle.write():
            self._touch(session_id)
            self._db.execute(
                "DELETE FROM hand_counts WHERE id = (SELECT id FROM hand_counts WHERE session_id = ? "
                "ORDER BY position DESC LIMIT 1)",
                [session_id],
            )

    def _retract_last(self, session_id: int, table: str) -> None:
        with self._handle.write():
            self._touch(session_id)
            self._db.execute(
                f"DELETE FROM {table} WHERE id = (SELECT max(id) FROM {table} WHERE session_id = ?)",
                [session_id],
            )

    # -- items -------------------------------------------------------------

    def add_item(self, session_id: int, item: Item, position: int | None = None) -> Item:
        """Store a new item at ``position`` (default: last); gives it a key if it has none."""
        mapping = MAPPINGS[type(item)]
        with self._handle.write():
            self._touch(session_id)
            if not item.key:
                item.key = self._next_key(session_id, type(item))
            count = self._db.execute(
                f"SELECT count(*) FROM {mapping.table} WHERE session_id = ?", [session_id]
            ).fetchone()[0]
            position = count if position is None else max(0, min(position, count))
            self._db.execute(
                f"UPDATE {mapping.table} SET position = position + 1 WHERE session_id = ? AND position >= ?",
                [session_id, position],
            )
            self._insert_items(session_id, [item], first_position=position)
        return item

    def update_item(
        self, session_id: int, item: Item, position: int | None = None, attachments: bool = True
    ) -> None:
        """Store the new content of an existing item, found by its key, in one transaction.

        Every field is written, its dismissed coach notes included.

        Args:
            session_id: The session.
            item: The item with its new content.
            position: Where it now stands in its list (a timeline entry whose time
                changed), or None to leave it where it is.
            attachments: Rewrite a timeline entry's links and image too; False when
                only its other fields changed, so a starred graph is not written again.

        Raises:
            SessionNotFound: The session, or the item in it, is no longer in the library.
        """
        mapping = MAPPINGS[type(item)]
        sets = ", ".join(f"{c} = ?" for c in mapping.columns)
        with self._handle.write():
            self._touch(session_id)
            cursor = self._db.execute(
                f"UPDATE {mapping.table} SET {sets} WHERE session_id = ? AND item_key = ?",
                [*mapping.row(item), session_id, item.key],
            )
            if cursor.rowcount == 0:
                raise SessionNotFound(
                    "This item is no longer in the debrief (another window may have deleted it); "
                    "your change to it was not saved, so copy any text you want to keep."
                )
            if mapping.link_field:
                self._db.execute(
                    "DELETE FROM links WHERE session_id = ? AND from_key = ?", [session_id, item.key]
                )
                self._insert_links(session_id, item.key, getattr(item, mapping.link_field))
            if isinstance(item, TimelineEntry) and attachments:
                self._delete_entry_extras(session_id, item.key)
                self._insert_entry_extras(session_id, [item])
            if position is not None:
                self.move_item(session_id, type(item), item.key, position)

    def delete_item(self, session_id: int, item_type: type[Item], key: str) -> None:
        """Remove an item and every link to or from it."""
        table = MAPPINGS[item_type].table
        with self._handle.write():
            row = self._db.execute(
                f"SELECT position FROM {table} WHERE session_id = ? AND item_key = ?",
                [session_id, key],
            ).fetchone()
            if row is None:
                return
            self._db.execute(f"DELETE FROM {table} WHERE session_id = ? AND item_key = ?", [session_id, key])
            self._db.execute(
                f"UPDATE {table} SET position = position - 1 WHERE session_id = ? AND position > ?",
                [session_id, row[0]],
            )
            self._db.execute(
                "DELETE FROM links WHERE session_id = ? AND (from_key = ? OR to_key = ?)",
                [session_id, key, key],
            )
            self._delete_entry_extras(session_id, key)
            self._touch(session_id)

    def add_timeline_entries(self, session_id: int, entries: list[TimelineEntry]) -> list[TimelineEntry]:
        """Store new timeline entries (an import) in one transaction: all of them or none.

        Each goes among the existing entries by time, as ``facilitation.timeline_merge``
        places it (file order among equal times; one of unknown time right after the
        entry before it in ``entries``). Entries without a key get one.

        Returns:
            ``entries``, each now holding its key.

        Raises:
            SessionNotFound: The session is no longer in the library; nothing was stored.
        """
        if not entries:
            return entries
        table = MAPPINGS[TimelineEntry].table
        with self._handle.write():
            self._touch(session_id)
            existing = [
                (r[0], _from_column(datetime | None, r[1]))
                for r in self._db.execute(
                    f"SELECT id, at FROM {table} WHERE session_id = ? ORDER BY position", [session_id]
                )
            ]
            taken = {
                r[0]
                for name in ITEM_TABLES.values()
                for r in self._db.execute(f"SELECT item_key FROM {name} WHERE session_id = ?", [session_id])
            }
            fresh = _fresh_keys(TimelineEntry.key_prefix, taken)
            for entry in entries:
                if not entry.key or entry.key in taken:
                    entry.key = next(fresh)
                taken.add(entry.key)
            places = merged_positions([at for _, at in existing], [entry.at for entry in entries])
            added_at = set(places)
            old_places = iter(i for i in range(len(existing) + len(entries)) if i not in added_at)
            self._db.conn.executemany(
                f"UPDATE {table} SET position = ? WHERE id = ?",
                [(place, row_id) for (row_id, _), place in zip(existing, old_places, strict=False)],
            )
            mapping = MAPPINGS[TimelineEntry]
            names = ", ".join(["session_id", "position", *mapping.columns])
            marks = ", ".join("?" for _ in range(len(mapping.columns) + 2))
            self._db.conn.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",
                [
                    (session_id, place, *mapping.row(entry))
                    for place, entry in zip(places, entries, strict=True)
                ],
            )
            self._insert_entry_extras(session_id, entries)
        return entries

    def delete_items(self, session_id: int, item_type: type[Item], keys: list[str]) -> None:
        """Remove several items of one kind, and every link to or from them, in one transaction.

        Keys that are not in the session are passed over; the others close up in their order.
        """
        if not keys:
            return
        table = MAPPINGS[item_type].table
        gone = set(keys)
        with self._handle.write():
            rows = list(
                self._db.execute(
                    f"SELECT id, item_key FROM {table} WHERE session_id = ? ORDER BY position", [session_id]
                )
            )
            doomed = [(session_id, key) for _, key in rows if key in gone]
            if not doomed:
                return
            self._db.conn.executemany(f"DELETE FROM {table} WHERE session_id = ? AND item_key = ?", doomed)
            for extra in _EXTRA_TABLES:
                self._db.conn.executemany(
                    f"DELETE FROM {extra} WHERE session_id = ? AND item_key = ?", doomed
                )
            self._db.conn.executemany(
                "DELETE FROM links WHERE session_id = ? AND (from_key = ? OR to_key = ?)",
                [(session_id, key, key) for _, key in doomed],
            )
            kept = [row_id for row_id, key in rows if key not in gone]
            self._db.conn.executemany(f"UPDATE {table} SET position = ? WHERE id = ?", list(enumerate(kept)))
            self._touch(session_id)

    def move_item(self, session_id: int, item_type: type[Item], key: str, position: int) -> None:
        """Move an item to ``position`` in its list, shifting the others."""
        table = MAPPINGS[item_type].table
        with self._handle.write():
            keys = [
                r[0]
                for r in self._db.execute(
                    f"SELECT item_key FROM {table} WHERE session_id = ? ORDER BY position",
                    [session_id],
                )
            ]
            if key not in keys:
                return
            keys.remove(key)
            keys.insert(max(0, min(position, len(keys))), key)
            self._db.conn.executemany(
                f"UPDATE {table} SET position = ? WHERE session_id = ? AND item_key = ?",
                [(index, session_id, k) for index, k in enumerate(keys)],
            )
            self._touch(session_id)

    # -- helpers -----------------------------------------------------------

    def _require(self, session_id: int | None) -> int:
        if session_id is None:
            raise SessionNotFound("This session has not been stored yet.")
        return session_id

    def _start_day_after(self, session_id: int, changes: dict[str, Any]) -> str:
        row = self._handle.conn.execute(
            "SELECT started_at, time_zone FROM sessions WHERE id = ?", [session_id]
        ).fetchone()
        started, zone = (None, "") if row is None else (row[0], row[1])
        started_at = (
            changes["started_at"] if "started_at" in changes else _from_column(datetime | None, started)
        )
        return _start_day(started_at, changes.get("time_zone", zone))

    def _touch(self, session_id: int) -> None:
        self._update_session(session_id, "updated_at = ?", [_now()])

    def _update_session(self, session_id: int, sets: str, values: list[Any]) -> None:
        """Update the session's row; a row that is gone means another window deleted it."""
        cursor = self._db.execute(f"UPDATE sessions SET {sets} WHERE id = ?", [*values, session_id])
        if cursor.rowcount == 0:
            raise SessionNotFound(_GONE)

    def _record_status(
        self, session_id: int, status: str, changed_by: str = "", changed_at: datetime | None = None
    ) -> None:
        self._db.execute(
            "INSERT INTO status_history(session_id, status, changed_at, changed_by) VALUES (?, ?, ?, ?)",
            [session_id, status, changed_at.isoformat() if changed_at else _now(), changed_by],
        )

    def _next_key(self, session_id: int, item_type: type[Item]) -> str:
        # Keys are unique across the whole session (links name them), not per list:
        # an imported timeline entry may well be called "a1".
        taken = {
            r[0]
            for table in ITEM_TABLES.values()
            for r in self._db.execute(f"SELECT item_key FROM {table} WHERE session_id = ?", [session_id])
        }
        return next_free_key(item_type.key_prefix, taken)

    @staticmethod
    def _session_columns(session: Session) -> dict[str, Any]:
        columns = {name: getattr(session, name) for name in _SESSION_TEXT + _SESSION_TIMES}
        columns.update(
            trigger_text=session.trigger,
            start_day=_start_day(session.started_at, session.time_zone),
            regression=session.metadata.regression,
            third_party=session.metadata.third_party,
            customer_impact=session.metadata.customer_impact,
            timebox=session.timebox,
            current_phase=session.current_phase,
            follows=session.follows,
            dismissed_notes=_checked_dismissals(session.dismissed_notes),
        )
        return {name: _to_column(value) for name, value in columns.items()}

    def _write_children(self, session: Session) -> None:
        session_id = self._require(session.id)
        self._insert_participants(session_id, session.participants)
        self._insert_tags(session_id, session.tags)
        for name in ITEM_LISTS:
            self._insert_items(session_id, getattr(session, name))
        for question in session.asked_questions:
            self._insert_question(session_id, question)
        for signal in session.move_on_signals:
            self._insert_move_on(session_id, signal)
        for count in session.hand_counts:
            self._insert_hand_count(session_id, count)

    def _insert_question(self, session_id: int, question: AskedQuestion) -> None:
        self._db.execute(
            "INSERT INTO asked_questions(session_id, text, phase, prompt_id, asked_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [session_id, question.text, question.phase, question.prompt_id, question.asked_at.isoformat()],
        )

    def _insert_move_on(self, session_id: int, signal: MoveOnSignal) -> None:
        self._db.execute(
            "INSERT INTO move_on_signals(session_id, phase, at) VALUES (?, ?, ?)",
            [session_id, signal.phase, signal.at.isoformat()],
        )

    def _insert_hand_count(self, session_id: int, count: HandCount) -> None:
        self._db.execute(
            "INSERT INTO hand_counts(session_id, position, kind, phase, hands, present, at) "
            "SELECT :session, coalesce(max(position) + 1, 0), :kind, :phase, :hands, :present, :at "
            "FROM hand_counts WHERE session_id = :session",
            {
                "session": session_id,
                "kind": count.kind,
                "phase": count.phase,
                "hands": count.hands,
                "present": count.present,
                "at": count.at.isoformat(),
            },
        )

    def _insert_participants(self, session_id: int, participants: list[Participant]) -> None:
        self._db.conn.executemany(
            "INSERT INTO participants(session_id, position, name, role, private) VALUES (?, ?, ?, ?, ?)",
            [(session_id, i, p.name, p.role, int(p.private)) for i, p in enumerate(participants)],
        )

    def _insert_tags(self, session_id: int, tags: list[str]) -> None:
        self._db.conn.executemany(
            "INSERT INTO tags(session_id, position, tag) VALUES (?, ?, ?)",
            [(session_id, i, tag) for i, tag in enumerate(tags)],
        )

    def _insert_items(self, session_id: int, items: list[Any], first_position: int = 0) -> None:
        if not items:
            return
        mapping = MAPPINGS[type(items[0])]
        names = ", ".join(["session_id", "position", *mapping.columns])
        marks = ", ".join("?" for _ in range(len(mapping.columns) + 2))
        self._db.conn.executemany(
            f"INSERT INTO {mapping.table} ({names}) VALUES ({marks})",
            [(session_id, first_position + i, *mapping.row(item)) for i, item in enumerate(items)],
        )
        if mapping.link_field:
            for item in items:
                self._insert_links(session_id, item.key, getattr(item, mapping.link_field))
        if mapping.cls is TimelineEntry:
            self._insert_entry_extras(session_id, items)

    def _insert_entry_extras(self, session_id: int, entries: list[TimelineEntry]) -> None:
        self._db.conn.executemany(
            "INSERT INTO web_links(session_id, item_key, position, kind, url, label) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (session_id, entry.key, i, link.kind, link.url, link.label)
                for entry in entries
                for i, link in enumerate(entry.web_links)
            ],
        )
        self._db.conn.executemany(
            "INSERT INTO images(session_id, item_key, mime, data) VALUES (?, ?, ?, ?)",
            [(session_id, e.key, e.image.mime, e.image.data) for e in entries if e.image is not None],
        )
        self._db.conn.executemany(
            "INSERT INTO chat_details(session_id, item_key, channel, thread, bot, edited) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (session_id, e.key, e.chat.channel, e.chat.thread, int(e.chat.bot), int(e.chat.edited))
                for e in entries
                if e.chat is not None
            ],
        )

    def _delete_entry_extras(self, session_id: int, key: str) -> None:
        for table in _EXTRA_TABLES:
            self._db.execute(f"DELETE FROM {table} WHERE session_id = ? AND item_key = ?", [session_id, key])

    def _insert_links(self, session_id: int, from_key: str, to_keys: list[str]) -> None:
        self._db.conn.executemany(
            "INSERT OR IGNORE INTO links(session_id, from_key, to_key, position) VALUES (?, ?, ?, ?)",
            [(session_id, from_key, to_key, i) for i, to_key in enumerate(to_keys)],
        )
