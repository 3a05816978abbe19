"""A horizontal bar chart painted with QPainter: one labelled bar per value, count and share beside it.

Painted by hand rather than with QtCharts: QtCharts is not installed with the PySide6 wheels we use,
and a few labelled bars need nothing more than QPainter (see docs/library.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

MOST_BARS = 15
"""At most this many bars; the rest are summed into one last bar."""
_BAR_COLOUR = QColor(47, 128, 190)
_REST_COLOUR = QColor(148, 163, 184)


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its count, its share (0..1) or None when shares would not add up."""

    label: str
    count: int
    share: float | None
    rest: bool = False


def bars_of(values: Sequence[tuple[str, int, float]], overlapping: bool) -> list[Bar]:
    """``(label, count, share)`` as at most ``MOST_BARS`` bars, the rest summed into one.

    ``overlapping``: an incident may count under several values (tags), so the rest's shares are
    not added up and its bar shows a count of mentions only.
    """
    bars = [Bar(label, count, share) for label, count, share in values[:MOST_BARS]]
    rest = values[MOST_BARS:]
    if rest:
        total = sum(count for _label, count, _share in rest)
        share = None if overlapping else sum(s for _label, _count, s in rest)
        noun = "value" if len(rest) == 1 else "values"
        bars.append(Bar(f"{len(rest)} other {noun}", total, share, rest=True))
    return bars


def bar_caption(bar: Bar) -> str:
    """What is written beside a bar: ``12 · 40%``."""
    return f"{bar.count:,}" if bar.share is None else f"{bar.count:,} · {round(bar.share * 100)}%"


class BarChart(QWidget):
    """Horizontal bars, longest first, each with its label at the left and its count and share."""

    ROW_HEIGHT = 30
    LABEL_WIDTH = 260

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[Bar] = []
        self.setAccessibleName("Bar chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(self.ROW_HEIGHT)

    @property
    def bars(self) -> list[Bar]:
        """The bars shown."""
        return list(self._bars)

    def set_bars(self, bars: list[Bar]) -> None:
        """Show these bars."""
        self._bars = list(bars)
        self.setFixedHeight(max(len(bars), 1) * self.ROW_HEIGHT + 8)
        self.setAccessibleDescription("; ".join(f"{b.label}: {bar_caption(b)}" for b in bars))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(720, max(len(self._bars), 1) * self.ROW_HEIGHT + 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        metrics = QFontMetrics(self.font())
        label_width = min(self.LABEL_WIDTH, self.width() // 3)
        caption_width = metrics.horizontalAdvance("10,000 · 100%") + 16
        track = max(self.width() - label_width - caption_width - 16, 20)
        most = max((bar.count for bar in self._bars), default=0) or 1
        for row, bar in enumerate(self._bars):
            top = 4 + row * self.ROW_HEIGHT
            label_rect = QRectF(0, top, label_width - 8, self.ROW_HEIGHT - 6)
            painter.setPen(text_colour)
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(label_rect.width()))
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            length = max(track * bar.count / most, 2.0)
            bar_rect = QRectF(label_width, top + 4, length, self.ROW_HEIGHT - 14)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_REST_COLOUR if bar.rest else _BAR_COLOUR)
            painter.drawRoundedRect(bar_rect, 3, 3)
            painter.setPen(text_colour)
            caption_rect = QRectF(bar_rect.right() + 8, top, caption_width, self.ROW_HEIGHT - 6)
            painter.drawText(
                caption_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, bar_caption(bar)
            )
        painter.end()
