"""Reading a chat log: IRC-style text, one message a line, with a time (and perhaps a date) on each."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from facilitation.imports.common import (
    DayNeeded,
    ImportedEntry,
    ImportOptions,
    ImportProblem,
    ImportResult,
    ProgressCallback,
)
from facilitation.imports.moments import clock_time, local_moment, read_moment
from facilitation.imports.text_lines import Decoding, ProblemLine, file_size, open_problem, text_lines
from facilitation.messages import echo

# The stamp that starts a line: a date and a time (ISO, offset optional) or a time alone,
# either perhaps in brackets.
_STAMP = re.compile(
    r"\s*[\[(]?\s*(?:(?P<date>\d{4}-\d{2}-\d{2})[T ]\s*"
    r"|(?P<month>(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))\s+(?P<dom>\d{1,2})\s+)?"
    r"(?P<clock>\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?)"
    r"(?P<offset>\s?(?:Z|[+-]\d{2}:?\d{2}))?\s*[\])]?",
    re.ASCII,
)
_NICK_MODES = "@+%~&!"
# What follows the stamp: "<nick> text", "* nick does", "nick: text", "nick<TAB>text".
_SAID = re.compile(r"\s*<\s*(?P<nick>[^<>]{1,80}?)\s*>\s?(?P<text>.*)")
_ACTION = re.compile(r"\s*\*\s+(?P<nick>[^\s*]\S{0,79})\s+(?P<text>.*)")
_COLON = re.compile(r"\s*(?P<nick>[^\s:<>*][^\s:<>]{0,79}):\s+(?P<text>.*)")
_TABBED = re.compile(r"\s*(?P<nick>[^\t]{1,80})\t(?P<text>.*)")
# Housekeeping: joins, quits, mode and topic changes, log openings, day changes.
_HOUSEKEEPING = re.compile(r"\s*(?:-!-|\*\*\*|-->|<--|---|===|--|\*\s*(?:Now talking|Topic|Mode))")
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
# A date in a "Day changed" or "Log opened" line: ISO, or "Mon Mar 02 [14:00:00] 2026".
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_WORDY_DATE = re.compile(
    r"\b(?P<month>[A-Za-z]{3})[a-z]*\s+(?P<day>\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?,?\s+(?P<year>\d{4})\b",
    re.ASCII,
)
_ROLLOVER = timedelta(hours=12)
"""A time this much earlier than the line before, on a log without dates, starts the next day."""


@dataclass
class _Reading:
    path: Path
    options: ImportOptions
    result: ImportResult = field(default_factory=ImportResult)
    day: date | None = None
    last_clock: time | None = None
    rollovers: int = 0
    last: ImportedEntry | None = None
    pending: list[ImportedEntry] = field(default_factory=list)

    def place(self, number: int) -> str:
        return f"{echo(self.path.name)}, line {number}"


def read_chat_log(
    path: Path, options: ImportOptions, progress: ProgressCallback | None = None
) -> ImportResult:
    """The messages of a chat log, one entry a line, in the file's order.

    Lines that continue a message (indented lines right after it) join it. A line with a
    time but no date takes the day from the last "Day changed" or "Log opened" line, else
    from a date in the file's name (``ops.2026-03-02.log``), else ``options.day``; without
    any, ``DayNeeded`` is raised.

    Raises:
        DayNeeded: The lines carry no date and ``options.day`` is None.
        ImportProblem: The file cannot be read or holds no chat lines.
        ImportCancelled: ``progress`` returned False.
    """
    reading = _Reading(path, options, day=_day_in_name(path.name) or options.day)
    decoding = Decoding()
    try:
        with path.open("rb") as stream:
            for number, text in text_lines(stream, file_size(path), decoding, progress):
                _read_line(reading, number, text)
    except ProblemLine as problem:
        raise ImportProblem(
            f"{reading.place(problem.number)}: this line is too long to be a chat message; "
            "check that the file is a chat log."
        ) from None
    except OSError as problem:
        raise open_problem(path, problem) from None
    _flush(reading)
    result = reading.result
    if not result.entries and not result.skipped.get("outside the time window"):
        raise ImportProblem(
            f"{echo(path.name)} has no chat lines; a chat log has lines like "
            "'[14:02] <ana> text' or '2026-03-02T14:02:11 <ana> text'."
        )
    notice = decoding.notice(path.name)
    if notice:
        result.notices.append(notice)
    if reading.rollovers:
        times = "once" if reading.rollovers == 1 else f"{reading.rollovers:,} times"
        result.notices.append(
            f"In {path.name}, the times went back past midnight {times}; "
            "the lines after each were read as the next day."
        )
    result.notices.extend(result.skipped_notices())
    return result


def _read_line(reading: _Reading, number: int, text: str) -> None:
    if not text.strip():
        return
    if text[0] in " \t" and reading.last is not None and not _STAMP.match(text):
        reading.last = replace(reading.last, text=f"{reading.last.text}\n{text.strip()}")
        return
    stamp = _STAMP.match(text)
    body = text[stamp.end() :] if stamp else text
    said = _said(body)
    if stamp is None or said is None:
        _flush(reading)
        if not _set_day(reading, text):
            reading.result.skip("housekeeping" if _HOUSEKEEPING.match(body) else "not chat")
        return
    at = _moment(reading, number, stamp)
    _flush(reading)
    nick, words = said
    if not words.strip():
        reading.result.skip("empty")
        return
    reading.last = ImportedEntry(at=at, actor=nick, text=words.strip(), source="chat", line=number)


def _said(body: str) -> tuple[str, str] | None:
    """(nick, text) of a message body, or None when the body is not a message."""
    if _HOUSEKEEPING.match(body):
        return None
    action = _ACTION.fullmatch(body)
    if action:
        nick = action["nick"].lstrip(_NICK_MODES) or action["nick"]
        return nick, f"{nick} {action['text']}"
    for pattern in (_SAID, _COLON, _TABBED):
        match = pattern.fullmatch(body)
        if match and match["nick"].strip():
            nick = match["nick"].strip()
            return nick.lstrip(_NICK_MODES) or nick, match["text"]
    return None


def _flush(reading: _Reading) -> None:
    last, reading.last = reading.last, None
    if last is None:
        return
    if reading.options.in_window(last.at):
        reading.result.keep(last, echo(reading.path.name))
    else:
        reading.result.skip("outside the time window")


def _moment(reading: _Reading, number: int, stamp: re.Match[str]) -> datetime:
    clock_text = stamp["clock"]
    if stamp["date"]:
        moment = read_moment(
            f"{stamp['date']}T{clock_text}{(stamp['offset'] or '').strip()}", reading.options.zone
        )
        if moment is None:
            raise ImportProblem(
                f"{reading.place(number)}: '{echo(stamp.group(0).strip())}' is not a date and time; "
                "fix that line and import again."
            )
        reading.day, reading.last_clock = moment.date(), None
        return moment
    if stamp["month"]:
        _set_month_day(reading, number, stamp)
    clock = clock_time(clock_text.split(".")[0].split(",")[0])
    if clock is None:
        raise ImportProblem(
            f"{reading.place(number)}: '{echo(clock_text)}' is not a time of day; "
            "fix that line and import again."
        )
    if reading.day is None:
        raise DayNeeded(
            f"{reading.place(number)}: the lines give a time but no date; "
            "say which day they were written (YYYY-MM-DD)."
        )
    if reading.last_clock is not None and _seconds(reading.last_clock) - _seconds(clock) > _ROLLOVER.seconds:
        reading.day += timedelta(days=1)
        reading.rollovers += 1
    reading.last_clock = clock
    return local_moment(reading.day, clock, reading.options.zone)


def _day_in_name(name: str) -> date | None:
    """The day a log's file name gives (``#ops.2026-03-02.log``, ``ops_20260302.txt``), if any."""
    match = re.search(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)", name, re.ASCII)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _set_month_day(reading: _Reading, number: int, stamp: re.Match[str]) -> None:
    """A "Mar 02 14:02:11" stamp (HexChat's): the month and day, in the year the log is known to be from."""
    if reading.day is None:
        raise DayNeeded(
            f"{reading.place(number)}: the lines give a month and a day but no year; "
            "say which day the log starts (YYYY-MM-DD)."
        )
    try:
        day = date(reading.day.year, _MONTHS.index(stamp["month"].lower()) + 1, int(stamp["dom"]))
    except ValueError:
        raise ImportProblem(
            f"{reading.place(number)}: '{echo(stamp.group(0).strip())}' is not a day of the calendar; "
            "fix that line and import again."
        ) from None
    if day != reading.day:
        reading.day, reading.last_clock = day, None


def _seconds(clock: time) -> int:
    return clock.hour * 3600 + clock.minute * 60 + clock.second


def _set_day(reading: _Reading, text: str) -> bool:
    """Take the day from a "Day changed" or "Log opened" line; True when the line gave one."""
    if not _HOUSEKEEPING.match(text) and not re.match(
        r"\s*(session start|log opened|day changed)", text, re.I
    ):
        return False
    found: date | None = None
    iso = _ISO_DATE.search(text)
    wordy = _WORDY_DATE.search(text)
    try:
        if iso:
            found = date(int(iso[1]), int(iso[2]), int(iso[3]))
        elif wordy and wordy["month"].lower() in _MONTHS:
            found = date(int(wordy["year"]), _MONTHS.index(wordy["month"].lower()) + 1, int(wordy["day"]))
    except ValueError:
        found = None
    if found is None:
        return False
    reading.day, reading.last_clock = found, None
    reading.result.skip("housekeeping")
    return True
