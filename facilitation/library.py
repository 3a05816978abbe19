"""The library as a whole: the classification matrix, its filters, insights, open actions, search hits.

Plain values and the arithmetic on them; storage gathers the rows and app hands them to the window.
"""

from __future__ import annotations

import functools
import io
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from facilitation.model import CATEGORY_LABELS

SNIPPET_START = "\x02"
SNIPPET_END = "\x03"
"""Marks around matched words in a snippet; callers turn them into their own highlight."""


@dataclass(frozen=True)
class MatrixRow:
    """One incident in the classification matrix.

    Attributes:
        id: The session's id.
        start_day: The day the incident started in its own zone, ``YYYY-MM-DD``, or "".
        factors: The contributing factors in order, each its first line (``QueryStore.matrix``
            shortens a very long one).
        tags: The tags as spelled on the session.
    """

    id: int
    reference: str
    title: str
    start_day: str
    severity: str
    system: str
    trigger: str
    factors: tuple[str, ...]
    tags: tuple[str, ...]
    status: str


@dataclass(frozen=True)
class LibraryFilter:
    """Which incidents the matrix, the insights and ``stats`` look at; an empty part means any.

    Attributes:
        severities: Severity names, matched exactly.
        tags: Tags, matched ignoring case.
        all_tags: True: an incident needs every tag; False: any one of them.
        systems: Systems, matched ignoring case.
        statuses: Session statuses.
        since: First start day, inclusive.
        until: Last start day, inclusive. Once either date is set, an incident without a start
            day is left out.
    """

    severities: frozenset[str] = frozenset()
    tags: tuple[str, ...] = ()
    all_tags: bool = True
    systems: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None

    def matches(self, row: MatrixRow) -> bool:
        """Whether the incident passes every part of the filter."""
        return self.matches_fields(row.severity, row.system, row.status, row.tags, row.start_day)

    def matches_fields(
        self, severity: str, system: str, status: str, tags: Iterable[str], start_day: str
    ) -> bool:
        """``matches`` for an incident given by the fields the filter reads."""
        if self.severities and severity not in self.severities:
            return False
        if self.statuses and status not in self.statuses:
            return False
        if self.systems and system.casefold() not in self._folded_systems:
            return False
        if self.tags and not self.tags_match(tags):
            return False
        return self.day_matches(start_day)

    @functools.cached_property
    def _folded_systems(self) -> frozenset[str]:
        return frozenset(s.casefold() for s in self.systems)

    def tags_match(self, tags: Iterable[str]) -> bool:
        """Whether an incident with these tags passes the tag part of the filter."""
        if not self.tags:
            return True
        have = {tag.casefold() for tag in tags}
        wanted = (tag.casefold() for tag in self.tags)
        return all(t in have for t in wanted) if self.all_tags else any(t in have for t in wanted)

    def day_matches(self, start_day: str) -> bool:
        """Whether an incident that started on ``start_day`` (``YYYY-MM-DD`` or "") passes the dates."""
        if self.since is None and self.until is None:
            return True
        if not start_day:
            return False
        if self.since is not None and start_day < self.since.isoformat():
            return False
        return self.until is None or start_day <= self.until.isoformat()

    def is_empty(self) -> bool:
        """True when the filter lets every incident through."""
        return not (self.severities or self.tags or self.systems or self.statuses or self.since or self.until)

    def describe(self) -> str:
        """The filter in plain words: ``Sev-2, tagged auth or config, 2026-01-01 to 2026-03-31``."""
        parts = [_either(sorted(self.severities))] if self.severities else []
        parts += self.choices_in_words(systems="system", statuses="status")
        if self.since or self.until:
            parts.append(_period(self.since, self.until))
        return ", ".join(parts) if parts else "All incidents"

    def choices_in_words(self, systems: str, statuses: str) -> list[str]:
        """The systems, tags and statuses chosen, each in words after its lead word:
        ``["system Auth or DB", "tagged auth or config", "status open"]``."""
        words = []
        if self.systems:
            words.append(f"{systems} " + _either(sorted(self.systems, key=str.casefold)))
        if self.tags:
            words.append("tagged " + (" and " if self.all_tags else " or ").join(self.tags))
        if self.statuses:
            words.append(f"{statuses} " + _either(sorted(self.statuses)))
        return words


def _either(values: list[str]) -> str:
    return " or ".join(values)


def _period(since: date | None, until: date | None) -> str:
    if since and until:
        return f"{since.isoformat()} to {until.isoformat()}"
    if since:
        return f"from {since.isoformat()} on"
    return f"up to {until.isoformat()}" if until else ""


STATS_FIELDS = (
    "severity",
    "system",
    "tag",
    "trigger",
    "factor-category",
    "month",
    "weekday",
    "hour",
    "holiday",
)
"""What ``stats --by`` and the insights view can group incidents by."""


