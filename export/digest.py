"""The learning digest: which incidents it holds, grouped by month, and the counts on its front page.

The digest is the monthly newsletter of what incidents taught. It holds every
incident that *started* in the range, by the day it started in its own time zone
(an incident that began at 23:30 on 31 March in New York is a March incident), both
ends included. Decisions made here, for the Markdown and the PDF alike:

- Months and the incidents in them run oldest first, so the digest reads as a
  chronicle; a one-month digest is the usual case anyway.
- One entry per incident: when a follow-up review of a session is among those
  given, the session it follows is left out and the newest follow-up stands for
  the incident (it started from the first one's learnings, and refined them), so
  nothing is counted twice.
- Private learnings are left out: a newsletter travels further than the team.
- An incident without learnings is still listed, saying so.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from export import ExportCancelled
from export.markdown import title_parts
from export.outline import outlined
from export.pdf import write_document
from export.styles import ACCENT, FRAME_WIDTH, RULE, Styles, styles
from export.text import inline, paragraph
from facilitation.classification import incident_day
from facilitation.model import KeyLearning, Session, SessionSummary
from facilitation.settings import OrgSettings, normalise_severity

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
TOP = 8
"""How many of the most frequent tags and triggers the front page shows."""
NO_SEVERITY = "No severity"

_Dated = TypeVar("_Dated", Session, SessionSummary)


@dataclass(frozen=True)
class Tally:
    """One bar of a front-page chart.

    Attributes:
        value: What is counted, as shown (``Sev-2``, ``auth``).
        count: How many incidents have it.
    """

    value: str
    count: int


@dataclass(frozen=True)
class Month:
    """The incidents that started in one calendar month, oldest first."""

    year: int
    month: int
    sessions: tuple[Session, ...]


@dataclass(frozen=True)
class Digest:
    """Everything a digest shows, in the order it shows it.

    Attributes:
        since: First day of the range.
        until: Last day of the range.
        months: The months with incidents, oldest first.
        severities: Incidents per severity, in the scale's order; levels with no
            incident are left out, then levels not on the scale, then those without one.
        tags: The most frequent tags, most first (ties in alphabetical order).
        triggers: The most frequent triggers, likewise.
    """

    since: date
    until: date
    months: tuple[Month, ...]
    severities: tuple[Tally, ...]
    tags: tuple[Tally, ...]
    triggers: tuple[Tally, ...]

    @property
    def sessions(self) -> list[Session]:
        """Every incident in the digest, oldest first."""
        return [session for month in self.months for session in month.sessions]

    @property
    def total(self) -> int:
        """How many incidents the digest holds."""
        return sum(len(month.sessions) for month in self.months)


def month_name(year: int, month: int) -> str:
    """``March 2026``."""
    return f"{MONTH_NAMES[month - 1]} {year}"


def start_day(item: Session | SessionSummary) -> date | None:
    """The day an incident started, in its own zone; None without a start time."""
    if isinstance(item, SessionSummary):
        return date.fromisoformat(item.start_day) if item.start_day else None
    return incident_day(item)


def sessions_in_range(items: Sequence[_Dated], since: date, until: date) -> list[_Dated]:
    """The sessions (or summaries) that started from ``since`` to ``until``, both included, oldest first.

    Sessions without a start time are never in a range. Ties keep the order given.
    """
    dated = [(day, index, item) for index, item in enumerate(items) if (day := start_day(item)) is not None]
    return [item for day, _, item in sorted(dated, key=lambda d: (d[0], d[1])) if since <= day <= until]


def latest_reviews(sessions: Sequence[Session]) -> list[Session]:
    """``sessions`` without those a follow-up review among them stands for; the order is kept.

    A chain of follow-ups (a review of a review) keeps only its newest.
    """
    followed = {s.follows for s in sessions if s.follows is not None}
    return [s for s in sessions if s.id is None or s.id not in followed]


def learnings_to_show(session: Session) -> list[KeyLearning]:
    """The learnings a digest shows: those written down and not private, in order."""
    return [k for k in session.key_learnings if k.text.strip() and not k.private]


def build_digest(sessions: Sequence[Session], since: date, until: date, settings: OrgSettings) -> Digest:
    """Choose the incidents for a digest, group them by month and count them.

    Args:
        sessions: Sessions to choose from; those that did not start in the range are left out.
        since: First day, inclusive.
        until: Last day, inclusive.
        settings: The organisation's settings; its severity scale orders the counts.
    """
    chosen = latest_reviews(sessions_in_range(sessions, since, until))
    months: dict[tuple[int, int], list[Session]] = {}
    for session in chosen:
        day = start_day(session)
        assert day is not None  # sessions_in_range keeps only sessions with a start day
        months.setdefault((day.year, day.month), []).append(session)
    return Digest(
        since=since,
        until=until,
        months=tuple(Month(y, m, tuple(group)) for (y, m), group in sorted(months.items())),
        severities=tuple(_severities(chosen, settings)),
        tags=tuple(_most_frequent([tag for s in chosen for tag in _unique(s.tags)])),
        triggers=tuple(_most_frequent([s.trigger for s in chosen])),
    )


def _unique(values: Sequence[str]) -> list[str]:
    """Each value once per incident, ignoring case (a session's tags should be so already)."""
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(" ".join(value.split()).casefold(), value)
    return list(seen.values())


def _severities(sessions: Sequence[Session], settings: OrgSettings) -> list[Tally]:
    scale = settings.severity_names()
    counts: Counter[str] = Counter()
    for session in sessions:
        name = session.severity.strip()
        counts[(normalise_severity(name, scale) or name) if name else NO_SEVERITY] += 1
    on_scale = [Tally(name, counts[name]) for name in scale if counts[name]]
    others = sorted(name for name in counts if name not in scale and name != NO_SEVERITY)
    tallies = on_scale + [Tally(name, counts[name]) for name in others]
    if counts[NO_SEVERITY]:
        tallies.append(Tally(NO_SEVERITY, counts[NO_SEVERITY]))
    return tallies


def _most_frequent(values: Sequence[str], top: int = TOP) -> list[Tally]:
    """The ``top`` most frequent values, ignoring case and spacing; shown as first spelled."""
    spelling: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for value in values:
        shown = " ".join(value.split())
        if not shown:
            continue
        key = shown.casefold()
        spelling.setdefault(key, shown)
        counts[key] += 1
    ranked = sorted(counts, key=lambda key: (-counts[key], key))
    return [Tally(spelling[key], counts[key]) for key in ranked[:top]]


# -- the PDF ---------------------------------------------------------------------------

CHART_GAP = 6 * mm
BAR_HEIGHT = 7.0
SUBJECT = "Learning digest"


def digest_pdf(
    sessions: Sequence[Session],
    since: date,
    until: date,
    settings: OrgSettings,
    path: Path,
    *,
    invariant: bool = False,
    progress: Callable[[int, int], bool] | None = None,
) -> None:
    """Writes the learning digest as a PDF at ``path``, replacing a file there only when complete.

    Args:
        sessions: Sessions to choose from (see ``build_digest``).
        since: First day, inclusive.
        until: Last day, inclusive.
        settings: The organisation's settings.
        path: Where to write; its folder must exist.
        invariant: Fix dates and ids so the same input gives the same bytes (for tests).
        progress: Called with (incidents laid out, incidents in all) as the pages are
            laid out; returning False stops the export and nothing is written.

    Raises:
        ExportCancelled: ``progress`` returned False; nothing at ``path`` has changed.
        OSError: The file could not be written; nothing at ``path`` has changed.
    """
    digest = build_digest(sessions, since, until, settings)
    title = digest_title(digest)

    def laid_out(flowable: Flowable) -> None:
        if (
            progress is not None
            and isinstance(flowable, _Progress)
            and progress(flowable.done, flowable.total) is False
        ):
            raise ExportCancelled("The digest was cancelled; nothing was written.")

    if progress is not None and progress(0, digest.total) is False:
        raise ExportCancelled("The digest was cancelled; nothing was written.")
    write_document(
        path,
        story_of(digest, with_progress=progress is not None),
        title=title,
        subject=SUBJECT,
        header=title,
        keywords=[tally.value for tally in digest.tags],
        invariant=invariant,
        after_flowable=laid_out,
    )


def digest_story(
    sessions: Sequence[Session], since: date, until: date, settings: OrgSettings
) -> list[Flowable]:
    """The digest's flowables: a front page with counts and small charts, then each month's learnings.

    Pure: it draws nothing and writes nothing.

    Args:
        sessions: Sessions to choose from (see ``build_digest``).
        since: First day, inclusive.
        until: Last day, inclusive.
        settings: The organisation's settings.
    """
    return story_of(build_digest(sessions, since, until, settings))


def digest_title(digest: Digest) -> str:
    """``Learning digest, March 2026`` for one whole month, else with the two days of the range."""
    since, until = digest.since, digest.until
    whole_month = (
        since.day == 1
        and (since.year, since.month) == (until.year, until.month)
        and until.day == calendar.monthrange(until.year, until.month)[1]
    )
    if whole_month:
        return f"{SUBJECT}, {month_name(since.year, since.month)}"
    return f"{SUBJECT}, {since.isoformat()} to {until.isoformat()}"


def range_sentence(digest: Digest) -> str:
    """What the digest holds, in one sentence."""
    count = f"{digest.total} incident" + ("" if digest.total == 1 else "s")
    return (
        f"{count} that started from {digest.since.isoformat()} to {digest.until.isoformat()}, "
        "both days included (the day each started, in its own time zone)."
    )


def story_of(digest: Digest, with_progress: bool = False) -> list[Flowable]:
    """The flowables of a digest already chosen and counted (see ``digest_story``).

    Args:
        digest: What to show.
        with_progress: Put a marker that takes no room after each incident, so the
            layout can report how far it is (see ``digest_pdf``).
    """
    look = styles()
    story: list[Flowable] = [
        Paragraph(escape(SUBJECT.upper()), look.kicker),
        Paragraph(escape(digest_title(digest)), look.title),
        Paragraph(escape(range_sentence(digest)), look.meta),
    ]
    if not digest.total:
        story.append(Paragraph("No incident started in this range.", look.note))
        return story
    story.append(_charts(digest, look))
    done = 0
    for month in digest.months:
        name = month_name(month.year, month.month)
        story.append(_heading(Paragraph(escape(name), look.h1), name, level=0))
        for session in month.sessions:
            # An incident's few lines read best on one page; a very long one still splits.
            story.append(KeepTogether(_incident(session, look)))
            done += 1
            if with_progress:
                story.append(_Progress(done, digest.total))
    return story


def _heading(inner: Paragraph, title: str, level: int) -> Flowable:
    """A heading in the outline that stays on the page of what follows it."""
    heading = outlined(inner, title, level)
    heading.keepWithNext = True  # the paragraph's style says so; the outline entry must too
    return heading


def _incident(session: Session, look: Styles) -> list[Flowable]:
    parts = title_parts(session)
    heading = Paragraph(" · ".join(inline(part) for part in parts), look.h2)
    flowables: list[Flowable] = [_heading(heading, " · ".join(parts), level=1)]
    learnings = learnings_to_show(session)
    for number, learning in enumerate(learnings, start=1):
        flowables.append(paragraph(learning.text, look.bullet, bulletText=f"{number}."))
    if not learnings:
        flowables.append(Paragraph("No key learnings were written down.", look.note))
    context = []
    if session.system.strip():
        context.append(f"System: {inline(' '.join(session.system.split()))}")
    if session.trigger.strip():
        context.append(f"Trigger: {inline(' '.join(session.trigger.split()))}")
    tags = [inline(tag) for tag in _unique(session.tags) if tag.strip()]
    if tags:
        context.append("Tags: " + ", ".join(tags))
    if context:
        flowables.append(Paragraph(" · ".join(context), look.small))
    return flowables


def _charts(digest: Digest, look: Styles) -> Table:
    """The three small bar charts side by side: severity, tags, triggers."""
    width = (FRAME_WIDTH - 2 * CHART_GAP) / 3
    columns = [
        bar_chart("Incidents by severity", digest.severities, width, look),
        bar_chart("Most frequent tags", digest.tags, width, look),
        bar_chart("Most frequent triggers", digest.triggers, width, look),
    ]
    return Table(
        [columns],
        colWidths=[width + CHART_GAP, width + CHART_GAP, width],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), CHART_GAP),
                ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
            ]
        ),
        hAlign="LEFT",
        spaceAfter=10,
    )


