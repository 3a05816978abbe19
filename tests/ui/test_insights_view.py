"""Insights: counts by any field with the matrix's filters, a painted bar chart, headlines and a table."""

from __future__ import annotations

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from facilitation.library import STATS_FIELDS, LibraryFilter, Stats, tally
from storage.library import Library
from tests.ui.library_fakes import FakeQueries, row
from ui.bar_chart import MOST_BARS, BarChart, bar_caption, bars_of
from ui.insights_view import InsightsView, StatsTableModel, value_label
from ui.main_window import MainWindow
from ui.matrix_filters import filter_choices

ROWS = [
    row(n, f"Incident {n}", severity="Sev-2" if n % 5 else "Sev-1",
        trigger="Configuration change" if n < 6 else "Deploy",
        tags=("auth",) if n % 2 else ("<b>db</b>",), day=f"2026-0{1 + n % 3}-1{n % 10}")
    for n in range(1, 11)
]  # fmt: skip


@pytest.fixture
def insights(qtbot: QtBot) -> tuple[InsightsView, FakeQueries]:
    queries = FakeQueries(rows=list(ROWS))
    view = InsightsView(queries)
    qtbot.addWidget(view)
    view.start(filter_choices(ROWS), LibraryFilter())
    qtbot.waitUntil(lambda: view.headlines_ready)
    return view, queries


def test_counts_by_the_field_chosen_as_bars_and_table(insights: tuple[InsightsView, FakeQueries]) -> None:
    view, _queries = insights
    assert view.field == "severity"
    assert [(b.label, b.count) for b in view.chart.bars] == [("Sev-2", 8), ("Sev-1", 2)]
    assert view.summary.text() == "10 incidents by severity"
    assert [view.model.index(r, c).data() for r in range(2) for c in range(3)] == [
        "Sev-2", "8", "80.0%", "Sev-1", "2", "20.0%",
    ]  # fmt: skip
    view.by.setCurrentIndex(STATS_FIELDS.index("trigger"))
    assert [(b.label, b.count) for b in view.chart.bars] == [("Configuration change", 5), ("Deploy", 5)]


def test_every_field_is_counted_for_the_headlines(insights: tuple[InsightsView, FakeQueries]) -> None:
    view, queries = insights
    assert {by for by, _filter in queries.counted} == set(STATS_FIELDS)
    assert "80% of incidents were Sev-2." in view.headlines.text()


def test_headlines_escape_markup_typed_as_a_tag(insights: tuple[InsightsView, FakeQueries]) -> None:
    view, _queries = insights
    assert "<b>db</b>" not in view.headlines.text()
    assert "&lt;b&gt;db&lt;/b&gt;" in view.headlines.text()


def test_the_filters_narrow_the_counts_and_can_be_cleared(
    insights: tuple[InsightsView, FakeQueries], qtbot: QtBot
) -> None:
    view, queries = insights
    qtbot.keyClicks(view.filters.tags, "auth")
    qtbot.waitUntil(lambda: view.summary.text() == "5 incidents by severity")
    assert queries.counted[-1][1] == LibraryFilter(tags=("auth",))
    assert view.filter_state.text() == "Showing: tagged auth"
    view.clear_button.click()
    qtbot.waitUntil(lambda: view.summary.text() == "10 incidents by severity")


def test_insights_start_with_the_matrix_filters(qtbot: QtBot, library: Library) -> None:
    queries = FakeQueries(rows=list(ROWS))
    win = MainWindow(library.sessions, library.settings, "test library", queries=queries)
    qtbot.addWidget(win)
    next(a for a in win.library_view.filters.severity.menu().actions() if a.data() == "Sev-1").setChecked(
        True
    )
    win.insights_action.trigger()
    assert win.insights_view is not None
    assert win.insights_view.filters.current() == LibraryFilter(severities=frozenset({"Sev-1"}))
    assert win.insights_view.summary.text() == "2 incidents by severity"


def test_too_few_incidents_say_so_calmly(qtbot: QtBot) -> None:
    view = InsightsView(FakeQueries(rows=ROWS[:2]))
    qtbot.addWidget(view)
    view.refresh()
    assert view.headlines.text() == "Looking for headlines…"
    qtbot.waitUntil(lambda: view.headlines_ready)
    assert view.headlines.text() == "Not enough incidents here yet for a finding worth repeating."


def test_more_values_than_bars_are_summed_into_one(qtbot: QtBot) -> None:
    values = [(f"system {n}", 30 - n, (30 - n) / 500) for n in range(20)]
    bars = bars_of(values, overlapping=False)
    assert len(bars) == MOST_BARS + 1
    rest = bars[-1]
    assert rest.rest and rest.label == "5 other values"
    assert rest.count == sum(30 - n for n in range(MOST_BARS, 20))
    assert bars_of(values, overlapping=True)[-1].share is None  # tags: shares would not add up
    assert bar_caption(bars[0]) == "30 · 6%"
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_bars(bars)
    chart.resize(800, chart.height())
    assert chart.height() == (MOST_BARS + 1) * BarChart.ROW_HEIGHT + 8
    assert "system 0: 30 · 6%" in chart.accessibleDescription()
    assert not chart.grab().isNull()


def test_values_read_as_people_say_them() -> None:
    assert value_label("hour", 9) == "09:00–10:00"
    assert value_label("hour", 23) == "23:00–00:00"
    assert value_label("tag", None) == "(no tags)"
    assert value_label("factor-category", "people") == "People conditions"
    assert value_label("system", "line one\nline two") == "line one"


def test_stats_table_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = StatsTableModel()
    model.set_stats(tally("tag", [["a"], ["b", "a"], []]))
    qtmodeltester.check(model)
    model.set_stats(Stats("hour", 0, ()))
    assert model.rowCount() == 0


def test_months_are_counted_and_the_calendar_is_one_button_away(
    insights: tuple[InsightsView, FakeQueries], qtbot: QtBot
) -> None:
    view, _queries = insights
    view.by.setCurrentIndex(STATS_FIELDS.index("month"))
    assert {b.label for b in view.chart.bars} == {f"2026-0{m}" for m in (1, 2, 3)}
    with qtbot.waitSignal(view.holidays_requested):
        view.holidays_button.click()