@dataclass(frozen=True)
class Group:
    """Incidents sharing one value.

    Attributes:
        value: The value (an hour is an int); None for the incidents without one.
        count: How many incidents.
        share: ``count`` over the incidents matched.
    """

    value: str | int | None
    count: int
    share: float


@dataclass(frozen=True)
class Stats:
    """Incidents counted by one field.

    Attributes:
        by: One of ``STATS_FIELDS``.
        matched: How many incidents passed the filter.
        groups: By count, most first, then by value; the group without a value last among equals.
    """

    by: str
    matched: int
    groups: tuple[Group, ...]


_FOLDED_FIELDS = frozenset({"tag", "system", "trigger", "factor-category"})


def tally(by: str, values: Iterable[Collection[str | int]]) -> Stats:
    """Count incidents by field ``by``, given each matched incident's values for it.

    An incident with no value joins the None group; one with several (tags, factor categories)
    counts once in each. Text values other than months, weekdays and holidays (tags, systems,
    triggers, factor categories) are grouped ignoring case, under the spelling used most (ties:
    the one seen first).
    """
    fold = by in _FOLDED_FIELDS
    # Incidents sharing one set of values are counted together: few sets, many incidents.
    sets = Counter(map(frozenset, values))
    counts: dict[str | int | None, int] = {}
    uses: dict[str, int] = {}  # how many incidents use each spelling of a folded value
    for distinct, incidents in sets.items():
        keys: Collection[str | int | None] = distinct
        if fold:
            spellings = [str(v) for v in distinct]
            for spelling in spellings:
                uses[spelling] = uses.get(spelling, 0) + incidents
            keys = {spelling.casefold() for spelling in spellings}
        for key in keys or (None,):
            counts[key] = counts.get(key, 0) + incidents
    matched = sum(sets.values())
    spelled: dict[str, str] = {}
    for spelling, count in uses.items():  # first seen first, so a tie keeps the first spelling
        folded = spelling.casefold()
        if folded not in spelled or count > uses[spelled[folded]]:
            spelled[folded] = spelling

    def shown(key: str | int | None) -> str | int | None:
        return spelled.get(key, key) if isinstance(key, str) else key

    groups = [Group(shown(key), count, count / matched) for key, count in counts.items()]
    groups.sort(key=_group_order)
    return Stats(by, matched, tuple(groups))


def _group_order(group: Group) -> tuple[int, bool, int, str, str]:
    value = group.value
    if isinstance(value, int):
        return (-group.count, False, value, "", "")
    if value is None:
        return (-group.count, True, 0, "", "")
    return (-group.count, False, 0, value.casefold(), value)


HEADLINE_MIN_INCIDENTS = 5
"""Fewer incidents than this say nothing a leader should repeat."""
HEADLINE_MIN_SHARE = 0.2
"""A value shared by fewer incidents than this is not a finding."""
HEADLINE_LIMIT = 4
"""At most this many headlines, the strongest first."""


def headlines(by_field_stats: Mapping[str, Stats], filt: LibraryFilter) -> list[str]:
    """Plain sentences a leader can repeat, strongest first.

    ``40% of Sev-2 incidents from 2026-01-01 to 2026-03-31 followed configuration change.``
    A field says something only with enough incidents, when its most common value is shared by
    at least two of them and by a fifth, and when the filter does not already fix it (filtering
    by one severity makes every incident that severity; filtering by tags, every incident has
    them); incidents without a value never headline.
    """
    found: list[tuple[float, str]] = []
    for by, stats in by_field_stats.items():
        if stats.matched < HEADLINE_MIN_INCIDENTS or by not in _HEADLINE_SENTENCES:
            continue
        if _fixed_by_filter(by, filt):
            continue
        top = next((g for g in stats.groups if g.value is not None and not _given(by, g.value, filt)), None)
        if top is None or top.count < 2 or top.share < HEADLINE_MIN_SHARE:
            continue
        sentence = _HEADLINE_SENTENCES[by]
        found.append(
            (top.share, sentence.format(pct=_percent(top.share), of=_scope(filt), v=_value(by, top.value)))
        )
    found.sort(key=lambda pair: -pair[0])
    return [text for _, text in found[:HEADLINE_LIMIT]]


_HEADLINE_SENTENCES = {
    "severity": "{pct} of {of} were {v}.",
    "system": "{pct} of {of} involved {v}.",
    "tag": "{pct} of {of} were tagged {v}.",
    "trigger": "{pct} of {of} followed {v}.",
    "factor-category": "{pct} of {of} had {v} among their contributing factors.",
    "month": "{pct} of {of} started in {v}.",
    "weekday": "{pct} of {of} started on a {v}.",
    "hour": "{pct} of {of} were detected between {v}.",
    "holiday": "{pct} of {of} started during {v}.",
}


