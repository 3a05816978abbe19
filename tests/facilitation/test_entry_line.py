"""Typed times and actors at the start of a timeline entry line: the INTERFACES table and its edges."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from facilitation.entry_line import ParsedLine, complete_actor, parse_entry_line

CPH_NAME = "Europe/Copenhagen"
CPH = ZoneInfo(CPH_NAME)
DAY = date(2026, 3, 2)
PEOPLE = ["Ana Lopez", "Bo Berg", "Bob Marsh", "Zoë Øster"]


def cph(year: int, month: int, day: int, hour: int, minute: int, sec: int = 0, *, fold: int = 0) -> datetime:
    """A Copenhagen wall time."""
    return datetime(year, month, day, hour, minute, sec, tzinfo=CPH, fold=fold)


def parse(line: str, previous: datetime | None = None, day: date | None = DAY) -> ParsedLine:
    return parse_entry_line(line, CPH_NAME, day, previous, PEOPLE)


# --- the INTERFACES table, row by row -------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "at", "text"),
    [
        ("14:32 text", cph(2026, 3, 2, 14, 32), "text"),
        ("14:32:05 text", cph(2026, 3, 2, 14, 32, 5), "text"),
        ("9:05 text", cph(2026, 3, 2, 9, 5), "text"),
        ("00:00 text", cph(2026, 3, 2, 0, 0), "text"),
        ("23:59:59 text", cph(2026, 3, 2, 23, 59, 59), "text"),
        ("  14:32   text  ", cph(2026, 3, 2, 14, 32), "text"),
        ("14:32", cph(2026, 3, 2, 14, 32), ""),
        ("14:32\tpager went off", cph(2026, 3, 2, 14, 32), "pager went off"),
        ("14:32 15:00 was the plan", cph(2026, 3, 2, 14, 32), "15:00 was the plan"),
    ],
)
def test_a_clock_time_falls_on_the_incidents_day(typed: str, at: datetime, text: str) -> None:
    assert parse(typed) == ParsedLine(at=at, approximate=False, actor="", text=text)


def test_without_an_incident_day_a_clock_time_falls_on_the_previous_entrys_day() -> None:
    previous = datetime(2026, 3, 5, 7, 0, tzinfo=UTC)  # 08:00 in Copenhagen
    assert parse("09:15 text", previous, day=None).at == cph(2026, 3, 5, 9, 15)


def test_the_previous_entrys_day_is_read_in_the_sessions_zone() -> None:
    previous = datetime(2026, 3, 5, 23, 30, tzinfo=UTC)  # already 6 March in Copenhagen
    assert parse("00:45 text", previous, day=None).at == cph(2026, 3, 6, 0, 45)


def test_without_any_day_a_clock_time_falls_on_today_in_the_sessions_zone() -> None:
    before = datetime.now(CPH).date()
    at = parse("14:32 text", day=None).at
    after = datetime.now(CPH).date()
    assert at is not None and at.date() in {before, after}
    assert (at.hour, at.minute, at.tzinfo) == (14, 32, CPH)


@pytest.mark.parametrize(
    ("typed", "at"),
    [
        ("2026-03-02 14:32 text", cph(2026, 3, 2, 14, 32)),
        ("2026-02-28 9:05:07 text", cph(2026, 2, 28, 9, 5, 7)),
        ("2026-03-02T14:32 text", cph(2026, 3, 2, 14, 32)),
        ("2026-03-02  14:32 text", cph(2026, 3, 2, 14, 32)),
        ("2024-02-29 12:00 text", cph(2024, 2, 29, 12, 0)),
    ],
)
def test_a_date_and_time_means_that_date_and_time(typed: str, at: datetime) -> None:
    # Neither the incident's day nor a later previous entry moves an explicit date.
    assert parse(typed, previous=cph(2026, 4, 1, 12, 0)) == ParsedLine(at, False, "", "text")


@pytest.mark.parametrize(
    ("typed", "at"),
    [
        ("~14:30 text", cph(2026, 3, 2, 14, 30)),
        ("~ 14:30 text", cph(2026, 3, 2, 14, 30)),
        ("~2026-03-02 14:30 text", cph(2026, 3, 2, 14, 30)),
        ("~+5m text", cph(2026, 3, 2, 14, 5)),
    ],
)
def test_a_tilde_marks_the_time_approximate(typed: str, at: datetime) -> None:
    assert parse(typed, previous=cph(2026, 3, 2, 14, 0)) == ParsedLine(at, True, "", "text")


@pytest.mark.parametrize(
    ("typed", "after"),
    [
        ("+5m text", timedelta(minutes=5)),
        ("+90s text", timedelta(seconds=90)),
        ("+1h30m text", timedelta(hours=1, minutes=30)),
        ("+2h text", timedelta(hours=2)),
        ("+1h30m15s text", timedelta(hours=1, minutes=30, seconds=15)),
        ("+0m text", timedelta()),
        ("+90m text", timedelta(minutes=90)),
        ("+1h15s text", timedelta(hours=1, seconds=15)),
    ],
)
def test_a_duration_is_that_long_after_the_previous_entry(typed: str, after: timedelta) -> None:
    previous = cph(2026, 3, 2, 23, 50)
    assert parse(typed, previous) == ParsedLine(previous + after, False, "", "text")


@pytest.mark.parametrize("typed", ["+5m text", "~+5m text", "+1h30m15s text"])
def test_a_duration_after_an_entry_without_a_time_is_unknown_but_still_removed(typed: str) -> None:
    assert parse(typed, previous=None) == ParsedLine(at=None, approximate=False, actor="", text="text")


@pytest.mark.parametrize(
    "typed",
    [
        "the deploy at 14:32 failed",
        "deploy failed",
        "",
        "   ",
        "14:32abc",
        "14:32-15:00 outage",
        "14:32:05.250 fractions are not times",
        "24:00 text",
        "14:60 text",
        "14:32:60 text",
        "9:5 text",
        "114:32 text",
        "14.32 text",
        "14h32 text",
        "2026-03-02 text",
        "2026-02-30 14:32 text",
        "0000-01-01 14:32 text",
        "2026-3-2 14:32 text",
        "+5 text",
        "+5min text",
        "+m text",
        "+ 5m text",
        "+30m1h text",
        "+5M text",
        "-5m text",
        "~ text",
        "~~14:30 text",
        "١٤:٣٢ digits of another script",
        "１４:３２ full-width digits",
        "+" + "9" * 5000 + "m a number too long to convert",
    ],
)
def test_anything_else_has_no_time_and_keeps_its_text(typed: str) -> None:
    assert parse(typed, previous=cph(2026, 3, 2, 14, 0)) == ParsedLine(None, False, "", typed.strip())


def test_a_duration_past_the_end_of_the_calendar_is_text() -> None:
    previous = datetime(9999, 12, 31, 23, 0, tzinfo=UTC)
    assert parse_entry_line("+2h text", "UTC", None, previous) == ParsedLine(None, False, "", "+2h text")


# --- a night that crosses midnight -----------------------------------------------------


@pytest.mark.parametrize(
    ("previous", "typed", "at"),
    [
        (cph(2026, 3, 2, 23, 50), "00:20", cph(2026, 3, 3, 0, 20)),
        (cph(2026, 3, 2, 23, 50), "11:49", cph(2026, 3, 3, 11, 49)),  # 12h01m before: next day
        (cph(2026, 3, 2, 23, 50), "11:50", cph(2026, 3, 2, 11, 50)),  # exactly 12h before: same day
        (cph(2026, 3, 2, 23, 50), "23:40", cph(2026, 3, 2, 23, 40)),  # a little earlier: same day
        (cph(2026, 3, 3, 0, 20), "01:05", cph(2026, 3, 3, 1, 5)),  # the night goes on
        (cph(2026, 3, 3, 0, 20), "23:55", cph(2026, 3, 2, 23, 55)),  # remembered from before midnight
        (cph(2026, 3, 2, 1, 0), "23:00", cph(2026, 3, 2, 23, 0)),  # far after stays on the day
        (cph(2026, 3, 4, 8, 0), "09:00", cph(2026, 3, 4, 9, 0)),  # an incident over days
        (cph(2026, 3, 4, 8, 0), "07:00", cph(2026, 3, 4, 7, 0)),
    ],
)
def test_a_clock_time_more_than_12_hours_before_the_previous_entry_is_the_next_day(
    previous: datetime, typed: str, at: datetime
) -> None:
    assert parse(f"{typed} text", previous).at == at


def test_the_night_rule_also_applies_to_the_previous_entrys_day() -> None:
    assert parse("00:20 text", cph(2026, 3, 2, 23, 50), day=None).at == cph(2026, 3, 3, 0, 20)


def test_the_night_rule_leaves_an_explicit_date_alone() -> None:
    assert parse("2026-03-02 00:20 text", cph(2026, 3, 2, 23, 50)).at == cph(2026, 3, 2, 0, 20)


# --- daylight saving time: Copenhagen skips 02:00-03:00 on 29 March, repeats it on 25 October


def test_a_time_on_the_spring_forward_day_has_the_summer_offset() -> None:
    at = parse("14:00 text", day=date(2026, 3, 29)).at
    assert at == cph(2026, 3, 29, 14, 0) and at is not None
    assert at.utcoffset() == timedelta(hours=2)
    assert parse("01:00 text", day=date(2026, 3, 29)).at == datetime(2026, 3, 29, 0, 0, tzinfo=UTC)


def test_a_skipped_time_is_read_with_the_offset_from_before_the_change() -> None:
    at = parse("02:30 text", day=date(2026, 3, 29)).at
    assert at is not None and (at.hour, at.minute) == (3, 30)
    assert at == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_a_duration_across_the_spring_change_counts_real_time() -> None:
    previous = cph(2026, 3, 29, 1, 50)
    at = parse("+20m text", previous).at
    assert at is not None and (at.hour, at.minute) == (3, 10)
    assert at.astimezone(UTC) - previous.astimezone(UTC) == timedelta(minutes=20)


def test_a_duration_across_the_autumn_change_counts_real_time() -> None:
    previous = cph(2026, 10, 25, 2, 50)  # the first 02:50, summer time
    at = parse("+30m text", previous).at
    assert at is not None and (at.hour, at.minute, at.fold) == (2, 20, 1)
    assert at.astimezone(UTC) - previous.astimezone(UTC) == timedelta(minutes=30)


def test_a_repeated_time_without_a_previous_entry_is_the_first_one() -> None:
    at = parse("02:30 text", day=date(2026, 10, 25)).at
    assert at is not None and (at.hour, at.minute, at.fold) == (2, 30, 0)
    # An ambiguous time never equals one in another zone (PEP 495): compare in UTC.
    assert at.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("previous", "typed", "utc"),
    [
        (cph(2026, 10, 25, 2, 50), "02:10", datetime(2026, 10, 25, 1, 10, tzinfo=UTC)),  # second pass
        (cph(2026, 10, 25, 2, 20), "02:30", datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),  # first pass
        (cph(2026, 10, 25, 2, 20, fold=1), "02:40", datetime(2026, 10, 25, 1, 40, tzinfo=UTC)),
    ],
)
def test_a_repeated_time_is_the_one_nearer_the_previous_entry(
    previous: datetime, typed: str, utc: datetime
) -> None:
    at = parse(f"{typed} text", previous).at
    assert at is not None and at.astimezone(UTC) == utc
    assert (at.hour, at.minute) == (int(typed[:2]), int(typed[3:]))


def test_the_midnight_rule_counts_real_hours_across_a_dst_change() -> None:
    # 12 hours of wall clock before 14:30 on 29 March is only 11 real hours: same day.
    assert parse("02:00 text", cph(2026, 3, 29, 14, 30), day=date(2026, 3, 29)).at == cph(2026, 3, 29, 3, 0)
    assert parse("01:59 text", cph(2026, 3, 29, 14, 30), day=date(2026, 3, 29)).at == cph(2026, 3, 29, 1, 59)


# --- zones ---------------------------------------------------------------------------


@pytest.mark.parametrize("zone_name", ["", "Not/AZone", "Europe", "../etc/passwd", "\x00", "\ud800"])
def test_an_empty_or_unknown_zone_means_utc(zone_name: str) -> None:
    assert parse_entry_line("14:32 text", zone_name, DAY, None).at == datetime(2026, 3, 2, 14, 32, tzinfo=UTC)


def test_a_duration_is_given_in_the_sessions_zone() -> None:
    previous = datetime(2026, 3, 2, 13, 0, tzinfo=UTC)
    at = parse_entry_line("+5m text", "America/St_Johns", None, previous).at
    assert at is not None and at.tzinfo == ZoneInfo("America/St_Johns")
    assert (at.hour, at.minute) == (9, 35)


# --- actors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "actor", "text"),
    [
        ("@ana: restarted the pod", "Ana Lopez", "restarted the pod"),
        ("@ANA LOPEZ: restarted", "Ana Lopez", "restarted"),
        ("@  ana lo  :  restarted", "Ana Lopez", "restarted"),
        ("@bo b: paged", "Bo Berg", "paged"),
        ("@bob: paged", "Bob Marsh", "paged"),
        ("@bo: paged", "bo", "paged"),  # starts two names: kept as typed
        ("@zoë: paged", "Zoë Øster", "paged"),
        ("@zoe\u0308: paged", "Zoë Øster", "paged"),  # the same name, composed differently
        ("@Load balancer: dropped connections", "Load balancer", "dropped connections"),
        ("@pagerduty:", "pagerduty", ""),
        ("@Team A: 14:32 is when we noticed", "Team A", "14:32 is when we noticed"),
        ("@Ana:\tpaged", "Ana Lopez", "paged"),
        ("@" + "x" * 80 + ": text", "x" * 80, "text"),
    ],
)
def test_an_at_name_colon_prefix_gives_the_actor(typed: str, actor: str, text: str) -> None:
    assert parse(typed) == ParsedLine(None, False, actor, text)


def test_the_actor_comes_after_the_time() -> None:
    at = cph(2026, 3, 2, 14, 32)
    assert parse("~14:32 @ana: restarted") == ParsedLine(at, True, "Ana Lopez", "restarted")
    assert parse("+5m @bob: paged", at) == ParsedLine(at + timedelta(minutes=5), False, "Bob Marsh", "paged")


def test_a_time_after_the_actor_is_text() -> None:
    assert parse("@ana: 14:32 restarted") == ParsedLine(None, False, "Ana Lopez", "14:32 restarted")


@pytest.mark.parametrize(
    "typed",
    [
        "@ana restarted the pod",
        "@: nobody",
        "@   : nobody",
        "@db01:5432 refused connections",
        "@" + "x" * 81 + ": too long a name",
        "@ana\nlopez: a line break",
        "@ana\u2028lopez: a line separator",
        "@ana\x1b[31m: a control character",
        "email ana@example.com: later",
        "ping @ana: mid-line",
    ],
)
def test_anything_else_has_no_actor(typed: str) -> None:
    assert parse(typed) == ParsedLine(None, False, "", typed.strip())


def test_a_whole_name_wins_over_a_longer_name_it_starts() -> None:
    assert parse_entry_line("@bo: paged", CPH_NAME, DAY, None, ["Bob Marsh", "Bo"]).actor == "Bo"


def test_an_actor_is_kept_as_typed_without_participants() -> None:
    assert parse_entry_line("@ana: x", CPH_NAME, DAY, None) == ParsedLine(None, False, "ana", "x")


def test_blank_and_repeated_participants_are_ignored() -> None:
    people = ["", "  ", "Ana Lopez", "ana lopez", " Ana Lopez "]
    assert parse_entry_line("@an: x", CPH_NAME, DAY, None, people).actor == "Ana Lopez"


@pytest.mark.parametrize(
    ("prefix", "names"),
    [
        ("", PEOPLE),
        ("b", ["Bo Berg", "Bob Marsh"]),
        ("BOB", ["Bob Marsh"]),
        ("  an", ["Ana Lopez"]),
        ("ana l", ["Ana Lopez"]),
        ("zoe\u0308", ["Zoë Øster"]),
        ("x", []),
    ],
)
def test_complete_actor_offers_the_names_that_start_with_the_prefix(prefix: str, names: list[str]) -> None:
    assert complete_actor(prefix, PEOPLE) == names


def test_complete_actor_offers_each_name_once_in_the_participants_order() -> None:
    assert complete_actor("b", ["Bob", "", "bo", "BOB", "Ana"]) == ["Bob", "bo"]


# --- properties ----------------------------------------------------------------------

_FRAGMENTS = ["~", "+", "@", ":", " ", "\n", "h", "m", "s", "-", "T", "14:32", "2026-03-02 ", "9", "0", "5m"]
_ANY_CHARACTER = st.characters(exclude_categories=())  # lone surrogates and controls too
_LINES = st.one_of(
    st.text(_ANY_CHARACTER),
    st.lists(st.sampled_from(_FRAGMENTS) | st.text(_ANY_CHARACTER, max_size=3), max_size=12).map("".join),
)
_ZONES = ["Europe/Copenhagen", "UTC", "", "Nowhere/Else", "Pacific/Kiritimati", "America/St_Johns"]
_AWARE = st.datetimes(timezones=st.sampled_from([UTC, CPH, ZoneInfo("Pacific/Kiritimati")]))


@settings(max_examples=100, deadline=None)
@given(
    line=_LINES,
    zone_name=st.sampled_from(_ZONES) | st.text(_ANY_CHARACTER, max_size=10),
    incident_day=st.none() | st.dates(),
    previous=st.none() | _AWARE,
    participants=st.lists(st.text(_ANY_CHARACTER, max_size=10), max_size=4),
)
def test_parsing_never_raises(
    line: str, zone_name: str, incident_day: date | None, previous: datetime | None, participants: list[str]
) -> None:
    parsed = parse_entry_line(line, zone_name, incident_day, previous, participants)
    assert parsed.at is None or parsed.at.tzinfo is not None
    assert not parsed.approximate or parsed.at is not None
    assert parsed.text == parsed.text.strip() and parsed.text in line
    assert len(parsed.actor) <= 80
    assert isinstance(complete_actor(line, participants), list)


def test_a_huge_line_is_read_quickly() -> None:
    rest = "x" * 1_000_000 + ":" + "y" * 1_000_000
    assert parse("14:32 @" + rest) == ParsedLine(cph(2026, 3, 2, 14, 32), False, "", "@" + rest)


@settings(max_examples=100)
@given(
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    padded=st.booleans(),
    rest=st.text(_ANY_CHARACTER),
    zone_name=st.sampled_from(["Europe/Copenhagen", "UTC", "America/St_Johns", "Asia/Kolkata"]),
)
def test_any_clock_time_is_that_wall_time_and_leaves_the_rest(
    hour: int, minute: int, padded: bool, rest: str, zone_name: str
) -> None:
    assume(not rest.lstrip().startswith("@"))
    clock = f"{hour:02}:{minute:02}" if padded else f"{hour}:{minute:02}"
    parsed = parse_entry_line(f"{clock} {rest}", zone_name, DAY, None)
    assert parsed.at == datetime(2026, 3, 2, hour, minute, tzinfo=ZoneInfo(zone_name))
    assert parsed.at is not None and parsed.at.tzinfo == ZoneInfo(zone_name)
    assert parsed == ParsedLine(parsed.at, False, "", rest.strip())


def test_a_time_typed_on_its_own() -> None:
    from facilitation.entry_line import parse_time_only

    day = date(2026, 3, 2)
    assert parse_time_only("", "UTC", day, None) == (None, False)
    at, approximate = parse_time_only("~14:30", "UTC", day, None) or (None, False)
    assert approximate and at is not None and (at.hour, at.minute) == (14, 30)
    assert parse_time_only("after lunch", "UTC", day, None) is None
    assert parse_time_only("14:30 and more", "UTC", day, None) is None
