"""The meeting plan and the clock that measures each phase against it."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from facilitation.messages import echo
from facilitation.phases import Phase

# A 60-minute debrief. The timeline gets well over half the meeting, because reconstructing what
# happened from several perspectives is where the learning comes from. Preparing happens before
# the meeting and review & export after it, so neither takes meeting time. Contributing factors
# get the most of what is left: they are many, and linking them takes discussion. Actions get
# only 2 minutes because fixes can be decided by a small group in the follow-up review, and
# classifying is mostly done by the facilitator afterwards; a minute confirms the severity.
DEFAULT_PLAN: Mapping[Phase, int] = MappingProxyType(
    {
        Phase.PREPARE: 0,
        Phase.GROUND_RULES: 2,
        Phase.TIMELINE: 35,
        Phase.WENT_RIGHT: 4,
        Phase.WENT_WRONG: 5,
        Phase.CONTRIBUTING_FACTORS: 6,
        Phase.KEY_LEARNINGS: 5,
        Phase.ACTIONS: 2,
        Phase.CLASSIFY: 1,
        Phase.REVIEW: 0,
    }
)
"""Minutes per phase for a 60-minute debrief; a phase planned at 0 has no timebox."""

MAX_MINUTES = 7 * 24 * 60
"""The most minutes one phase can be planned or extended by: a week, far beyond any meeting.

