"""Reading timeline CSV files: headers matched by name, the mapping step, cells refused by place."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from facilitation.imports.common import ImportOptions, ImportProblem, MappingNeeded, read
from facilitation.imports.timeline_csv import csv_headers, guess_mapping, read_timeline_csv

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
CPH = ZoneInfo("Europe/Copenhagen")


def test_odd_headers_are_matched_and_every_field_read() -> None:
    result = read(FIXTURES / "odd-headers.csv", "timeline-csv", ImportOptions(zone="Europe/Copenhagen"))
    rows = [(e.at, e.actor, e.text, e.source, e.kind, e.starred, e.line) for e in result.entries]
    assert rows == [
        (datetime(2026, 3, 2, 13, 2, tzinfo=UTC), "PagerBot", "Auth 5xx > 5%", "alert", "event", True, 2),
        (
            # "When (UTC)": a time without an offset is UTC, not the session's zone
            datetime(2026, 3, 2, 14, 4, tzinfo=ZoneInfo("UTC")),
            "Βασίλης",
            'Rolled back, then "waited"\nfor the canary',
            "firsthand",
            "decision",
            False,
            3,
        ),
        (None, "Ana", "Someone remembered last year's outage", None, "observation", False, 5),
        (
            datetime(2026, 3, 2, 14, 31, tzinfo=ZoneInfo("UTC")),
            "Ana",
            "Mitigated",
            "metric",
            "event",
            True,
            7,
        ),
    ]
    assert all(not e.channel and not e.bot for e in result.entries)


def test_headers_and_the_guess_for_the_mapping_step() -> None:
    headers = csv_headers(FIXTURES / "odd-headers.csv")
    assert headers == ["When (UTC)", "Who", "What happened", "Origin", "Type", "Key moment", "Notes"]
    assert guess_mapping(headers) == {
        "at": "When (UTC)",
        "actor": "Who",
        "text": "What happened",
        "source": "Origin",
        "kind": "Type",
        "starred": "Key moment",
    }
    assert guess_mapping(["TIME", "text", "Source", "KIND", "actor"]) == {
        "at": "TIME",
        "text": "text",
        "source": "Source",
        "kind": "KIND",
        "actor": "actor",
    }


def test_a_date_column_beside_a_time_column_gives_the_day(tmp_path: Path) -> None:
    path = tmp_path / "spreadsheet.csv"
    path.write_text("Date,Time,Who,What\n2026-03-02,14:02,ana,paged\n2026-03-03,09:00:30,bo,postmortem\n")
    assert guess_mapping(csv_headers(path)) == {"at": "Time", "actor": "Who", "text": "What"}
    result = read_timeline_csv(path, ImportOptions(zone="Europe/Copenhagen"))
    assert [e.at for e in result.entries] == [
        datetime(2026, 3, 2, 14, 2, tzinfo=CPH),
        datetime(2026, 3, 3, 9, 0, 30, tzinfo=CPH),
    ]


def test_a_bare_clock_time_takes_the_day_given(tmp_path: Path) -> None:
    path = tmp_path / "times.csv"
    path.write_text("time,text\n14:02,paged\n")
    result = read_timeline_csv(path, ImportOptions(zone="Europe/Copenhagen", day=date(2026, 3, 2)))
    assert [e.at for e in result.entries] == [datetime(2026, 3, 2, 14, 2, tzinfo=CPH)]
    with pytest.raises(ImportProblem, match="the time '14:02' is not a date and time"):
        read_timeline_csv(path, ImportOptions())


def test_unrecognised_headers_ask_for_a_mapping_and_a_mapping_reads_them() -> None:
    path = FIXTURES / "unmapped.csv"
    with pytest.raises(MappingNeeded) as needed:
        read_timeline_csv(path, ImportOptions())
    assert needed.value.headers == ["Stamp", "Person", "Words"]
    assert needed.value.guessed == {"actor": "Person"}
    assert str(needed.value).startswith("unmapped.csv, line 1: no column is headed as the time and text;")
    mapping = {"at": "Stamp", "actor": "Person", "text": "Words"}
    result = read_timeline_csv(path, ImportOptions(zone="Europe/Copenhagen", mapping=mapping))
    assert [(e.at, e.actor, e.text) for e in result.entries] == [
        (datetime(2026, 3, 2, 14, 2, tzinfo=CPH), "ana", "hello")
    ]
    with pytest.raises(ImportProblem, match="there is no column headed 'Nope'"):
        read_timeline_csv(path, ImportOptions(mapping={"at": "Nope", "text": "Words"}))


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("yesterday,ana,hello,,", r"^t\.csv, line 3: the time 'yesterday' is not a date and time"),
        ("2026-03-02 14:02,ana,hello,gossip,", r"^t\.csv, line 3: the source 'gossip' is not one Takeaways"),
        ("2026-03-02 14:02,ana,hello,,rumour", r"^t\.csv, line 3: the kind 'rumour' is not one Takeaways"),
        ('2026-03-02 14:02,ana,"open quote', r"^t\.csv, line 3: this is not a row of comma-separated values"),
    ],
)
def test_a_cell_that_cannot_be_read_is_named_by_line(tmp_path: Path, row: str, problem: str) -> None:
    path = tmp_path / "t.csv"
    path.write_text(f"time,actor,text,source,kind\n2026-03-02 14:01,ana,fine,,\n{row}\n", encoding="utf-8")
    with pytest.raises(ImportProblem, match=problem):
        read_timeline_csv(path, ImportOptions())


def test_an_empty_file_or_a_folder_is_one_sentence(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(
        ImportProblem, match=r"^empty\.csv is empty; a timeline CSV starts with a header row\.$"
    ):
        read_timeline_csv(empty, ImportOptions())
    with pytest.raises(ImportProblem, match="is a folder"):
        csv_headers(tmp_path)


def test_a_time_window_applies_to_rows_with_a_time() -> None:
    options = ImportOptions(zone="Europe/Copenhagen", since=datetime(2026, 3, 2, 14, 10, tzinfo=UTC))
    result = read_timeline_csv(FIXTURES / "odd-headers.csv", options)
    assert [e.text for e in result.entries] == ["Someone remembered last year's outage", "Mitigated"]
    assert result.notices == ["2 entries outside the time window left out."]
