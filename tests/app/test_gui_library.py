"""The library views through the real queries on a real library: matrix, search and jump, insights,
open actions CSV, forgetting a person."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.library_queries import LibraryQueriesAdapter, write_text_atomically
from facilitation.library import SNIPPET_START
from facilitation.model import Action, Session
from facilitation.phases import Phase
from storage.library import Library
from tests.factories import full_session
from ui.export_dialog import ChooseFile
from ui.forget_person_dialog import ConfirmForget, ForgetPersonDialog
from ui.main_window import MainWindow
from ui.search_dialog import SearchDialog


@pytest.fixture
def window(qtbot: QtBot, library: Library) -> Iterator[MainWindow]:
    session = full_session()
    session.timeline[0].image = None  # the factory's picture is not what is looked at here
    library.sessions.create(session)
    library.sessions.create(
        Session(
            reference="#2", title="Queue <b>backlog</b>", severity="Sev-2", system="Queue", tags=["queue"],
            actions=[Action(key="a1", text="Add a queue alarm", owner="Ana Sørensen",
                            due=date.today() - timedelta(days=3))],
        )
    )  # fmt: skip
    win = MainWindow(
        library.sessions,
        library.settings,
        "test library",
        queries=LibraryQueriesAdapter(library),
        write_text=write_text_atomically,
    )
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def test_the_matrix_shows_every_classification_column(window: MainWindow) -> None:
    view = window.library_view
    auth = view.model.row_of(1)
    cells = [view.model.index(auth, column).data() for column in range(view.model.columnCount())]
    assert cells[:2] == ["#1421", "Auth service outage after config push"]
    assert cells[3:6] == ["Sev-1", "Auth Service", "Configuration change"]
    assert cells[6] == "Config pushes skip the canary stage; On-call had been paged four times that night"
    assert cells[7] == "auth, config, Peak hours"
    next(a for a in view.filters.severity.menu().actions() if a.data() == "Sev-2").setChecked(True)
    assert view.proxy.rowCount() == 1 and view.count_label.text() == "1 of 2 debriefs shown"


def test_search_finds_the_timeline_entry_and_opens_it(window: MainWindow, qtbot: QtBot) -> None:
    dialog = SearchDialog(window.queries, window)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.box.setText("paged rising")
    dialog.run_search()
    assert dialog.model.rowCount() == 1
    found = dialog.model.index(0).data(Qt.ItemDataRole.UserRole + 1)
    assert (found.list_name, found.item_key) == ("timeline", "t2")
    assert SNIPPET_START in found.snippet
    shown = dialog.model.index(0).data()
    assert "&lt;b&gt;" in shown  # the entry's own "<b>" is text
    assert shown.count("<b style") == 2  # the two words found are highlighted
    assert "in Timeline" in shown


def test_hostile_searches_find_nothing_and_change_nothing(window: MainWindow, library: Library) -> None:
    before = library.sessions.get(1)
    dialog = SearchDialog(window.queries, window)  # type: ignore[arg-type]
    for query in ('"', "(auth", "NEAR(", "*", "-", "^", "'; DELETE FROM sessions; --", "<b>"):
        dialog.box.setText(query)
        dialog.run_search()
    assert library.sessions.get(1) == before
    assert library.sessions.count() == 2
    dialog.deleteLater()


def test_ctrl_f_then_enter_opens_the_debrief_at_the_item(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def choose(cls: type[SearchDialog], parent: MainWindow, queries: LibraryQueriesAdapter) -> object:
        return queries.search("retired host")[0]

    monkeypatch.setattr(SearchDialog, "ask", classmethod(choose))
    window.search_action.trigger()
    assert window.session_view is not None
    assert window.session_view.current_phase is Phase.WENT_WRONG


def test_insights_count_the_real_library(window: MainWindow, qtbot: QtBot) -> None:
    window.insights_action.trigger()
    view = window.insights_view
    assert view is not None
    assert {bar.label for bar in view.chart.bars} == {"Sev-1", "Sev-2"}
    assert view.summary.text() == "2 incidents by severity"
    qtbot.waitUntil(lambda: view.headlines_ready)
    assert view.headlines.text() == "Not enough incidents here yet for a finding worth repeating."


def test_open_actions_export_a_csv_whole(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "actions.csv"
    monkeypatch.setattr(ChooseFile, "ask", classmethod(lambda cls, parent, caption, suggested: target))
    window.open_actions_action.trigger()
    view = window.open_actions_view
    assert view is not None
    assert view.model.index(0, 0).data().endswith("· overdue")
    window.export_action.trigger()
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    shown = [view.model.action(r).text for r in range(view.model.rowCount())]
    assert [row[3] for row in rows[1:]] == shown  # in the order shown, overdue first
    assert next(row for row in rows if row[3] == "Add a queue alarm")[-1] == "yes"


def test_forgetting_a_person_reaches_the_matrix(
    window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    monkeypatch.setattr(ConfirmForget, "ask", classmethod(lambda cls, parent, preview: True))
    dialog = ForgetPersonDialog(window.queries, window)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert "Ana Sørensen" in [dialog.name.itemText(i) for i in range(dialog.name.count())]
    dialog.name.setEditText("Ana Sørensen")
    dialog.show_preview()
    assert "appears in 2 debriefs" in dialog.preview.text()
    dialog.forget_button.click()
    assert dialog.changed > 0
    assert library.sessions.get(1).facilitator == "former engineer"
    assert "Ana Sørensen" not in window.queries.people()  # type: ignore[union-attr]
