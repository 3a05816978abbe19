"""The session interchange JSON: round trips, the documented example, and every refusal named."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation.interchange import InterchangeError, dumps, loads, session_from_dict, session_to_dict
from facilitation.model import COACHED_SESSION_FIELDS, KeyLearning, Session, follow_up_of
from tests.factories import full_session
from tests.strategies import SCALE, sessions, some_text

# The example from INTERFACES.md, "Session interchange JSON, version 1", verbatim.
EXAMPLE = """
{
  "format": "takeaways-session", "version": 1,
  "reference": "#1421", "title": "Auth service outage after config push",
  "severity": "Sev-1", "system": "Auth Service", "trigger": "Configuration change",
  "summary": "Two or three sentences for a reader who wasn't there.",
  "time_zone": "Europe/Copenhagen",
  "started_at": "2026-03-02T14:00:00+01:00", "detected_at": null,
  "mitigated_at": null, "resolved_at": null,
  "facilitator": "...", "participants": [{"name": "...", "role": "..."}],
  "tags": ["auth", "config"],
  "metadata": {"regression": true, "third_party": null, "customer_impact": "..."},
  "timeline": [{"id": "t1", "at": "2026-03-02T14:02:00+01:00", "approximate": false,
                "actor": "...", "text": "...", "source": "alert",
                "kind": "event", "starred": false}],
  "went_right": [{"id": "r1", "text": "...", "repeat": false}],
  "went_wrong": [{"id": "w1", "text": "..."}],
  "contributing_factors": [{"id": "f1", "text": "...", "category": "process",
                            "links": ["t1", "w1"]}],
  "key_learnings": ["..."],
  "actions": [{"id": "a1", "text": "...", "owner": "...", "due": "2026-04-01",
               "status": "open", "serves": ["f1"]}],
  "parking_lot": [{"id": "p1", "text": "..."}],
  "private_notes": "...",
  "status": "draft"
}
"""


def _doc(**fields: Any) -> dict[str, Any]:
    """A small valid document with one item of each kind, changed by ``fields``."""
    doc: dict[str, Any] = {
        "format": "takeaways-session",
        "version": 1,
        "title": "Queue backlog",
        "timeline": [{"id": "t1", "at": "2026-03-02T14:02:00+01:00", "text": "Backlog alert"}],
        "went_wrong": [{"id": "w1", "text": "Alert went to an old channel"}],
        "contributing_factors": [{"id": "f1", "text": "Channel list drifted", "links": ["t1", "w1"]}],
        "key_learnings": [{"id": "l1", "text": "Alert routes drift"}],
        "actions": [{"id": "a1", "text": "Audit alert routes", "serves": ["f1", "l1"]}],
    }
    doc.update(fields)
    return doc


def _hands(**fields: Any) -> dict[str, Any]:
    """A valid ``hand_counts`` element, changed by ``fields`` (None leaves a key out)."""
    count: dict[str, Any] = {
        "kind": "ready",
        "phase": "timeline",
        "hands": 6,
        "present": 7,
        "at": "2026-03-09T10:44:00+01:00",
    }
    count.update(fields)
    return {key: value for key, value in count.items() if value is not None}


def _read(doc: Any) -> Session:
    return session_from_dict(doc, SCALE).session


def _refusal(doc: Any) -> str:
    with pytest.raises(InterchangeError) as caught:
        session_from_dict(doc, SCALE)
    return str(caught.value)


# -- round trips -------------------------------------------------------------


def test_full_session_survives_dumps_then_loads() -> None:
    original = full_session()
    result = loads(dumps(original), SCALE)

    assert result.notices == []
    back = result.session
    assert session_to_dict(back) == session_to_dict(original)
    assert back == original  # every field, item key, link, flag and instant
    assert [e.key for e in back.timeline] == ["t1", "t2", "t3"]
    assert back.contributing_factors[0].links == ["t1", "w1"]
    assert back.actions[0].serves == ["f1", "l1"]
    assert back.timeline[2].private and back.timeline[2].at is None
    assert back.participants[2].private
    assert back.key_learnings[2].private
    assert back.started_at is not None and back.started_at.utcoffset() == timedelta(hours=1)
    assert back.actions[0].due == date(2026, 4, 1)
    assert back.metadata.regression is True


def test_dumps_writes_absent_values_as_null_and_ends_with_a_newline() -> None:
    text = dumps(Session(title="Only a title"))
    data = json.loads(text)

    assert text.endswith("}\n")
    assert data["format"] == "takeaways-session" and data["version"] == 1
    for key in ("reference", "severity", "summary", "time_zone", "started_at", "private_notes"):
        assert data[key] is None, key
    assert data["timeline"] == [] and data["status"] == "draft"
    assert data["metadata"] == {"regression": None, "third_party": None, "customer_impact": None}


def test_dumps_keeps_unicode_readable() -> None:
    text = dumps(full_session())
    assert "Ana Sørensen" in text and "Βασίλης" in text


def test_learnings_are_plain_strings_unless_linked_or_private() -> None:
    data = session_to_dict(full_session())
    learnings = data["key_learnings"]

    assert learnings[0] == {"id": "l1", "text": full_session().key_learnings[0].text}  # served by a1
    assert learnings[1]["id"] == "l2"
    assert learnings[2]["private"] is True
    unlinked = Session(title="x", key_learnings=full_session().key_learnings[:1])
    unlinked.key_learnings[0].key = "l1"
    assert session_to_dict(unlinked)["key_learnings"] == [unlinked.key_learnings[0].text]


def test_a_learning_named_by_a_factor_link_keeps_its_id_through_a_round_trip() -> None:
    session = _read(_doc(contributing_factors=[{"id": "f1", "text": "x", "links": ["l1"]}], actions=[]))
    back = loads(dumps(session), SCALE).session
    assert back.contributing_factors[0].links == ["l1"]
    assert back.key_learnings[0].key == "l1"


@settings(max_examples=60, deadline=None)
@given(sessions())
def test_generated_sessions_round_trip_through_json(session: Session) -> None:
    text = dumps(session)
    result = loads(text, SCALE)

    assert result.notices == []
    assert session_to_dict(result.session) == session_to_dict(session)
    assert dumps(result.session) == text


# -- shows of hands ----------------------------------------------------------


def test_hand_counts_are_written_only_when_there_are_some_and_come_back() -> None:
    data = session_to_dict(full_session())
    assert data["hand_counts"] == [
        _hands(),
        {**_hands(kind="learned", phase="review", hands=5, at="2026-03-09T11:02:00+01:00"), "present": None},
    ]
    assert list(data).index("hand_counts") == list(data).index("move_on_signals") + 1
    assert "hand_counts" not in session_to_dict(Session(title="x"))
    assert _read(json.loads(dumps(full_session()))).hand_counts == full_session().hand_counts


def test_reading_hand_counts_takes_zero_hands_no_present_and_the_sessions_zone() -> None:
    counts = _read(
        _doc(
            time_zone="Europe/Copenhagen",
            hand_counts=[_hands(hands=0, present=""), _hands(kind="learned", at="2026-03-09T11:02:00")],
        )
    ).hand_counts
    assert [(c.kind, c.hands, c.present) for c in counts] == [("ready", 0, None), ("learned", 6, 7)]
    assert counts[1].at == datetime(2026, 3, 9, 11, 2, tzinfo=ZoneInfo("Europe/Copenhagen"))
    assert _read(_doc(hand_counts=None)).hand_counts == []


def test_an_unknown_key_in_a_hand_count_is_noticed() -> None:
    result = session_from_dict(_doc(hand_counts=[_hands(who=["ana"])]), SCALE)
    assert result.notices == ["ignored the unknown key 'who' in hand_counts"]
    assert result.session.hand_counts[0].hands == 6


# -- dismissed coach notes ---------------------------------------------------


def test_dismissed_notes_are_written_only_where_there_are_some() -> None:
    data = session_to_dict(full_session())

    assert data["dismissed_notes"] == {
        "summary": ["minimising:just"],
        "customer_impact": ["counterfactual:could have"],
    }
    assert list(data)[-1] == "dismissed_notes"
    assert data["timeline"][1]["dismissed_notes"] == ["minimising:just"]
    assert list(data["timeline"][1])[-1] == "dismissed_notes"
    assert data["went_wrong"][0]["dismissed_notes"] == ["counterfactual:should have", "absolute:никогда"]
    assert data["actions"][1]["dismissed_notes"] == ["vague:review"]
    assert data["parking_lot"][0]["dismissed_notes"] == ["solution:lint"]
    assert "dismissed_notes" not in data["timeline"][0]
    assert "dismissed_notes" not in data["went_right"][0]
    assert "dismissed_notes" not in data["contributing_factors"][0]
    bare = session_to_dict(Session(title="x", dismissed_notes={"summary": [], "title": []}))
    assert "dismissed_notes" not in bare


def test_a_learning_with_dismissed_notes_is_written_as_an_object() -> None:
    session = Session(
        title="x",
        key_learnings=[
            KeyLearning(key="l1", text="Plain"),
            KeyLearning(key="l2", text="Just a learning", dismissed_notes=["minimising:just"]),
        ],
    )
    data = session_to_dict(session)
    assert data["key_learnings"] == [
        "Plain",
        {"id": "l2", "text": "Just a learning", "dismissed_notes": ["minimising:just"]},
    ]
    assert loads(dumps(session), SCALE).session == session


def test_dismissed_notes_survive_a_round_trip_on_every_kind_and_session_field() -> None:
    session = full_session()
    for number, item in enumerate(session.items()):
        item.dismissed_notes = [f"rule{number}:phrase", "counterfactual:should have"]
    session.dismissed_notes = {name: [f"{name}:x", "ß:ü"] for name in COACHED_SESSION_FIELDS}

    text = dumps(session)
    result = loads(text, SCALE)
    assert result.notices == []
    assert result.session == session
    assert dumps(result.session) == text


def test_reading_dismissed_notes_drops_empties_and_repeats() -> None:
    session = _read(
        _doc(
            went_wrong=[{"id": "w1", "text": "x", "dismissed_notes": ["a:b", "", "a:b", "c:d"]}],
            timeline=[{"id": "t1", "dismissed_notes": None}, {"id": "t2", "dismissed_notes": ""}],
            dismissed_notes={"summary": ["s:t", "s:t"], "title": [], "trigger": None, "customer_impact": ""},
        )
    )
    assert session.went_wrong[0].dismissed_notes == ["a:b", "c:d"]
    assert [e.dismissed_notes for e in session.timeline] == [[], []]
    assert session.dismissed_notes == {"summary": ["s:t"]}
    assert _read(_doc(dismissed_notes={})).dismissed_notes == {}
    assert _read(_doc(dismissed_notes=None)).dismissed_notes == {}
    assert _read(_doc(dismissed_notes="")).dismissed_notes == {}


def test_a_plain_learning_has_no_dismissed_notes_and_an_object_one_may() -> None:
    session = _read(_doc(key_learnings=["plain", {"id": "l1", "text": "x", "dismissed_notes": ["a:b"]}]))
    assert [k.dismissed_notes for k in session.key_learnings] == [[], ["a:b"]]


@settings(max_examples=40, deadline=None)
@given(sessions(), st.data())
def test_generated_sessions_with_dismissals_round_trip_through_json(
    session: Session, data: st.DataObject
) -> None:
    notes = st.lists(some_text, max_size=3, unique=True)
    for item in session.items():
        item.dismissed_notes = data.draw(notes)
    session.dismissed_notes = {name: keys for name in COACHED_SESSION_FIELDS if (keys := data.draw(notes))}
    text = dumps(session)
    result = loads(text, SCALE)

    assert result.notices == []
    assert [i.dismissed_notes for i in result.session.items()] == [i.dismissed_notes for i in session.items()]
    assert result.session.dismissed_notes == session.dismissed_notes
    assert dumps(result.session) == text


def test_a_follow_up_carries_item_dismissals_but_not_the_sessions() -> None:
    first = full_session()
    first.id = 7
    follow_up = follow_up_of(first, "policy")
    assert follow_up.dismissed_notes == {}
    assert follow_up.key_learnings[1].dismissed_notes == ["hindsight:drift"]
    assert follow_up.actions[1].dismissed_notes == ["vague:review"]
    assert "dismissed_notes" not in session_to_dict(follow_up)


# -- reading -----------------------------------------------------------------


def test_the_documented_example_loads() -> None:
    result = loads(EXAMPLE, SCALE)
    session = result.session

    assert result.notices == []
    assert session.title == "Auth service outage after config push"
    assert session.reference == "#1421" and session.severity == "Sev-1"
    assert session.trigger == "Configuration change"
    assert session.started_at == datetime(2026, 3, 2, 14, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    assert session.detected_at is None
    assert session.participants[0].name == "..." and session.participants[0].role == "..."
    assert session.tags == ["auth", "config"]
    assert session.metadata.regression is True and session.metadata.third_party == ""
    assert session.timeline[0].source == "alert" and session.timeline[0].kind == "event"
    assert session.contributing_factors[0].category == "process"
    assert session.contributing_factors[0].links == ["t1", "w1"]
    assert session.key_learnings[0].text == "..." and session.key_learnings[0].key == "l1"
    assert session.actions[0].due == date(2026, 4, 1) and session.actions[0].serves == ["f1"]
    assert session.parking_lot[0].key == "p1"
    assert session.status == "draft"


def test_only_format_version_and_title_are_required() -> None:
    session = _read({"format": "takeaways-session", "version": 1, "title": "Bare"})
    assert session == Session(title="Bare")


def test_an_empty_string_means_the_same_as_null() -> None:
    empties = {
        "format": "takeaways-session",
        "version": 1,
        "title": "Blank",
        **{key: "" for key in ("reference", "severity", "system", "trigger", "time_zone", "started_at")},
        "status": "",
        "tags": ["", "db"],
        "metadata": {"regression": "", "third_party": "", "customer_impact": ""},
        "timeline": [{"id": "", "at": "", "text": "", "source": "", "kind": "", "actor": ""}],
        "contributing_factors": [{"text": "x", "category": "", "links": [""]}],
        "actions": [{"text": "y", "due": "", "status": "", "owner": ""}],
    }
    nulls = copy.deepcopy(empties)
    for key in ("reference", "severity", "system", "trigger", "time_zone", "started_at", "status"):
        nulls[key] = None
    nulls["tags"] = ["db"]
    nulls["metadata"] = {"regression": None, "third_party": None, "customer_impact": None}
    nulls["timeline"] = [{"id": None, "at": None, "text": None, "source": None, "kind": None, "actor": None}]
    nulls["contributing_factors"] = [{"text": "x", "category": None, "links": []}]
    nulls["actions"] = [{"text": "y", "due": None, "status": None, "owner": None}]

    blank = _read(empties)
    assert blank == _read(nulls)
    assert blank.status == "draft" and blank.tags == ["db"] and blank.metadata.regression is None
    assert blank.timeline[0].kind == "event" and blank.timeline[0].source is None
    assert blank.timeline[0].at is None and blank.timeline[0].key == "t1"
    assert blank.actions[0].status == "open" and blank.actions[0].due is None
    assert blank.contributing_factors[0].category is None and blank.contributing_factors[0].links == []


def test_learnings_may_be_plain_strings_or_objects() -> None:
    session = _read(
        _doc(
            key_learnings=[
                "Plain one",
                {"id": "l7", "text": "Object one"},
                {"text": "No id", "private": True},
            ],
            actions=[{"text": "Fix", "serves": ["l7"]}],
        )
    )
    assert [(k.key, k.text, k.private) for k in session.key_learnings] == [
        ("l1", "Plain one", False),
        ("l7", "Object one", False),
        ("l2", "No id", True),
    ]
    assert session.actions[0].serves == ["l7"]


def test_import_gives_an_id_to_every_item_without_one_avoiding_ids_in_use() -> None:
    session = _read(
        {
            "format": "takeaways-session",
            "version": 1,
            "title": "Ids",
            "timeline": [{"text": "a"}, {"id": "t1", "text": "b"}, {"text": "c"}],
            "went_right": [{"text": "d"}],
            "parking_lot": [{"text": "e"}, {"id": "p2", "text": "f"}],
        }
    )
    assert [e.key for e in session.timeline] == ["t2", "t1", "t3"]
    assert session.went_right[0].key == "r1"
    assert [p.key for p in session.parking_lot] == ["p1", "p2"]
    assert all(item.key for item in session.items())


def test_a_naive_time_takes_the_sessions_time_zone() -> None:
    session = _read(_doc(time_zone="America/New_York", started_at="2026-07-01T09:30:00"))
    assert session.started_at == datetime(2026, 7, 1, 9, 30, tzinfo=ZoneInfo("America/New_York"))
    assert session.started_at is not None and session.started_at.utcoffset() == timedelta(hours=-4)


def test_common_severity_spellings_are_normalised_to_the_scale() -> None:
    for spelling in ("SEV2", "sev 2", "Sev_2", "sev-2"):
        assert _read(_doc(severity=spelling)).severity == "Sev-2"


def test_tags_repeated_in_another_case_are_kept_once() -> None:
    assert _read(_doc(tags=["DB", "db", "Queue", "dB"])).tags == ["DB", "Queue"]


def test_unknown_keys_are_noticed_not_refused() -> None:
    doc = _doc(colour="blue", metadata={"regression": False, "mood": "calm"})
    doc["timeline"] = [{"text": "a", "emoji": "🔥"}, {"text": "b", "emoji": "🧯"}]
    doc["contributing_factors"][0]["links"] = ["w1"]
    result = session_from_dict(doc, SCALE)

    assert result.session.title == "Queue backlog"
    assert result.session.metadata.regression is False
    assert sorted(result.notices) == [
        "ignored the unknown key 'colour' in the session",
        "ignored the unknown key 'emoji' in timeline (2 times)",
        "ignored the unknown key 'mood' in metadata",
    ]


# -- refusals ----------------------------------------------------------------


def test_text_that_is_not_json_is_refused_with_its_place() -> None:
    with pytest.raises(InterchangeError, match=r"^it is not valid JSON: .* at line 2, column 1$"):
        loads('{"format": "takeaways-session",\n}', SCALE)


def test_deeply_nested_json_is_refused_without_a_recursion_error() -> None:
    with pytest.raises(InterchangeError, match="nests lists or objects too deeply"):
        loads("[" * 100_000 + "]" * 100_000, SCALE)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([], "it holds a list, not a session object"),
        ("takeaways-session", "it holds the text 'takeaways-session', not a session object"),
        (None, "it holds null, not a session object"),
        (7, "it holds the number 7, not a session object"),
    ],
)
def test_a_top_level_value_that_is_not_an_object_is_refused(value: Any, expected: str) -> None:
    assert _refusal(value) == expected
    with pytest.raises(InterchangeError) as caught:
        loads(json.dumps(value), SCALE)
    assert str(caught.value) == expected


REFUSALS: list[tuple[str, dict[str, Any], list[str]]] = [
    (
        "wrong format",
        _doc(format="slack-export"),
        ["field 'format'", "'takeaways-session'", "the text 'slack-export'"],
    ),
    ("no format", {"version": 1, "title": "x"}, ["field 'format'", "not null"]),
    (
        "newer version",
        _doc(version=2),
        ["version 2 of the format", "newer Takeaways", "reads version 1"],
    ),
    ("version as text", _doc(version="1"), ["field 'version'", "the number 1", "the text '1'"]),
    ("version zero", _doc(version=0), ["field 'version'", "the number 0"]),
    ("version true", _doc(version=True), ["field 'version'", "not true"]),
    ("missing title", {"format": "takeaways-session", "version": 1}, ["field 'title' is missing"]),
    ("empty title", _doc(title=""), ["field 'title' is missing"]),
    ("title a number", _doc(title=42), ["field 'title'", "should be text", "the number 42"]),
    (
        "bad time",
        _doc(started_at="yesterday afternoon"),
        ["field 'started_at'", "'yesterday afternoon'", "ISO 8601"],
    ),
    (
        "bad entry time",
        _doc(timeline=[{"id": "t1", "at": "14:02", "text": "x"}]),
        ["timeline entry 1 (id t1)", "field 'at'", "'14:02'", "ISO 8601"],
    ),
    (
        "naive time without time_zone",
        _doc(detected_at="2026-03-02T14:00:00"),
        ["field 'detected_at'", "'2026-03-02T14:00:00'", "no UTC offset", "no time_zone"],
    ),
    (
        "unknown time_zone",
        _doc(time_zone="Mars/Olympus_Mons"),
        ["field 'time_zone'", "'Mars/Olympus_Mons'", "not an IANA time zone"],
    ),
    (
        "time_zone that is a path",
        _doc(time_zone="../../etc/passwd"),
        ["field 'time_zone'", "'../../etc/passwd'", "not an IANA time zone"],
    ),
    (
        "bad source",
        _doc(timeline=[{"id": "t1", "text": "x"}, {"id": "t2", "text": "y", "source": "rumour"}]),
        ["timeline entry 2 (id t2)", "field 'source'", "'rumour'", "firsthand, chat"],
    ),
    (
        "bad kind",
        _doc(timeline=[{"id": "t1", "text": "x", "kind": "Event"}]),
        ["timeline entry 1 (id t1)", "field 'kind'", "'Event'", "event, decision, observation, action"],
    ),
    (
        "bad category",
        _doc(contributing_factors=[{"id": "f1", "text": "x", "category": "human error"}]),
        ["contributing factor 1 (id f1)", "field 'category'", "'human error'", "technical, process"],
    ),
    (
        "bad action status",
        _doc(actions=[{"text": "x", "status": "closed"}]),
        ["action 1,", "field 'status'", "'closed'", "open, in-progress, done, dropped"],
    ),
    (
        "bad session status",
        _doc(status="final"),
        ["field 'status'", "'final'", "draft, in-review, reviewed, published"],
    ),
    (
        "duplicate ids across lists",
        _doc(parking_lot=[{"id": "w1", "text": "x"}]),
        ["the id 'w1' is used by more than one item"],
    ),
    (
        "duplicate ids in one list",
        _doc(timeline=[{"id": "t1", "text": "x"}, {"id": "t1", "text": "y"}]),
        ["the id 't1' is used by more than one item"],
    ),
    (
        "factor link to an unknown id",
        _doc(contributing_factors=[{"id": "f1", "text": "x", "links": ["t1", "t9"]}]),
        ["contributing factor 'f1'", "field 'links'", "'t9'", "not the id of any item"],
    ),
    (
        "action serving an unknown id",
        _doc(actions=[{"id": "a1", "text": "x", "serves": ["l9"]}]),
        ["action 'a1'", "field 'serves'", "'l9'", "not the id of any item"],
    ),
    (
        "due not a date",
        _doc(actions=[{"id": "a1", "text": "x", "due": "next sprint"}]),
        ["action 1 (id a1)", "field 'due'", "'next sprint'", "not a date"],
    ),
    (
        "due a time",
        _doc(actions=[{"id": "a1", "text": "x", "due": "2026-04-01T10:00:00"}]),
        ["action 1 (id a1)", "field 'due'", "'2026-04-01T10:00:00'", "not a date"],
    ),
    (
        "severity off the scale",
        _doc(severity="Sev-9"),
        ["field 'severity'", "'Sev-9'", "not on this library's scale", "Sev-1, Sev-2, Sev-3, Sev-4"],
    ),
    (
        "participant without a name",
        _doc(participants=[{"role": "scribe"}]),
        ["participant 1", "field 'name' is missing"],
    ),
    (
        "item not an object",
        _doc(went_right=["it held"]),
        ["field 'went_right'", "the text 'it held' as item 1", "should be an object"],
    ),
    ("list not a list", _doc(timeline={"id": "t1"}), ["field 'timeline'", "should be a list, not an object"]),
    ("tags not text", _doc(tags=["a", 3]), ["field 'tags'", "list of text"]),
    (
        "flag not a boolean",
        _doc(timeline=[{"id": "t1", "text": "x", "starred": "yes"}]),
        ["timeline entry 1 (id t1)", "field 'starred'", "true or false", "the text 'yes'"],
    ),
    ("id not text", _doc(went_wrong=[{"id": 3, "text": "x"}]), ["field 'id'", "should be text", "number 3"]),
    ("metadata not an object", _doc(metadata=[]), ["field 'metadata'", "should be an object"]),
    (
        "item dismissed_notes not a list",
        _doc(went_wrong=[{"id": "w1", "text": "x", "dismissed_notes": "minimising:just"}]),
        [
            "went-wrong item 1 (id w1)",
            "field 'dismissed_notes'",
            "list of text",
            "the text 'minimising:just'",
        ],
    ),
    (
        "item dismissed_notes holding a number",
        _doc(timeline=[{"id": "t1", "text": "x", "dismissed_notes": ["a:b", 3]}]),
        ["timeline entry 1 (id t1)", "field 'dismissed_notes'", "should be a list of text"],
    ),
    (
        "item dismissed_notes an object",
        _doc(actions=[{"id": "a1", "text": "x", "dismissed_notes": {"a": "b"}}]),
        ["action 1 (id a1)", "field 'dismissed_notes'", "not an object"],
    ),
    (
        "session dismissed_notes a list",
        _doc(dismissed_notes=["minimising:just"]),
        ["field 'dismissed_notes'", "should be an object from a field name to a list of note keys", "a list"],
    ),
    (
        "session dismissed_notes on an unknown field",
        _doc(dismissed_notes={"summary": ["a:b"], "sumary": ["c:d"]}),
        [
            "field 'dismissed_notes' names 'sumary'",
            "not a field the language coach reads",
            "title, summary, trigger, customer_impact",
        ],
    ),
    (
        "session dismissed_notes on a field spelt in another case",
        _doc(dismissed_notes={"Summary": ["a:b"]}),
        ["field 'dismissed_notes' names 'Summary'", "not a field the language coach reads"],
    ),
    (
        "session dismissed_notes for a field not a list",
        _doc(dismissed_notes={"summary": "minimising:just"}),
        ["dismissed_notes, field 'summary'", "should be a list of text", "the text 'minimising:just'"],
    ),
    (
        "session dismissed_notes holding an object",
        _doc(dismissed_notes={"title": [{"rule": "minimising"}]}),
        ["dismissed_notes, field 'title'", "should be a list of text", "a list"],
    ),
    ("hand counts not a list", _doc(hand_counts={"ready": 6}), ["field 'hand_counts'", "should be a list"]),
    (
        "hand count of an unknown kind",
        _doc(hand_counts=[_hands(kind="thumbs")]),
        ["hand count 1, field 'kind'", "'thumbs'", "ready, learned"],
    ),
    ("hand count without a kind", _doc(hand_counts=[_hands(kind=None)]), ["field 'kind' is missing"]),
    (
        "hand count without a phase",
        _doc(hand_counts=[_hands(phase=None)]),
        ["hand count 1, field 'phase' is missing", "the phase it was taken in"],
    ),
    ("hand count in no phase", _doc(hand_counts=[_hands(phase="lunch")]), ["field 'phase'", "not a phase"]),
    ("hand count without hands", _doc(hand_counts=[_hands(hands=None)]), ["field 'hands' is missing"]),
    (
        "hands as text",
        _doc(hand_counts=[_hands(hands="6")]),
        ["field 'hands'", "a whole number, 0 or more", "the text '6'"],
    ),
    ("hands a fraction", _doc(hand_counts=[_hands(hands=6.0)]), ["field 'hands'", "the number 6.0"]),
    ("hands true", _doc(hand_counts=[_hands(hands=True)]), ["field 'hands'", "not true"]),
    ("hands negative", _doc(hand_counts=[_hands(), _hands(hands=-1)]), ["hand count 2", "the number -1"]),
    ("present negative", _doc(hand_counts=[_hands(present=-7)]), ["field 'present'", "the number -7"]),
    (
        "more hands than people asked",
        _doc(hand_counts=[_hands(hands=8, present=7)]),
        ["hand count 1, field 'hands' is 8, more than the 7 people asked"],
    ),
    ("hand count without a time", _doc(hand_counts=[_hands(at=None)]), ["field 'at' is missing"]),
    ("hand count not an object", _doc(hand_counts=[6]), ["field 'hand_counts'", "the number 6 as item 1"]),
]


@pytest.mark.parametrize(("doc", "fragments"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_refusals_name_the_field_the_item_and_the_value(doc: dict[str, Any], fragments: list[str]) -> None:
    message = _refusal(doc)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert "\n" not in message
    # loads() says the same about the same document as text.
    with pytest.raises(InterchangeError) as caught:
        loads(json.dumps(doc), SCALE)
    assert str(caught.value) == message


# -- awkward values: broken characters, huge numbers, long and multi-line text ---------


@pytest.mark.parametrize(
    ("doc", "place"),
    [
        (_doc(title="Outage \ud800"), "field 'title'"),
        (_doc(tags=["ok", "bad \udc00"]), "field 'tags'"),
        (_doc(participants=[{"name": "Ana", "role": "\udfff"}]), "participant 1, field 'role'"),
        (_doc(went_right=[{"id": "r\ud83d", "text": "x"}]), "field 'id'"),
        (_doc(key_learnings=["plain \ud800"]), "key learning 1, field 'text'"),
        (_doc(metadata={"customer_impact": "\ud800"}), "metadata, field 'customer_impact'"),
        (
            _doc(contributing_factors=[{"id": "f1", "text": "x", "links": ["t1", "\ud800"]}]),
            "field 'links'",
        ),
        (
            _doc(went_wrong=[{"id": "w1", "text": "x", "dismissed_notes": ["a:\udc00"]}]),
            "went-wrong item 1 (id w1), field 'dismissed_notes'",
        ),
        (_doc(dismissed_notes={"summary": ["\ud800:x"]}), "dismissed_notes, field 'summary'"),
    ],
    ids=[
        "title",
        "tag",
        "participant",
        "id",
        "plain learning",
        "metadata",
        "link",
        "item dismissal",
        "session dismissal",
    ],
)
def test_a_lone_surrogate_anywhere_is_refused_naming_the_field(doc: dict[str, Any], place: str) -> None:
    message = _refusal(doc)
    assert place in message
    assert "contains a broken character (a lone UTF-16 surrogate)" in message
    message.encode("utf-8")  # the message itself can be written out
    with pytest.raises(InterchangeError) as caught:
        loads(json.dumps(doc), SCALE)  # json.dumps writes the surrogate as an escape
    assert str(caught.value) == message


def test_a_surrogate_pair_written_as_escapes_is_one_character_and_kept() -> None:
    text = '{"format": "takeaways-session", "version": 1, "title": "Fire \\ud83d\\udd25"}'
    assert loads(text, SCALE).session.title == "Fire 🔥"


def test_an_integer_too_long_to_convert_is_refused_in_a_sentence() -> None:
    text = '{"format": "takeaways-session", "version": 1, "title": "x", "n": ' + "9" * 5000 + "}"
    with pytest.raises(InterchangeError, match="it holds a number with more digits than Takeaways reads"):
        loads(text, SCALE)


@pytest.mark.parametrize(
    "doc",
    [
        _doc(status="final\nstatus " + "x" * 200),
        _doc(time_zone="Mars/\u2028Olympus" + "y" * 100),
        _doc(timeline=[{"id": "t1\x1b[31m" + "z" * 100, "text": "x", "kind": "thing\r\n"}]),
        _doc(actions=[{"id": "a\u0085" * 60, "text": "x", "serves": ["no\vpe\f\x1c\x1d\x1e"]}]),
        _doc(version="1\n" * 100),
        _doc(format=10**4000),
    ],
    ids=["status", "zone", "entry id and kind", "serves", "version", "huge number"],
)
def test_a_repeated_value_is_shortened_and_kept_on_one_line(doc: dict[str, Any]) -> None:
    message = _refusal(doc)
    assert len(message.splitlines()) == 1
    for char in "\n\r\x1b\x85\u2028\v\f\x1c\x1d\x1e":
        assert char not in message
    assert len(message) < 260
    assert "…" in message


def test_an_unknown_key_is_noticed_on_one_line() -> None:
    notices = session_from_dict(_doc(**{"weird\nkey\ud800": 1}), SCALE).notices
    assert notices == ["ignored the unknown key 'weird\\nkey\\ud800' in the session"]


def test_repeated_links_and_serves_are_kept_once_in_order_so_the_round_trip_is_exact() -> None:
    doc = _doc(
        contributing_factors=[{"id": "f1", "text": "x", "links": ["w1", "t1", "w1", "t1"]}],
        actions=[{"id": "a1", "text": "y", "serves": ["l1", "f1", "l1"]}],
    )
    session = _read(doc)
    assert session.contributing_factors[0].links == ["w1", "t1"]
    assert session.actions[0].serves == ["l1", "f1"]
    assert session_to_dict(_read(session_to_dict(session))) == session_to_dict(session)