The bound keeps hand-edited data from overflowing the arithmetic."""

MAX_SPENT_SECONDS = 366 * 24 * 60 * 60.0
"""The most seconds a stored state may say one phase took: a year, even with the clock left running."""

_NOTHING: Mapping[Phase, int] = MappingProxyType({})
_SECTIONS = ("plan", "extensions", "spent")
_PHASES_BY_KEY = {phase.name.lower(): phase for phase in Phase}


def _key(phase: Phase) -> str:
    return phase.name.lower()


@dataclass
class TimeboxState:
    """What a session stores of its meeting plan and clock.

    Attributes:
        plan: Minutes planned per phase; a phase left out, or planned at 0, has no timebox.
        extensions: Minutes added to a phase's plan during the meeting ("five more minutes").
        spent: Seconds the meeting has spent in each phase so far.
    """

    plan: dict[Phase, int] = field(default_factory=lambda: dict(DEFAULT_PLAN))
    extensions: dict[Phase, int] = field(default_factory=dict)
    spent: dict[Phase, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, dict[str, int | float]]:
        """The state as plain data for JSON, keyed by lowercase phase names (``timeline``, ``went_right``)."""
        return {
            "plan": {_key(phase): minutes for phase, minutes in self.plan.items()},
            "extensions": {_key(phase): minutes for phase, minutes in self.extensions.items()},
            "spent": {_key(phase): float(seconds) for phase, seconds in self.spent.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> TimeboxState:
        """Reads what ``to_dict`` wrote.

        A section that is missing takes its default: the default plan, no extensions, no time
        spent. So the empty object a new session stores reads as a fresh default plan.

        Args:
            data: A mapping with any of ``plan``, ``extensions`` and ``spent``, each mapping
                phase names to minutes (whole numbers) or seconds (numbers).

        Raises:
            ValueError: A section, phase name or value is not one this version reads; the
                message names the key and the value.
        """
        for name, value in data.items():
            if name not in _SECTIONS:
                raise ValueError(
                    f"{_shown(name)} is {_shown(value)}, but a timebox holds only plan, extensions and spent"
                )
        state = cls()
        if data.get("plan") is not None:
            state.plan = {phase: _minutes(key, v) for phase, key, v in _section(data, "plan")}
        state.extensions = {phase: _minutes(key, v) for phase, key, v in _section(data, "extensions")}
        state.spent = {phase: _seconds(key, v) for phase, key, v in _section(data, "spent")}
        return state


class MeetingClock:
    """How long the meeting has spent in each phase, against the plan.

    Time accrues to the current phase while the clock runs, and to nothing while it is
    paused or before a phase is entered. The clock reads time only from ``now``, so a test
    can drive it with a fake; readings that go backwards are treated as no time passing.

    A phase planned at 0 minutes (with no extension) has no timebox: its time still counts
    towards the meeting, but it never overruns.

    Args:
        plan: Minutes planned per phase; a phase left out has no timebox.
        spent: Seconds already spent per phase, for a session reopened later.
        extensions: Minutes already added per phase.
        now: Monotonic seconds; ``time.monotonic`` unless a test injects a clock.

    Raises:
        ValueError: A planned minute count, extension or time spent is negative or absurdly
            large.
    """

    def __init__(
        self,
        plan: Mapping[Phase, int] = DEFAULT_PLAN,
        spent: Mapping[Phase, float] = _NOTHING,
        extensions: Mapping[Phase, int] = _NOTHING,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._now = now
        self._plan = {phase: _minutes(f"plan.{_key(phase)}", plan.get(phase, 0)) for phase in Phase}
        self._extensions = {
            phase: _minutes(f"extensions.{_key(phase)}", extensions.get(phase, 0)) for phase in Phase
        }
        # Time spent up to the start of the current stretch; the stretch itself is added on reading.
        self._settled = {phase: _seconds(f"spent.{_key(phase)}", spent.get(phase, 0.0)) for phase in Phase}
        self._current: Phase | None = None
        self._running = False
        self._stretch_start = 0.0
        self._latest = -math.inf

    @classmethod
    def from_state(cls, state: TimeboxState, now: Callable[[], float] = time.monotonic) -> MeetingClock:
        """A paused clock that carries on from a stored state, with no phase entered yet."""
        return cls(plan=state.plan, spent=state.spent, extensions=state.extensions, now=now)

    @property
    def running(self) -> bool:
        """Whether time is passing for the meeting (started and not paused)."""
        return self._running

    @property
    def current(self) -> Phase | None:
        """The phase the meeting is in, or None before one is entered."""
        return self._current

    def enter(self, phase: Phase) -> None:
        """The meeting is now in ``phase``; from here on, running time accrues to it."""
        self._settle()
        self._current = phase

    def start(self) -> None:
        """Starts the clock; does nothing if it is already running."""
        if not self._running:
            self._stretch_start = self._read()
            self._running = True

    def pause(self) -> None:
        """Stops the clock, keeping the time spent so far; does nothing if already paused."""
        if self._running:
            self._settle()
            self._running = False

    def extend(self, phase: Phase, minutes: int = 5) -> None:
        """Adds ``minutes`` to ``phase``'s timebox; negative minutes take back an extension.

        Raises:
            ValueError: The phase's extension would drop below zero or exceed ``MAX_MINUTES``.
        """
        total = self._extensions[phase] + minutes
        if total < 0:
            raise ValueError(
                f"extensions.{_key(phase)} is {self._extensions[phase]}, so {minutes} minutes "
                "would take back more than was added"
            )
        self._extensions[phase] = _minutes(f"extensions.{_key(phase)}", total)

    def set_planned(self, phase: Phase, minutes: int) -> None:
        """Plans ``minutes`` for ``phase`` (0: no timebox); any extension stays on top.

        Raises:
            ValueError: ``minutes`` is negative or more than ``MAX_MINUTES``.
        """
        self._plan[phase] = _minutes(f"plan.{_key(phase)}", minutes)

    def spent(self, phase: Phase) -> float:
        """Seconds the meeting has spent in ``phase``, including the stretch running now."""
        return self._spent_at(phase, self._read())

    def planned(self, phase: Phase) -> float:
        """Seconds planned for ``phase``, extensions included."""
        return (self._plan[phase] + self._extensions[phase]) * 60.0

    def remaining(self, phase: Phase) -> float:
        """Seconds left in ``phase``'s timebox; negative once it has overrun."""
        return self.planned(phase) - self.spent(phase)

    def timeboxed(self, phase: Phase) -> bool:
        """Whether ``phase`` has a timebox at all (more than 0 minutes planned or added)."""
        return self.planned(phase) > 0

    def overrun(self, phase: Phase) -> bool:
        """Whether ``phase`` has a timebox and has spent more than it."""
        return self.timeboxed(phase) and self.spent(phase) > self.planned(phase)

    def meeting_elapsed(self) -> float:
        """Seconds the whole meeting has used: the time spent in every phase, summed."""
        now = self._read()
        return sum(self._spent_at(phase, now) for phase in Phase)

    def meeting_planned(self) -> float:
        """Seconds planned for the whole meeting, extensions included."""
        return sum(self.planned(phase) for phase in Phase)

    def snapshot(self) -> TimeboxState:
        """The plan, extensions and time spent so far, to store with the session."""
        now = self._read()
        return TimeboxState(
            plan=dict(self._plan),
            extensions=dict(self._extensions),
            spent={phase: self._spent_at(phase, now) for phase in Phase},
        )

    def _read(self) -> float:
        # Never let the reading go back: a clock that jumps backwards must not undo time spent.
        self._latest = max(self._latest, self._now())
        return self._latest

    def _spent_at(self, phase: Phase, now: float) -> float:
        if self._running and phase is self._current:
            return self._settled[phase] + (now - self._stretch_start)
        return self._settled[phase]

    def _settle(self) -> None:
        now = self._read()
        if self._running and self._current is not None:
            self._settled[self._current] += now - self._stretch_start
        self._stretch_start = now


