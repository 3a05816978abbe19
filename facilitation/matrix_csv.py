"""Reading an incident list from a classification-matrix CSV (the essay's matrix as columns).

Every row becomes a session, or the file is refused whole: each problem is one sentence naming
the file line and the column. See ``docs/cli.md`` for the columns and what each becomes.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from facilitation.classification import parse_tags
from facilitation.messages import echo
from facilitation.model import ContributingFactor, Session
from facilitation.settings import normalise_severity

REFERENCE = "Incident"
SEVERITY = "Severity"
SYSTEM = "System / Component"
CAUSE = "Primary Cause"
FACTORS = "Contributing Factors"
TAGS = "Tags"
TITLE = "Title"
DATE = "Date"
REQUIRED_COLUMNS = (REFERENCE, SEVERITY, SYSTEM, CAUSE, FACTORS, TAGS)
OPTIONAL_COLUMNS = (TITLE, DATE)
IMPORTED_TIME_ZONE = "UTC"
"""An imported day starts at 00:00 in this zone, so its start day is the day written."""

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class MatrixCsvProblem(ValueError):
    """The file cannot be imported; ``str()`` is one plain sentence naming where and what to do."""


@dataclass(frozen=True)
class MatrixIncident:
    """One row of the matrix, read and checked.

    Attributes:
        line: The file line the row starts on.
        start_day: The ``Date`` column, or None without one.
        severity: The scale's spelling, or "" when the cell is empty.
    """

    line: int
    reference: str
    title: str
    start_day: date | None
    severity: str
    system: str
    trigger: str
    factors: tuple[str, ...]
    tags: tuple[str, ...]

    def session(self) -> Session:
        """The incident as a new session: its day at 00:00 UTC, factors without a category."""
        started = datetime(*self.start_day.timetuple()[:3], tzinfo=UTC) if self.start_day else None
        return Session(
            title=self.title,
            reference=self.reference,
            severity=self.severity,
            system=self.system,
            trigger=self.trigger,
            time_zone=IMPORTED_TIME_ZONE if started else "",
            started_at=started,
            tags=list(self.tags),
            contributing_factors=[ContributingFactor(text=text) for text in self.factors],
        )


def _header_key(text: str) -> str:
    """A header as compared: case, surrounding spaces and spacing around ``/`` ignored."""
    return re.sub(r"\s*/\s*", " / ", " ".join(text.split())).casefold()


_KNOWN = {_header_key(name): name for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS}


def decode_matrix_csv(data: bytes, name: str) -> str:
    """The file's text: UTF-8, with or without a byte-order mark.

    Raises:
        MatrixCsvProblem: It is not UTF-8; the sentence names the line.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise MatrixCsvProblem(
            f"Nothing was imported from {name}: line {line} is not UTF-8 text; "
            "save the file as UTF-8 (CSV UTF-8 in a spreadsheet) and import it again."
        ) from None


def parse_matrix_csv(text: str, scale: list[str], name: str) -> list[MatrixIncident]:
    """Every incident in a classification-matrix CSV, in file order; all of them or a problem.

    Args:
        text: The file's text.
        scale: The library's severity level names.
        name: How to call the file in a problem.

    Raises:
        MatrixCsvProblem: The first thing to fix, naming the line and the column.
    """
    refused = f"Nothing was imported from {name}:"
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise MatrixCsvProblem(f"{refused} line {line} holds a NUL character, so it is not a CSV text file.")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise MatrixCsvProblem(
                f"{refused} the row starting on line {start} has a cell longer than "
                f"{csv.field_size_limit():,} characters (often a quote left open, which runs on to the "
                "end of the file); close the quote or shorten the cell, then import it again."
            ) from None
        raise MatrixCsvProblem(
            f"{refused} the CSV cannot be read from line {start} on ({exc}); "
            "check the quotes on that line and import it again."
        ) from None
    records = [(line, cells) for line, cells in records if any(cell.strip() for cell in cells)]
    if not records:
        raise MatrixCsvProblem(
            f"{refused} it has no header row; the first line names the columns, "
            f"such as {', '.join(REQUIRED_COLUMNS)}."
        )
    header_line, header = records[0]
    columns = _columns(refused, header_line, header)
    incidents: list[MatrixIncident] = []
    seen: dict[str, int] = {}
    for line, cells in records[1:]:
        incident = _incident(refused, line, cells, columns, header, scale)
        first = seen.setdefault(incident.reference.casefold(), line)
        if first != line:
            raise MatrixCsvProblem(
                f"{refused} line {line}, column {REFERENCE}: '{echo(incident.reference)}' is already "
                f"the incident on line {first}; give each row its own reference or remove the repeat."
            )
        incidents.append(incident)
    return incidents


def _columns(refused: str, line: int, header: list[str]) -> dict[str, int]:
    """Where each known column is; refused when one is unknown, repeated or missing."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        known = _KNOWN.get(_header_key(cell))
        if known is None:
            raise MatrixCsvProblem(
                f"{refused} line {line}, column {index + 1} is headed '{echo(cell)}', which Takeaways "
                f"does not read; rename it to one of {', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)} "
                "or remove that column, so nothing in it is lost."
            )
        if known in columns:
            raise MatrixCsvProblem(
                f"{refused} line {line} has the column {known} twice (columns {columns[known] + 1} "
                f"and {index + 1}); keep one of them."
            )
        columns[known] = index
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise MatrixCsvProblem(
            f"{refused} the header on line {line} has no column{plural} {', '.join(missing)}; "
            "add them (a column may be left empty)."
        )
    return columns


def _incident(
    refused: str, line: int, cells: list[str], columns: dict[str, int], header: list[str], scale: list[str]
) -> MatrixIncident:
    if len(cells) > len(header):
        raise MatrixCsvProblem(
            f"{refused} line {line} has {len(cells)} cells but the header names {len(header)} columns; "
            "quote any cell holding a comma, or remove the extra cells."
        )

    def cell(column: str) -> str:
        index = columns.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    where = f"{refused} line {line}, column"
    reference = cell(REFERENCE)
    if not reference:
        raise MatrixCsvProblem(f"{where} {REFERENCE} is empty; every row needs the incident's reference.")
    severity = cell(SEVERITY)
    known = normalise_severity(severity, scale) if severity else ""
    if known is None:
        raise MatrixCsvProblem(
            f"{where} {SEVERITY} has '{echo(severity)}', which is not on the library's scale "
            f"({', '.join(scale)}); use one of those or leave it empty."
        )
    day_text = cell(DATE)
    return MatrixIncident(
        line=line,
        reference=reference,
        title=cell(TITLE) or f"Incident {reference}",
        start_day=_day(f"{where} {DATE}", day_text) if day_text else None,
        severity=known,
        system=cell(SYSTEM),
        trigger=cell(CAUSE),
        factors=tuple(part.strip() for part in cell(FACTORS).split(",") if part.strip()),
        tags=tuple(parse_tags(cell(TAGS))),
    )


def _day(where: str, text: str) -> date:
    if _DAY.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise MatrixCsvProblem(
                f"{where} has {text}, which is not a day in the calendar; check the month and the day."
            ) from None
    raise MatrixCsvProblem(f"{where} has '{echo(text)}'; write the day as YYYY-MM-DD, such as 2026-03-01.")
