"""User text made safe for reportlab: escaped, set in fonts that have its glyphs, right-to-left reordered.

reportlab's ``Paragraph`` parses markup, has no font fallback and no bidi. Every string a
person typed goes through :func:`paragraph` (or :func:`inline` inside our own markup), which

- drops characters a PDF cannot carry (control characters, lone surrogates),
- escapes ``&``, ``<`` and ``>`` so ``<b>`` prints as typed,
- wraps each run of characters the body font lacks in ``<font face="…">`` of a font that has
  them (a system CJK font when one is found; else the body font draws its missing-glyph box),
- reorders right-to-left text (Hebrew, Arabic) with python-bidi, line by line, after
  breaking lines in logical order, so a long right-to-left paragraph reads top to bottom.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any
from xml.sax.saxutils import escape

from bidi import get_display
from bidi.algorithm import get_display as get_display_mirrored
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from export.fonts import Face, body_face, face_for, fallback_faces

# C0 and C1 controls except tab and newline, DEL, and the two non-characters U+FFFE/U+FFFF.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n+")
_RTL_CLASSES = frozenset({"R", "AL"})
# Safety margin for our own line breaking, so reportlab never wraps a line we measured as fitting.
_FIT = 0.97
_UNFIT = 0x7FFFFFFF  # the height reportlab's Paragraph gives for a width it cannot use
LONG_TEXT = 2500
"""The longest piece of a paragraph laid out as one reportlab ``Paragraph``; see :func:`paragraphs`."""


class CachedParagraph(Paragraph):
    """A reportlab ``Paragraph`` that breaks its lines once per width.

    A table that splits across pages measures every remaining row again at each page
    break; without the cache a long timeline lays out its text over and over.
    """

    _wrapped_for: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        # ``split`` drops the broken lines when it gives up, so they must still be there.
        if availWidth == self._wrapped_for and hasattr(self, "blPara"):
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        if height < _UNFIT:
            self._wrapped_for = availWidth
        return width, height


def clean(text: str) -> str:
    """``text`` with newlines made ``\\n``, tabs made spaces and unprintable characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = _SURROGATE.sub("\ufffd", text)
    return _UNPRINTABLE.sub("", text)


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds any right-to-left letter (Hebrew, Arabic, Syriac …)."""
    return any(unicodedata.bidirectional(char) in _RTL_CLASSES for char in text if ord(char) >= 0x0590)


def _runs(text: str) -> Iterator[tuple[Face, str]]:
    """``text`` cut into runs, each with the face to set it in."""
    body = body_face()
    if body.covers.issuperset(map(ord, text)):
        yield body, text
        return
    fallbacks = fallback_faces()
    current = body
    start = 0
    for index, char in enumerate(text):
        # Spaces and punctuation every face has stay with the run they are in.
        face = current if current.has(char) else face_for(char, body, fallbacks)
        if face is not current:
            if index > start:
                yield current, text[start:index]
            current, start = face, index
    if start < len(text):
        yield current, text[start:]


def runs_markup(text: str) -> str:
    """Escaped markup for ``text`` as it is to be drawn, left to right, with a font per run."""
    parts = []
    for face, run in _runs(text):
        if face.name == body_face().name:
            parts.append(escape(run))
        else:
            parts.append(f'<font face="{face.name}">{escape(run)}</font>')
    return "".join(parts)


def inline(text: str) -> str:
    """Markup for a short piece of user text set inside our own markup (a label, a name, a cell).

    Right-to-left text is reordered as one line, which is right for text that fits on one.
    Use :func:`paragraph` for anything that may wrap.
    """
    text = clean(text)
    lines = text.split("\n")
    if has_rtl(text):
        lines = [_visual(line) for line in lines]
    return "<br/>".join(runs_markup(line) for line in lines)


def _visual(line: str, base: str | None = None) -> str:
    """``line`` in the order it is drawn, left to right.

    python-bidi's Python implementation comes first because only it mirrors brackets in
    right-to-left runs (rule L4: "(v2)" in Hebrew keeps its shape); it stumbles on some
    rare characters, and then the Rust one, which never does, orders the line unmirrored.
    """
    try:
        shown = get_display_mirrored(line, base_dir=base)
    except Exception:
        shown = get_display(line, base_dir=base)
    return shown if isinstance(shown, str) else shown.decode("utf-8")


def paragraph(text: str, style: ParagraphStyle, **kwargs: Any) -> Flowable:
    """One paragraph of user text; newlines in it break lines.

    Args:
        text: As the person typed it; never markup.
        style: The paragraph style to set it in.
        **kwargs: Passed to reportlab's ``Paragraph`` (``bulletText``).
    """
    text = clean(text).strip("\n")
    if has_rtl(text):
        return BidiParagraph(text, style, **kwargs)
    return CachedParagraph("<br/>".join(runs_markup(line) for line in text.split("\n")), style, **kwargs)


def paragraphs(text: str, style: ParagraphStyle, bullet: str | None = None) -> list[Flowable]:
    """User text of several paragraphs (separated by blank lines), as flowables.

    A very long paragraph is set as several shorter ones that follow on without a gap:
    reportlab lays out what is left of a paragraph again at each page break, so one
    100,000-character paragraph would take minutes.

    Args:
        text: As the person typed it; never markup.
        style: The paragraph style.
        bullet: A mark (``•``) for the first paragraph, as ``bulletText``.
    """
    text = clean(text).strip()
    if not text:
        return []
    flowables: list[Flowable] = []
    for part in _BLANK_LINES.split(text):
        chunks = _chunks(part.strip())
        for number, chunk in enumerate(chunks, start=1):
            shown = style if number == len(chunks) else _run_on(style)
            mark = bullet if not flowables else None
            flowables.append(paragraph(chunk, shown, bulletText=mark) if mark else paragraph(chunk, shown))
    return flowables


def _chunks(text: str) -> list[str]:
    """``text`` cut into pieces of about ``LONG_TEXT`` characters, at a sentence end or a space if it can."""
    pieces = []
    while len(text) > LONG_TEXT:
        window = text[: LONG_TEXT + 1]
        cut = max(window.rfind(". "), window.rfind("\n"))
        if cut < LONG_TEXT // 2:
            cut = window.rfind(" ")
        if cut < LONG_TEXT // 2:
            cut = LONG_TEXT
        pieces.append(text[: cut + 1].strip())
        text = text[cut + 1 :].strip()
    if text:
        pieces.append(text)
    return pieces


_run_on_styles: dict[str, ParagraphStyle] = {}


def _run_on(style: ParagraphStyle) -> ParagraphStyle:
    """``style`` without the space after, for a piece of a long paragraph that the next piece continues."""
    if style.name not in _run_on_styles:
        _run_on_styles[style.name] = ParagraphStyle(f"{style.name}-run-on", parent=style, spaceAfter=0)
    return _run_on_styles[style.name]


class BidiParagraph(Flowable):
    """A paragraph with right-to-left text, broken into lines in logical order, then reordered.

    Breaking first keeps the reading order across lines: reordering a whole paragraph and
    letting reportlab wrap it would put its last words on the first line. A paragraph
    whose first strong letter is right-to-left is right-aligned.
    """

    def __init__(self, text: str, style: ParagraphStyle, **kwargs: Any) -> None:
        super().__init__()
        self.text = text
        self.rtl = _base_is_rtl(text)
        if self.rtl and style.alignment == TA_LEFT:
            style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
        self.style = style
        self.kwargs = kwargs
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        self.keepWithNext = getattr(style, "keepWithNext", False)
        self._inner: CachedParagraph | None = None
        self._for_width = -1.0

    def _layout(self, width: float) -> CachedParagraph:
        if self._inner is None or width != self._for_width:
            room = (width - self.style.leftIndent - self.style.rightIndent) * _FIT
            base = "R" if self.rtl else "L"
            lines = []
            for logical in self.text.split("\n"):
                lines.extend(_break(logical, room, self.style) or [""])
            markup = "<br/>".join(runs_markup(_visual(line, base)) for line in lines)
            self._inner = CachedParagraph(markup, self.style, **self.kwargs)
            self._for_width = width
        return self._inner

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        inner = self._layout(availWidth)
        self.width, self.height = inner.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts: list[Flowable] = self._layout(availWidth).split(availWidth, availHeight)
        return parts

    def draw(self) -> None:
        assert self._inner is not None  # wrap always comes first
        self._inner.drawOn(self.canv, 0, 0)


def _base_is_rtl(text: str) -> bool:
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in _RTL_CLASSES:
            return True
        if direction == "L":
            return False
    return False


def _width(text: str, style: ParagraphStyle) -> float:
    return sum(
        stringWidth(run, style.fontName if face.name == body_face().name else face.name, style.fontSize)
        for face, run in _runs(text)
    )


def _break(text: str, room: float, style: ParagraphStyle) -> list[str]:
    """``text`` broken greedily into lines no wider than ``room``, in logical order."""
    lines: list[str] = []
    line = ""
    for token in re.findall(r"\S+|\s+", text):
        if token.isspace():
            if line:
                line += " "
            continue
        candidate = line + token
        if _width(candidate, style) <= room:
            line = candidate
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = ""
        for piece in _cut(token, room, style):
            if _width(line + piece, style) <= room:
                line += piece
            else:
                if line:
                    lines.append(line)
                line = piece
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _cut(word: str, room: float, style: ParagraphStyle) -> Sequence[str]:
    """A word too wide for a line, cut into pieces that fit; a word that fits, whole."""
    if _width(word, style) <= room:
        return [word]
    pieces: list[str] = []
    piece = ""
    for char in word:
        if piece and _width(piece + char, style) > room:
            pieces.append(piece)
            piece = ""
        piece += char
    if piece:
        pieces.append(piece)
    return pieces
