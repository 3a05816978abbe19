"""The holiday calendar editor (TOML import) and Forget a person (preview, one confirmation)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitation.library import ForgetPreview
from facilitation.settings import HolidayWindow
from storage.library import Library
from tests.ui.library_fakes import FakeQueries
from ui.forget_person_dialog import NEEDS_BOTH, NEEDS_PREVIEW, ConfirmForget, ForgetPersonDialog, preview_text
from ui.holidays_dialog import HolidaysDialog
from ui.main_window import MainWindow

CALENDAR = """
[[window]]
name = "Winter freeze"
start = 2026-12-20
end = "2027-01-02"

[[window]]
name = "Easter <b>"
start = 2026-04-03
end = 2026-04-06
"""


@pytest.fixture
def holidays(qtbot: QtBot, library: Library) -> HolidaysDialog:
    settings = library.settings.load()
    settings.holidays = [HolidayWindow("Summer", date(2026, 7, 1), date(2026, 7, 31))]
    library.settings.save(settings)
    dialog = HolidaysDialog(library.settings)
    qtbot.addWidget(dialog)
    return dialog


def test_import_adds_the_windows_and_save_keeps_them(
    holidays: HolidaysDialog, library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "calendar.toml"
    path.write_text(CALENDAR, encoding="utf-8")
    assert holidays.rows() == [("Summer", "2026-07-01", "2026-07-31")]
    holidays.import_file(path)
    holidays.import_file(path)  # the same windows twice are kept once
    assert holidays.rows()[1:] == [
        ("Winter freeze", "2026-12-20", "2027-01-02"),
        ("Easter <b>", "2026-04-03", "2026-04-06"),
    ]
    assert library.settings.load().holidays[1:] == []  # nothing saved before Save
    holidays._on_save_clicked()
    assert [w.name for w in library.settings.load().holidays] == ["Summer", "Winter freeze", "Easter <b>"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[[window]]\nname = 'X'\nstart = 2026-01-05\nend = 2026-01-01\n", "before it starts"),
        ("not = [toml", "cannot be read as TOML"),
        ("[[window]]\nstart = 2026-01-05\nend = 2026-01-06\n", "has no name"),
    ],
)
def test_a_calendar_that_cannot_be_used_is_one_sentence_and_adds_nothing(
    holidays: HolidaysDialog, tmp_path: Path, text: str, said: str
) -> None:
    path = tmp_path / "calendar.toml"
    path.write_text(text, encoding="utf-8")
    holidays.import_file(path)
    assert said in holidays.problem.text()
    assert holidays.rows() == [("Summer", "2026-07-01", "2026-07-31")]


def test_a_file_that_is_not_utf8_is_named(holidays: HolidaysDialog, tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes("[[window]]\nname = 'Fête'\n".encode("latin-1"))
    holidays.import_file(path)
    assert holidays.problem.text() == "latin.toml is not UTF-8 text; save it as UTF-8 and import it again."


def test_a_row_typed_wrong_is_named_and_nothing_is_saved(holidays: HolidaysDialog, library: Library) -> None:
    holidays._on_add_clicked()
    holidays.table.item(1, 0).setText("Freeze")  # type: ignore[union-attr]
    holidays.table.item(1, 2).setText("next week")  # type: ignore[union-attr]
    holidays._on_save_clicked()
    assert (
        holidays.problem.text() == "Row 2 ('Freeze') has “next week” as its last day; write it as YYYY-MM-DD."
    )
    assert len(library.settings.load().holidays) == 1
    holidays.table.setCurrentCell(1, 0)
    holidays.remove_button.click()
    holidays._on_save_clicked()
    assert holidays.result() == HolidaysDialog.DialogCode.Accepted


@pytest.fixture
def queries() -> FakeQueries:
    return FakeQueries(places={"Ana": (("participants", 3), ("timeline entries", 12)), "Bo": ()})


def test_the_preview_says_where_the_name_is_before_anything_changes(
    qtbot: QtBot, queries: FakeQueries
) -> None:
    dialog = ForgetPersonDialog(queries)
    qtbot.addWidget(dialog)
    assert [dialog.name.itemText(i) for i in range(dialog.name.count())] == ["Ana", "Bo"]
    qtbot.keyClicks(dialog.name.lineEdit(), "Ana")
    assert dialog.preview.text() == NEEDS_PREVIEW and not dialog.forget_button.isEnabled()
    qtbot.keyClick(dialog.name.lineEdit(), Qt.Key.Key_Return)
    assert dialog.forget_button.isEnabled()
    assert dialog.preview.text() == (
        "“Ana” appears in 2 debriefs:\n  • participants: 3\n  • timeline entries: 12\n\n"
        "Each becomes “former engineer”. This cannot be undone. Backups made before now still hold "
        "the name; delete them from the backups folder if it must go from those too."
    )
    assert queries.forgotten == []
    dialog.role.clear()
    dialog.show_preview()
    assert dialog.preview.text() == NEEDS_BOTH and not dialog.forget_button.isEnabled()


def test_a_name_nowhere_changes_nothing() -> None:
    assert "does not appear anywhere" in preview_text(ForgetPreview("<b>Zed</b>", "role", (), 0))


@pytest.mark.parametrize("confirmed", [True, False])
def test_one_confirmation_then_the_name_is_replaced(
    qtbot: QtBot, queries: FakeQueries, monkeypatch: pytest.MonkeyPatch, confirmed: bool
) -> None:
    asked: list[ForgetPreview] = []
    monkeypatch.setattr(
        ConfirmForget, "ask", classmethod(lambda cls, p, preview: asked.append(preview) or confirmed)
    )
    dialog = ForgetPersonDialog(queries)
    qtbot.addWidget(dialog)
    dialog.name.setEditText("Ana")
    dialog.role.setText("on-call engineer")
    assert not dialog.forget_button.isEnabled()  # not before a preview of this name and role
    dialog.preview_button.click()
    dialog.forget_button.click()
    assert [(p.name, p.role) for p in asked] == [("Ana", "on-call engineer")]
    assert queries.forgotten == ([("Ana", "on-call engineer")] if confirmed else [])
    assert dialog.changed == (15 if confirmed else 0)


def test_forgetting_closes_the_open_debrief_and_refreshes_the_library(
    qtbot: QtBot, library: Library, queries: FakeQueries, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitation.model import Session

    win = MainWindow(library.sessions, library.settings, "t", queries=queries)
    qtbot.addWidget(win)
    win.open_session(library.sessions.create(Session(title="Open one")))
    assert not win.forget_action.isEnabled()  # a session open could write the name back
    win.show_library()
    monkeypatch.setattr(ForgetPersonDialog, "ask", classmethod(lambda cls, parent, q: 15))
    win.forget_action.trigger()
    assert win.pages.currentWidget() is win.library_view
    assert win.statusBar().currentMessage() == "The name was replaced in 15 places."
