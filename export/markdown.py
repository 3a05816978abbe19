"""GitHub-flavoured Markdown of a postmortem, a pre-read and the learning digest, learnings first.

Every piece of user text is escaped so it renders exactly as typed: ``<b>`` stays
those three characters, a leading ``#`` is not a heading, ``|`` does not split a
table cell, backticks, stars and underscores make no code or emphasis. Line breaks
inside a table cell or a list item become ``<br>``; inside a paragraph, hard breaks.
The only Markdown that is not escaped is the ground rules: they are the
organisation's policy, written in Markdown, and read as they do in the app.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from facilitation.classification import derive, format_duration, in_incident_zone, incident_day
from facilitation.classification import severity_description as describe_severity
from facilitation.model import (
    CATEGORY_LABELS,
    FACTOR_CATEGORIES,
    SOURCE_LABELS,
    UNTITLED,
    Action,
    ContributingFactor,
    Item,
    KeyLearning,
    Participant,
    Session,
    TimelineEntry,
    WebLink,
    WentWrong,
    hand_counts_line,
)
from facilitation.phases import Phase
from facilitation.settings import OrgSettings
from facilitation.timebox import DEFAULT_PLAN, TimeboxState

if TYPE_CHECKING:
    from export.digest import Tally

STATUS_LABELS = {"open": "open", "in-progress": "in progress", "done": "done", "dropped": "dropped"}
"""Action statuses as readers say them."""

NO_CATEGORY = "Not categorised"
SHORT_LIMIT = 60
"""How much of an item's text a reference to it repeats."""

# -- escaping ------------------------------------------------------------------

# Characters that mean something anywhere in a line: escapes, code, emphasis, links,
# HTML and autolinks, table cells, strikethrough, GitHub's maths.
_INLINE = re.compile(r"([\\`*_\[\]<|~$])")
# An ampersand that would start an entity (&amp; &#60; &#x3C;), a colon that would start an
# emoji short code (:tada:), and a run of hashes that would close a heading.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_EMOJI = re.compile(r":(?=[A-Za-z0-9_+\-]+:)")
_CLOSING_HASHES = re.compile(r"(#+)$")
# What opens a block at the start of a line: headings, quotes, lists, setext underlines.
_LINE_START = re.compile(r"^(?:([#>+=\-])|(\d{1,9})([.)]))")
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def escape_line(text: str) -> str:
    """One line of user text, escaped so Markdown shows it as typed (no line breaks inside)."""
    line = text.strip()
    line = _INLINE.sub(r"\\\1", line)
    line = _ENTITY.sub(r"\\&", line)
    line = _EMOJI.sub(r"\\:", line)
    line = _CLOSING_HASHES.sub(lambda m: "\\#" * len(m[1]), line)
    return _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", line)


def escape_inline(text: str, line_break: str = "<br>") -> str:
    """User text for a table cell, list item or heading, on one Markdown line.

    Args:
        text: As typed; it may hold line breaks.
        line_break: What stands for each line break (``<br>``, or a space in headings).
    """
    lines = _LINE_BREAKS.split(text.strip())
    return line_break.join(escape_line(line) for line in lines)


