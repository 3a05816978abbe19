"""The completeness check before readers see a debrief: what is still missing, phase by phase."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from facilitation.coach import Coach
from facilitation.model import UNTITLED, Item, KeyLearning, Session
from facilitation.phases import Phase

LEARNINGS_FEWEST = 3
LEARNINGS_MOST = 5
"""Key learnings a reader takes in at a glance: from 3 to 5."""

# Each list's phase, and how to name one item or several of it in a sentence.
_LISTS: dict[str, tuple[Phase, str, str]] = {
    "timeline": (Phase.TIMELINE, "timeline entry", "timeline entries"),
    "went_right": (Phase.WENT_RIGHT, "item in What went right", "items in What went right"),
    "went_wrong": (Phase.WENT_WRONG, "item in What went wrong", "items in What went wrong"),
    "contributing_factors": (Phase.CONTRIBUTING_FACTORS, "contributing factor", "contributing factors"),
    "key_learnings": (Phase.KEY_LEARNINGS, "key learning", "key learnings"),
    "actions": (Phase.ACTIONS, "action", "actions"),
}
_TIMES = (("detected_at", "detection"), ("mitigated_at", "mitigation"), ("resolved_at", "resolution"))
_OPEN_ACTIONS = ("open", "in-progress")
_ItemT = TypeVar("_ItemT", bound=Item)


@dataclass(frozen=True)
class Finding:
    """Something a reader would miss, and the phase where it is filled in.

    Attributes:
        phase: Where to go to fill it in.
        message: One plain, blameless sentence saying what is missing.
        item_key: The first item it is about (``t4``), the session field (``summary``), or empty.
    """

    phase: Phase
    message: str
    item_key: str = ""


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def learning_nudge(count: int) -> str:
    """A gentle sentence when there are fewer than 3 or more than 5 key learnings; empty from 3 to 5."""
    if LEARNINGS_FEWEST <= count <= LEARNINGS_MOST:
        return ""
    if count <= 0:
        return "No key learnings yet; a reader who wasn't there starts with them."
    if count < LEARNINGS_FEWEST:
        return f"{_count(count, 'learning', 'learnings')} so far; 3 to 5 work best for readers."
    return f"{count} learnings; 3 to 5 work best for readers, so some may fold into one."


def _written(items: Sequence[_ItemT]) -> list[_ItemT]:
    return [item for item in items if item.text.strip()]


def completeness(session: Session, coach: Coach | None = None) -> list[Finding]:
    """What is still missing before the debrief is ready for readers, in phase order.

    Args:
        session: The debrief to check.
        coach: The language coach; its notes nobody has kept as written count as
            gaps. Without it, wording is not checked.

    Returns:
        One finding per gap; an empty list when the debrief is ready for readers.
    """
    found: list[Finding] = []
    found += _prepare(session)
    found += _timeline(session)
    if not _written(session.went_right):
        found.append(Finding(Phase.WENT_RIGHT, "Nothing in What went right yet."))
    if not _written(session.went_wrong):
        found.append(Finding(Phase.WENT_WRONG, "Nothing in What went wrong yet."))
    if not _written(session.contributing_factors):
        found.append(
            Finding(
                Phase.CONTRIBUTING_FACTORS, "No contributing factors yet; incidents rarely have just one."
            )
        )
    nudge = learning_nudge(len(_written(session.key_learnings)))
    if nudge:
        found.append(Finding(Phase.KEY_LEARNINGS, nudge))
    found += _actions(session)
    found += _classify(session)
    if coach is not None:
        found += _language(session, coach)
    # Stable: within a phase, findings keep the order they were made in.
    return sorted(found, key=lambda finding: finding.phase.value)


def _prepare(session: Session) -> list[Finding]:
    found: list[Finding] = []
    if not session.title.strip() or session.title == UNTITLED:
        found.append(Finding(Phase.PREPARE, "The debrief has no title yet; readers find it by its title."))
    if not session.summary.strip():
        found.append(
            Finding(Phase.PREPARE, "No summary yet; two or three sentences tell a reader what happened.")
        )
    if session.started_at is None:
        found.append(
            Finding(
                Phase.PREPARE,
                "No start time yet; the durations and the holiday window are worked out from it.",
            )
        )
        return found
    for name, label in _TIMES:
        moment = getattr(session, name)
        if moment is not None and moment < session.started_at:
            found.append(
                Finding(
                    Phase.PREPARE,
                    f"The {label} time is before the start time, so its duration is left out.",
                )
            )
    return found


def _timeline(session: Session) -> list[Finding]:
    entries = _written(session.timeline)
    if not entries:
        return [Finding(Phase.TIMELINE, "The timeline is empty; readers follow the incident through it.")]
    untimed = [entry for entry in session.timeline if entry.at is None]
    if not untimed:
        return []
    has = "has" if len(untimed) == 1 else "have"
    message = f"{_count(len(untimed), 'timeline entry', 'timeline entries')} {has} no time."
    return [Finding(Phase.TIMELINE, message, untimed[0].key)]


def _actions(session: Session) -> list[Finding]:
    found: list[Finding] = []
    ideas = _written(session.parking_lot)
    if len(ideas) == 1:
        message = "1 parking-lot idea is still open: promote it to an action or let it go."
        found.append(Finding(Phase.ACTIONS, message, ideas[0].key))
    elif ideas:
        message = f"{len(ideas)} parking-lot ideas are still open: promote them to actions or let them go."
        found.append(Finding(Phase.ACTIONS, message, ideas[0].key))
    unowned = [
        action
        for action in _written(session.actions)
        if not action.owner.strip() and action.status in _OPEN_ACTIONS
    ]
    if unowned:
        has = "has" if len(unowned) == 1 else "have"
        message = f"{_count(len(unowned), 'open action', 'open actions')} {has} no owner yet."
        found.append(Finding(Phase.ACTIONS, message, unowned[0].key))
    return found


def _classify(session: Session) -> list[Finding]:
    found: list[Finding] = []
    if not session.severity.strip():
        found.append(Finding(Phase.CLASSIFY, "No severity chosen yet."))
    if not session.system.strip():
        found.append(Finding(Phase.CLASSIFY, "No system or component named yet."))
    if not session.trigger.strip():
        found.append(Finding(Phase.CLASSIFY, "No trigger yet: what set it off?"))
    return found


_FIELD_PHASES = {
    "title": (Phase.PREPARE, "The title"),
    "summary": (Phase.PREPARE, "The summary"),
    "trigger": (Phase.CLASSIFY, "The trigger"),
    "customer_impact": (Phase.CLASSIFY, "The customer impact"),
}


def _language(session: Session, coach: Coach) -> list[Finding]:
    found: list[Finding] = []
    for name, (phase, label) in _FIELD_PHASES.items():
        text = session.metadata.customer_impact if name == "customer_impact" else getattr(session, name)
        notes = coach.open_notes(text, session.dismissed_notes.get(name, ()))
        if notes:
            message = f"{label} still has a language note to look at: “{notes[0].wording}”."
            found.append(Finding(phase, message, name))
    for list_name, (phase, one, many) in _LISTS.items():
        noted = [
            item
            for item in _written(getattr(session, list_name))
            if coach.open_notes(item.text, item.dismissed_notes, learnings=isinstance(item, KeyLearning))
        ]
        if noted:
            has = "has" if len(noted) == 1 else "have"
            message = f"{_count(len(noted), one, many)} still {has} a language note to look at."
            found.append(Finding(phase, message, noted[0].key))
    return found
