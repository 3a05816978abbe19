"""The debrief session as plain data: a session and every kind of item it holds."""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar, NamedTuple

from facilitation.phases import Phase

SOURCES = ("firsthand", "chat", "metric", "alert", "decision-log", "other")
KINDS = ("event", "decision", "observation", "action")
FACTOR_CATEGORIES = ("technical", "process", "organisational", "people", "external")
SOURCE_LABELS = {
    "firsthand": "Firsthand account",
    "chat": "Chat",
    "metric": "System metric",
    "alert": "Alert",
    "decision-log": "Decision log",
    "other": "Other",
}
"""Each timeline source (``SOURCES``) as people read it, in the app and in exports."""
CATEGORY_LABELS = {
    "technical": "Technical",
    "process": "Process",
    "organisational": "Organisational",
    "people": "People conditions",
    "external": "External",
}
"""Each contributing-factor category (``FACTOR_CATEGORIES``) as people read it."""
ACTION_STATUSES = ("open", "in-progress", "done", "dropped")
SESSION_STATUSES = ("draft", "in-review", "reviewed", "published")
WEB_LINK_KINDS = ("chat", "dashboard", "ticket", "runbook", "other")
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
HAND_COUNT_KINDS = ("ready", "learned")
"""What a show of hands asked: "ready to move on?", or "who learned something new today?"."""
COACHED_SESSION_FIELDS = ("title", "summary", "trigger", "customer_impact")
"""The session's own text fields the language coach reads, named as ``Session.dismissed_notes`` keys them."""


@dataclass
class Item:
    """Something captured in a session, known by a key unique within it.

    Attributes:
        key: The interchange id (``t1``, ``w3`` …); empty until stored.
        text: What was said or written.
        private: Kept off the shared screen and out of public exports.
        dismissed_notes: The language coach's notes on ``text`` that the facilitator
            dismissed ("keep as written"), by note key (``minimising:just``,
            ``counterfactual:should have``), in the order dismissed. The coach stays
            quiet about these for this item.
    """

    key_prefix: ClassVar[str] = "i"

    key: str = ""
    text: str = ""
    private: bool = False
    dismissed_notes: list[str] = field(default_factory=list)


@dataclass
class Participant:
    """A person in the debrief and the role they held.

    Attributes:
        name: As the group calls them.
        role: What they did during the incident or in the meeting.
        private: Kept off the shared screen and out of public exports.
    """

    name: str = ""
    role: str = ""
    private: bool = False


@dataclass
class WebLink:
    """A link an entry points to: a chat message, a dashboard, a ticket, a runbook.

    Attributes:
        url: Where it points; kept as typed, never opened by Takeaways itself.
        kind: One of ``WEB_LINK_KINDS``.
        label: A few words for people to read instead of the address.
    """

    url: str
    kind: str = "other"
    label: str = ""


@dataclass
class EntryImage:
    """A picture on an entry, such as a graph of the metric.

    Attributes:
        data: The image file's bytes.
        mime: One of ``IMAGE_TYPES``.
    """

    data: bytes
    mime: str = "image/png"


@dataclass
class ChatDetails:
    """Where an imported chat message was said, kept with its timeline entry.

    Attributes:
        channel: The channel (``#incident-auth``), or "".
        thread: For a thread reply, a reference to its parent
            (``reply to Ana 14:02: "first words…"``), or "".
        bot: Written by a bot or an integration.
        edited: Changed after it was first sent.
    """

    channel: str = ""
    thread: str = ""
    bot: bool = False
    edited: bool = False

    def where(self) -> str:
        """The channel and marks in a few words, as exports show them: ``#incident-auth · bot``."""
        return " · ".join(
            part
            for part in (self.channel, "bot" if self.bot else "", "edited" if self.edited else "")
            if part
        )


@dataclass
class TimelineEntry(Item):
    """One moment of the incident, from one perspective.

    Attributes:
        at: When it happened, time-zone aware; None when unknown.
        approximate: The time is a rough one.
        actor: Who or what acted.
        source: Where this account comes from (one of ``SOURCES``) or None.
        kind: One of ``KINDS``.
        starred: Marked as a key moment.
        web_links: Links to where this moment can be seen.
        image: A picture of it, such as a metric graph.
        chat: For an imported chat message, its channel, thread, bot and edit details.
    """

    key_prefix: ClassVar[str] = "t"

    at: datetime | None = None
    approximate: bool = False
    actor: str = ""
    source: str | None = None
    kind: str = "event"
    starred: bool = False
    web_links: list[WebLink] = field(default_factory=list)
    image: EntryImage | None = None
    chat: ChatDetails | None = None


@dataclass
class WentRight(Item):
    """Something that helped: an early alert, a fallback that held.

    Attributes:
        repeat: Marked "repeat / automate this".
    """

    key_prefix: ClassVar[str] = "r"

    repeat: bool = False


@dataclass
class WentWrong(Item):
    """Something that hurt, technical or not."""

    key_prefix: ClassVar[str] = "w"


