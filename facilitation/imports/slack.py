"""Reading a Slack workspace export: channels, people, threads, bots, edits, as timeline entries."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from facilitation.imports.common import (
    ImportCancelled,
    ImportedEntry,
    ImportOptions,
    ImportProblem,
    ImportResult,
    Progress,
    ProgressCallback,
    check_room,
)
from facilitation.imports.json_array import json_elements
from facilitation.imports.slack_export import DayFile, SlackFiles
from facilitation.imports.text_lines import Decoding
from facilitation.messages import echo
from facilitation.times import zone_named

HOUSEKEEPING = frozenset(
    {
        "channel_join", "channel_leave", "channel_topic", "channel_purpose", "channel_name",
        "channel_archive", "channel_unarchive", "channel_convert_to_private", "channel_convert_to_public",
        "group_join", "group_leave", "group_topic", "group_purpose", "group_name", "group_archive",
        "group_unarchive", "pinned_item", "unpinned_item", "bot_add", "bot_remove", "bot_enable",
        "bot_disable", "service_add", "service_remove", "reminder_add", "reminder_delete",
        "joiner_notification", "sh_room_created", "sh_room_shared", "ekm_access_denied",
        "channel_posting_permissions", "slackbot_response", "huddle_thread",
        "assistant_app_thread", "message_replied",
    }
)  # fmt: skip
"""Subtypes that are the workspace talking about itself, not people talking: left out."""

_TS = re.compile(r"(\d{1,12})(?:\.(\d{1,6})\d*)?", re.ASCII)
_MARKUP = re.compile(r"<([^<>\n]*)>")
_SPECIAL = {"here": "@here", "channel": "@channel", "everyone": "@everyone"}
_SNIPPET_WORDS = 8
_ENCODING_NOTICES = 5  # files named in full when lines were not UTF-8; the rest are counted


def list_channels(path: Path) -> list[str]:
    """The names of the export's channels that have messages (without ``#``), in name order.

    Raises:
        ImportProblem: ``path`` is not a Slack export.
    """
    with _unreadable_as_problem(path), SlackFiles(path) as files:
        return sorted({day.channel for day in _day_files(files)})


@contextmanager
def _unreadable_as_problem(path: Path) -> Iterator[None]:
    """A folder that cannot be listed (permissions, a vanished disk) as one sentence."""
    try:
        yield
    except OSError as problem:
        raise ImportProblem(
            f"{echo(path.name)} could not be read ({problem.strerror or 'unreadable'}); "
            "check the export and its permissions."
        ) from None


@dataclass
class _Message:
    """A message on its way to becoming an entry (edits and deletions still to come)."""

    order: tuple[int, int, int]  # (seconds, microseconds, running number): the time order
    entry: ImportedEntry
    deleted: bool = False


@dataclass
class _Reading:
    files: SlackFiles
    options: ImportOptions
    users: dict[str, str] = field(default_factory=dict)
    channel_names: dict[str, str] = field(default_factory=dict)
    result: ImportResult = field(default_factory=ImportResult)
    encoding_notices: list[str] = field(default_factory=list)
    messages: list[_Message] = field(default_factory=list)
    by_ts: dict[tuple[str, str], _Message] = field(default_factory=dict)
    bot_names: dict[str, str] = field(default_factory=dict)
    count: int = 0
    in_window: int = 0


def read_slack(path: Path, options: ImportOptions, progress: ProgressCallback | None = None) -> ImportResult:
    """The messages of a Slack export (folder or .zip) as entries, in time order across channels.

    Raises:
        ImportProblem: ``path`` is not a readable Slack export, or a channel asked for is not in it.
        ImportCancelled: ``progress`` returned False.
    """
    with _unreadable_as_problem(path), SlackFiles(path) as files:
        reading = _Reading(files, options)
        days = _chosen_days(files, options)
        reading.users = _users(reading)
        reading.channel_names = _channel_names(reading)
        total = sum(day.size for day in days) or 1
        done = 0
        for day in days:

            def within(step: Progress, base: int = done) -> bool:
                return progress is None or progress(Progress(min(base + step.done, total), total))

            _read_day(reading, day, within)
            done += day.size
            if progress is not None and not progress(Progress(min(done, total), total)):
                raise ImportCancelled
    return _result(reading)


def _day_files(files: SlackFiles) -> list[DayFile]:
    days = files.day_files()
    if not days:
        if files.has("channels.json") or files.has("users.json"):
            raise ImportProblem(
                f"{files.label} is a Slack export without any channel messages; "
                "export again with the channels you need."
            )
        raise ImportProblem(
            f"{files.label} does not look like a Slack export: it has no channels.json and no channel "
            "folders of day files (2026-03-02.json); choose the folder or .zip Slack produced."
        )
    return days


def _chosen_days(files: SlackFiles, options: ImportOptions) -> list[DayFile]:
    days = _day_files(files)
    present = sorted({day.channel for day in days})
    by_folded = {name.casefold(): name for name in present}
    asked = [name.strip().lstrip("#") for name in options.channels]
    wanted = [by_folded.get(name.casefold(), name) for name in asked]
    missing = [name for name in wanted if name not in present]
    if missing:
        raise ImportProblem(
            f"{files.label} has no channel named '{echo(missing[0])}'; its channels are "
            f"{echo(', '.join(present), 200)}."
        )
    since_day = options.since.astimezone(UTC).date() - timedelta(days=1) if options.since else None
    until_day = options.until.astimezone(UTC).date() + timedelta(days=1) if options.until else None
    return [
        day
        for day in days
        if (not wanted or day.channel in wanted)
        and (since_day is None or day.name[-15:-5] >= since_day.isoformat())
        and (until_day is None or day.name[-15:-5] <= until_day.isoformat())
    ]


def _list(reading: _Reading, name: str) -> list[dict[str, Any]]:
    """The objects of one of the export's top-level lists (empty when it has none)."""
    files = reading.files
    if not files.has(name):
        return []
    decoding = Decoding()
    with files.open(name) as stream:
        items = [
            item
            for item in json_elements(stream, f"{files.label}, {name}", decoding)
            if isinstance(item, dict)
        ]
    _note_decoding(reading, decoding, name)
    return items


