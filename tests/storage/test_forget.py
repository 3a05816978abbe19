"""Forgetting a person: the name gone from every table and from search, the role in its place."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from facilitation.library import ForgetPreview
from facilitation.model import (
    Action,
    AskedQuestion,
    ChatDetails,
    ContributingFactor,
    KeyLearning,
    Metadata,
    ParkingLotItem,
    Participant,
    Session,
    StatusChange,
    TimelineEntry,
    WebLink,
    WentRight,
    WentWrong,
)
from storage.forget import PLACES, forget_problem, name_pattern
from storage.library import Library

NAME = "Ana Sørensen"
ROLE = "former engineer"


def _mentioning(name: str) -> Session:
    """A session naming ``name`` in every place a name can be."""
    moment = datetime(2026, 3, 2, 14, tzinfo=UTC)
    return Session(
        title=f"Outage {name} handled",
        reference=f"{name}-1",
        summary=f"{name}'s pager went off.",
        system=f"{name} tooling",
        trigger=f"{name} pushed",
        facilitator=name,
        participants=[Participant(name, f"deputy of {name}"), Participant("Bo", "on-call")],
        metadata=Metadata(third_party=f"{name} Inc", customer_impact=f"{name} saw it"),
        private_notes=f"Ask {name.upper()} later",
        ground_rules=f"{name} wrote these",
        tags=[name],
        timeline=[
            TimelineEntry(
                key="t1",
                actor=name,
                text=f"paged {name}",
                at=moment,
                web_links=[WebLink("https://chat.example/ana-sørensen", "chat", f"{name}'s message")],
                chat=ChatDetails("#incident", f"reply to {name} 14:02: first words"),
            )
        ],
        went_right=[WentRight(key="r1", text=f"{name} knew the runbook")],
        went_wrong=[WentWrong(key="w1", text=f"{name} was alone", dismissed_notes=[f"blame-word:{name}"])],
        contributing_factors=[ContributingFactor(key="f1", text=f"{name} had no backup")],
        key_learnings=[KeyLearning(key="l1", text=f"Pairing helps {name}")],
        actions=[Action(key="a1", text=f"Train {name}", owner=name, due=date(2026, 4, 1))],
        parking_lot=[ParkingLotItem(key="p1", text=f"{name}'s idea")],
        asked_questions=[AskedQuestion(f"What did {name} see?", moment, "timeline")],
        status_history=[StatusChange("draft", moment, name)],
        dismissed_notes={"title": [f"blame-word:{name.lower()}'s fault"]},
    )


def _everything(library: Library) -> str:
    """Every text in every table, the search index's included."""
    return "\n".join(library.db.conn.iterdump())


def test_the_preview_counts_each_place_and_changes_nothing(library: Library) -> None:
    library.sessions.create(_mentioning(NAME))
    library.sessions.create(Session(title="Quiet", facilitator="ana sørensen"))
    library.sessions.create(Session(title="Someone else", facilitator="Anabel"))
    before = _everything(library)
    preview = library.forgetting.preview(f"  {NAME} ", f" {ROLE} ")
    assert preview == ForgetPreview(
        NAME,
        ROLE,
        (
            ("participants", 2),
            ("facilitators", 2),
            ("session details", 7),
            ("private notes", 1),
            ("ground rules", 1),
            ("timeline entries", 2),
            ("link labels", 1),
            ("chat details", 1),
            ("what went right", 1),
            ("what went wrong", 1),
            ("contributing factors", 1),
            ("key learnings", 1),
            ("actions", 2),
            ("parking lot", 1),
            ("tags", 1),
            ("questions asked", 1),
            ("status changes", 1),
            ("language notes kept", 2),
        ),
        2,
    )
    assert {label for label, _, _ in PLACES} == {label for label, _ in preview.places}
    assert _everything(library) == before


