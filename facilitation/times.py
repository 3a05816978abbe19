"""Reading and writing the times people type, in the incident's own time zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from facilitation.messages import echo

# A date, hours AND minutes (seconds and a fraction optional), then an optional offset.
_TYPED = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[ Tt](?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,6}))?)?"
    r"\s*(?P<offset>[Zz]|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?",
    re.ASCII,
)


def zone_named(name: str) -> ZoneInfo | None:
    """The IANA zone called ``name``, or None for an empty or unknown name."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # "Europe" names a folder of zones, not a zone: zoneinfo raises IsADirectoryError.
        return None


def zone_names() -> list[str]:
    """Every IANA zone name this computer knows, sorted."""
    return sorted(available_timezones())


def parse_local(text: str, zone_name: str, fallback: tzinfo | None = None) -> datetime | None:
    """A typed date and time, read in the session's zone.

    Accepts ``2026-03-02 14:32`` or ``2026-03-02 9:05`` (hours of one or two
    digits, optional ``:SS`` seconds), and a full ISO 8601 time with an offset
    (``2026-03-02T14:32:00+01:00``, ``…Z``); a date and a time with hours and
    minutes are both required, so half-typed text is refused rather than read as
    midnight. An empty text means "not known yet".

    Args:
        text: What the person typed.
        zone_name: The session's IANA zone, for text without an offset.
        fallback: The zone for text without an offset when ``zone_name`` names no
            zone (is empty, or is still being typed); UTC when this is None too.

    Raises:
        ValueError: The text is not a date and time; the message says how to write one.
    """
    if not text.strip():
        return None
    match = _TYPED.fullmatch(text.strip())
    try:
        if match is None:
            raise ValueError
        moment = datetime.combine(
            date.fromisoformat(match["date"]),
            time(
                int(match["hour"]),
                int(match["minute"]),
                int(match["second"] or 0),
                int((match["fraction"] or "").ljust(6, "0")),
            ),
        )
        offset = _offset(match["offset"])
    except ValueError:
        raise ValueError(
            f"'{echo(text.strip())}' is not a date and time; write it like 2026-03-02 14:32"
        ) from None
    return moment.replace(tzinfo=offset or zone_named(zone_name) or fallback or UTC)


def _offset(text: str | None) -> tzinfo | None:
    if not text:
        return None
    if text in ("Z", "z"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes, seconds = int(digits[:2]), int(digits[2:4]), int(digits[4:6] or 0)
    if minutes > 59 or seconds > 59:
        raise ValueError
    return timezone(sign * timedelta(hours=hours, minutes=minutes, seconds=seconds))


def format_local(moment: datetime | None, zone_name: str) -> str:
    """``moment`` as ``YYYY-MM-DD HH:MM`` in the session's zone (seconds only when set).

    Without a zone it reads in the offset the moment carries. A local time that
    happens twice (the hour repeated when clocks go back) gets its UTC offset
    (``2026-10-25 02:30 +01:00``), so ``parse_local`` reads back the same moment.
    """
    if moment is None:
        return ""
    zone = zone_named(zone_name)
    local = moment.astimezone(zone) if zone else moment
    text = f"{local.date().isoformat()} {local:%H:%M}" + (f":{local.second:02}" if local.second else "")
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        text += " " + _format_offset(local.utcoffset())
    return text


def _format_offset(offset: timedelta | None) -> str:
    seconds = int((offset or timedelta()).total_seconds())
    sign, seconds = ("-" if seconds < 0 else "+"), abs(seconds)
    text = f"{sign}{seconds // 3600:02}:{seconds % 3600 // 60:02}"
    return text + (f":{seconds % 60:02}" if seconds % 60 else "")
