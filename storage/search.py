"""Full-text search over every session's text (SQLite FTS5), safe for any typed query."""

from __future__ import annotations

import re
from dataclasses import dataclass

from facilitation.library import SNIPPET_END, SNIPPET_START
from storage.database import Repository

__all__ = ["SNIPPET_END", "SNIPPET_START", "SearchHit", "SearchIndex", "match_expression"]


@dataclass(frozen=True)
class SearchHit:
    """A session matching a search, with the best-matching passage.

    Attributes:
        session_id: The session.
        snippet: A short passage with matches between ``SNIPPET_START`` and ``SNIPPET_END``.
        kind: Which table the passage comes from (the index's ``kind`` code: 0 the session's
            own fields, 1 participants, 2 to 8 the item lists in phase order, 9 tags).
        row_id: The passage's row ``id`` in that table.
    """

    session_id: int
    snippet: str
    kind: int
    row_id: int


def match_expression(query: str) -> str:
    """An FTS5 expression that searches the typed words as words, all of them.

    Quotes, parentheses, ``AND``, ``NEAR(``, ``*`` and the like lose their meaning
    as operators: each word becomes a quoted phrase.
    """
    # FTS5 reads its query only up to a NUL, which would leave a quote open.
    words = [w for w in query.replace("\0", " ").split() if re.search(r"\w", w)]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


RANK_WINDOW = 50_000
"""At most this many matching passages are ranked: the newest ones (by rowid).

Ranking (bm25) costs one to two microseconds per matching passage, so a word in
most passages of a 10,000-session library ("the", "to") would take most of a
second. A query matching more than this is ranked among its newest matches;
anything rarer is ranked in full, exactly as before.
"""


class SearchIndex(Repository):
    """The ``search_index`` table, which triggers keep in step with every item."""

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Sessions matching every word of ``query``, best first.

        Args:
            query: Whatever a person typed.
            limit: How many sessions at most.
        """
        expression = match_expression(query)
        if not expression:
            return []
        # Rank only the newest RANK_WINDOW matches: those from the rowid of the last of them.
        hits: dict[int, SearchHit] = {}
        rows = self._db.execute(
            "SELECT session_id, rowid, snippet(search_index, 0, ?, ?, '…', 12) "
            "FROM search_index WHERE search_index MATCH ? AND rowid >= ? ORDER BY rank",
            [SNIPPET_START, SNIPPET_END, expression, self._window_edge(expression)],
        )
        for session_id, rowid, snippet in rows:
            if session_id not in hits:
                hits[session_id] = SearchHit(int(session_id), snippet, rowid % 16, rowid // 16)
                if len(hits) == limit:
                    break
        return list(hits.values())

    def every_match(self, query: str) -> list[SearchHit]:
        """Every session matching every word of ``query``, however many, best first.

        Sessions with a passage among the newest ``RANK_WINDOW`` matches come first, ranked as
        ``search`` ranks them; any others follow, newest match first (ranking every passage of a
        word in most of them would take seconds). Each comes with the snippet of its passage
        chosen so.
        """
        expression = match_expression(query)
        if not expression:
            return []
        edge = self._window_edge(expression)
        best: dict[int, int] = {}
        for session_id, rowid in self._db.execute(
            "SELECT session_id, rowid FROM search_index "
            "WHERE search_index MATCH ? AND rowid >= ? ORDER BY rank",
            [expression, edge],
        ):
            best.setdefault(int(session_id), int(rowid))
        for session_id, rowid in self._db.execute(
            "SELECT session_id, max(rowid) FROM search_index WHERE search_index MATCH ? AND rowid < ? "
            "GROUP BY session_id ORDER BY 2 DESC",
            [expression, edge],
        ):
            best.setdefault(int(session_id), int(rowid))
        rowids = list(best.values())
        snippets: dict[int, str] = {}
        for start in range(0, len(rowids), 500):
            chunk = rowids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            snippets.update(
                self._db.execute(
                    "SELECT rowid, snippet(search_index, 0, ?, ?, '…', 12) FROM search_index "
                    f"WHERE search_index MATCH ? AND rowid IN ({marks})",
                    [SNIPPET_START, SNIPPET_END, expression, *chunk],
                ).fetchall()
            )
        return [
            SearchHit(session_id, snippets[rowid], rowid % 16, rowid // 16)
            for session_id, rowid in best.items()
        ]

    def _window_edge(self, expression: str) -> int:
        """The smallest rowid among the newest ``RANK_WINDOW`` passages matching (0: all of them)."""
        newest = self._db.execute(
            "SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            [expression, RANK_WINDOW - 1],
        ).fetchone()
        return int(newest[0]) if newest else 0