def test_forgetting_replaces_the_name_everywhere_and_search_follows(library: Library) -> None:
    kept = library.sessions.create(_mentioning(NAME))
    other = library.sessions.create(Session(title="Anabel and Ana Sørensen's friend", facilitator="Anabel"))
    assert len(library.queries.search("Sørensen")) == 2
    preview = library.forgetting.preview(NAME, ROLE)
    changed = library.forgetting.forget(NAME, ROLE)
    assert changed == sum(count for _, count in preview.places) == 29  # 28 in one, a title
    assert "sørensen" not in _everything(library).casefold().replace("ana-sørensen", "")
    assert library.queries.search("Sørensen") == []
    assert {h.session_id for h in library.queries.search("former engineer")} == {kept, other}
    session = library.sessions.get(kept)
    assert session.facilitator == ROLE and session.participants[0] == Participant(ROLE, f"deputy of {ROLE}")
    assert session.summary == f"{ROLE}'s pager went off." and session.private_notes == f"Ask {ROLE} later"
    assert session.actions[0].owner == ROLE and session.timeline[0].actor == ROLE
    assert session.timeline[0].chat == ChatDetails("#incident", f"reply to {ROLE} 14:02: first words")
    assert (
        session.status_history[0].changed_by == ROLE
        and session.asked_questions[0].text == f"What did {ROLE} see?"
    )
    # A link's address is left as it is: with a role in it, it would lead nowhere.
    assert session.timeline[0].web_links[0] == WebLink(
        "https://chat.example/ana-sørensen", "chat", f"{ROLE}'s message"
    )
    assert library.sessions.get(other).title == f"Anabel and {ROLE}'s friend"
    assert library.sessions.get(other).facilitator == "Anabel"  # a longer name is another person
    assert library.queries.people() == ["Anabel", "Bo", ROLE]
    assert library.forgetting.preview(NAME, ROLE).places == ()


def test_only_whole_words_are_replaced(library: Library) -> None:
    session = library.sessions.create(
        Session(
            title="Ana, ANA and ana's; Anabel, Banana, Ana-Maria, Maria-Ana, Ana-1",
            participants=[Participant("Ana", "")],
        )
    )
    assert library.forgetting.forget("Ana", "a former engineer") == 2
    assert library.sessions.get(session).title == (
        "a former engineer, a former engineer and a former engineer's; "
        "Anabel, Banana, Ana-Maria, Maria-Ana, a former engineer-1"
    )


@pytest.mark.parametrize(
    ("name", "role", "expected"),
    [
        ("", ROLE, "Type the name to forget; it is empty now."),
        (" ", ROLE, "Type the name to forget; it is empty now."),
        ("Ana", "  ", "Type the role that takes the place of 'Ana', such as \"former engineer\"."),
        (
            "Ana",
            "Ana's stand-in",
            "The role 'Ana's stand-in' still holds the name 'Ana'; choose a role without it.",
        ),
    ],
)
def test_an_empty_name_or_role_is_refused_in_a_sentence(
    library: Library, name: str, role: str, expected: str
) -> None:
    library.sessions.create(Session(title="Ana", facilitator="Ana"))
    before = _everything(library)
    for attempt in (library.forgetting.preview, library.forgetting.forget):
        with pytest.raises(ValueError) as caught:
            attempt(name, role)
        assert str(caught.value) == expected
    assert _everything(library) == before


