"""Reading the library whole: the matrix, stats counted by hand, search hits, open actions, people."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitation.library import Found, Group, LibraryFilter, MatrixRow
from facilitation.matrix_csv import parse_matrix_csv
from facilitation.model import (
    Action,
    ContributingFactor,
    Participant,
    Session,
    TimelineEntry,
    WentWrong,
)
from facilitation.settings import HolidayWindow
from storage.library import Library
from tests.strategies import SCALE, text

ESSAY = Path(__file__).resolve().parents[1] / "fixtures" / "essay-matrix.csv"
NEW_YORK = ZoneInfo("America/New_York")
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def essay(library: Library) -> Library:
    """The essay's own classification matrix, imported."""
    incidents = parse_matrix_csv(ESSAY.read_text(encoding="utf-8"), SCALE, "essay-matrix.csv")
    library.sessions.create_all([incident.session() for incident in incidents])
    return library


def _in_utc(title: str, started_at: datetime, **fields: Any) -> Session:
    """An incident kept in UTC that started at ``started_at``, with any other ``fields``."""
    return Session(title=title, started_at=started_at, time_zone="UTC", **fields)


def _counts(library: Library, by: str, filt: LibraryFilter | None = None) -> list[tuple[object, int]]:
    stats = library.queries.stats(by, filt or LibraryFilter())
    assert all(g.share == g.count / stats.matched for g in stats.groups)
    return [(g.value, g.count) for g in stats.groups]


def test_the_essays_matrix_counts_by_severity_as_counted_by_hand(essay: Library) -> None:
    # #1421 and #1458 are Sev-1; #1429, #1450 and #1470 Sev-2; #1442 and #1462 Sev-3.
    stats = essay.queries.stats("severity", LibraryFilter())
    assert stats.matched == 7
    assert stats.groups == (Group("Sev-2", 3, 3 / 7), Group("Sev-1", 2, 2 / 7), Group("Sev-3", 2, 2 / 7))


def test_the_essays_matrix_counts_by_tag_system_and_cause(essay: Library) -> None:
    # 25 tags on 7 incidents; only "infra" is on two (#1450 and #1458).
    tags = _counts(essay, "tag")
    assert len(tags) == 24 and tags[0] == ("infra", 2) and all(count == 1 for _, count in tags[1:])
    assert sum(count for _, count in tags) == 25
    assert ("QA-missing", 1) in tags and ("3rd-party", 1) in tags
    systems = _counts(essay, "system")
    assert systems == [
        ("Auth Service", 1),
        ("Checkout Flow", 1),
        ("Database Cluster (EU)", 1),
        ("DevOps Tooling", 1),
        ("Internal Admin Panel", 1),
        ("Notification Pipeline", 1),
        ("Payments API", 1),
    ]
    assert [value for value, _ in _counts(essay, "trigger")] == [
        "Configuration Change",
        "Deployment Regression",
        "External Dependency Failure",
        "Hardware Failure",
        "Misconfigured IAM Policy",
        "Scaling Limit Exceeded",
        "UI Bug",
    ]
    # No dates, times or categories in the essay: each incident is in the null group.
    for by in ("factor-category", "month", "weekday", "hour", "holiday"):
        assert _counts(essay, by) == [(None, 7)], by


def test_the_essays_matrix_filtered(essay: Library) -> None:
    sev2 = LibraryFilter(severities=frozenset({"Sev-2"}))
    # #1429 (4 tags), #1450 (4) and #1470 (3): eleven tags, none shared.
    stats = essay.queries.stats("tag", sev2)
    assert stats.matched == 3 and len(stats.groups) == 11
    assert all(g.count == 1 and g.share == 1 / 3 for g in stats.groups)
    infra = LibraryFilter(tags=("INFRA",))
    assert _counts(essay, "severity", infra) == [("Sev-1", 1), ("Sev-2", 1)]
    assert _counts(essay, "system", LibraryFilter(tags=("infra", "db"))) == [("Database Cluster (EU)", 1)]
    either = LibraryFilter(tags=("db", "auth"), all_tags=False)
    assert _counts(essay, "severity", either) == [("Sev-1", 2)]
    assert essay.queries.stats("tag", LibraryFilter(since=date(2000, 1, 1))).matched == 0
    assert essay.queries.stats("tag", LibraryFilter(severities=frozenset({"Sev-4"}))).groups == ()


