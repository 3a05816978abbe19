"""Every parser of text a person types or a file brings, fed arbitrary Unicode of any size: it answers or
refuses in its own terms, and never raises anything else.

``PARSERS`` lists them; a new parser (the CSV, Slack and chat imports) is one line:
its name, a function of one text, and the exception that is its plain refusal.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitation.coach import default_coach
from facilitation.entry_line import complete_actor, parse_entry_line, parse_time_only
from facilitation.interchange import InterchangeError, dumps, loads, session_to_dict
from facilitation.lint import lint_text
from facilitation.times import parse_local
from tests.factories import full_session
from tests.strategies import SCALE, sessions

COACH = default_coach()
DAY = date(2026, 3, 2)
PREVIOUS = datetime(2026, 3, 2, 13, 0, tzinfo=UTC)


class NeverRefuses(Exception):
    """For parsers that take any text: nothing counts as a refusal."""


def _time(text: str) -> None:
    try:
        moment = parse_local(text, "Europe/Copenhagen")
    except ValueError as refusal:  # its refusal is a sentence the field shows
        assert "write it like 2026-03-02 14:32" in str(refusal)
    else:
        assert moment is None or moment.tzinfo is not None
    alone = parse_time_only(text, "America/St_Johns", DAY, PREVIOUS)
    assert alone is None or alone[0] is None or alone[0].tzinfo is not None


def _entry_line(text: str) -> None:
    parsed = parse_entry_line(text, "Europe/Copenhagen", DAY, PREVIOUS, ["Ana", "Bo Li", "Zoë"])
    assert parsed.text in text
    complete_actor(text, ["Ana", "Bo Li"])


def _interchange(text: str) -> None:
    loads(text, SCALE)


def _lint(text: str) -> None:
    for finding in lint_text(text, COACH, learnings=True):
        assert finding.line >= 1 and finding.col >= 1


def _coach(text: str) -> None:
    for note in COACH.check(text, learnings=True):
        assert 0 <= note.start <= note.end <= len(text)


PARSERS: list[tuple[str, Callable[[str], None], type[Exception]]] = [
    ("typed times", _time, NeverRefuses),
    ("timeline entry line", _entry_line, NeverRefuses),
    ("interchange JSON", _interchange, InterchangeError),
    ("lint", _lint, NeverRefuses),
    ("language coach", _coach, NeverRefuses),
]

_AWKWARD = st.sampled_from(
    ["14:32", "~", "+1h", "@", ":", "2026-03-02", "T", "Z", "+01:00", "{", "}", "[", '"', "\\u0000",
     "\n", "#", "```", "|", "<b>", "🔥", "\u202e", "שלום", "e\u0301", "\ufeff", "\x00", "99:99", "-", "* "]
)  # fmt: skip
_TEXT = st.one_of(
    st.text(),
    st.lists(_AWKWARD | st.text(max_size=4), max_size=40).map("".join),
    st.builds(lambda piece, n: piece * n, st.text(min_size=1, max_size=3), st.integers(1, 40_000)),
)


@pytest.mark.parametrize(("name", "parse", "refusal"), PARSERS, ids=[p[0] for p in PARSERS])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT)
def test_any_text_is_read_or_refused_plainly(
    name: str, parse: Callable[[str], None], refusal: type[Exception], text: str
) -> None:
    try:
        parse(text)
    except refusal as problem:
        assert str(problem) and "\n" not in str(problem) and "Traceback" not in str(problem), name


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
_DOC = session_to_dict(full_session())


def _paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [at]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*at, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*at, index))
    return found


_PLACES = [path for path in _paths(_DOC) if path]


def _replaced(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(doc))
    holder = copy
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = value
    return copy


@settings(max_examples=150, deadline=None)
@given(places=st.lists(st.sampled_from(_PLACES), min_size=1, max_size=3), values=st.lists(_JSON, min_size=3))
def test_a_real_session_file_with_any_field_replaced_by_any_json_is_read_or_refused_plainly(
    places: list[tuple[Any, ...]], values: list[Any]
) -> None:
    doc: Any = _DOC
    for place, value in zip(places, values, strict=False):
        try:
            doc = _replaced(doc, place, value)
        except (KeyError, IndexError, TypeError):  # an earlier change took this place away
            continue
    try:
        result = loads(json.dumps(doc, ensure_ascii=False), SCALE)
    except InterchangeError as problem:
        assert str(problem) and "\n" not in str(problem)
    else:
        assert loads(dumps(result.session), SCALE).session == result.session  # what was read writes back


@settings(max_examples=60, deadline=None)
@given(doc=_JSON)
def test_any_json_value_is_read_or_refused_plainly(doc: Any) -> None:
    try:
        loads(json.dumps(doc), SCALE)
    except InterchangeError as problem:
        assert str(problem) and "\n" not in str(problem)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(session=sessions())
def test_any_session_written_as_json_reads_back(session: Any) -> None:
    assert loads(dumps(session), SCALE).session == loads(dumps(session), SCALE).session