def escape_paragraphs(text: str) -> str:
    """User text as Markdown paragraphs: a blank line starts a paragraph, a line break stays one."""
    paragraphs = re.split(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\s*", text.strip())
    return "\n\n".join(
        "\\\n".join(escape_line(line) for line in _LINE_BREAKS.split(paragraph) if line.strip())
        for paragraph in paragraphs
        if paragraph.strip()
    )


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A GitHub table; ``header`` and cells are Markdown already."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.strip() or " " for cell in row) + " |" for row in rows]
    return lines


def _link(link: WebLink) -> str:
    """A web link: a Markdown link for web and mail addresses, the address as text otherwise."""
    url = "".join(link.url.split())  # an address has no spaces or line breaks in it
    label = escape_inline(link.label, " ") if link.label.strip() else escape_line(url)
    if not url.lower().startswith(_SAFE_SCHEMES):
        # javascript:, file: and the like are shown, never made clickable.
        return f"{label} ({escape_line(url)})" if link.label.strip() else label
    target = re.sub(r"([\\<>|])", r"\\\1", url)
    kind = f" ({link.kind})" if link.kind and link.kind != "other" else ""
    return f"[{label}](<{target}>){kind}"


# -- plain words ------------------------------------------------------------------


def short(text: str, limit: int = SHORT_LIMIT) -> str:
    """The start of ``text`` on one line, cut at a word with ``…`` when longer than ``limit``."""
    one_line = " ".join(text.split())
    if len(one_line) <= limit:
        return one_line
    cut = one_line[:limit].rsplit(" ", 1)[0] if " " in one_line[:limit] else one_line[:limit]
    return cut.rstrip(" ,;:.") + "…"


def local_time(moment: datetime, zone_name: str, with_date: bool = True) -> str:
    """``2026-03-02 14:02 CET`` (or ``14:02 CET``): the moment on the incident's clock, with its zone."""
    local = in_incident_zone(moment, zone_name)
    clock = f"{local:%H:%M}" + (f":{local.second:02}" if local.second else "")
    zone = local.tzname() or ""
    text = f"{local.date().isoformat()} {clock}" if with_date else clock
    return f"{text} {zone}".strip()


def title_parts(session: Session) -> list[str]:
    """The title line's parts as plain text: reference, title, severity, the day it started."""
    day = incident_day(session)
    parts = [session.reference.strip(), " ".join(session.title.split()) or UNTITLED, session.severity.strip()]
    parts.append(day.isoformat() if day else "")
    return [part for part in parts if part]


def title_line(session: Session) -> str:
    """The title line in Markdown (without the heading marker)."""
    return " · ".join(escape_inline(part, " ") for part in title_parts(session))


def _private(thing: Item | Participant) -> str:
    return " *(private)*" if thing.private else ""


class _Names:
    """How one item refers to another: ``learning 2``, ``factor “Config pushes skip…”``."""

    def __init__(self, session: Session) -> None:
        self._zone = session.time_zone
        self._items: dict[str, tuple[int, Item]] = {}
        for name in ("timeline", "went_wrong", "contributing_factors", "key_learnings"):
            for number, item in enumerate(getattr(session, name), start=1):
                if item.key:
                    self._items.setdefault(item.key, (number, item))

    def __call__(self, key: str) -> str:
        found = self._items.get(key)
        if found is None:
            return escape_line(key)
        number, item = found
        quoted = f"“{escape_line(short(item.text))}”"
        if isinstance(item, KeyLearning):
            return f"learning {number}"
        if isinstance(item, ContributingFactor):
            return f"factor {quoted}"
        if isinstance(item, WentWrong):
            return f"went wrong {quoted}"
        if isinstance(item, TimelineEntry) and item.at is not None:
            return f"timeline {local_time(item.at, self._zone, with_date=False)} {quoted}"
        return f"timeline {quoted}"


# -- the postmortem ----------------------------------------------------------------


def postmortem_markdown(session: Session, settings: OrgSettings) -> str:
    """The postmortem as GitHub-flavoured Markdown, its key learnings right after the title line.

    Then the summary, the classification, the timeline and actions as tables, what
    went right and wrong, the contributing factors by category, the parking lot and
    private notes (when the session still has them: a public export has none), and the
    ground rules. Private items are marked *(private)*; a public export has none left.

    Args:
        session: The session to write, already prepared for its audience.
        settings: The organisation's settings (its severity scale and holiday windows).
    """
    names = _Names(session)
    out = [f"# {title_line(session)}", ""]
    out += _learnings_section(session.key_learnings)
    if session.summary.strip():
        out += ["## Summary", "", escape_paragraphs(session.summary), ""]
    out += _classification(session, settings)
    out += ["## Timeline", ""]
    out += _timeline(session) or ["*No timeline entries.*"]
    out.append("")
    out += ["## What went right", ""]
    out += [
        f"- {escape_inline(item.text)}"
        + (" — *repeat / automate this*" if item.repeat else "")
        + _private(item)
        for item in session.went_right
    ] or ["*Nothing written down.*"]
    out += ["", "## What went wrong", ""]
    out += [f"- {escape_inline(item.text)}{_private(item)}" for item in session.went_wrong] or [
        "*Nothing written down.*"
    ]
    out.append("")
    out += _factors(session.contributing_factors, names)
    out += _actions(session.actions, names)
    if session.parking_lot:
        out += ["## Parking lot", "", "Fix ideas held during the debrief, for the actions later.", ""]
        out += [f"- {escape_inline(item.text)}{_private(item)}" for item in session.parking_lot]
        out.append("")
    if session.private_notes.strip():
        out += ["## Facilitator's private notes", "", escape_paragraphs(session.private_notes), ""]
    out += _ground_rules(session.ground_rules)
    return "\n".join(out).rstrip("\n") + "\n"


def _learnings_section(learnings: Sequence[KeyLearning]) -> list[str]:
    out = ["## What we learned", ""]
    out += [
        f"{n}. {escape_inline(learning.text)}{_private(learning)}" for n, learning in enumerate(learnings, 1)
    ]
    if not learnings:
        out.append("*No key learnings were written down.*")
    return [*out, ""]


def _duration(value: timedelta | None) -> str:
    return "" if value is None else format_duration(value)


def _classification(session: Session, settings: OrgSettings) -> list[str]:
    derived = derive(session, settings.holidays)
    description = describe_severity(session.severity, settings.severity_scale)
    severity = escape_inline(session.severity, " ")
    if severity and description.strip():
        severity += f" — {escape_inline(description, ' ')}"
    zone = session.time_zone
    times = [
        ("Started", session.started_at),
        ("Detected", session.detected_at),
        ("Mitigated", session.mitigated_at),
        ("Resolved", session.resolved_at),
    ]
    regression = {True: "yes", False: "no", None: ""}[session.metadata.regression]
    detection = ""
    if derived.detection_hour is not None:
        detection = f"{derived.detection_hour:02}:00–{derived.detection_hour:02}:59, {derived.weekday}"
    participants = ", ".join(
        escape_inline(p.name, " ")
        + (f" ({escape_inline(p.role, ' ')})" if p.role.strip() else "")
        + _private(p)
        for p in session.participants
        if p.name.strip() or p.role.strip()
    )
    rows = [
        ("Severity", severity),
        ("System", escape_inline(session.system)),
        ("Trigger", escape_inline(session.trigger)),
        ("Tags", ", ".join(escape_inline(tag, " ") for tag in session.tags if tag.strip())),
        *[(label, local_time(moment, zone)) for label, moment in times if moment is not None],
        ("Time to detect", _duration(derived.time_to_detect)),
        ("Time to mitigate", _duration(derived.time_to_mitigate)),
        ("Time to resolve", _duration(derived.time_to_resolve)),
        ("Detection hour", detection),
        ("Holiday or freeze window", escape_inline(derived.holiday or "")),
        ("Regression", regression),
        ("Third-party dependency", escape_inline(session.metadata.third_party)),
        ("Customer impact", escape_inline(session.metadata.customer_impact)),
        ("Time zone", escape_inline(zone)),
        ("Facilitator", escape_inline(session.facilitator, " ")),
        ("Participants", participants),
        ("Shows of hands", escape_inline(hand_counts_line(session.hand_counts), " ")),
        ("Status", session.status.replace("-", " ")),
    ]
    shown = [f"- **{label}:** {value}" for label, value in rows if value.strip()]
    return ["## Classification", "", *(shown or ["*Not classified yet.*"]), ""]


def _timeline(session: Session, include_private: bool = True) -> list[str]:
    """The timeline as a table: time with zone, who, what, source; empty without entries."""
    entries = [e for e in session.timeline if include_private or not e.private]
    if not entries:
        return []
    rows = []
    shown_day: date | None = None
    for entry in entries:
        when = ""
        if entry.at is not None:
            day = in_incident_zone(entry.at, session.time_zone).date()
            when = local_time(entry.at, session.time_zone, with_date=day != shown_day)
            shown_day = day
            if entry.approximate:
                when = "~" + when
        what = escape_inline(entry.text)
        if entry.kind == "decision":
            what = f"**Decision:** {what}"
        if entry.starred:
            what = f"★ {what}"
        extras = [_link(link) for link in entry.web_links]
        if entry.image is not None:
            extras.append("*an image is attached (the PDF shows it)*")
        if extras:
            what += "<br>" + " · ".join(extras)
        source = SOURCE_LABELS[entry.source].lower() if entry.source in SOURCE_LABELS else entry.source or ""
        if entry.chat is not None and entry.chat.where():
            source = " · ".join(part for part in (source, escape_inline(entry.chat.where())) if part)
        rows.append([when, escape_inline(entry.actor), what + _private(entry), source])
    notes = "★ a key moment · ~ an approximate time"
    return [*_table(["Time", "Who", "What", "Source"], rows), "", notes]


def _factors(factors: Sequence[ContributingFactor], names: Callable[[str], str]) -> list[str]:
    out = ["## Contributing factors", ""]
    if not factors:
        return [*out, "*None written down.*", ""]
    groups = [(CATEGORY_LABELS[c], [f for f in factors if f.category == c]) for c in FACTOR_CATEGORIES]
    groups.append((NO_CATEGORY, [f for f in factors if f.category not in FACTOR_CATEGORIES]))
    for heading, group in groups:
        if not group:
            continue
        out += [f"### {heading}", ""]
        for factor in group:
            line = f"- {escape_inline(factor.text)}{_private(factor)}"
            if factor.links:
                line += "<br>Rests on: " + "; ".join(names(key) for key in factor.links)
            out.append(line)
        out.append("")
    return out


def _actions(actions: Sequence[Action], names: Callable[[str], str]) -> list[str]:
    out = ["## Actions", ""]
    if not actions:
        return [*out, "*None yet.*", ""]
    rows = [
        [
            escape_inline(action.text) + _private(action),
            escape_inline(action.owner),
            action.due.isoformat() if action.due else "",
            STATUS_LABELS.get(action.status, action.status),
            "; ".join(names(key) for key in action.serves),
        ]
        for action in actions
    ]
    return [*out, *_table(["Action", "Owner", "Due", "Status", "Serves"], rows), ""]


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=\s|$)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)*?\1")
_TAG = re.compile(r"<(?=[A-Za-z/!?])")