def _note_decoding(reading: _Reading, decoding: Decoding, name: str) -> None:
    notice = decoding.notice(f"{reading.files.label}, {name}")
    if notice:
        reading.encoding_notices.append(notice)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _object(value: Any) -> dict[str, Any]:
    """``value`` when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def _users(reading: _Reading) -> dict[str, str]:
    """Each person's id -> the name to show: display name, then real name, then id."""
    names: dict[str, str] = {}
    for user in _list(reading, "users.json"):
        user_id = _text(user.get("id"))
        if user_id:
            names[user_id] = _person_name(user, user_id)
    if not names:
        reading.result.notices.append(
            f"{reading.files.label} has no list of people (users.json), "
            "so people are named by their Slack id."
        )
    return names


def _stamp(value: Any) -> str:
    """A Slack ``ts`` as the text Slack writes (``"1772456400.000100"``), also when written as a number."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.6f}"
    return _text(value)


def _person_name(user: dict[str, Any], fallback: str) -> str:
    profile = _object(user.get("profile"))
    return (
        _text(profile.get("display_name"))
        or _text(user.get("display_name"))
        or _text(profile.get("real_name"))
        or _text(user.get("real_name"))
        or fallback
    )


def _channel_names(reading: _Reading) -> dict[str, str]:
    names: dict[str, str] = {}
    for list_name in ("channels.json", "groups.json", "mpims.json"):
        for channel in _list(reading, list_name):
            channel_id, name = _text(channel.get("id")), _text(channel.get("name"))
            if channel_id and name:
                names[channel_id] = name
    return names


def _read_day(reading: _Reading, day: DayFile, progress: ProgressCallback) -> None:
    place = f"{reading.files.label}, {echo(day.name)}"
    decoding = Decoding()
    with reading.files.open(day.name) as stream:
        elements = json_elements(stream, place, decoding, progress, day.size)
        for number, message in enumerate(elements, start=1):
            if not isinstance(message, dict):
                raise ImportProblem(
                    f"{place}, message {number:,}, is not a Slack message; "
                    "check that the file is the one Slack exported, unchanged."
                )
            _read_message(reading, day.channel, message, f"{place}, message {number:,}")
    _note_decoding(reading, decoding, day.name)


def _read_message(reading: _Reading, channel: str, message: dict[str, Any], place: str) -> None:
    subtype = _text(message.get("subtype"))
    if message.get("type", "message") != "message" or subtype in HOUSEKEEPING:
        _learn_bot_name(reading, message)
        reading.result.skip("housekeeping")
        return
    if subtype == "message_deleted":
        original = reading.by_ts.get((channel, _stamp(message.get("deleted_ts"))))
        if original is not None and not original.deleted:
            original.deleted = True
            reading.result.skip("deleted")
        return
    if subtype == "message_changed":
        changed = message.get("message")
        if not isinstance(changed, dict):
            reading.result.skip("housekeeping")
            return
        original = reading.by_ts.get((channel, _stamp(changed.get("ts"))))
        if original is not None:
            original.entry = replace(original.entry, text=_message_text(reading, changed), edited=True)
            return
        message, subtype = {**changed, "edited": True}, _text(changed.get("subtype"))
    if subtype == "tombstone" or message.get("is_deleted") is True:
        reading.result.skip("deleted")
        return
    _add_message(reading, channel, message, subtype, place)


def _add_message(reading: _Reading, channel: str, message: dict[str, Any], subtype: str, place: str) -> None:
    ts = _stamp(message.get("ts"))
    order = _order(ts, reading.count)
    if order is None:
        raise ImportProblem(
            f"{place}, has no time Slack could have written ('ts': '{echo(ts)}'); "
            "check that the file is the one Slack exported, unchanged."
        )
    reading.count += 1
    bot = subtype == "bot_message" or bool(message.get("bot_id"))
    actor = _actor(reading, message, bot)
    text = _message_text(reading, message)
    if subtype == "me_message":
        text = f"{actor} {text}"
    entry = ImportedEntry(
        at=_moment(order, reading.options.zone),
        actor=actor,
        text=text,
        channel=f"#{channel}",
        bot=bot,
        edited=isinstance(message.get("edited"), dict) or message.get("edited") is True,
        line=reading.count,
    )
    thread_ts = _stamp(message.get("thread_ts"))
    if thread_ts and thread_ts != ts:
        entry = replace(entry, thread=_thread_reference(reading, channel, thread_ts, entry))
    kept = _Message(order, entry)
    reading.by_ts[(channel, ts)] = kept
    reading.messages.append(kept)
    if reading.options.in_window(entry.at):
        reading.in_window += 1
        check_room(reading.in_window, reading.files.label)


def _learn_bot_name(reading: _Reading, message: dict[str, Any]) -> None:
    """A bot's name from the message that added it ("added an integration: <…/B1|github>")."""
    bot_id = _text(message.get("bot_id"))
    label = re.search(r"<[^<>|]*/services/[^<>|]*\|([^<>]+)>", _text(message.get("text")))
    if bot_id and label:
        reading.bot_names[bot_id] = label[1].strip()


