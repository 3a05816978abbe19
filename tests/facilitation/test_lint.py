"""The coach over whole files: findings placed by line and column, and only prose checked."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation.coach import default_coach
from facilitation.lint import LintFinding, _restore_tokens, lint_text

COACH = default_coach()

COUNTERFACTUAL = "We should have rolled back sooner."
DEFENSIVE = "Why did you restart the database?"
HINDSIGHT = "It was obviously a bad deploy."
QUIET = "We will add a timeout to the payments client."


def spans(sentence: str) -> list[tuple[str, int, int]]:
    """What the coach itself notes in ``sentence`` alone: (rule, start, end) offsets."""
    return [(n.rule, n.start, n.end) for n in COACH.check(sentence)]


def placed(sentence: str, line: int, col: int) -> list[tuple[int, int, int, str]]:
    """The findings ``sentence`` should give when it starts at ``line``, ``col`` (1-based)."""
    return [(line, col + start, col + end, rule) for rule, start, end in spans(sentence)]


def where(findings: list[LintFinding]) -> list[tuple[int, int, int, str]]:
    return [(f.line, f.col, f.end_col, f.rule) for f in findings]


def lint(text: str, *, learnings: bool = False) -> list[tuple[int, int, int, str]]:
    return where(lint_text(text, COACH, learnings=learnings))


def test_the_sentences_used_here_are_the_ones_the_coach_is_sure_of() -> None:
    assert [rule for rule, _, _ in spans(COUNTERFACTUAL)] == ["counterfactual"]
    assert [rule for rule, _, _ in spans(DEFENSIVE)] == ["defensive-question"]
    assert [rule for rule, _, _ in spans(HINDSIGHT)] == ["hindsight"]
    assert spans(QUIET) == []


# -- lines and columns ---------------------------------------------------------------------------------


def test_a_finding_carries_the_coachs_rule_message_and_suggestion() -> None:
    [finding] = lint_text(f"{QUIET} {HINDSIGHT}\n", COACH)
    [note] = COACH.check(HINDSIGHT)
    col = len(QUIET) + 2
    assert finding == LintFinding(
        line=1,
        col=col + note.start,
        end_col=col + note.end,
        rule="hindsight",
        message=note.message,
        suggestion=note.suggestion,
    )


def test_each_sentence_is_placed_on_its_own_line() -> None:
    text = f"{QUIET}\n\n{COUNTERFACTUAL}\n\n{DEFENSIVE}\n\n{HINDSIGHT}\n"
    assert lint(text) == [*placed(COUNTERFACTUAL, 3, 1), *placed(DEFENSIVE, 5, 1), *placed(HINDSIGHT, 7, 1)]


@pytest.mark.parametrize(
    "prefix",
    [
        "🔥🔥 ",  # outside the Basic Multilingual Plane: two UTF-16 units, four UTF-8 bytes
        "障害の報告。",  # CJK: three UTF-8 bytes each, and two columns wide on a terminal
        "Cafe\u0301 re\u0301sume\u0301. ",  # e + combining accent: one glyph, two code points
        "👩🏽‍💻 on call: ",  # one glyph made of four code points joined
        "\t",
    ],
    ids=["emoji", "cjk", "combining", "zwj-sequence", "tab"],
)
def test_columns_count_code_points(prefix: str) -> None:
    text = f"- {prefix}{HINDSIGHT}\n"
    assert lint(text) == placed(HINDSIGHT, 1, 3 + len(prefix))


def test_a_sentence_wrapped_over_lines_is_one_sentence() -> None:
    # Neither half says anything alone; together they are a counterfactual.
    assert spans("We should") == [] and spans("have rolled back sooner.") == []
    text = f"{QUIET} We should\nhave rolled back sooner.\n"
    [(line, col, end_col, rule)] = lint(text)
    [(_, start, _)] = spans(COUNTERFACTUAL)
    first_line = f"{QUIET} We should"
    # The wording starts on line 1 and goes on over the line break: it ends at line 1's end.
    assert (line, col, end_col, rule) == (1, len(QUIET) + 2 + start, len(first_line) + 1, "counterfactual")


def test_wording_on_a_continuation_line_is_placed_on_that_line() -> None:
    text = f"{QUIET}\n   It was\n   {HINDSIGHT[7:]}\n"
    [(_, start, end)] = [(r, s - 7, e - 7) for r, s, e in spans(HINDSIGHT)]
    assert lint(text) == [(3, 4 + start, 4 + end, "hindsight")]


def test_a_suggestion_for_a_wrapped_sentence_is_one_line() -> None:
    text = "Why did you restart\nthe database\nat two in the morning?\n"
    [finding] = lint_text(text, COACH)
    assert finding.suggestion is not None
    assert "\n" not in finding.suggestion and "  " not in finding.suggestion
    assert "the database at two" in finding.suggestion


def test_code_in_a_sentence_is_not_checked_but_comes_back_in_the_suggestion() -> None:
    [finding] = lint_text("Why did you restart `db-1` at 14:02?\n", COACH)
    assert finding.suggestion is not None
    assert "`db-1` at 14:02" in finding.suggestion


def test_tokens_go_back_between_the_words_they_stood_between() -> None:
    checked = "Why did you restart        at 14:02?"
    kept = "Why did you restart `db-1` at 14:02?"
    suggestion = "During the incident, you chose to restart at 14:02. What made that right?"
    assert _restore_tokens(suggestion, checked, kept, 0, len(checked)) == (
        "During the incident, you chose to restart `db-1` at 14:02. What made that right?"
    )
    # Before the closing punctuation, even when the coach ends the sentence differently.
    checked, kept = "Why did you restart       ?", "Why did you restart `db-1`?"
    assert _restore_tokens("You restarted. Why?", checked, kept, 0, len(checked)) == "You restarted. Why?"
    assert _restore_tokens("You chose to restart.", checked, kept, 0, len(checked)) == (
        "You chose to restart `db-1`."
    )
    # A place that is not there, or there twice, leaves the suggestion without the token.
    assert (
        _restore_tokens("Restart. Then restart.", checked, kept, 0, len(checked)) == "Restart. Then restart."
    )


def test_crlf_and_lone_cr_line_endings_place_findings_the_same() -> None:
    text = f"{QUIET}\n\n- {DEFENSIVE}\n- It was\n  obviously a bad deploy.\n"
    expected = lint(text)
    assert expected
    assert lint(text.replace("\n", "\r\n")) == expected
    assert lint(text.replace("\n", "\r")) == expected


def test_an_empty_file_and_a_blank_one_have_no_findings() -> None:
    assert lint_text("", COACH) == []
    assert lint_text("\n\n  \t\n\r\n", COACH) == []


def test_quiet_prose_has_no_findings() -> None:
    assert lint_text(f"# Payments timeout\n\n{QUIET}\n\n- {QUIET}\n", COACH) == []


def test_learnings_adds_the_key_learning_checks() -> None:
    text = "The BFG timed out on Zephyr.\n"
    assert lint(text) == []
    assert {rule for *_, rule in lint(text, learnings=True)} == {"unexplained-term"}
    glossary = default_coach(["BFG", "Zephyr"])
    assert lint_text(text, glossary, learnings=True) == []


# -- Markdown: what is skipped -------------------------------------------------------------------------

SKIPPED: list[tuple[str, str, str]] = [
    # (name, Markdown, the raw text the coach would flag if it were checked)
    ("backtick fence", f"```\n{COUNTERFACTUAL}\n```", COUNTERFACTUAL),
    ("tilde fence", f"~~~ text\n{COUNTERFACTUAL}\n~~~", COUNTERFACTUAL),
    ("fence with an info string", f"```markdown title\n{DEFENSIVE}\n```", DEFENSIVE),
    (
        "a longer fence holds a shorter one",
        f"````md\n```\n{COUNTERFACTUAL}\n```\n{DEFENSIVE}\n````",
        COUNTERFACTUAL,
    ),
    ("a shorter run does not close a fence", f"~~~~\n{HINDSIGHT}\n~~~\n{DEFENSIVE}\n~~~~", DEFENSIVE),
    ("a fence of the other character does not close it", f"```\n~~~\n{DEFENSIVE}\n```", DEFENSIVE),
    ("an indented closing fence", f"```\n{DEFENSIVE}\n   ```", DEFENSIVE),
    ("an unclosed fence runs to the end", f"```\n{COUNTERFACTUAL}\n\n{DEFENSIVE}\n", DEFENSIVE),
    ("indented fence", f"  ```\n{COUNTERFACTUAL}\n  ```", COUNTERFACTUAL),
    ("indented code", f"    {COUNTERFACTUAL}\n\n\t{DEFENSIVE}", COUNTERFACTUAL),
    ("indented code after a blank line", f"{QUIET}\n\n    {DEFENSIVE}", DEFENSIVE),
    ("code in a list item", f"- {QUIET}\n\n  ```\n  {DEFENSIVE}\n  ```", DEFENSIVE),
    ("code in a block quote", f"> ```\n> {DEFENSIVE}\n> ```", DEFENSIVE),
    ("indented code in a list item", f"- {QUIET}\n\n      {DEFENSIVE}", DEFENSIVE),
    ("code span", f"{QUIET} Run `{HINDSIGHT}` now.", HINDSIGHT),
    ("code span of two backticks", f"{QUIET} Run ``it was ` obviously`` now.", "It was obviously"),
    ("code span over a line break", f"{QUIET} Run `it was\nobviously` now.", "It was obviously"),
    ("code span in a heading", "# The `obviously` flag", "obviously"),
    ("link target", "See [the notes](https://example.com/obviously).", "https://example.com/obviously"),
    ("link title", f'See [the notes](https://example.com "{HINDSIGHT}").', HINDSIGHT),
    ("link target in angle brackets", "See [notes](<https://x.test/obviously bad>).", "obviously bad"),
    ("image target", "![The graph](https://example.com/obviously.png)", "obviously"),
    ("reference link label", "See [the notes][obviously].\n\n[obviously]: https://x.test", "obviously"),
    ("link definition", f'[notes]: https://example.com/obviously "{HINDSIGHT}"', HINDSIGHT),
    ("autolink", "Graphs: <https://example.com/obviously>.", "https://example.com/obviously"),
    ("e-mail autolink", "Ask <obviously@example.com>.", "obviously"),
    ("bare URL", "Graphs: https://example.com/obviously.", "https://example.com/obviously"),
    ("www URL", "Graphs: www.example.com/obviously", "obviously"),
    ("HTML comment", f"{QUIET} <!-- {HINDSIGHT} --> Done.", HINDSIGHT),
    (
        "HTML comment over lines",
        f"{QUIET} <!-- {COUNTERFACTUAL[:9]}\n{COUNTERFACTUAL[10:]} -->",
        COUNTERFACTUAL,
    ),
    ("HTML comment block", f"<!--\n{HINDSIGHT}\n\n{DEFENSIVE}\n-->\n{QUIET}", DEFENSIVE),
    ("HTML comment block on one line", f"<!-- {DEFENSIVE} -->", DEFENSIVE),
    ("HTML tag attributes", f'<span title="{HINDSIGHT}">{QUIET}</span>', HINDSIGHT),
    ("raw pre block", f"<pre>\n{DEFENSIVE}\n</pre>", DEFENSIVE),
    ("front matter", f"---\ntitle: {HINDSIGHT}\n---\n{QUIET}", HINDSIGHT),
    ("table delimiter and pipes", f"| {QUIET} |\n| --- |\n| `{DEFENSIVE}` |", DEFENSIVE),
]


@pytest.mark.parametrize(("markdown", "raw"), [s[1:] for s in SKIPPED], ids=[s[0] for s in SKIPPED])
def test_code_urls_and_markup_are_not_checked(markdown: str, raw: str) -> None:
    assert COACH.check(raw), "the skipped text must be something the coach would flag"
    assert lint(markdown) == []


def test_prose_after_a_closed_fence_is_checked_again() -> None:
    text = f"```\n{COUNTERFACTUAL}\n```\n{HINDSIGHT}\n~~~~\n{DEFENSIVE}\n~~~~~\n\n{COUNTERFACTUAL}\n"
    assert lint(text) == [*placed(HINDSIGHT, 4, 1), *placed(COUNTERFACTUAL, 9, 1)]


def test_masking_keeps_the_columns_after_what_was_skipped() -> None:
    code = "Run `kubectl rollout undo` and <https://example.com>, then "
    link = "[the runbook](https://example.com/a_b) said: "
    text = f"{code}{link}{HINDSIGHT}\n"
    assert lint(text) == placed(HINDSIGHT, 1, len(code) + len(link) + 1)


def test_link_and_image_text_is_prose() -> None:
    text = f"See [{HINDSIGHT}](https://example.com).\n\n![{HINDSIGHT}](graph.png)\n"
    assert lint(text) == [*placed(HINDSIGHT, 1, 6), *placed(HINDSIGHT, 3, 3)]


def test_an_unclosed_backtick_is_text() -> None:
    text = f"The ` key. {HINDSIGHT}\n"
    assert lint(text) == placed(HINDSIGHT, 1, 12)


def test_snake_case_words_keep_their_underscores_and_emphasis_loses_them() -> None:
    text = "The payments_client_timeout setting. It was _obviously_ a bad deploy.\n"
    [(line, col, end_col, rule)] = lint(text)
    assert (line, rule) == (1, "hindsight")
    assert text[col - 1 : end_col - 1] == "obviously"


# -- Markdown: units of text ---------------------------------------------------------------------------


def test_an_atx_heading_is_checked_without_its_markers() -> None:
    text = f"## {HINDSIGHT} ##\n{QUIET}\n"
    assert lint(text) == placed(HINDSIGHT, 1, 4)


def test_a_setext_heading_is_checked_and_its_underline_is_not() -> None:
    text = f"{HINDSIGHT}\n===\n\nWe should\n---\n"
    assert lint(text) == placed(HINDSIGHT, 1, 1)


def test_a_heading_does_not_run_on_into_the_next_line() -> None:
    assert lint("# We should\nhave rolled back sooner.\n") == []


@pytest.mark.parametrize("marker", ["-", "*", "+", "1.", "12)"])
def test_list_items_are_checked_without_their_markers(marker: str) -> None:
    text = f"{marker} {DEFENSIVE}\n{marker} {QUIET}\n"
    assert lint(text) == placed(DEFENSIVE, 1, len(marker) + 2)


def test_list_items_are_separate_texts() -> None:
    assert lint("- We should\n- have rolled back sooner.\n") == []
    assert lint("1. We should\n2. have rolled back sooner.\n") == []


def test_a_wrapped_list_item_is_one_text_indented_or_lazy() -> None:
    indented = "- We should\n  have rolled back sooner.\n"
    lazy = "- We should\nhave rolled back sooner.\n"
    assert [rule for *_, rule in lint(indented)] == ["counterfactual"]
    assert lint(lazy) == lint(indented)
    assert lint(indented)[0][:2] == (1, 3 + spans(COUNTERFACTUAL)[0][1])


def test_nested_lists_place_findings_at_their_own_depth() -> None:
    text = (
        "- Outer item.\n"
        "  - Inner: It was\n"
        "    obviously a bad deploy.\n"
        "    1. Deepest: Why did you\n"
        "       restart the database?\n"
        "  - Back one level.\n"
        "    We should have rolled back sooner.\n"
        "- Last.\n"
    )
    findings = lint(text)
    hindsight = [(r, s - 7, e - 7) for r, s, e in spans(HINDSIGHT)]
    assert findings == [
        *[(3, 5 + s, 5 + e, r) for r, s, e in hindsight],
        *placed("Why did you", 4, 17),
        *placed(COUNTERFACTUAL, 7, 5),
    ]


def test_block_quotes_are_checked_without_their_markers() -> None:
    text = f"> {QUIET}\n> > {DEFENSIVE}\n>\n> We should\nhave rolled back sooner.\n"
    findings = lint(text)
    [(_, start, _)] = spans(COUNTERFACTUAL)
    assert findings == [*placed(DEFENSIVE, 2, 5), (4, 3 + start, 12, "counterfactual")]


def test_each_table_cell_is_a_text_of_its_own() -> None:
    text = (
        f"| Time | What happened |\n"
        f"| :--- | ---: |\n"
        f"| 14:02 | {DEFENSIVE} |\n"
        f"| We should | have rolled back sooner. |\n"
        f"14:05 | {HINDSIGHT}\n"
        f"\n"
        f"{QUIET}\n"
    )
    assert lint(text) == [*placed(DEFENSIVE, 3, 11), *placed(HINDSIGHT, 5, 9)]


def test_a_table_after_a_paragraph_keeps_the_paragraph_whole() -> None:
    text = f"{QUIET} We should\nhave rolled back sooner.\n| a | b |\n|---|---|\n| {HINDSIGHT} | c |\n"
    assert [(line, rule) for line, _, _, rule in lint(text)] == [(1, "counterfactual"), (5, "hindsight")]


def test_pipes_without_a_delimiter_row_are_prose() -> None:
    text = f"{QUIET} | We should\nhave rolled back sooner.\n"
    assert [rule for *_, rule in lint(text)] == ["counterfactual"]


def test_a_thematic_break_ends_a_paragraph() -> None:
    assert lint("We should\n***\nhave rolled back sooner.\n") == []


def test_a_plain_text_file_reads_as_paragraphs() -> None:
    text = (
        "Postmortem: checkout timeouts\n"
        "\n"
        f"{QUIET} Later that night we saw the queue grow. We should\n"
        "have rolled back sooner.\n"
    )
    [(line, col, _, rule)] = lint(text)
    assert (line, rule) == (3, "counterfactual")
    assert text.splitlines()[2][col - 1 :].startswith("should")


# -- size and free text --------------------------------------------------------------------------------


def test_a_file_of_a_hundred_thousand_characters() -> None:
    block = (
        f"## Part\n\n{QUIET} {COUNTERFACTUAL[:9]}\n{COUNTERFACTUAL[10:]}\n\n"
        f"- {DEFENSIVE}\n- `{HINDSIGHT}`\n\n| a | b |\n|---|---|\n| {HINDSIGHT} | {QUIET} |\n\n"
    )
    repeats = 100_000 // len(block) + 1
    text = block * repeats
    assert len(text) >= 100_000
    findings = lint(text)
    lines_per_block = block.count("\n")
    assert len(findings) == 3 * repeats
    assert [f[3] for f in findings[:3]] == ["counterfactual", "defensive-question", "hindsight"]
    last = (repeats - 1) * lines_per_block
    assert [f[0] for f in findings[-3:]] == [last + 3, last + 6, last + 11]


def test_a_single_line_of_a_hundred_thousand_characters() -> None:
    sentences = [QUIET, COUNTERFACTUAL, QUIET, DEFENSIVE, "Run `deploy --now`.", HINDSIGHT]
    line = " ".join(sentences)
    text = " ".join([line] * (100_000 // len(line) + 1))
    findings = lint(text)
    assert len(text) >= 100_000
    assert {f[0] for f in findings} == {1}
    assert len(findings) == 3 * (100_000 // len(line) + 1)
    assert all(text[col - 1 : end_col - 1].strip() for _, col, end_col, _ in findings)


_markdownish = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "\n", "\r\n", "\r", " ", "\t", "`", "``", "```", "~~~", "#", "- ", "1. ", "> ", "|",
                "---", "[", "](", ")", "<", ">", "<!--", "-->", "*", "_", "\\", "https://x.test/",
                "🔥", "e\u0301", "障害", COUNTERFACTUAL, DEFENSIVE, HINDSIGHT, "should", "have",
            ]
        ),
        st.text(max_size=5),
    ),
    max_size=40,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_markdownish)
def test_every_finding_lies_inside_its_line(text: str) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for finding in lint_text(text, COACH, learnings=True):
        assert 1 <= finding.line <= len(lines)
        line = lines[finding.line - 1]
        assert 1 <= finding.col < finding.end_col <= len(line) + 1
        assert line[finding.col - 1 : finding.end_col - 1].strip()
        assert finding.suggestion is None or "\n" not in finding.suggestion
