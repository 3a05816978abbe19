"""The postmortem and the pre-read as reportlab flowables, built from a session without writing anything.

Page one of the postmortem opens with the title line and what was learned; then the
summary and classification, the timeline, what went right and wrong, the contributing
factors, the actions, and the ground rules the debrief was held under. Every section is
always there, in that order, so readers (and the outline) find them in the same place; an
empty one says so in a sentence.
"""

from __future__ import annotations

import dataclasses
import io
import re
import warnings
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, Spacer, Table, TableStyle

from export.outline import outlined
from export.styles import (
    ACCENT,
    FRAME_WIDTH,
    LEARNING_FILL,
    SPLIT_IN_ROW,
    Cell,
    data_table,
    key_value_table,
    spread,
    styles,
)
from export.text import LONG_TEXT, CachedParagraph, clean, has_rtl, inline, paragraph, paragraphs, runs_markup
from facilitation.classification import (
    derive,
    format_duration,
    in_incident_zone,
    incident_day,
    severity_description,
)
from facilitation.model import (
    CATEGORY_LABELS,
    FACTOR_CATEGORIES,
    SOURCE_LABELS,
    UNTITLED,
    Action,
    ContributingFactor,
    EntryImage,
    Item,
    Session,
    TimelineEntry,
    hand_counts_line,
)
from facilitation.phases import Phase
from facilitation.settings import OrgSettings
from facilitation.timebox import TimeboxState

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
KIND_LABELS = {"event": "Event", "decision": "Decision", "observation": "Observation", "action": "Action"}
"""Each timeline entry kind (``KINDS``) as people read it."""
NO_CATEGORY = "No category yet"
STATUS_LABELS = {"open": "Open", "in-progress": "In progress", "done": "Done", "dropped": "Dropped"}
"""Each action status (``ACTION_STATUSES``) as people read it."""
SESSION_STATUS_LABELS = {
    "draft": "Draft",
    "in-review": "In review",
    "reviewed": "Reviewed",
    "published": "Published",
}
"""Each session status (``SESSION_STATUSES``) as people read it."""
LINK_KIND_LABELS = {
    "chat": "Chat",
    "dashboard": "Dashboard",
    "ticket": "Ticket",
    "runbook": "Runbook",
    "other": "Link",
}
"""Each web link kind (``WEB_LINK_KINDS``) as people read it."""
PHASE_PURPOSES = {
    Phase.GROUND_RULES: "How we hold this debrief: to learn, not to blame.",
    Phase.TIMELINE: "What happened, from every perspective: the longest part.",
    Phase.WENT_RIGHT: "What helped: alerts, fallbacks, good calls.",
    Phase.WENT_WRONG: "What hurt, technical or not.",
    Phase.CONTRIBUTING_FACTORS: "The many conditions that made the incident possible.",
    Phase.KEY_LEARNINGS: "Three to five learnings for people who weren't there.",
    Phase.ACTIONS: "The fixes; they can be settled later in a small group.",
    Phase.CLASSIFY: "Severity, system, trigger and tags.",
}

# Timeline and actions columns: when/owner, who/due, what, source/status. They add up to FRAME_WIDTH.
_WHEN, _WHO, _SOURCE = 80.0, 80.0, 66.0
_WHAT = FRAME_WIDTH - _WHEN - _WHO - _SOURCE
_IMAGE_MAX_HEIGHT = 70 * mm
_REFERENCE_LIMIT = 110
_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|(\d+)[.)])\s+(.*)$")
_HEADING = re.compile(r"^\s*#{1,6}\s+(.*?)\s*#*\s*$")


def document_title(session: Session) -> str:
    """The session as a document names it: ``#1421 Auth service outage`` (no reference: the title alone)."""
    title = clean(session.title).strip() or UNTITLED
    reference = clean(session.reference).strip()
    return f"{reference} {title}" if reference else title


