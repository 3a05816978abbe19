"""The ladder of schema migrations; a step is never edited once it has shipped."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x54414B57  # "TAKW": marks a file as a Takeaways library

# Items share one shape; each list of a session gets its own table.
_ITEM_COLUMNS = """
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    item_key TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    private INTEGER NOT NULL DEFAULT 0
"""

# Every searchable row gets an FTS rowid of (row id * 16 + kind), so triggers
# can delete and replace index rows by rowid instead of scanning the index.
_SEARCHED = {
    # table: (kind code, SQL for the text to index from NEW/OLD)
    "sessions": (
        0,
        "coalesce({r}.reference,'') || ' ' || {r}.title || ' ' || {r}.summary"
        " || ' ' || {r}.system || ' ' || {r}.trigger_text || ' ' || {r}.facilitator"
        " || ' ' || {r}.customer_impact || ' ' || {r}.third_party"
        " || ' ' || {r}.private_notes",
    ),
    "participants": (1, "{r}.name || ' ' || {r}.role"),
    "timeline_entries": (2, "{r}.actor || ' ' || {r}.text"),
    "went_right": (3, "{r}.text"),
    "went_wrong": (4, "{r}.text"),
    "contributing_factors": (5, "{r}.text"),
    "key_learnings": (6, "{r}.text"),
    "actions": (7, "{r}.text || ' ' || {r}.owner"),
    "parking_lot": (8, "{r}.text"),
    "tags": (9, "{r}.tag"),
}


def _search_triggers(table: str) -> str:
    kind, text_sql = _SEARCHED[table]
    session = "id" if table == "sessions" else "session_id"
    new_text, old = text_sql.format(r="NEW"), f"OLD.id * 16 + {kind}"
    insert = (
        f"INSERT INTO search_index(rowid, session_id, kind, body) "
        f"VALUES (NEW.id * 16 + {kind}, NEW.{session}, {kind}, {new_text});"
    )
    delete = f"DELETE FROM search_index WHERE rowid = {old};"
    # Only a change to indexed text re-indexes: a capture touches the session's
    # updated_at, and that must not rewrite a long summary's index row each time.
    indexed = ", ".join(sorted(set(re.findall(r"\{r\}\.(\w+)", text_sql))))
    return f"""
    CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} BEGIN {insert} END;
    CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN {delete} END;
    CREATE TRIGGER {table}_search_update AFTER UPDATE OF {indexed} ON {table} BEGIN {delete} {insert} END;
    """


def _to_1(conn: sqlite3.Connection) -> None:
    """The first schema: sessions, their items, settings and the search index."""
    item_tables = {
        "timeline_entries": """at TEXT, approximate INTEGER NOT NULL DEFAULT 0,
            actor TEXT NOT NULL DEFAULT '', source TEXT, kind TEXT NOT NULL DEFAULT 'event',
            starred INTEGER NOT NULL DEFAULT 0""",
        "went_right": "repeat INTEGER NOT NULL DEFAULT 0",
        "went_wrong": "",
        "contributing_factors": "category TEXT",
        "key_learnings": "",
        "actions": """owner TEXT NOT NULL DEFAULT '', due TEXT,
            status TEXT NOT NULL DEFAULT 'open'""",
        "parking_lot": "",
    }
    script = [
        """
        -- AUTOINCREMENT: an id is never given twice, so a deleted session can come back with its own.
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            reference TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            severity TEXT NOT NULL DEFAULT '',
            system TEXT NOT NULL DEFAULT '',
            trigger_text TEXT NOT NULL DEFAULT '',
            time_zone TEXT NOT NULL DEFAULT '',
            started_at TEXT,
            detected_at TEXT,
            mitigated_at TEXT,
            resolved_at TEXT,
            start_day TEXT NOT NULL DEFAULT '',
            facilitator TEXT NOT NULL DEFAULT '',
            regression INTEGER,
            third_party TEXT NOT NULL DEFAULT '',
            customer_impact TEXT NOT NULL DEFAULT '',
            private_notes TEXT NOT NULL DEFAULT '',
            ground_rules TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'draft',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        -- Covers the library listing, so opening 10,000 sessions reads only this index.
        CREATE INDEX sessions_listing
            ON sessions(start_day DESC, id DESC, reference, title, severity, status);
        CREATE INDEX sessions_by_reference ON sessions(reference);
        CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT '',
            private INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX participants_by_session ON participants(session_id, position);
        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            tag TEXT NOT NULL COLLATE NOCASE
        );
        CREATE INDEX tags_by_session ON tags(session_id, position);
        CREATE INDEX tags_by_tag ON tags(tag);
        CREATE TABLE status_history (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            status TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            changed_by TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX status_history_by_session ON status_history(session_id);
        CREATE TABLE settings (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE VIRTUAL TABLE search_index USING fts5(
            body, session_id UNINDEXED, kind UNINDEXED,
            tokenize = 'unicode61 remove_diacritics 2'
        );
        """
    ]
    for table, columns in item_tables.items():
        extra = f",\n{columns}" if columns else ""
        script.append(f"""
        CREATE TABLE {table} ({_ITEM_COLUMNS}{extra},
            UNIQUE (session_id, item_key)
        );
        CREATE INDEX {table}_by_session ON {table}(session_id, position);
        """)
    script.append("""
        CREATE TABLE links (
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            from_key TEXT NOT NULL,
            to_key TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (session_id, from_key, to_key)
        );
        """)
    script.extend(_search_triggers(table) for table in _SEARCHED)
    _run_script(conn, "\n".join(script))
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run SQL statements one by one, inside the caller's transaction.

    ``executescript`` would commit first, breaking a migration's atomicity.
    """
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            conn.execute(pending)
            pending = ""


def _to_2(conn: sqlite3.Connection) -> None:
    """Live capture: links and images on entries, asked questions, move-on signals, the timebox."""
    _run_script(
        conn,
        """
        CREATE TABLE web_links (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            item_key TEXT NOT NULL,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL DEFAULT 'other',
            url TEXT NOT NULL,
            label TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX web_links_by_item ON web_links(session_id, item_key, position);
        CREATE TABLE images (
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            item_key TEXT NOT NULL,
            mime TEXT NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (session_id, item_key)
        );
        CREATE TABLE asked_questions (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            phase TEXT NOT NULL,
            prompt_id TEXT NOT NULL DEFAULT '',
            asked_at TEXT NOT NULL
        );
        CREATE INDEX asked_questions_by_session ON asked_questions(session_id, id);
        CREATE TABLE move_on_signals (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            phase TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX move_on_signals_by_session ON move_on_signals(session_id, id);
        ALTER TABLE sessions ADD COLUMN timebox TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE sessions ADD COLUMN current_phase TEXT NOT NULL DEFAULT 'prepare';
        """,
    )


def _to_3(conn: sqlite3.Connection) -> None:
    """Follow-up reviews: a session can name the one it follows up."""
    conn.execute("ALTER TABLE sessions ADD COLUMN follows INTEGER REFERENCES sessions(id) ON DELETE SET NULL")


def _to_4(conn: sqlite3.Connection) -> None:
    """Coach dismissals: the notes kept as written, on each item and on the session's own fields.

    The search triggers fire on updates of the indexed columns only, so they need no change.
    """
    item_tables = (
        "timeline_entries",
        "went_right",
        "went_wrong",
        "contributing_factors",
        "key_learnings",
        "actions",
        "parking_lot",
    )
    for table in item_tables:
        conn.execute(f"ALTER TABLE {table} ADD COLUMN dismissed_notes TEXT NOT NULL DEFAULT '[]'")
    conn.execute("ALTER TABLE sessions ADD COLUMN dismissed_notes TEXT NOT NULL DEFAULT '{}'")


def _to_5(conn: sqlite3.Connection) -> None:
    """Shows of hands: ready checks and "who learned something new today?", counted, never named."""
    _run_script(
        conn,
        """
        CREATE TABLE hand_counts (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('ready', 'learned')),
            phase TEXT NOT NULL,
            hands INTEGER NOT NULL CHECK (hands >= 0),
            present INTEGER CHECK (present IS NULL OR present >= hands),
            at TEXT NOT NULL
        );
        CREATE INDEX hand_counts_by_session ON hand_counts(session_id, position);
        """,
    )


def _to_6(conn: sqlite3.Connection) -> None:
    """Chat details of imported timeline entries: the channel, the thread, bot and edited marks."""
    _run_script(
        conn,
        """
        CREATE TABLE chat_details (
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            item_key TEXT NOT NULL,
            channel TEXT NOT NULL DEFAULT '',
            thread TEXT NOT NULL DEFAULT '',
            bot INTEGER NOT NULL DEFAULT 0,
            edited INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (session_id, item_key)
        );
        """,
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_to_1, _to_2, _to_3, _to_4, _to_5, _to_6]
"""Step N brings a library from schema N-1 to N."""

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> None:
    """Apply every step the library lacks, each in its own transaction.

    ``PRAGMA user_version`` moves with each step inside the same transaction, so
    a step that stops half-way leaves the library at the version before it. The
    version is read under the write lock, so two programs opening one new
    library at once apply each step once.
    """
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current >= SCHEMA_VERSION:
                conn.execute("COMMIT")
                return
            MIGRATIONS[current](conn)
            conn.execute(f"PRAGMA user_version = {current + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