def test_forgetting_is_all_or_nothing(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    library.sessions.create(_mentioning(NAME))
    before = _everything(library)
    real_execute = library.handle.conn.execute
    calls = {"updates": 0}

    class Interrupted(Exception):
        pass

    def failing_execute(sql: str, *args: object) -> object:
        if sql.startswith("UPDATE"):
            calls["updates"] += 1
            if calls["updates"] == 5:
                raise Interrupted
        return real_execute(sql, *args)

    conn = library.handle.conn

    class Wrapped:
        def __getattr__(self, name: str) -> object:
            return getattr(conn, name)

        def execute(self, sql: str, *args: object) -> object:
            return failing_execute(sql, *args)

    monkeypatch.setattr(library.handle, "conn", Wrapped())
    with pytest.raises(Interrupted):
        library.forgetting.forget(NAME, ROLE)
    monkeypatch.undo()
    assert calls["updates"] == 5
    assert _everything(library) == before


def test_the_name_leaves_the_file_itself(library: Library, library_path: Path) -> None:
    for number in range(30):
        library.sessions.create(
            Session(title=f"Routine {number}", timeline=[TimelineEntry(text="disk full")])
        )
    library.sessions.create(
        Session(
            title="Qwerzy Plonk's outage",
            facilitator="Qwerzy Plonk",
            participants=[Participant("Qwerzy Plonk", "on-call")],
            timeline=[TimelineEntry(actor="Qwerzy Plonk", text="Qwerzy Plonk paged the team")],
        )
    )
    secure = library.handle.conn.execute("PRAGMA secure_delete").fetchone()[0]
    assert library.forgetting.forget("Qwerzy Plonk", "former engineer") == 5
    files = [library_path, library_path.with_name(library_path.name + "-wal")]
    stored = b"".join(path.read_bytes() for path in files if path.exists()).lower()
    assert b"qwerzy" not in stored and b"plonk" not in stored  # the index's own words included
    assert library.queries.search("Qwerzy") == []
    assert len(library.queries.search("former engineer")) == 1
    assert library.handle.conn.execute("PRAGMA secure_delete").fetchone()[0] == secure  # as it was


_names = st.lists(
    st.sampled_from(["Ana", "ana", "Bo", "Ø", "Jo-Ann", "O'Neil", "Zoë", "ß"]), min_size=1, max_size=2
)
_texts = st.lists(
    st.sampled_from(
        ["Ana", "ANA's", "Bo", "Anabel", "Jo-Ann", "o'neil", "zoë", "SS", "-", " ", "x", "\n", "é"]
    ),
    max_size=8,
).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name_parts=_names, texts=st.lists(_texts, min_size=1, max_size=4))
def test_after_forgetting_no_cell_names_the_person(
    library: Library, name_parts: list[str], texts: list[str]
) -> None:
    name = " ".join(name_parts)
    assume(not forget_problem(name, ROLE))
    session = library.sessions.create(
        Session(
            title=texts[0] or "x",
            summary=" ".join(texts),
            facilitator=texts[-1],
            participants=[Participant(t, t) for t in texts],
            timeline=[TimelineEntry(actor=t, text=t) for t in texts],
        )
    )
    preview = library.forgetting.preview(name, ROLE)
    assert library.forgetting.forget(name, ROLE) == sum(count for _, count in preview.places)
    pattern = name_pattern(name)
    for _, table, columns in PLACES:
        for column in columns:
            for (cell,) in library.db.execute(f"SELECT {column} FROM {table}").fetchall():
                assert not pattern.search(cell), (table, column, cell)
    library.sessions.delete(session)


def test_case_variants_sqlite_cannot_fold_are_still_found(library: Library) -> None:
    texts = [
        "SØRENSEN wrote it",  # a letter beyond ASCII in another case
        "ask \u212aim",  # KELVIN SIGN K, which matches k ignoring case
        "x\x00 then kim",  # after a NUL, where LIKE stops reading
        "\u0130VAN and IVAN",  # dotted capital I
        "100%_kim",  # LIKE's own marks around the name
    ]
    library.sessions.create(Session(title="t", timeline=[TimelineEntry(text=t) for t in texts]))
    # "kim" is the Kelvin sign's and the one after the NUL; "100%_kim" is one word with its "_".
    for name, expected in (("Sørensen", 1), ("kim", 2), ("ivan", 1), ("100%_kim", 1), ("%", 0)):
        assert sum(bool(name_pattern(name).search(t)) for t in texts) == expected, name
        preview = library.forgetting.preview(name, ROLE)
        assert dict(preview.places).get("timeline entries", 0) == expected, name
    assert library.forgetting.forget("ivan", ROLE) == 1
    assert library.sessions.get(1).timeline[3].text == f"{ROLE} and {ROLE}"