def format_countdown(seconds: float) -> str:
    """Time left in a timebox as both screens show it: ``12:05``, ``0:09``, ``1:02:05``.

    Time over shows with a plus and nothing harsher: ``+1:30``. Seconds round up either
    way, so ``0:00`` shows only when the time is exactly up and the plus appears the moment
    a phase overruns.

    Args:
        seconds: Seconds left; negative once the timebox has overrun.

    Raises:
        ValueError: ``seconds`` is not a finite number.
    """
    if not math.isfinite(seconds):
        raise ValueError(f"{seconds} seconds cannot be shown as a countdown")
    whole = math.ceil(abs(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"
    return f"+{text}" if seconds < 0 else text


def format_clock(elapsed: float, planned: float) -> str:
    """The meeting clock: whole minutes used of those planned, like ``38 of 60 min``.

    Minutes used round down, as a clock counts them.

    Args:
        elapsed: Seconds the meeting has used.
        planned: Seconds planned for the meeting.

    Raises:
        ValueError: Either number is not finite.
    """
    if not (math.isfinite(elapsed) and math.isfinite(planned)):
        raise ValueError(f"{elapsed} of {planned} seconds cannot be shown as a meeting clock")
    return f"{max(0, math.floor(elapsed / 60))} of {max(0, round(planned / 60))} min"


def _section(data: Mapping[str, object], name: str) -> list[tuple[Phase, str, object]]:
    section = data.get(name)
    if section is None:
        return []
    if not isinstance(section, Mapping):
        raise ValueError(f"{name} is {_shown(section)}, but it should map phase names to numbers")
    entries = []
    for phase_name, value in section.items():
        key = f"{name}.{echo(str(phase_name))}"
        phase = _PHASES_BY_KEY.get(phase_name) if isinstance(phase_name, str) else None
        if phase is None:
            raise ValueError(
                f"{key} is {_shown(value)}, but {_shown(phase_name)} is not a phase of the debrief"
            )
        entries.append((phase, key, value))
    return entries


def _minutes(key: str, value: object) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{key} is {_shown(value)}, but it should be a whole number of minutes")
    if value < 0:
        raise ValueError(f"{key} is {value}, but minutes cannot be negative")
    if value > MAX_MINUTES:
        raise ValueError(
            f"{key} is {value}, but a phase is planned for at most a week ({MAX_MINUTES} minutes)"
        )
    return value


def _seconds(key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:  # NaN
        raise ValueError(f"{key} is {_shown(value)}, but it should be a number of seconds")
    if value < 0:
        raise ValueError(f"{key} is {_shown(value)}, but time spent cannot be negative")
    if value > MAX_SPENT_SECONDS:
        raise ValueError(f"{key} is {_shown(value)}, but no phase of one debrief takes more than a year")
    return float(value)


def _shown(value: object) -> str:
    if isinstance(value, str):
        return f"'{echo(value)}'"
    return echo(repr(value))