def policy_markdown(text: str, levels_down: int = 2) -> str:
    """The organisation's policy as Markdown under a section heading of the export.

    Its headings move down ``levels_down`` levels (at most to level 6), so the
    policy's own title sits under "Ground rules"; raw HTML is shown as text, as the
    app shows it. Fenced code blocks are left exactly as written.
    """
    out: list[str] = []
    fence: str | None = None
    for line in _LINE_BREAKS.split(text.strip()):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening[1][0] == fence[0] and len(opening[1]) >= len(fence):
                fence = None
            out.append(line)
            continue
        if opening:
            fence = opening[1]
            out.append(line)
            continue
        line = _HEADING.sub(lambda m: m[1] + "#" * min(6, len(m[2]) + levels_down), line)
        out.append(_outside_code(line, lambda part: _TAG.sub("&lt;", part)))
    return "\n".join(out)


def _outside_code(line: str, change: Callable[[str], str]) -> str:
    """``line`` with ``change`` applied to everything but its inline code spans."""
    parts, last = [], 0
    for span in _CODE_SPAN.finditer(line):
        parts += [change(line[last : span.start()]), span[0]]
        last = span.end()
    parts.append(change(line[last:]))
    return "".join(parts)


def _ground_rules(policy: str) -> list[str]:
    out = ["## Ground rules", ""]
    if not policy.strip():
        return [*out, "*No ground rules were kept with this debrief.*", ""]
    return [*out, policy_markdown(policy), ""]


