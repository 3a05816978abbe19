"""The session repository: whole sessions, item edits, field changes, lookup and deletion."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings

from facilitation.interchange import dumps, loads, session_to_dict
from facilitation.model import (
    Action,
    ContributingFactor,
    HandCount,
    KeyLearning,
    ParkingLotItem,
    Participant,
    Session,
    TimelineEntry,
    WentRight,
    WentWrong,
    follow_up_of,
)
from storage.errors import SessionNotFound
from storage.library import Library, open_library
from storage.sessions import ITEM_TABLES, SessionStore
from tests.factories import full_session
from tests.strategies import SCALE, sessions


def _positions(library: Library, table: str, session_id: int) -> list[int]:
    return [
        r[0]
        for r in library.db.execute(
            f"SELECT position FROM {table} WHERE session_id = ? ORDER BY position", [session_id]
        )
    ]


def _links(library: Library, session_id: int) -> set[tuple[str, str]]:
    rows = library.db.execute("SELECT from_key, to_key FROM links WHERE session_id = ?", [session_id])
    return {(r[0], r[1]) for r in rows}


def _assert_positions_contiguous(library: Library, session_id: int) -> None:
    for table in ITEM_TABLES.values():
        positions = _positions(library, table, session_id)
        assert positions == list(range(len(positions))), table


def _keys(items: list[TimelineEntry] | list[Action] | list[ContributingFactor]) -> list[str]:
    return [i.key for i in items]


@pytest.fixture
def stored(library: Library) -> int:
    """The id of ``full_session()`` stored in the test's library."""
    return library.sessions.create(full_session())


# -- whole sessions ----------------------------------------------------------


def test_a_full_session_comes_back_field_for_field(library: Library) -> None:
    session = full_session()
    session_id = library.sessions.create(session)
    assert session.id == session_id

    back = library.sessions.get(session_id)
    expected = full_session()
    expected.id = session_id
    for f in dataclasses.fields(Session):
        assert getattr(back, f.name) == getattr(expected, f.name), f.name
    assert session_to_dict(back) == session_to_dict(expected)
    assert _keys(back.timeline) == ["t1", "t2", "t3"]
    assert [p.name for p in back.participants] == ["Ana Sørensen", "Βασίλης", "Ирина"]
    assert back.participants[2].private and back.timeline[2].private and back.key_learnings[2].private
    assert back.timeline[1].approximate and back.timeline[1].starred and back.timeline[2].at is None
    assert back.contributing_factors[0].links == ["t1", "w1"]
    assert back.actions[0].serves == ["f1", "l1"]
    assert back.actions[0].due == date(2026, 4, 1)
    assert back.started_at is not None and back.started_at.utcoffset() == timedelta(hours=1)
    assert back.metadata.regression is True and back.metadata.customer_impact == "Logins refused"
    assert back.ground_rules == "We learn, we do not blame." and back.status == "in-review"


def test_create_gives_keys_to_items_without_one(library: Library) -> None:
    session = Session(title="Keys", timeline=[TimelineEntry(text="a"), TimelineEntry(key="t1", text="b")])
    session_id = library.sessions.create(session)
    assert _keys(library.sessions.get(session_id).timeline) == ["t2", "t1"]


def test_a_session_restored_after_a_delete_keeps_its_id(library: Library, stored: int) -> None:
    session = library.sessions.get(stored)
    library.sessions.delete(stored)
    assert library.sessions.create(session) == stored
    assert library.sessions.get(stored) == session


def test_replace_rewrites_the_whole_session(library: Library, stored: int) -> None:
    session = library.sessions.get(stored)
    session.title = "Renamed"
    session.timeline = session.timeline[1:]
    session.contributing_factors[0].links = ["w1"]
    session.tags = ["only"]
    library.sessions.replace(session)

    back = library.sessions.get(stored)
    assert back == session
    assert _links(library, stored) == {("f1", "w1"), ("f2", "t2"), ("a1", "f1"), ("a1", "l1"), ("a2", "l2")}
    _assert_positions_contiguous(library, stored)


def test_an_unknown_id_is_not_found(library: Library) -> None:
    with pytest.raises(SessionNotFound, match=r"^There is no session with id 99 in this library\.$"):
        library.sessions.get(99)


