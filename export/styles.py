"""The look of every PDF: page size, colours, paragraph styles and the table style, in one place."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from export.fonts import SANS, SANS_BOLD, SANS_ITALIC, body_face
from export.text import CachedParagraph

PAGE_SIZE = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X
"""Width of the text column, in points: what tables and images are sized against."""

SPLIT_IN_ROW = 72
"""reportlab's ``splitInRow``: a row taller than what is left of a page may split across
pages, but only with at least this many points (an inch) on the first page; a shorter
stub would strand a line or two of an entry, so the row moves on whole instead."""

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#5f6b7a")
ACCENT = colors.HexColor("#2c5d8f")
RULE = colors.HexColor("#cbd2d9")
HEADER_FILL = colors.HexColor("#e4e9ef")
ZEBRA_FILL = colors.HexColor("#f5f7fa")
STAR_FILL = colors.HexColor("#fff4cc")
LEARNING_FILL = colors.HexColor("#edf3fa")
REPEAT = colors.HexColor("#2f6f4f")


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of a document, by what they are for.

    Attributes:
        kicker: The small line above the title (``POSTMORTEM · #1421``).
        title: The document's title.
        meta: The line under the title (severity, date, system).
        h1: A section heading.
        h2: A heading inside a section (a factor category, a month).
        lead_heading: The heading of what matters most (``What we learned``).
        lead: A key learning: larger than the body, so page one is read first.
        lead_number: The number in front of a key learning.
        body: Running text.
        bullet: A list item (``bulletText`` carries the mark).
        note: A kind word where a section is empty; also "image could not be shown".
        note_lead: A note that introduces what follows it, and stays with it.
        label: The name column of a key–value table.
        cell: Text in a table cell.
        cell_bold: A table cell that stands out (a starred timeline entry).
        cell_small: Secondary text in a cell: a kind, a link, a date.
        cell_accent: A cell's label that stands out a little (a decision).
        header_cell: A table's header row.
        small: Secondary text outside tables.
        bullet_note: Secondary text under a list item ("rests on …", "private").
        repeat: The "repeat / automate this" mark under what went right.
        running: The running header and footer.
    """

    kicker: ParagraphStyle
    title: ParagraphStyle
    meta: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    lead_heading: ParagraphStyle
    lead: ParagraphStyle
    lead_number: ParagraphStyle
    body: ParagraphStyle
    bullet: ParagraphStyle
    note: ParagraphStyle
    note_lead: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_small: ParagraphStyle
    cell_accent: ParagraphStyle
    header_cell: ParagraphStyle
    small: ParagraphStyle
    bullet_note: ParagraphStyle
    repeat: ParagraphStyle
    running: ParagraphStyle


@functools.cache
def styles() -> Styles:
    """The styles, with the fonts they name registered; made once, never to be changed."""
    body_face()
    base = ParagraphStyle(
        "body", fontName=SANS, fontSize=10, leading=14.5, textColor=INK, alignment=TA_LEFT, spaceAfter=6
    )

    def derive(name: str, **changes: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    cell = derive("cell", fontSize=8.8, leading=12, spaceAfter=0)
    return Styles(
        kicker=derive("kicker", fontSize=9, leading=12, textColor=MUTED, spaceAfter=4),
        title=derive("title", fontName=SANS_BOLD, fontSize=21, leading=26, spaceAfter=6),
        meta=derive("meta", fontSize=10.5, leading=14, textColor=MUTED, spaceAfter=14),
        h1=derive(
            "h1",
            fontName=SANS_BOLD,
            fontSize=14.5,
            leading=18,
            textColor=ACCENT,
            spaceBefore=16,
            spaceAfter=7,
            keepWithNext=True,
        ),
        h2=derive(
            "h2", fontName=SANS_BOLD, fontSize=11, leading=14, spaceBefore=9, spaceAfter=4, keepWithNext=True
        ),
        lead_heading=derive(
            "lead_heading",
            fontName=SANS_BOLD,
            fontSize=17,
            leading=21,
            textColor=ACCENT,
            spaceBefore=4,
            spaceAfter=8,
            keepWithNext=True,
        ),
        lead=derive("lead", fontSize=12.5, leading=17, spaceAfter=0),
        lead_number=derive("lead_number", fontName=SANS_BOLD, fontSize=12.5, leading=17, textColor=ACCENT),
        body=base,
        bullet=derive("bullet", leftIndent=14, bulletIndent=3, spaceAfter=4),
        note=derive("note", fontName=SANS_ITALIC, textColor=MUTED),
        note_lead=derive("note_lead", fontName=SANS_ITALIC, textColor=MUTED, keepWithNext=True),
        label=derive("label", fontName=SANS_BOLD, fontSize=8.8, leading=12, textColor=MUTED, spaceAfter=0),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=SANS_BOLD),
        cell_small=ParagraphStyle("cell_small", parent=cell, fontSize=7.8, leading=10.5, textColor=MUTED),
        cell_accent=ParagraphStyle(
            "cell_accent", parent=cell, fontSize=7.8, leading=10.5, textColor=ACCENT, fontName=SANS_BOLD
        ),
        header_cell=ParagraphStyle("header_cell", parent=cell, fontName=SANS_BOLD, textColor=INK),
        small=derive("small", fontSize=8.5, leading=11.5, textColor=MUTED, spaceAfter=6),
        bullet_note=derive(
            "bullet_note", fontSize=8.5, leading=11.5, textColor=MUTED, leftIndent=14, spaceAfter=5
        ),
        repeat=derive(
            "repeat",
            fontName=SANS_BOLD,
            fontSize=8.5,
            leading=11.5,
            textColor=REPEAT,
            leftIndent=14,
            spaceAfter=5,
        ),
        running=derive("running", fontSize=8, leading=10, textColor=MUTED, spaceAfter=0),
    )


