"""Reading chat logs: each line format, dates from the file or given, continuations, encodings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from facilitation.imports.chat_log import read_chat_log
from facilitation.imports.common import DayNeeded, ImportCancelled, ImportOptions, ImportProblem, Progress

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
CPH = ZoneInfo("Europe/Copenhagen")
DAY = date(2026, 3, 2)


def _read(name: str, day: date | None = None, **options: object) -> list[tuple[datetime | None, str, str]]:
    result = read_chat_log(FIXTURES / name, ImportOptions(zone="Europe/Copenhagen", day=day, **options))  # type: ignore[arg-type]
    return [(e.at, e.actor, e.text) for e in result.entries]


def test_iso_lines_with_nicks_actions_offsets_and_continuations() -> None:
    result = read_chat_log(FIXTURES / "iso.log", ImportOptions(zone="Europe/Copenhagen"))
    assert [(e.at, e.actor, e.text) for e in result.entries] == [
        (datetime(2026, 3, 2, 14, 2, 11, tzinfo=CPH), "ana", "login errors are climbing"),
        (datetime(2026, 3, 2, 14, 2, 40, tzinfo=CPH), "vasilis", "on it — rolling back"),
        (datetime(2026, 3, 2, 14, 3, 5, tzinfo=UTC), "pagerbot", "[FIRING] auth 5xx > 5%"),
        (datetime(2026, 3, 2, 14, 4, tzinfo=CPH), "ana", "ana restarts the auth pods"),
        (
            datetime(2026, 3, 2, 14, 5, tzinfo=CPH),
            "ana",
            "the stack trace says:\nKeyError: 'region'\nat config.py line 12",
        ),
        (datetime(2026, 3, 2, 14, 7, tzinfo=CPH), "נועה", "שלום, I see it too 🚀"),
    ]
    assert [e.line for e in result.entries] == [1, 2, 3, 4, 5, 9]
    assert all(e.source == "chat" and e.channel == "" for e in result.entries)
    assert result.skipped == {"housekeeping": 1, "empty": 1}


def test_bracketed_times_take_the_given_day_and_roll_over_midnight() -> None:
    result = read_chat_log(FIXTURES / "brackets.log", ImportOptions(zone="Europe/Copenhagen", day=DAY))
    assert [(e.at, e.actor, e.text) for e in result.entries] == [
        (datetime(2026, 3, 2, 14, 2, tzinfo=CPH), "ana", "login errors are climbing"),
        (datetime(2026, 3, 2, 14, 2, tzinfo=CPH), "vasilis", "on it"),
        (datetime(2026, 3, 2, 14, 3, tzinfo=CPH), "vasilis", "vasilis rolls back the push"),
        (datetime(2026, 3, 2, 23, 59, tzinfo=CPH), "ana", "still watching"),
        (datetime(2026, 3, 3, 0, 1, tzinfo=CPH), "ana", "past midnight now"),
    ]
    assert result.notices == [
        "In brackets.log, the times went back past midnight once; "
        "the lines after each were read as the next day."
    ]


def test_colon_lines() -> None:
    assert _read("colon.log", DAY) == [
        (datetime(2026, 3, 2, 14, 2, 11, tzinfo=CPH), "ana", "login errors are climbing"),
        (datetime(2026, 3, 2, 14, 2, 40, tzinfo=CPH), "vasilis", "on it: rolling back"),
        (datetime(2026, 3, 2, 14, 3, tzinfo=CPH), "ana", "ana nods"),
    ]


def test_the_day_comes_from_log_opened_and_day_changed_lines() -> None:
    assert _read("irssi.log") == [
        (datetime(2026, 3, 2, 14, 2, tzinfo=CPH), "ana", "login errors are climbing"),
        (datetime(2026, 3, 2, 14, 4, tzinfo=CPH), "vasilis", "rolling back"),
        (datetime(2026, 3, 3, 9, 0, tzinfo=CPH), "ana", "postmortem at ten"),
    ]


@pytest.mark.parametrize("name", ["#incident.2026-03-05.log", "incident_20260305.txt"])
def test_the_day_comes_from_the_files_name_before_the_day_given(tmp_path: Path, name: str) -> None:
    log = tmp_path / name
    log.write_text("14:04\tana\ttab-separated, as WeeChat writes\n[14:05] <bob> hi\n", encoding="utf-8")
    result = read_chat_log(log, ImportOptions(zone="Europe/Copenhagen", day=DAY))
    assert [(e.at, e.actor, e.text) for e in result.entries] == [
        (datetime(2026, 3, 5, 14, 4, tzinfo=CPH), "ana", "tab-separated, as WeeChat writes"),
        (datetime(2026, 3, 5, 14, 5, tzinfo=CPH), "bob", "hi"),
    ]


def test_month_and_day_stamps_take_the_year_of_the_day_given(tmp_path: Path) -> None:
    log = tmp_path / "hexchat.log"
    log.write_text("Mar 02 23:59:10 <ana>\tstill here\nMar 03 00:00:05 <bob>\tnew day\n", encoding="utf-8")
    result = read_chat_log(log, ImportOptions(zone="Europe/Copenhagen", day=date(2026, 1, 1)))
    assert [(e.at, e.actor, e.text) for e in result.entries] == [
        (datetime(2026, 3, 2, 23, 59, 10, tzinfo=CPH), "ana", "still here"),
        (datetime(2026, 3, 3, 0, 0, 5, tzinfo=CPH), "bob", "new day"),
    ]
    assert result.notices == []
    with pytest.raises(DayNeeded, match="give a month and a day but no year"):
        read_chat_log(log, ImportOptions())


def test_times_without_a_date_ask_for_the_day() -> None:
    with pytest.raises(DayNeeded) as problem:
        _read("brackets.log")
    assert str(problem.value) == (
        "brackets.log, line 1: the lines give a time but no date; "
        "say which day they were written (YYYY-MM-DD)."
    )


def test_lines_that_are_not_utf8_fall_back_per_line_and_are_named() -> None:
    result = read_chat_log(FIXTURES / "mixed-encoding.log", ImportOptions(zone="UTC"))
    assert [e.text for e in result.entries][:3] == [
        "café in UTF-8",
        "Grüße in Windows-1252",
        "naïve again UTF-8 — fine",
    ]
    assert result.entries[1].actor == "jörg"
    assert result.notices == [
        "In mixed-encoding.log, 2 lines were not UTF-8 and were read as Windows-1252 (Latin-1): lines 2, 4."
    ]


def test_a_text_without_chat_lines_is_refused() -> None:
    with pytest.raises(ImportProblem) as problem:
        read_chat_log(FIXTURES / "not-chat.txt", ImportOptions())
    assert str(problem.value).startswith("not-chat.txt has no chat lines; a chat log has lines like")


def test_a_time_window_leaves_lines_out_and_counts_them() -> None:
    since = datetime(2026, 3, 2, 14, 3, tzinfo=CPH)
    until = datetime(2026, 3, 2, 14, 5, tzinfo=CPH)
    options = ImportOptions(zone="Europe/Copenhagen", since=since, until=until)
    result = read_chat_log(FIXTURES / "iso.log", options)
    first_lines = [e.text.split("\n")[0] for e in result.entries]
    assert first_lines == ["ana restarts the auth pods", "the stack trace says:"]
    assert result.skipped["outside the time window"] == 4


def test_a_byte_order_mark_and_crlf_line_ends_are_read(tmp_path: Path) -> None:
    log = tmp_path / "windows.log"
    log.write_bytes("\ufeff[2026-03-02 14:02:11] <ana> hello\r\n[2026-03-02 14:03] <bob> hi\r\n".encode())
    assert _read_path(log) == [("ana", "hello"), ("bob", "hi")]


def _read_path(path: Path) -> list[tuple[str, str]]:
    return [(e.actor, e.text) for e in read_chat_log(path, ImportOptions()).entries]


def test_an_impossible_time_names_its_line(tmp_path: Path) -> None:
    log = tmp_path / "odd.log"
    log.write_text("2026-03-02T14:02:11 <ana> fine\n2026-02-30T14:02:11 <ana> no such day\n")
    with pytest.raises(ImportProblem, match=r"^odd\.log, line 2: '2026-02-30T14:02:11' is not a date"):
        read_chat_log(log, ImportOptions())


def test_a_line_too_long_to_be_chat_is_refused_without_reading_on(tmp_path: Path) -> None:
    log = tmp_path / "huge.log"
    with log.open("wb") as stream:
        stream.write(b"[14:02] <ana> start\n")
        stream.write(b"x" * (9 * 1024 * 1024))
    with pytest.raises(ImportProblem, match=r"^huge.log, line 2: this line is too long to be a chat message"):
        read_chat_log(log, ImportOptions(day=DAY))


def test_a_folder_or_missing_file_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(ImportProblem, match=r"^nothing.log could not be opened"):
        read_chat_log(tmp_path / "nothing.log", ImportOptions())
    with pytest.raises(ImportProblem, match=r"is a folder"):
        read_chat_log(tmp_path, ImportOptions())


def test_a_large_log_reports_progress_and_can_be_cancelled(tmp_path: Path) -> None:
    log = tmp_path / "big.log"
    start = datetime(2026, 3, 2, 12, 0, tzinfo=CPH)
    lines = [f"{(start + timedelta(seconds=n)).isoformat()} <ana> message number {n}\n" for n in range(20000)]
    log.write_text("".join(lines))
    seen: list[Progress] = []
    result = read_chat_log(log, ImportOptions(), lambda step: seen.append(step) or True)
    assert len(result.entries) == 20000
    assert len(seen) > 2 and seen[-1].done == log.stat().st_size
    with pytest.raises(ImportCancelled):
        read_chat_log(log, ImportOptions(), lambda step: False)
