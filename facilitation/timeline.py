"""Where timeline entries stand: timed ones in time order, untimed ones where they were said."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from facilitation.model import KINDS, SOURCES, TimelineEntry


def insertion_index(entries: Sequence[TimelineEntry], at: datetime | None, after: int | None = None) -> int:
    """The place for an entry in a list kept in time order.

    A timed entry goes before the first timed entry that is later than it (so it
    lands after any untimed entries that followed the one before it); an untimed
    entry goes right after ``after``, the entry it was said after, or last.

    Args:
        entries: The timeline as it stands, in order.
        at: The new entry's time, or None when it is unknown.
        after: Index of the entry the new one follows in the conversation.
    """
    if at is None:
        return len(entries) if after is None else max(0, min(after + 1, len(entries)))
    for index, entry in enumerate(entries):
        if entry.at is not None and entry.at > at:
            return index
    return len(entries)


def place_after_time_change(entries: Sequence[TimelineEntry], index: int) -> int:
    """Where the entry at ``index`` belongs now that its time changed.

    An entry whose time became unknown stays where it is; a timed one moves to its
    place in time order among the others.

    Returns:
        The index it should have in the list once it has been moved there.
    """
    moved = entries[index]
    if moved.at is None:
        return index
    others = [entry for i, entry in enumerate(entries) if i != index]
    return insertion_index(others, moved.at)


def next_in_cycle(value: str | None, choices: Sequence[str], allow_none: bool = False) -> str | None:
    """The choice after ``value`` (wrapping), for keys that cycle a kind or a source."""
    cycle: list[str | None] = [*choices, None] if allow_none else list(choices)
    position = cycle.index(value) if value in cycle else -1
    return cycle[(position + 1) % len(cycle)]


def next_kind(kind: str) -> str:
    """The kind after ``kind``: event → decision → observation → action → event."""
    return next_in_cycle(kind, KINDS) or KINDS[0]


def next_source(source: str | None) -> str | None:
    """The source after ``source``, passing through "none given"."""
    return next_in_cycle(source, SOURCES, allow_none=True)
