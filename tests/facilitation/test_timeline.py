"""Timeline order: timed entries by time, untimed ones where they were said."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from facilitation.model import TimelineEntry
from facilitation.timeline import insertion_index, next_kind, next_source, place_after_time_change

UTC = ZoneInfo("UTC")
BASE = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


def _at(minutes: int | None) -> datetime | None:
    return None if minutes is None else BASE + timedelta(minutes=minutes)


def _timeline(*minutes: int | None) -> list[TimelineEntry]:
    return [TimelineEntry(key=f"t{i}", at=_at(m)) for i, m in enumerate(minutes)]


def test_a_timed_entry_goes_before_the_first_later_one() -> None:
    entries = _timeline(0, 10, 20)
    assert insertion_index(entries, _at(15)) == 2
    assert insertion_index(entries, _at(-5)) == 0
    assert insertion_index(entries, _at(30)) == 3


def test_equal_times_keep_the_order_they_were_said_in() -> None:
    assert insertion_index(_timeline(0, 10, 10, 20), _at(10)) == 3


def test_a_timed_entry_lands_after_the_untimed_ones_that_followed_its_predecessor() -> None:
    entries = _timeline(0, None, None, 20)
    assert insertion_index(entries, _at(5)) == 3


def test_an_untimed_entry_follows_the_one_it_was_said_after() -> None:
    entries = _timeline(0, 10, 20)
    assert insertion_index(entries, None) == 3
    assert insertion_index(entries, None, after=0) == 1
    assert insertion_index(entries, None, after=99) == 3


def test_editing_a_time_moves_the_entry_and_unknown_stays() -> None:
    entries = _timeline(0, 10, 20)
    entries[0].at = _at(15)
    assert place_after_time_change(entries, 0) == 1
    entries = _timeline(0, 10, 20)
    entries[1].at = None
    assert place_after_time_change(entries, 1) == 1


@given(st.lists(st.one_of(st.none(), st.integers(-600, 600)), max_size=30), st.integers(-700, 700))
def test_inserting_keeps_timed_entries_in_order(minutes: list[int | None], new: int) -> None:
    entries: list[TimelineEntry] = []
    for m in minutes:
        entries.insert(insertion_index(entries, _at(m)), TimelineEntry(at=_at(m)))
    entries.insert(insertion_index(entries, _at(new)), TimelineEntry(at=_at(new)))
    times = [e.at for e in entries if e.at is not None]
    assert times == sorted(times)


def test_kind_and_source_keys_cycle() -> None:
    assert [next_kind(k) for k in ("event", "decision", "observation", "action")] == [
        "decision",
        "observation",
        "action",
        "event",
    ]
    assert next_source(None) == "firsthand"
    assert next_source("other") is None
