"""The library's plain logic: filters, counting by a field, headlines, open actions and their CSV."""

from __future__ import annotations

import csv
import io
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from facilitation.library import (
    OPEN_ACTION_CSV_COLUMNS,
    Group,
    LibraryFilter,
    MatrixRow,
    OpenAction,
    Stats,
    headlines,
    open_actions_csv,
    order_open_actions,
    tally,
)
from tests.strategies import text


def _row(**changes: object) -> MatrixRow:
    values: dict[str, object] = {
        "id": 1,
        "reference": "#1",
        "title": "Outage",
        "start_day": "2026-02-10",
        "severity": "Sev-2",
        "system": "Auth Service",
        "trigger": "Configuration change",
        "factors": ("No canary",),
        "tags": ("auth", "Config"),
        "status": "draft",
    }
    values.update(changes)
    return MatrixRow(**values)  # type: ignore[arg-type]


def test_an_empty_filter_keeps_every_incident_and_says_so() -> None:
    filt = LibraryFilter()
    assert filt.is_empty()
    assert filt.matches(_row()) and filt.matches(_row(start_day="", severity="", tags=()))
    assert filt.describe() == "All incidents"


def test_each_part_of_the_filter_narrows() -> None:
    row = _row()
    assert LibraryFilter(severities=frozenset({"Sev-2", "Sev-1"})).matches(row)
    assert not LibraryFilter(severities=frozenset({"Sev-1"})).matches(row)
    assert LibraryFilter(systems=frozenset({"auth service"})).matches(row)  # case ignored
    assert not LibraryFilter(systems=frozenset({"Auth"})).matches(row)  # the whole name
    assert LibraryFilter(statuses=frozenset({"draft"})).matches(row)
    assert not LibraryFilter(statuses=frozenset({"published"})).matches(row)


def test_tags_match_all_or_any_ignoring_case() -> None:
    row = _row(tags=("auth", "Config"))
    assert LibraryFilter(tags=("AUTH", "config")).matches(row)
    assert not LibraryFilter(tags=("auth", "db")).matches(row)
    assert LibraryFilter(tags=("auth", "db"), all_tags=False).matches(row)
    assert not LibraryFilter(tags=("db", "infra"), all_tags=False).matches(row)


def test_dates_are_inclusive_and_leave_out_incidents_without_a_day() -> None:
    day = _row(start_day="2026-02-10")
    assert LibraryFilter(since=date(2026, 2, 10), until=date(2026, 2, 10)).matches(day)
    assert not LibraryFilter(since=date(2026, 2, 11)).matches(day)
    assert not LibraryFilter(until=date(2026, 2, 9)).matches(day)
    assert not LibraryFilter(since=date(2000, 1, 1)).matches(_row(start_day=""))
    assert not LibraryFilter(until=date(2100, 1, 1)).matches(_row(start_day=""))


def test_the_filter_reads_in_plain_words() -> None:
    filt = LibraryFilter(
        severities=frozenset({"Sev-2"}),
        tags=("auth", "config"),
        all_tags=False,
        since=date(2026, 1, 1),
        until=date(2026, 3, 31),
    )
    assert filt.describe() == "Sev-2, tagged auth or config, 2026-01-01 to 2026-03-31"
    assert not filt.is_empty()
    both = LibraryFilter(tags=("auth", "db"), systems=frozenset({"Search"}), statuses=frozenset({"draft"}))
    assert both.describe() == "system Search, tagged auth and db, status draft"
    assert LibraryFilter(since=date(2026, 1, 1)).describe() == "from 2026-01-01 on"
    assert LibraryFilter(until=date(2026, 1, 1)).describe() == "up to 2026-01-01"


def test_tally_orders_by_count_then_value_with_the_null_group_last_among_equals() -> None:
    stats = tally("severity", [("Sev-2",), ("Sev-1",), (), ("Sev-2",), ("Sev-3",), ()])
    assert stats == Stats(
        "severity",
        6,
        (
            Group("Sev-2", 2, 2 / 6),
            Group(None, 2, 2 / 6),
            Group("Sev-1", 1, 1 / 6),
            Group("Sev-3", 1, 1 / 6),
        ),
    )