def test_summaries_list_the_newest_incident_first(library: Library) -> None:
    def at(day: int) -> datetime:
        return datetime(2026, 3, day, 23, 30, tzinfo=timezone(timedelta(hours=-5)))

    older = library.sessions.create(Session(title="older", started_at=at(1)))
    undated = library.sessions.create(Session(title="undated"))
    newer = library.sessions.create(Session(title="newer", started_at=at(9), severity="Sev-2"))
    same_day = library.sessions.create(Session(title="same day, later id", started_at=at(9)))

    summaries = library.sessions.summaries()
    assert [s.id for s in summaries] == [same_day, newer, older, undated]
    # The day is the one in the incident's own zone, not UTC's (which is the next day).
    assert summaries[1].start_day == "2026-03-09"
    assert (summaries[1].severity, summaries[1].status, summaries[3].start_day) == ("Sev-2", "draft", "")


# -- items -------------------------------------------------------------------


def test_add_item_appends_or_inserts_and_keeps_positions(library: Library, stored: int) -> None:
    store = library.sessions
    last = store.add_item(stored, TimelineEntry(text="appended"))
    first = store.add_item(stored, TimelineEntry(text="first"), position=0)
    middle = store.add_item(stored, TimelineEntry(text="middle"), position=2)
    beyond = store.add_item(stored, TimelineEntry(text="beyond"), position=99)

    assert (last.key, first.key, middle.key, beyond.key) == ("t4", "t5", "t6", "t7")
    timeline = store.get(stored).timeline
    assert [e.text for e in timeline][:3] == ["first", "Config pushed to all regions", "middle"]
    assert _keys(timeline) == ["t5", "t1", "t6", "t2", "t3", "t4", "t7"]
    _assert_positions_contiguous(library, stored)


def test_a_new_items_key_is_unique_across_every_list_of_the_session(library: Library) -> None:
    session = full_session()
    session.timeline[0].key = "a2"  # an imported timeline entry named like an action
    session.contributing_factors[0].links = ["a2", "w1"]
    session.actions[1].key = "a9"
    session_id = library.sessions.create(session)

    added = library.sessions.add_item(session_id, Action(text="New action"))

    assert added.key not in {"a1", "a2", "a9"}
    back = library.sessions.get(session_id)
    again = loads(dumps(back), SCALE).session  # would be refused for a duplicate id
    assert session_to_dict(again) == session_to_dict(back)


def test_update_item_changes_content_and_links(library: Library, stored: int) -> None:
    store = library.sessions
    factor = store.get(stored).contributing_factors[0]
    factor.text = "Config pushes skip every stage"
    factor.category = "technical"
    factor.links = ["w1", "t2"]
    store.update_item(stored, factor)
    entry = store.get(stored).timeline[2]
    entry.at = datetime(2026, 3, 2, 14, 40, tzinfo=UTC)
    entry.private = False
    store.update_item(stored, entry)

    back = store.get(stored)
    assert back.contributing_factors[0] == factor
    assert back.contributing_factors[0].links == ["w1", "t2"]
    assert back.timeline[2] == entry
    assert _keys(back.timeline) == ["t1", "t2", "t3"]
    assert ("f1", "t1") not in _links(library, stored)


def test_deleting_a_timeline_entry_removes_the_links_to_it(library: Library, stored: int) -> None:
    library.sessions.delete_item(stored, TimelineEntry, "t1")

    back = library.sessions.get(stored)
    assert _keys(back.timeline) == ["t2", "t3"]
    assert back.contributing_factors[0].links == ["w1"]
    assert all(to != "t1" for _, to in _links(library, stored))
    _assert_positions_contiguous(library, stored)


def test_deleting_a_factor_removes_its_links_and_the_actions_serving_it(
    library: Library, stored: int
) -> None:
    library.sessions.delete_item(stored, ContributingFactor, "f1")

    back = library.sessions.get(stored)
    assert _keys(back.contributing_factors) == ["f2"]
    assert back.actions[0].serves == ["l1"]
    assert all("f1" not in link for link in _links(library, stored))


def test_deleting_a_learning_removes_it_from_what_actions_serve(library: Library, stored: int) -> None:
    library.sessions.delete_item(stored, KeyLearning, "l2")
    back = library.sessions.get(stored)
    assert [k.key for k in back.key_learnings] == ["l1", "l3"]
    assert back.actions[1].serves == []


def test_deleting_an_unknown_item_changes_nothing(library: Library, stored: int) -> None:
    before = library.sessions.get(stored)
    library.sessions.delete_item(stored, WentWrong, "w9")
    assert library.sessions.get(stored) == before


