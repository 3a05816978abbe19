"""A LibraryQueries in plain Python over matrix rows, search hits and actions, recording what it is asked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from facilitation.library import (
    ForgetPreview,
    Found,
    LibraryFilter,
    MatrixRow,
    OpenAction,
    Stats,
    tally,
)
from facilitation.model import SessionSummary

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _values(by: str) -> Callable[[MatrixRow], list[str | int]]:
    def one(value: str) -> list[str | int]:
        return [value] if value else []

    def weekday(row: MatrixRow) -> list[str | int]:
        return [_WEEKDAYS[date.fromisoformat(row.start_day).weekday()]] if row.start_day else []

    return {
        "severity": lambda r: one(r.severity),
        "system": lambda r: one(r.system),
        "tag": lambda r: list(r.tags),
        "trigger": lambda r: one(r.trigger),
        "month": lambda r: one(r.start_day[:7]),
        "weekday": weekday,
    }.get(by, lambda r: [])


def row(
    session_id: int,
    title: str = "Incident",
    *,
    day: str = "2026-03-02",
    severity: str = "Sev-2",
    system: str = "api",
    trigger: str = "Deploy",
    factors: Sequence[str] = (),
    tags: Sequence[str] = (),
    status: str = "draft",
) -> MatrixRow:
    """A matrix row with everyday values unless told otherwise."""
    return MatrixRow(
        session_id, f"#{session_id}", title, day, severity, system, trigger, tuple(factors), tuple(tags),
        status,
    )  # fmt: skip


def paged(rows: Sequence[MatrixRow]) -> Callable[[int, int], list[MatrixRow]]:
    """A fetch handing out ``rows`` a page at a time, as the library's ``matrix`` does."""
    return lambda offset, limit: list(rows[offset : offset + limit])


@dataclass
class FakeQueries:
    """The library's queries answered from lists; ``places`` says where each name appears."""

    rows: list[MatrixRow] = field(default_factory=list)
    found: list[Found] = field(default_factory=list)
    actions: list[OpenAction] = field(default_factory=list)
    earlier: list[SessionSummary] = field(default_factory=list)
    places: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    searched: list[str] = field(default_factory=list)
    counted: list[tuple[str, LibraryFilter]] = field(default_factory=list)
    forgotten: list[tuple[str, str]] = field(default_factory=list)

    def matrix(self, offset: int = 0, limit: int | None = None) -> list[MatrixRow]:
        return self.rows[offset:] if limit is None else self.rows[offset : offset + limit]

    def search(self, query: str, limit: int = 50) -> list[Found]:
        self.searched.append(query)
        words = [w.casefold() for w in query.split()]
        hits = [f for f in self.found if words and all(w in f.snippet.casefold() for w in words)]
        return hits[:limit]

    def stats(self, by: str, filt: LibraryFilter) -> Stats:
        self.counted.append((by, filt))
        values = _values(by)
        return tally(by, (values(r) for r in self.rows if filt.matches(r)))

    def open_actions(self) -> list[OpenAction]:
        return list(self.actions)

    def on_this_day(self, today: date) -> list[SessionSummary]:
        return list(self.earlier)

    def people(self) -> list[str]:
        return sorted(self.places)

    def forget_preview(self, name: str, role: str) -> ForgetPreview:
        if not name.strip() or not role.strip():
            raise ValueError("Type the name to forget and the role to put in its place.")
        places = self.places.get(name, ())
        return ForgetPreview(name, role, places, len(places))

    def forget(self, name: str, role: str) -> int:
        self.forgotten.append((name, role))
        changed = sum(count for _place, count in self.places.pop(name, ()))
        return changed