def _timed_library(library: Library) -> None:
    """Five incidents whose days, hours and categories were worked out by hand (see each comment)."""
    library.sessions.create_all(
        [
            Session(  # A: 23:30 in New York on Tue 31 March (already 1 April in UTC); detected 00:15.
                title="A",
                time_zone="America/New_York",
                started_at=datetime(2026, 3, 31, 23, 30, tzinfo=NEW_YORK),
                detected_at=datetime(2026, 4, 1, 0, 15, tzinfo=NEW_YORK),
                severity="Sev-2",
                system="Search",
                tags=["Config"],
                contributing_factors=[
                    ContributingFactor(text="x", category="process"),
                    ContributingFactor(text="y", category="process"),
                    ContributingFactor(text="z"),
                ],
            ),
            Session(  # B: 09:00 in Copenhagen on Wed 24 December, in the winter freeze; no detection time.
                title="B",
                time_zone="Europe/Copenhagen",
                started_at=datetime(2025, 12, 24, 9, 0, tzinfo=COPENHAGEN),
                severity="Sev-2",
                system="search",
                tags=["config", "db"],
                contributing_factors=[
                    ContributingFactor(text="x", category="technical"),
                    ContributingFactor(text="y", category="people"),
                ],
            ),
            Session(  # C: 20:00 UTC on 1 March is 05:00 on Mon 2 March in Tokyo.
                title="C",
                time_zone="Asia/Tokyo",
                started_at=datetime(2026, 3, 1, 20, 0, tzinfo=UTC),
                severity="Sev-1",
                system="Auth",
                contributing_factors=[ContributingFactor(text="x")],
            ),
            Session(  # D: no start, detected at 14:00 UTC.
                title="D", detected_at=datetime(2026, 1, 5, 14, 0, tzinfo=UTC), tags=["db"]
            ),
            Session(  # E: no times at all.
                title="E", contributing_factors=[ContributingFactor(text="x", category="people")]
            ),
        ]
    )


HOLIDAYS = [
    HolidayWindow("Winter freeze", date(2025, 12, 20), date(2026, 1, 2)),
    HolidayWindow("Spring freeze", date(2026, 3, 30), date(2026, 4, 2)),
]


def test_days_hours_and_holidays_are_read_on_each_incidents_own_clock(library: Library) -> None:
    _timed_library(library)
    assert _counts(library, "month") == [("2026-03", 2), (None, 2), ("2025-12", 1)]
    assert _counts(library, "weekday") == [(None, 2), ("Monday", 1), ("Tuesday", 1), ("Wednesday", 1)]
    assert _counts(library, "hour") == [(0, 1), (5, 1), (9, 1), (14, 1), (None, 1)]
    stats = library.queries.stats("holiday", LibraryFilter(), HOLIDAYS)
    assert [(g.value, g.count) for g in stats.groups] == [
        (None, 3),
        ("Spring freeze", 1),
        ("Winter freeze", 1),
    ]


def test_factor_categories_count_each_incident_once_per_category(library: Library) -> None:
    _timed_library(library)
    # A: process (twice, counted once); B: technical and people; C: uncategorised; D: no factors; E: people.
    assert _counts(library, "factor-category") == [("people", 2), (None, 2), ("process", 1), ("technical", 1)]


def test_grouping_ignores_case_and_the_null_group_comes_last_among_equals(library: Library) -> None:
    _timed_library(library)
    assert _counts(library, "system") == [("Search", 2), (None, 2), ("Auth", 1)]
    # "Config" (A) and "config" (B) tie in use: the first seen, A's, names the group.
    assert _counts(library, "tag") == [("Config", 2), ("db", 2), (None, 2)]


def test_date_filters_use_the_day_in_the_incidents_own_zone(library: Library) -> None:
    _timed_library(library)
    march = LibraryFilter(since=date(2026, 3, 1), until=date(2026, 3, 31))
    assert _counts(library, "severity", march) == [("Sev-1", 1), ("Sev-2", 1)]  # A and C
    assert library.queries.stats("severity", LibraryFilter(since=date(2026, 4, 1))).matched == 0
    assert library.queries.stats("severity", LibraryFilter(until=date(2026, 3, 1))).matched == 1  # B
    systems = LibraryFilter(systems=frozenset({"SEARCH"}), tags=("db",))
    assert _counts(library, "month", systems) == [("2025-12", 1)]


def test_an_unknown_field_is_refused(library: Library) -> None:
    with pytest.raises(ValueError, match="'colour' is not one of severity"):
        library.queries.stats("colour", LibraryFilter())


