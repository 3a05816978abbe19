"""Classifying an incident: what its times tell (hour, weekday, durations, holiday), tags and the scale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from facilitation.messages import echo
from facilitation.model import Session
from facilitation.settings import HolidayWindow, SeverityLevel, normalise_severity
from facilitation.times import zone_named

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""Weekday names as ``stats --by weekday`` writes them, Monday first."""


@dataclass(frozen=True)
class Derived:
    """What the incident's times tell without anyone typing it.

    Attributes:
        detection_hour: Hour of the day (0–23) it was detected, else started, in its own zone.
        weekday: English name of the day of that same moment (``Monday`` …).
        time_to_detect: From the start to detection.
        time_to_mitigate: From the start to mitigation.
        time_to_resolve: From the start to resolution.
        holiday: Name of the holiday or freeze window the day it started falls in.

    Each is None when the times it needs are missing (or, for a duration, when the
    later time is before the start).
    """

    detection_hour: int | None = None
    weekday: str | None = None
    time_to_detect: timedelta | None = None
    time_to_mitigate: timedelta | None = None
    time_to_resolve: timedelta | None = None
    holiday: str | None = None


def in_incident_zone(moment: datetime, zone_name: str) -> datetime:
    """``moment`` on the incident's clock: its zone, else the offset the moment was given in."""
    zone = zone_named(zone_name)
    return moment.astimezone(zone) if zone else moment


def incident_day(session: Session) -> date | None:
    """The day the incident started, in its own zone; None without a start time."""
    if session.started_at is None:
        return None
    return in_incident_zone(session.started_at, session.time_zone).date()


def holiday_on(day: date, holidays: Sequence[HolidayWindow]) -> str | None:
    """Name of the first window that contains ``day`` (both ends included), else None."""
    return next((window.name for window in holidays if window.start <= day <= window.end), None)


def derive(session: Session, holidays: Sequence[HolidayWindow]) -> Derived:
    """Hour, weekday, durations and holiday window from the session's times.

    Args:
        session: The incident; its ``time_zone`` says how its clock reads.
        holidays: The organisation's holiday and freeze windows, in their order of precedence.
    """
    anchor = session.detected_at or session.started_at
    local = in_incident_zone(anchor, session.time_zone) if anchor else None
    day = incident_day(session)
    return Derived(
        detection_hour=local.hour if local else None,
        weekday=WEEKDAYS[local.weekday()] if local else None,
        time_to_detect=_between(session.started_at, session.detected_at),
        time_to_mitigate=_between(session.started_at, session.mitigated_at),
        time_to_resolve=_between(session.started_at, session.resolved_at),
        holiday=holiday_on(day, holidays) if day else None,
    )


def _between(start: datetime | None, end: datetime | None) -> timedelta | None:
    if start is None or end is None:
        return None
    # In UTC: two times in the same zone subtract as wall-clock times, wrong across a clock change.
    elapsed = end.astimezone(UTC) - start.astimezone(UTC)
    return None if elapsed < timedelta() else elapsed


def format_duration(duration: timedelta) -> str:
    """A duration as people say it: ``42 min``, ``1 h 05 min``, ``3 d 2 h``.

    Minutes are shown below a day and dropped from a day on; what is left over is
    cut, not rounded, so a duration never reads longer than it was.

    Raises:
        ValueError: The duration is negative.
    """
    seconds = int(duration.total_seconds())
    if seconds < 0:
        raise ValueError("a duration cannot be negative")
    if seconds == 0:
        return "0 min"
    if seconds < 60:
        return "under 1 min"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes:02} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


def severity_description(name: str, scale: Sequence[SeverityLevel]) -> str:
    """What the level called ``name`` means (``Sev2`` finds ``Sev-2``); empty when it is not on the scale."""
    if not name:
        return ""
    known = normalise_severity(name, [level.name for level in scale])
    return next((level.description for level in scale if level.name == known), "")


def scale_problem(scale: Sequence[SeverityLevel]) -> str:
    """Why a severity scale cannot be kept, in one plain sentence; empty when it can.

    A scale needs at least one level, every level a name, and no two names that
    read as the same level (``Sev-2`` and ``sev 2``).
    """
    if not scale:
        return "A scale needs at least one level: every debrief picks one."
    seen: list[str] = []
    for number, level in enumerate(scale, start=1):
        name = level.name.strip()
        if not name:
            return f"Level {number} has no name yet; give it one or remove it."
        twin = normalise_severity(name, seen)
        if twin is not None:
            return f"'{echo(name)}' reads the same as '{echo(twin)}': each level needs a name of its own."
        seen.append(name)
    return ""


def parse_tags(text: str) -> list[str]:
    """Comma-separated tags as typed, trimmed, each once.

    Tags keep their spelling; a tag repeated in another case is dropped, the
    first spelling kept (``auth, Auth`` gives ``["auth"]``).
    """
    tags: list[str] = []
    seen: set[str] = set()
    for part in text.split(","):
        tag = part.strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags


def format_tags(tags: Sequence[str]) -> str:
    """Tags as one line to edit: ``auth, config``."""
    return ", ".join(tags)


def tag_being_typed(text: str, cursor: int) -> tuple[int, str]:
    """Where the tag under the cursor starts and what of it is typed so far.

    The tag being typed is the text after the last comma before the cursor,
    without the spaces that follow the comma.
    """
    before = text[:cursor]
    start = before.rfind(",") + 1
    while start < cursor and text[start].isspace():
        start += 1
    return start, text[start:cursor]


def tag_suggestions(typed: str, known: Sequence[str], taken: Sequence[str]) -> list[str]:
    """Known tags to offer for ``typed``: those starting with it first, then those containing it.

    Matching ignores case; tags already given (``taken``) and a tag typed out in
    full are not offered. Nothing is offered for an empty ``typed``.
    """
    needle = typed.strip().casefold()
    if not needle:
        return []
    skip = {tag.casefold() for tag in taken} | {needle}
    starting = [tag for tag in known if tag.casefold().startswith(needle) and tag.casefold() not in skip]
    containing = [
        tag
        for tag in known
        if needle in tag.casefold() and tag not in starting and tag.casefold() not in skip
    ]
    return starting + containing


def complete_tag(text: str, cursor: int, tag: str) -> tuple[str, int]:
    """``text`` with the tag under the cursor replaced by ``tag`` and a separator, and the new cursor.

    Text after the tag being typed (up to the next comma) is replaced too, so a
    tag completed in the middle of the line does not leave its old tail behind.
    """
    start, _ = tag_being_typed(text, cursor)
    comma = text.find(",", cursor)
    rest = "" if comma < 0 else text[comma:].lstrip(",").lstrip()
    head = text[:start] + tag + ", "
    return head + rest, len(head)
