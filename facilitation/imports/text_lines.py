"""Reading a text file line by line, whatever its encoding, without holding it whole."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from facilitation.imports.common import ImportCancelled, ImportProblem, Progress, ProgressCallback
from facilitation.messages import echo

PROGRESS_EVERY = 256 * 1024
"""How many bytes are read between two progress reports."""

MAX_LINE_BYTES = 8 * 1024 * 1024
"""A longer "line" is not text anyone typed: the file is refused rather than read whole."""


@dataclass
class Decoding:
    """Which lines were not UTF-8 and how they were read instead."""

    fallback_lines: list[int] = field(default_factory=list)

    def notice(self, name: str) -> str | None:
        """One sentence about the lines read as Windows-1252, or None when every line was UTF-8."""
        if not self.fallback_lines:
            return None
        count = len(self.fallback_lines)
        shown = ", ".join(str(n) for n in self.fallback_lines[:10]) + (", …" if count > 10 else "")
        if count == 1:
            return f"In {name}, line {shown} was not UTF-8 and was read as Windows-1252 (Latin-1)."
        return (
            f"In {name}, {count:,} lines were not UTF-8 and were read as Windows-1252 (Latin-1): "
            f"lines {shown}."
        )


def decode_line(raw: bytes, number: int, decoding: Decoding) -> str:
    """One line's bytes as text: UTF-8 when it is, else Windows-1252 (bytes it lacks as Latin-1)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        decoding.fallback_lines.append(number)
        return raw.decode("cp1252", errors="latin1fallback")


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("latin1fallback", _latin1_fallback)


class ProblemLine(Exception):
    """A line too long to be text; carries its number."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def text_lines(
    stream: IO[bytes],
    total: int,
    decoding: Decoding,
    progress: ProgressCallback | None,
    max_line: int = MAX_LINE_BYTES,
) -> Iterator[tuple[int, str]]:
    """Each line of ``stream`` as (number from 1, text without its line ending).

    A UTF-8 byte-order mark at the start is dropped. Progress is reported every
    ``PROGRESS_EVERY`` bytes (``total`` is the stream's size); a False answer raises
    ``ImportCancelled``. A line over ``max_line`` bytes raises ``ProblemLine``.
    """
    done = reported = 0
    number = 0
    while True:
        raw = stream.readline(max_line + 1)
        if not raw:
            break
        number += 1
        done += len(raw)
        if len(raw) > max_line and not raw.endswith(b"\n"):
            raise ProblemLine(number)
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        if progress is not None and done - reported >= PROGRESS_EVERY:
            reported = done
            if not progress(Progress(done, total)):
                raise ImportCancelled
        yield number, decode_line(raw.rstrip(b"\r\n"), number, decoding)
    if progress is not None and not progress(Progress(done, max(total, done))):
        raise ImportCancelled


def text_batches(
    stream: IO[bytes],
    total: int,
    decoding: Decoding,
    progress: ProgressCallback | None,
    max_line: int = MAX_LINE_BYTES,
    batch: int = 64 * 1024,
) -> Iterator[str]:
    """``stream`` as text in batches of whole lines (line endings kept), about ``batch`` bytes each.

    The same reading as ``text_lines`` — UTF-8 with a byte-order mark dropped, a line that is not
    UTF-8 read as Windows-1252 and recorded in ``decoding``, progress and cancelling, ``ProblemLine``
    for a line over ``max_line`` bytes — but a batch that is all UTF-8 is decoded at once.
    """
    number = 1  # the line the next batch starts on
    done = 0
    while True:
        raw = stream.read(batch)
        if not raw:
            break
        if not raw.endswith(b"\n"):
            rest = stream.readline(max_line + 1)
            if len(rest) > max_line and not rest.endswith(b"\n"):
                raise ProblemLine(number + raw.count(b"\n"))
            raw += rest
        done += len(raw)
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            pieces = raw.split(b"\n")  # each line without its "\n", and what follows the last one
            text = "\n".join(
                decode_line(piece, number + offset, decoding) for offset, piece in enumerate(pieces)
            )
        number += raw.count(b"\n")
        if progress is not None and not progress(Progress(done, max(total, done))):
            raise ImportCancelled
        yield text


def open_problem(path: Path, error: OSError) -> ImportProblem:
    """The sentence for a file that could not be opened."""
    name = echo(path.name)
    if isinstance(error, IsADirectoryError):
        return ImportProblem(
            f"{name} is a folder; choose a file inside it (only a Slack export is a folder)."
        )
    if isinstance(error, FileNotFoundError):
        return ImportProblem(f"{name} could not be opened: there is no such file; check the name.")
    return ImportProblem(
        f"{name} could not be opened ({error.strerror or 'unreadable'}); check the file and import again."
    )


def file_size(path: Path) -> int:
    """The size of the file at ``path`` in bytes (0 when it cannot be told)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0
