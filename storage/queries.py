"""The library read as a whole: the classification matrix, search hits, insights, open actions, people.

Each answer comes from a few flat queries grouped in Python; nothing is cached, so every answer
reflects the library as it is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import TypeVar

from facilitation.library import (
    STATS_FIELDS,
    Found,
    LibraryFilter,
    MatrixRow,
    OpenAction,
    Stats,
    tally,
)
from facilitation.model import ITEM_LISTS, SessionSummary
from facilitation.settings import HolidayWindow
from storage.database import Repository
from storage.search import SearchIndex
from storage.sessions import ITEM_TABLES

_T = TypeVar("_T")

FACTOR_TEXT_LIMIT = 300
"""How much of a contributing factor's first line the matrix carries: it shows a line, not an essay."""

_ITEM_KINDS = {2 + index: name for index, name in enumerate(ITEM_LISTS)}
"""The search index's kind code of each item list (2 timeline … 8 parking lot), to its attribute name."""


class QueryStore(Repository):
    """Reads across every session, for the library view, insights and the command line."""

    # -- the classification matrix ----------------------------------------

    def matrix(self, offset: int = 0, limit: int | None = None) -> list[MatrixRow]:
        """Sessions as matrix rows, newest incident first (``SessionStore.summaries``' order).

        Only ``limit`` rows from ``offset`` (every row from there when ``limit`` is None) are
        read, with the factors and tags of just those sessions. Each contributing factor is its
        first line, at most ``FACTOR_TEXT_LIMIT`` characters.
        """
        conn = self._handle.conn
        page = [-1 if limit is None else limit, offset]  # LIMIT -1: no limit
        whole = offset == 0 and limit is None
        arguments = [] if whole else page

        def only(column: str) -> str:  # that page's sessions; no condition when every one is read
            return "" if whole else f" WHERE {column} IN ({_PAGE})"

        with self._handle.read():
            # The listing's covering index has all but system and trigger; those come from the
            # table, read only up to them (the status column sits past the long texts).
            rows = conn.execute(
                f"SELECT id, reference, title, start_day, severity, status FROM sessions{_NEWEST_FIRST}"
                " LIMIT ? OFFSET ?",
                page,
            ).fetchall()
            if not rows:
                return []
            factors = _by_session(
                conn.execute(
                    f"SELECT session_id, substr(text, 1, ?) FROM contributing_factors{only('session_id')} "
                    "ORDER BY session_id, position",
                    [FACTOR_TEXT_LIMIT, *arguments],
                )
            )
            tags = _by_session(
                conn.execute(
                    f"SELECT session_id, tag FROM tags{only('session_id')} ORDER BY session_id, position",
                    arguments,
                )
            )
            classified = {
                row[0]: row[1:]
                for row in conn.execute(
                    f"SELECT id, system, trigger_text FROM sessions{only('id')}", arguments
                )
            }
        none: tuple[str, ...] = ()
        return [
            MatrixRow(
                ident,
                reference,
                title,
                start_day,
                severity,
                classified[ident][0],
                classified[ident][1],
                tuple(_first_line(text) for text in factors.get(ident, none)),
                tuple(tags.get(ident, none)),
                status,
            )
            for ident, reference, title, start_day, severity, status in rows
        ]

    def _tags(self) -> dict[int, list[str]]:
        return _by_session(self._handle.conn.execute("SELECT session_id, tag FROM tags"))

    # -- insights ----------------------------------------------------------

    def stats(self, by: str, filt: LibraryFilter, holidays: Iterable[HolidayWindow] = ()) -> Stats:
        """The incidents ``filt`` keeps, counted by ``by`` (one of ``STATS_FIELDS``).

        Args:
            by: The field; see ``docs/insights.md`` for what each counts.
            filt: Which incidents.
            holidays: The organisation's windows, for ``holiday``.

        Raises:
            ValueError: ``by`` is not one of ``STATS_FIELDS``.
        """
        if by not in STATS_FIELDS:
            raise ValueError(f"'{by}' is not one of {', '.join(STATS_FIELDS)}")
        from storage.insight_rows import NARROW, WIDE, WIDE_FIELDS, values_for  # not at start-up

        conn = self._handle.conn
        with self._handle.read():
            tags = self._tags() if by == "tag" else {}
            categories = self._categories() if by == "factor-category" else {}
            rows = conn.execute(WIDE if by in WIDE_FIELDS or filt.systems else NARROW).fetchall()
            if filt.statuses:
                # From the listing index, like the narrow rows: the status column sits past the long texts.
                marks = ", ".join("?" for _ in filt.statuses)
                with_status = {
                    row[0]
                    for row in conn.execute(
                        f"SELECT id FROM sessions WHERE status IN ({marks})", list(filt.statuses)
                    )
                }
                rows = [row for row in rows if row[0] in with_status]
            if filt.tags:
                tagged = self._tagged(filt)
                rows = [row for row in rows if row[0] in tagged]
        value_of = values_for(by, categories, tags, tuple(holidays))
        rest = replace(filt, statuses=frozenset(), tags=())
        kept = (row for row in rows if rest.matches_fields(row[1], row[3], "", (), row[2]))
        return tally(by, (value_of(row) for row in kept))

    def _tagged(self, filt: LibraryFilter) -> set[int]:
        """The sessions that pass the tag part of ``filt`` (as ``LibraryFilter.tags_match``).

        Only the tags that can match are read: those equal to a wanted one ignoring ASCII case (the
        tags index does that), and any holding other letters, whose case folding SQLite cannot
        do; Python's case folding decides. A wanted tag with letters beyond ASCII reads them all.
        """
        wanted = {tag.casefold() for tag in filt.tags}
        if all(tag.isascii() for tag in filt.tags):
            marks = ", ".join("?" for _ in filt.tags)
            rows = self._handle.conn.execute(
                f"SELECT session_id, tag FROM tags WHERE tag IN ({marks}) OR tag GLOB ?",
                [*filt.tags, _NOT_ASCII_GLOB],
            )
        else:
            rows = self._handle.conn.execute("SELECT session_id, tag FROM tags")
        found: defaultdict[int, set[str]] = defaultdict(set)
        for session_id, tag in rows:
            folded = tag.casefold()
            if folded in wanted:
                found[session_id].add(folded)
        needed = len(wanted) if filt.all_tags else 1
        return {session_id for session_id, have in found.items() if len(have) >= needed}

    def _categories(self) -> dict[int, list[str]]:
        return _by_session(
            self._handle.conn.execute(
                "SELECT session_id, category FROM contributing_factors "
                "WHERE category IS NOT NULL AND category != ''"
            )
        )

    # -- search ------------------------------------------------------------

    def search(self, query: str, limit: int | None = 50) -> list[Found]:
        """Sessions matching every word of ``query``, best first, each with where its best match is.

        Whatever was typed is searched as words (see ``storage.search``); nothing is changed.
        A match in an item names its list and key; one in the session's own fields, its
        participants or its tags names neither. ``limit`` None gives every matching session,
        ranked in full (``SearchIndex.every_match``).
        """
        index = SearchIndex(self._handle)
        with self._handle.read():
            hits = index.every_match(query) if limit is None else index.search(query, limit)
            summaries = self.summaries_by_id(hit.session_id for hit in hits)
            keys = self._item_keys((hit.kind, hit.row_id) for hit in hits if hit.kind in _ITEM_KINDS)
        found = []
        for hit in hits:
            summary = summaries.get(hit.session_id)
            if summary is None:
                continue
            key = keys.get((hit.kind, hit.row_id), "")
            found.append(
                Found(
                    hit.session_id,
                    summary.reference,
                    summary.title,
                    summary.start_day,
                    hit.snippet.strip(),  # an index row joins fields with spaces, some empty
                    _ITEM_KINDS[hit.kind] if key else "",
                    key,
                )
            )
        return found

    def summaries_by_id(self, ids: Iterable[int]) -> dict[int, SessionSummary]:
        """The summaries of the sessions with these ids (those that exist)."""
        wanted = list(dict.fromkeys(ids))
        found: dict[int, SessionSummary] = {}
        for chunk in _chunks(wanted, 500):
            marks = ", ".join("?" for _ in chunk)
            rows = self._handle.conn.execute(
                "SELECT id, reference, title, severity, status, start_day FROM sessions "
                f"WHERE id IN ({marks})",
                chunk,
            )
            found.update((row[0], SessionSummary._make(row)) for row in rows)
        return found

    def references_present(self, references: Iterable[str]) -> set[str]:
        """Those of ``references`` that a session in the library already has."""
        wanted = [r for r in dict.fromkeys(references) if r]
        present: set[str] = set()
        for chunk in _chunks(wanted, 500):
            marks = ", ".join("?" for _ in chunk)
            rows = self._handle.conn.execute(
                f"SELECT DISTINCT reference FROM sessions WHERE reference IN ({marks})", chunk
            )
            present.update(row[0] for row in rows)
        return present

    def _item_keys(self, rows: Iterable[tuple[int, int]]) -> dict[tuple[int, int], str]:
        keys: dict[tuple[int, int], str] = {}
        for kind, row_id in rows:
            table = ITEM_TABLES[ITEM_LISTS[_ITEM_KINDS[kind]]]
            key = self._handle.conn.execute(f"SELECT item_key FROM {table} WHERE id = ?", [row_id]).fetchone()
            if key:
                keys[(kind, row_id)] = key[0]
        return keys

    # -- open actions, on this day, people ------------------------------------

    def open_actions(self) -> list[OpenAction]:
        """Every action still open or in progress, with its session, by session and position."""
        rows = self._handle.conn.execute(
            "SELECT s.id, s.reference, s.title, a.item_key, a.text, a.owner, a.due, a.status "
            "FROM actions a JOIN sessions s ON s.id = a.session_id "
            "WHERE a.status IN ('open', 'in-progress') ORDER BY s.id, a.position"
        )
        return [
            OpenAction(sid, ref, title, key, text, owner, date.fromisoformat(due) if due else None, status)
            for sid, ref, title, key, text, owner, due, status in rows
        ]

    def on_this_day(self, today: date) -> list[SessionSummary]:
        """Incidents that started on today's month and day in an earlier year, newest first.

        On 28 February of a year without a 29th, incidents of a 29 February are remembered too.
        """
        days = [today.strftime("-%m-%d")]
        if (today.month, today.day) == (2, 28) and not _leap(today.year):
            days.append("-02-29")
        marks = ", ".join("?" for _ in days)
        rows = self._handle.conn.execute(
            "SELECT id, reference, title, severity, status, start_day FROM sessions "
            f"WHERE substr(start_day, 5) IN ({marks}) AND start_day < ? "
            "ORDER BY start_day DESC, id DESC",
            [*days, f"{today.year:04}"],
        )
        return list(map(SessionSummary._make, rows))

    def people(self) -> list[str]:
        """Every person named as participant, facilitator, timeline actor or action owner.

        Sorted ignoring case; a name written in several cases appears once, in its first spelling
        in that order.
        """
        rows = self._handle.conn.execute(
            "SELECT trim(name) FROM participants UNION SELECT trim(facilitator) FROM sessions "
            "UNION SELECT trim(actor) FROM timeline_entries UNION SELECT trim(owner) FROM actions"
        )
        names: dict[str, str] = {}
        for (name,) in sorted(rows, key=lambda row: (row[0].casefold(), row[0])):
            if name:
                names.setdefault(name.casefold(), name)
        return list(names.values())


_NEWEST_FIRST = " ORDER BY start_day DESC, id DESC"
"""The matrix's order, the listing's (``SessionStore.summaries``)."""
_PAGE = f"SELECT id FROM sessions{_NEWEST_FIRST} LIMIT ? OFFSET ?"
"""The ids of one page of the matrix."""


def _by_session(rows: Iterable[tuple[int, str]]) -> dict[int, list[str]]:
    grouped: defaultdict[int, list[str]] = defaultdict(list)
    for session_id, value in rows:
        grouped[session_id].append(value)
    return grouped


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0].strip()


def _chunks(values: list[_T], size: int) -> Iterator[list[_T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


_NOT_ASCII_GLOB = "*[^\x01-\x7f]*"
"""Text holding a character beyond ASCII (GLOB compares code points)."""
