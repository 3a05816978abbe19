"""Forgetting a person: one name replaced by a role in every text of the library, in one transaction."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from facilitation.library import ForgetPreview
from facilitation.messages import echo
from storage.database import Repository
from storage.sessions import ITEM_TABLES

PLACES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("participants", "participants", ("name", "role")),
    ("facilitators", "sessions", ("facilitator",)),
    (
        "session details",
        "sessions",
        ("reference", "title", "summary", "system", "trigger_text", "third_party", "customer_impact"),
    ),
    ("private notes", "sessions", ("private_notes",)),
    ("ground rules", "sessions", ("ground_rules",)),
    ("timeline entries", "timeline_entries", ("actor", "text")),
    ("link labels", "web_links", ("label",)),
    ("chat details", "chat_details", ("channel", "thread")),
    ("what went right", "went_right", ("text",)),
    ("what went wrong", "went_wrong", ("text",)),
    ("contributing factors", "contributing_factors", ("text",)),
    ("key learnings", "key_learnings", ("text",)),
    ("actions", "actions", ("text", "owner")),
    ("parking lot", "parking_lot", ("text",)),
    ("tags", "tags", ("tag",)),
    ("questions asked", "asked_questions", ("text",)),
    ("status changes", "status_history", ("changed_by",)),
    *(("language notes kept", table, ("dismissed_notes",)) for table in ("sessions", *ITEM_TABLES.values())),
)
"""Where a name can be: (how the preview calls it, table, text columns). Link addresses are left as
they are (an address with a role in it would lead nowhere); so are keys, times and chosen values."""


def name_pattern(name: str) -> re.Pattern[str]:
    """``name`` as a whole word in any case: ``Ana`` finds ``ana`` and ``Ana's``, not ``Anabel`` or
    ``Ana-Maria`` (a hyphen between letters joins a name; ``Ana-1`` is still Ana)."""
    letter = r"[^\W\d_]"
    before = rf"(?<!\w)(?<!{letter}-)"
    after = rf"(?!\w)(?!-{letter})"
    return re.compile(before + re.escape(name) + after, re.IGNORECASE)


def forget_problem(name: str, role: str) -> str:
    """Why ``name`` cannot be replaced by ``role``, in one sentence; empty when it can."""
    if not name.strip():
        return "Type the name to forget; it is empty now."
    if not role.strip():
        return f"Type the role that takes the place of '{echo(name.strip())}', such as \"former engineer\"."
    if name_pattern(name.strip()).search(role.strip()):
        return (
            f"The role '{echo(role.strip())}' still holds the name '{echo(name.strip())}'; "
            "choose a role without it."
        )
    return ""


class PersonForgetting(Repository):
    """Finds a person's name across the library and replaces it by a role."""

    def preview(self, name: str, role: str) -> ForgetPreview:
        """Where ``name`` is and how often (cells holding it), changing nothing.

        Raises:
            ValueError: The name or role is empty, or the role holds the name (one sentence).
        """
        name, role = self._checked(name, role)
        counts: dict[str, int] = {}
        sessions: set[int] = set()
        with self._handle.read():
            for label, _, _, session_id, _, _ in self._mentions(name):
                counts[label] = counts.get(label, 0) + 1
                sessions.add(session_id)
        labels = dict.fromkeys(label for label, _, _ in PLACES)
        places = tuple((label, counts[label]) for label in labels if label in counts)
        return ForgetPreview(name, role, places, len(sessions))

    def forget(self, name: str, role: str) -> int:
        """Replace ``name`` by ``role`` everywhere, all or nothing; how many cells changed.

        The search index follows through its triggers and is then merged, so the name's words
        leave the index's own data too; pages freed meanwhile are overwritten with zeros
        (``secure_delete``), and the write-ahead log is emptied once the change is in the file.
        So the library file no longer holds the name anywhere. Each session changed is marked
        updated.

        Raises:
            ValueError: The name or role is empty, or the role holds the name (one sentence).
        """
        name, role = self._checked(name, role)
        pattern = name_pattern(name)
        changed = 0
        sessions: set[int] = set()
        conn = self._handle.conn
        secure = conn.execute("PRAGMA secure_delete").fetchone()[0]
        conn.execute("PRAGMA secure_delete = ON")
        try:
            with self._handle.write():
                # A language note kept as written names its words inside JSON text: the role goes
                # in as JSON would write it.
                in_json = json.dumps(role, ensure_ascii=False)[1:-1]
                for _, table, column, session_id, rowid, text in self._mentions(name):
                    put = in_json if column == "dismissed_notes" else role
                    new = pattern.sub(put.replace("\\", "\\\\"), text)  # a backslash in the role stays one
                    conn.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", [new, rowid])
                    changed += 1
                    sessions.add(session_id)
                now = datetime.now(UTC).isoformat(timespec="seconds")
                conn.executemany(
                    "UPDATE sessions SET updated_at = ? WHERE id = ?", [(now, sid) for sid in sessions]
                )
                if changed:
                    # Deleted index entries stay in FTS5's segments until they are merged.
                    conn.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")
        finally:
            conn.execute(f"PRAGMA secure_delete = {int(secure)}")
        if changed and not conn.in_transaction:
            # The old pages are still in the write-ahead log until it is checkpointed and emptied.
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        return changed

    @staticmethod
    def _checked(name: str, role: str) -> tuple[str, str]:
        problem = forget_problem(name, role)
        if problem:
            raise ValueError(problem)
        return name.strip(), role.strip()

    def _mentions(self, name: str) -> list[tuple[str, str, str, int, int, str]]:
        """Every cell holding ``name``: (place, table, column, session id, rowid, text).

        SQLite narrows the cells cheaply (``_could_hold``); the whole-word pattern decides.
        """
        pattern = name_pattern(name)
        conn = self._handle.conn
        conn.create_function(
            "takeaways_mentions", 1, lambda text: pattern.search(text) is not None, deterministic=True
        )
        found: list[tuple[str, str, str, int, int, str]] = []
        try:
            for label, table, columns in PLACES:
                owner = "id" if table == "sessions" else "session_id"
                for column in columns:
                    narrow, arguments = _could_hold(column, name)
                    rows = conn.execute(
                        f"SELECT {owner}, rowid, {column} FROM {table} "
                        f"WHERE ({narrow}) AND takeaways_mentions({column})",
                        arguments,
                    )
                    found.extend((label, table, column, sid, rowid, text) for sid, rowid, text in rows)
        finally:
            conn.create_function("takeaways_mentions", 1, None)
        return found


_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u212a", "\u017f")
"""The characters beyond ASCII that match an ASCII letter ignoring case (İ, ı: i; Kelvin sign: k;
long s: s), which SQLite's LIKE does not know."""


def _could_hold(column: str, name: str) -> tuple[str, list[str]]:
    """SQL that keeps every cell of ``column`` that may hold ``name`` in any case, and its values.

    ``LIKE`` ignores the case of ASCII letters; each other character of the name matches any one
    character (case folding here keeps the length). A cell with one of ``_FOLDS_TO_ASCII``, or a
    NUL (where ``LIKE`` stops reading), is always kept. It may keep too much, never too little.
    """
    like = "".join(("\\" + c if c in "%_\\" else c) if c.isascii() else "_" for c in name)
    always = " OR ".join(f"instr({column}, ?)" for _ in (*_FOLDS_TO_ASCII, "\0"))
    return f"{column} LIKE ? ESCAPE '\\' OR {always}", [f"%{like}%", *_FOLDS_TO_ASCII, "\0"]