def build_story(session: Session, settings: OrgSettings) -> list[Flowable]:
    """The postmortem of ``session`` as flowables, learnings first.

    Pure: it reads the session and writes nothing. The session is shown as given, so a
    public export passes what ``facilitation.audience.prepare`` made of it. What only
    an internal export still has (private items, the parking lot, the facilitator's
    private notes) is shown and marked as such; the parking lot and private notes get
    a section only when there is something in them.

    Args:
        session: The debrief to write up.
        settings: The organisation's settings: the severity scale's descriptions and
            the holiday windows.
    """
    look = styles()
    story: list[Flowable] = []
    story += _title_block(session, "Postmortem")
    story += _learnings(session)
    story.append(_section("Summary"))
    story += paragraphs(session.summary, look.body) or [_note("No summary was written for this debrief.")]
    story.append(_section("Classification"))
    story.append(_classification(session, settings))
    story.append(_section("Timeline"))
    story += _timeline(session) or [_note("No timeline entries were recorded.")]
    story.append(_section("What went right"))
    story += _went_right(session) or [_note("Nothing was noted under what went right.")]
    story.append(_section("What went wrong"))
    story += _bullets(session.went_wrong) or [_note("Nothing was noted under what went wrong.")]
    story.append(_section("Contributing factors"))
    story += _factors(session) or [_note("No contributing factors were recorded.")]
    story.append(_section("Actions"))
    story += _actions(session) or [_note("No actions were decided in this debrief.")]
    if session.parking_lot:
        story.append(_section("Parking lot"))
        story += _bullets(session.parking_lot)
    notes = paragraphs(session.private_notes, look.body)
    if notes:
        story.append(_section("Facilitator's private notes"))
        story.append(_note("Kept for the facilitator; a public export leaves them out.", look.note_lead))
        story += notes
    story.append(_section("Ground rules"))
    story += ground_rules(session.ground_rules) or [
        _note("The ground rules were not kept with this debrief.")
    ]
    return story


def preread_story(session: Session, settings: OrgSettings) -> list[Flowable]:
    """The pre-read participants get before the meeting: agenda, ground rules and the draft timeline.

    Private timeline entries are left out whatever the audience.

    Args:
        session: The debrief being prepared, as it is to be shown.
        settings: The organisation's settings (unused today; kept for symmetry with the postmortem).
    """
    look = styles()
    story: list[Flowable] = _title_block(session, "Pre-read")
    story.append(
        CachedParagraph(
            "We will meet to learn how this incident happened: not to find someone to blame, and not "
            "to fix it in the room. Please read the ground rules and the draft timeline before we meet. "
            "If you remember something the timeline is missing, or see something that reads "
            "differently from how you saw it, bring it along: every perspective helps.",
            look.body,
        )
    )
    summary = paragraphs(session.summary, look.body)
    if summary:
        story.append(_section("What we know so far"))
        story += summary
    story.append(_section("Agenda"))
    story.append(_agenda(session))
    story.append(_section("Ground rules"))
    story += ground_rules(session.ground_rules) or [_note("The ground rules will be read out at the start.")]
    story.append(_section("Draft timeline"))
    # Participants read the pre-read as they see the shared screen, where private items never show.
    shared = dataclasses.replace(session, timeline=[entry for entry in session.timeline if not entry.private])
    story += _timeline(shared) or [_note("The timeline is still empty: bring what you remember.")]
    return story


def ground_rules(text: str) -> list[Flowable]:
    """The blameless policy, written in light Markdown, as paragraphs, headings and lists.

    Understood: ``#`` headings, ``-``/``*``/``1.`` list items (continued on indented
    lines), blank lines between paragraphs and ``**bold**``. Anything else prints as typed.
    """
    look = styles()
    flowables: list[Flowable] = []
    block: list[str] = []
    mark: str | None = None

    def flush() -> None:
        nonlocal block, mark
        if block:
            text = " ".join(line.strip() for line in block)
            style = look.bullet if mark is not None else look.body
            flowables.append(_emphasised(text, style, mark))
        block, mark = [], None

    for line in clean(text).split("\n"):
        heading = _HEADING.match(line)
        item = _LIST_ITEM.match(line)
        if not line.strip():
            flush()
        elif heading:
            flush()
            flowables.append(_emphasised(heading.group(1), look.h2, None))
        elif item:
            flush()
            mark = f"{item.group(1)}." if item.group(1) else "•"
            block = [item.group(2)]
        else:
            block.append(line)
    flush()
    return flowables


def _emphasised(text: str, style: ParagraphStyle, mark: str | None) -> Flowable:
    """A paragraph of policy text with its ``**bold**`` set bold (plain when it reads right to left)."""
    if has_rtl(text):
        return paragraph(_EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text), style, bulletText=mark)
    parts: list[str] = []
    last = 0
    for match in _EMPHASIS.finditer(text):
        parts.append(runs_markup(text[last : match.start()]))
        parts.append(f"<b>{runs_markup(match.group(1) or match.group(2))}</b>")
        last = match.end()
    parts.append(runs_markup(text[last:]))
    return CachedParagraph("".join(parts), style, bulletText=mark)