def test_the_matrix_has_one_row_per_incident_newest_first(library: Library) -> None:
    first = library.sessions.create(
        _in_utc(
            "Old",
            datetime(2025, 1, 1, 10, tzinfo=UTC),
            reference="#1",
            trigger="Deploy",
            contributing_factors=[
                ContributingFactor(text="No canary\nbecause the stage was skipped", category="process"),
                ContributingFactor(text="x" * 1000),
            ],
            tags=["b", "a"],
            status="published",
        )
    )
    second = library.sessions.create(Session(title="Undated"))
    third = library.sessions.create(
        Session(title="New", started_at=datetime(2026, 1, 1, 10, tzinfo=UTC), severity="Sev-1", system="S")
    )
    rows = library.queries.matrix()
    assert [row.id for row in rows] == [third, first, second]
    assert rows[1] == MatrixRow(
        first, "#1", "Old", "2025-01-01", "", "", "Deploy", ("No canary", "x" * 300), ("b", "a"), "published"
    )
    assert rows[2].start_day == "" and rows[2].factors == () and rows[2].tags == ()


def test_a_page_of_the_matrix_is_that_slice_of_the_whole(library: Library) -> None:
    for day in (3, 1, 2, 2, 5):
        library.sessions.create(
            Session(
                title=f"Day {day}",
                started_at=datetime(2026, 1, day, 9, tzinfo=UTC),
                contributing_factors=[ContributingFactor(text=f"factor {day}")],
                tags=[f"t{day}", "all"],
                system=f"s{day}",
            )
        )
    library.sessions.create(Session(title="Undated"))
    whole = library.queries.matrix()
    assert [row.id for row in whole] == [summary.id for summary in library.sessions.summaries()]
    for offset, limit in ((0, 2), (2, 2), (4, 2), (5, 10), (1, None), (6, 3)):
        end = None if limit is None else offset + limit
        assert library.queries.matrix(offset, limit) == whole[offset:end]


def test_open_actions_are_those_open_or_in_progress_with_their_session(library: Library) -> None:
    session = library.sessions.create(
        Session(
            title="Outage",
            reference="#9",
            actions=[
                Action(key="a1", text="Add a canary", owner="Ana", due=date(2026, 3, 1)),
                Action(key="a2", text="Done thing", status="done"),
                Action(key="a3", text="Ongoing", status="in-progress"),
                Action(key="a4", text="Dropped", status="dropped"),
            ],
        )
    )
    found = library.queries.open_actions()
    assert [(a.session_id, a.reference, a.session_title, a.key, a.status) for a in found] == [
        (session, "#9", "Outage", "a1", "open"),
        (session, "#9", "Outage", "a3", "in-progress"),
    ]
    assert found[0].due == date(2026, 3, 1) and found[0].owner == "Ana" and found[1].due is None


def _on(day: date, title: str) -> Session:
    return _in_utc(title, datetime(day.year, day.month, day.day, 12, tzinfo=UTC))


def test_on_this_day_remembers_earlier_years_newest_first(library: Library) -> None:
    library.sessions.create_all(
        [
            _on(date(2024, 3, 2), "2024"),
            _on(date(2025, 3, 2), "2025"),
            _on(date(2026, 3, 2), "this year"),
            _on(date(2025, 3, 3), "next day"),
            _on(date(2024, 2, 29), "leap day"),
            Session(title="undated"),
        ]
    )
    assert [s.title for s in library.queries.on_this_day(date(2026, 3, 2))] == ["2025", "2024"]
    assert [s.title for s in library.queries.on_this_day(date(2027, 3, 2))] == ["this year", "2025", "2024"]
    assert library.queries.on_this_day(date(2026, 7, 1)) == []
    # 29 February is remembered on the 28th in a year without one, and only then.
    assert [s.title for s in library.queries.on_this_day(date(2025, 2, 28))] == ["leap day"]
    assert library.queries.on_this_day(date(2028, 2, 28)) == []
    assert [s.title for s in library.queries.on_this_day(date(2028, 2, 29))] == ["leap day"]


def test_people_are_everyone_named_once_sorted(library: Library) -> None:
    library.sessions.create_all(
        [
            Session(
                title="One",
                facilitator="Ana",
                participants=[Participant("Bo", "on-call"), Participant(" ana ", "")],
                timeline=[TimelineEntry(actor="deploy bot", text="pushed"), TimelineEntry(text="no actor")],
                actions=[Action(text="x", owner="Zoë"), Action(text="y")],
            ),
            Session(title="Two", facilitator="Émile"),
        ]
    )
    assert library.queries.people() == ["Ana", "Bo", "deploy bot", "Zoë", "Émile"]