def _order(ts: str, count: int) -> tuple[int, int, int] | None:
    match = _TS.fullmatch(ts)
    if match is None:
        return None
    return int(match[1]), int((match[2] or "").ljust(6, "0")), count


def _moment(order: tuple[int, int, int], zone_name: str) -> datetime:
    moment = datetime.fromtimestamp(order[0], UTC).replace(microsecond=order[1])
    return moment.astimezone(zone_named(zone_name) or UTC)


def _actor(reading: _Reading, message: dict[str, Any], bot: bool) -> str:
    user = _text(message.get("user"))
    embedded = message.get("user_profile")
    if user and user in reading.users and not (bot and _text(message.get("username"))):
        return reading.users[user]
    if bot:
        profile = _object(message.get("bot_profile"))
        return (
            _text(message.get("username"))
            or _text(profile.get("name"))
            or _text(message.get("bot_id"))
            or "bot"
        )
    if isinstance(embedded, dict):
        return _person_name(embedded, user or "someone")
    return user or _text(message.get("username")) or "someone"


def _message_text(reading: _Reading, message: dict[str, Any]) -> str:
    """The message as people read it: markup as words; attachments and files when it has no text."""
    parts = [_readable(reading, _text(message.get("text")))]
    if not parts[0]:
        parts = [_attachment_text(reading, item) for item in _objects(message.get("attachments"))]
    if not any(parts):
        parts = [f"shared a file: {_file_name(item)}" for item in _objects(message.get("files"))]
        if isinstance(message.get("file"), dict):
            parts.append(f"shared a file: {_file_name(message['file'])}")
    return "\n".join(part for part in parts if part)