# -- page one ---------------------------------------------------------------------------------


def _title_block(session: Session, kind: str) -> list[Flowable]:
    look = styles()
    reference = _shortened(clean(session.reference).strip(), _REFERENCE_LIMIT)
    kicker = kind.upper() + (f"  ·  {inline(reference)}" if reference else "")
    facts = []
    if session.severity.strip():
        facts.append(f"<b>{inline(session.severity.strip())}</b>")
    day = incident_day(session)
    if day is not None:
        facts.append(_long_date(day))
    if session.system.strip():
        facts.append(inline(session.system.strip()))
    blocks: list[Flowable] = [
        CachedParagraph(kicker, look.kicker),
        *paragraphs(clean(session.title).strip() or UNTITLED, look.title),
    ]
    if facts:
        blocks.append(CachedParagraph("  ·  ".join(facts), look.meta))
    else:
        blocks.append(Spacer(1, 8))
    return blocks


def _learnings(session: Session) -> list[Flowable]:
    look = styles()
    heading = _section("What we learned", look.lead_heading)
    rows: list[list[Cell]] = []
    joined: list[tuple[Any, ...]] = []  # no gap between the pieces of one very long learning
    for number, learning in enumerate(session.key_learnings, start=1):
        cell: list[Flowable] = paragraphs(learning.text, look.lead) or [_note("(left blank)", look.lead)]
        cell += _private_mark(learning)
        first = len(rows)
        rows += (
            spread([CachedParagraph(f"{number}", look.lead_number), cell], 1)
            if _long(learning.text)
            else [[CachedParagraph(f"{number}", look.lead_number), cell]]
        )
        if len(rows) - 1 > first:
            joined.append(("BOTTOMPADDING", (0, first), (-1, len(rows) - 2), 0))
            joined.append(("TOPPADDING", (0, first + 1), (-1, len(rows) - 1), 0))
    if not rows:
        rows = [["", _note("No key learnings were written down yet.")]]
    box = Table(
        rows,
        colWidths=[10 * mm, FRAME_WIDTH - 10 * mm],
        splitInRow=SPLIT_IN_ROW,
        style=TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), LEARNING_FILL),
                ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 9),
                ("LEFTPADDING", (1, 0), (1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                *joined,
                ("TOPPADDING", (0, 0), (-1, 0), 10),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
            ]
        ),
        hAlign="LEFT",
        spaceAfter=4,
    )
    return [heading, box]


def _classification(session: Session, settings: OrgSettings) -> Flowable:
    look = styles()
    rows: list[tuple[str, Cell]] = []

    def add(label: str, value: str) -> None:
        if value.strip():
            rows.append((label, paragraphs(value, look.cell)))

    severity = session.severity.strip()
    if severity:
        description = severity_description(severity, settings.severity_scale)
        value = f"<b>{inline(severity)}</b>" + (f" — {inline(description)}" if description else "")
        rows.append(("Severity", CachedParagraph(value, look.cell)))
    else:
        rows.append(("Severity", CachedParagraph("<i>Not set yet</i>", look.cell)))
    add("System", session.system)
    add("Trigger", session.trigger)
    if session.tags:
        rows.append(("Tags", CachedParagraph(", ".join(inline(tag) for tag in session.tags), look.cell)))
    add("Customer impact", session.metadata.customer_impact)
    add("Third party", session.metadata.third_party)
    if session.metadata.regression is not None:
        rows.append(
            (
                "Regression",
                CachedParagraph(
                    "Yes: a change brought back an earlier problem" if session.metadata.regression else "No",
                    look.cell,
                ),
            )
        )
    for label, moment in (
        ("Started", session.started_at),
        ("Detected", session.detected_at),
        ("Mitigated", session.mitigated_at),
        ("Resolved", session.resolved_at),
    ):
        if moment is not None:
            rows.append((label, CachedParagraph(_moment(moment, session.time_zone), look.cell)))
    derived = derive(session, settings.holidays)
    durations = [
        f"{label} {format_duration(value)}"
        for label, value in (
            ("to detect", derived.time_to_detect),
            ("to mitigate", derived.time_to_mitigate),
            ("to resolve", derived.time_to_resolve),
        )
        if value is not None
    ]
    if durations:
        rows.append(("Time", CachedParagraph(_capitalised("  ·  ".join(durations)), look.cell)))
    if derived.weekday is not None and derived.detection_hour is not None:
        hour = derived.detection_hour
        rows.append(
            (
                "Day and hour",
                CachedParagraph(f"{derived.weekday}, between {hour:02}:00 and {hour:02}:59", look.cell),
            )
        )
    if derived.holiday:
        rows.append(("Calendar", CachedParagraph(f"During {inline(derived.holiday)}", look.cell)))
    if session.facilitator.strip():
        add("Facilitator", session.facilitator)
    people = [_person(p.name, p.role) for p in session.participants if p.name.strip() or p.role.strip()]
    if people:
        rows.append(("In the room", CachedParagraph(", ".join(people), look.cell)))
    add("Shows of hands", hand_counts_line(session.hand_counts))
    rows.append(
        (
            "Status",
            CachedParagraph(SESSION_STATUS_LABELS.get(session.status, inline(session.status)), look.cell),
        )
    )
    return key_value_table(rows)


