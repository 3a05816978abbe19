"""Full-text search over every session's text (SQLite FTS5), safe for any typed query."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlite_utils import Database

SNIPPET_START = "\x02"
SNIPPET_END = "\x03"
"""Marks around matched words in a snippet; callers turn them into their own highlight."""


@dataclass(frozen=True)
class SearchHit:
    """A session matching a search, with the best-matching passage.

    Attributes:
        session_id: The session.
        snippet: A short passage with matches between ``SNIPPET_START`` and ``SNIPPET_END``.
    """

    session_id: int
    snippet: str


def match_expression(query: str) -> str:
    """An FTS5 expression that searches the typed words as words, all of them.

    Quotes, parentheses, ``AND``, ``NEAR(``, ``*`` and the like lose their meaning
    as operators: each word becomes a quoted phrase.
    """
    words = [w for w in query.split() if re.search(r"\w", w)]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


class SearchIndex:
    """The ``search_index`` table, which triggers keep in step with every item."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Sessions matching every word of ``query``, best first.

        Args:
            query: Whatever a person typed.
            limit: How many sessions at most.
        """
        expression = match_expression(query)
        if not expression:
            return []
        hits: dict[int, SearchHit] = {}
        rows = self._db.execute(
            "SELECT session_id, snippet(search_index, 0, ?, ?, '…', 12) "
            "FROM search_index WHERE search_index MATCH ? ORDER BY rank",
            [SNIPPET_START, SNIPPET_END, expression],
        )
        for session_id, snippet in rows:
            if session_id not in hits:
                hits[session_id] = SearchHit(int(session_id), snippet)
                if len(hits) == limit:
                    break
        return list(hits.values())
