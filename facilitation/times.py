"""Reading and writing the times people type, in the incident's own time zone."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

_LOCAL = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?)\s*$")


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


def parse_local(text: str, zone_name: str) -> datetime | None:
    """A typed date and time, read in the session's zone.

    Accepts ``2026-03-02 14:32`` (with optional seconds) or a full ISO 8601 time
    with an offset. An empty text means "not known yet".

    Args:
        text: What the person typed.
        zone_name: The session's IANA zone; UTC when empty.

    Raises:
        ValueError: The text is not a date and time; the message says how to write one.
    """
    if not text.strip():
        return None
    zone = zone_named(zone_name) or ZoneInfo("UTC")
    match = _LOCAL.match(text)
    try:
        if match:
            return datetime.fromisoformat(f"{match[1]}T{match[2]:0>5}").replace(tzinfo=zone)
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        moment = None
    if moment is None:
        raise ValueError(f"'{text.strip()}' is not a date and time; write it like 2026-03-02 14:32")
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def format_local(moment: datetime | None, zone_name: str) -> str:
    """``moment`` as ``YYYY-MM-DD HH:MM`` in the session's zone (seconds only when set)."""
    if moment is None:
        return ""
    zone = zone_named(zone_name)
    local = moment.astimezone(zone) if zone else moment
    return local.strftime("%Y-%m-%d %H:%M:%S" if local.second else "%Y-%m-%d %H:%M")