def test_move_item_reorders_and_keeps_positions(library: Library, stored: int) -> None:
    store = library.sessions
    store.move_item(stored, TimelineEntry, "t3", 0)
    assert _keys(store.get(stored).timeline) == ["t3", "t1", "t2"]
    store.move_item(stored, TimelineEntry, "t3", 99)
    assert _keys(store.get(stored).timeline) == ["t1", "t2", "t3"]
    store.move_item(stored, Action, "a2", 0)
    store.move_item(stored, TimelineEntry, "t9", 0)  # unknown: nothing happens
    back = store.get(stored)
    assert _keys(back.actions) == ["a2", "a1"] and back.actions[1].serves == ["f1", "l1"]
    assert _keys(back.timeline) == ["t1", "t2", "t3"]
    _assert_positions_contiguous(library, stored)


# -- session fields ----------------------------------------------------------


def _history(library: Library, session_id: int) -> list[str]:
    rows = library.db.execute(
        "SELECT status FROM status_history WHERE session_id = ? ORDER BY id", [session_id]
    )
    return [r[0] for r in rows]


def test_update_fields_changes_fields_and_records_status_history(library: Library, stored: int) -> None:
    store = library.sessions
    assert _history(library, stored) == ["draft", "in-review"]
    new_start = datetime(2026, 2, 28, 23, 50, tzinfo=timezone(timedelta(hours=-8)))

    store.update_fields(stored, title="Renamed", trigger="Certificate expiry", regression=None)
    store.update_fields(stored, started_at=new_start, status="reviewed")
    store.update_fields(stored, status="published")

    back = store.get(stored)
    assert (back.title, back.trigger, back.metadata.regression) == ("Renamed", "Certificate expiry", None)
    assert back.started_at == new_start and back.status == "published"
    # 23:50 at -08:00 is 09:50 the next morning in the session's own zone (Copenhagen).
    assert store.summaries()[0].start_day == "2026-03-01"
    assert _history(library, stored) == ["draft", "in-review", "reviewed", "published"]


def test_update_fields_refuses_what_is_not_a_session_field(library: Library, stored: int) -> None:
    with pytest.raises(ValueError, match="not session fields: colour, id"):
        library.sessions.update_fields(stored, colour="blue", id=7, title="Nope")
    assert library.sessions.get(stored).title == full_session().title


def test_set_participants_and_tags_replace_them_in_order(library: Library, stored: int) -> None:
    library.sessions.set_participants(stored, [Participant("Zoë", "scribe"), Participant("Ana Sørensen")])
    library.sessions.set_tags(stored, ["zeta", "alpha"])
    back = library.sessions.get(stored)
    assert back.participants == [Participant("Zoë", "scribe"), Participant("Ana Sørensen")]
    assert back.tags == ["zeta", "alpha"]


# -- dismissed coach notes ---------------------------------------------------


def _column(library: Library, table: str, where: str, value: object) -> str:
    row = library.db.execute(f"SELECT dismissed_notes FROM {table} WHERE {where} = ?", [value]).fetchone()
    return str(row[0])


def test_dismissed_notes_are_kept_as_json_text_on_items_and_the_session(
    library: Library, stored: int
) -> None:
    back = library.sessions.get(stored)
    assert back.dismissed_notes == full_session().dismissed_notes
    assert [i.dismissed_notes for i in back.items()] == [i.dismissed_notes for i in full_session().items()]
    assert _column(library, "sessions", "id", stored) == (
        '{"customer_impact": ["counterfactual:could have"], "summary": ["minimising:just"]}'
    )
    # Non-ASCII note keys are stored as they are, readable with sqlite3.
    assert _column(library, "went_wrong", "item_key", "w1") == (
        '["counterfactual:should have", "absolute:никогда"]'
    )
    assert _column(library, "went_right", "item_key", "r1") == "[]"


