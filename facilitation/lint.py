"""The language coach over a whole text or Markdown file, with each finding placed by line and column.

Markdown is read the way CommonMark (with GitHub's tables) reads it, far enough to
know what is prose: code blocks, inline code, link targets, URLs and HTML comments
are never checked, and every paragraph, heading, list item and table cell is
checked as a text of its own, so a sentence wrapped over several lines is still
one sentence. A plain text file is Markdown without markup and reads the same way.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from facilitation.coach import Coach, Note

__all__ = ["LintFinding", "lint_text"]


@dataclass(frozen=True)
class LintFinding:
    """One piece of wording the coach would reframe, placed in the file.

    Lines and columns count from 1, in Unicode code points: a tab, a combining
    accent and each code point of an emoji are one column each.

    Attributes:
        line: The line the wording starts on.
        col: The column of its first character.
        end_col: The column just after its last character on ``line``; wording that
            goes on over a line break ends at the end of ``line``'s text.
        rule: The coach's rule id (``counterfactual``, ``blame-word`` …).
        message: One sentence: why this wording gets in the way of learning.
        suggestion: The whole sentence reworded, on one line, or None when the coach
            has no rewording to offer.
    """

    line: int
    col: int
    end_col: int
    rule: str
    message: str
    suggestion: str | None


def lint_text(text: str, coach: Coach, *, learnings: bool = False) -> list[LintFinding]:
    """Check the prose of ``text`` with ``coach``; its findings, in reading order.

    Lines end at ``\\n``, ``\\r\\n`` or ``\\r``. What Markdown marks as code or
    markup (fenced and indented code blocks, code spans, link and image targets,
    autolinks and bare URLs, HTML comments and tags, YAML front matter) is left
    out; so are the markers of headings, lists, block quotes and tables.

    Args:
        text: The whole file, Markdown or plain text.
        coach: The language coach to check with.
        learnings: Also run the checks meant for key learnings (unexplained terms,
            learnings that only restate a fix).

    Returns:
        Every finding, ordered by line, then column.
    """
    lines = _LINE_BREAK.split(text)
    findings: list[LintFinding] = []
    for unit in _text_units(lines):
        findings.extend(_check_unit(unit, lines, coach, learnings))
    findings.sort(key=lambda f: (f.line, f.col, f.end_col, f.rule))
    return findings


# -- text units ------------------------------------------------------------------------------------------

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class _Segment:
    """A stretch of one line that belongs to a text unit: ``lines[line][start:end]``."""

    line: int
    start: int
    end: int


_Unit = list[_Segment]
"""One text checked on its own (a paragraph, a heading, a table cell), as the lines it spans."""


def _text_units(lines: list[str]) -> Iterator[_Unit]:
    parser = _BlockParser(lines)
    first = _front_matter_end(lines)
    for index in range(first, len(lines)):
        parser.feed(index)
        yield from parser.take_units()
    parser.close_leaf()
    yield from parser.take_units()


def _front_matter_end(lines: list[str]) -> int:
    """The first line after YAML front matter (``---`` … ``---``) at the top, or 0 without any."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return index + 1
    return 0