def _fixed_by_filter(by: str, filt: LibraryFilter) -> bool:
    return (by == "severity" and len(filt.severities) == 1) or (by == "system" and len(filt.systems) == 1)


def _given(by: str, value: str | int, filt: LibraryFilter) -> bool:
    """Whether every incident has ``value`` because the filter asks for all of its tags."""
    return by == "tag" and filt.all_tags and str(value).casefold() in {t.casefold() for t in filt.tags}


def _value(by: str, value: str | int | None) -> str:
    if by == "hour" and isinstance(value, int):
        return f"{value:02}:00 and {(value + 1) % 24:02}:00"
    text = str(value)
    if by == "factor-category":
        return CATEGORY_LABELS.get(text.casefold(), text).lower() + " factors"
    if by == "trigger" and len(text) > 1 and not text[1].isupper():
        return text[0].lower() + text[1:]  # "Configuration change" reads "followed configuration change"
    return text


def _percent(share: float) -> str:
    """``share`` in whole percent; short of all is never rounded up to 100%."""
    return f"{min(round(share * 100), 99) if share < 1 else 100}%"


def _scope(filt: LibraryFilter) -> str:
    """The incidents the filter keeps, as the object of a sentence: ``Sev-2 incidents tagged auth``."""
    words = [_either(sorted(filt.severities)), "incidents"] if filt.severities else ["incidents"]
    words += filt.choices_in_words(systems="in", statuses="with status")
    if filt.since and filt.until:
        words.append(f"from {filt.since.isoformat()} to {filt.until.isoformat()}")
    elif filt.since:
        words.append(f"since {filt.since.isoformat()}")
    elif filt.until:
        words.append(f"up to {filt.until.isoformat()}")
    return " ".join(words)


@dataclass(frozen=True)
class OpenAction:
    """An action still to do, with the session it came from.

    Attributes:
        key: The action's key in its session (``a3``).
        status: ``open`` or ``in-progress``.
    """

    session_id: int
    reference: str
    session_title: str
    key: str
    text: str
    owner: str
    due: date | None
    status: str

    def overdue(self, today: date) -> bool:
        """Whether its due date has passed."""
        return self.due is not None and self.due < today


def order_open_actions(actions: Iterable[OpenAction], today: date) -> list[OpenAction]:
    """Overdue first (most overdue first), then due soonest, then those without a due date.

    Ties by session, then by key (``a2`` before ``a10``).
    """
    return sorted(
        actions,
        key=lambda a: (not a.overdue(today), a.due is None, a.due or date.min, a.session_id, _natural(a.key)),
    )


def _natural(key: str) -> tuple[str, int, str]:
    match = re.fullmatch(r"(\D*)(\d+)(.*)", key)
    return (match[1], int(match[2]), match[3]) if match else (key, 0, "")


OPEN_ACTION_CSV_COLUMNS = ("Session", "Reference", "Title", "Action", "Owner", "Due", "Status", "Overdue")
"""Header of the open actions CSV, for a tracker."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def open_actions_csv(actions: Iterable[OpenAction], today: date) -> str:
    """The actions as CSV under ``OPEN_ACTION_CSV_COLUMNS``, in the order given.

    ``Overdue`` is ``yes`` or empty; a cell a spreadsheet would read as a formula (starting with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) starts with an apostrophe.
    """
    import csv  # with the first export, not at start-up

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(OPEN_ACTION_CSV_COLUMNS)
    for action in actions:
        cells = [
            str(action.session_id),
            action.reference,
            action.session_title,
            action.text,
            action.owner,
            action.due.isoformat() if action.due else "",
            action.status,
            "yes" if action.overdue(today) else "",
        ]
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return out.getvalue()


@dataclass(frozen=True)
class Found:
    """One search hit, enough to list it and jump to it.

    Attributes:
        snippet: The best-matching passage, matched words between ``SNIPPET_START`` and ``SNIPPET_END``.
        list_name: The ``Session`` list holding the match (``timeline``, ``went_right``, …,
            ``parking_lot``), or "" when it is in the session's own fields.
        item_key: The matching item's key (``t3``), or "" for the session's own fields.
    """

    session_id: int
    reference: str
    title: str
    start_day: str
    snippet: str
    list_name: str
    item_key: str


@dataclass(frozen=True)
class ForgetPreview:
    """What forgetting a person would change, before it does.

    Attributes:
        name: The name to forget.
        role: What replaces it.
        places: Each kind of place the name is in (``participants``, ``timeline entries``) with
            how many; only places with at least one.
        sessions: How many sessions mention the name.
    """

    name: str
    role: str
    places: tuple[tuple[str, int], ...]
    sessions: int
