"""The facilitator's keys for the shared screen (F5 and its neighbours), and the window while open.

Apart from the window itself (``ui.shared_screen``), which is loaded the first time it opens:
the app's start does not pay for the room's window until the room is shown it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QScreen
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from facilitation.timebox import MeetingClock
    from ui.session_editor import SessionEditor
    from ui.shared_screen import SharedScreen

SETTINGS_KEY = "shared_screen/screen"
"""Where the chosen screen is remembered (``ui.shared_screen.settings_store``)."""
WINDOW_CHOICE = "window"
"""The remembered choice for a normal window (for sharing one window in a video call)."""


class SharedScreenControl(QObject):
    """The facilitator's keys for the shared screen, and the window itself while a debrief is open."""

    def __init__(self, window: QWidget, status: Callable[[str], None] | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._status = status or (lambda _message: None)
        self.screen: SharedScreen | None = None
        self._editor: SessionEditor | None = None
        self._clock: MeetingClock | None = None
        self.toggle_action = self._action("&Shared screen", ["F5"], self.toggle, checkable=True)
        self.place_action = self._action(
            "Choose where the shared screen shows…", ["Shift+F5"], self.choose_place
        )
        self.blank_action = self._action(
            "&Blank the shared screen", ["F6"], self.toggle_blank, checkable=True
        )
        self.zoom_in_action = self._action(
            "Larger type on the shared screen", ["Ctrl+Alt+=", "Ctrl+Alt++"], lambda: self._zoom(1)
        )
        self.zoom_out_action = self._action(
            "Smaller type on the shared screen", ["Ctrl+Alt+-"], lambda: self._zoom(-1)
        )
        self.parking_action = self._action(
            "Show the parking lot on the shared screen",
            ["Ctrl+Alt+P"],
            self._toggle_parking_lot,
            checkable=True,
        )
        self.actions = [
            self.toggle_action,
            self.place_action,
            self.blank_action,
            self.zoom_in_action,
            self.zoom_out_action,
            self.parking_action,
        ]
        self._update()

    def _action(
        self, text: str, keys: list[str], slot: Callable[[], object], checkable: bool = False
    ) -> QAction:
        action = QAction(self._window)  # not QAction(text, parent): see MainWindow._action
        action.setText(text)
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.setCheckable(checkable)
        action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({', '.join(keys)})")
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def attach(self, editor: SessionEditor, clock: MeetingClock) -> None:
        """A debrief is open: the shared screen may show it."""
        self.detach()
        self._editor, self._clock = editor, clock
        self._update()

    def detach(self) -> None:
        """The debrief is closing: so does the shared screen."""
        self.close()
        self._editor = self._clock = None
        self.parking_action.setChecked(False)
        self._update()

    def toggle(self) -> None:
        """F5: open the shared screen, or close it."""
        if self.screen is not None:
            self.close()
        else:
            self.open()

    def open(self) -> None:
        """Open the shared screen where it was last shown (asking first when that is unclear)."""
        if self._editor is None or self._clock is None or self.screen is not None:
            self._update()
            return
        place = self._remembered_place()
        if place is None:
            self._update()
            return
        from ui.shared_screen import SharedScreen

        self.screen = SharedScreen(self._editor, self._clock)
        self.screen.closed.connect(self.close)  # closed by its own window button: F5 opens it again
        self.screen.set_parking_lot_shown(self.parking_action.isChecked())
        self._put(place)
        self._update()

    def close(self) -> None:
        """Close the shared screen."""
        if self.screen is not None:
            screen, self.screen = self.screen, None
            screen.close()
            screen.deleteLater()
        self._update()

    def choose_place(self) -> None:
        """Shift+F5: choose the screen (or a normal window) again, and show the shared screen there."""
        screens = QGuiApplication.screens()
        chosen = self._ask(screens, self._stored())
        if chosen is None or self._editor is None:
            return
        if self.screen is None:
            self.open()
        else:
            self._put(chosen)

    def toggle_blank(self) -> None:
        """F6: blank the shared screen, or show it again."""
        if self.screen is not None:
            self.screen.toggle_blank()
        self._update()

    def _zoom(self, steps: int) -> None:
        if self.screen is not None:
            self.screen.zoom_by(steps)

    def _toggle_parking_lot(self) -> None:
        shown = self.parking_action.isChecked()
        if self.screen is not None:
            self.screen.set_parking_lot_shown(shown)
        self._status(
            "The parking lot shows on the shared screen."
            if shown
            else "The parking lot is off the shared screen."
        )

    def _stored(self) -> str:
        from ui import shared_screen  # looked up when used: tests give it a settings store of their own

        return str(shared_screen.settings_store().value(SETTINGS_KEY, "") or "")

    def _ask(self, screens: Sequence[QScreen], chosen: str) -> str | None:
        from ui import shared_screen

        answer = shared_screen.ScreenChooser.ask(self._window, screens, chosen)
        if answer is not None:
            store = shared_screen.settings_store()
            store.setValue(SETTINGS_KEY, answer)
            store.sync()
        return answer

    def _remembered_place(self) -> str | None:
        """The screen's name or ``WINDOW_CHOICE``; None when the facilitator cancelled the chooser."""
        from ui.shared_screen import screen_key

        screens = QGuiApplication.screens()
        stored = self._stored()
        if len(screens) < 2:
            # Full screen on the only screen covers the facilitator's window: only when chosen (Shift+F5).
            return (
                stored if stored and stored in {screen_key(screen) for screen in screens} else WINDOW_CHOICE
            )
        if stored and (stored == WINDOW_CHOICE or stored in {screen_key(screen) for screen in screens}):
            return stored
        # Never chosen, or that screen is gone: ask, suggesting a screen other than the facilitator's.
        own = self._window.screen()
        others = [screen_key(screen) for screen in screens if screen is not own]
        return self._ask(screens, stored if stored else (others[0] if others else WINDOW_CHOICE))

    def _put(self, place: str) -> None:
        screen = self.screen
        assert screen is not None
        # A window manager may hand the cursor to a window going full screen, or to whatever is on top
        # when the chooser closes: the facilitator keeps it.
        QTimer.singleShot(0, self._give_back_focus)
        QTimer.singleShot(300, self._give_back_focus)
        from ui.shared_screen import screen_key

        target = next((s for s in QGuiApplication.screens() if screen_key(s) == place), None)
        if target is None:
            if screen.isFullScreen():
                screen.showNormal()
            screen.setCursor(Qt.CursorShape.ArrowCursor)
            screen.show()
            self._status("The shared screen is a window of its own: share it in the call, or drag it.")
            return
        screen.setCursor(Qt.CursorShape.BlankCursor)
        screen.setScreen(target)
        screen.move(target.geometry().topLeft())
        screen.showFullScreen()
        self._status(f"The shared screen is on {target.name() or 'this screen'}. F5 closes it, F6 blanks it.")

    def _give_back_focus(self) -> None:
        if self.screen is not None and self.screen.isActiveWindow():
            self._window.activateWindow()

    def _update(self) -> None:
        has_session = self._editor is not None
        is_open = self.screen is not None
        self.toggle_action.setEnabled(has_session)
        self.toggle_action.setChecked(is_open)
        self.place_action.setEnabled(has_session)
        for action in (self.blank_action, self.zoom_in_action, self.zoom_out_action):
            action.setEnabled(is_open)
        self.blank_action.setChecked(is_open and self.screen is not None and self.screen.blanked)
        self.parking_action.setEnabled(has_session)
