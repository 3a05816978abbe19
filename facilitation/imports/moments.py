"""Reading the times found in imported files and the bounds of an import's time window."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from facilitation.messages import echo
from facilitation.times import parse_local, zone_named

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", re.ASCII)


def local_moment(day: date, clock: time, zone_name: str) -> datetime:
    """``clock`` on ``day`` in the zone called ``zone_name`` (UTC when it names none)."""
    return datetime.combine(day, clock, tzinfo=zone_named(zone_name) or UTC)


def clock_time(text: str) -> time | None:
    """``HH:MM`` or ``HH:MM:SS`` as a time of day, or None when it is not one."""
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        return None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def read_moment(text: str, zone_name: str, day: date | None = None) -> datetime | None:
    """A date and time as files write them, or None when ``text`` is not one.

    Accepts ``2026-03-02 14:02``, ``2026-03-02T14:02:11``, fractions of a second and an
    offset (``…Z``, ``…+01:00``); without an offset the time is read in ``zone_name``.
    A bare ``14:02`` or ``14:02:11`` is read on ``day`` when one is given.
    """
    try:
        moment = parse_local(text, zone_name)
    except ValueError:
        moment = None
    if moment is not None:
        return moment
    clock = clock_time(text)
    if clock is not None and day is not None:
        return local_moment(day, clock, zone_name)
    return None


def window_bound(text: str, zone_name: str, end: bool) -> datetime:
    """One end of an import's time window, as typed.

    ``YYYY-MM-DD`` means the start of that day in ``zone_name`` or, when ``end`` is True,
    its last moment; ``YYYY-MM-DDTHH:MM[:SS]`` (or with a space) is read in ``zone_name``
    unless it carries an offset.

    Raises:
        ValueError: The text is neither; the message says how to write one.
    """
    stripped = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", stripped, re.ASCII):
        try:
            day = date.fromisoformat(stripped)
        except ValueError:
            day = None
        if day is not None:
            start = local_moment(day, time(), zone_name)
            if not end:
                return start
            following = local_moment(day + timedelta(days=1), time(), zone_name)
            return following - timedelta(microseconds=1)
    moment = read_moment(stripped, zone_name)
    if moment is None:
        raise ValueError(
            f"'{echo(stripped)}' is not a day or a time; write it like 2026-03-02 or 2026-03-02T14:00"
        )
    return moment
