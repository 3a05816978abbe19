"""Reading the time and actor typed at the start of a timeline entry line."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from facilitation.times import zone_named

ACTOR_LIMIT = 80
"""The longest actor name, in characters, that an ``@Name:`` prefix may give."""

# One leading time: an optional "~", then a clock time (optionally after a date) or a
# "+duration". Digits are ASCII only and their counts are bounded, so int() never sees
# another script's digits or a number too long to convert. The time has to end the line
# or be followed by whitespace, so "14:32abc" and "14:32-15:00" stay text.
_LEADING_TIME = re.compile(
    r"(?P<approximate>~[ \t]*)?"
    r"(?:"
    r"(?:(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})(?:[Tt]|[ \t]+))?"
    r"(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?"
    r"|"
    r"\+(?=[0-9])(?:(?P<hours>[0-9]{1,5})h)?(?:(?P<minutes>[0-9]{1,7})m)?(?:(?P<seconds>[0-9]{1,9})s)?"
    r")"
    r"(?=\s|\Z)"
)

_NIGHT = timedelta(hours=12)
# Characters an actor name may not hold: control characters (line breaks among them)
# and the Unicode line and paragraph separators.
_NOT_IN_NAMES = {"Cc", "Zl", "Zp"}


@dataclass(frozen=True)
class ParsedLine:
    """What an entry line says once its leading time and actor are read.

    Attributes:
        at: When it happened, aware and in the session's zone; None when unknown.
        approximate: The time was marked rough with ``~`` (never True without a time).
        actor: Who or what acted, from an ``@Name:`` prefix; "" when none was given.
        text: The rest of the line, without the time and actor prefix and without
            surrounding whitespace.
    """

    at: datetime | None
    approximate: bool
    actor: str
    text: str


def parse_entry_line(
    line: str,
    zone_name: str,
    incident_day: date | None,
    previous: datetime | None,
    participants: Sequence[str] = (),
) -> ParsedLine:
    """Read the leading time and actor of a timeline entry line.

    The line may start with ``14:32``, ``9:05:07``, ``2026-03-02 14:32`` or
    ``+1h30m15s``, optionally marked approximate with ``~``, then ``@Name:``. A bare
    clock time falls on ``incident_day`` (else the previous entry's day, else today);
    one more than 12 hours before ``previous`` moves on to the next day. Anything that
    is not exactly such a prefix stays in the text; this never raises.

    Args:
        line: What the person typed.
        zone_name: The session's IANA zone; UTC when empty or unknown.
        incident_day: The day the incident started, in the session's zone, if known.
        previous: The time of the entry this one follows, if it has one.
        participants: Names an ``@`` prefix may abbreviate (``@ana:`` for "Ana Lopez").

    Returns:
        The time (None when unknown), whether it is approximate, the actor and the text.
    """
    zone: tzinfo = zone_named(zone_name) or UTC
    rest = line.lstrip()
    at: datetime | None = None
    approximate = False
    match = _LEADING_TIME.match(rest)
    if match is not None:
        try:
            at = _moment(match, zone, incident_day, previous)
        except (ValueError, OverflowError):
            # A date or clock time that does not exist (2026-02-30, 24:00), or one past
            # the calendar's ends: the prefix was not a time after all, so keep it as text.
            match = None
    if match is not None:
        rest = rest[match.end() :]
        approximate = at is not None and match["approximate"] is not None
    actor, rest = _actor_prefix(rest.lstrip(), participants)
    return ParsedLine(at=at, approximate=approximate, actor=actor, text=rest.strip())


def complete_actor(prefix: str, participants: Sequence[str]) -> list[str]:
    """Participant names that start with what has been typed after ``@``, ignoring case.

    Args:
        prefix: The start of a name; leading whitespace is ignored and "" offers everyone.
        participants: The session's participant names, in the order to offer them.

    Returns:
        The matching names as the participants spell them, each once, in their order.
    """
    wanted = _fold(prefix.lstrip())
    return [name for name in _distinct(participants) if _fold(name).startswith(wanted)]


def _moment(
    match: re.Match[str], zone: tzinfo, incident_day: date | None, previous: datetime | None
) -> datetime | None:
    if match["hour"] is None:
        if previous is None:
            return None
        after = timedelta(
            hours=int(match["hours"] or 0),
            minutes=int(match["minutes"] or 0),
            seconds=int(match["seconds"] or 0),
        )
        # Through UTC: adding to a zoned time adds to the wall clock, wrong across a DST change.
        return (previous.astimezone(UTC) + after).astimezone(zone)
    clock = time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
    if match["date"] is not None:
        return _wall_time(date.fromisoformat(match["date"]), clock, zone, previous)
    if incident_day is not None:
        day = incident_day
    elif previous is not None:
        day = previous.astimezone(zone).date()
    else:
        day = datetime.now(zone).date()
    moment = _wall_time(day, clock, zone, previous)
    if previous is None:
        return moment
    # In UTC: within one zone, datetime compares and subtracts wall clocks, not instants.
    earliest = previous.astimezone(UTC) - _NIGHT
    if moment >= earliest:
        return moment
    # A night that crosses midnight (or an incident running over days): move on a day at
    # a time, starting the day before the previous entry's, until it is no longer more
    # than 12 hours before the previous entry.
    day = max(day, previous.astimezone(zone).date() - timedelta(days=1))
    moment = _wall_time(day, clock, zone, previous)
    while moment < earliest:
        day += timedelta(days=1)
        moment = _wall_time(day, clock, zone, previous)
    return moment


def _wall_time(day: date, clock: time, zone: tzinfo, previous: datetime | None) -> datetime:
    """``clock`` on ``day`` in ``zone``, made definite where DST makes it ambiguous or skipped."""
    earlier = datetime.combine(day, clock, tzinfo=zone)
    later = earlier.replace(fold=1)
    if earlier.utcoffset() == later.utcoffset():
        return earlier
    # Clocks going back show this time twice: take the one nearer the previous entry
    # (the earlier one on a tie or without a previous entry). Clocks going forward skip
    # it: read it with the offset from before the change (02:30 becomes 03:30 summer time).
    occurrences = [m for m in (earlier, later) if _normal(m).replace(tzinfo=None) == m.replace(tzinfo=None)]
    if len(occurrences) == 2 and previous is not None:
        return _normal(min(occurrences, key=lambda m: abs(m.astimezone(UTC) - previous.astimezone(UTC))))
    return _normal(earlier)


def _normal(moment: datetime) -> datetime:
    """The same instant as a real wall time of its zone, with ``fold`` set to match."""
    zone = moment.tzinfo
    return moment.astimezone(UTC).astimezone(zone)


def _actor_prefix(text: str, participants: Sequence[str]) -> tuple[str, str]:
    """``(actor, rest)`` from ``@Name: rest``, or ``("", text)`` when there is no such prefix."""
    if not text.startswith("@"):
        return "", text
    colon = text.find(":")
    # The colon must end a word, so "@db01:5432 refused" stays text.
    if colon < 0 or not (colon + 1 == len(text) or text[colon + 1].isspace()):
        return "", text
    typed = text[1:colon].strip()
    if not typed or len(typed) > ACTOR_LIMIT or any(unicodedata.category(c) in _NOT_IN_NAMES for c in typed):
        return "", text
    return _participant_named(typed, participants), text[colon + 1 :]


def _participant_named(typed: str, participants: Sequence[str]) -> str:
    """The participant's spelling of ``typed`` (a whole name or a unique start of one), else ``typed``."""
    wanted = _fold(typed)
    names = _distinct(participants)
    for name in names:
        if _fold(name) == wanted:
            return name
    starting = [name for name in names if _fold(name).startswith(wanted)]
    return starting[0] if len(starting) == 1 else typed


def _distinct(participants: Sequence[str]) -> list[str]:
    """Non-empty participant names, stripped, the first spelling of each name kept."""
    seen: set[str] = set()
    names = []
    for participant in participants:
        name = participant.strip()
        if name and _fold(name) not in seen:
            seen.add(_fold(name))
            names.append(name)
    return names


def _fold(text: str) -> str:
    """``text`` for comparing names: composed the same way, case ignored."""
    return unicodedata.normalize("NFC", text).casefold()


def parse_time_only(
    typed: str, zone_name: str, incident_day: date | None, previous: datetime | None
) -> tuple[datetime | None, bool] | None:
    """A time typed on its own, in any form the entry line accepts (``14:32``, ``~+5m`` …).

    Returns:
        ``(time, approximate)``; ``(None, False)`` for an empty text (the time is
        unknown); None when the text is not a time at all.
    """
    if not typed.strip():
        return None, False
    marker = "\u2063"  # an invisible separator no one types: what is left after the time
    parsed = parse_entry_line(f"{typed.strip()} {marker}", zone_name, incident_day, previous)
    if parsed.text != marker or parsed.actor or parsed.at is None:
        return None
    return parsed.at, parsed.approximate
