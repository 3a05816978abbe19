"""The postmortem's story and the text machinery under it, without writing a file."""

from __future__ import annotations

import copy
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bidi import get_display as get_display_unmirrored
from bidi.algorithm import get_display
from reportlab.platypus import Flowable, Paragraph, Table

from export import fonts, text
from export.outline import Outlined
from export.story import build_story, document_title, ground_rules, preread_story
from export.styles import FRAME_WIDTH, data_table, spread, styles
from facilitation.model import KeyLearning, Session, TimelineEntry
from facilitation.settings import default_settings
from tests.export.sessions import realistic_session
from tests.factories import full_session

SECTIONS = [
    "What we learned",
    "Summary",
    "Classification",
    "Timeline",
    "What went right",
    "What went wrong",
    "Contributing factors",
    "Actions",
    "Ground rules",
]


def outline_titles(story: list[Flowable]) -> list[tuple[int, str]]:
    return [(flowable.level, flowable.title) for flowable in story if isinstance(flowable, Outlined)]


def test_learnings_come_first_then_every_section_in_order() -> None:
    story = build_story(realistic_session(), default_settings())

    sections = [title for level, title in outline_titles(story) if level == 0]

    assert sections == SECTIONS
    first_heading = next(index for index, f in enumerate(story) if isinstance(f, Outlined))
    assert all(not isinstance(f, Outlined) for f in story[:first_heading])  # only the title block before
    assert first_heading <= 3


def test_factor_categories_are_outlined_under_their_section() -> None:
    titles = outline_titles(build_story(realistic_session(), default_settings()))

    factors = titles.index((0, "Contributing factors"))
    assert titles[factors + 1 : factors + 5] == [
        (1, "Technical"),
        (1, "Process"),
        (1, "Organisational"),
        (1, "People conditions"),
    ]


def test_an_internal_story_adds_the_parking_lot_and_private_notes_before_the_ground_rules() -> None:
    sections = [title for _, title in outline_titles(build_story(full_session(), default_settings()))]

    assert sections[-4:] == ["Actions", "Parking lot", "Facilitator's private notes", "Ground rules"]


def test_an_empty_session_keeps_every_section_and_says_what_is_missing() -> None:
    story = build_story(Session(title=""), default_settings())

    assert [title for _, title in outline_titles(story)] == SECTIONS
    notes = [f.text for f in story if isinstance(f, Paragraph) and f.style.name == "note"]
    assert "No summary was written for this debrief." in notes
    assert "No timeline entries were recorded." in notes
    assert "No actions were decided in this debrief." in notes


def test_building_the_story_leaves_the_session_as_it_was() -> None:
    session = full_session()
    before = copy.deepcopy(session)

    build_story(session, default_settings())

    assert session == before


def test_document_title_leads_with_the_reference() -> None:
    assert document_title(Session(reference="#1421", title="Auth outage")) == "#1421 Auth outage"
    assert document_title(Session(title="  ")) == "Untitled debrief"


def test_the_preread_has_the_agenda_ground_rules_and_draft_timeline() -> None:
    story = preread_story(realistic_session(), default_settings())

    assert [title for _, title in outline_titles(story)] == [
        "What we know so far",
        "Agenda",
        "Ground rules",
        "Draft timeline",
    ]


def test_ground_rules_read_light_markdown() -> None:
    flowables = ground_rules("# How we work\n\nWe **learn**,\nnot blame.\n\n- one\n  continued\n2. two")

    assert len(flowables) == 4
    assert all(isinstance(f, Paragraph) for f in flowables)
    heading, body, first, second = flowables
    assert heading.style.name == "h2"
    assert body.text == "We <b>learn</b>, not blame."
    assert (first.bulletText, first.text) == ("•", "one continued")
    assert (second.bulletText, second.text) == ("2.", "two")


def test_ground_rules_escape_what_looks_like_markup() -> None:
    (only,) = ground_rules("Say <b>why</b> & **how**")

    assert only.text == "Say &lt;b&gt;why&lt;/b&gt; &amp; <b>how</b>"


# -- text ------------------------------------------------------------------------------------


def test_clean_drops_what_a_pdf_cannot_carry() -> None:
    assert text.clean("a\x00b\x1b[31m\r\nc\td\ud800") == "ab[31m\nc    d\ufffd"


def test_user_text_is_escaped() -> None:
    assert text.inline("p99 < 200ms & <b>") == "p99 &lt; 200ms &amp; &lt;b&gt;"