@dataclass
class ContributingFactor(Item):
    """One of the many conditions that made the incident possible.

    Attributes:
        category: One of ``FACTOR_CATEGORIES`` or None.
        links: Keys of the timeline entries and went-wrong items behind it.
    """

    key_prefix: ClassVar[str] = "f"

    category: str | None = None
    links: list[str] = field(default_factory=list)


@dataclass
class KeyLearning(Item):
    """A learning written for people who weren't there."""

    key_prefix: ClassVar[str] = "l"


@dataclass
class Action(Item):
    """A fix, kept apart from the learnings.

    Attributes:
        owner: Who carries it.
        due: The day it is due, or None.
        status: One of ``ACTION_STATUSES``.
        serves: Keys of the learnings or factors it serves.
    """

    key_prefix: ClassVar[str] = "a"

    owner: str = ""
    due: date | None = None
    status: str = "open"
    serves: list[str] = field(default_factory=list)


@dataclass
class ParkingLotItem(Item):
    """A fix idea raised early and held for the Actions phase."""

    key_prefix: ClassVar[str] = "p"


@dataclass
class Metadata:
    """Classification details beyond severity, system and trigger.

    Attributes:
        regression: Whether a change brought back an old problem; None if unknown.
        third_party: The third-party dependency involved, if any.
        customer_impact: What customers experienced.
    """

    regression: bool | None = None
    third_party: str = ""
    customer_impact: str = ""


@dataclass
class AskedQuestion:
    """A question the facilitator put to the room, as the shared screen shows it.

    Attributes:
        text: The question.
        asked_at: When it was asked.
        phase: The phase's name (``timeline``) it was asked in.
        prompt_id: The prompt card it came from; empty for the facilitator's own words.
    """

    text: str
    asked_at: datetime
    phase: str
    prompt_id: str = ""


@dataclass
class StatusChange:
    """A step in a session's life: draft, in review, reviewed, published.

    Attributes:
        status: One of ``SESSION_STATUSES``.
        changed_at: When.
        changed_by: Who (the computer account at the keyboard), "" when unknown.
    """

    status: str
    changed_at: datetime
    changed_by: str = ""


@dataclass
class MoveOnSignal:
    """A gentle "enough, let's move on", given when a discussion looped.

    Attributes:
        at: When it was given.
        phase: The phase's name it was given in.
    """

    at: datetime
    phase: str


@dataclass
class HandCount:
    """A show of hands the facilitator counted and typed in; nobody is named.

    Attributes:
        kind: One of ``HAND_COUNT_KINDS``: ``ready`` (a ready check before moving on)
            or ``learned`` (the closing "who learned something new today?").
        phase: The phase's name (``timeline``) it was taken in.
        hands: How many hands went up, 0 or more.
        present: How many people were asked (at least ``hands``); None when not counted.
        at: When it was taken.
    """

    kind: str
    phase: str
    hands: int
    present: int | None
    at: datetime


ITEM_LISTS: dict[str, type[Item]] = {
    "timeline": TimelineEntry,
    "went_right": WentRight,
    "went_wrong": WentWrong,
    "contributing_factors": ContributingFactor,
    "key_learnings": KeyLearning,
    "actions": Action,
    "parking_lot": ParkingLotItem,
}
"""Every list of items in a session, by its attribute name, in phase order."""


@dataclass
class Session:
    """A debrief: the incident, what was said about it, and its classification.

    Text fields use the empty string for "absent". Times are time-zone aware.

    Attributes:
        id: Given by the library; None until stored.
        reference: The organisation's own label (``#1421``); need not be unique.
        title: One line naming the incident.
        time_zone: IANA name of the zone the incident is told in.
        ground_rules: The blameless policy the debrief was held under.
        asked_questions: Every question asked, in order; the last is the current one.
        move_on_signals: Each "let's move on" given.
        hand_counts: Each show of hands counted (ready checks, "learned something new"), in order.
        timebox: The meeting plan and time spent, as ``TimeboxState.to_dict()`` writes it.
        current_phase: The phase's name the meeting is in (``prepare`` … ``review``).
        status_history: Every status the session has had, oldest first.
        follows: The id of the session this one is a follow-up review of.
        dismissed_notes: The language coach's notes the facilitator dismissed on the
            session's own text, by field name (one of ``COACHED_SESSION_FIELDS``:
            ``title``, ``summary``, ``trigger``, ``customer_impact``) to note keys, as
            ``Item.dismissed_notes`` holds them; a field without dismissals may be absent.
    """

    title: str = ""
    id: int | None = None
    reference: str = ""
    summary: str = ""
    severity: str = ""
    system: str = ""
    trigger: str = ""
    time_zone: str = ""
    started_at: datetime | None = None
    detected_at: datetime | None = None
    mitigated_at: datetime | None = None
    resolved_at: datetime | None = None
    facilitator: str = ""
    participants: list[Participant] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    timeline: list[TimelineEntry] = field(default_factory=list)
    went_right: list[WentRight] = field(default_factory=list)
    went_wrong: list[WentWrong] = field(default_factory=list)
    contributing_factors: list[ContributingFactor] = field(default_factory=list)
    key_learnings: list[KeyLearning] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    parking_lot: list[ParkingLotItem] = field(default_factory=list)
    private_notes: str = ""
    ground_rules: str = ""
    status: str = "draft"
    asked_questions: list[AskedQuestion] = field(default_factory=list)
    move_on_signals: list[MoveOnSignal] = field(default_factory=list)
    hand_counts: list[HandCount] = field(default_factory=list)
    timebox: dict[str, Any] = field(default_factory=dict)
    current_phase: str = "prepare"
    status_history: list[StatusChange] = field(default_factory=list)
    follows: int | None = None
    dismissed_notes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def current_question(self) -> AskedQuestion | None:
        """The question asked last, which the shared screen shows."""
        return self.asked_questions[-1] if self.asked_questions else None

    def items(self) -> list[Item]:
        """Every item of the session, list by list in phase order."""
        found: list[Item] = []
        for name in ITEM_LISTS:
            found.extend(getattr(self, name))
        return found

    def assign_missing_keys(self) -> None:
        """Give every item without a key the next free one for its kind."""
        taken = {item.key for item in self.items() if item.key}
        for item in self.items():
            if not item.key:
                item.key = next_free_key(type(item).key_prefix, taken)
                taken.add(item.key)


