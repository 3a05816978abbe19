"""Markdown exports: learnings first, tables that hold, and user text that renders exactly as typed.

Rendering is checked with markdown-it-py (CommonMark with GitHub's tables and
strikethrough), which import-linter's dependencies already bring into the
development environment.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from export.markdown import (
    escape_inline,
    escape_paragraphs,
    policy_markdown,
    postmortem_markdown,
    preread_markdown,
)
from facilitation.model import (
    Action,
    ContributingFactor,
    KeyLearning,
    Participant,
    Session,
    TimelineEntry,
    WebLink,
)
from facilitation.settings import OrgSettings, default_settings
from tests.factories import CPH, full_session

markdown_it = pytest.importorskip("markdown_it")

SETTINGS = default_settings()


def _parser() -> object:
    return markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _tokens(text: str) -> list[object]:
    return list(_parser().parse(text))  # type: ignore[attr-defined]


_OUR_MARKUP = {"em_open", "em_close", "strong_open", "strong_close", "link_open", "link_close"}


def _shown(inline: object, strict: bool = True) -> str:
    """What an inline token shows a reader.

    Strict, it fails on anything but plain text and ``<br>``: for user text alone. Not
    strict, it lets our own emphasis and links through (showing their text).
    """
    parts = []
    for child in inline.children:  # type: ignore[attr-defined]
        if not strict and child.type in _OUR_MARKUP:
            continue
        if child.type == "text":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or (child.type, child.content) == (
            "html_inline",
            "<br>",
        ):
            parts.append("\n")
        else:
            raise AssertionError(f"user text became {child.type}: {child.content!r}")
    return "".join(parts)


def _typed(text: str) -> str:
    """What a reader should see of ``text``: its lines, each without the spaces around it."""
    return "\n".join(line.strip() for line in re.split(r"\r\n|\r|\n", text.strip()))


def _sections(markdown: str) -> list[str]:
    return re.findall(r"^## (.+)$", markdown, re.MULTILINE)


def _table_rows(markdown: str, header: str, strict: bool = False) -> list[list[str]]:
    """The cells (as shown) of the table whose first header cell is ``header``."""
    tokens = _tokens(markdown)
    rows: list[list[str]] = []
    inside = False
    row: list[str] = []
    for index, token in enumerate(tokens):
        kind = token.type  # type: ignore[attr-defined]
        if kind == "table_open":
            first = next(t for t in tokens[index:] if t.type == "inline")  # type: ignore[attr-defined]
            inside = _shown(first) == header
        elif kind == "tbody_open" and inside:
            rows = []
        elif inside and kind == "tr_open":
            row = []
        elif inside and kind == "inline" and tokens[index - 1].type == "td_open":  # type: ignore[attr-defined]
            row.append(_shown(token, strict))
        elif inside and kind == "tr_close" and tokens[index - 1].type == "td_close":  # type: ignore[attr-defined]
            rows.append(row)
        elif kind == "table_close" and inside:
            return rows
    raise AssertionError(f"no table headed {header!r}")


def _list_items(markdown: str, after_heading: str, strict: bool = False) -> list[str]:
    """The items (as shown) of the first list after the heading ``after_heading``."""
    tokens = _tokens(markdown)
    start = next(
        i
        for i, t in enumerate(tokens)
        if t.type == "inline" and t.content == after_heading  # type: ignore[attr-defined]
    )
    items = []
    depth = 0
    for index in range(start, len(tokens)):
        kind = tokens[index].type  # type: ignore[attr-defined]
        if kind in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            return items
        elif depth and kind == "inline":
            items.append(_shown(tokens[index], strict))
    return items


# -- order -------------------------------------------------------------------------------


def test_the_learnings_come_right_after_the_title_line() -> None:
    text = postmortem_markdown(full_session(), SETTINGS)
    lines = text.splitlines()
    assert lines[0] == "# \\#1421 · Auth service outage after config push · Sev-1 · 2026-03-02"
    assert lines[1:3] == ["", "## What we learned"]
    assert lines[4].startswith("1. A config push reaches every region at once")


def test_the_sections_follow_the_debrief() -> None:
    assert _sections(postmortem_markdown(full_session(), SETTINGS)) == [
        "What we learned",
        "Summary",
        "Classification",
        "Timeline",
        "What went right",
        "What went wrong",
        "Contributing factors",
        "Actions",
        "Parking lot",
        "Facilitator's private notes",
        "Ground rules",
    ]


def test_a_session_with_nothing_in_it_still_has_every_section_and_says_so() -> None:
    text = postmortem_markdown(Session(title="Just started"), OrgSettings())
    assert text.startswith("# Just started\n\n## What we learned\n\n*No key learnings were written down.*\n")
    assert "## Timeline\n\n*No timeline entries.*" in text
    assert "## Ground rules\n\n*No ground rules were kept with this debrief.*" in text
    assert "Parking lot" not in text and "private notes" not in text


def test_the_learnings_are_a_numbered_list_with_private_ones_marked() -> None:
    items = _list_items(postmortem_markdown(full_session(), SETTINGS), "What we learned")
    assert items == [
        "A config push reaches every region at once, with no canary.",
        "Runbooks drift from the hosts they describe.",
        "Night pages pile up unseen. (private)",
    ]


def test_the_classification_gives_the_severity_its_meaning_and_the_durations() -> None:
    items = _list_items(postmortem_markdown(full_session(), SETTINGS), "Classification")
    severity = SETTINGS.severity_scale[0]
    assert f"Severity: Sev-1 — {severity.description}" in items
    assert "Time to detect: 4 min" in items
    assert "Time to resolve: 1 h 10 min" in items
    assert "Started: 2026-03-02 14:00 CET" in items
    assert "Detection hour: 14:00–14:59, Monday" in items
    assert "Tags: auth, config, Peak hours" in items
    assert "Regression: yes" in items


def test_the_classification_ends_with_the_shows_of_hands_only_when_some_were_counted() -> None:
    session = full_session()
    items = _list_items(postmortem_markdown(session, SETTINGS), "Classification")
    assert items[-2:] == [
        "Shows of hands: Ready checks: Timeline 6 of 7; learned something new today: 5 hands",
        "Status: in review",
    ]
    session.hand_counts[1].present = 7
    session.hand_counts[0].phase = "review"
    items = _list_items(postmortem_markdown(session, SETTINGS), "Classification")
    line = "Shows of hands: Ready checks: Review & export 6 of 7; learned something new today: 5 of 7"
    assert line in items
    session.hand_counts = []
    assert "Shows of hands" not in postmortem_markdown(session, SETTINGS)


# -- the timeline and actions tables ------------------------------------------------


def test_the_timeline_table_has_time_with_zone_who_what_and_source() -> None:
    rows = _table_rows(postmortem_markdown(full_session(), SETTINGS), "Time")
    assert [len(row) for row in rows] == [4, 4, 4]
    first, second, third = rows
    assert first[0] == "2026-03-02 14:02 CET"
    assert first[1:2] == ["deploy bot"]
    assert first[2].startswith("Config pushed to all regions\nthe push announcement (chat)")
    assert first[3] == "alert · #incident-auth · bot · edited"  # the chat details follow the source
    # Starred, a decision, approximate, and text that looks like markup.
    assert second == [
        "~14:04 CET",
        "Βασίλης",
        "★ Decision: Paged: login errors < 5% & rising <b>",
        "firsthand account",
    ]
    assert third == ["", "", "Someone mentioned a similar outage last year (private)", ""]


def test_a_timeline_over_midnight_dates_the_first_entry_of_each_day() -> None:
    start = datetime(2026, 3, 2, 23, 50, tzinfo=CPH)
    session = Session(
        title="Night",
        time_zone="Europe/Copenhagen",
        timeline=[TimelineEntry(text=str(n), at=start + timedelta(minutes=10 * n)) for n in range(3)],
    )
    times = [row[0] for row in _table_rows(postmortem_markdown(session, SETTINGS), "Time")]
    assert times == ["2026-03-02 23:50 CET", "2026-03-03 00:00 CET", "00:10 CET"]


def test_a_zone_change_shows_in_the_times() -> None:
    new_york = ZoneInfo("America/New_York")
    session = Session(
        title="Over the clock change",
        time_zone="America/New_York",
        timeline=[
            TimelineEntry(text="before", at=datetime(2026, 3, 8, 1, 30, tzinfo=new_york)),
            TimelineEntry(text="after", at=datetime(2026, 3, 8, 3, 30, tzinfo=new_york)),
        ],
    )
    times = [row[0] for row in _table_rows(postmortem_markdown(session, SETTINGS), "Time")]
    assert times == ["2026-03-08 01:30 EST", "03:30 EDT"]


def test_links_are_links_only_for_web_and_mail_addresses() -> None:
    entry = TimelineEntry(
        text="Look here",
        web_links=[
            WebLink("https://grafana.example/d?a=1&b=<2>|x", "dashboard", "graph | [1]"),
            WebLink("javascript:alert(1)", "other", "click"),
        ],
    )
    text = postmortem_markdown(Session(title="t", timeline=[entry]), SETTINGS)
    inline = next(t for t in _tokens(text) if t.type == "inline" and "Look here" in t.content)  # type: ignore[attr-defined]
    links = [c for c in inline.children if c.type == "link_open"]  # type: ignore[attr-defined]
    assert [link.attrs["href"] for link in links] == ["https://grafana.example/d?a=1&b=%3C2%3E%7Cx"]
    assert "javascript" not in " ".join(str(link.attrs) for link in links)
    assert "click (javascript:alert(1))" in text.replace("\\", "")


def test_the_actions_table_has_owner_due_status_and_what_it_serves() -> None:
    rows = _table_rows(postmortem_markdown(full_session(), SETTINGS), "Action")
    assert rows == [
        [
            "Route config pushes through the canary",
            "Βασίλης",
            "2026-04-01",
            "in progress",
            "factor “Config pushes skip the canary stage”; learning 1",
        ],
        ["Review runbook hosts quarterly", "", "", "open", "learning 2"],
    ]


def test_factors_are_grouped_by_category_with_what_they_rest_on() -> None:
    session = full_session()
    session.contributing_factors.append(ContributingFactor(key="f3", text="Nobody owns the canary"))
    text = postmortem_markdown(session, SETTINGS)
    factors = text[text.index("## Contributing factors") : text.index("## Actions")]
    assert re.findall(r"^### (.+)$", factors, re.MULTILINE) == [
        "Process",
        "People conditions",
        "Not categorised",
    ]
    assert (
        "Rests on: timeline 14:02 CET “Config pushed to all regions”; "
        "went wrong “The rollback runbook named a retired host”"
    ) in _list_items(text, "Process")[0]


# -- escaping -----------------------------------------------------------------------------

AWKWARD = [
    "<b>bold</b> & <script>alert(1)</script>",
    "# not a heading",
    "## nor this ##",
    "* not a list",
    "- nor this",
    "+ nor this",
    "1. nor this",
    "2) nor this",
    "> not a quote",
    "| a | b |",
    "`code` and ``more``",
    "*em* **strong** _em_ __strong__ ~~gone~~ ~gone~",
    "[link](https://example.com) ![image](x.png) <https://example.com>",
    "&amp; &#60; &copy; stay as typed",
    "a trailing backslash \\",
    "---",
    "===",
    "    four spaces",
    "```",
    "$x^2$ and :tada:",
    "line one\nline two\n\nafter a blank line",
    "a line\n---\nunder it",
    "tab\tinside",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_a_learning_renders_exactly_as_typed(text: str) -> None:
    session = Session(title="t", key_learnings=[KeyLearning(text=text)])
    assert _list_items(postmortem_markdown(session, SETTINGS), "What we learned", strict=True) == [
        _typed(text)
    ]


@pytest.mark.parametrize("text", AWKWARD)
def test_a_table_cell_renders_exactly_as_typed_and_keeps_its_column(text: str) -> None:
    session = Session(title="t", timeline=[TimelineEntry(actor=text, text=text)])
    rows = _table_rows(postmortem_markdown(session, SETTINGS), "Time", strict=True)
    assert rows == [["", _typed(text), _typed(text), ""]]


@pytest.mark.parametrize("text", AWKWARD)
def test_the_title_renders_as_typed_on_one_line(text: str) -> None:
    markdown = postmortem_markdown(Session(title=text), SETTINGS)
    tokens = _tokens(markdown)
    assert tokens[0].type == "heading_open" and tokens[0].tag == "h1"  # type: ignore[attr-defined]
    assert _shown(tokens[1]) == " ".join(text.split())  # a title is one line, its spaces as one


_MARKDOWN_CHARS = st.sampled_from(
    [*"\\`*_[]<>|~$#&:;!()-+=.0123456789 \t\nabcxyz", "é", "Ж", "中", "★", "<b>", "&amp;", ":tada:", "1."]
)
typed_text = st.lists(_MARKDOWN_CHARS, min_size=1, max_size=30).map("".join).filter(lambda t: t.strip())


@settings(max_examples=300, deadline=None)
@given(typed_text)
def test_any_text_renders_as_typed_in_a_list_item_and_a_cell(text: str) -> None:
    item = [t for t in _tokens(f"1. {escape_inline(text)}") if t.type == "inline"]  # type: ignore[attr-defined]
    assert [_shown(t) for t in item] == [_typed(text)]
    cells = _table_rows(f"| A | B |\n| --- | --- |\n| {escape_inline(text)} | x |\n", "A", strict=True)
    assert cells == [[_typed(text), "x"]]


@settings(max_examples=300, deadline=None)
@given(typed_text)
def test_any_text_renders_as_typed_in_paragraphs(text: str) -> None:
    tokens = _tokens(escape_paragraphs(text))
    assert [t.type for t in tokens if t.type.endswith("_open")] == ["paragraph_open"] * sum(  # type: ignore[attr-defined]
        1
        for t in tokens
        if t.type == "paragraph_open"  # type: ignore[attr-defined]
    )
    shown = "\n\n".join(_shown(t) for t in tokens if t.type == "inline")  # type: ignore[attr-defined]
    paragraphs = [p for p in re.split(r"\n[ \t]*\n\s*", text.strip()) if p.strip()]
    expected = "\n\n".join(
        "\n".join(line.strip() for line in p.split("\n") if line.strip()) for p in paragraphs
    )
    assert shown == expected


def test_a_summary_keeps_its_paragraphs_and_line_breaks() -> None:
    session = Session(title="t", summary="First line\nsecond line\n\n# Second paragraph")
    text = postmortem_markdown(session, SETTINGS)
    assert "## Summary\n\nFirst line\\\nsecond line\n\n\\# Second paragraph\n" in text


# -- the ground rules ---------------------------------------------------------------------


def test_the_ground_rules_keep_their_markdown_under_the_section() -> None:
    text = postmortem_markdown(full_session(), SETTINGS).split("## Ground rules\n\n")[1]
    assert text == "We learn, we do not blame.\n"
    policy = policy_markdown(SETTINGS.policy)
    assert policy.startswith("### How we hold this debrief\n")
    assert "\n- Everyone acted in good faith" in policy


def test_the_ground_rules_show_html_as_text_and_leave_code_alone() -> None:
    policy = "# Rules\n<b>kind</b> `<i>` here\n```\n# not moved <b>\n```\n###### deepest"
    assert policy_markdown(policy) == (
        "### Rules\n&lt;b>kind&lt;/b> `<i>` here\n```\n# not moved <b>\n```\n###### deepest"
    )


# -- audiences ---------------------------------------------------------------------------


def test_a_session_without_private_things_has_no_private_marks() -> None:
    session = full_session()
    session.key_learnings = [k for k in session.key_learnings if not k.private]
    session.timeline = [e for e in session.timeline if not e.private]
    session.participants = [replace(p, private=False) for p in session.participants]
    session.parking_lot, session.private_notes = [], ""
    text = postmortem_markdown(session, SETTINGS)
    assert "(private)" not in text
    assert "Parking lot" not in text and "private notes" not in text


# -- the pre-read -------------------------------------------------------------------------


def test_the_pre_read_has_the_agenda_ground_rules_and_draft_timeline() -> None:
    session = replace(full_session(), timebox={})
    text = preread_markdown(session, SETTINGS)
    assert _sections(text) == ["What we know so far", "Agenda", "Ground rules", "Draft timeline"]
    assert _table_rows(text, "Phase") == [
        ["Ground rules", "2 min"],
        ["Timeline", "35 min"],
        ["What went right", "4 min"],
        ["What went wrong", "5 min"],
        ["Contributing factors", "6 min"],
        ["Key learnings", "5 min"],
        ["Actions", "2 min"],
        ["Classify", "1 min"],
        ["Total", "60 min"],
    ]


def test_the_pre_read_follows_the_sessions_own_plan() -> None:
    session = replace(full_session(), timebox={"plan": {"timeline": 50, "key_learnings": 10}})
    assert _table_rows(preread_markdown(session, SETTINGS), "Phase") == [
        ["Timeline", "50 min"],
        ["Key learnings", "10 min"],
        ["Total", "60 min"],
    ]


def test_the_pre_read_never_shows_private_entries_learnings_or_notes() -> None:
    text = preread_markdown(full_session(), SETTINGS)
    rows = _table_rows(text, "Time")
    assert [row[2].split("\n")[0] for row in rows] == [
        "Config pushed to all regions",
        "★ Decision: Paged: login errors < 5% & rising <b>",
    ]
    for absent in ("similar outage", "Irina was quiet", "What we learned", "canary.", "Add a lint"):
        assert absent not in text


def test_an_unreadable_plan_falls_back_to_the_default_agenda() -> None:
    session = replace(full_session(), timebox={"plan": {"nonsense": 3}})
    assert _table_rows(preread_markdown(session, SETTINGS), "Phase")[-1] == ["Total", "60 min"]


def test_people_and_actions_with_odd_text_keep_their_tables_whole() -> None:
    session = Session(
        title="t",
        participants=[Participant("A | B", "role\nwith lines")],
        actions=[Action(text="x | y", owner="<owner>", status="done")],
    )
    text = postmortem_markdown(session, SETTINGS)
    assert _table_rows(text, "Action") == [["x | y", "<owner>", "", "done", ""]]
    assert "Participants: A | B (role with lines)" in _list_items(text, "Classification")
