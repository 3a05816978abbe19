"""Each incident's values for one insights field, read from a row of the sessions table.

Loaded with the first insights (``QueryStore.stats``), never at start-up: the weekday, holiday
and hour fields bring the calendar and time-zone code with them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, datetime
from functools import cache

from facilitation.classification import WEEKDAYS, holiday_on
from facilitation.matrix_csv import IMPORTED_TIME_ZONE
from facilitation.settings import HolidayWindow
from facilitation.times import zone_named

Row = tuple[int, str, str, str, str, str | None, str]
"""id, severity, start_day, system, trigger, detected (else started) at, time zone."""
NARROW = "SELECT id, severity, start_day, '', '', NULL, '' FROM sessions"
"""Rows for most fields: read from the covering index ``sessions_listing``, never the wide table."""
_DAY_ONLY = (
    f"detected_at IS NULL AND time_zone = '{IMPORTED_TIME_ZONE}' "
    "AND substr(started_at, 11) = 'T00:00:00+00:00'"
)
"""A start that is only a day: how a classification-matrix CSV's ``Date`` is stored. It has no hour."""
WIDE = (
    "SELECT id, severity, start_day, system, trigger_text, "
    f"CASE WHEN {_DAY_ONLY} THEN NULL ELSE coalesce(detected_at, started_at) END, time_zone "
    "FROM sessions"
)
WIDE_FIELDS = frozenset({"system", "trigger", "hour"})
"""Fields read from the table itself."""


def values_for(
    by: str,
    categories: dict[int, list[str]],
    tags: dict[int, list[str]],
    holidays: tuple[HolidayWindow, ...],
) -> Callable[[Row], Collection[str | int]]:
    """How to read one incident's values for ``by`` from its row (none: the null group)."""
    none: tuple[str, ...] = ()
    if by == "severity":
        return lambda row: (row[1],) if row[1] else none
    if by == "system":
        return lambda row: (row[3],) if row[3] else none
    if by == "trigger":
        return lambda row: (row[4],) if row[4] else none
    if by == "tag":
        return lambda row: tags.get(row[0], none)
    if by == "factor-category":
        return lambda row: categories.get(row[0], none)
    if by == "month":
        return lambda row: (row[2][:7],) if row[2] else none
    if by == "weekday":
        return lambda row: (WEEKDAYS[_day(row[2]).weekday()],) if row[2] else none
    if by == "holiday":
        return lambda row: _holiday(row[2], holidays)
    return lambda row: (_hour(row[5], row[6]),) if row[5] else none


@cache
def _day(text: str) -> date:
    return date.fromisoformat(text)


def _holiday(start_day: str, holidays: tuple[HolidayWindow, ...]) -> tuple[str, ...]:
    name = holiday_on(_day(start_day), holidays) if start_day else None
    return (name,) if name else ()


def _hour(moment: str, zone_name: str) -> int:
    """The hour of ``moment`` on the incident's clock (as ``classification.in_incident_zone``)."""
    zone = _zone(zone_name)
    parsed = datetime.fromisoformat(moment)
    return (parsed.astimezone(zone) if zone else parsed).hour


_zone = cache(zone_named)  # looked up once per name, not once per incident
