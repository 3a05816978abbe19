"""The ten phases of a debrief, in the order a meeting walks through them."""

from __future__ import annotations

import enum


class Phase(enum.Enum):
    """A phase of the debrief; its value is its place in the meeting, from 1."""

    PREPARE = 1
    GROUND_RULES = 2
    TIMELINE = 3
    WENT_RIGHT = 4
    WENT_WRONG = 5
    CONTRIBUTING_FACTORS = 6
    KEY_LEARNINGS = 7
    ACTIONS = 8
    CLASSIFY = 9
    REVIEW = 10

    @property
    def key(self) -> str:
        """The phase's name in files and the library (``timeline``, ``went_right`` …)."""
        return self.name.lower()

    @classmethod
    def from_key(cls, key: str) -> Phase:
        """The phase whose ``key`` this is.

        Raises:
            ValueError: No phase has that key.
        """
        try:
            return cls[key.upper()]
        except KeyError:
            names = ", ".join(phase.key for phase in cls)
            raise ValueError(f"'{key[:40]}' is not a phase; the phases are {names}") from None

    @property
    def label(self) -> str:
        """The phase's name as people read it."""
        return _LABELS[self]

    def next(self) -> Phase:
        """The phase after this one; the last stays where it is."""
        return Phase(min(self.value + 1, len(Phase)))

    def previous(self) -> Phase:
        """The phase before this one; the first stays where it is."""
        return Phase(max(self.value - 1, 1))


_LABELS = {
    Phase.PREPARE: "Prepare",
    Phase.GROUND_RULES: "Ground rules",
    Phase.TIMELINE: "Timeline",
    Phase.WENT_RIGHT: "What went right",
    Phase.WENT_WRONG: "What went wrong",
    Phase.CONTRIBUTING_FACTORS: "Contributing factors",
    Phase.KEY_LEARNINGS: "Key learnings",
    Phase.ACTIONS: "Actions",
    Phase.CLASSIFY: "Classify",
    Phase.REVIEW: "Review & export",
}