def _person(name: str, role: str) -> str:
    name, role = name.strip(), role.strip()
    if not name or name.casefold() == role.casefold():
        return inline(role or name)
    return f"{inline(name)} ({inline(role)})" if role else inline(name)


# -- timeline ---------------------------------------------------------------------------------


def _timeline(session: Session) -> list[Flowable]:
    if not session.timeline:
        return []
    look = styles()
    entries: list[list[list[Cell]]] = []
    starred: list[int] = []
    shown_day: date | None = None
    for index, entry in enumerate(session.timeline):
        style = look.cell_bold if entry.starred else look.cell
        when: list[Flowable] = []
        if entry.at is not None:
            local = in_incident_zone(entry.at, session.time_zone)
            if local.date() != shown_day:
                when.append(CachedParagraph(_short_date(local.date()), look.cell_small))
                shown_day = local.date()
            when.append(
                CachedParagraph(("★ " if entry.starred else "") + _clock(entry, session.time_zone), style)
            )
        else:
            when.append(CachedParagraph(("★ " if entry.starred else "") + "<i>time not known</i>", style))
        what: list[Flowable] = []
        keep = 1
        if entry.kind != "event":
            keep = 2  # the kind stays with the text it labels
            what.append(
                CachedParagraph(
                    f"<b>{KIND_LABELS.get(entry.kind, inline(entry.kind))}</b>", _kind_style(entry)
                )
            )
        what += _lines(entry.text, style) or [CachedParagraph("<i>No description</i>", look.cell_small)]
        what += [_link(link.kind, link.label, link.url) for link in entry.web_links]
        if entry.image is not None:
            what.append(Spacer(1, 3))
            what.append(_image(entry.image, _WHAT - 10))
        what += _private_mark(entry)
        source = SOURCE_LABELS.get(entry.source or "", inline(entry.source or ""))
        if entry.chat is not None and entry.chat.where():
            source = "<br/>".join(part for part in (source, inline(entry.chat.where())) if part)
        cells: list[Cell] = [
            when,
            paragraphs(entry.actor, style),
            what,
            CachedParagraph(source, look.cell_small),
        ]
        entries.append(spread(cells, 2, keep) if _long(entry.text) else [cells])
        if entry.starred:
            starred.append(index)
    return [
        data_table(
            ["When", "Who", "What happened", "Source"],
            entries,
            [_WHEN, _WHO, _WHAT, _SOURCE],
            highlighted=starred,
        )
    ]


def _kind_style(entry: TimelineEntry) -> ParagraphStyle:
    look = styles()
    return look.cell_accent if entry.kind == "decision" else look.cell_small


def _clock(entry: TimelineEntry, zone_name: str) -> str:
    assert entry.at is not None
    local = in_incident_zone(entry.at, zone_name)
    text = f"{local:%H:%M}" + (f":{local.second:02}" if local.second else "")
    return ("~" if entry.approximate else "") + f"{text} {_zone_label(local)}"


