"""What the times tell (hour, weekday, durations, holiday), durations in words, the scale, and tags."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.classification import (
    WEEKDAYS,
    Derived,
    complete_tag,
    derive,
    format_duration,
    format_tags,
    parse_tags,
    scale_problem,
    severity_description,
    tag_being_typed,
    tag_suggestions,
)
from facilitation.model import Session
from facilitation.settings import HolidayWindow, SeverityLevel

CPH = ZoneInfo("Europe/Copenhagen")
TOKYO = ZoneInfo("Asia/Tokyo")
SCALE = [SeverityLevel("Sev-1", "Critical"), SeverityLevel("Sev-2", "Major"), SeverityLevel("Sev-3", "")]
WINTER = HolidayWindow("Winter freeze", date(2025, 12, 20), date(2026, 1, 4))


def test_nothing_known_derives_nothing() -> None:
    assert derive(Session(), [WINTER]) == Derived()


def test_the_hour_and_weekday_are_of_detection_in_the_incidents_zone() -> None:
    # Detected 23:30 UTC on Sunday 1 March 2026 is 08:30 on Monday 2 March in Tokyo.
    session = Session(
        time_zone="Asia/Tokyo",
        started_at=datetime(2026, 3, 1, 22, 0, tzinfo=UTC),
        detected_at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC),
    )
    derived = derive(session, [])
    assert (derived.detection_hour, derived.weekday) == (8, "Monday")
    assert derived.time_to_detect == timedelta(minutes=90)


def test_without_a_detection_time_the_start_gives_the_hour() -> None:
    session = Session(time_zone="Europe/Copenhagen", started_at=datetime(2026, 3, 7, 14, 5, tzinfo=CPH))
    derived = derive(session, [])
    assert (derived.detection_hour, derived.weekday) == (14, "Saturday")
    assert derived.time_to_detect is None


def test_without_a_zone_the_moments_own_offset_tells_the_hour() -> None:
    plus_five = timezone(timedelta(hours=5))
    session = Session(time_zone="", detected_at=datetime(2026, 3, 2, 23, 15, tzinfo=plus_five))
    assert derive(session, []).detection_hour == 23
    unknown_zone = Session(time_zone="Mars/Olympus", detected_at=datetime(2026, 3, 2, 1, 0, tzinfo=plus_five))
    assert derive(unknown_zone, []) == Derived(detection_hour=1, weekday="Monday")


def test_durations_count_real_time_across_a_clock_change() -> None:
    # Clocks go forward at 02:00 on 29 March 2026 in Copenhagen: 01:30 to 03:30 is one hour.
    session = Session(
        time_zone="Europe/Copenhagen",
        started_at=datetime(2026, 3, 29, 1, 30, tzinfo=CPH),
        detected_at=datetime(2026, 3, 29, 3, 30, tzinfo=CPH),
        mitigated_at=datetime(2026, 3, 29, 4, 0, tzinfo=CPH),
        resolved_at=datetime(2026, 3, 31, 6, 0, tzinfo=CPH),
    )
    derived = derive(session, [])
    assert derived.time_to_detect == timedelta(hours=1)
    assert derived.time_to_mitigate == timedelta(hours=1, minutes=30)
    assert derived.time_to_resolve == timedelta(days=2, hours=3, minutes=30)
    assert derived.detection_hour == 3


def test_the_repeated_hour_when_clocks_go_back_reads_as_it_was_lived() -> None:
    # 25 October 2026: 02:30 happens twice in Copenhagen; the second time (fold=1) is 01:30 UTC.
    second = datetime(2026, 10, 25, 2, 30, tzinfo=CPH, fold=1)
    session = Session(
        time_zone="Europe/Copenhagen",
        started_at=datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 02:30 the first time
        detected_at=second,
    )
    derived = derive(session, [])
    assert derived.time_to_detect == timedelta(hours=1)
    assert (derived.detection_hour, derived.weekday) == (2, "Sunday")


def test_a_time_before_the_start_gives_no_duration() -> None:
    session = Session(
        started_at=datetime(2026, 3, 2, 14, 0, tzinfo=CPH),
        detected_at=datetime(2026, 3, 2, 13, 0, tzinfo=CPH),
        resolved_at=datetime(2026, 3, 2, 14, 0, tzinfo=CPH),
    )
    derived = derive(session, [])
    assert derived.time_to_detect is None
    assert derived.time_to_mitigate is None
    assert derived.time_to_resolve == timedelta(0)


def test_missing_start_leaves_every_duration_and_the_holiday_out() -> None:
    session = Session(
        time_zone="Europe/Copenhagen",
        detected_at=datetime(2025, 12, 24, 9, 0, tzinfo=CPH),
        resolved_at=datetime(2025, 12, 24, 10, 0, tzinfo=CPH),
    )
    derived = derive(session, [WINTER])
    assert derived == Derived(detection_hour=9, weekday="Wednesday")


def test_the_holiday_is_the_first_window_holding_the_day_it_started_in_its_zone() -> None:
    christmas = HolidayWindow("Christmas", date(2025, 12, 24), date(2025, 12, 26))
    # 23:30 UTC on 19 December is already 20 December in Copenhagen: inside the freeze.
    session = Session(time_zone="Europe/Copenhagen", started_at=datetime(2025, 12, 19, 23, 30, tzinfo=UTC))
    assert derive(session, [WINTER, christmas]).holiday == "Winter freeze"
    on_christmas = Session(time_zone="Europe/Copenhagen", started_at=datetime(2025, 12, 25, 9, 0, tzinfo=CPH))
    assert derive(on_christmas, [christmas, WINTER]).holiday == "Christmas"
    # The last day is inside; the day after is not.
    last = Session(time_zone="UTC", started_at=datetime(2026, 1, 4, 23, 59, tzinfo=UTC))
    after = Session(time_zone="UTC", started_at=datetime(2026, 1, 5, 0, 0, tzinfo=UTC))
    assert derive(last, [WINTER]).holiday == "Winter freeze"
    assert derive(after, [WINTER]).holiday is None
    # In Tokyo, 23:30 UTC on 4 January is already the 5th.
    tokyo = Session(time_zone="Asia/Tokyo", started_at=datetime(2026, 1, 4, 23, 30, tzinfo=UTC))
    assert derive(tokyo, [WINTER]).holiday is None


def test_weekday_names_are_english_from_monday() -> None:
    monday = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    names = [derive(Session(started_at=monday + timedelta(days=n)), []).weekday for n in range(7)]
    assert names == list(WEEKDAYS)
    assert names[0] == "Monday" and names[-1] == "Sunday"


@pytest.mark.parametrize(
    ("duration", "words"),
    [
        (timedelta(0), "0 min"),
        (timedelta(seconds=30), "under 1 min"),
        (timedelta(minutes=1), "1 min"),
        (timedelta(minutes=42, seconds=59), "42 min"),
        (timedelta(hours=1), "1 h"),
        (timedelta(hours=1, minutes=5), "1 h 05 min"),
        (timedelta(hours=23, minutes=59), "23 h 59 min"),
        (timedelta(days=1), "1 d"),
        (timedelta(days=3, hours=2, minutes=59), "3 d 2 h"),
        (timedelta(days=400, hours=1), "400 d 1 h"),
    ],
)
def test_durations_read_as_people_say_them(duration: timedelta, words: str) -> None:
    assert format_duration(duration) == words


def test_a_negative_duration_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        format_duration(timedelta(minutes=-1))


@given(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=10_000)))
def test_a_duration_in_words_never_reads_longer_than_it_was(duration: timedelta) -> None:
    words = format_duration(duration)
    numbers = [int(part) for part in words.split() if part.isdigit()]
    units = [part for part in words.split() if part in ("d", "h", "min")]
    told = sum(n * {"d": 1440, "h": 60, "min": 1}[u] for n, u in zip(numbers, units, strict=True))
    assert timedelta(minutes=told) <= duration


def test_a_severity_description_is_found_however_the_level_is_written() -> None:
    assert severity_description("Sev-2", SCALE) == "Major"
    assert severity_description("sev 1", SCALE) == "Critical"
    assert severity_description("Sev-3", SCALE) == ""
    assert severity_description("P1", SCALE) == ""
    assert severity_description("", SCALE) == ""
    assert severity_description("Sev-1", []) == ""


def test_a_scale_needs_levels_with_names_of_their_own() -> None:
    assert scale_problem(SCALE) == ""
    assert "at least one level" in scale_problem([])
    assert "Level 2 has no name" in scale_problem([SeverityLevel("Sev-1"), SeverityLevel("  ", "Major")])
    problem = scale_problem([SeverityLevel("Sev-2"), SeverityLevel("Low"), SeverityLevel("sev 2")])
    assert problem == "'sev 2' reads the same as 'Sev-2': each level needs a name of its own."


def test_tags_keep_their_spelling_and_come_once_ignoring_case() -> None:
    assert parse_tags(" auth, Config ,,AUTH, peak hours, config ") == ["auth", "Config", "peak hours"]
    assert parse_tags("") == []
    assert parse_tags(" , ,") == []
    assert format_tags(["auth", "Config"]) == "auth, Config"


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters=","), min_size=1), max_size=8))
def test_tags_read_back_as_written(tags: list[str]) -> None:
    once = parse_tags(format_tags(tags))
    assert parse_tags(format_tags(once)) == once
    assert len({tag.casefold() for tag in once}) == len(once)


def test_the_tag_being_typed_is_after_the_last_comma_before_the_cursor() -> None:
    assert tag_being_typed("auth, da", 8) == (6, "da")
    assert tag_being_typed("auth", 4) == (0, "auth")
    assert tag_being_typed("auth, ", 6) == (6, "")
    assert tag_being_typed("auth, da, config", 8) == (6, "da")


def test_suggestions_start_with_the_typed_part_then_contain_it() -> None:
    known = ["database", "Data loss", "metadata", "auth", "db"]
    assert tag_suggestions("da", known, []) == ["database", "Data loss", "metadata"]
    assert tag_suggestions("DA", known, ["Database"]) == ["Data loss", "metadata"]
    assert tag_suggestions("auth", known, []) == []  # typed out in full: nothing to complete
    assert tag_suggestions(" ", known, []) == []


def test_completing_replaces_the_tag_under_the_cursor() -> None:
    assert complete_tag("auth, da", 8, "database") == ("auth, database, ", 16)
    assert complete_tag("da", 2, "database") == ("database, ", 10)
    assert complete_tag("auth, dat, config", 9, "database") == ("auth, database, config", 16)
