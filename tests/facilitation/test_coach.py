"""The language coach: what each rule notes and leaves alone, its reframes, an organisation's words."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitation.coach import FALLBACKS, MAX_REWORDED, RULES, Note, apply_note, default_coach, load_coach
from facilitation.coach_words import org_coach_files

COACH = default_coach()


def notes(text: str, learnings: bool = False) -> list[tuple[str, str]]:
    return [(note.rule, note.wording) for note in COACH.check(text, learnings=learnings)]


def suggestion(text: str, learnings: bool = False) -> str | None:
    found = COACH.check(text, learnings=learnings)
    assert found, text
    return found[0].suggestion


# --- each rule, and its honest look-alikes -------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Why did you restart the database?", [("defensive-question", "Why did you")]),
        ("why didn’t anyone check the logs", [("defensive-question", "why didn’t anyone")]),
        ("Why did Mark decide to fail over?", [("defensive-question", "Why did Mark")]),
        ("Whose idea was it to deploy on Friday?", [("defensive-question", "Whose idea")]),
        ("What were you thinking?", [("defensive-question", "What were you thinking")]),
        ("We should have rolled back sooner.", [("counterfactual", "should have rolled")]),
        ("If only the alert had fired.", [("counterfactual", "If only the alert had fired")]),
        ("Had we known, we would have paged earlier.", [("counterfactual", "Had we known")]),
        ("A canary would have caught this.", [("counterfactual", "would have caught")]),
        ("It was human error.", [("blame-word", "human error")]),
        ("The engineer failed to notice the alert.", [("blame-word", "failed to")]),
        ("It was his fault.", [("blame-word", "his fault")]),
        ("The root cause was a bad config.", [("root-cause", "The root cause")]),
        ("It was obviously a bad deploy.", [("hindsight", "obviously")]),
        ("The logs clearly showed the disk filling.", [("hindsight", "clearly")]),
        ("Just restart it.", [("minimising", "Just")]),
        ("It was just a typo.", [("minimising", "just")]),
    ],
)
def test_each_rule_notes_its_wording(text: str, expected: list[tuple[str, str]]) -> None:
    assert notes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Why didn't the alert fire?",
        "Why was nobody paged?",
        "Why do we page the on-call for warnings?",
        "Could you walk us through the first ten minutes?",
        "What were you seeing when you decided to fail over?",
        "We should add a timeout to the payments client.",
        "The service should have an owner.",
        "By next quarter we should have migrated every queue.",
        "The bug could have corrupted data.",
        "Without the rate limiter, the API would have gone down.",
        "I would have liked more context in the alert.",
        "We checked if the job had finished.",
        "The failover failed because the replica was behind.",
        "The process crashed with a segmentation fault.",
        "We need fault tolerance in the consumers.",
        "There is rarely a single root cause.",
        "Root cause analysis is not how we work here.",
        "It wasn't obvious at the time that the cache was stale.",
        "Label the dashboards clearly.",
        "Put simply, the queue had no back-pressure.",
        "The deploy had just finished when the alerts started.",
        "Latency rose just after 14:00, just over five minutes in.",
        "Just to be clear, nobody is being blamed here.",
        "Justin restarted the pod.",
        "",
        "   \n\n  ",
    ],
)
def test_honest_look_alikes_stay_quiet(text: str) -> None:
    assert notes(text) == []


def test_learning_checks_only_for_learnings() -> None:
    assert notes("The BFG timed out on Zephyr.") == []
    assert notes("The BFG timed out on Zephyr.", learnings=True) == [
        ("unexplained-term", "BFG"),
        ("unexplained-term", "Zephyr"),
    ]
    assert notes("We added a timeout.", learnings=True) == [("restates-fix", "We added")]
    assert notes("Calls to third parties had no upper bound on waiting, and nothing showed it.", True) == []


def test_a_term_spelled_out_or_in_the_glossary_passes() -> None:
    spelled = "The Border Firewall Gateway (BFG) drops idle connections; the BFG did it again."
    assert notes(spelled, learnings=True) == []
    assert notes("DNS and TLS are known to every reader.", learnings=True) == []
    glossed = default_coach(glossary=["BFG", "zephyr"])
    assert glossed.check("The BFG timed out on Zephyr.", learnings=True) == []


# --- notes and reframes ----------------------------------------------------------------


def test_a_note_gives_its_span_message_and_sentence() -> None:
    text = "All good at first. Obviously, the cache was stale."
    (note,) = COACH.check(text)
    assert text[note.start : note.end] == "Obviously" == note.wording
    assert text[note.sentence_start : note.sentence_end] == "Obviously, the cache was stale."
    assert note.rule == "hindsight"
    assert "“Obviously”" in note.message
    assert note.suggestion == "The cache was stale."
    assert apply_note(text, note) == "All good at first. The cache was stale."
    assert note.key == "hindsight:obviously"


@pytest.mark.parametrize(
    ("question", "reframe"),
    [
        (
            "Why did you restart the database?",
            "During the incident, you chose to restart the database. "
            "What were you seeing that made that the right step then?",
        ),
        ("Why didn't you notice the alert?", "What made the alert hard to notice at the time?"),
        (
            "Why were you offline?",
            "During the incident, you were offline. What was going on for you at that point?",
        ),
        (
            "Who broke the build?",
            "What came together to break the build, and what made each step look right then?",
        ),
    ],
)
def test_a_question_is_reframed_keeping_its_subject(question: str, reframe: str) -> None:
    assert COACH.reframe(question) == reframe
    assert COACH.reframe(reframe) is None


@pytest.mark.parametrize(
    ("text", "reframe"),
    [
        ("We should have rolled back sooner.", "We did not roll back sooner."),
        ("We shouldn't have deployed on Friday.", "We deployed on Friday."),
        ("If we had rolled back sooner, the outage would have been shorter.", "We did not roll back sooner."),
        ("In hindsight, the team should have been paged earlier.", "The team was not paged earlier."),
    ],
)
def test_a_counterfactual_becomes_what_happened_and_what_made_sense(text: str, reframe: str) -> None:
    assert suggestion(text) == f"{reframe} What made that the sensible path at the time?"


@pytest.mark.parametrize(
    ("text", "reframe"),
    [
        (
            "It was a human error by the operator.",
            "It was a step that made sense at the time by the operator.",
        ),
        ("The responder made a mistake in the config.", "The responder made a decision in the config."),
        (
            "The root cause of the outage was a full disk.",
            "One contributing factor of the outage was a full disk.",
        ),
        ("It was just a one-line change.", "It was a one-line change."),
    ],
)
def test_a_word_becomes_the_neutral_one(text: str, reframe: str) -> None:
    assert suggestion(text) == reframe


def test_a_learning_that_restates_a_fix_asks_what_it_taught() -> None:
    assert suggestion("We added a timeout to the payment calls.", learnings=True) == (
        "Before this change, there was no timeout to the payment calls, "
        "and nothing showed the gap until this incident."
    )
    assert suggestion("Increased the pool size.", learnings=True) == (
        "The pool size was too low for the load it met, and nothing showed it until this incident."
    )


def test_every_sentence_of_a_mixed_text_is_reframed_once() -> None:
    question = "Why did you restart it? Obviously it was stuck."
    assert COACH.reframe(question) == (
        "During the incident, you chose to restart it. "
        "What were you seeing that made that the right step then? It was stuck."
    )


def test_fallbacks_pass_and_cover_every_rule() -> None:
    assert set(FALLBACKS) == set(RULES)
    for rule, text in FALLBACKS.items():
        assert COACH.check(text, learnings=True) == [], rule


def test_a_very_long_run_of_text_gets_notes_without_a_rewording() -> None:
    text = "we should have rolled back " + "and waited " * MAX_REWORDED
    (note,) = COACH.check(text)
    assert note.rule == "counterfactual"
    assert note.suggestion is None
    assert apply_note(text, note) == text


def test_open_notes_leave_out_the_ones_kept_as_written() -> None:
    text = "It was just obviously broken."
    assert [n.key for n in COACH.open_notes(text)] == ["minimising:just", "hindsight:obviously"]
    assert [n.key for n in COACH.open_notes(text, ["hindsight:obviously"])] == ["minimising:just"]


# --- any text at all -------------------------------------------------------------------

_FRAGMENTS = [
    "Why did you ",
    "why didn’t we just ",
    "should have ",
    "could've ",
    "if only ",
    "had we ",
    "human error",
    "the root cause ",
    "obviously ",
    "clearly ",
    "just ",
    "simply ",
    "failed to ",
    "The BFG ",
    "We added ",
    "whose fault",
    "rolled back",
    "the alert",
    ". ",
    "? ",
    "\n",
    "🔥",
    "Ünïcödé ",
    "<b>&amp;</b>",
    "`code`",
]

_text = st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=20), max_size=40).map("".join)


def _holds(note: Note, text: str, learnings: bool) -> None:
    assert 0 <= note.sentence_start <= note.start < note.end <= note.sentence_end <= len(text)
    assert text[note.start : note.end] == note.wording
    assert note.rule in RULES
    if note.suggestion is not None:
        assert COACH.check(note.suggestion, learnings=learnings) == [], note.suggestion


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=_text | st.text(max_size=400), learnings=st.booleans())
def test_any_text_gets_notes_inside_it_and_suggestions_that_pass(text: str, learnings: bool) -> None:
    for note in COACH.check(text, learnings=learnings):
        _holds(note, text, learnings)


def test_a_hundred_thousand_characters_of_anything() -> None:
    import random

    rng = random.Random(7)
    pieces = [*_FRAGMENTS, "😀", "\u0301", "\u202e", "\ud7ff", "\x00", "中文 ", "א ", " " * 50]
    text = "".join(rng.choice(pieces) for _ in range(25_000))[:100_000]
    for learnings in (False, True):
        for note in COACH.check(text, learnings=learnings):
            _holds(note, text, learnings)


# --- the organisation's own words ------------------------------------------------------


def write(folder: Path, text: str) -> Path:
    path = folder / "coach.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_organisation_adds_words_silences_a_rule_and_rewords_a_message(tmp_path: Path) -> None:
    write(
        tmp_path,
        'silence = ["minimising"]\n'
        "[words]\n"
        'known_acronyms = ["BFG"]\n'
        "[[blame]]\n"
        'words = ["cowboy deploy"]\n'
        'replace = "hurried deploy"\n'
        "[rules.hindsight]\n"
        'message = "Hindsight again: “{wording}”."\n',
    )
    coach, notices = load_coach(org_coach_files(tmp_path))
    assert notices == []
    assert coach.check("It was just a typo.") == []
    assert coach.check("The BFG was slow.", learnings=True) == []
    (blame,) = coach.check("It was a cowboy deploy.")
    assert (blame.rule, blame.suggestion) == ("blame-word", "It was a hurried deploy.")
    (hindsight,) = coach.check("Obviously it broke.")
    assert hindsight.message == "Hindsight again: “Obviously”."


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[words\n", "is not valid TOML"),
        ('colour = "blue"\n', "has the key 'colour'"),
        ("silence = 3\n", "'silence' needs a list"),
        ("[words]\nknown_acronyms = [1]\n", "'known_acronyms' needs to be a list"),
        ('[[blame]]\nreplace = "x"\n', "[[blame]] number 1 needs words"),
        ("[rules.hindsight]\nmessage = 3\n", "'hindsight' needs a message"),
    ],
)
def test_a_file_that_cannot_be_used_is_skipped_with_a_notice(tmp_path: Path, text: str, says: str) -> None:
    path = write(tmp_path, text)
    coach, notices = load_coach([path])
    (notice,) = notices
    assert says in notice
    assert str(path) in notice
    assert "The shipped words are in use." in notice
    assert coach.check("Obviously it broke.") != []
    assert "error" not in notice and "invalid" not in notice


def test_a_missing_file_is_passed_over_and_non_utf8_is_named(tmp_path: Path) -> None:
    assert load_coach([tmp_path / "coach.toml"])[1] == []
    (tmp_path / "coach.toml").write_bytes(b"silence = ['\xff']\n")
    (notice,) = load_coach([tmp_path / "coach.toml"])[1]
    assert "not UTF-8" in notice
