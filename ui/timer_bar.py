"""The meeting's clocks above every phase: this phase's countdown and the whole meeting's time."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from facilitation.phases import Phase
from facilitation.timebox import MeetingClock, TimeboxState, format_clock, format_countdown

TICK_MS = 1000
SAVE_EVERY_TICKS = 10


class TimerBar(QWidget):
    """Shows and drives the meeting clock; asks for its state to be kept now and then."""

    state_changed = Signal(object)  # a TimeboxState worth keeping
    move_on_requested = Signal()

    def __init__(self, state: TimeboxState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = MeetingClock.from_state(state)
        self._ticks = 0
        # A new meeting starts its clock on leaving Prepare; a reopened one waits for F7.
        self._may_start_itself = self.clock.meeting_elapsed() == 0
        self.countdown = QLabel()
        self.countdown.setAccessibleName("Time left in this phase")
        self.countdown.setProperty("role", "countdown")
        self.meeting = QLabel()
        self.meeting.setAccessibleName("Meeting clock")
        self.meeting.setProperty("role", "hint")
        self.pause_button = QPushButton()
        self.pause_button.clicked.connect(self.toggle)
        extend_button = QPushButton("+5 min")
        extend_button.setAccessibleName("Give this phase five more minutes (F8)")
        extend_button.setToolTip("F8")
        extend_button.clicked.connect(self.extend)
        move_on_button = QPushButton("Let's move on")
        move_on_button.setAccessibleName("Signal gently that it is time to move on (F9)")
        move_on_button.setToolTip("F9: a gentle signal on the shared screen when a discussion loops")
        move_on_button.clicked.connect(self.move_on_requested)

        for button in (self.pause_button, extend_button, move_on_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a click keeps the cursor in the entry line
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 6)
        layout.addWidget(self.countdown)
        layout.addWidget(self.meeting)
        layout.addStretch()
        layout.addWidget(self.pause_button)
        layout.addWidget(extend_button)
        layout.addWidget(move_on_button)

        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()
        self._refresh()

    def enter(self, phase: Phase) -> None:
        """The meeting moved to ``phase``; the clock starts with the first phase after Prepare."""
        self.clock.enter(phase)
        if phase is not Phase.PREPARE and self._may_start_itself:
            self._may_start_itself = False
            self.clock.start()
        self._keep()

    def toggle(self) -> None:
        """Pause a running clock, or start / resume a paused one."""
        self._may_start_itself = False
        if self.clock.running:
            self.clock.pause()
        else:
            self.clock.start()
        self._keep()

    def extend(self) -> None:
        """Give the current phase five more minutes."""
        if self.clock.current is not None:
            self.clock.extend(self.clock.current, 5)
            self._keep()

    def edit_plan(self) -> None:
        """Change this session's minutes per phase."""
        from ui.plan_dialog import PlanDialog

        current = {phase: int(self.clock.snapshot().plan.get(phase, 0)) for phase in Phase}
        plan = PlanDialog.ask(self, current)
        if plan is not None:
            for phase, minutes in plan.items():
                self.clock.set_planned(phase, minutes)
            self._keep()

    def _keep(self) -> None:
        self._refresh()
        self.state_changed.emit(self.clock.snapshot())

    def _on_timer_timeout(self) -> None:
        self._ticks += 1
        self._refresh()
        if self.clock.running and self._ticks % SAVE_EVERY_TICKS == 0:
            self.state_changed.emit(self.clock.snapshot())

    def _refresh(self) -> None:
        phase = self.clock.current
        if phase is None or not self.clock.timeboxed(phase):
            self.countdown.setText("No timebox")
        else:
            self.countdown.setText(f"{phase.label}: {format_countdown(self.clock.remaining(phase))}")
        self.countdown.setProperty("overrun", bool(phase and self.clock.overrun(phase)))
        self.countdown.style().polish(self.countdown)
        self.meeting.setText(format_clock(self.clock.meeting_elapsed(), self.clock.meeting_planned()))
        running = self.clock.running
        started = self.clock.meeting_elapsed() > 0
        self.pause_button.setText("Pause" if running else "Resume" if started else "Start")
        self.pause_button.setAccessibleName(f"{self.pause_button.text()} the meeting clock (F7)")
        self.pause_button.setToolTip("F7")