def _objects(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _attachment_text(reading: _Reading, attachment: dict[str, Any]) -> str:
    for key in ("fallback", "text", "pretext", "title"):
        text = _readable(reading, _text(attachment.get(key)))
        if text:
            return text
    return ""


def _file_name(file: dict[str, Any]) -> str:
    return _text(file.get("title")) or _text(file.get("name")) or "a file"


def _readable(reading: _Reading, text: str) -> str:
    """Slack's markup as plain words: <@U1> -> @Ana, <#C1|ops> -> #ops, <url|label> -> label (url)."""

    def word(match: re.Match[str]) -> str:
        target, _, label = match[1].partition("|")
        if target.startswith("@"):
            return "@" + (reading.users.get(target[1:]) or label.lstrip("@") or target[1:])
        if target.startswith("#"):
            return "#" + (label or reading.channel_names.get(target[1:]) or target[1:])
        if target.startswith("!"):
            command = target[1:].split("^", 1)[0]
            return _SPECIAL.get(command) or label or ("@" + command if command else "")
        if target.startswith("mailto:"):
            return label or target[len("mailto:") :]
        if label and label not in (target, target.split("://", 1)[-1]):
            return f"{label} ({target})"
        return target

    readable = _MARKUP.sub(word, text)
    return readable.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def _thread_reference(reading: _Reading, channel: str, thread_ts: str, reply: ImportedEntry) -> str:
    parent = reading.by_ts.get((channel, thread_ts))
    if parent is None:
        order = _order(thread_ts, 0)
        if order is None or reply.at is None:
            return "reply in a thread"
        return f"reply to a message at {_when(_moment(order, reading.options.zone), reply.at)}"
    words = parent.entry.text.split()
    snippet = " ".join(words[:_SNIPPET_WORDS]) + ("…" if len(words) > _SNIPPET_WORDS else "")
    when = _when(parent.entry.at, reply.at) if parent.entry.at and reply.at else ""
    return f'reply to {parent.entry.actor} {when}: "{snippet}"'.replace("  ", " ")


def _when(moment: datetime, reply_at: datetime) -> str:
    """The time of a thread's parent, with its day when that is not the reply's day."""
    local = moment.astimezone(reply_at.tzinfo)
    return f"{local:%H:%M}" if local.date() == reply_at.date() else f"{local:%Y-%m-%d %H:%M}"


def _result(reading: _Reading) -> ImportResult:
    result = reading.result
    options = reading.options
    for message in sorted(reading.messages, key=lambda kept: kept.order):
        entry = message.entry
        if message.deleted:
            continue
        if entry.bot and entry.actor in reading.bot_names:
            entry = replace(entry, actor=reading.bot_names[entry.actor])
        if not entry.text:
            result.skip("empty")
        elif options.skip_bots and entry.bot:
            result.skip("bot")
        elif not options.in_window(entry.at):
            result.skip("outside the time window")
        else:
            result.entries.append(entry)
    notices = reading.encoding_notices
    result.notices.extend(notices[:_ENCODING_NOTICES])
    if len(notices) > _ENCODING_NOTICES:
        result.notices.append(
            f"{len(notices) - _ENCODING_NOTICES:,} more files of {reading.files.label} had lines that "
            "were not UTF-8 and were read as Windows-1252 (Latin-1)."
        )
    result.notices.extend(result.skipped_notices())
    return result
