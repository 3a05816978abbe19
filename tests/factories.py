"""Sessions for tests: one with every field and link filled in; a new library holding some."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from facilitation.model import (
    Action,
    AskedQuestion,
    ChatDetails,
    ContributingFactor,
    EntryImage,
    HandCount,
    KeyLearning,
    Metadata,
    MoveOnSignal,
    ParkingLotItem,
    Participant,
    Session,
    StatusChange,
    TimelineEntry,
    WebLink,
    WentRight,
    WentWrong,
)
from storage.library import open_library

CPH = ZoneInfo("Europe/Copenhagen")


def library_with(path: Path, *sessions: Session) -> Path:
    """A new library at ``path`` holding ``sessions``, closed again; returns ``path``."""
    with open_library(path, create=True) as library:
        for session in sessions:
            library.sessions.create(session)
    return path


# The smallest valid PNG: one transparent pixel.
PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def full_session() -> Session:
    """A session using every field, every item kind and every kind of link.

    Since schema version 4 it carries dismissed coach notes on some items and session fields;
    since version 5, a ready check and a "learned something new" show of hands; since version 6, the
    chat details of an entry imported from a chat (its channel, thread, bot and edited marks).
    """
    return Session(
        reference="#1421",
        title="Auth service outage after config push",
        severity="Sev-1",
        system="Auth Service",
        trigger="Configuration change",
        summary="Logins were refused for 40 minutes after a configuration push.",
        time_zone="Europe/Copenhagen",
        started_at=datetime(2026, 3, 2, 14, 0, tzinfo=CPH),
        detected_at=datetime(2026, 3, 2, 14, 4, tzinfo=CPH),
        mitigated_at=datetime(2026, 3, 2, 14, 31, tzinfo=CPH),
        resolved_at=datetime(2026, 3, 2, 15, 10, tzinfo=CPH),
        facilitator="Ana Sørensen",
        participants=[
            Participant("Ana Sørensen", "facilitator"),
            Participant("Βασίλης", "on-call engineer"),
            Participant("Ирина", "incident commander", private=True),
        ],
        tags=["auth", "config", "Peak hours"],
        metadata=Metadata(regression=True, third_party="", customer_impact="Logins refused"),
        timeline=[
            TimelineEntry(
                key="t1",
                at=datetime(2026, 3, 2, 14, 2, tzinfo=CPH),
                actor="deploy bot",
                text="Config pushed to all regions",
                source="alert",
                kind="event",
                web_links=[
                    WebLink("https://chat.example/archives/C1/p1", "chat", "the push announcement"),
                    WebLink("https://grafana.example/d/auth", "dashboard"),
                ],
                image=EntryImage(PIXEL_PNG),
                chat=ChatDetails(
                    channel="#incident-auth",
                    thread='reply to Βασίλης 14:01: "pushing the <b>auth</b> config now…"',
                    bot=True,
                    edited=True,
                ),
            ),
            TimelineEntry(
                key="t2",
                at=datetime(2026, 3, 2, 14, 4, tzinfo=CPH),
                approximate=True,
                actor="Βασίλης",
                text="Paged: login errors < 5% & rising <b>",
                source="firsthand",
                kind="decision",
                starred=True,
                dismissed_notes=["minimising:just"],
            ),
            TimelineEntry(
                key="t3",
                text="Someone mentioned a similar outage last year",
                kind="observation",
                private=True,
            ),
        ],
        went_right=[WentRight(key="r1", text="The login alert fired within two minutes", repeat=True)],
        went_wrong=[
            WentWrong(
                key="w1",
                text="The rollback runbook named a retired host",
                dismissed_notes=["counterfactual:should have", "absolute:никогда"],
            )
        ],
        contributing_factors=[
            ContributingFactor(
                key="f1", text="Config pushes skip the canary stage", category="process", links=["t1", "w1"]
            ),
            ContributingFactor(
                key="f2", text="On-call had been paged four times that night", category="people", links=["t2"]
            ),
        ],
        key_learnings=[
            KeyLearning(key="l1", text="A config push reaches every region at once, with no canary."),
            KeyLearning(
                key="l2",
                text="Runbooks drift from the hosts they describe.",
                dismissed_notes=["hindsight:drift"],
            ),
            KeyLearning(key="l3", text="Night pages pile up unseen.", private=True),
        ],
        actions=[
            Action(
                key="a1",
                text="Route config pushes through the canary",
                owner="Βασίλης",
                due=date(2026, 4, 1),
                status="in-progress",
                serves=["f1", "l1"],
            ),
            Action(
                key="a2",
                text="Review runbook hosts quarterly",
                status="open",
                serves=["l2"],
                dismissed_notes=["vague:review"],
            ),
        ],
        parking_lot=[
            ParkingLotItem(
                key="p1", text="Add a lint for host names in runbooks", dismissed_notes=["solution:lint"]
            )
        ],
        private_notes="Irina was quiet; check in with her afterwards.",
        ground_rules="We learn, we do not blame.",
        status="in-review",
        asked_questions=[
            AskedQuestion(
                "What told us something was wrong?", datetime(2026, 3, 9, 10, 5, tzinfo=CPH), "timeline"
            ),
            AskedQuestion(
                "What were you seeing when you decided to roll back?",
                datetime(2026, 3, 9, 10, 21, tzinfo=CPH),
                "timeline",
                "timeline.repair.1",
            ),
        ],
        move_on_signals=[MoveOnSignal(datetime(2026, 3, 9, 10, 30, tzinfo=CPH), "timeline")],
        hand_counts=[
            HandCount("ready", "timeline", 6, 7, datetime(2026, 3, 9, 10, 44, tzinfo=CPH)),
            HandCount("learned", "review", 5, None, datetime(2026, 3, 9, 11, 2, tzinfo=CPH)),
        ],
        timebox={"plan": {"timeline": 40}, "extensions": {"timeline": 5}, "spent": {"timeline": 1260.5}},
        current_phase="went_right",
        dismissed_notes={"summary": ["minimising:just"], "customer_impact": ["counterfactual:could have"]},
        status_history=[
            StatusChange("draft", datetime(2026, 3, 9, 9, 0, tzinfo=CPH), "ana"),
            StatusChange("in-review", datetime(2026, 3, 10, 16, 30, tzinfo=CPH), "ana"),
        ],
    )