def test_hours_order_as_numbers() -> None:
    stats = tally("hour", [(10,), (9,), (2,), (23,)])
    assert [g.value for g in stats.groups] == [2, 9, 10, 23]


def test_tags_group_ignoring_case_under_the_spelling_used_most() -> None:
    stats = tally("tag", [("Auth", "db"), ("auth",), ("auth", "DB"), ()])
    assert stats.matched == 4
    assert stats.groups == (Group("auth", 3, 0.75), Group("db", 2, 0.5), Group(None, 1, 0.25))
    tie = tally("tag", [("Config",), ("config",)])
    assert tie.groups == (Group("Config", 2, 1.0),)  # a tie keeps the first spelling seen


def test_an_incident_counts_once_per_value_even_when_repeated() -> None:
    stats = tally("factor-category", [("process", "process", "people")])
    assert stats.groups == (Group("people", 1, 1.0), Group("process", 1, 1.0))


def test_nothing_matched_gives_no_groups() -> None:
    assert tally("month", []) == Stats("month", 0, ())


@given(st.lists(st.lists(st.sampled_from(["a", "A", "b", "c"]), max_size=1), max_size=30))
def test_single_valued_fields_count_every_incident_exactly_once(values: list[list[str]]) -> None:
    stats = tally("system", values)
    assert sum(g.count for g in stats.groups) == stats.matched == len(values)
    assert abs(sum(g.share for g in stats.groups) - (1 if values else 0)) < 1e-9
    counts = [g.count for g in stats.groups]
    assert counts == sorted(counts, reverse=True)


def _stats(by: str, matched: int, *groups: tuple[str | int | None, int]) -> Stats:
    return Stats(by, matched, tuple(Group(v, c, c / matched) for v, c in groups))


def test_headline_a_leader_can_repeat() -> None:
    filt = LibraryFilter(severities=frozenset({"Sev-2"}), since=date(2026, 1, 1), until=date(2026, 3, 31))
    found = headlines({"trigger": _stats("trigger", 10, ("Configuration change", 4), ("Deploy", 3))}, filt)
    assert found == ["40% of Sev-2 incidents from 2026-01-01 to 2026-03-31 followed configuration change."]


def test_headlines_only_when_there_is_something_to_say() -> None:
    filt = LibraryFilter()
    few = _stats("system", 4, ("Search", 4))
    thin = _stats("system", 20, ("Search", 3), ("Auth", 2))  # 15%: not a finding
    nulls = _stats("holiday", 10, (None, 9), ("Winter freeze", 1))
    once = _stats("tag", 5, ("auth", 1), ("db", 1))
    assert headlines({"system": few}, filt) == []
    assert headlines({"system": thin}, filt) == []
    assert headlines({"holiday": nulls}, filt) == []
    assert headlines({"tag": once}, filt) == []


def test_nearly_all_is_not_said_as_all() -> None:
    nearly = _stats("tag", 200, ("availability", 199))
    assert headlines({"tag": nearly}, LibraryFilter()) == ["99% of incidents were tagged availability."]


def test_a_field_the_filter_fixes_does_not_headline() -> None:
    severity = _stats("severity", 10, ("Sev-2", 10))
    assert headlines({"severity": severity}, LibraryFilter(severities=frozenset({"Sev-2"}))) == []
    assert headlines({"severity": severity}, LibraryFilter()) == ["100% of incidents were Sev-2."]


def test_tags_the_filter_asks_for_are_no_finding() -> None:
    tags = _stats("tag", 10, ("Perf", 10), ("db", 6), ("auth", 1))
    assert headlines({"tag": tags}, LibraryFilter(tags=("perf",))) == [
        "60% of incidents tagged perf were tagged db."
    ]
    either = headlines({"tag": tags}, LibraryFilter(tags=("perf", "x"), all_tags=False))
    assert either == ["100% of incidents tagged perf or x were tagged Perf."]  # news: none had x