# -- the pre-read -------------------------------------------------------------------


def planned_minutes(session: Session) -> list[tuple[Phase, int]]:
    """The meeting's agenda: each phase planned for more than 0 minutes, in meeting order.

    The session's own plan when it has a readable one, else the default 60-minute plan.
    """
    try:
        plan = TimeboxState.from_dict(session.timebox).plan
    except (ValueError, TypeError, AttributeError):
        plan = dict(DEFAULT_PLAN)
    return [(phase, plan[phase]) for phase in Phase if plan.get(phase, 0) > 0]


def preread_markdown(session: Session, settings: OrgSettings) -> str:
    """A pre-read for the participants: the agenda, the ground rules and the draft timeline.

    Private timeline entries are never in a pre-read, whatever the audience: it goes
    to the participants before the meeting, as the shared screen would.

    Args:
        session: The session the debrief is about, already prepared for its audience.
        settings: The organisation's settings (unused today beyond what the session carries).
    """
    del settings  # the pre-read needs nothing from them yet; the signature matches the other exports
    out = [f"# {title_line(session)}", ""]
    out += [
        "Pre-read for the debrief: the plan for the meeting, how we hold it, and the timeline so far.",
        "",
    ]
    if session.summary.strip():
        out += ["## What we know so far", "", escape_paragraphs(session.summary), ""]
    agenda = planned_minutes(session)
    out += ["## Agenda", ""]
    rows = [[phase.label, f"{minutes} min"] for phase, minutes in agenda]
    rows.append(["**Total**", f"**{sum(m for _, m in agenda)} min**"])
    out += [*_table(["Phase", "Planned"], rows), ""]
    out += _ground_rules(session.ground_rules)
    out += ["## Draft timeline", ""]
    out += _timeline(session, include_private=False) or ["*No timeline entries yet.*"]
    out += ["", "The timeline is a draft: bring what you saw, and what is missing or differs."]
    return "\n".join(out).rstrip("\n") + "\n"