def test_a_search_hit_names_the_item_to_jump_to(library: Library) -> None:
    session = library.sessions.create(
        _in_utc(
            "Outage",
            datetime(2026, 2, 3, 9, tzinfo=UTC),
            reference="#5",
            timeline=[TimelineEntry(key="t1", text="start"), TimelineEntry(key="t7", text="zebra crossing")],
            went_wrong=[WentWrong(key="w2", text="the quokka escaped")],
            participants=[Participant("Platypus Jones", "on-call")],
            tags=["wombat"],
        )
    )
    (hit,) = library.queries.search("zebra")
    assert hit == Found(session, "#5", "Outage", "2026-02-03", hit.snippet, "timeline", "t7")
    assert "\x02zebra\x03" in hit.snippet
    assert [(h.list_name, h.item_key) for h in library.queries.search("quokka")] == [("went_wrong", "w2")]
    for elsewhere in ("Outage", "Platypus", "wombat"):  # the session's own fields, participants, tags
        assert [(h.list_name, h.item_key) for h in library.queries.search(elsewhere)] == [("", "")]
    assert library.queries.search("") == [] and library.queries.search("   ") == []


def _checksum(library: Library) -> str:
    dump = "\n".join(library.db.conn.iterdump())
    return hashlib.sha256(dump.encode("utf-8", "surrogatepass")).hexdigest()


HOSTILE = [
    '"',
    "'",
    "(",
    ")",
    "AND",
    "OR NOT",
    "NEAR(",
    "NEAR(a b, 2)",
    "*",
    "-",
    "^",
    "a:b",
    "body:zebra",
    "'; DROP TABLE sessions; --",
    '" OR 1=1 --',
    "zebra*",
    "{body}",
    "\x00",
    "%",
    "_",
    "\\",
]


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(HOSTILE), text), min_size=1, max_size=6).map(" ".join))
def test_hostile_queries_never_raise_and_never_change_the_library(library: Library, query: str) -> None:
    if not library.sessions.count():
        library.sessions.create(
            Session(title="Zebra outage", timeline=[TimelineEntry(text="zebra crossing AND NEAR( the end")])
        )
    before = _checksum(library)
    found = library.queries.search(query)
    assert all(isinstance(hit, Found) for hit in found)
    assert _checksum(library) == before


def test_hostile_words_are_searched_as_words(library: Library) -> None:
    session = library.sessions.create(
        Session(title="x", timeline=[TimelineEntry(key="t1", text="the AND gate NEAR( rack 5 (blue)")])
    )
    assert [h.item_key for h in library.queries.search("AND NEAR(")] == ["t1"]
    assert [h.session_id for h in library.queries.search("(blue)")] == [session]
    assert library.queries.search("'; DROP TABLE sessions; --") == []
    assert library.sessions.count() == 1


def test_a_status_filter_counts_only_incidents_at_that_status(essay: Library) -> None:
    ids = [row.id for row in essay.queries.matrix() if row.reference in ("#1421", "#1429")]
    for session_id in ids:
        essay.sessions.update_fields(session_id, status="published")
    published = LibraryFilter(statuses=frozenset({"published"}))
    assert _counts(essay, "severity", published) == [("Sev-1", 1), ("Sev-2", 1)]
    assert _counts(essay, "system", published) == [("Auth Service", 1), ("Payments API", 1)]
    both = LibraryFilter(statuses=frozenset({"published", "draft"}), severities=frozenset({"Sev-3"}))
    assert (
        _counts(essay, "tag", both)[:1] == [("frontend", 1)] and essay.queries.stats("tag", both).matched == 2
    )


def test_tag_filters_fold_case_beyond_ascii_as_the_matrix_does(library: Library) -> None:
    library.sessions.create_all(
        [
            Session(title="a", tags=["Straße"]),
            Session(title="b", tags=["STRASSE", "db"]),
            Session(title="c", tags=["ünicode"]),
            Session(title="d", tags=["\u212aelvin"]),  # KELVIN SIGN, which folds to "k"
            Session(title="e", tags=["kelvin", "DB"]),
        ]
    )
    rows = library.queries.matrix()
    for tags, all_tags, expected in [
        (("strasse",), True, 2),
        (("STRAßE",), True, 2),
        (("Ünicode",), True, 1),
        (("KELVIN",), True, 2),
        (("kelvin", "db"), True, 1),
        (("strasse", "kelvin"), False, 4),
    ]:
        filt = LibraryFilter(tags=tags, all_tags=all_tags)
        assert library.queries.stats("severity", filt).matched == expected, tags
        assert sum(filt.matches(row) for row in rows) == expected, tags
