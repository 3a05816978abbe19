"""Hypothesis strategies for sessions full of awkward text, times and links."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import TypeVar
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from facilitation.model import (
    ACTION_STATUSES,
    FACTOR_CATEGORIES,
    KINDS,
    SESSION_STATUSES,
    SOURCES,
    Action,
    ContributingFactor,
    Item,
    KeyLearning,
    Metadata,
    ParkingLotItem,
    Participant,
    Session,
    TimelineEntry,
    WentRight,
    WentWrong,
)

SCALE = ["Sev-1", "Sev-2", "Sev-3", "Sev-4"]

_AWKWARD = [
    "🔥",
    "👩🏽‍💻",
    "\u202e",  # right-to-left override
    "שלום",
    "مرحبا",
    "\x00",
    "\x1b[31m",
    "\t",
    "\n",
    "\r\n",
    "\u2028",
    "\ufeff",
    '"',
    "\\",
    "<b>",
    "e\u0301",  # e + combining acute
    "ß",
]

# Any code point except lone surrogates, which no UTF-8 file or SQLite text can hold.
_chars = st.characters(exclude_categories=("Cs",))
_pieces = st.one_of(_chars, st.sampled_from(_AWKWARD))
text = st.lists(_pieces, max_size=10).map("".join)
some_text = st.lists(_pieces, min_size=1, max_size=10).map("".join)
"""Text that is not empty (titles, names, tags)."""

_ZONES = [
    UTC,
    timezone(timedelta(hours=5, minutes=30)),
    timezone(timedelta(hours=-9, minutes=-30)),
    timezone(timedelta(hours=14)),
    timezone(timedelta(hours=-12)),
    timezone(timedelta(minutes=50, seconds=20)),  # a local mean time, as old zone data has
    ZoneInfo("Europe/Copenhagen"),
    ZoneInfo("America/St_Johns"),
]
moments = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.sampled_from(_ZONES)
)
maybe_moment = st.none() | moments


@st.composite
def _item_key(draw: st.DrawFn) -> str:
    """Mostly none (the importer gives one), sometimes a key of the person's own."""
    return draw(st.just("") | st.sampled_from(["t1", "a1", "x", "ß", "🔑"]) | some_text)


_I = TypeVar("_I", bound=Item)


def _base(draw: st.DrawFn, item: _I) -> _I:
    item.key = draw(_item_key())
    item.text = draw(text)
    item.private = draw(st.booleans())
    return item


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    """A valid session: every id unique, every link naming an item of the same session."""

    def several() -> range:
        return range(draw(st.integers(0, 4)))

    timeline = st.builds(
        TimelineEntry,
        at=maybe_moment,
        approximate=st.booleans(),
        actor=text,
        source=st.none() | st.sampled_from(SOURCES),
        kind=st.sampled_from(KINDS),
        starred=st.booleans(),
    )
    session = Session(
        title=draw(some_text),
        reference=draw(text),
        summary=draw(text),
        severity=draw(st.sampled_from(["", *SCALE])),
        system=draw(text),
        trigger=draw(text),
        time_zone=draw(st.sampled_from(["", "Europe/Copenhagen", "UTC", "Asia/Kolkata"])),
        started_at=draw(maybe_moment),
        detected_at=draw(maybe_moment),
        mitigated_at=draw(maybe_moment),
        resolved_at=draw(maybe_moment),
        facilitator=draw(text),
        participants=draw(
            st.lists(st.builds(Participant, name=some_text, role=text, private=st.booleans()), max_size=3)
        ),
        tags=draw(st.lists(some_text, max_size=4, unique_by=str.casefold)),
        metadata=Metadata(
            regression=draw(st.none() | st.booleans()), third_party=draw(text), customer_impact=draw(text)
        ),
        private_notes=draw(text),
        ground_rules=draw(text),
        status=draw(st.sampled_from(SESSION_STATUSES)),
    )
    session.timeline = [_base(draw, draw(timeline)) for _ in several()]
    session.went_right = [_base(draw, WentRight(repeat=draw(st.booleans()))) for _ in several()]
    session.went_wrong = [_base(draw, WentWrong()) for _ in several()]
    session.contributing_factors = [
        _base(draw, ContributingFactor(category=draw(st.none() | st.sampled_from(FACTOR_CATEGORIES))))
        for _ in several()
    ]
    session.key_learnings = [_base(draw, KeyLearning()) for _ in several()]
    session.actions = [
        _base(
            draw,
            Action(
                owner=draw(text),
                due=draw(st.none() | st.dates()),
                status=draw(st.sampled_from(ACTION_STATUSES)),
            ),
        )
        for _ in several()
    ]
    session.parking_lot = [_base(draw, ParkingLotItem()) for _ in several()]

    # Keep only the first use of a key of one's own, then let the session number the rest.
    seen: set[str] = set()
    for item in session.items():
        if item.key in seen:
            item.key = ""
        seen.add(item.key)
    session.assign_missing_keys()

    behind = [i.key for i in [*session.timeline, *session.went_wrong]]
    served = [i.key for i in [*session.key_learnings, *session.contributing_factors]]
    for factor in session.contributing_factors:
        if behind:
            factor.links = draw(st.lists(st.sampled_from(behind), unique=True, max_size=3))
    for action in session.actions:
        if served:
            action.serves = draw(st.lists(st.sampled_from(served), unique=True, max_size=3))
    return session