def test_update_item_writes_dismissed_notes_of_every_kind_and_keeps_the_rest(
    library: Library, stored: int
) -> None:
    store = library.sessions
    session = store.get(stored)
    # As the session editor does it: a copy of the item with only the dismissals changed.
    changes = [
        (dataclasses.replace(session.timeline[0], dismissed_notes=["minimising:just"]), False),
        (dataclasses.replace(session.went_right[0], dismissed_notes=["absolute:always"]), True),
        (dataclasses.replace(session.contributing_factors[0], dismissed_notes=["blame:careless"]), True),
        (dataclasses.replace(session.actions[0], dismissed_notes=["vague:improve", "vague:better"]), True),
        (dataclasses.replace(session.went_wrong[0], dismissed_notes=[]), True),
    ]
    for item, attachments in changes:
        store.update_item(stored, item, attachments=attachments)

    back = store.get(stored)
    assert back.timeline[0] == changes[0][0] and back.timeline[0].image is not None
    assert len(back.timeline[0].web_links) == 2
    assert back.went_right[0] == changes[1][0]
    assert back.contributing_factors[0] == changes[2][0] and back.contributing_factors[0].links == [
        "t1",
        "w1",
    ]
    assert back.actions[0] == changes[3][0] and back.actions[0].serves == ["f1", "l1"]
    assert back.went_wrong[0].dismissed_notes == []
    assert back.timeline[1].dismissed_notes == ["minimising:just"]  # the other items are untouched
    assert back.dismissed_notes == full_session().dismissed_notes


def test_add_item_and_replace_keep_dismissed_notes(library: Library, stored: int) -> None:
    store = library.sessions
    added = store.add_item(
        stored, ParkingLotItem(text="Just add a retry", dismissed_notes=["minimising:just"])
    )
    assert store.get(stored).parking_lot[-1] == added

    session = store.get(stored)
    session.key_learnings[0].dismissed_notes = ["hindsight:obvious"]
    session.timeline[1].dismissed_notes = []
    session.dismissed_notes = {"title": ["minimising:just"]}
    store.replace(session)
    assert store.get(stored) == session


def test_update_fields_replaces_the_sessions_dismissed_notes(library: Library, stored: int) -> None:
    store = library.sessions
    store.update_fields(stored, dismissed_notes={"title": ["minimising:just"], "trigger": ["blame:human"]})
    assert store.get(stored).dismissed_notes == {"title": ["minimising:just"], "trigger": ["blame:human"]}
    store.update_fields(stored, dismissed_notes={})
    back = store.get(stored)
    assert back.dismissed_notes == {}
    assert back.went_wrong[0].dismissed_notes == full_session().went_wrong[0].dismissed_notes


def test_dismissed_notes_on_a_field_the_coach_does_not_read_are_refused(
    library: Library, stored: int
) -> None:
    with pytest.raises(ValueError, match="not fields the coach reads: private_notes, system"):
        library.sessions.update_fields(stored, dismissed_notes={"system": ["x"], "private_notes": ["y"]})
    with pytest.raises(ValueError, match="not fields the coach reads: severity"):
        library.sessions.create(Session(title="x", dismissed_notes={"severity": ["x"]}))
    assert library.sessions.get(stored).dismissed_notes == full_session().dismissed_notes
    assert library.sessions.count() == 1


def test_a_follow_up_keeps_the_dismissals_of_the_items_it_copies_but_not_the_sessions(
    library: Library, stored: int
) -> None:
    first = library.sessions.get(stored)
    follow_up = library.sessions.get(library.sessions.create(follow_up_of(first, "policy")))

    assert follow_up.dismissed_notes == {}
    assert [k.dismissed_notes for k in follow_up.key_learnings] == [
        k.dismissed_notes for k in first.key_learnings
    ]
    assert [a.dismissed_notes for a in follow_up.actions] == [[], ["vague:review"]]
    assert follow_up.parking_lot[0].dismissed_notes == ["solution:lint"]
    follow_up.actions[1].dismissed_notes.append("vague:quarterly")
    assert first.actions[1].dismissed_notes == ["vague:review"]  # copies, not shared lists


def test_an_item_stored_without_dismissals_reads_back_with_an_empty_list(library: Library) -> None:
    session_id = library.sessions.create(Session(title="x", went_right=[WentRight(text="held")]))
    assert library.sessions.get(session_id).went_right[0].dismissed_notes == []
    assert library.sessions.get(session_id).dismissed_notes == {}


# -- lookup ------------------------------------------------------------------


def test_resolve_by_id_and_by_unique_reference(library: Library) -> None:
    first = library.sessions.create(Session(title="a", reference="#1421"))
    second = library.sessions.create(Session(title="b", reference=str(first + 40)))
    assert library.sessions.resolve(str(first)) == first
    assert library.sessions.resolve(" #1421 ") == first
    assert library.sessions.resolve(str(first + 40)) == second  # no such id: read as a reference


