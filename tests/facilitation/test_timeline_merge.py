"""An import's entries land among the timeline's by time, exactly as if each had been typed in turn."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from facilitation.model import TimelineEntry
from facilitation.timeline import insertion_index
from facilitation.timeline_merge import merged_positions

_START = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
_times = st.lists(st.one_of(st.none(), st.integers(0, 20).map(lambda m: _START + timedelta(minutes=m))))


def _one_by_one(existing: list[datetime | None], added: list[datetime | None]) -> list[int]:
    """The positions typing them in one after another gives (each untimed one after the one before)."""
    timeline = [TimelineEntry(key=f"old{i}", at=at) for i, at in enumerate(existing)]
    new = [TimelineEntry(key=f"new{i}", at=at) for i, at in enumerate(added)]
    previous: int | None = None
    for entry in new:
        previous = insertion_index(timeline, entry.at, previous)
        timeline.insert(previous, entry)
    return [timeline.index(entry) for entry in new]


def _timeline_order(times: list[datetime | None]) -> list[datetime | None]:
    """Timed entries in time order, untimed ones scattered among them, as a timeline keeps them."""
    timed = sorted(t for t in times if t is not None)
    order: list[datetime | None] = []
    for at in times:
        order.append(None if at is None else timed.pop(0))
    return order


@given(_times, _times)
def test_an_import_lands_where_typing_each_entry_would_put_it(
    existing: list[datetime | None], added: list[datetime | None]
) -> None:
    timeline = _timeline_order(existing)
    assert merged_positions(timeline, added) == _one_by_one(timeline, added)


@given(_times, _times)
def test_sorted_imports_land_in_time_order_with_equal_times_in_file_order(
    existing: list[datetime | None], added: list[datetime | None]
) -> None:
    timeline = _timeline_order(existing)
    read = sorted(t for t in added if t is not None) + [t for t in added if t is None]
    positions = merged_positions(timeline, read)
    assert positions == _one_by_one(timeline, read)
    assert sorted(set(positions)) == sorted(positions)  # each its own place


def test_examples() -> None:
    at = [_START + timedelta(minutes=m) for m in range(4)]
    assert merged_positions([at[0], at[2]], [at[1], at[3]]) == [1, 3]
    assert merged_positions([at[1], None, at[2]], [at[1], at[1]]) == [2, 3]  # after equal times, untimed kept
    assert merged_positions([at[1]], [at[0], None, None]) == [0, 1, 2]  # untimed follow the entry before
    assert merged_positions([at[0]], [None, at[2]]) == [1, 2]
    assert merged_positions([], []) == []