Cell = Flowable | list[Flowable] | str
"""A table cell: a flowable, a list of them, or our own plain text."""


def data_table(
    header: Sequence[str],
    entries: Sequence[Sequence[Sequence[Cell]]],
    widths: Sequence[float],
    *,
    highlighted: Sequence[int] = (),
) -> Table:
    """A table of data: a header row repeated on every page, zebra entries, rows that split across pages.

    Args:
        header: Column titles (our own words, not user text).
        entries: The table's entries, each as one or more rows (see :func:`spread`); an
            entry's rows share its background and have no rule between them.
        widths: Column widths in points; they should add up to ``FRAME_WIDTH``.
        highlighted: Indexes into ``entries`` of entries to tint (starred timeline entries).
    """
    look = styles()
    data: list[list[Cell]] = [[CachedParagraph(title, look.header_cell) for title in header]]
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    tinted = set(highlighted)
    if all(len(rows) == 1 for rows in entries):
        # One row per entry (the usual case): a handful of commands, however long the table.
        data += [list(rows[0]) for rows in entries]
        if entries:
            commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA_FILL]))
            commands.append(("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE))
        commands += [("BACKGROUND", (0, index + 1), (-1, index + 1), STAR_FILL) for index in sorted(tinted)]
    else:
        for index, rows in enumerate(entries):
            first, last = len(data), len(data) + len(rows) - 1
            data += [list(row) for row in rows]
            fill = STAR_FILL if index in tinted else ZEBRA_FILL if index % 2 else None
            if fill is not None:
                commands.append(("BACKGROUND", (0, first), (-1, last), fill))
            commands.append(("LINEBELOW", (0, last), (-1, last), 0.25, RULE))
            if last > first:
                commands.append(("BOTTOMPADDING", (0, first), (-1, last - 1), 0))
                commands.append(("TOPPADDING", (0, first + 1), (-1, last), 0))
    return Table(
        data,
        colWidths=list(widths),
        repeatRows=1,
        splitInRow=SPLIT_IN_ROW,
        style=TableStyle(commands),
        hAlign="LEFT",
        spaceBefore=2,
        spaceAfter=8,
    )


def spread(cells: Sequence[Cell], column: int, keep: int = 1) -> list[list[Cell]]:
    """One table entry as rows: the flowables of its ``column`` cell dealt out one per row.

    A page can then break between rows, which is cheap. A single row holding a very long
    text can split too (``splitInRow``), but reportlab lays out the whole rest of the row
    again at every page break, so a 100,000-character cell would take minutes.

    Args:
        cells: The entry's cells; ``cells[column]`` is a list of flowables.
        column: Which cell holds the long content.
        keep: How many of its flowables stay in the first row, beside the other cells.
    """
    long = cells[column]
    if not isinstance(long, list) or len(long) <= keep:
        return [list(cells)]
    first = list(cells)
    first[column] = long[:keep]
    rows = [first]
    for flowable in long[keep:]:
        row: list[Cell] = [""] * len(cells)
        row[column] = flowable
        rows.append(row)
    return rows


def key_value_table(rows: Sequence[tuple[str, Cell]], label_width: float = 40 * mm) -> Table:
    """Label–value pairs (the classification block): labels muted on the left, a hairline between pairs.

    Args:
        rows: Our own label and the value, in order. A value that is a list of several
            flowables (a very long text) takes a row each, so pages can break between them.
        label_width: Width of the label column.
    """
    look = styles()
    data: list[list[Cell]] = []
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for label, value in rows:
        first = len(data)
        data += spread([CachedParagraph(label, look.label), value], 1)
        last = len(data) - 1
        commands.append(("LINEBELOW", (0, last), (-1, last), 0.25, RULE))
        if last > first:
            commands.append(("BOTTOMPADDING", (0, first), (-1, last - 1), 0))
            commands.append(("TOPPADDING", (0, first + 1), (-1, last), 0))
    return Table(
        data,
        colWidths=[label_width, FRAME_WIDTH - label_width],
        splitInRow=SPLIT_IN_ROW,
        style=TableStyle(commands),
        hAlign="LEFT",
        spaceAfter=8,
    )