def test_an_ambiguous_reference_names_the_candidates(library: Library) -> None:
    ids = [library.sessions.create(Session(title=t, reference="PM-7")) for t in ("a", "b")]
    with pytest.raises(SessionNotFound) as caught:
        library.sessions.resolve("PM-7")
    assert str(caught.value) == (
        f"2 sessions share the reference 'PM-7' (ids {ids[0]}, {ids[1]}); name the one you mean by its id."
    )


@pytest.mark.parametrize("given", ["nope", "99", "²", "١", "99999999999999999999999", "-1", ""])
def test_an_unknown_id_or_reference_is_not_found(library: Library, given: str) -> None:
    library.sessions.create(Session(title="a", reference="#1"))
    library.sessions.create(Session(title="no reference"))
    with pytest.raises(SessionNotFound) as caught:
        library.sessions.resolve(given)
    assert str(caught.value) == (
        f"No session has the id or reference '{given}'; `takeaways list` shows them all."
    )


# -- shows of hands ----------------------------------------------------------


def _counted(library: Library, session_id: int) -> list[tuple[str, str, int, int | None]]:
    return [(c.kind, c.phase, c.hands, c.present) for c in library.sessions.get(session_id).hand_counts]


def test_hand_counts_are_recorded_after_the_others_and_retracted_newest_first(
    library: Library, stored: int
) -> None:
    at = datetime(2026, 3, 9, 10, 50, tzinfo=timezone(timedelta(hours=1)))
    library.sessions.record_hand_count(stored, HandCount("ready", "went_right", 7, 7, at))
    library.sessions.record_hand_count(stored, HandCount("learned", "review", 0, None, at))
    assert _counted(library, stored) == [
        ("ready", "timeline", 6, 7),
        ("learned", "review", 5, None),
        ("ready", "went_right", 7, 7),
        ("learned", "review", 0, None),
    ]
    assert library.sessions.get(stored).hand_counts[2].at == at
    assert _positions(library, "hand_counts", stored) == [0, 1, 2, 3]

    library.sessions.retract_hand_count(stored)
    library.sessions.retract_hand_count(stored)
    assert _counted(library, stored) == [("ready", "timeline", 6, 7), ("learned", "review", 5, None)]
    library.sessions.retract_hand_count(stored)
    library.sessions.retract_hand_count(stored)
    library.sessions.retract_hand_count(stored)  # nothing left to take back: nothing happens
    assert _counted(library, stored) == []


def test_replace_rewrites_the_hand_counts_and_another_sessions_stay(library: Library, stored: int) -> None:
    other = library.sessions.create(full_session())
    session = library.sessions.get(stored)
    session.hand_counts = session.hand_counts[1:]
    library.sessions.replace(session)
    assert _counted(library, stored) == [("learned", "review", 5, None)]
    assert len(_counted(library, other)) == 2


@pytest.mark.parametrize(
    "count",
    [
        HandCount("maybe", "timeline", 1, 2, datetime(2026, 3, 9, tzinfo=UTC)),
        HandCount("ready", "timeline", -1, None, datetime(2026, 3, 9, tzinfo=UTC)),
        HandCount("ready", "timeline", 8, 7, datetime(2026, 3, 9, tzinfo=UTC)),
    ],
    ids=["kind", "negative", "more-than-asked"],
)
def test_a_hand_count_the_library_cannot_hold_is_refused_and_nothing_changes(
    library: Library, stored: int, count: HandCount
) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        library.sessions.record_hand_count(stored, count)
    assert len(_counted(library, stored)) == 2
    assert not library.handle.conn.in_transaction


# -- deletion ----------------------------------------------------------------


def test_delete_removes_every_row_of_the_session_and_its_search_entries(library: Library) -> None:
    doomed = library.sessions.create(full_session())
    kept = library.sessions.create(full_session())
    library.sessions.update_fields(doomed, status="reviewed")
    kept_before = library.sessions.get(kept)
    tables = [
        r[0]
        for r in library.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_index%'"
        )
    ]
    with_session = [
        t for t in tables if "session_id" in {c[1] for c in library.db.execute(f"PRAGMA table_info({t})")}
    ]
    expected = {"participants", "tags", "links", "status_history", "hand_counts"}
    assert set(ITEM_TABLES.values()) | expected <= set(with_session)

    library.sessions.delete(doomed)

    for table in with_session:
        count = library.db.execute(f"SELECT count(*) FROM {table} WHERE session_id = ?", [doomed]).fetchone()
        assert count[0] == 0, table
    index_rows = library.db.execute("SELECT count(*) FROM search_index WHERE session_id = ?", [doomed])
    assert index_rows.fetchone()[0] == 0
    assert library.db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert library.sessions.get(kept) == kept_before
    assert [h.session_id for h in library.search.search("canary")] == [kept]
    with pytest.raises(SessionNotFound):
        library.sessions.get(doomed)


