"""Keyed actions for a view: each in a menu with its key, and live only where it belongs."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

ActionSpec = tuple[str, str, Callable[[], object], QWidget | None]
"""Text, key, what it does, and the one widget it is for (None: anywhere in the view)."""


def bind_actions(view: QWidget, specs: Sequence[ActionSpec]) -> list[QAction]:
    """One action per spec, its key scoped to the view, or to the single widget named."""
    actions = []
    for text, key, slot, owner in specs:
        action = QAction(text, view)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _checked=False, s=slot: s())
        if owner is None:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            view.addAction(action)
        else:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            owner.addAction(action)
        actions.append(action)
    return actions
