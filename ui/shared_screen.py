"""The shared screen: a second window for the projector or the screen share, read from across the room.

It shows the phase, the question asked in it, the clocks and what the phase has written so far,
in dark text on white (a projector in a lit room washes out a dark page; white paper reads
everywhere). Type is sized from the window's height, so a small window shared in a video call
reads as the full screen does. Private items, private notes and the language coach's marks never
reach it; the parking lot only when the facilitator asks.

It never takes the cursor from the facilitator: it is shown without being activated, and
follows the session through the editor's signals. Clicked on purpose, it answers its own keys
only: B blanks, + and - zoom, Esc leaves full screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from PySide6.QtCore import QPointF, QRect, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QScreen,
    QStaticText,
    QTextDocument,
    QTextLayout,
    QTextListFormat,
    QTextOption,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from facilitation.model import Item, Session
from facilitation.phases import Phase
from facilitation.timebox import MeetingClock, format_clock, format_countdown
from facilitation.times import zone_named
from ui.session_editor import SessionEditor
from ui.shared_screen_control import SETTINGS_KEY, WINDOW_CHOICE

_I = TypeVar("_I", bound=Item)

__all__ = ["SETTINGS_KEY", "WINDOW_CHOICE", "RowsArea", "ScreenChooser", "SharedScreen", "fitted_lines"]

TITLE = "Takeaways — shared screen"
BODY_POINTS_AT_1080 = 28.0
SMALLEST_BODY_POINTS = 11.0  # a video-call tile still reads
ZOOM_STEP = 1.15
ZOOM_LIMITS = (0.5, 2.5)
GROUND_RULES_SCALE = 1.25  # the policy, large: it is read aloud and it is short
MOVE_ON_SHOWN_MS = 8000
TICK_MS = 1000
TEXT = "#111111"
MUTED = "#4a4a4a"
ACCENT = "#1e40af"
OVERRUN = "#9a3412"
PAPER = "#ffffff"
BLANK = "#000000"
_REMEMBERED_LAYOUTS = 2000
"""Wrapped rows and lead widths kept between layouts (all dropped when the font changes)."""
_REMEMBERED_TEXT = 2000
"""Longer texts are wrapped again each time, so what is kept stays small."""
UNKNOWN_TIME = "—"
HAND_PROMPTS = {
    "ready": "Ready to move on? Raise a hand",
    "learned": "Who learned something new today?",
}
"""What the room is asked while the facilitator takes a show of hands, in place of the question."""

# Which session lists and fields each phase shows (the parking lot is apart).
_PHASE_LISTS = {
    Phase.TIMELINE: "timeline",
    Phase.WENT_RIGHT: "went_right",
    Phase.WENT_WRONG: "went_wrong",
    Phase.CONTRIBUTING_FACTORS: "contributing_factors",
    Phase.KEY_LEARNINGS: "key_learnings",
    Phase.ACTIONS: "actions",
    Phase.REVIEW: "key_learnings",
}
_PHASE_FIELDS = {
    Phase.PREPARE: {"title", "reference", "summary"},
    Phase.GROUND_RULES: {"ground_rules"},
    Phase.CLASSIFY: {"title", "reference", "severity", "system", "trigger", "tags"},
}
_EMPTY = {
    Phase.TIMELINE: "No entries yet.",
    Phase.KEY_LEARNINGS: "No learnings written yet.",
    Phase.REVIEW: "No learnings written yet.",
    Phase.GROUND_RULES: "No ground rules written for this debrief.",
}


def settings_store() -> QSettings:
    """Where the chosen screen is remembered (tests put their own here)."""
    return QSettings("Takeaways", "Takeaways")


# -- text that fits ------------------------------------------------------------------------------


def fitted_lines(text: str, font: QFont, width: float, max_lines: int) -> list[str]:
    """``text`` broken into lines ``width`` wide, at most ``max_lines``; the last elided when cut."""
    flat = " ".join(text.split())
    if not flat or max_lines < 1:
        return []
    width = max(width, 40.0)
    layout = QTextLayout(flat, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    starts: list[tuple[int, int]] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append((line.textStart(), line.textLength()))
        if len(starts) > max_lines:
            break
    layout.endLayout()
    # Qt counts in UTF-16 code units: an emoji is two of them, one Python character.
    units = flat.encode("utf-16-le")

    def part(start: int, end: int | None = None) -> str:
        return units[start * 2 : None if end is None else end * 2].decode("utf-16-le", "replace").strip()

    lines = [part(start, start + length) for start, length in starts[:max_lines]]
    if len(starts) > max_lines:
        rest = part(starts[max_lines - 1][0])
        metrics = QFontMetricsF(font)
        lines[-1] = metrics.elidedText(rest + " …", Qt.TextElideMode.ElideRight, width)
        if not lines[-1].endswith("…"):
            lines[-1] += "…"
    return lines


@dataclass(frozen=True)
class Row:
    """One thing on the page: a short lead (a time, a number, a bullet) and its text."""

    lead: str
    text: str


@dataclass(frozen=True)
class Placed:
    """A row as the page paints it: its lead and its lines, and where each goes."""

    lead: str
    lines: tuple[str, ...]
    lead_box: QRect
    body_box: QRect


class RowsArea(QWidget):
    """Rows of wrapped text in a lead column and a text column: the newest (or first) that fit.

    No scrolling: with ``newest_last`` the last rows that fit are shown, as the room reads a
    growing list; otherwise the first rows, the last one cut with an ellipsis.

    Laying out follows every edit, so it does only what the page needs: only the rows that can
    fit are measured (the lead column is as wide as their widest lead), and a row's wrapped lines
    and a lead's width are remembered until the font changes. The rows are painted here, line by
    line, each line's layout kept (``QStaticText``), rather than by a label per row: when a new
    entry moves every row up, nothing is laid out again but the new row.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._total = 0
        self._newest_last = True
        self._max_lines = 3
        self._empty = ""
        self._font = QFont()
        self._line = 0.0
        self._colour = TEXT
        self._placed: list[Placed] = []
        self._lines: dict[tuple[str, float, int], list[str]] = {}
        self._lead_widths: dict[str, float] = {}
        self._static: dict[str, tuple[QStaticText, float]] = {}
        self.hidden_rows = 0
        """How many rows did not fit at the last layout."""

    def set_font(self, font: QFont) -> None:
        """Lay the rows out again in ``font``."""
        self._font = QFont(font)
        self._lines.clear()
        self._lead_widths.clear()
        self._static.clear()
        self._lay_out()

    def rows_font(self) -> QFont:
        """The font the rows are laid out and painted in."""
        return QFont(self._font)

    def set_rows(
        self,
        rows: Sequence[Row],
        newest_last: bool,
        max_lines: int,
        empty: str = "",
        total: int | None = None,
    ) -> None:
        """Show ``rows``; a row wraps to ``max_lines`` at most; ``empty`` is said when there are none.

        ``total``: how many rows there are in all when ``rows`` holds only the newest (or first)
        of them, those that can fit; it counts the rows left off (``hidden_rows``).
        """
        self._rows = list(rows)
        self._total = len(self._rows) if total is None else max(total, len(self._rows))
        self._newest_last = newest_last
        self._max_lines = max_lines
        self._empty = empty
        self._lay_out()

    def placed(self) -> list[Placed]:
        """The rows as last laid out, top to bottom."""
        return list(self._placed)

    def most_rows(self) -> int:
        """The most rows the area can show at its size and font (each takes a line at least)."""
        return int(self.height() // max(QFontMetricsF(self._font).lineSpacing(), 1.0)) + 1

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._lay_out()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setFont(self._font)
        ascent = QFontMetricsF(self._font).ascent()
        painter.setPen(QColor(MUTED))
        for row in self._placed:
            if row.lead:
                self._draw_line(painter, row.lead, row.lead_box.left(), row.lead_box.top() + ascent)
        painter.setPen(QColor(self._colour))
        for row in self._placed:
            for number, line in enumerate(row.lines):
                self._draw_line(
                    painter, line, row.body_box.left(), row.body_box.top() + ascent + number * self._line
                )
        painter.end()

    def _draw_line(self, painter: QPainter, text: str, left: float, baseline: float) -> None:
        """One line with its baseline where asked, whatever fallback font (a star, kanji) it holds."""
        found = self._static.get(text)
        if found is None:
            if len(self._static) > _REMEMBERED_LAYOUTS:
                self._static.clear()
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)  # typed text is never read as markup
            found = self._static[text] = (static, _line_ascent(text, self._font))
        static, own_ascent = found
        painter.drawStaticText(QPointF(left, baseline - own_ascent), static)

    def _fitted(self, text: str, width: float, max_lines: int) -> list[str]:
        if len(text) > _REMEMBERED_TEXT:  # a pasted log: wrapped afresh, never kept
            return fitted_lines(text, self._font, width, max_lines)
        key = (text, width, max_lines)
        found = self._lines.get(key)
        if found is None:
            if len(self._lines) > _REMEMBERED_LAYOUTS:
                self._lines.clear()
            found = self._lines[key] = fitted_lines(text, self._font, width, max_lines)
        return found

    def _lead_width(self, lead: str, metrics: QFontMetricsF) -> float:
        found = self._lead_widths.get(lead)
        if found is None:
            if len(self._lead_widths) > _REMEMBERED_LAYOUTS:
                self._lead_widths.clear()
            found = self._lead_widths[lead] = metrics.horizontalAdvance(lead)
        return found

    def _lay_out(self) -> None:
        metrics = QFontMetricsF(self._font)
        line = self._line = metrics.lineSpacing()
        gap = line * 0.4
        height = self.height()
        most = int(height // max(line, 1.0)) + 1
        # Only rows that can be on the page count, so a long list costs no more than a short one.
        candidates = self._rows[-most:] if self._newest_last else self._rows[:most]
        has_leads = any(row.lead for row in candidates)
        lead_width = max((self._lead_width(row.lead, metrics) for row in candidates), default=0.0)
        if has_leads:
            lead_width = min(lead_width + self._lead_width("  ", metrics), self.width() * 0.3)
        else:
            lead_width = 0.0
        text_width = self.width() - lead_width
        rows = candidates or ([Row("", self._empty)] if self._empty else [])
        fitted: list[tuple[Row, list[str]]] = []
        used = 0.0
        order = reversed(rows) if self._newest_last else iter(rows)
        for row in order:
            room = int((height - used + 0.5) // line)
            width = text_width if row.lead else self.width()
            lines = self._fitted(row.text, width, min(self._max_lines, room))
            if not lines:
                break
            fitted.append((row, lines))
            used += len(lines) * line + gap
            if used >= height:
                break
        self.hidden_rows = self._total - len(fitted) if self._rows else 0
        if self._newest_last:
            fitted.reverse()
        self._colour = MUTED if not self._rows else TEXT  # what is said of an empty list is muted
        placed: list[Placed] = []
        y = 0.0
        for row, lines in fitted:
            fits = self._lead_width(row.lead, metrics) <= lead_width
            lead = row.lead if fits else _elided(row.lead, self._font, lead_width)
            left = (
                lead_width if row.lead else 0.0
            )  # a row without a lead (a title, a paragraph) spans the page
            placed.append(
                Placed(
                    lead,
                    tuple(lines),
                    QRect(0, round(y), round(lead_width), round(line)),
                    QRect(round(left), round(y), round(self.width() - left), round(len(lines) * line) + 2),
                )
            )
            y += len(lines) * line + gap
        self._placed = placed
        self.setAccessibleDescription("\n".join(" ".join((row.lead, *row.lines)).strip() for row in placed))
        self.update()


def _label(parent: QWidget, colour: str) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)  # typed text is never read as markup
    label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    _set_colour(label, colour)
    return label


def _set_colour(label: QLabel, colour: str) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    label.setPalette(palette)


def _line_ascent(text: str, font: QFont) -> float:
    """How far below its top a line of ``text`` has its baseline, laid out as ``QStaticText`` lays it out."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    line.setLeadingIncluded(True)
    layout.endLayout()
    if not line.isValid():
        return QFontMetricsF(font).ascent()
    return line.ascent() + max(line.leading(), 0.0)  # the leading it includes sits above the text


def _elided(text: str, font: QFont, width: float) -> str:
    return QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, max(width, 1.0))


# -- what each phase shows ------------------------------------------------------------------------


def _public(items: Sequence[_I]) -> list[_I]:
    return [item for item in items if not item.private]


def _time(moment: datetime | None, zone_name: str, approximate: bool) -> str:
    if moment is None:
        return UNKNOWN_TIME
    zone = zone_named(zone_name)
    local = moment.astimezone(zone) if zone is not None else moment
    return ("~" if approximate else "") + f"{local.hour:02}:{local.minute:02}"


def _policy_rows(markdown: str) -> list[Row]:
    """The policy's paragraphs and list items, as plain text: markup is for the page, not the room."""
    document = QTextDocument()
    document.setMarkdown(markdown, QTextDocument.MarkdownFeature.MarkdownNoHTML)
    rows = []
    block = document.begin()
    while block.isValid():
        text = block.text().strip()
        listed = block.textList()
        if text:
            if listed is None:
                rows.append(Row("", text))
            elif listed.format().style() in (QTextListFormat.Style.ListDecimal,):
                rows.append(Row(f"{listed.itemNumber(block) + 1}.", text))
            else:
                rows.append(Row("•", text))
        block = block.next()
    return rows


def phase_rows(session: Session, phase: Phase, newest: int | None = None) -> list[Row]:
    """What ``phase`` shows of ``session`` on the shared screen; never anything private.

    ``newest``: only the last this many timeline entries (the page shows the newest, and a
    long timeline then costs no more to show than a short one).
    """
    if phase is Phase.TIMELINE:
        entries = _public(session.timeline)
        if newest is not None:
            entries = entries[max(len(entries) - newest, 0) :]
        return [
            Row(
                _time(entry.at, session.time_zone, entry.approximate),
                ("★ " if entry.starred else "") + (f"{entry.actor}: " if entry.actor else "") + entry.text,
            )
            for entry in entries
        ]
    if phase in (Phase.KEY_LEARNINGS, Phase.REVIEW):
        return [Row(f"{n}.", item.text) for n, item in enumerate(_public(session.key_learnings), 1)]
    if phase is Phase.WENT_RIGHT:
        return [
            Row("•", item.text + (" — repeat this" if item.repeat else ""))
            for item in session.went_right
            if not item.private
        ]
    if phase is Phase.WENT_WRONG:
        return [Row("•", item.text) for item in _public(session.went_wrong)]
    if phase is Phase.CONTRIBUTING_FACTORS:
        return [
            Row("•", item.text + (f" ({item.category})" if item.category else ""))
            for item in session.contributing_factors
            if not item.private
        ]
    if phase is Phase.ACTIONS:
        rows = []
        for action in session.actions:
            if action.private:
                continue
            details = [d for d in (action.owner, f"due {action.due:%b %-d}" if action.due else "") if d]
            rows.append(Row("•", action.text + (f" — {', '.join(details)}" if details else "")))
        return rows
    if phase is Phase.GROUND_RULES:
        return _policy_rows(session.ground_rules)
    title = " ".join(part for part in (session.reference, session.title) if part)
    rows = [Row("", title)] if title else []
    if phase is Phase.PREPARE:
        return rows + ([Row("", session.summary)] if session.summary.strip() else [])
    found = (
        ("Severity", session.severity),
        ("System", session.system),
        ("Trigger", session.trigger),
        ("Tags", ", ".join(session.tags)),
    )
    return rows + [Row(name, value) for name, value in found if value.strip()]


# -- the window -----------------------------------------------------------------------------------


class SharedScreen(QWidget):
    """The room's view of the open session; follows every change as it is made."""

    closed = Signal()  # by its own window button, or by the facilitator

    def __init__(self, editor: SessionEditor, clock: MeetingClock, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(TITLE)
        self.setAccessibleName("Shared screen")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # only a deliberate click gives it the keys
        self.setAutoFillBackground(True)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.editor = editor
        self.clock = clock
        self.zoom = 1.0
        self.show_parking_lot = False
        self._move_ons = len(editor.session.move_on_signals)
        self._hands_asked = ""

        self.page = QWidget()
        self.page.setAutoFillBackground(True)
        _fill(self.page, PAPER)
        self.phase_label = _label(self.page, ACCENT)
        self.countdown = _label(self.page, TEXT)
        self.meeting = _label(self.page, MUTED)
        self.question = _label(self.page, TEXT)
        self.question.setAccessibleName("The question asked")
        self.content = RowsArea(self.page)
        self.parking_heading = _label(self.page, MUTED)
        self.parking_heading.setText("Parking lot")
        self.parking = RowsArea(self.page)
        self.banner = _label(self.page, "#0b2a5b")
        self.banner.setText("Let's move on — thank you, everyone.")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setAutoFillBackground(True)
        _fill(self.banner, "#dbe7fb")
        self.banner.hide()
        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.timeout.connect(self.banner.hide)

        header = QHBoxLayout()
        header.setSpacing(24)
        header.addWidget(self.phase_label, stretch=1)
        header.addWidget(self.countdown)
        header.addWidget(self.meeting)
        parking_column = QVBoxLayout()
        parking_column.addWidget(self.parking_heading)
        parking_column.addWidget(self.parking, stretch=1)
        self._parking_column = QWidget()
        self._parking_column.setLayout(parking_column)
        parking_column.setContentsMargins(0, 0, 0, 0)
        body = QHBoxLayout()
        body.setSpacing(48)
        body.addWidget(self.content, stretch=2)
        body.addWidget(self._parking_column, stretch=1)
        self._parking_column.hide()
        self._page_layout = QVBoxLayout(self.page)
        self._page_layout.addLayout(header)
        self._page_layout.addWidget(self.question)
        self._page_layout.addLayout(body, stretch=1)
        self._page_layout.addWidget(self.banner)

        self.blank = QWidget()
        self.blank.setAutoFillBackground(True)
        _fill(self.blank, BLANK)
        self._pages = QStackedLayout(self)
        self._pages.addWidget(self.page)
        self._pages.addWidget(self.blank)
        for child in self.findChildren(QWidget):
            child.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        editor.item_inserted.connect(self._on_editor_item_list)
        editor.item_removed.connect(self._on_editor_item_list)
        editor.item_changed.connect(self._on_editor_item_list)
        editor.item_moved.connect(self._on_editor_item_moved)
        editor.list_replaced.connect(lambda list_name: self._on_editor_item_list(list_name, 0))
        editor.field_changed.connect(self._on_editor_field_changed)
        editor.question_changed.connect(self._show_question)
        editor.phase_requested.connect(self._on_editor_phase_requested)
        editor.move_on_given.connect(self._on_editor_move_on_given)
        editor.hand_count_asked.connect(self._on_editor_hand_count_asked)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._show_clocks)
        self._tick.start()
        self.resize(960, 540)
        self._apply_fonts()
        self.refresh()

    # -- what is shown -----------------------------------------------------------------------

    @property
    def phase(self) -> Phase:
        """The phase the meeting is in."""
        try:
            return Phase.from_key(self.editor.session.current_phase)
        except ValueError:
            return Phase.PREPARE

    @property
    def blanked(self) -> bool:
        """The room sees a blank page."""
        return self._pages.currentWidget() is self.blank

    def refresh(self) -> None:
        """Show the session as it is now."""
        self.phase_label.setText(self.phase.label)
        self._show_question()
        self._show_clocks()
        self._show_content()
        self._show_parking_lot()

    def set_blank(self, blank: bool) -> None:
        """Blank the page for the room, or show it again."""
        self._pages.setCurrentWidget(self.blank if blank else self.page)

    def toggle_blank(self) -> None:
        """Blank the page, or show it again."""
        self.set_blank(not self.blanked)

    def zoom_by(self, steps: int) -> None:
        """Make the type larger (positive ``steps``) or smaller."""
        low, high = ZOOM_LIMITS
        self.zoom = min(max(self.zoom * ZOOM_STEP**steps, low), high)
        self._apply_fonts()

    def set_parking_lot_shown(self, shown: bool) -> None:
        """Show the parking lot beside the phase's content, or keep it off the screen."""
        self.show_parking_lot = shown
        self._parking_column.setVisible(shown)
        self._show_parking_lot()

    def body_point_size(self) -> float:
        """The body text's size in points: 28 at 1080 pixels high, scaled with the window and zoom."""
        return max(BODY_POINTS_AT_1080 * self.height() / 1080, SMALLEST_BODY_POINTS) * self.zoom

    def _show_question(self) -> None:
        asked = self.editor.session.current_question
        text = asked.text if asked is not None and asked.phase == self.phase.key else ""
        text = HAND_PROMPTS.get(self._hands_asked, text)
        width = self.width() - self._margin() * 2
        self.question.setText("\n".join(fitted_lines(text, self.question.font(), width, 3)))
        self.question.setVisible(bool(text))

    def _show_clocks(self) -> None:
        if self.blanked:
            return
        phase = self.phase
        if self.clock.timeboxed(phase):
            self.countdown.setText(format_countdown(self.clock.remaining(phase)))
            _set_colour(self.countdown, OVERRUN if self.clock.overrun(phase) else TEXT)
        else:
            self.countdown.setText("")
        self.countdown.setVisible(bool(self.countdown.text()))
        self.meeting.setText(format_clock(self.clock.meeting_elapsed(), self.clock.meeting_planned()))

    def _content_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(
            self.body_point_size() * (GROUND_RULES_SCALE if self.phase is Phase.GROUND_RULES else 1)
        )
        return font

    def _show_content(self) -> None:
        phase = self.phase
        font = self._content_font()
        if font.pointSizeF() != self.content.rows_font().pointSizeF():
            self.content.set_font(font)
        session = self.editor.session
        newest_last = phase not in (Phase.GROUND_RULES, Phase.PREPARE, Phase.CLASSIFY)
        max_lines = {Phase.TIMELINE: 2, Phase.GROUND_RULES: 6, Phase.PREPARE: 3}.get(phase, 3)
        empty = _EMPTY.get(phase, "Nothing written yet.")
        if phase is Phase.TIMELINE:
            total = sum(1 for entry in session.timeline if not entry.private)
            rows = phase_rows(session, phase, newest=self.content.most_rows())
            self.content.set_rows(rows, newest_last, max_lines, empty, total)
        else:
            self.content.set_rows(phase_rows(session, phase), newest_last, max_lines, empty)

    def _show_parking_lot(self) -> None:
        if not self.show_parking_lot:
            self.parking.set_rows([], True, 2)
            return
        items = _public(self.editor.session.parking_lot)
        self.parking.set_rows([Row("•", item.text) for item in items], True, 2, "Empty.")

    # -- sizes -------------------------------------------------------------------------------

    def _margin(self) -> int:
        return round(self.height() * 0.04 + 8)

    def _apply_fonts(self) -> None:
        body = QFont(self.font())
        body.setPointSizeF(self.body_point_size())
        bold = QFont(body)
        bold.setWeight(QFont.Weight.DemiBold)
        question = QFont(bold)
        question.setPointSizeF(body.pointSizeF() * 1.45)
        for label in (self.phase_label, self.countdown, self.parking_heading):
            label.setFont(bold)
        self.meeting.setFont(body)
        self.banner.setFont(body)
        self.question.setFont(question)
        self.content.set_font(self._content_font())
        self.parking.set_font(body)  # beside the phase, but read from as far away
        margin = self._margin()
        self._page_layout.setContentsMargins(margin, round(margin * 0.6), margin, round(margin * 0.6))
        self._page_layout.setSpacing(round(QFontMetricsF(body).lineSpacing() * 0.6))
        self.banner.setContentsMargins(0, margin // 3, 0, margin // 3)
        self._show_question()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_fonts()

    # -- following the session -----------------------------------------------------------------

    def _shows_list(self, list_name: str) -> bool:
        return _PHASE_LISTS.get(self.phase) == list_name

    def _on_editor_item_list(self, list_name: str, _index: int) -> None:
        if self._shows_list(list_name):
            self._show_content()
            self._paint_now(self.content)
        elif list_name == "parking_lot":
            self._show_parking_lot()
            self._paint_now(self.parking)

    def _on_editor_item_moved(self, list_name: str, _source: int, _target: int) -> None:
        self._on_editor_item_list(list_name, 0)

    def _on_editor_field_changed(self, name: str) -> None:
        if name == "current_phase":
            self.refresh()
        elif name in _PHASE_FIELDS.get(self.phase, set()):
            self._show_content()
            self._paint_now(self.content)

    def _paint_now(self, area: RowsArea) -> None:
        """Paint an edit on the room's screen at once, ahead of the facilitator's own window.

        The room waits on this screen; the facilitator's window repaints when the event loop
        comes round, a moment later.
        """
        if area.isVisible() and not self.blanked:
            area.repaint()

    def _on_editor_phase_requested(self, _phase: object) -> None:
        self.refresh()

    def _on_editor_move_on_given(self) -> None:
        count = len(self.editor.session.move_on_signals)
        given, self._move_ons = count > self._move_ons, count
        if given:  # an undo takes the signal back quietly
            self.banner.show()
            self._banner_timer.start(MOVE_ON_SHOWN_MS)
        else:
            self.banner.hide()

    def _on_editor_hand_count_asked(self, kind: str) -> None:
        self._hands_asked = kind
        self._show_question()

    # -- its own keys ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_B:
            self.toggle_blank()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(-1)
        elif key == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
        event.accept()  # nothing else is input here

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        event.accept()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._tick.stop()
        super().closeEvent(event)
        self.closed.emit()


def _fill(widget: QWidget, colour: str) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(colour))
    widget.setPalette(palette)


# -- choosing where it shows -----------------------------------------------------------------------


def screen_key(screen: QScreen) -> str:
    """How a screen is remembered: its name, or where it sits when the system gives none."""
    if screen.name():
        return screen.name()
    place = screen.geometry()
    return f"{place.width()}x{place.height()}+{place.x()}+{place.y()}"


def screen_description(screen: QScreen) -> str:
    """A screen as the chooser names it: its name and size."""
    size = screen.size()
    name = screen.name() or "Screen"
    model = screen.model()
    named = f"{name} ({model})" if model and model not in name else name
    return f"{named} — {size.width()} × {size.height()}"


class ScreenChooser(QDialog):
    """Where the shared screen goes: one of the screens, full screen, or a normal window."""

    def __init__(self, screens: Sequence[QScreen], chosen: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Takeaways — Where the shared screen shows")
        self.choices = QListWidget()
        self.choices.setAccessibleName("Screens")
        for screen in screens:
            item = QListWidgetItem(f"Full screen on {screen_description(screen)}")
            item.setData(Qt.ItemDataRole.UserRole, screen_key(screen))
            self.choices.addItem(item)
        window = QListWidgetItem("A normal window, for sharing one window in a video call")
        window.setData(Qt.ItemDataRole.UserRole, WINDOW_CHOICE)
        self.choices.addItem(window)
        names = [self.choices.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.choices.count())]
        self.choices.setCurrentRow(names.index(chosen) if chosen in names else 0)
        self.choices.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.choices.setMinimumWidth(self.choices.sizeHintForColumn(0) + 40)
        self.choices.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.choices.setMaximumHeight(self.choices.sizeHintForRow(0) * (self.choices.count() + 1) + 12)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Show the shared screen on:"))
        layout.addWidget(self.choices)
        layout.addWidget(buttons)

    def choice(self) -> str:
        """The chosen screen's name, or ``WINDOW_CHOICE``."""
        item = self.choices.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else WINDOW_CHOICE

    @classmethod
    def ask(cls, parent: QWidget, screens: Sequence[QScreen], chosen: str) -> str | None:
        """The place chosen, or None when the facilitator cancels."""
        dialog = cls(screens, chosen, parent)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