class _Cursor:
    """A place in one line, in characters and in columns with tab stops of 4 (CommonMark's rule)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        # The column of the place; may lie inside a tab that is partly used as indentation.
        self.col = 0

    def indent(self) -> int:
        """Columns of spaces and tabs from here to the next other character."""
        col, pos = self.col, self.pos
        while pos < len(self.text) and self.text[pos] in " \t":
            col += 1 if self.text[pos] == " " else 4 - col % 4
            pos += 1
        return col - self.col

    def advance_columns(self, columns: int) -> None:
        """Use ``columns`` columns of indentation (splitting a tab when needed)."""
        while columns > 0 and self.pos < len(self.text) and self.text[self.pos] in " \t":
            width = 1 if self.text[self.pos] == " " else 4 - self.col % 4
            if width > columns:
                self.col += columns
                return
            self.pos += 1
            self.col += width
            columns -= width

    def skip_spaces(self) -> None:
        self.advance_columns(len(self.text) * 4)

    def advance(self, characters: int) -> None:
        """Step over ``characters`` characters that are not spaces or tabs."""
        self.pos += characters
        self.col += characters

    def look(self) -> str:
        """The rest of the line after the indentation."""
        pos = self.pos
        while pos < len(self.text) and self.text[pos] in " \t":
            pos += 1
        return self.text[pos:]

    def is_blank(self) -> bool:
        return not self.text[self.pos :].strip(" \t")


_THEMATIC_BREAK = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_SETEXT_UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*$")
_ATX_HEADING = re.compile(r"#{1,6}(?=[ \t]|$)")
_ATX_CLOSING = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_FENCE = re.compile(r"(`{3,})(?!.*`)|(~{3,})")
_LIST_MARKER = re.compile(r"([-+*]|(\d{1,9})[.)])(?=[ \t]|$)")
_TABLE_DELIMITER = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_LINK_DEFINITION = re.compile(r"\[(?:[^\[\]\\]|\\.)+\]:[ \t]*\S+")
_FOOTNOTE_DEFINITION = re.compile(r"\[\^[^\]\s]+\]:[ \t]*")
# CommonMark's HTML blocks whose content is not prose: raw code (1), comments (2),
# processing instructions (3), declarations (4) and CDATA (5); each ends at its closer.
_RAW_TAGS = "pre|script|style|textarea"
_HTML_BLOCKS = [
    (re.compile(rf"<(?:{_RAW_TAGS})(?:[ \t>]|$)", re.I), re.compile(rf"</(?:{_RAW_TAGS})>", re.I)),
    (re.compile(r"<!--"), re.compile(r"-->")),
    (re.compile(r"<\?"), re.compile(r"\?>")),
    (re.compile(r"<![A-Za-z]"), re.compile(r">")),
    (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>")),
]


@dataclass
class _Container:
    """An open block quote (``content_col`` None) or list item (its content's column)."""

    content_col: int | None


@dataclass
class _Paragraph:
    segments: list[_Segment] = field(default_factory=list)


@dataclass
class _Fence:
    char: str
    length: int


@dataclass
class _HtmlBlock:
    end: re.Pattern[str]


@dataclass
class _Table:
    pass


_Leaf = _Paragraph | _Fence | _HtmlBlock | _Table


class _BlockParser:
    """CommonMark's line-by-line block structure, kept only as far as telling prose from the rest."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.containers: list[_Container] = []
        self.leaf: _Leaf | None = None
        self.units: list[_Unit] = []

    def take_units(self) -> list[_Unit]:
        units, self.units = self.units, []
        return units

    def close_leaf(self) -> None:
        if isinstance(self.leaf, _Paragraph):
            self._emit(self.leaf.segments)
        self.leaf = None

    def _emit(self, segments: list[_Segment]) -> None:
        kept = [s for s in segments if s.end > s.start]
        if kept:
            self.units.append(kept)

    def feed(self, index: int) -> None:
        cursor = _Cursor(self.lines[index])
        matched = self._match_containers(cursor)
        all_matched = matched == len(self.containers)

        if all_matched and isinstance(self.leaf, _Fence):
            if self._closes_fence(cursor, self.leaf):
                self.leaf = None
            return
        if all_matched and isinstance(self.leaf, _HtmlBlock):
            if self.leaf.end.search(cursor.text, cursor.pos):
                self.leaf = None
            return

        # New block quotes and list items opening on this line.
        opened = False
        while cursor.indent() < 4:
            look = cursor.look()
            # A paragraph this line could go on with, in the innermost container reached.
            paragraph_open = all_matched and isinstance(self.leaf, _Paragraph) and not opened
            if paragraph_open and _SETEXT_UNDERLINE.match(look):
                break
            if _THEMATIC_BREAK.match(look):
                break
            if look.startswith(">"):
                self._close_from(matched)
                cursor.skip_spaces()
                cursor.advance(1)
                if cursor.pos < len(cursor.text) and cursor.text[cursor.pos] in " \t":
                    cursor.advance_columns(1)
                self.containers.append(_Container(None))
                matched = len(self.containers)
                all_matched = opened = True
                continue
            marker = _LIST_MARKER.match(look)
            if marker is None:
                break
            empty = not look[marker.end() :].strip(" \t")
            if paragraph_open and (empty or (marker[2] is not None and int(marker[2]) != 1)):
                break  # such an item cannot interrupt a paragraph: the line is its text
            self._close_from(matched)
            cursor.skip_spaces()
            cursor.advance(marker.end())
            after = cursor.indent()
            if empty:
                content_col = cursor.col + 1
            elif after <= 4:
                cursor.advance_columns(after)
                content_col = cursor.col
            else:  # the content starts with indented code
                cursor.advance_columns(1)
                content_col = cursor.col
            self.containers.append(_Container(content_col))
            matched = len(self.containers)
            all_matched = opened = True

        if not all_matched:
            if isinstance(self.leaf, _Paragraph) and not cursor.is_blank() and self._continues(cursor):
                self.leaf.segments.append(self._rest(index, cursor))  # a lazy continuation line
                return
            self._close_from(matched)
        self._leaf_line(index, cursor)

    def _match_containers(self, cursor: _Cursor) -> int:
        matched = 0
        for container in self.containers:
            if container.content_col is None:
                if cursor.indent() > 3 or not cursor.look().startswith(">"):
                    break
                cursor.skip_spaces()
                cursor.advance(1)
                if cursor.pos < len(cursor.text) and cursor.text[cursor.pos] in " \t":
                    cursor.advance_columns(1)
            elif not cursor.is_blank():
                if cursor.col + cursor.indent() < container.content_col:
                    break
                cursor.advance_columns(container.content_col - cursor.col)
            matched += 1
        return matched

    def _close_from(self, depth: int) -> None:
        """Close the leaf and every container deeper than ``depth``."""
        self.close_leaf()
        del self.containers[depth:]

    def _continues(self, cursor: _Cursor) -> bool:
        """Whether the line would go on with an open paragraph rather than start a block."""
        if cursor.indent() >= 4:
            return True
        look = cursor.look()
        return not (
            _THEMATIC_BREAK.match(look)
            or _ATX_HEADING.match(look)
            or _FENCE.match(look)
            or any(start.match(look) for start, _ in _HTML_BLOCKS)
        )

    @staticmethod
    def _closes_fence(cursor: _Cursor, fence: _Fence) -> bool:
        if cursor.indent() > 3:
            return False
        look = cursor.look().rstrip(" \t")
        return len(look) >= fence.length and look == fence.char * len(look)

    def _leaf_line(self, index: int, cursor: _Cursor) -> None:
        leaf = self.leaf
        paragraph = leaf if isinstance(leaf, _Paragraph) else None
        if cursor.is_blank():
            self.close_leaf()
            return
        if cursor.indent() >= 4:
            if paragraph is not None:
                paragraph.segments.append(self._rest(index, cursor))
            else:
                self.close_leaf()  # indented code
            return
        cursor.skip_spaces()
        look = cursor.text[cursor.pos :]

        if paragraph is not None and self._starts_table(index, paragraph, look):
            return
        if paragraph is not None and _SETEXT_UNDERLINE.match(look):
            self.close_leaf()  # the paragraph was a heading
            return
        if _THEMATIC_BREAK.match(look):
            self.close_leaf()
            return
        heading = _ATX_HEADING.match(look)
        if heading:
            self.close_leaf()
            start = cursor.pos + heading.end()
            content = cursor.text[start:]
            closing = _ATX_CLOSING.search(content)
            end = start + (closing.start() if closing else len(content))
            self._emit([self._trimmed(index, start, end)])
            return
        fence = _FENCE.match(look)
        if fence:
            self.close_leaf()
            run = fence[1] or fence[2]
            self.leaf = _Fence(run[0], len(run))
            return
        for start_pattern, end_pattern in _HTML_BLOCKS:
            opening = start_pattern.match(look)
            if opening:
                self.close_leaf()
                if not end_pattern.search(look, opening.end()):
                    self.leaf = _HtmlBlock(end_pattern)
                return
        if isinstance(leaf, _Table):
            self._emit_cells(index, cursor.pos)
            return
        if paragraph is not None:
            paragraph.segments.append(self._rest(index, cursor))
            return
        footnote = _FOOTNOTE_DEFINITION.match(look)
        if footnote:
            cursor.advance(footnote.end())
        elif _LINK_DEFINITION.match(look):
            return
        self.leaf = _Paragraph([self._rest(index, cursor)])

    def _starts_table(self, index: int, paragraph: _Paragraph, look: str) -> bool:
        """Turn the paragraph's last line into a table's header row if this line is its delimiter row."""
        if not _TABLE_DELIMITER.match(look):
            return False
        header = paragraph.segments[-1]
        if header.line != index - 1:
            return False
        header_text = self.lines[header.line][header.start : header.end]
        if "|" not in look and "|" not in header_text:
            return False
        if len(_cell_spans(look, 0)) != len(_cell_spans(header_text, 0)):
            return False
        self._emit(paragraph.segments[:-1])
        self.leaf = _Table()
        self._emit_cells(header.line, header.start, header.end)
        return True

    def _emit_cells(self, index: int, start: int, end: int | None = None) -> None:
        text = self.lines[index][: len(self.lines[index]) if end is None else end]
        for cell_start, cell_end in _cell_spans(text, start):
            self._emit([self._trimmed(index, cell_start, cell_end)])

    def _rest(self, index: int, cursor: _Cursor) -> _Segment:
        """The line's text from the cursor, without a hard line break's backslash at its end."""
        line = self.lines[index]
        segment = self._trimmed(index, cursor.pos, len(line))
        text = line[segment.start : segment.end]
        trailing = len(text) - len(text.rstrip("\\"))
        if trailing % 2:
            return self._trimmed(index, segment.start, segment.end - 1)
        return segment

    def _trimmed(self, index: int, start: int, end: int) -> _Segment:
        """``lines[index][start:end]`` without the spaces and tabs around it."""
        line = self.lines[index]
        while start < end and line[start] in " \t":
            start += 1
        while end > start and line[end - 1] in " \t":
            end -= 1
        return _Segment(index, start, end)


_PIPES = re.compile(r"\\.|\|")


def _cell_spans(text: str, start: int) -> list[tuple[int, int]]:
    """Where each cell of a table row written in ``text[start:]`` lies: between unescaped pipes."""
    bounds = [start - 1]
    bounds.extend(pipe.start() for pipe in _PIPES.finditer(text, start) if pipe.group() == "|")
    bounds.append(len(text))
    spans = [(a + 1, b) for a, b in itertools.pairwise(bounds)]
    if len(spans) > 1 and not text[spans[0][0] : spans[0][1]].strip(" \t"):
        spans = spans[1:]  # a leading pipe
    if len(spans) > 1 and not text[spans[-1][0] : spans[-1][1]].strip(" \t"):
        spans = spans[:-1]  # a trailing pipe
    return spans


# -- inline markup ------------------------------------------------------------------------------------------

_MAYBE_MARKUP = re.compile(r"[`<\[\]_]|ftp://|https?://|www\.", re.I)
_INLINE_START = re.compile(r"\\[!-/:-@\[-`{-~]|`+|<")
_BACKTICKS = re.compile(r"`+")
_ANGLE_TOKENS = [
    # Autolinks, URI and e-mail: whole tokens a suggestion may carry over.
    (re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>\x00-\x1f]*>"), True),
    (
        re.compile(
            r"<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>"
        ),
        True,
    ),
    # Raw HTML: comments, tags, processing instructions, declarations, CDATA.
    (re.compile(r"<!-->|<!--->|<!--.*?-->", re.S), False),
    (
        re.compile(
            r"<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*"
            r"(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>"
        ),
        False,
    ),
    (re.compile(r"</[A-Za-z][A-Za-z0-9-]*\s*>"), False),
    (re.compile(r"<\?.*?\?>", re.S), False),
    (re.compile(r"<![A-Za-z][^>]*>"), False),
    (re.compile(r"<!\[CDATA\[.*?\]\]>", re.S), False),
]
_BRACKETS = re.compile(r"\\[!-/:-@\[-`{-~]|!?\[|\]")
_LINK_LABEL = re.compile(r"\[(?:[^\[\]\\]|\\.){0,999}\]")
_BARE_URL = re.compile(r"(?<![\w/@.])(?:https?://|ftp://|www\.)[^\s<>]+", re.I)
_URL_TRAILING = "?!.,:;*_~'\""
_UNDERSCORES = re.compile(r"_+")


@dataclass
class _Masks:
    """Stretches of a unit's text that are not prose, split by what a suggestion may keep."""

    tokens: list[tuple[int, int]] = field(default_factory=list)
    markup: list[tuple[int, int]] = field(default_factory=list)


def _inline_masks(text: str) -> _Masks:
    """Find code spans, autolinks, URLs, HTML and link syntax in one unit's text.

    Tokens (code spans, autolinks, bare URLs) stand for words in a sentence and may be
    carried over into a suggestion; markup (brackets, link targets, HTML, emphasis
    underscores) is only dropped.
    """
    masks = _Masks()
    if not _MAYBE_MARKUP.search(text):
        return masks
    _code_and_html(text, masks)
    view = _blanked(text, masks.tokens + masks.markup)
    _links(view, masks)
    view = _blanked(view, masks.markup)
    for url in _BARE_URL.finditer(view):
        end = _url_end(view, url.start(), url.end())
        masks.tokens.append((url.start(), end))
    view = _blanked(view, masks.tokens)
    for run in _UNDERSCORES.finditer(view):
        before = view[run.start() - 1] if run.start() else " "
        after = view[run.end()] if run.end() < len(view) else " "
        if not (before.isalnum() and after.isalnum()):  # snake_case stays a word
            masks.markup.append(run.span())
    return masks


def _code_and_html(text: str, masks: _Masks) -> None:
    """Code spans and everything starting with ``<``, left to right (they share precedence)."""
    runs: dict[int, list[int]] = {}
    for run in _BACKTICKS.finditer(text):
        runs.setdefault(len(run.group()), []).append(run.start())
    position = 0
    while True:
        found = _INLINE_START.search(text, position)
        if found is None:
            return
        token = found.group()
        if token[0] == "\\":
            position = found.end()
        elif token[0] == "`":
            same = runs.get(len(token), [])
            closer = bisect.bisect_right(same, found.start())
            if closer < len(same):
                end = same[closer] + len(token)
                masks.tokens.append((found.start(), end))
                position = end
            else:
                position = found.end()  # no closing run: the backticks are text
        else:
            position = found.end()
            for pattern, is_token in _ANGLE_TOKENS:
                match = pattern.match(text, found.start())
                if match:
                    (masks.tokens if is_token else masks.markup).append(match.span())
                    position = match.end()
                    break


def _links(view: str, masks: _Masks) -> None:
    """Link and image syntax: the brackets and the target go, the link text stays."""
    openers: list[int] = []
    for found in _BRACKETS.finditer(view):
        token = found.group()
        if token[0] == "\\":
            continue
        if token != "]":
            openers.append(found.start())
            continue
        if not openers:
            continue
        opener = openers.pop()
        after = found.end()
        end: int | None = None
        if after < len(view) and view[after] == "(":
            end = _link_tail(view, after)
        elif after < len(view) and view[after] == "[":
            label = _LINK_LABEL.match(view, after)
            end = label.end() if label else None
        bracket = view.index("[", opener)
        if end is None and view.startswith("^", bracket + 1):
            masks.markup.append((opener, after))  # a footnote reference
        elif end is not None:
            masks.markup.append((opener, bracket + 1))
            masks.markup.append((found.start(), end))


def _link_tail(view: str, start: int) -> int | None:
    """The end of an inline link's ``(destination "title")`` starting at ``start``, or None."""
    length = len(view)
    position = _skip_blanks(view, start + 1)
    if position < length and view[position] == "<":
        close = view.find(">", position)
        if close < 0 or "<" in view[position + 1 : close]:
            return None
        position = close + 1
    else:
        depth = 0
        while position < length and not view[position].isspace():
            char = view[position]
            if char == "\\":
                position += 2
                continue
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
            position += 1
    position = _skip_blanks(view, position)
    if position < length and view[position] in "\"'(":
        closer = ")" if view[position] == "(" else view[position]
        position += 1
        while position < length and view[position] != closer:
            position += 2 if view[position] == "\\" else 1
        position = _skip_blanks(view, position + 1)
    if position < length and view[position] == ")":
        return position + 1
    return None


def _skip_blanks(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t":
        position += 1
    return position


def _url_end(text: str, start: int, end: int) -> int:
    """Where a bare URL ends: without trailing punctuation or a closing parenthesis it did not open."""
    while end > start:
        char = text[end - 1]
        unopened = char == ")" and text.count("(", start, end) < text.count(")", start, end)
        if char not in _URL_TRAILING and not unopened:
            break
        end -= 1
    return end


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span replaced by as many spaces, so every offset still holds."""
    if not spans:
        return text
    parts: list[str] = []
    position = 0
    for start, end in sorted(spans):
        start = max(start, position)
        if end <= start:
            continue
        parts.append(text[position:start])
        parts.append(" " * (end - start))
        position = end
    parts.append(text[position:])
    return "".join(parts)


# -- from notes to findings ------------------------------------------------------------------------------

_WHITESPACE = re.compile(r"\s+")
_CONTEXT = 200
"""How far around a token to look for the words beside it."""


def _check_unit(unit: _Unit, lines: list[str], coach: Coach, learnings: bool) -> Iterator[LintFinding]:
    pieces = [lines[s.line][s.start : s.end] for s in unit]
    text = " ".join(pieces)
    starts: list[int] = []
    offset = 0
    for piece in pieces:
        starts.append(offset)
        offset += len(piece) + 1
    masks = _inline_masks(text)
    checked = _blanked(text, masks.tokens + masks.markup)
    if not checked.strip():
        return
    kept = _blanked(text, masks.markup)  # tokens still in place, for suggestions
    suggestions: dict[tuple[int, int, str], str] = {}
    for note in coach.check(checked, learnings=learnings):
        suggestion = None
        if note.suggestion is not None:
            key = (note.sentence_start, note.sentence_end, note.suggestion)
            if key not in suggestions:
                suggestions[key] = _one_line(
                    _restore_tokens(note.suggestion, checked, kept, note.sentence_start, note.sentence_end)
                )
            suggestion = suggestions[key]
        yield _finding(note, unit, starts, len(checked), suggestion)


def _finding(note: Note, unit: _Unit, starts: list[int], length: int, suggestion: str | None) -> LintFinding:
    start = min(note.start, length - 1)
    end = max(note.end, start + 1)
    first, first_offset = _locate(unit, starts, start)
    last, last_offset = _locate(unit, starts, end - 1)
    segment = unit[first]
    if first_offset >= segment.end - segment.start and first + 1 < len(unit):
        first, first_offset = first + 1, 0  # it starts on the space that joins two lines
        segment = unit[first]
    col = segment.start + min(first_offset, segment.end - segment.start) + 1
    if last == first:
        end_col = segment.start + min(last_offset, segment.end - segment.start - 1) + 2
    else:
        end_col = segment.end + 1  # over a line break: to the end of the first line
    return LintFinding(
        line=segment.line + 1,
        col=col,
        end_col=max(end_col, col),
        rule=note.rule,
        message=_one_line(note.message),
        suggestion=suggestion,
    )


def _locate(unit: _Unit, starts: list[int], offset: int) -> tuple[int, int]:
    """Which segment of the unit holds ``offset`` of its joined text, and where in it."""
    index = max(bisect.bisect_right(starts, offset) - 1, 0)
    return index, offset - starts[index]


def _restore_tokens(suggestion: str, checked: str, kept: str, start: int, end: int) -> str:
    """Put code spans and URLs back into a suggestion made from the sentence without them.

    The coach saw each token as blanks and tidies blanks away, so a token goes back
    between the same two words it stood between (or after the same word, before
    the sentence's closing punctuation), when the suggestion has that place exactly
    once; otherwise the suggestion goes without it.
    """
    result = suggestion
    for run in _WHITESPACE.finditer(checked, start, end):
        original = kept[run.start() : run.end()]
        if not original.strip():
            continue
        before = checked[max(start, run.start() - _CONTEXT) : run.start()].split()
        after = checked[run.end() : min(end, run.end() + _CONTEXT)].split()
        if not before or not after:
            continue
        token = (" " if original[0].isspace() else "") + _one_line(original)
        follows = re.escape(after[0])
        if any(char.isalnum() for char in after[0]):
            token += " " if original[-1].isspace() else ""
        else:
            follows = r"(?=[^\w\s]|$)"  # the coach may end the sentence differently
        around = re.compile(rf"(?<!\S){re.escape(before[-1])}( ?){follows}", re.IGNORECASE)
        places = list(itertools.islice(around.finditer(result), 2))
        if len(places) == 1:
            cut = places[0].start() + len(before[-1])
            result = result[:cut] + token + result[places[0].end(1) :]
    return result


def _one_line(text: str) -> str:
    """``text`` with every run of whitespace, line breaks included, as one space."""
    return " ".join(text.split())
