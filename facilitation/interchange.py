"""The session interchange format (JSON, version 1): reading it strictly, writing it fully."""

from __future__ import annotations

import base64
import binascii
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from facilitation.messages import echo
from facilitation.model import (
    ACTION_STATUSES,
    COACHED_SESSION_FIELDS,
    FACTOR_CATEGORIES,
    HAND_COUNT_KINDS,
    IMAGE_TYPES,
    KINDS,
    SESSION_STATUSES,
    SOURCES,
    WEB_LINK_KINDS,
    Action,
    AskedQuestion,
    ChatDetails,
    ContributingFactor,
    EntryImage,
    HandCount,
    Item,
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
from facilitation.phases import Phase
from facilitation.settings import normalise_severity
from facilitation.timebox import TimeboxState
from facilitation.times import zone_named

FORMAT_NAME = "takeaways-session"
FORMAT_VERSION = 1

_SESSION_KEYS = {
    "format",
    "version",
    "reference",
    "title",
    "severity",
    "system",
    "trigger",
    "summary",
    "time_zone",
    "started_at",
    "detected_at",
    "mitigated_at",
    "resolved_at",
    "facilitator",
    "participants",
    "tags",
    "metadata",
    "timeline",
    "went_right",
    "went_wrong",
    "contributing_factors",
    "key_learnings",
    "actions",
    "parking_lot",
    "private_notes",
    "status",
    "ground_rules",
    "asked_questions",
    "move_on_signals",
    "hand_counts",
    "timebox",
    "current_phase",
    "status_history",
    "follows",
    "dismissed_notes",
}
MAX_IMAGE_BYTES = 20 * 1024 * 1024
_TIME_KEYS = ("started_at", "detected_at", "mitigated_at", "resolved_at")
_TEXT_KEYS = ("reference", "system", "trigger", "summary", "facilitator", "private_notes", "ground_rules")


class InterchangeError(ValueError):
    """The file is not a session this version can read; the message says where and why."""


@dataclass
class ReadResult:
    """A session read from interchange data, and what was passed over on the way.

    Attributes:
        session: The session, with every item keyed.
        notices: One sentence per kind of thing ignored (unknown keys).
        follows_reference: The reference of the session this one follows up ("" if none);
            the library that imports it links the two when the reference names one session.
    """

    session: Session
    notices: list[str] = field(default_factory=list)
    follows_reference: str = ""


def loads(text: str, severity_scale: list[str]) -> ReadResult:
    """Read a session from interchange JSON text.

    Args:
        text: The whole file.
        severity_scale: Level names a severity must match (common spellings accepted).

    Raises:
        InterchangeError: The text is not JSON or not a valid session.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            f"it is not valid JSON: {exc.msg.lower()} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise InterchangeError("it nests lists or objects too deeply to read") from None
    except ValueError:
        # Python refuses integers of more than 4,300 digits (a guard against slow parsing).
        raise InterchangeError("it holds a number with more digits than Takeaways reads") from None
    return session_from_dict(data, severity_scale)


def dumps(session: Session, follows_reference: str = "") -> str:
    """The session as interchange JSON text, ending with a newline."""
    return json.dumps(session_to_dict(session, follows_reference), ensure_ascii=False, indent=2) + "\n"


# -- reading ---------------------------------------------------------------

_T = TypeVar("_T")


class _Reader:
    """Reads one JSON value into typed fields, naming the place of anything wrong."""

    def __init__(self, data: dict[str, Any], where: str, unknown: Counter[str]) -> None:
        self.data = data
        self.where = where
        self.unknown = unknown

    def fail(self, key: str, problem: str) -> InterchangeError:
        place = f"{self.where}, field '{key}'" if self.where else f"field '{key}'"
        return InterchangeError(f"{place} {problem}")

    def note_unknown(self, known: Iterable[str], kind: str) -> None:
        for key in self.data:
            if key not in known:
                self.unknown[f"'{echo(key)}' in {kind}"] += 1

    def raw(self, key: str) -> Any:
        value = self.data.get(key)
        return None if value == "" else value

    def text(self, key: str) -> str:
        value = self.raw(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.fail(key, f"should be text, not {_describe(value)}")
        return self.whole(key, value)

    def whole(self, key: str, value: str) -> str:
        """``value`` if every character in it can be stored and written out again."""
        if _has_lone_surrogate(value):
            raise self.fail(
                key,
                f"contains a broken character (a lone UTF-16 surrogate) in '{echo(value)}'; "
                "fix or remove it in the file",
            )
        return value

    def flag(self, key: str) -> bool:
        value = self.raw(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self.fail(key, f"should be true or false, not {_describe(value)}")
        return value

    def optional_flag(self, key: str) -> bool | None:
        return None if self.raw(key) is None else self.flag(key)

    def choice(self, key: str, allowed: tuple[str, ...], default: str | None) -> str | None:
        value = self.text(key)
        if not value:
            return default
        if value not in allowed:
            raise self.fail(key, f"is '{echo(value)}'; it must be one of {', '.join(allowed)}")
        return value

    def time(self, key: str, zone: ZoneInfo | None) -> datetime | None:
        value = self.text(key)
        if not value:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise self.fail(
                key, f"is '{echo(value)}', which is not an ISO 8601 time like 2026-03-02T14:00:00+01:00"
            ) from None
        if moment.tzinfo is None:
            if zone is None:
                raise self.fail(
                    key,
                    f"is '{echo(value)}' with no UTC offset and the session names no "
                    "time_zone; add an offset such as +01:00",
                )
            moment = moment.replace(tzinfo=zone)
        return moment

    def day(self, key: str) -> date | None:
        value = self.text(key)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.fail(key, f"is '{echo(value)}', which is not a date like 2026-04-01") from None

    def strings(self, key: str) -> list[str]:
        value = self.raw(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f"should be a list of text, not {_describe(value)}")
        return [self.whole(key, v) for v in value if v]

    def objects(
        self, key: str, read: Callable[[_Reader], _T], label: str, allow_text: bool = False
    ) -> list[_T]:
        value = self.raw(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(key, f"should be a list, not {_describe(value)}")
        found = []
        for number, element in enumerate(value, start=1):
            if allow_text and isinstance(element, str):
                element = {"text": element}
            if not isinstance(element, dict):
                raise self.fail(
                    key, f"has {_describe(element)} as item {number}; each item should be an object"
                )
            where = f"{label} {number}"
            item_id = element.get("id")
            if isinstance(item_id, str) and item_id:
                where += f" (id {echo(item_id)})"
            found.append(read(_Reader(element, where, self.unknown)))
        return found


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {echo(repr(value))}"
    if isinstance(value, str):
        return f"the text '{echo(value)}'"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _item_base(reader: _Reader, item: Item, known: set[str], kind: str) -> None:
    raw_id = reader.raw("id")
    if raw_id is not None and not isinstance(raw_id, str):
        raise reader.fail("id", f"should be text, not {_describe(raw_id)}")
    item.key = reader.whole("id", raw_id) if raw_id else ""
    item.text = reader.text("text")
    item.private = reader.flag("private")
    item.dismissed_notes = _unique(reader.strings("dismissed_notes"))
    reader.note_unknown(known | {"id", "text", "private", "dismissed_notes"}, kind)


def _read_participant(reader: _Reader) -> Participant:
    reader.note_unknown({"name", "role", "private"}, "participants")
    name = reader.text("name")
    if not name:
        raise reader.fail("name", "is missing; every participant needs a name")
    return Participant(name=name, role=reader.text("role"), private=reader.flag("private"))


def _session_from(data: dict[str, Any], severity_scale: list[str]) -> ReadResult:
    unknown: Counter[str] = Counter()
    top = _Reader(data, "", unknown)
    top.note_unknown(_SESSION_KEYS, "the session")

    if data.get("format") != FORMAT_NAME:
        raise top.fail("format", f"should be '{FORMAT_NAME}', not {_describe(data.get('format'))}")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise top.fail("version", f"should be the number {FORMAT_VERSION}, not {_describe(version)}")
    if version > FORMAT_VERSION:
        raise InterchangeError(
            f"it is version {version} of the format, written by a newer Takeaways; "
            f"this one reads version {FORMAT_VERSION}"
        )
    title = top.text("title")
    if not title:
        raise top.fail("title", "is missing; a session needs a title")

    zone_name = top.text("time_zone")
    zone = zone_named(zone_name)
    if zone_name and zone is None:
        raise top.fail(
            "time_zone", f"is '{echo(zone_name)}', which is not an IANA time zone like Europe/Copenhagen"
        )

    severity = top.text("severity")
    if severity:
        named = normalise_severity(severity, severity_scale)
        if named is None:
            raise top.fail(
                "severity",
                f"is '{echo(severity)}', which is not on this library's scale ({', '.join(severity_scale)})",
            )
        severity = named

    session = Session(title=title, severity=severity, time_zone=zone_name)
    for key in _TEXT_KEYS:
        setattr(session, key, top.text(key))
    for key in _TIME_KEYS:
        setattr(session, key, top.time(key, zone))
    session.status = top.choice("status", SESSION_STATUSES, "draft") or "draft"
    session.participants = top.objects("participants", _read_participant, "participant")
    session.tags = _unique_ignoring_case(top.strings("tags"))
    session.metadata = _read_metadata(top)

    def entry(r: _Reader) -> TimelineEntry:
        item = TimelineEntry(
            at=r.time("at", zone),
            approximate=r.flag("approximate"),
            actor=r.text("actor"),
            source=r.choice("source", SOURCES, None),
            kind=r.choice("kind", KINDS, "event") or "event",
            starred=r.flag("starred"),
            web_links=r.objects("web_links", _read_web_link, f"{r.where}, web link"),
            image=_read_image(r),
            chat=_read_chat(r),
        )
        known = {"at", "approximate", "actor", "source", "kind", "starred", "web_links", "image", "chat"}
        _item_base(r, item, known, "timeline")
        return item

    def right(r: _Reader) -> WentRight:
        item = WentRight(repeat=r.flag("repeat"))
        _item_base(r, item, {"repeat"}, "went_right")
        return item

    def wrong(r: _Reader) -> WentWrong:
        item = WentWrong()
        _item_base(r, item, set(), "went_wrong")
        return item

    def factor(r: _Reader) -> ContributingFactor:
        item = ContributingFactor(
            category=r.choice("category", FACTOR_CATEGORIES, None), links=_unique(r.strings("links"))
        )
        _item_base(r, item, {"category", "links"}, "contributing_factors")
        return item

    def learning(r: _Reader) -> KeyLearning:
        item = KeyLearning()
        _item_base(r, item, set(), "key_learnings")
        return item

    def action(r: _Reader) -> Action:
        item = Action(
            owner=r.text("owner"),
            due=r.day("due"),
            status=r.choice("status", ACTION_STATUSES, "open") or "open",
            serves=_unique(r.strings("serves")),
        )
        _item_base(r, item, {"owner", "due", "status", "serves"}, "actions")
        return item

    def parked(r: _Reader) -> ParkingLotItem:
        item = ParkingLotItem()
        _item_base(r, item, set(), "parking_lot")
        return item

    session.timeline = top.objects("timeline", entry, "timeline entry")
    session.went_right = top.objects("went_right", right, "went-right item")
    session.went_wrong = top.objects("went_wrong", wrong, "went-wrong item")
    session.contributing_factors = top.objects("contributing_factors", factor, "contributing factor")
    session.key_learnings = top.objects("key_learnings", learning, "key learning", allow_text=True)
    session.actions = top.objects("actions", action, "action")
    session.parking_lot = top.objects("parking_lot", parked, "parking-lot item")

    session.asked_questions = top.objects(
        "asked_questions", lambda r: _read_question(r, zone), "asked question"
    )
    session.move_on_signals = top.objects(
        "move_on_signals", lambda r: _read_move_on(r, zone), "move-on signal"
    )
    session.hand_counts = top.objects("hand_counts", lambda r: _read_hand_count(r, zone), "hand count")
    session.timebox = _read_timebox(top)
    session.status_history = top.objects(
        "status_history", lambda r: _read_status_change(r, zone), "status change"
    )
    follows_reference = top.text("follows")
    session.dismissed_notes = _read_dismissed_notes(top)
    session.current_phase = _read_phase(top, "current_phase") or Phase.PREPARE.key

    _check_keys_and_links(session)
    session.assign_missing_keys()
    notices = [
        f"ignored the unknown key {what}" + (f" ({count} times)" if count > 1 else "")
        for what, count in unknown.items()
    ]
    return ReadResult(session, notices, follows_reference)


def session_from_dict(data: Any, severity_scale: list[str]) -> ReadResult:
    """Read a session from parsed interchange JSON.

    Args:
        data: The parsed JSON value.
        severity_scale: Level names a severity must match (common spellings accepted).

    Raises:
        InterchangeError: The value is not a valid session; the message names the
            field, the item and the value.
    """
    if not isinstance(data, dict):
        raise InterchangeError(f"it holds {_describe(data)}, not a session object")
    return _session_from(data, severity_scale)


def _read_web_link(reader: _Reader) -> WebLink:
    reader.note_unknown({"url", "kind", "label"}, "web_links")
    url = reader.text("url")
    if not url:
        raise reader.fail("url", "is missing; a web link needs the address it points to")
    return WebLink(
        url=url, kind=reader.choice("kind", WEB_LINK_KINDS, "other") or "other", label=reader.text("label")
    )


def _read_image(reader: _Reader) -> EntryImage | None:
    value = reader.raw("image")
    if value is None:
        return None
    if not isinstance(value, dict):
        raise reader.fail("image", f"should be an object with 'mime' and 'data', not {_describe(value)}")
    image = _Reader(value, f"{reader.where}, image", reader.unknown)
    image.note_unknown({"mime", "data"}, "image")
    mime = image.choice("mime", IMAGE_TYPES, None)
    if mime is None:
        raise image.fail("mime", f"is missing; it must be one of {', '.join(IMAGE_TYPES)}")
    encoded = image.text("data")
    if len(encoded) > MAX_IMAGE_BYTES * 4 // 3 + 4:
        raise image.fail("data", f"holds more than {MAX_IMAGE_BYTES // 2**20} MiB; attach a smaller picture")
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise image.fail("data", "is not base64 text") from None
    if not data:
        raise image.fail("data", "is empty; an image needs its bytes")
    return EntryImage(data=data, mime=mime)


def _read_chat(reader: _Reader) -> ChatDetails | None:
    value = reader.raw("chat")
    if value is None:
        return None
    if not isinstance(value, dict):
        raise reader.fail(
            "chat",
            f"should be an object with 'channel', 'thread', 'bot' and 'edited', not {_describe(value)}",
        )
    chat = _Reader(value, f"{reader.where}, chat", reader.unknown)
    chat.note_unknown({"channel", "thread", "bot", "edited"}, "chat")
    return ChatDetails(chat.text("channel"), chat.text("thread"), chat.flag("bot"), chat.flag("edited"))


def _read_phase(reader: _Reader, key: str) -> str:
    value = reader.text(key)
    if not value:
        return ""
    try:
        return Phase.from_key(value).key
    except ValueError as problem:
        raise reader.fail(key, str(problem)) from None


def _read_question(reader: _Reader, zone: ZoneInfo | None) -> AskedQuestion:
    reader.note_unknown({"text", "asked_at", "phase", "prompt_id"}, "asked_questions")
    text, asked_at = reader.text("text"), reader.time("asked_at", zone)
    if not text or asked_at is None:
        raise reader.fail("text" if not text else "asked_at", "is missing; an asked question needs both")
    return AskedQuestion(
        text, asked_at, _read_phase(reader, "phase") or Phase.TIMELINE.key, reader.text("prompt_id")
    )


def _read_status_change(reader: _Reader, zone: ZoneInfo | None) -> StatusChange:
    reader.note_unknown({"status", "changed_at", "changed_by"}, "status_history")
    status = reader.choice("status", SESSION_STATUSES, None)
    changed_at = reader.time("changed_at", zone)
    if status is None or changed_at is None:
        raise reader.fail(
            "status" if status is None else "changed_at", "is missing; a status change needs both"
        )
    return StatusChange(status, changed_at, reader.text("changed_by"))


def _read_move_on(reader: _Reader, zone: ZoneInfo | None) -> MoveOnSignal:
    reader.note_unknown({"at", "phase"}, "move_on_signals")
    at = reader.time("at", zone)
    if at is None:
        raise reader.fail("at", "is missing; a move-on signal needs its time")
    return MoveOnSignal(at, _read_phase(reader, "phase") or Phase.TIMELINE.key)


def _read_count(reader: _Reader, key: str, what: str) -> int | None:
    """A whole number, 0 or more, or None when absent; ``what`` names it in a refusal."""
    value = reader.raw(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise reader.fail(key, f"should be {what} as a whole number, 0 or more, not {_describe(value)}")
    return value


def _read_hand_count(reader: _Reader, zone: ZoneInfo | None) -> HandCount:
    reader.note_unknown({"kind", "phase", "hands", "present", "at"}, "hand_counts")
    kind = reader.choice("kind", HAND_COUNT_KINDS, None)
    if kind is None:
        raise reader.fail("kind", f"is missing; a hand count is one of {', '.join(HAND_COUNT_KINDS)}")
    phase = _read_phase(reader, "phase")
    if not phase:
        raise reader.fail("phase", "is missing; a hand count needs the phase it was taken in")
    hands = _read_count(reader, "hands", "the hands raised")
    if hands is None:
        raise reader.fail("hands", "is missing; a hand count needs how many hands went up")
    present = _read_count(reader, "present", "the people asked")
    if present is not None and hands > present:
        raise reader.fail("hands", f"is {hands}, more than the {present} people asked")
    at = reader.time("at", zone)
    if at is None:
        raise reader.fail("at", "is missing; a hand count needs its time")
    return HandCount(kind, phase, hands, present, at)


def _read_timebox(top: _Reader) -> dict[str, Any]:
    value = top.raw("timebox")
    if value is None or value == {}:
        return {}  # no plan of its own yet: the default plan applies
    if not isinstance(value, dict):
        raise top.fail("timebox", f"should be an object, not {_describe(value)}")
    try:
        return TimeboxState.from_dict(value).to_dict()
    except ValueError as problem:
        raise top.fail("timebox", f"is not a meeting plan Takeaways can read: {problem}") from None


def _read_dismissed_notes(top: _Reader) -> dict[str, list[str]]:
    """The session's dismissed coach notes by field; a field named wrongly is refused, not dropped."""
    value = top.raw("dismissed_notes")
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise top.fail(
            "dismissed_notes",
            f"should be an object from a field name to a list of note keys, not {_describe(value)}",
        )
    for name in value:
        if name not in COACHED_SESSION_FIELDS:
            raise top.fail(
                "dismissed_notes",
                f"names '{echo(name)}', which is not a field the language coach reads; "
                f"it may name {', '.join(COACHED_SESSION_FIELDS)}",
            )
    reader = _Reader(value, "dismissed_notes", top.unknown)
    notes = {name: _unique(reader.strings(name)) for name in COACHED_SESSION_FIELDS}
    return {name: keys for name, keys in notes.items() if keys}


def _read_metadata(top: _Reader) -> Metadata:
    value = top.raw("metadata")
    if value is None:
        return Metadata()
    if not isinstance(value, dict):
        raise top.fail("metadata", f"should be an object, not {_describe(value)}")
    reader = _Reader(value, "metadata", top.unknown)
    reader.note_unknown({"regression", "third_party", "customer_impact"}, "metadata")
    return Metadata(
        regression=reader.optional_flag("regression"),
        third_party=reader.text("third_party"),
        customer_impact=reader.text("customer_impact"),
    )


def _unique(values: list[str]) -> list[str]:
    """``values`` without repeats, first ones kept in order (the library stores a link once)."""
    return list(dict.fromkeys(values))


def _has_lone_surrogate(value: str) -> bool:
    # A JSON escape can spell half of a UTF-16 pair ("\ud800"); no UTF-8 file or SQLite text holds one.
    return any("\ud800" <= c <= "\udfff" for c in value)


def _unique_ignoring_case(values: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for value in values:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            kept.append(value)
    return kept


def _check_keys_and_links(session: Session) -> None:
    keys: set[str] = set()
    for item in session.items():
        if item.key and item.key in keys:
            raise InterchangeError(
                f"the id '{echo(item.key)}' is used by more than one item; "
                "ids must be unique within a session"
            )
        keys.add(item.key)
    linking: list[tuple[str, Item, list[str]]] = [("links", f, f.links) for f in session.contributing_factors]
    linking += [("serves", a, a.serves) for a in session.actions]
    for key_name, item, links in linking:
        for link in links:
            if link not in keys:
                name = "contributing factor" if key_name == "links" else "action"
                raise InterchangeError(
                    f"{name} '{echo(item.key or item.text)}', field '{key_name}' names '{echo(link)}', "
                    "which is not the id of any item in this session"
                )


# -- writing ---------------------------------------------------------------


def _or_null(text: str) -> str | None:
    return text or None


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _base(item: Item, **fields: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item.key, **fields, "text": _or_null(item.text)}
    if item.private:
        out["private"] = True
    if item.dismissed_notes:
        out["dismissed_notes"] = list(item.dismissed_notes)
    return out


def _chat(chat: ChatDetails | None) -> dict[str, Any]:
    """An entry's ``chat`` key, or nothing for an entry that did not come from a chat import."""
    if chat is None:
        return {}
    return {
        "chat": {
            "channel": _or_null(chat.channel),
            "thread": _or_null(chat.thread),
            "bot": chat.bot,
            "edited": chat.edited,
        }
    }


def _dismissed_on_session(session: Session) -> dict[str, Any]:
    """The session's ``dismissed_notes`` key, or nothing when no note on its fields was dismissed."""
    notes = {
        name: list(session.dismissed_notes[name])
        for name in COACHED_SESSION_FIELDS
        if session.dismissed_notes.get(name)
    }
    return {"dismissed_notes": notes} if notes else {}


def _hand_counts(session: Session) -> dict[str, Any]:
    """The session's ``hand_counts`` key, or nothing when no show of hands was counted."""
    counts = [
        {"kind": c.kind, "phase": c.phase, "hands": c.hands, "present": c.present, "at": c.at.isoformat()}
        for c in session.hand_counts
    ]
    return {"hand_counts": counts} if counts else {}


def session_to_dict(session: Session, follows_reference: str = "") -> dict[str, Any]:
    """The whole session as interchange data, every field and link.

    Absent values are written as null; ``private``, ``dismissed_notes`` and
    ``hand_counts`` only where true or not empty; learnings as plain strings unless
    something links to them, they are private, or they carry dismissed coach notes.

    Args:
        session: The session.
        follows_reference: The reference of the session this one follows up, if any:
            ids belong to one library, references travel.
    """
    linked = {key for a in session.actions for key in a.serves}
    linked |= {key for f in session.contributing_factors for key in f.links}
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "reference": _or_null(session.reference),
        "title": session.title,
        "severity": _or_null(session.severity),
        "system": _or_null(session.system),
        "trigger": _or_null(session.trigger),
        "summary": _or_null(session.summary),
        "time_zone": _or_null(session.time_zone),
        **{key: _time(getattr(session, key)) for key in _TIME_KEYS},
        "facilitator": _or_null(session.facilitator),
        "participants": [
            {"name": p.name, "role": _or_null(p.role), **({"private": True} if p.private else {})}
            for p in session.participants
        ],
        "tags": list(session.tags),
        "metadata": {
            "regression": session.metadata.regression,
            "third_party": _or_null(session.metadata.third_party),
            "customer_impact": _or_null(session.metadata.customer_impact),
        },
        "timeline": [
            _base(
                e,
                at=_time(e.at),
                approximate=e.approximate,
                actor=_or_null(e.actor),
                source=e.source,
                kind=e.kind,
                starred=e.starred,
                web_links=[{"url": w.url, "kind": w.kind, "label": _or_null(w.label)} for w in e.web_links],
                image=None
                if e.image is None
                else {"mime": e.image.mime, "data": base64.b64encode(e.image.data).decode("ascii")},
                **_chat(e.chat),
            )
            for e in session.timeline
        ],
        "went_right": [_base(r, repeat=r.repeat) for r in session.went_right],
        "went_wrong": [_base(w) for w in session.went_wrong],
        "contributing_factors": [
            _base(f, category=f.category, links=list(f.links)) for f in session.contributing_factors
        ],
        "key_learnings": [
            _base(k) if k.key in linked or k.private or k.dismissed_notes else k.text
            for k in session.key_learnings
        ],
        "actions": [
            _base(
                a,
                owner=_or_null(a.owner),
                due=a.due.isoformat() if a.due else None,
                status=a.status,
                serves=list(a.serves),
            )
            for a in session.actions
        ],
        "parking_lot": [_base(p) for p in session.parking_lot],
        "private_notes": _or_null(session.private_notes),
        "ground_rules": _or_null(session.ground_rules),
        "status": session.status,
        "asked_questions": [
            {
                "text": q.text,
                "asked_at": q.asked_at.isoformat(),
                "phase": q.phase,
                "prompt_id": _or_null(q.prompt_id),
            }
            for q in session.asked_questions
        ],
        "move_on_signals": [{"at": m.at.isoformat(), "phase": m.phase} for m in session.move_on_signals],
        **_hand_counts(session),
        "timebox": session.timebox,
        "current_phase": session.current_phase,
        "status_history": [
            {"status": h.status, "changed_at": h.changed_at.isoformat(), "changed_by": _or_null(h.changed_by)}
            for h in session.status_history
        ],
        "follows": _or_null(follows_reference),
        **_dismissed_on_session(session),
    }