def _zone_label(local: datetime) -> str:
    """``CET``, ``EDT``, ``UTC``; the UTC offset where the zone has no letters (``UTC+04:00``)."""
    name = local.tzname() or ""
    if name.isalpha() and name.isascii():
        return name
    offset = local.utcoffset() or timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02}:{rest:02}"


def _link(kind: str, label: str, url: str) -> Flowable:
    look = styles()
    name = LINK_KIND_LABELS.get(kind, "Link")
    label = clean(label).strip()
    shown = f"{inline(label)}: " if label else ""
    return CachedParagraph(f"<b>{name}</b> · {shown}{inline(url.strip())}", look.cell_small)


def _image(image: EntryImage, width: float) -> Flowable:
    """The picture scaled to fit ``width`` (never up), or a short note when it cannot be read."""
    try:
        with warnings.catch_warnings():
            # A very large picture is shown scaled down like any other, without a word on stderr.
            warnings.simplefilter("ignore")
            reader = ImageReader(io.BytesIO(image.data))
            pixels_wide, pixels_high = reader.getSize()
            reader.getRGBData()  # type: ignore[no-untyped-call]  # decode now: a broken file shows as a note
        if pixels_wide <= 0 or pixels_high <= 0:
            raise ValueError("an image without pixels")
    except Exception:
        return _note("The image could not be shown.", styles().cell_small)
    natural_width, natural_height = pixels_wide * 0.75, pixels_high * 0.75  # 96 dpi screen pixels
    scale = min(1.0, width / natural_width, _IMAGE_MAX_HEIGHT / natural_height)
    return Image(
        io.BytesIO(image.data), width=natural_width * scale, height=natural_height * scale, hAlign="LEFT"
    )


# -- what went right and wrong, factors, actions ----------------------------------------------


def _went_right(session: Session) -> list[Flowable]:
    look = styles()
    flowables: list[Flowable] = []
    for item in session.went_right:
        marks = [CachedParagraph("↻ Repeat / automate this", look.repeat)] if item.repeat else []
        flowables += _with_marks(_bulleted(item.text), marks + _private_mark(item, look.bullet_note))
    return flowables


def _with_marks(item: list[Flowable], marks: list[Flowable]) -> list[Flowable]:
    """An item's flowables and the small lines under it, kept on one page with it.

    Not a ``KeepTogether``: reportlab cannot keep a heading with one, and the first item
    follows a heading.
    """
    for flowable in [*item[-1:], *marks[:-1]] if marks else []:
        flowable.keepWithNext = True
    return item + marks


def _bullets(items: Iterable[Item]) -> list[Flowable]:
    look = styles()
    flowables: list[Flowable] = []
    for item in items:
        flowables += _with_marks(_bulleted(item.text), _private_mark(item, look.bullet_note))
    return flowables


def _bulleted(text: str) -> list[Flowable]:
    look = styles()
    return paragraphs(text, look.bullet, bullet="•") or [
        CachedParagraph("<i>(left blank)</i>", look.bullet, bulletText="•")
    ]


def _factors(session: Session) -> list[Flowable]:
    if not session.contributing_factors:
        return []
    look = styles()
    entries = {entry.key: entry for entry in session.timeline if entry.key}
    wrongs = {item.key: item for item in session.went_wrong if item.key}
    categories: list[str | None] = [*FACTOR_CATEGORIES, None]
    known = set(FACTOR_CATEGORIES)
    flowables: list[Flowable] = []
    for category in categories:
        group = [
            factor
            for factor in session.contributing_factors
            if factor.category == category or (category is None and factor.category not in known)
        ]
        if not group:
            continue
        label = CATEGORY_LABELS.get(category or "", NO_CATEGORY)
        flowables.append(outlined(CachedParagraph(label, look.h2), label, level=1))
        for factor in group:
            grounds = _grounds(factor, entries, wrongs, session.time_zone)
            marks: list[Flowable] = (
                [CachedParagraph("Rests on: " + "; ".join(grounds), look.bullet_note)] if grounds else []
            )
            flowables += _with_marks(_bulleted(factor.text), marks + _private_mark(factor, look.bullet_note))
    return flowables


