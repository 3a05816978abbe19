"""What the readers share: entries as timeline entries, the time window, skipped counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from facilitation.imports.common import ImportedEntry, ImportOptions, ImportProblem, ImportResult, read
from facilitation.imports.moments import read_moment, window_bound
from facilitation.model import ChatDetails, TimelineEntry

CPH = ZoneInfo("Europe/Copenhagen")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def test_an_imported_chat_message_becomes_an_entry_with_its_chat_details() -> None:
    at = datetime(2026, 3, 2, 14, 2, tzinfo=CPH)
    message = ImportedEntry(
        at, "Ana", "rolling back", channel="#ops", thread="reply to Bo", bot=True, edited=True
    )
    assert message.to_timeline_entry() == TimelineEntry(
        at=at,
        actor="Ana",
        text="rolling back",
        source="chat",
        chat=ChatDetails("#ops", "reply to Bo", bot=True, edited=True),
    )
    plain = ImportedEntry(None, "Ana", "from a CSV", source=None, kind="decision", starred=True)
    assert plain.to_timeline_entry() == TimelineEntry(
        actor="Ana", text="from a CSV", kind="decision", starred=True
    )


def test_the_window_keeps_entries_without_a_time_and_both_ends() -> None:
    since, until = datetime(2026, 3, 2, 14, tzinfo=CPH), datetime(2026, 3, 2, 15, tzinfo=CPH)
    options = ImportOptions(since=since, until=until)
    assert options.in_window(None)
    assert options.in_window(since) and options.in_window(until)
    assert not options.in_window(since - timedelta(seconds=1))
    assert not options.in_window(until + timedelta(microseconds=1))


def test_window_bounds_read_days_times_and_offsets_in_the_sessions_zone() -> None:
    zone = "Europe/Copenhagen"
    assert window_bound("2026-03-02", zone, end=False) == datetime(2026, 3, 2, tzinfo=CPH)
    assert window_bound("2026-03-02", zone, end=True) == datetime(2026, 3, 2, 23, 59, 59, 999999, tzinfo=CPH)
    assert window_bound("2026-03-02T14:05", zone, end=True) == datetime(2026, 3, 2, 14, 5, tzinfo=CPH)
    assert window_bound("2026-03-02 14:05:09Z", zone, end=False) == datetime(2026, 3, 2, 14, 5, 9, tzinfo=UTC)
    for wrong in ("yesterday", "2026-02-30", "14:05", ""):
        with pytest.raises(ValueError, match="is not a day or a time; write it like 2026-03-02"):
            window_bound(wrong, zone, end=False)


def test_clock_times_need_a_day() -> None:
    assert read_moment("14:02:11", "UTC") is None
    assert read_moment("14:02:11", "UTC", date(2026, 3, 2)) == datetime(2026, 3, 2, 14, 2, 11, tzinfo=UTC)
    assert read_moment("25:00", "UTC", date(2026, 3, 2)) is None


def test_skipped_counts_read_as_sentences() -> None:
    result = ImportResult()
    result.skip("bot")
    for _ in range(1200):
        result.skip("housekeeping")
    assert result.skipped_notices() == [
        "1 bot message left out, as asked.",
        "1,200 housekeeping messages (joins, leaves, topic and pin changes) left out.",
    ]


@pytest.mark.parametrize(
    ("name", "format"), [("iso.log", "chat"), ("odd-headers.csv", "timeline-csv"), ("slack", "slack")]
)
def test_more_entries_than_a_timeline_can_use_are_refused_not_held(
    monkeypatch: pytest.MonkeyPatch, name: str, format: str
) -> None:
    monkeypatch.setattr("facilitation.imports.common.MAX_ENTRIES", 3)
    with pytest.raises(ImportProblem, match=rf"^{name} holds more than 3 messages in the time window"):
        read(FIXTURES / name, format, ImportOptions(zone="UTC", day=date(2026, 3, 2)))
    until = datetime(2026, 3, 2, 13, 3, 30, tzinfo=UTC)  # a window narrow enough fits
    assert len(read(FIXTURES / name, format, ImportOptions(zone="UTC", until=until)).entries) <= 3
