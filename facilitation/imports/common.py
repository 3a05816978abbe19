"""What every timeline reader shares: the entries it finds, its options, progress and problems.

The readers, one module per format (``read`` below picks one):

- ``slack.read_slack(path, options, progress) -> ImportResult``: a Slack export, folder or .zip;
  ``slack.list_channels(path) -> list[str]`` names its channels (without ``#``) for the choice.
- ``chat_log.read_chat_log(path, options, progress) -> ImportResult``: IRC-style text lines;
  raises ``DayNeeded`` when the lines carry no date and ``options.day`` is None.
- ``timeline_csv.read_timeline_csv(path, options, progress) -> ImportResult``: a timeline CSV;
  ``timeline_csv.csv_headers(path) -> list[str]`` and ``timeline_csv.guess_mapping(headers) ->
  dict[str, str]`` (our field -> their header) for the mapping step; raises ``MappingNeeded``
  when ``options.mapping`` is None and the headers name no time or text column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from facilitation.model import ChatDetails, TimelineEntry

FORMATS = ("slack", "chat", "timeline-csv")
"""The timeline formats, as ``takeaways import --format`` and the import dialog name them."""

FORMAT_LABELS = {
    "slack": "Slack export (folder or .zip)",
    "chat": "Chat log (text)",
    "timeline-csv": "Timeline CSV",
}
"""Each format as people read it."""

MAX_ENTRIES = 200_000
"""The most entries one import keeps; a file with more in its time window is refused, not held."""

CSV_FIELDS = ("at", "actor", "text", "source", "kind", "starred")
"""The fields a timeline CSV column can fill, in the order the mapping step shows them."""

CSV_REQUIRED = ("at", "text")
"""The fields a timeline CSV must have a column for."""

CSV_FIELD_LABELS = {
    "at": "Time",
    "actor": "Actor",
    "text": "Text",
    "source": "Source",
    "kind": "Kind",
    "starred": "Starred",
}
"""Each CSV field as the mapping step names it."""


@dataclass(frozen=True)
class ImportedEntry:
    """One timeline entry read from a file, before it joins a session.

    Attributes:
        at: When it happened, time-zone aware; None when the file does not say.
        actor: Who or what wrote or did it.
        text: What was said, made readable (mentions and links as words).
        source: One of ``facilitation.model.SOURCES``, or None when the file does not say.
        kind: One of ``facilitation.model.KINDS``.
        starred: Marked as a key moment.
        channel: The chat channel it was said in (``#incident-auth``), or "".
        thread: For a thread reply, a reference to its parent
            (``reply to Ana 14:02: "first words…"``), or "".
        bot: Written by a bot or an integration (alerts often are).
        edited: Changed after it was first sent.
        line: Where it came from in the file (line, row or message number), for messages.
    """

    at: datetime | None
    actor: str
    text: str
    source: str | None = "chat"
    kind: str = "event"
    starred: bool = False
    channel: str = ""
    thread: str = ""
    bot: bool = False
    edited: bool = False
    line: int | None = None

    def chat_details(self) -> ChatDetails | None:
        """The chat details worth keeping with the stored entry, or None when there are none."""
        if not (self.channel or self.thread or self.bot or self.edited):
            return None
        return ChatDetails(channel=self.channel, thread=self.thread, bot=self.bot, edited=self.edited)

    def to_timeline_entry(self) -> TimelineEntry:
        """A new (unstored) timeline entry holding this one."""
        return TimelineEntry(
            at=self.at,
            actor=self.actor,
            text=self.text,
            source=self.source,
            kind=self.kind,
            starred=self.starred,
            chat=self.chat_details(),
        )


class ImportProblem(Exception):
    """A file could not be read; ``str()`` is one plain sentence naming the file and the place."""


class DayNeeded(ImportProblem):
    """A chat log's lines carry times but no date, and no day was given in ``ImportOptions.day``."""


class MappingNeeded(ImportProblem):
    """A timeline CSV's headers do not say which column holds the time or the text.

    Attributes:
        headers: The file's headers, for the mapping step.
        guessed: What could be matched (our field -> their header).
    """

    def __init__(self, message: str, headers: list[str], guessed: dict[str, str]) -> None:
        super().__init__(message)
        self.headers = headers
        self.guessed = guessed


class ImportCancelled(Exception):
    """The progress callback asked the reader to stop; nothing was read into the session."""


@dataclass
class ImportOptions:
    """What to read and how.

    Attributes:
        zone: The session's IANA zone: times without an offset are read in it.
        channels: Slack channel names to read (without ``#``); empty means all of them.
        since: Keep only entries at or after this moment (entries without a time are kept).
        until: Keep only entries at or before this moment (entries without a time are kept).
        skip_bots: Leave out messages written by bots and integrations.
        day: The day for chat lines that carry a time but no date.
        mapping: For a timeline CSV, our field (``CSV_FIELDS``) -> their header; None to guess.
    """

    zone: str = "UTC"
    channels: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    skip_bots: bool = False
    day: date | None = None
    mapping: dict[str, str] | None = None

    def in_window(self, at: datetime | None) -> bool:
        """Whether an entry at ``at`` falls inside since/until (an unknown time always does)."""
        if at is None:
            return True
        return (self.since is None or at >= self.since) and (self.until is None or at <= self.until)


@dataclass(frozen=True)
class Progress:
    """How far a reader has got: ``done`` of ``total`` (bytes, or files for a Slack export)."""

    done: int
    total: int


ProgressCallback = Callable[[Progress], bool]
"""Told how far reading has got; returning False cancels (the reader raises ``ImportCancelled``)."""


@dataclass
class ImportResult:
    """What a reader found.

    Attributes:
        entries: The entries, in time order (file order among equal times; unknown times last).
        notices: Plain sentences about what was read differently or left out (encodings,
            housekeeping messages skipped, deleted messages), for the person to read.
        skipped: How many messages were left out, by reason (``housekeeping``, ``bot``,
            ``deleted``, ``empty``, ``outside the time window``, ``not chat``: ``SKIP_REASONS``).
    """

    entries: list[ImportedEntry] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    def keep(self, entry: ImportedEntry, name: str) -> None:
        """Add ``entry``, refusing the file ``name`` once it holds more than ``MAX_ENTRIES``."""
        check_room(len(self.entries) + 1, name)
        self.entries.append(entry)

    def skip(self, reason: str) -> None:
        """Count one message left out for ``reason`` (a key of ``SKIP_REASONS``)."""
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def skipped_notices(self) -> list[str]:
        """One sentence for each reason messages were left out."""
        notices = []
        for reason, count in self.skipped.items():
            one, many = SKIP_REASONS[reason]
            notices.append(one if count == 1 else many.format(n=f"{count:,}"))
        return notices


SKIP_REASONS = {
    "housekeeping": (
        "1 housekeeping message (a join, leave, topic or pin change) left out.",
        "{n} housekeeping messages (joins, leaves, topic and pin changes) left out.",
    ),
    "bot": ("1 bot message left out, as asked.", "{n} bot messages left out, as asked."),
    "deleted": ("1 deleted message left out.", "{n} deleted messages left out."),
    "empty": ("1 empty message left out.", "{n} empty messages left out."),
    "outside the time window": (
        "1 entry outside the time window left out.",
        "{n} entries outside the time window left out.",
    ),
    "not chat": (
        "1 line that is not a chat message left out.",
        "{n} lines that are not chat messages left out.",
    ),
}
"""Why messages are left out, each as the sentence that tells the person how many."""


def check_room(count: int, name: str) -> None:
    """Refuse an import that has come to more than ``MAX_ENTRIES`` entries in ``name``."""
    if count > MAX_ENTRIES:
        raise ImportProblem(
            f"{name} holds more than {MAX_ENTRIES:,} messages in the time window, more than a timeline "
            "can use; choose a shorter window (since/until) or fewer channels."
        )


def detect_format(path: Path) -> str:
    """The format a path most likely holds: a folder or .zip is Slack, .csv a timeline CSV, else chat."""
    if path.is_dir() or path.suffix.lower() == ".zip":
        return "slack"
    if path.suffix.lower() == ".csv":
        return "timeline-csv"
    return "chat"


def read(
    path: Path, format: str, options: ImportOptions, progress: ProgressCallback | None = None
) -> ImportResult:
    """Read ``path`` as ``format`` (one of ``FORMATS``).

    Raises:
        ImportProblem: The file cannot be read as that format; nothing is returned.
        ImportCancelled: ``progress`` returned False.
    """
    # The readers import this module for its types, so they are imported here, when first used.
    if format == "slack":
        from facilitation.imports.slack import read_slack

        return read_slack(path, options, progress)
    if format == "chat":
        from facilitation.imports.chat_log import read_chat_log

        return read_chat_log(path, options, progress)
    if format == "timeline-csv":
        from facilitation.imports.timeline_csv import read_timeline_csv

        return read_timeline_csv(path, options, progress)
    raise ValueError(f"unknown import format {format!r}")
