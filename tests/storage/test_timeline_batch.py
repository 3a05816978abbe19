"""Adding an import's entries to a timeline, and taking them back, each in one transaction."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from facilitation.model import ChatDetails, ContributingFactor, Session, TimelineEntry
from facilitation.timeline_merge import merged_positions
from storage.library import Library

CPH = ZoneInfo("Europe/Copenhagen")


def _at(minute: int) -> datetime:
    return datetime(2026, 3, 2, 14, 0, tzinfo=CPH) + timedelta(minutes=minute)


def _session(library: Library) -> int:
    return library.sessions.create(
        Session(
            title="Auth outage",
            timeline=[
                TimelineEntry(key="t1", at=_at(0), text="alert fired"),
                TimelineEntry(key="t2", text="someone remembered last year"),
                TimelineEntry(key="t3", at=_at(10), text="rolled back"),
            ],
            contributing_factors=[ContributingFactor(key="f1", text="no canary", links=["t1", "t3"])],
        )
    )


def _texts(library: Library, session_id: int) -> list[str]:
    return [entry.text for entry in library.sessions.get(session_id).timeline]


def test_imported_entries_go_among_the_others_by_time_with_their_chat_details(library: Library) -> None:
    session_id = _session(library)
    chat = ChatDetails("#incident", 'reply to Ana 14:00: "alert fired"', bot=True, edited=False)
    added = [
        TimelineEntry(at=_at(5), text="chat at five", source="chat", chat=chat),
        TimelineEntry(at=_at(0), text="chat at zero", source="chat"),
        TimelineEntry(text="untimed after chat at zero"),
        TimelineEntry(at=_at(20), text="chat at twenty", chat=ChatDetails()),
    ]
    before = [entry.at for entry in library.sessions.get(session_id).timeline]
    stored = library.sessions.add_timeline_entries(session_id, added)

    assert [entry.key for entry in stored] == ["t4", "t5", "t6", "t7"]
    timeline = library.sessions.get(session_id).timeline
    assert [entry.text for entry in timeline] == [
        "alert fired",
        "someone remembered last year",  # said after the alert: a later entry goes after it
        "chat at zero",
        "untimed after chat at zero",
        "chat at five",
        "rolled back",
        "chat at twenty",
    ]
    # The app places them in memory the same way the library stores them.
    places = merged_positions(before, [entry.at for entry in added])
    assert [timeline[place].text for place in places] == [entry.text for entry in added]
    by_text = {entry.text: entry for entry in timeline}
    assert by_text["chat at five"].chat == chat
    assert by_text["chat at twenty"].chat == ChatDetails()
    assert by_text["chat at zero"].chat is None


def test_taking_an_import_back_removes_it_whole_and_keeps_the_rest(library: Library) -> None:
    session_id = _session(library)
    added = library.sessions.add_timeline_entries(
        session_id, [TimelineEntry(at=_at(m), text=f"chat {m}", chat=ChatDetails("#ops")) for m in (1, 5, 30)]
    )
    library.sessions.delete_items(session_id, TimelineEntry, [entry.key for entry in added] + ["t404"])
    session = library.sessions.get(session_id)
    assert [entry.text for entry in session.timeline] == [
        "alert fired",
        "someone remembered last year",
        "rolled back",
    ]
    assert session.contributing_factors[0].links == ["t1", "t3"]
    rows = library.db.conn.execute("SELECT count(*) FROM chat_details").fetchone()[0]
    assert rows == 0
    positions = [
        r[0] for r in library.db.conn.execute("SELECT position FROM timeline_entries ORDER BY position")
    ]
    assert positions == [0, 1, 2]


def test_deleting_entries_removes_the_links_to_them(library: Library) -> None:
    session_id = _session(library)
    library.sessions.delete_items(session_id, TimelineEntry, ["t3"])
    assert library.sessions.get(session_id).contributing_factors[0].links == ["t1"]


def test_keys_already_taken_in_the_session_are_not_reused(library: Library) -> None:
    session_id = _session(library)
    stored = library.sessions.add_timeline_entries(session_id, [TimelineEntry(key="f1", text="clash")])
    assert stored[0].key == "t4"


def test_a_batch_that_cannot_be_stored_leaves_the_timeline_as_it_was(library: Library) -> None:
    session_id = _session(library)
    before = library.sessions.get(session_id)
    library.db.conn.execute(
        "CREATE TRIGGER refuse_the_last AFTER INSERT ON timeline_entries "
        "WHEN NEW.text = 'the last' BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    batch = [TimelineEntry(at=_at(n), text=f"entry {n}") for n in range(500)] + [
        TimelineEntry(text="the last")
    ]
    with pytest.raises(sqlite3.DatabaseError):
        library.sessions.add_timeline_entries(session_id, batch)
    assert library.sessions.get(session_id) == before


def test_an_empty_batch_changes_nothing(library: Library) -> None:
    session_id = _session(library)
    assert library.sessions.add_timeline_entries(session_id, []) == []
    library.sessions.delete_items(session_id, TimelineEntry, [])
    assert _texts(library, session_id) == ["alert fired", "someone remembered last year", "rolled back"]
