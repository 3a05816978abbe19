"""The completeness check: each gap found once, in phase order, in plain words; nothing for a full debrief."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from facilitation.coach import default_coach
from facilitation.model import (
    UNTITLED,
    Action,
    ContributingFactor,
    KeyLearning,
    ParkingLotItem,
    Session,
    TimelineEntry,
    WentRight,
    WentWrong,
)
from facilitation.phases import Phase
from facilitation.review import Finding, completeness, learning_nudge

CPH = ZoneInfo("Europe/Copenhagen")
_BLAME = ("fault", "mistake", "should have", "why did", "human error", "careless")


def ready() -> Session:
    """A debrief with nothing missing."""
    return Session(
        title="Auth outage after config push",
        summary="Logins failed for forty minutes after a configuration change.",
        severity="Sev-2",
        system="Auth Service",
        trigger="Configuration change",
        time_zone="Europe/Copenhagen",
        started_at=datetime(2026, 3, 2, 14, 0, tzinfo=CPH),
        detected_at=datetime(2026, 3, 2, 14, 5, tzinfo=CPH),
        timeline=[TimelineEntry(key="t1", text="Alert fired", at=datetime(2026, 3, 2, 14, 5, tzinfo=CPH))],
        went_right=[WentRight(key="r1", text="The alert fired within five minutes")],
        went_wrong=[WentWrong(key="w1", text="The runbook named a retired host")],
        contributing_factors=[ContributingFactor(key="f1", text="Config pushes skip canaries")],
        key_learnings=[KeyLearning(key=f"l{n}", text=f"Learning {n}") for n in range(1, 4)],
        actions=[Action(key="a1", text="Canary config pushes", owner="Platform team")],
    )


def messages(session: Session) -> list[str]:
    return [finding.message for finding in completeness(session)]


def test_a_full_debrief_is_ready_for_readers() -> None:
    assert completeness(ready()) == []


def test_an_empty_debrief_lists_every_gap_in_phase_order() -> None:
    found = completeness(Session(title=UNTITLED))
    phases = [finding.phase for finding in found]
    assert phases == sorted(phases, key=lambda phase: phase.value)
    assert {Phase.PREPARE, Phase.TIMELINE, Phase.WENT_RIGHT, Phase.WENT_WRONG} <= set(phases)
    assert {Phase.CONTRIBUTING_FACTORS, Phase.KEY_LEARNINGS, Phase.CLASSIFY} <= set(phases)
    assert [f.message for f in found if f.phase is Phase.KEY_LEARNINGS] == [
        "No key learnings yet; a reader who wasn't there starts with them."
    ]
    for finding in found:
        assert finding.message.endswith((".", "?"))
        assert not any(word in finding.message.lower() for word in _BLAME)
        assert "root cause" not in finding.message.lower()


@pytest.mark.parametrize(
    ("count", "nudge"),
    [
        (0, "No key learnings yet; a reader who wasn't there starts with them."),
        (1, "1 learning so far; 3 to 5 work best for readers."),
        (2, "2 learnings so far; 3 to 5 work best for readers."),
        (3, ""),
        (4, ""),
        (5, ""),
        (6, "6 learnings; 3 to 5 work best for readers, so some may fold into one."),
    ],
)
def test_the_learning_nudge_is_quiet_from_three_to_five(count: int, nudge: str) -> None:
    assert learning_nudge(count) == nudge
    session = ready()
    session.key_learnings = [KeyLearning(key=f"l{n}", text=f"Learning {n}") for n in range(count)]
    assert [f.message for f in completeness(session) if f.phase is Phase.KEY_LEARNINGS] == (
        [nudge] if nudge else []
    )


def test_blank_learnings_do_not_count() -> None:
    session = ready()
    session.key_learnings.append(KeyLearning(key="l9", text="   "))
    session.key_learnings = session.key_learnings[1:]
    assert "2 learnings so far; 3 to 5 work best for readers." in messages(session)


def test_nothing_went_right_or_wrong_yet() -> None:
    session = ready()
    session.went_right, session.went_wrong = [], []
    assert completeness(session) == [
        Finding(Phase.WENT_RIGHT, "Nothing in What went right yet."),
        Finding(Phase.WENT_WRONG, "Nothing in What went wrong yet."),
    ]


def test_no_contributing_factors_yet() -> None:
    session = ready()
    session.contributing_factors = []
    assert completeness(session) == [
        Finding(Phase.CONTRIBUTING_FACTORS, "No contributing factors yet; incidents rarely have just one.")
    ]


def test_classification_gaps() -> None:
    session = ready()
    session.severity, session.system, session.trigger = "", "", ""
    assert completeness(session) == [
        Finding(Phase.CLASSIFY, "No severity chosen yet."),
        Finding(Phase.CLASSIFY, "No system or component named yet."),
        Finding(Phase.CLASSIFY, "No trigger yet: what set it off?"),
    ]


def test_entries_without_a_time_are_counted_and_the_first_is_named() -> None:
    session = ready()
    session.timeline += [
        TimelineEntry(key="t2", text="Someone noticed"),
        TimelineEntry(key="t3", text="Rollback"),
    ]
    session.timeline.append(TimelineEntry(key="t4", text="Paged", at=datetime(2026, 3, 2, 14, 9, tzinfo=CPH)))
    session.timeline.append(TimelineEntry(key="t5", text="Fixed"))
    assert completeness(session) == [Finding(Phase.TIMELINE, "3 timeline entries have no time.", "t2")]
    session.timeline = session.timeline[:2]
    assert completeness(session) == [Finding(Phase.TIMELINE, "1 timeline entry has no time.", "t2")]


def test_an_empty_timeline() -> None:
    session = ready()
    session.timeline = []
    assert messages(session) == ["The timeline is empty; readers follow the incident through it."]


def test_open_parking_lot_ideas_wait_in_actions() -> None:
    session = ready()
    session.parking_lot = [
        ParkingLotItem(key="p1", text="Add a timeout"),
        ParkingLotItem(key="p2", text="Alert"),
    ]
    assert completeness(session) == [
        Finding(
            Phase.ACTIONS,
            "2 parking-lot ideas are still open: promote them to actions or let them go.",
            "p1",
        )
    ]
    session.parking_lot = session.parking_lot[1:]
    assert messages(session) == ["1 parking-lot idea is still open: promote it to an action or let it go."]


def test_open_actions_without_an_owner() -> None:
    session = ready()
    session.actions += [
        Action(key="a2", text="Document the runbook"),
        Action(key="a3", text="Old idea", status="dropped"),
        Action(key="a4", text="Done already", status="done"),
    ]
    assert completeness(session) == [Finding(Phase.ACTIONS, "1 open action has no owner yet.", "a2")]


def test_prepare_gaps_title_summary_and_start() -> None:
    session = ready()
    session.title, session.summary, session.started_at, session.detected_at = UNTITLED, " ", None, None
    assert messages(session) == [
        "The debrief has no title yet; readers find it by its title.",
        "No summary yet; two or three sentences tell a reader what happened.",
        "No start time yet; the durations and the holiday window are worked out from it.",
    ]


def test_a_time_before_the_start_is_pointed_out() -> None:
    session = ready()
    session.detected_at = datetime(2026, 3, 2, 13, 0, tzinfo=CPH)
    session.resolved_at = datetime(2026, 3, 2, 12, 0, tzinfo=CPH)
    assert messages(session) == [
        "The detection time is before the start time, so its duration is left out.",
        "The resolution time is before the start time, so its duration is left out.",
    ]


def test_language_notes_are_checked_only_when_a_coach_is_given() -> None:
    session = ready()
    session.summary = "The engineer should have known."
    session.key_learnings[1].text = "Obviously a mistake"
    session.key_learnings[2].text = "Clearly careless"

    assert completeness(session) == []
    assert completeness(session, default_coach()) == [
        Finding(
            Phase.PREPARE, "The summary still has a language note to look at: “should have known”.", "summary"
        ),
        Finding(Phase.KEY_LEARNINGS, "2 key learnings still have a language note to look at.", "l2"),
    ]


def test_notes_kept_as_written_are_not_listed() -> None:
    session = ready()
    session.metadata.customer_impact = "Checkout was just slow."
    session.went_wrong[0].text = "Obviously the cache was cold."
    coach = default_coach()
    assert [f.phase for f in completeness(session, coach)] == [Phase.WENT_WRONG, Phase.CLASSIFY]

    session.dismissed_notes["customer_impact"] = ["minimising:just"]
    session.went_wrong[0].dismissed_notes = ["hindsight:obviously"]
    assert completeness(session, coach) == []


def test_key_learnings_get_the_learning_checks() -> None:
    session = ready()
    session.key_learnings[0].text = "We added a timeout."
    session.went_right[0].text = "We added a timeout."
    assert completeness(session, default_coach()) == [
        Finding(Phase.KEY_LEARNINGS, "1 key learning still has a language note to look at.", "l1")
    ]