# -- the digest ----------------------------------------------------------------------


def _tally_table(label: str, tallies: Sequence[Tally]) -> list[str]:
    rows = [[escape_inline(t.value, " "), str(t.count)] for t in tallies]
    return _table([label, "Incidents"], rows)


def digest_markdown(sessions: Sequence[Session], since: date, until: date, settings: OrgSettings) -> str:
    """The learning digest: every incident that started in the range, its learnings first, by month.

    A range line, counts by severity and the most frequent tags and triggers, then
    each month (oldest first) with each incident's title line and its key learnings.
    Which sessions count is decided by ``export.digest.build_digest``.

    Args:
        sessions: Sessions to choose from; those outside the range are left out.
        since: First day, inclusive (the day an incident started, in its own zone).
        until: Last day, inclusive.
        settings: The organisation's settings (the severity scale orders the counts).
    """
    # The digest module loads reportlab: only a digest needs it.
    from export.digest import build_digest, digest_title, learnings_to_show, month_name, range_sentence

    digest = build_digest(sessions, since, until, settings)
    out = [f"# {escape_line(digest_title(digest))}", ""]
    out += [escape_line(range_sentence(digest)), ""]
    if not digest.total:
        return "\n".join([*out, "No incident started in this range."]) + "\n"
    out += ["## At a glance", ""]
    out += [*_tally_table("Severity", digest.severities), ""]
    if digest.tags:
        out += [*_tally_table("Most frequent tags", digest.tags), ""]
    if digest.triggers:
        out += [*_tally_table("Most frequent triggers", digest.triggers), ""]
    for month in digest.months:
        out += [f"## {month_name(month.year, month.month)}", ""]
        for session in month.sessions:
            out += [f"### {title_line(session)}", ""]
            learnings = learnings_to_show(session)
            out += [f"{n}. {escape_inline(k.text)}" for n, k in enumerate(learnings, 1)]
            if not learnings:
                out.append("*No key learnings were written down.*")
            context = _digest_context(session)
            if context:
                out += ["", context]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _digest_context(session: Session) -> str:
    parts = []
    if session.system.strip():
        parts.append(f"System: {escape_inline(session.system, ' ')}")
    if session.trigger.strip():
        parts.append(f"Trigger: {escape_inline(session.trigger, ' ')}")
    tags = [escape_inline(tag, " ") for tag in session.tags if tag.strip()]
    if tags:
        parts.append("Tags: " + ", ".join(tags))
    return " · ".join(parts)
