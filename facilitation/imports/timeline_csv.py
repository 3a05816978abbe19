"""Reading a timeline CSV: a header row, then one entry a row, with columns matched by name."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from facilitation.imports.common import (
    CSV_FIELD_LABELS,
    CSV_REQUIRED,
    ImportedEntry,
    ImportOptions,
    ImportProblem,
    ImportResult,
    MappingNeeded,
    ProgressCallback,
)
from facilitation.imports.moments import clock_time, read_moment
from facilitation.imports.text_lines import Decoding, ProblemLine, file_size, open_problem, text_lines
from facilitation.messages import echo
from facilitation.model import KINDS, SOURCE_LABELS, SOURCES

# Header spellings for each field, compared without case, spaces or punctuation.
_SYNONYMS = {
    "at": ("time", "at", "when", "timestamp", "datetime", "datetimeutc", "timeutc", "occurred", "date"),
    "actor": ("actor", "who", "author", "user", "username", "name", "person", "nick", "from", "sender"),
    "text": ("text", "message", "event", "what", "description", "content", "body", "note", "details"),
    "source": ("source", "origin", "from source"),
    "kind": ("kind", "type", "entry type", "entrytype"),
    "starred": ("starred", "star", "key", "key moment", "keymoment", "important"),
}
_DAY_HEADERS = {"date", "day"}
_UTC_HEADER = re.compile(r"\b(?:utc|gmt|z)\b", re.IGNORECASE)
_TRUE = {"yes", "y", "true", "1", "x", "*", "★", "starred"}
_FALSE = {"", "no", "n", "false", "0", "-"}


def _normalised(header: str) -> str:
    return re.sub(r"[\W_]+", "", header.casefold())


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Our field -> the header that most likely holds it, for the headers that match one."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for exact in (True, False):
        for name, spellings in _SYNONYMS.items():
            if name in mapping:
                continue
            for spelling in map(_normalised, spellings):  # the likeliest spelling first
                found = next(
                    (
                        header
                        for header in headers
                        if header not in taken
                        and (key := _normalised(header))
                        and (key == spelling if exact else len(spelling) > 2 and key.startswith(spelling))
                    ),
                    None,
                )
                if found is not None:
                    mapping[name] = found
                    taken.add(found)
                    break
    return mapping


def _rows(
    path: Path, decoding: Decoding, progress: ProgressCallback | None
) -> Iterator[tuple[int, list[str]]]:
    """Each CSV row with the line it starts on."""
    try:
        with path.open("rb") as stream:
            lines = (text + "\n" for _, text in text_lines(stream, file_size(path), decoding, progress))
            reader = csv.reader(lines, strict=True)
            start = 1
            try:
                for row in reader:
                    yield start, row
                    start = reader.line_num + 1
            except csv.Error:
                raise ImportProblem(
                    f"{echo(path.name)}, line {reader.line_num}: this is not a row of comma-separated "
                    "values (a quote may be left open); fix that line and import again."
                ) from None
            except ProblemLine as problem:
                raise ImportProblem(
                    f"{echo(path.name)}, line {problem.number}: this line is too long to be a row of a "
                    "timeline; check that the file is a CSV."
                ) from None
    except OSError as problem:
        raise open_problem(path, problem) from None


def csv_headers(path: Path) -> list[str]:
    """The header row of the CSV at ``path``.

    Raises:
        ImportProblem: The file cannot be read or has no header row.
    """
    for _, row in _rows(path, Decoding(), None):
        if any(cell.strip() for cell in row):
            return [cell.strip() for cell in row]
    raise ImportProblem(f"{echo(path.name)} is empty; a timeline CSV starts with a header row.")


def _checked_mapping(path: Path, headers: list[str], options: ImportOptions) -> dict[str, int]:
    mapping = options.mapping if options.mapping is not None else guess_mapping(headers)
    missing = [name for name in CSV_REQUIRED if not mapping.get(name)]
    if missing:
        names = " and ".join(CSV_FIELD_LABELS[name].lower() for name in missing)
        message = (
            f"{echo(path.name)}, line 1: no column is headed as the {names}; "
            "head the columns time, actor, text, source and kind "
            "(the import in the app can also match them by hand)."
        )
        raise MappingNeeded(message, headers, guess_mapping(headers))
    columns: dict[str, int] = {}
    for name, header in mapping.items():
        if not header:
            continue
        if header not in headers:
            raise ImportProblem(
                f"{echo(path.name)}, line 1: there is no column headed '{echo(header)}'; "
                "choose one of the file's columns."
            )
        columns[name] = headers.index(header)
    return columns


def _closed_value(value: str, choices: tuple[str, ...], labels: dict[str, str]) -> str | None:
    key = value.strip().casefold()
    for choice in choices:
        if key in (choice, labels.get(choice, choice).casefold()):
            return choice
    return None


def read_timeline_csv(
    path: Path, options: ImportOptions, progress: ProgressCallback | None = None
) -> ImportResult:
    """The entries of a timeline CSV, one a row, in the file's order.

    Raises:
        MappingNeeded: ``options.mapping`` is None and the headers name no time or text column.
        ImportProblem: The file cannot be read, or a cell cannot be (naming its line and column).
        ImportCancelled: ``progress`` returned False.
    """
    decoding = Decoding()
    result = ImportResult()
    headers: list[str] | None = None
    columns: dict[str, int] = {}
    zone = options.zone
    day_column: int | None = None
    for line, row in _rows(path, decoding, progress):
        if not any(cell.strip() for cell in row):
            continue
        if headers is None:
            headers = [cell.strip() for cell in row]
            columns = _checked_mapping(path, headers, options)
            zone = options.zone
            if "at" in columns and _UTC_HEADER.search(headers[columns["at"]]):
                zone = "UTC"  # "Time (UTC)": times without an offset are UTC, not the session's
            day_column = next(
                (
                    i
                    for i, h in enumerate(headers)
                    if _normalised(h) in _DAY_HEADERS and i not in columns.values()
                ),
                None,
            )
            continue
        cells = {name: row[index].strip() if index < len(row) else "" for name, index in columns.items()}
        if day_column is not None and day_column < len(row) and clock_time(cells.get("at", "")):
            cells["at"] = f"{row[day_column].strip()} {cells['at']}"  # a Date column beside a Time one
        entry = _entry(f"{echo(path.name)}, line {line}", line, cells, zone, options.day)
        if options.in_window(entry.at):
            result.keep(entry, echo(path.name))
        else:
            result.skip("outside the time window")
    if headers is None:
        raise ImportProblem(f"{echo(path.name)} is empty; a timeline CSV starts with a header row.")
    notice = decoding.notice(path.name)
    if notice:
        result.notices.append(notice)
    result.notices.extend(result.skipped_notices())
    return result


def _entry(place: str, line: int, cells: dict[str, str], zone: str, day: date | None) -> ImportedEntry:
    """One row's cells (by field) as an entry, times without an offset read in ``zone``, a bare
    clock time on ``day``; ``place`` names the file and line."""
    source_text, kind_text = cells.get("source", ""), cells.get("kind", "")
    starred_text = cells.get("starred", "")
    source = _closed_value(source_text, SOURCES, SOURCE_LABELS) if source_text else None
    if source_text and source is None:
        raise ImportProblem(
            f"{place}: the source '{echo(source_text)}' is not one Takeaways knows; "
            f"use one of {', '.join(SOURCES)}, or leave it empty."
        )
    kind = _closed_value(kind_text, KINDS, {}) if kind_text else "event"
    if kind is None:
        raise ImportProblem(
            f"{place}: the kind '{echo(kind_text)}' is not one Takeaways knows; "
            f"use one of {', '.join(KINDS)}, or leave it empty."
        )
    if starred_text.casefold() not in _TRUE | _FALSE:
        raise ImportProblem(
            f"{place}: the star '{echo(starred_text)}' is neither yes nor no; "
            "write yes or no, or leave it empty."
        )
    return ImportedEntry(
        at=_moment(cells.get("at", ""), zone, day, place),
        actor=cells.get("actor", ""),
        text=cells.get("text", ""),
        source=source,
        kind=kind,
        starred=starred_text.casefold() in _TRUE,
        line=line,
    )


def _moment(text: str, zone: str, day: date | None, place: str) -> datetime | None:
    if not text:
        return None
    moment = read_moment(text, zone, day)
    if moment is None:
        raise ImportProblem(
            f"{place}: the time '{echo(text)}' is not a date and time; write it like 2026-03-02 14:32."
        )
    return moment