# -- properties --------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(session=sessions())
def test_generated_sessions_come_back_from_the_library_as_stored(library: Library, session: Session) -> None:
    expected = session_to_dict(session)
    keys = [i.key for i in session.items()]
    session_id = library.sessions.create(session)
    # A session stored without a history starts one: its status, now.
    expected["status_history"] = session_to_dict(session)["status_history"]

    back = library.sessions.get(session_id)
    assert back.id == session_id
    assert session_to_dict(back) == expected
    assert [i.key for i in back.items()] == keys
    assert [i.private for i in back.items()] == [i.private for i in session.items()]


# -- another window deleted what is being edited -----------------------------------


@pytest.fixture
def deleted_elsewhere(library: Library, stored: int) -> int:
    """The id of a session another window (a second connection) has just deleted."""
    with open_library(library.path) as other:
        other.sessions.delete(stored)
    return stored


GONE = "This debrief is no longer in the library (another window may have deleted it)"


@pytest.mark.parametrize(
    "change",
    [{"title": "Renamed"}, {"status": "reviewed"}, {"started_at": datetime(2026, 3, 2, tzinfo=UTC)}],
    ids=["title", "status", "start"],
)
def test_update_fields_of_a_session_deleted_elsewhere_is_not_found(
    library: Library, deleted_elsewhere: int, change: dict[str, object]
) -> None:
    with pytest.raises(SessionNotFound) as caught:
        library.sessions.update_fields(deleted_elsewhere, **change)
    assert str(caught.value).startswith(GONE)
    assert "\n" not in str(caught.value)
    assert library.db.execute("SELECT count(*) FROM status_history").fetchone()[0] == 0
    assert not library.handle.conn.in_transaction


def test_update_item_of_a_session_deleted_elsewhere_is_not_found(
    library: Library, deleted_elsewhere: int
) -> None:
    entry = full_session().timeline[0]
    with pytest.raises(SessionNotFound, match=GONE.replace("(", r"\(").replace(")", r"\)")):
        library.sessions.update_item(deleted_elsewhere, entry)


def test_update_item_of_an_item_deleted_elsewhere_is_not_found(library: Library, stored: int) -> None:
    factor = library.sessions.get(stored).contributing_factors[0]
    with open_library(library.path) as other:
        other.sessions.delete_item(stored, ContributingFactor, factor.key)
    factor.text = "Edited after it was deleted"

    with pytest.raises(SessionNotFound, match="This item is no longer in the debrief"):
        library.sessions.update_item(stored, factor)

    assert factor.key not in {f.key for f in library.sessions.get(stored).contributing_factors}
    assert not any(k == factor.key for k, _ in _links(library, stored))


@pytest.mark.parametrize(
    "write",
    [
        lambda store, sid: store.set_tags(sid, ["late"]),
        lambda store, sid: store.set_participants(sid, []),
        lambda store, sid: store.add_item(sid, WentWrong(text="late")),
        lambda store, sid: store.replace(dataclasses.replace(full_session(), id=sid)),
    ],
    ids=["set_tags", "set_participants", "add_item", "replace"],
)
def test_other_writes_to_a_session_deleted_elsewhere_are_not_found(
    library: Library, deleted_elsewhere: int, write: Callable[[SessionStore, int], object]
) -> None:
    with pytest.raises(SessionNotFound, match="no longer in the library"):
        write(library.sessions, deleted_elsewhere)
    for table in ("tags", "participants", "went_wrong"):
        assert library.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_known_tags_come_most_used_first_one_spelling_each(library: Library) -> None:
    from facilitation.model import Session

    for tags in (["auth", "Config"], ["config", "peak"], ["CONFIG"]):
        library.sessions.create(Session(title="x", tags=tags))
    known = library.sessions.known_tags()
    assert [t.casefold() for t in known] == ["config", "auth", "peak"]
