"""A realistic debrief for PDF tests: a long timeline, learnings, factors in several categories, actions."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

from PIL import Image, ImageDraw

from facilitation.model import (
    Action,
    ContributingFactor,
    EntryImage,
    KeyLearning,
    Metadata,
    Participant,
    Session,
    TimelineEntry,
    WebLink,
    WentRight,
    WentWrong,
)
from facilitation.settings import default_settings
from tests.factories import CPH

_MOMENTS = [
    ("deploy bot", "Config change #8812 merged and pushed to all regions at once", "decision-log", "event"),
    ("Grafana", "Login error rate climbs from 0.2% to 4% in eu-west", "metric", "event"),
    ("PagerDuty", "Alert 'auth-login-errors > 2%' fires and pages on-call", "alert", "event"),
    (
        "Βασίλης",
        "Acknowledges the page from the train; opens the auth dashboard on the phone",
        "firsthand",
        "action",
    ),
    (
        "Βασίλης",
        "Sees errors only in eu-west and suspects the regional load balancer",
        "firsthand",
        "observation",
    ),
    ("Ирина", "Joins the incident channel and takes the incident commander role", "chat", "action"),
    ("Ирина", "Decides to page the identity team rather than wait for more data", "firsthand", "decision"),
    ("Grafana", "Error rate reaches 38% across all regions", "metric", "event"),
    (
        "Mia Chen",
        "Notices the config push in the deploy log and links it in the channel",
        "chat",
        "observation",
    ),
    ("Ирина", "Decides to roll back the config rather than patch forward", "decision-log", "decision"),
    ("Βασίλης", "Rollback runbook points at auth-cfg-02, which was retired in January", "firsthand", "event"),
    ("Mia Chen", "Finds the current host name in the inventory and shares it", "chat", "action"),
    ("deploy bot", "Rollback of #8812 starts", "decision-log", "event"),
    ("Grafana", "Error rate falls below 1% in all regions", "metric", "event"),
    ("Ирина", "Declares the incident mitigated and asks the group to keep watching", "chat", "decision"),
]


def graph_png(width: int = 900, height: int = 300) -> bytes:
    """A PNG that looks like a metric graph: axes and a spike."""
    picture = Image.new("RGB", (width, height), "white")
    pen = ImageDraw.Draw(picture)
    pen.line([(40, 20), (40, height - 30), (width - 20, height - 30)], fill="#555555", width=2)
    points = []
    for x in range(40, width - 20, 10):
        spike = 180 if width * 0.45 < x < width * 0.7 else 0
        points.append((x, height - 40 - spike - (x * 7) % 23))
    pen.line(points, fill="#c0392b", width=3)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def realistic_session(entries: int = 40) -> Session:
    """A debrief as a team leaves it: ``entries`` timeline entries past midnight, learnings, actions."""
    start = datetime(2026, 3, 2, 23, 10, tzinfo=CPH)
    timeline = []
    for number in range(1, entries + 1):
        actor, text, source, kind = _MOMENTS[(number - 1) % len(_MOMENTS)]
        entry = TimelineEntry(
            key=f"t{number}",
            at=start + timedelta(minutes=3 * number),
            approximate=number % 7 == 3,
            actor=actor,
            text=text,
            source=source,
            kind=kind,
            starred=number in (1, 7, 10, 15),
        )
        if number == 2:
            entry.web_links = [
                WebLink(
                    "https://grafana.example/d/auth-errors?from=now-6h&to=now", "dashboard", "Auth errors"
                ),
                WebLink("https://chat.example/archives/C024/p1709417400", "chat"),
            ]
            entry.image = EntryImage(graph_png())
        if number == 11:
            entry.web_links = [
                WebLink("https://wiki.example/runbooks/auth-rollback", "runbook", "Rollback runbook")
            ]
        timeline.append(entry)
    return Session(
        reference="INC-2031",
        title="Logins failed in every region after a config push",
        severity="Sev-2",
        system="Auth Service",
        trigger="Configuration change",
        summary=(
            "For 47 minutes around midnight, about a third of login attempts failed in every region. "
            "A configuration change meant for one region was pushed to all of them at once. The on-call "
            "engineer was paged early, but the rollback runbook named a host that no longer exists, and "
            "finding the right one took twelve minutes.\n\n"
            "Nobody lost data. Customers who were logged in stayed logged in."
        ),
        time_zone="Europe/Copenhagen",
        started_at=start,
        detected_at=start + timedelta(minutes=9),
        mitigated_at=start + timedelta(minutes=47),
        resolved_at=start + timedelta(hours=2, minutes=5),
        facilitator="Ana Sørensen",
        participants=[
            Participant("Ana Sørensen", "facilitator"),
            Participant("Βασίλης", "on-call engineer"),
            Participant("Ирина", "incident commander"),
            Participant("Mia Chen", "identity team"),
        ],
        tags=["auth", "config", "runbooks", "night"],
        metadata=Metadata(regression=False, third_party="", customer_impact="A third of logins failed"),
        timeline=timeline,
        went_right=[
            WentRight(
                key="r1", text="The login-error alert paged within two minutes of the push", repeat=True
            ),
            WentRight(key="r2", text="The incident commander called in the identity team early"),
            WentRight(key="r3", text="The deploy log made the config push easy to find", repeat=True),
        ],
        went_wrong=[
            WentWrong(key="w1", text="The rollback runbook named a host retired in January"),
            WentWrong(key="w2", text="The on-call engineer had been paged three times earlier that night"),
            WentWrong(key="w3", text="Config pushes reach every region at once, with no canary stage"),
        ],
        contributing_factors=[
            ContributingFactor(
                key="f1", text="Config pushes skip the canary stage", category="technical", links=["t1", "w3"]
            ),
            ContributingFactor(
                key="f2",
                text="Runbooks are not reviewed when hosts are retired",
                category="process",
                links=["t11", "w1"],
            ),
            ContributingFactor(
                key="f3",
                text="Night pages pile up on one person with no hand-over",
                category="people",
                links=["t4", "w2"],
            ),
            ContributingFactor(
                key="f4",
                text="The identity team owns auth but not its config pipeline",
                category="organisational",
            ),
        ],
        key_learnings=[
            KeyLearning(
                key="l1", text="A config push reaches every region at once: there is no canary for config."
            ),
            KeyLearning(
                key="l2", text="Runbooks drift from the hosts they describe when nobody owns the link."
            ),
            KeyLearning(key="l3", text="Early paging of a second team shortened the diagnosis considerably."),
            KeyLearning(key="l4", text="Repeated night pages leave one engineer carrying the load alone."),
        ],
        actions=[
            Action(
                key="a1",
                text="Route config pushes through the canary stage",
                owner="Mia Chen",
                due=date(2026, 4, 1),
                status="in-progress",
                serves=["f1", "l1"],
            ),
            Action(
                key="a2",
                text="Check runbook hosts against the inventory every quarter",
                owner="Βασίλης",
                due=date(2026, 4, 15),
                status="open",
                serves=["l2", "f2"],
            ),
            Action(
                key="a3",
                text="Hand over after the third night page",
                owner="Ирина",
                status="done",
                serves=["l4"],
            ),
        ],
        ground_rules=default_settings().policy,
        status="reviewed",
    )
