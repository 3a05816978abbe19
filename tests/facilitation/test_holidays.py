"""The holiday calendar as TOML: read, refused in one sentence, written back the same."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given

from facilitation.holidays import parse_holidays_toml
from facilitation.settings import HolidayWindow
from tests.strategies import text


def test_windows_read_with_toml_dates_or_strings_in_their_order() -> None:
    windows = parse_holidays_toml(
        """
        [[window]]
        name = "Winter freeze"
        start = 2025-12-20
        end = "2026-01-02"

        [[window]]
        name = " Easter "
        start = "2026-04-03"
        end = 2026-04-06
        """
    )
    assert windows == [
        HolidayWindow("Winter freeze", date(2025, 12, 20), date(2026, 1, 2)),
        HolidayWindow("Easter", date(2026, 4, 3), date(2026, 4, 6)),
    ]
    assert parse_holidays_toml("") == []


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        (
            '[[window]]\nname = "Freeze"\nstart = 2026-01-01',
            "Window 1 ('Freeze') has no end date; add one as end = 2026-12-20.",
        ),
        (
            '[[window]]\nname = "A"\nstart = 2026-01-01\nend = 2026-01-01\n'
            '[[window]]\nname = "B"\nstart = "soon"\nend = 2026-01-01',
            "Window 2 ('B') has start 'soon', which is not a day; write it as YYYY-MM-DD.",
        ),
        (
            '[[window]]\nname = "B"\nstart = 2026-01-01T10:00:00\nend = 2026-01-02',
            "Window 1 ('B') has start '2026-01-01 10:00:00', which is not a day; write it as YYYY-MM-DD.",
        ),
        (
            '[[window]]\nname = "B"\nstart = 2026-02-01\nend = 2026-01-01',
            "Window 1 ('B') ends on 2026-01-01, before it starts on 2026-02-01; swap the two.",
        ),
        (
            '[[window]]\nname = ""\nstart = 2026-02-01\nend = 2026-03-01',
            'Window 1 has no name; give it one, e.g. name = "Winter freeze".',
        ),
        (
            '[[window]]\nname = "B"\nstart = 2026-02-01\nend = 2026-03-01\nowner = "Ana"',
            "Window 1 ('B') has a field 'owner'; only name, start and end are read.",
        ),
        (
            'title = "calendar"',
            "The calendar file has 'title' where only [[window]] tables belong; remove it or put it "
            "inside a window.",
        ),
        ("window = 3", "'window' needs to be a list of [[window]] tables; write each as [[window]]."),
        ("window = [1]", "Window 1 is not a table; write it as [[window]] with name, start and end."),
    ],
)
def test_each_problem_is_one_sentence_naming_the_window_and_field(toml: str, expected: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_holidays_toml(toml)
    assert str(caught.value) == expected


def test_text_that_is_not_toml_is_refused_plainly() -> None:
    with pytest.raises(ValueError, match=r"^The calendar file cannot be read as TOML \(.*line 2.*\); fix"):
        parse_holidays_toml("[[window]]\nname = = 1")


@given(text)
def test_any_text_reads_or_is_one_sentence(toml: str) -> None:
    try:
        parse_holidays_toml(toml)
    except ValueError as problem:
        assert "\n" not in str(problem).strip()
