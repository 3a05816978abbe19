"""Full-text search: the index follows every change, and no typed query can break it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitation.model import Session, TimelineEntry
from storage.library import Library
from storage.search import SNIPPET_END, SNIPPET_START, SearchHit, match_expression
from tests.factories import full_session


def _found(library: Library, query: str) -> list[int]:
    return [hit.session_id for hit in library.search.search(query)]


def _fingerprint(library: Library) -> str:
    """Every row of every table, the index's own included."""
    return "\n".join(library.db.conn.iterdump())


@pytest.fixture
def stored(library: Library) -> int:
    return library.sessions.create(full_session())


def test_a_new_session_is_found_by_any_of_its_texts(library: Library, stored: int) -> None:
    other = library.sessions.create(Session(title="Disk filled on the build server"))
    for query in (
        "#1421",  # reference
        "outage",  # title
        "Logins",  # summary
        "Ana",  # facilitator and participant
        "deploy bot",  # timeline actor
        "regions",  # timeline text
        "alert fired",  # went right
        "retired host",  # went wrong
        "canary",  # factor and action
        "drift",  # learning
        "quarterly",  # action
        "lint",  # parking lot
        "peak hours",  # tag
    ):
        assert _found(library, query) == [stored], query
    assert _found(library, "build server") == [other]
    assert _found(library, "canary zebra") == []  # every word must match


def test_a_snippet_marks_the_matched_words(library: Library, stored: int) -> None:
    hit = library.search.search("canary")[0]
    factor_row = library.db.execute(
        "SELECT id FROM contributing_factors WHERE text LIKE '%canary%'"
    ).fetchone()
    action_row = library.db.execute("SELECT id FROM actions WHERE text LIKE '%canary%'").fetchone()
    assert hit in (
        SearchHit(stored, hit.snippet, 5, factor_row[0]),
        SearchHit(stored, hit.snippet, 7, action_row[0]),
    )
    assert f"{SNIPPET_START}canary{SNIPPET_END}" in hit.snippet


def test_the_index_follows_an_edited_item(library: Library, stored: int) -> None:
    entry = library.sessions.get(stored).timeline[0]
    entry.text = "Feature flag flipped in Frankfurt"
    library.sessions.update_item(stored, entry)

    assert _found(library, "regions") == []
    assert _found(library, "Frankfurt") == [stored]


def test_the_index_follows_an_added_and_a_deleted_item(library: Library, stored: int) -> None:
    library.sessions.add_item(stored, TimelineEntry(text="Pager storm over Zanzibar"))
    assert _found(library, "Zanzibar") == [stored]

    library.sessions.delete_item(stored, TimelineEntry, "t1")
    assert _found(library, "regions") == []
    assert _found(library, "Zanzibar") == [stored]


def test_the_index_follows_a_new_title(library: Library) -> None:
    session_id = library.sessions.create(Session(title="Zebra crossing closed", reference="#77"))
    library.sessions.update_fields(session_id, title="Certificate expiry on the gateway")
    assert _found(library, "zebra") == []
    assert _found(library, "certificate gateway") == [session_id]
    assert _found(library, "#77") == [session_id]  # the rest of the session row is still indexed


def test_the_index_follows_new_tags(library: Library, stored: int) -> None:
    library.sessions.set_tags(stored, ["kubernetes"])
    assert _found(library, "peak") == []
    assert _found(library, "Kubernetes") == [stored]


def test_the_index_follows_replaced_participants(library: Library, stored: int) -> None:
    library.sessions.set_participants(stored, [])
    assert _found(library, "Βασίλης") == [stored]  # still an actor and an owner
    assert _found(library, "Ирина") == []


def _index_data(library: Library) -> list[tuple[object, ...]]:
    """FTS5's own segments: any re-indexing, even of the same text, writes new ones."""
    return library.db.execute("SELECT * FROM search_index_data ORDER BY id").fetchall()


def test_dismissing_a_coach_note_on_the_session_leaves_the_index_alone(library: Library, stored: int) -> None:
    before = _index_data(library)
    library.sessions.update_fields(stored, dismissed_notes={"title": ["minimising:just"]})
    assert _index_data(library) == before
    library.sessions.update_fields(stored, title="Auth service outage after a config push")
    assert _index_data(library) != before  # the check would see a re-indexing


def test_dismissed_note_keys_are_not_searchable(library: Library, stored: int) -> None:
    assert _found(library, "counterfactual") == []
    assert _found(library, "minimising") == []
    triggers = library.db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    assert len(triggers) == 30
    assert all("dismissed_notes" not in sql for (sql,) in triggers)


