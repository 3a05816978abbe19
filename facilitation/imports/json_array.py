"""Reading a JSON array one element at a time, so a large file is never held whole."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from facilitation.imports.common import ImportProblem, ProgressCallback
from facilitation.imports.text_lines import Decoding, ProblemLine, text_batches

MAX_ELEMENT_CHARS = 64 * 1024 * 1024
"""A larger single element (or a longer line) is not a chat message: the file is refused."""

_BATCH_CHARS = 64 * 1024
_WHITESPACE = " \t\r\n"


class _Buffer:
    """Decoded text of the stream, read a batch of lines at a time."""

    def __init__(self, batches: Iterator[str]) -> None:
        self.batches = batches
        self.text = ""
        self.pos = 0
        self.first_line = 1  # the line number of text[0]
        self.ended = False

    def more(self, wanted: int = _BATCH_CHARS) -> bool:
        """Read at least ``wanted`` more characters (or to the end); False when nothing was left."""
        if self.ended:
            return False
        if self.pos > _BATCH_CHARS:
            self.first_line += self.text.count("\n", 0, self.pos)
            self.text, self.pos = self.text[self.pos :], 0
        parts: list[str] = []
        size = 0
        for text in self.batches:
            parts.append(text)
            size += len(text)
            if size >= wanted:
                break
        else:
            self.ended = True
        self.text += "".join(parts)
        return bool(parts)

    def next_char(self) -> str:
        """The next character that is not white space (not consumed), or "" at the end."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def line_at(self, pos: int) -> int:
        return self.first_line + self.text.count("\n", 0, pos)


def json_elements(
    stream: IO[bytes],
    place: str,
    decoding: Decoding,
    progress: ProgressCallback | None = None,
    total: int = 0,
) -> Iterator[Any]:
    """Each element of the JSON array in ``stream``, in order.

    The text is read in batches of whole lines; a line that is not UTF-8 is read as
    Windows-1252 and recorded in ``decoding``.

    Raises:
        ImportProblem: The stream is not a JSON array; the sentence starts with ``place``
            and names the line.
    """
    buffer = _Buffer(text_batches(stream, total, decoding, progress, max_line=MAX_ELEMENT_CHARS))
    decoder = json.JSONDecoder()
    try:
        if buffer.next_char() != "[":
            raise _problem(
                place,
                buffer.line_at(buffer.pos),
                "does not start with a list ([), as every file of a Slack export does",
            )
        buffer.pos += 1
        if buffer.next_char() == "]":
            buffer.pos += 1
        else:
            while True:
                yield _element(buffer, decoder, place)
                separator = buffer.next_char()
                buffer.pos += 1
                if separator == "]":
                    break
                if separator != ",":
                    raise _problem(place, buffer.line_at(buffer.pos - 1), "is not JSON past this point")
        if buffer.next_char() != "":
            raise _problem(place, buffer.line_at(buffer.pos), "goes on after the end of its list")
    except ProblemLine as long_line:
        raise _problem(place, long_line.number, "is a line of more than 64 MB, too long to be chat") from None


def _element(buffer: _Buffer, decoder: json.JSONDecoder, place: str) -> Any:
    if buffer.next_char() == "":
        raise _problem(place, buffer.line_at(buffer.pos), "ends in the middle of its list")
    wanted = _BATCH_CHARS
    while True:
        try:
            element, end = decoder.raw_decode(buffer.text, buffer.pos)
        except json.JSONDecodeError as problem:
            # Lines come whole and JSON tokens never span lines, so text left after the place the
            # decoder stopped means the JSON is broken there; none means it needs more lines.
            if buffer.text[problem.pos :].strip():
                raise _problem(place, buffer.line_at(problem.pos), "is not JSON here") from None
            if len(buffer.text) - buffer.pos > MAX_ELEMENT_CHARS:
                raise _problem(
                    place, buffer.line_at(buffer.pos), "holds one message of more than 64 MB"
                ) from None
            wanted *= 2
            last_line = buffer.line_at(len(buffer.text.rstrip()))
            if not buffer.more(wanted):
                raise _problem(place, last_line, "ends before its last message is complete") from None
            continue
        except RecursionError:
            raise _problem(
                place, buffer.line_at(buffer.pos), "nests too deeply to be a chat message"
            ) from None
        buffer.pos = end
        return element


def _problem(place: str, line: int, what: str) -> ImportProblem:
    return ImportProblem(
        f"{place}, line {line:,}, {what}; check that the file is the one Slack exported, unchanged."
    )