def hand_counts_line(counts: list[HandCount]) -> str:
    """The shows of hands in one line, as Review and the postmortem show them; empty when none.

    ``Ready checks: Timeline 6 of 7 · Actions 7 of 7; learned something new today: 5 of 7``.
    A count taken without counting the room reads ``5 hands``.

    Args:
        counts: The session's hand counts, in the order taken.
    """

    def tally(count: HandCount) -> str:
        if count.present is not None:
            return f"{count.hands} of {count.present}"
        return f"{count.hands} hand" if count.hands == 1 else f"{count.hands} hands"

    def phase_label(key: str) -> str:
        try:
            return Phase.from_key(key).label
        except ValueError:
            return key

    ready = [f"{phase_label(c.phase)} {tally(c)}" for c in counts if c.kind == "ready"]
    learned = [tally(c) for c in counts if c.kind == "learned"]
    parts = [f"Ready checks: {' · '.join(ready)}"] if ready else []
    if learned:
        lead = "learned" if ready else "Learned"
        parts.append(f"{lead} something new today: {' · '.join(learned)}")
    return "; ".join(parts)


UNTITLED = "Untitled debrief"
"""The title of a session until the facilitator gives it one; a title is never empty."""


def follow_up_of(first: Session, policy: str) -> Session:
    """A follow-up review of ``first``: a calmer session that starts from its learnings and actions.

    The copied items keep the coach notes dismissed on them, as their text is unchanged;
    the dismissals on the session's own fields do not carry over, so the follow-up's
    title, summary, trigger and impact are coached afresh.

    Args:
        first: The stored session being followed up.
        policy: The organisation's blameless policy now.
    """
    copied: Session = copy.deepcopy(first)
    learning_keys = {learning.key for learning in copied.key_learnings}  # factors stay behind
    return Session(
        title=f"Follow-up: {first.title}",
        reference=first.reference,
        time_zone=first.time_zone,
        started_at=first.started_at,
        detected_at=first.detected_at,
        mitigated_at=first.mitigated_at,
        resolved_at=first.resolved_at,
        system=first.system,
        trigger=first.trigger,
        severity=first.severity,
        tags=copied.tags,
        participants=copied.participants,
        facilitator=first.facilitator,
        key_learnings=copied.key_learnings,
        actions=[
            dataclasses.replace(a, serves=[k for k in a.serves if k in learning_keys]) for a in copied.actions
        ],
        parking_lot=copied.parking_lot,
        ground_rules=policy,
        current_phase="actions",
        follows=first.id,
    )


def new_session(time_zone: str, policy: str) -> Session:
    """A session as a facilitator starts one: untitled, in their zone, under the current policy.

    Args:
        time_zone: IANA name of the facilitator's zone.
        policy: The organisation's blameless policy; the session keeps this copy.
    """
    return Session(title=UNTITLED, time_zone=time_zone, ground_rules=policy)


def next_free_key(prefix: str, taken: set[str], start: int = 1) -> str:
    """The first ``prefix`` + number not in ``taken`` (``t1``, ``t2`` …).

    Args:
        prefix: The item kind's letter.
        taken: Keys already used in the session.
        start: The number to count from, when every one below it is known to be taken.
    """
    number = max(start, 1)
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def item_fields(item_type: type[Item]) -> list[str]:
    """Names of an item kind's own fields, in declaration order."""
    return [f.name for f in dataclasses.fields(item_type)]


class SessionSummary(NamedTuple):
    """One line of the library: enough to list and pick a session.

    A named tuple: the library view builds 10,000 of these at start-up.

    Attributes:
        start_day: The day the incident started, in its own zone, ``YYYY-MM-DD``.
    """

    id: int
    reference: str
    title: str
    severity: str
    status: str
    start_day: str