def test_a_deleted_session_leaves_nothing_in_the_index(library: Library, stored: int) -> None:
    library.sessions.delete(stored)
    assert _found(library, "canary") == []
    assert library.db.execute("SELECT count(*) FROM search_index").fetchone()[0] == 0


def test_a_replaced_session_is_indexed_by_its_new_content_only(library: Library, stored: int) -> None:
    session = library.sessions.get(stored)
    session.timeline = [TimelineEntry(key="t1", text="Only this entry now")]
    session.contributing_factors = []
    session.actions = []
    library.sessions.replace(session)
    assert _found(library, "regions") == []
    assert _found(library, "paged") == []
    assert _found(library, "quarterly") == []
    assert _found(library, "only entry") == [stored]


@pytest.mark.parametrize(
    ("typed", "found"),
    [("café", "Cafe"), ("cafe", "Café"), ("CAFÉ", "café"), ("resume", "Résumé"), ("naive", "naïve")],
)
def test_matching_ignores_case_and_diacritics(library: Library, typed: str, found: str) -> None:
    session_id = library.sessions.create(Session(title=f"Payments {found} outage"))
    assert _found(library, typed) == [session_id]


HOSTILE = [
    '"',
    '""',
    "'",
    "(",
    ")",
    "((auth",
    "auth)",
    "AND",
    "OR",
    "NOT",
    "auth AND",
    "OR auth",
    "NEAR(",
    "NEAR(auth config, 2)",
    "*",
    "auth*",
    "-",
    "-auth",
    "^",
    "^auth",
    "'; DROP TABLE sessions; --",
    "",
    "   \t\n",
    "title:auth",
    "{title body}: auth",
    "auth + config",
    '"unterminated',
    "a\x00b",
    "\x00",
    "%",
    "_",
    "\\",
    "🔥",
    "\u202e",
    "rowid=1",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_neither_raise_nor_change_the_library(
    library: Library, stored: int, query: str
) -> None:
    before = _fingerprint(library)
    hits = library.search.search(query)
    assert all(isinstance(hit, SearchHit) and hit.session_id == stored for hit in hits)
    assert _fingerprint(library) == before
    assert library.sessions.get(stored).title == full_session().title


def test_operators_are_searched_as_plain_words(library: Library, stored: int) -> None:
    assert _found(library, "auth OR zebra") == []  # OR is a word to find, not "either"
    assert _found(library, "-auth") == [stored]  # not "without auth"
    assert _found(library, "") == []


@pytest.mark.parametrize(
    ("query", "expression"),
    [
        ("auth config", '"auth" "config"'),
        ('say "hi"', '"say" """hi"""'),
        ("NEAR( auth", '"NEAR(" "auth"'),
        ("- * ^ ( )", ""),
        ("  ", ""),
        ("a\x00b", '"a" "b"'),
    ],
)
def test_match_expression_quotes_every_word(query: str, expression: str) -> None:
    assert match_expression(query) == expression


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(st.characters(exclude_categories=("Cs",)), max_size=30))
def test_any_typed_text_is_a_safe_query(library: Library, query: str) -> None:
    hits = library.search.search(query)
    assert len({hit.session_id for hit in hits}) == len(hits)


def test_search_stops_at_the_limit(library: Library) -> None:
    ids = [library.sessions.create(Session(title=f"Outage {n}")) for n in range(5)]
    hits = library.search.search("outage", limit=3)
    assert len(hits) == 3 and {h.session_id for h in hits} <= set(ids)


def test_every_match_lists_every_session_ranked_first_within_the_window(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [
        library.sessions.create(Session(title=f"Session {n}", summary="kiwi " * (n % 3 + 1)))
        for n in range(6)
    ]
    monkeypatch.setattr("storage.search.RANK_WINDOW", 3)
    windowed = library.search.search("kiwi")
    assert sorted(hit.session_id for hit in windowed) == ids[3:]  # only the three newest passages
    everything = library.search.every_match("kiwi")
    assert [hit.session_id for hit in everything][:3] == [hit.session_id for hit in windowed]
    assert [hit.session_id for hit in everything][3:] == [ids[2], ids[1], ids[0]]  # then newest first
    assert all(f"{SNIPPET_START}kiwi{SNIPPET_END}" in hit.snippet for hit in everything)
    assert library.search.every_match("  (  ") == [] and library.search.every_match("mango") == []
