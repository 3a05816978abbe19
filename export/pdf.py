"""Writing PDFs: the page template, running header, page numbers, outline and metadata, written atomically.

The stories come from :mod:`export.story` (the postmortem and the pre-read); the digest
builds its own story and writes it with :func:`write_document`.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Required, TypedDict, Unpack

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    KeepTogether,
    PageTemplate,
    Paragraph,
)

from export.files import write_atomically
from export.fonts import SANS
from export.outline import Outlined, outlined
from export.story import build_story, document_title, preread_story
from export.styles import (
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_SIZE,
    RULE,
    styles,
)
from export.text import clean, inline
from facilitation.model import UNTITLED, Session
from facilitation.settings import OrgSettings

__all__ = ["Outlined", "outlined", "postmortem_pdf", "preread_pdf", "render_document", "write_document"]

_TOTAL_FORM = "TakeawaysPageTotal"
_RUNNING_SIZE = 8
_HEADER_LIMIT = 120


def postmortem_pdf(
    session: Session, settings: OrgSettings, path: Path, *, author: str = "", invariant: bool = False
) -> None:
    """Writes the postmortem of ``session`` as a PDF at ``path``, replacing a file there only when complete.

    Args:
        session: The session as it is to be shown: for a public export, what
            ``facilitation.audience.prepare`` made of it.
        settings: The organisation's settings (the severity scale's descriptions, holidays).
        path: Where to write; its folder must exist.
        author: The PDF's author: the facilitator, or empty for a public export.
        invariant: Fix dates and ids so the same input gives the same bytes (for tests).

    Raises:
        OSError: The file could not be written; nothing at ``path`` has changed.
    """
    write_document(
        path,
        build_story(session, settings),
        title=document_title(session),
        subject="Postmortem",
        author=author,
        header=_running_header(session),
        keywords=session.tags,
        invariant=invariant,
    )


def preread_pdf(
    session: Session, settings: OrgSettings, path: Path, *, author: str = "", invariant: bool = False
) -> None:
    """Writes the pre-read for ``session``'s debrief (agenda, ground rules, draft timeline) at ``path``.

    Args:
        session: The session to be debriefed, as it is to be shown.
        settings: The organisation's settings.
        path: Where to write; its folder must exist.
        author: The PDF's author: the facilitator, or empty.
        invariant: Fix dates and ids so the same input gives the same bytes (for tests).

    Raises:
        OSError: The file could not be written; nothing at ``path`` has changed.
    """
    write_document(
        path,
        preread_story(session, settings),
        title=f"Pre-read: {document_title(session)}",
        subject="Pre-read for an incident debrief",
        author=author,
        header=f"Pre-read · {_running_header(session)}",
        keywords=session.tags,
        invariant=invariant,
    )


class DocumentOptions(TypedDict, total=False):
    """The keyword arguments of :func:`render_document`, which :func:`write_document` passes on."""

    title: Required[str]
    subject: Required[str]
    author: str
    header: str
    keywords: Sequence[str]
    invariant: bool
    after_flowable: Callable[[Flowable], None] | None


def write_document(path: Path, story: list[Flowable], **options: Unpack[DocumentOptions]) -> None:
    """Writes the PDF :func:`render_document` makes of ``story`` atomically at ``path``: an existing
    file is replaced only once the new one is complete.

    Raises:
        OSError: The file could not be written; nothing at ``path`` has changed.
    """
    write_atomically(Path(path), render_document(story, **options))


def render_document(
    story: list[Flowable],
    *,
    title: str,
    subject: str,
    author: str = "",
    header: str = "",
    keywords: Sequence[str] = (),
    invariant: bool = False,
    after_flowable: Callable[[Flowable], None] | None = None,
) -> bytes:
    """The bytes of the PDF that lays out ``story`` on A4 pages.

    Every page but the first carries ``header`` at the top; every page carries
    "Page N of M" at the foot. Flowables made with :func:`outlined` become the PDF's
    bookmarks.

    Args:
        story: The flowables, which are consumed (lay out a story once).
        title: The PDF's title metadata.
        subject: The PDF's subject metadata; also shown at the foot of each page.
        author: The PDF's author metadata; empty for a public export.
        header: The running header (user text is fine: it is escaped and cut to one line).
        keywords: The PDF's keywords (the session's tags).
        invariant: Fix dates and ids so the same input gives the same bytes (for tests).
        after_flowable: Called with each flowable once it is laid out; what it raises
            (``export.ExportCancelled``) stops the export before anything is written.
    """
    buffer = io.BytesIO()
    document = _Document(
        buffer,
        header=header,
        footer=subject,
        after=after_flowable,
        title=clean(title),
        subject=clean(subject),
        author=clean(author),
        keywords=", ".join(clean(keyword) for keyword in keywords),
        creator="Takeaways",
        invariant=1 if invariant else 0,
        displayDocTitle=1,
        lang="en",
    )
    document.build(story, canvasmaker=_PageCountingCanvas)
    return buffer.getvalue()


class _KeepWithStart(KeepTogether):
    """What reportlab makes of a heading (``keepWithNext``) and what follows it.

    reportlab's own moves a heading and the whole of what follows to the next page when
    they do not fit together, which leaves most of a page blank before a long table.
    This one keeps the heading with the *start* of what follows: when the first rows (or
    lines) fit under it, they go here and the rest flows on.
    """

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        # KeepTogether's attributes, missing from its stubs: the content and its height.
        *heads, last = self._content  # type: ignore[attr-defined]
        height: float = self._H  # type: ignore[attr-defined]
        if height <= aH:
            return [*heads, last]
        used = 0.0
        for head in heads:
            used += head.getSpaceBefore() + head.wrapOn(self.canv, aW, aH)[1] + head.getSpaceAfter()
        room = aH - used - last.getSpaceBefore() - 1
        if heads and room > 0 and used <= aH:
            last.wrapOn(self.canv, aW, room)
            start = last.splitOn(self.canv, aW, room)
            if len(start) > 1:
                # The first piece fills what is left of the frame; the rest starts on the next.
                return [*heads, start[0], FrameBreak(), *start[1:]]
        parts: list[Flowable] = super().split(aW, aH)
        return parts


class _Document(BaseDocTemplate):
    def __init__(
        self,
        buffer: io.BytesIO,
        *,
        header: str,
        footer: str,
        after: Callable[[Flowable], None] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            buffer,
            pagesize=PAGE_SIZE,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            keepTogetherClass=_KeepWithStart,
            **kwargs,
        )
        self._header = _one_line(header)
        self._footer = _one_line(footer)
        self._after = after
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        # Drawn when the page is done, so its text comes after the body in reading order.
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=self._decorate)])

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802  (reportlab's hook)
        if self._after is not None:
            self._after(flowable)

    def _decorate(self, canvas: Canvas, document: BaseDocTemplate) -> None:
        width, height = PAGE_SIZE
        canvas.saveState()
        page = canvas.getPageNumber()
        if page == 1:
            canvas.showOutline()
        elif self._header:
            running = Paragraph(inline(self._header), styles().running)
            _, used = running.wrap(FRAME_WIDTH, 20)
            top = height - MARGIN_TOP + 7 * mm
            running.drawOn(canvas, MARGIN_X, top - used)
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            canvas.line(MARGIN_X, top - used - 3, width - MARGIN_X, top - used - 3)
        canvas.setFont(SANS, _RUNNING_SIZE)
        canvas.setFillColor(MUTED)
        baseline = MARGIN_BOTTOM - 9 * mm
        label = f"Page {page} of "
        canvas.drawString(MARGIN_X, baseline, label)
        canvas.translate(MARGIN_X + canvas.stringWidth(label, SANS, _RUNNING_SIZE), baseline)
        canvas.doForm(_TOTAL_FORM)  # the page count, drawn once the last page is known
        canvas.restoreState()
        if self._footer:
            canvas.saveState()
            canvas.setFont(SANS, _RUNNING_SIZE)
            canvas.setFillColor(MUTED)
            canvas.drawRightString(width - MARGIN_X, baseline, self._footer)
            canvas.restoreState()


class _PageCountingCanvas(Canvas):
    """A canvas that draws the number of pages, once known, into the form every footer shows."""

    def save(self) -> None:
        pages = self.getPageNumber() - 1  # the last page has been shown; a new one is open
        self.beginForm(_TOTAL_FORM)
        self.setFont(SANS, _RUNNING_SIZE)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(max(pages, 1)))
        self.endForm()
        super().save()


def _running_header(session: Session) -> str:
    title = clean(session.title).strip() or UNTITLED
    reference = clean(session.reference).strip()
    return f"{reference} · {title}" if reference else title


def _one_line(text: str) -> str:
    line = " ".join(clean(text).split())
    return line if len(line) <= _HEADER_LIMIT else line[: _HEADER_LIMIT - 1].rstrip() + "…"
