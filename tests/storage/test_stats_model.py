"""Stats against a plain recount: any library of generated sessions, every field, with filters."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitation.classification import derive, holiday_on, incident_day
from facilitation.library import STATS_FIELDS, LibraryFilter
from facilitation.model import Session
from facilitation.settings import HolidayWindow
from storage.library import open_library
from tests.strategies import SCALE, sessions

HOLIDAYS = [
    HolidayWindow("Winter freeze", date(1999, 12, 20), date(2000, 1, 2)),
    HolidayWindow("Long window", date(1950, 1, 1), date(2050, 12, 31)),
]


def _values(session: Session, by: str) -> set[str | int]:
    """The incident's groups for ``by``, worked out from the session itself (text folded)."""
    day = incident_day(session)
    found: set[str | int | None]
    if by == "severity":
        found = {session.severity}
    elif by == "system":
        found = {session.system.casefold()}
    elif by == "trigger":
        found = {session.trigger.casefold()}
    elif by == "tag":
        found = {tag.casefold() for tag in session.tags}
    elif by == "factor-category":
        found = {f.category for f in session.contributing_factors}
    elif by == "month":
        found = {day.isoformat()[:7] if day else None}
    elif by == "weekday":
        found = {day.strftime("%A") if day else None}
    elif by == "hour":
        day_only = (  # a start that is only a day, as a matrix CSV's Date is stored, has no hour
            session.detected_at is None
            and session.time_zone == "UTC"
            and session.started_at is not None
            and session.started_at.isoformat().endswith("T00:00:00+00:00")
        )
        found = {None if day_only else derive(session, []).detection_hour}
    else:
        found = {holiday_on(day, HOLIDAYS) if day else None}
    return {value for value in found if value not in (None, "")}  # type: ignore[misc]


def _kept(session: Session, filt: LibraryFilter) -> bool:
    day = incident_day(session)
    if filt.severities and session.severity not in filt.severities:
        return False
    if filt.tags and not {t.casefold() for t in filt.tags} <= {t.casefold() for t in session.tags}:
        return False
    if (filt.since or filt.until) and day is None:
        return False
    return not ((filt.since and day and day < filt.since) or (filt.until and day and day > filt.until))


def _folded(value: str | int | None) -> str | int | None:
    return value.casefold() if isinstance(value, str) else value


@st.composite
def _filters(draw: st.DrawFn, stored: list[Session]) -> LibraryFilter:
    tags = [tag for s in stored for tag in s.tags]
    first, second = sorted([draw(st.dates()), draw(st.dates())])
    return LibraryFilter(
        severities=frozenset(draw(st.lists(st.sampled_from(SCALE), max_size=2))),
        tags=tuple(draw(st.lists(st.sampled_from(tags), max_size=2))) if tags else (),
        since=draw(st.none() | st.just(first)),
        until=draw(st.none() | st.just(second)),
    )


_FOLDED = ("system", "trigger", "tag")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(sessions(), max_size=6), st.data())
def test_every_grouping_matches_a_plain_recount(
    tmp_path_factory: pytest.TempPathFactory, stored: list[Session], data: st.DataObject
) -> None:
    with open_library(tmp_path_factory.mktemp("stats") / "library.sqlite", create=True) as library:
        library.sessions.create_all(stored)
        for filt in (LibraryFilter(), data.draw(_filters(stored))):
            kept = [s for s in stored if _kept(s, filt)]
            for by in STATS_FIELDS:
                stats = library.queries.stats(by, filt, HOLIDAYS)
                assert stats.matched == len(kept)
                expected: Counter[str | int | None] = Counter()
                for session in kept:
                    expected.update(_values(session, by) or {None})
                got = Counter(
                    {
                        (
                            g.value.casefold()
                            if isinstance(g.value, str) and by in ("system", "trigger", "tag")
                            else g.value
                        ): g.count
                        for g in stats.groups
                    }
                )
                assert got == expected, (by, filt)
                assert all(abs(g.share - g.count / stats.matched) < 1e-12 for g in stats.groups)