def _grounds(
    factor: ContributingFactor, entries: Mapping[str, TimelineEntry], wrongs: Mapping[str, Item], zone: str
) -> list[str]:
    grounds = []
    for key in factor.links:
        if key in entries:
            entry = entries[key]
            when = _clock(entry, zone) if entry.at is not None else "timeline"
            actor = f"{inline(_shortened(entry.actor, 40))}: " if entry.actor.strip() else ""
            grounds.append(f"<b>{when}</b> {actor}{inline(_shortened(entry.text, 90))}")
        elif key in wrongs:
            grounds.append(f"<b>went wrong</b> {inline(_shortened(wrongs[key].text, 90))}")
    return grounds


def _actions(session: Session) -> list[Flowable]:
    if not session.actions:
        return []
    look = styles()
    learnings = {learning.key: number for number, learning in enumerate(session.key_learnings, start=1)}
    factors = {factor.key: factor for factor in session.contributing_factors}
    entries: list[list[list[Cell]]] = []
    for action in session.actions:
        what: list[Flowable] = _lines(action.text, look.cell) or [
            CachedParagraph("<i>(left blank)</i>", look.cell)
        ]
        serves = _serves(action, learnings, factors)
        if serves:
            what.append(CachedParagraph("Serves " + "; ".join(serves), look.cell_small))
        what += _private_mark(action)
        due = f"{action.due.day} {MONTHS[action.due.month - 1][:3]} {action.due.year}" if action.due else ""
        status = STATUS_LABELS.get(action.status, inline(action.status))
        owner = (
            paragraphs(action.owner, look.cell)
            if action.owner.strip()
            else CachedParagraph("<i>no owner yet</i>", look.cell_small)
        )
        cells: list[Cell] = [what, owner, CachedParagraph(due, look.cell), CachedParagraph(status, look.cell)]
        entries.append(spread(cells, 0) if _long(action.text) else [cells])
    widths = [FRAME_WIDTH - _WHO - 66 - 70, _WHO, 66, 70]
    return [data_table(["Action", "Owner", "Due", "Status"], entries, widths)]


def _serves(action: Action, learnings: dict[str, int], factors: dict[str, ContributingFactor]) -> list[str]:
    served = [f"learning {learnings[key]}" for key in action.serves if key in learnings]
    served += [
        f"factor: {inline(_shortened(factors[key].text, 70))}" for key in action.serves if key in factors
    ]
    return served


# -- pre-read ---------------------------------------------------------------------------------


def _agenda(session: Session) -> Flowable:
    look = styles()
    try:
        plan = TimeboxState.from_dict(session.timebox).plan
    except ValueError:
        plan = TimeboxState().plan
    rows: list[list[Cell]] = []
    total = 0
    for phase in Phase:
        minutes = plan.get(phase, 0)
        if minutes <= 0:
            continue
        total += minutes
        rows.append(
            [
                CachedParagraph(phase.label, look.cell_bold),
                CachedParagraph(PHASE_PURPOSES.get(phase, ""), look.cell),
                CachedParagraph(f"{minutes} min", look.cell),
            ]
        )
    rows.append(
        [CachedParagraph("In all", look.cell_bold), "", CachedParagraph(f"<b>{total} min</b>", look.cell)]
    )
    widths = [_WHEN + _WHO + 20, _WHAT + _SOURCE - 70, 50]
    return data_table(["Part", "What we do", "Time"], [[row] for row in rows], widths)


# -- small pieces -----------------------------------------------------------------------------


def _section(title: str, style: ParagraphStyle | None = None) -> Flowable:
    look = styles()
    return outlined(CachedParagraph(title, style or look.h1), title)


def _note(text: str, style: ParagraphStyle | None = None) -> Flowable:
    return CachedParagraph(text, style or styles().note)


def _long(text: str) -> bool:
    """Whether ``text`` is long enough to be set in pieces (see ``export.text.paragraphs``)."""
    return len(text) > LONG_TEXT


def _lines(text: str, style: ParagraphStyle) -> list[Flowable]:
    """User text in a cell: its paragraphs (a very long text stays splittable across pages)."""
    return paragraphs(text, style)


def _private_mark(item: Item, style: ParagraphStyle | None = None) -> list[Flowable]:
    if not item.private:
        return []
    return [CachedParagraph("<i>Private: kept out of public exports.</i>", style or styles().cell_small)]


def _moment(moment: datetime, zone_name: str) -> str:
    local = in_incident_zone(moment, zone_name)
    return f"{_long_date(local.date())}, {local:%H:%M} {_zone_label(local)}"


def _long_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def _short_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def _shortened(text: str, limit: int) -> str:
    line = " ".join(clean(text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
