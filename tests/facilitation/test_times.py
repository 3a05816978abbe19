"""Typed times: what parse_local accepts and refuses, and that format_local reads back exactly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.times import format_local, parse_local

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-03-02 14:32", datetime(2026, 3, 2, 14, 32, tzinfo=CPH)),
        ("2026-03-02 9:05", datetime(2026, 3, 2, 9, 5, tzinfo=CPH)),
        ("2026-03-02 9:05:00", datetime(2026, 3, 2, 9, 5, tzinfo=CPH)),
        ("2026-03-02 09:05:07", datetime(2026, 3, 2, 9, 5, 7, tzinfo=CPH)),
        ("  2026-03-02T14:32  ", datetime(2026, 3, 2, 14, 32, tzinfo=CPH)),
        ("2026-03-02T14:32:00+05:30", datetime(2026, 3, 2, 14, 32, tzinfo=timezone(timedelta(hours=5.5)))),
        ("2026-03-02T14:32:00Z", datetime(2026, 3, 2, 14, 32, tzinfo=UTC)),
        ("2026-03-02 14:32 -0300", datetime(2026, 3, 2, 14, 32, tzinfo=timezone(timedelta(hours=-3)))),
        ("2026-03-02T14:32:00.250+01:00", datetime(2026, 3, 2, 14, 32, 0, 250000, tzinfo=CPH)),
    ],
)
def test_a_date_with_hours_and_minutes_is_read(typed: str, expected: datetime) -> None:
    moment = parse_local(typed, "Europe/Copenhagen")
    assert moment == expected
    assert moment is not None and moment.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "typed",
    [
        "2026-03-02",  # half-typed: would have been saved as midnight
        "2026-03-02 14",  # half-typed: would have been saved as 14:00
        "2026-03-02T14+01:00",
        "2026-03-02 14:3",
        "14:32",
        "2026-03-02 24:00",
        "2026-03-02 14:60",
        "2026-02-30 10:00",
        "2026-03-02 14:32 +24:00",
        "٢٠٢٦-٠٣-٠٢ 14:32",  # digits of another script
        "yesterday",
    ],
)
def test_anything_less_than_a_date_and_time_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="write it like 2026-03-02 14:32") as caught:
        parse_local(typed, "Europe/Copenhagen")
    assert str(caught.value).startswith(f"'{typed.strip()}' is not a date and time")


def test_empty_text_means_not_known_yet() -> None:
    assert parse_local("  ", "Europe/Copenhagen") is None


def test_without_a_zone_the_fallback_is_used_else_utc() -> None:
    plus_three = timezone(timedelta(hours=3))
    assert parse_local("2026-03-02 14:00", "", fallback=plus_three) == datetime(
        2026, 3, 2, 14, tzinfo=plus_three
    )
    assert parse_local("2026-03-02 14:00", "Europe/", fallback=plus_three) == datetime(
        2026, 3, 2, 14, tzinfo=plus_three
    )
    assert parse_local("2026-03-02 14:00", "") == datetime(2026, 3, 2, 14, tzinfo=UTC)
    # A zone that is named wins over the fallback.
    assert parse_local("2026-03-02 14:00", "Europe/Copenhagen", fallback=plus_three) == datetime(
        2026, 3, 2, 14, tzinfo=CPH
    )


def test_the_refusal_repeats_the_text_short_and_on_one_line() -> None:
    with pytest.raises(ValueError) as caught:
        parse_local("2026-03-02\n14:00 and then a great deal more text that goes on", "UTC")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("'2026-03-02\\n14:00 and then a great deal m…' is not")


def test_a_local_time_that_happens_twice_is_written_with_its_offset() -> None:
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 summer time
    second = first + timedelta(hours=1)  # 02:30 again, winter time
    assert format_local(first, "Europe/Copenhagen") == "2026-10-25 02:30 +02:00"
    assert format_local(second, "Europe/Copenhagen") == "2026-10-25 02:30 +01:00"
    assert format_local(first + timedelta(hours=3), "Europe/Copenhagen") == "2026-10-25 04:30"


ZONES = ["Europe/Copenhagen", "America/St_Johns", "Asia/Kolkata", "Australia/Lord_Howe", "UTC", ""]
OFFSETS = [UTC, timezone(timedelta(hours=-9, minutes=-30)), timezone(timedelta(hours=14)), CPH]


@given(
    moment=st.datetimes(
        min_value=datetime(1900, 1, 1),
        max_value=datetime(2200, 1, 1),
        timezones=st.sampled_from(OFFSETS),
        allow_imaginary=False,  # a wall time skipped by a clock change is no moment at all
    ),
    zone_name=st.sampled_from(ZONES),
    seconds=st.booleans(),
)
def test_format_local_then_parse_local_gives_back_the_same_moment(
    moment: datetime, zone_name: str, seconds: bool
) -> None:
    moment = moment.replace(microsecond=0, second=moment.second if seconds else 0)
    typed = format_local(moment, zone_name)
    back = parse_local(typed, zone_name, fallback=moment.tzinfo)
    # Compared in UTC: Python never calls a time in a repeated hour equal across zones.
    assert back is not None and back.astimezone(UTC) == moment.astimezone(UTC), typed
