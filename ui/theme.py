"""A calm look for a meeting room: readable type, room to breathe, light or dark as the system is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

BASE_POINT_SIZE = 12

_STYLE = """
QLineEdit, QPlainTextEdit, QComboBox { padding: 6px; }
QPushButton { padding: 6px 14px; }
QTableView { gridline-color: palette(midlight); }
QLabel[role="heading"] { font-size: 20pt; font-weight: 600; }
QLabel[role="subheading"] { font-size: 14pt; font-weight: 600; margin-top: 8px; }
QLabel[role="hint"] { color: palette(placeholder-text); }
QLabel[role="problem"] { color: #b45309; }
QLineEdit[role="entry"] { font-size: 16pt; padding: 10px; }
QLabel[role="headline"] { font-size: 15pt; padding: 4px 0; }
QLabel[role="question"] { font-size: 13pt; font-weight: 600; }
QLabel[role="countdown"] { font-size: 15pt; font-weight: 600; }
QLabel[role="countdown"][overrun="true"] { color: #b45309; }
QFrame[role="coach"] {
    background: rgba(47, 128, 190, 0.08);
    border: 1px solid rgba(47, 128, 190, 0.45);
    border-radius: 6px;
}
QFrame[role="coach"] QLabel { background: transparent; border: none; }
QFrame[role="coach"] QLabel[role="hint"] { font-size: 11pt; }
QLabel[role="suggestion"] { font-size: 13pt; }
QListWidget#phases { font-size: 13pt; }
QListWidget#phases::item { padding: 8px 12px; }
QScrollBar:vertical { background: palette(base); width: 14px; }
QScrollBar:horizontal { background: palette(base); height: 14px; }
QScrollBar::handle { background: palette(mid); border-radius: 4px; margin: 2px; }
QScrollBar::handle:hover, QScrollBar::handle:pressed { background: palette(dark); }
QScrollBar::handle:vertical { min-height: 28px; }
QScrollBar::handle:horizontal { min-width: 28px; }
QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; }
QScrollBar::add-page, QScrollBar::sub-page { background: none; }
"""
"""Scroll bars are flat: the default style's shaded ones cost a millisecond to paint, and a
table's bar repaints on every Enter as the timeline grows."""


def _dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#1f2328",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#16191d",
        QPalette.ColorRole.AlternateBase: "#22262b",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#2b3036",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.Highlight: "#3b82f6",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.ToolTipBase: "#2b3036",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return palette


STYLE = "Fusion"


def themed_application(arguments: list[str]) -> QApplication:
    """A new QApplication with its font, style and palette.

    The style is chosen as Qt starts (its ``-style`` argument) rather than with ``setStyle``,
    which hands back the style object: the first ``QStyle`` PySide meets costs some 10 ms of
    building its enums, and nothing else at start-up needs one.
    """
    app = QApplication([*arguments, "-style", STYLE])
    _apply_look(app)
    return app


def apply_theme(app: QApplication) -> None:
    """Give a running application its font, style and palette."""
    app.setStyle(STYLE)
    _apply_look(app)


def _apply_look(app: QApplication) -> None:
    font = QFont(app.font())
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    if QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark:
        app.setPalette(_dark_palette())
    app.setStyleSheet(_STYLE)