CHART_LABEL_LIMIT = 60
"""The longest label a chart shows whole; a longer one is cut with "…" so the row fits the page."""


def _short_label(value: str) -> str:
    flat = " ".join(value.split())
    return flat if len(flat) <= CHART_LABEL_LIMIT else f"{flat[: CHART_LABEL_LIMIT - 1].rstrip()}…"


def bar_chart(title: str, tallies: Sequence[Tally], width: float, look: Styles) -> list[Flowable]:
    """A small horizontal bar chart: a label, a bar drawn to scale, the count; one row per tally.

    The labels are paragraphs, so any script is set in a font that has it; the bars are
    reportlab graphics, all drawn to the scale of the largest count.
    """
    heading = Paragraph(escape(title), look.label)
    if not tallies:
        return [heading, Paragraph("None given.", look.note)]
    label_width, count_width = width * 0.46, 8 * mm
    bar_room = width - label_width - count_width
    most = max(t.count for t in tallies)
    rows = []
    for tally in tallies:
        bar = Drawing(bar_room - 3, BAR_HEIGHT)
        length = max(1.0, (bar_room - 3) * tally.count / most)
        rect = Rect(0, 0, length, BAR_HEIGHT)
        rect.fillColor, rect.strokeColor = ACCENT, None
        bar.add(rect)
        rows.append(
            [
                Paragraph(inline(_short_label(tally.value)), look.cell_small),
                bar,
                Paragraph(str(tally.count), look.cell_small),
            ]
        )
    table = Table(
        rows,
        colWidths=[label_width, bar_room, count_width],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LINEABOVE", (0, 0), (-1, 0), 0.25, RULE),
            ]
        ),
        hAlign="LEFT",
    )
    return [heading, table]


class _Progress(Flowable):
    """A marker that takes no room, telling how many incidents are laid out when the layout passes it."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done, self.total = done, total
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        pass