def test_headlines_come_strongest_first_and_at_most_four() -> None:
    every = {
        "severity": _stats("severity", 10, ("Sev-3", 3)),
        "system": _stats("system", 10, ("Search", 9)),
        "tag": _stats("tag", 10, ("config", 5)),
        "factor-category": _stats("factor-category", 10, ("process", 6)),
        "hour": _stats("hour", 10, (14, 4)),
        "weekday": _stats("weekday", 10, ("Friday", 7)),
    }
    found = headlines(every, LibraryFilter(tags=("infra",), statuses=frozenset({"published"})))
    assert found == [
        "90% of incidents tagged infra with status published involved Search.",
        "70% of incidents tagged infra with status published started on a Friday.",
        "60% of incidents tagged infra with status published had process factors among their "
        "contributing factors.",
        "50% of incidents tagged infra with status published were tagged config.",
    ]
    hour = headlines({"hour": _stats("hour", 10, (23, 4))}, LibraryFilter(since=date(2026, 1, 1)))
    assert hour == ["40% of incidents since 2026-01-01 were detected between 23:00 and 00:00."]


def _action(session_id: int, key: str, due: date | None, **changes: str) -> OpenAction:
    values = {
        "reference": f"#{session_id}",
        "session_title": "Outage",
        "text": "Add a canary stage",
        "owner": "Ana",
        "status": "open",
    }
    values.update(changes)
    return OpenAction(session_id, values["reference"], values["session_title"], key, values["text"],
                      values["owner"], due, values["status"])  # fmt: skip


def test_overdue_actions_come_first_most_overdue_first_then_soonest_then_undated() -> None:
    today = date(2026, 3, 10)
    undated = _action(1, "a1", None)
    soon = _action(2, "a1", date(2026, 3, 12))
    today_due = _action(3, "a1", today)
    late = _action(4, "a1", date(2026, 3, 9))
    latest = _action(5, "a1", date(2026, 1, 1))
    tie_a10 = _action(6, "a10", date(2026, 4, 1))
    tie_a2 = _action(6, "a2", date(2026, 4, 1))
    ordered = order_open_actions([undated, soon, tie_a10, today_due, late, tie_a2, latest], today)
    assert ordered == [latest, late, today_due, soon, tie_a2, tie_a10, undated]
    assert late.overdue(today) and not today_due.overdue(today) and not undated.overdue(today)


def test_the_open_actions_csv_is_ready_for_a_tracker_and_never_a_formula() -> None:
    actions = [
        _action(7, "a1", date(2026, 3, 1), text='=HYPERLINK("http://x")', owner="@ana"),
        _action(8, "a2", None, text="Line one\nline, two", session_title="+1 -1", status="in-progress"),
    ]
    written = open_actions_csv(actions, date(2026, 3, 10))
    rows = list(csv.reader(io.StringIO(written, newline="")))
    assert tuple(rows[0]) == OPEN_ACTION_CSV_COLUMNS
    assert rows[1] == ["7", "#7", "Outage", '\'=HYPERLINK("http://x")', "'@ana", "2026-03-01", "open", "yes"]
    assert rows[2] == ["8", "#8", "'+1 -1", "Line one\nline, two", "Ana", "", "in-progress", ""]


@given(st.lists(text, min_size=1, max_size=8))
def test_any_text_round_trips_through_the_csv_with_at_most_an_apostrophe(texts: list[str]) -> None:
    actions = [_action(1, f"a{i}", None, text=t.replace("\r", "")) for i, t in enumerate(texts)]
    rows = list(csv.reader(io.StringIO(open_actions_csv(actions, date(2026, 1, 1)), newline="")))
    assert len(rows) == len(texts) + 1
    for action, row in zip(actions, rows[1:], strict=True):
        assert row[3] in (action.text, "'" + action.text)
        assert not row[3].startswith(("=", "+", "-", "@", "\t"))