def test_cjk_runs_get_a_font_that_has_them() -> None:
    if not fonts.cjk_candidates():
        pytest.skip("no CJK font on this computer")

    markup = text.runs_markup("Login 失败 again")

    assert re.fullmatch(r'Login <font face="TakeawaysFallback\d+">失败 ?</font> ?again', markup)


def test_cjk_without_a_font_stays_in_the_body_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "cjk_candidates", lambda: [])

    assert text.runs_markup("Login 失败 <again>") == "Login 失败 &lt;again&gt;"


def test_a_font_named_in_the_environment_is_tried_first_and_a_broken_one_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    monkeypatch.setenv("TAKEAWAYS_CJK_FONT", str(broken))

    assert fonts.cjk_candidates()[0] == str(broken)
    assert text.runs_markup("失败 <x>").endswith("&lt;x&gt;")  # no crash, text kept


def test_right_to_left_text_is_reordered_for_display() -> None:
    hebrew = "שלום עולם"

    assert text.inline(f"{hebrew} 42") == get_display(f"{hebrew} 42")
    assert text.has_rtl(hebrew) and not text.has_rtl("Ελληνικά Русский")


def test_brackets_in_right_to_left_text_keep_their_shape() -> None:
    shown = text.inline("גרסה (8812) עכשיו")

    assert "(8812)" in shown  # drawn left to right, the closing bracket comes first and is mirrored


def test_right_to_left_text_with_rare_characters_is_still_reordered() -> None:
    assert text.inline("\U0001ed3eשלום") == get_display_unmirrored("\U0001ed3eשלום")


def test_a_long_right_to_left_paragraph_reads_top_to_bottom() -> None:
    words = [f"מילה{n}" for n in range(30)]
    flowable = text.paragraph(" ".join(words), styles().body)

    flowable.wrap(120, 1000)

    lines = flowable._inner.text.split("<br/>")
    assert len(lines) > 3
    assert "מילה0" in get_display(lines[0]) and "מילה29" in get_display(lines[-1])
    assert flowable.style.alignment == 2  # right-aligned


def test_a_long_text_is_set_in_pieces_with_nothing_lost() -> None:
    long = "Word and more words. " * 6000

    pieces = text.paragraphs(long, styles().body)

    assert len(pieces) > 10
    assert all(len(p.text) <= text.LONG_TEXT + 1 for p in pieces)
    assert " ".join(p.text for p in pieces).split() == long.split()
    assert all(p.style.spaceAfter == 0 for p in pieces[:-1])


def test_a_word_longer_than_a_piece_is_cut() -> None:
    pieces = text.paragraphs("x" * 10_000, styles().body)

    assert "".join(p.text for p in pieces) == "x" * 10_000


def test_blank_lines_separate_paragraphs_and_single_newlines_break_lines() -> None:
    first, second = text.paragraphs("one\ntwo\n\n\nthree", styles().body)

    assert first.text == "one<br/>two"
    assert second.text == "three"


# -- tables ----------------------------------------------------------------------------------


def test_spread_deals_a_long_cell_out_over_rows() -> None:
    look = styles()
    pieces: list[Flowable] = [Paragraph(str(n), look.cell) for n in range(4)]
    label = Paragraph("label", look.cell)

    rows = spread([label, pieces, "x"], 1, keep=2)

    assert rows[0] == [label, pieces[:2], "x"]
    assert rows[1:] == [["", pieces[2], ""], ["", pieces[3], ""]]


def test_a_table_repeats_its_header_and_splits_inside_rows() -> None:
    table = data_table(["A", "B"], [[["a", "b"]]], [100, 100])

    assert table.repeatRows == 1
    assert table.splitInRow > 0


# -- times -----------------------------------------------------------------------------------


def test_timeline_times_carry_their_zone_and_mark_approximation() -> None:
    session = Session(
        time_zone="Asia/Dubai",
        timeline=[
            TimelineEntry(key="t1", at=datetime(2026, 3, 2, 9, 5, tzinfo=ZoneInfo("UTC")), approximate=True),
        ],
        key_learnings=[KeyLearning(key="l1", text="x")],
    )
    story = build_story(session, default_settings())
    table = next(f for f in story if isinstance(f, Table) and f._cellvalues[0][0].text == "When")

    when = table._cellvalues[1][0]

    assert [p.text for p in when] == ["Mon 2 Mar 2026", "~13:05 UTC+04:00"]


def test_every_table_fits_the_text_column() -> None:
    for story in (
        build_story(full_session(), default_settings()),
        preread_story(realistic_session(), default_settings()),
    ):
        tables = [f for f in story if isinstance(f, Table)]

        assert len(tables) >= 2
        assert all(sum(table._colWidths) <= FRAME_WIDTH + 0.01 for table in tables)
