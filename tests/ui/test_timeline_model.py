"""The timeline table model: times in the session's zone, what stands out, editing, and 2,000 rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from facilitation.model import KINDS, SOURCES, EntryImage, TimelineEntry, WebLink
from ui.timeline_model import (
    ATTACHMENTS_COLUMN,
    COLUMNS,
    DECISION_TINT,
    KIND_COLUMN,
    SOURCE_COLUMN,
    STAR_COLUMN,
    TIME_COLUMN,
    WHAT_COLUMN,
    WHO_COLUMN,
    TimelineModel,
)

_Role = Qt.ItemDataRole
_VISIBLE_ROLES = (
    _Role.DisplayRole,
    _Role.FontRole,
    _Role.BackgroundRole,
    _Role.ForegroundRole,
    _Role.TextAlignmentRole,
    _Role.AccessibleTextRole,
    _Role.DecorationRole,
    _Role.CheckStateRole,
    _Role.SizeHintRole,
)


def _at(day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, second, tzinfo=UTC)


def _entry(key: str, at: datetime | None = None, text: str = "", **fields: Any) -> TimelineEntry:
    return TimelineEntry(key=key, at=at, text=text or f"entry {key}", **fields)


def _model(*entries: TimelineEntry, zone: str = "UTC") -> TimelineModel:
    model = TimelineModel(zone)
    model.set_rows(list(entries))
    return model


def _cell(model: TimelineModel, row: int, column: int, role: int = _Role.DisplayRole) -> Any:
    return model.data(model.index(row, column), role)


def _times(model: TimelineModel) -> list[str]:
    return [_cell(model, row, TIME_COLUMN) for row in range(model.rowCount())]


def _keys(model: TimelineModel) -> list[str]:
    return [model.entry(row).key for row in range(model.rowCount())]


def _tip(model: TimelineModel, row: int, column: int) -> str | None:
    return model.tooltip(model.index(row, column))


def _changed_rows(model: TimelineModel) -> list[tuple[int, int, int, int]]:
    """Collect every dataChanged as (top row, left column, bottom row, right column)."""
    seen: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda tl, br, roles=(): seen.append((tl.row(), tl.column(), br.row(), br.column()))
    )
    return seen


def _sample() -> list[TimelineEntry]:
    return [
        _entry("t1", _at(2, 14, 32), actor="Ana", source="alert", starred=True),
        _entry("t2", None, "Someone restarted the pods", approximate=True),
        _entry("t3", _at(2, 14, 40, 5), "Rolled back", kind="decision", source="decision-log"),
        _entry("t4", _at(3, 0, 10), "Queue drained", private=True, web_links=[WebLink("https://x/1")]),
        _entry("t5", _at(3, 0, 15), "Graph", approximate=True, image=EntryImage(b"png")),
    ]


def test_the_model_tester_passes_populated_and_through_every_change(
    qtmodeltester: ModelTester, qtbot: QtBot
) -> None:
    model = _model(*_sample())
    qtmodeltester.check(model)
    model.insert(0, _entry("t6", _at(1, 9, 0)))
    model.insert(model.rowCount(), _entry("t7"))
    model.insert(3, _entry("t8", _at(2, 15, 0), kind="decision"))
    assert _keys(model) == ["t6", "t1", "t2", "t8", "t3", "t4", "t5", "t7"]
    model.move(0, 4)
    model.move(5, 1)
    model.move(model.rowCount() - 1, 0)
    assert _keys(model) == ["t7", "t1", "t4", "t2", "t8", "t3", "t6", "t5"]
    model.remove(2)
    model.remove(model.rowCount() - 1)
    model.entry(0).starred = True
    model.refresh(0)
    model.set_zone("Asia/Tokyo")
    assert model.setData(model.index(1, WHO_COLUMN), "Bo")
    assert _keys(model) == ["t7", "t1", "t2", "t8", "t3", "t6"]
    model.set_rows([])
    model.insert(0, _entry("t9"))
    assert model.rowCount() == 1


def test_the_python_model_tester_accepts_every_role_type(qtmodeltester: ModelTester) -> None:
    # The Python tester checks the type of each visible role's value on a decision row.
    qtmodeltester.check(_model(*reversed(_sample())), force_py=True)


def test_headers_name_each_column_and_explain_the_symbol_ones() -> None:
    model = _model()
    horizontal = Qt.Orientation.Horizontal
    titles = [model.headerData(c, horizontal) for c in range(model.columnCount())]
    assert titles == ["", "Time", "Who", "What happened", "Kind", "Source", ""]
    assert list(COLUMNS) == titles
    assert model.headerData(STAR_COLUMN, horizontal, _Role.ToolTipRole) == "Key moment"
    assert model.headerData(ATTACHMENTS_COLUMN, horizontal, _Role.ToolTipRole) == "Links and images"


def test_times_show_the_date_where_the_day_changes_seconds_when_set_and_a_tilde_when_rough() -> None:
    model = _model(*_sample())
    assert _times(model) == ["Mar 2 14:32", "—", "14:40:05", "Mar 3 00:10", "~00:15"]
    assert _tip(model, 0, TIME_COLUMN) == "2026-03-02 14:32"
    assert _tip(model, 4, TIME_COLUMN) == "About 2026-03-03 00:15"
    assert _tip(model, 1, TIME_COLUMN) == "Time not known"


def test_an_approximate_first_time_shows_its_date_after_the_tilde() -> None:
    model = _model(_entry("t1"), _entry("t2", _at(2, 9, 5), approximate=True))
    assert _times(model) == ["—", "~Mar 2 09:05"]


def test_an_unknown_time_is_a_dim_dash_and_known_times_keep_the_views_colour() -> None:
    model = _model(*_sample())
    placeholder = QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
    assert _cell(model, 1, TIME_COLUMN, _Role.ForegroundRole) == placeholder
    assert _cell(model, 0, TIME_COLUMN, _Role.ForegroundRole) is None
    assert _cell(model, 1, WHAT_COLUMN, _Role.ForegroundRole) is None
    assert _cell(model, 1, TIME_COLUMN, _Role.AccessibleTextRole) == "Time not known"


def test_times_read_in_the_sessions_zone_and_a_new_zone_repaints_the_time_column(qtbot: QtBot) -> None:
    model = _model(_entry("t1", _at(2, 23, 30)), _entry("t2", _at(3, 0, 5)), zone="UTC")
    assert _times(model) == ["Mar 2 23:30", "Mar 3 00:05"]
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.set_zone("Europe/Berlin")
    top_left, bottom_right = changed.args[0], changed.args[1]
    assert (top_left.row(), top_left.column()) == (0, TIME_COLUMN)
    assert (bottom_right.row(), bottom_right.column()) == (1, TIME_COLUMN)
    assert model.zone_name == "Europe/Berlin"
    # In Berlin both moments fall on March 3rd, so the second one no longer repeats the date.
    assert _times(model) == ["Mar 3 00:30", "01:05"]


def test_an_unknown_zone_reads_each_time_in_its_own_offset() -> None:
    model = _model(_entry("t1", _at(2, 14, 32)), zone="Not/AZone")
    assert _times(model) == ["Mar 2 14:32"]


def test_date_marks_follow_inserts_removes_moves_and_refreshes() -> None:
    model = _model(_entry("t1", _at(2, 10, 0)), _entry("t2", _at(2, 11, 0)), _entry("t3", _at(3, 9, 0)))
    changed = _changed_rows(model)
    assert _times(model) == ["Mar 2 10:00", "11:00", "Mar 3 09:00"]

    model.insert(0, _entry("t0", _at(2, 9, 0)))
    assert _times(model) == ["Mar 2 09:00", "10:00", "11:00", "Mar 3 09:00"]
    assert (1, TIME_COLUMN, 1, TIME_COLUMN) in changed

    changed.clear()
    model.remove(0)
    assert _times(model) == ["Mar 2 10:00", "11:00", "Mar 3 09:00"]
    assert changed == [(0, TIME_COLUMN, 0, TIME_COLUMN)]

    model.move(2, 1)
    assert _times(model) == ["Mar 2 10:00", "Mar 3 09:00", "Mar 2 11:00"]

    changed.clear()
    model.entry(1).at = _at(2, 10, 30)
    model.refresh(1)
    assert _times(model) == ["Mar 2 10:00", "10:30", "11:00"]
    assert (1, 0, 1, len(COLUMNS) - 1) in changed
    assert (2, TIME_COLUMN, 2, TIME_COLUMN) in changed


def test_move_lands_the_entry_on_the_row_asked_for_both_ways(qtbot: QtBot) -> None:
    model = _model(*(_entry(f"t{i}") for i in range(1, 5)))
    with qtbot.waitSignal(model.rowsMoved) as moved:
        model.move(0, 2)
    # Qt's destination counts rows before the move: landing on row 2 means "above old row 3".
    assert moved.args[1:3] == [0, 0] and moved.args[4] == 3
    assert _keys(model) == ["t2", "t3", "t1", "t4"]
    model.move(3, 0)
    assert _keys(model) == ["t4", "t2", "t3", "t1"]
    model.move(1, 1)
    assert _keys(model) == ["t4", "t2", "t3", "t1"]
    with pytest.raises(IndexError):
        model.move(0, 4)


def test_the_model_holds_the_very_entries_it_is_given() -> None:
    entries = _sample()
    model = _model(*entries)
    assert all(a is b for a, b in zip(model.entries(), entries, strict=True))
    model.entries().clear()
    assert model.rowCount() == len(entries)
    assert model.entry(2) is entries[2]
    assert model.row_of("t4") == 3
    assert model.row_of("t99") == -1
    assert model.remove(1) is entries[1]
    assert model.row_of("t4") == 2
    with pytest.raises(IndexError):
        model.entry(model.rowCount())
    with pytest.raises(IndexError):
        model.insert(model.rowCount() + 1, _entry("t9"))


def test_decision_rows_are_bold_and_tinted_across_the_whole_row() -> None:
    model = _model(*_sample())
    for column in range(model.columnCount()):
        font = _cell(model, 2, column, _Role.FontRole)
        assert isinstance(font, QFont) and font.bold() and not font.italic()
        tint = _cell(model, 2, column, _Role.BackgroundRole)
        assert isinstance(tint, QColor) and tint == DECISION_TINT
        assert _cell(model, 0, column, _Role.FontRole) is None
        assert _cell(model, 0, column, _Role.BackgroundRole) is None
    # Translucent, so the palette's own base shows through in light and dark themes.
    assert 0 < DECISION_TINT.alpha() < 128
    assert _cell(model, 2, KIND_COLUMN) == "decision"
    assert _cell(model, 2, SOURCE_COLUMN) == "decision log"
    assert _cell(model, 0, SOURCE_COLUMN) == "alert"
    assert _cell(model, 1, SOURCE_COLUMN) == ""


def test_private_entries_are_italic_and_say_so_in_the_tooltip() -> None:
    model = _model(*_sample(), _entry("t6", kind="decision", private=True))
    font = _cell(model, 3, WHO_COLUMN, _Role.FontRole)
    assert font.italic() and not font.bold()
    assert _tip(model, 3, WHAT_COLUMN) == "Queue drained\n(private)"
    assert _cell(model, 3, WHAT_COLUMN) == "Queue drained"
    both = _cell(model, 5, TIME_COLUMN, _Role.FontRole)
    assert both.bold() and both.italic()
    assert _tip(model, 0, WHAT_COLUMN) == "entry t1"


def test_a_star_marks_a_key_moment_and_follows_a_refresh(qtbot: QtBot) -> None:
    model = _model(*_sample())
    assert _cell(model, 0, STAR_COLUMN) == "★"
    assert _tip(model, 0, STAR_COLUMN) == "Key moment"
    assert _cell(model, 0, STAR_COLUMN, _Role.AccessibleTextRole) == "Key moment"
    assert _cell(model, 1, STAR_COLUMN) == ""
    assert _tip(model, 1, STAR_COLUMN) is None
    model.entry(1).starred = True
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.refresh(1)
    assert (changed.args[0].row(), changed.args[1].row()) == (1, 1)
    assert _cell(model, 1, STAR_COLUMN) == "★"


def test_attachments_count_links_show_an_image_and_list_the_first_links() -> None:
    links = [WebLink(f"https://chat/{i}", "chat", f"thread {i}" if i % 2 else "") for i in range(7)]
    model = _model(
        _entry("t1", web_links=links[:2]),
        _entry("t2", image=EntryImage(b"\x89PNG")),
        _entry("t3", web_links=links, image=EntryImage(b"\x89PNG")),
        _entry("t4"),
    )
    assert [_cell(model, row, ATTACHMENTS_COLUMN) for row in range(4)] == ["🔗2", "🖼", "🔗7 🖼", ""]
    assert _tip(model, 0, ATTACHMENTS_COLUMN) == "https://chat/0\nthread 1"
    assert _tip(model, 1, ATTACHMENTS_COLUMN) == "An image"
    assert (_tip(model, 2, ATTACHMENTS_COLUMN) or "").splitlines() == [
        "https://chat/0",
        "thread 1",
        "https://chat/2",
        "thread 3",
        "https://chat/4",
        "and 2 more links",
        "An image",
    ]
    assert _tip(model, 3, ATTACHMENTS_COLUMN) is None
    assert _cell(model, 2, ATTACHMENTS_COLUMN, _Role.AccessibleTextRole) == "7 links and an image"


def test_what_shows_the_first_line_and_keeps_the_whole_text_elsewhere() -> None:
    log = "ERROR pool exhausted\n  at db.connect\n  at handler"
    essay = "x" * 2500
    model = _model(
        _entry("t1", text=log), _entry("t2", text=essay), _entry("t3", text="\n\nlate start\nmore")
    )
    assert _cell(model, 0, WHAT_COLUMN) == "ERROR pool exhausted"
    assert _tip(model, 0, WHAT_COLUMN) == log
    assert model.edit_text(model.index(0, WHAT_COLUMN)) == log
    assert _cell(model, 1, WHAT_COLUMN) == "x" * 500
    assert _tip(model, 1, WHAT_COLUMN) == "x" * 2000 + "…"
    assert model.edit_text(model.index(1, WHAT_COLUMN)) == essay
    assert _cell(model, 2, WHAT_COLUMN) == "late start"


def test_only_who_and_what_are_editable() -> None:
    model = _model(*_sample())
    editable = [
        bool(model.flags(model.index(0, column)) & Qt.ItemFlag.ItemIsEditable)
        for column in range(model.columnCount())
    ]
    assert editable == [column in (WHO_COLUMN, WHAT_COLUMN) for column in range(model.columnCount())]
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags
    assert not model.setData(model.index(0, TIME_COLUMN), "2026-03-02 10:00")
    assert not model.setData(model.index(0, KIND_COLUMN), "decision")
    assert not model.setData(model.index(0, WHO_COLUMN), "Bo", _Role.DisplayRole)
    assert model.entry(0).kind == "event" and model.entry(0).actor == "Ana"


def test_editing_who_and_what_changes_the_entry_and_tells_the_controller_once(qtbot: QtBot) -> None:
    entries = _sample()
    model = _model(*entries)
    edits: list[tuple[int, str, object, object]] = []
    model.entry_edited.connect(lambda *args: edits.append(args))

    assert model.setData(model.index(0, WHO_COLUMN), "Bo")
    assert entries[0].actor == "Bo"
    assert _cell(model, 0, WHO_COLUMN) == "Bo"
    assert model.setData(model.index(2, WHAT_COLUMN), "Rolled back v42\nafter the canary failed")
    assert entries[2].text == "Rolled back v42\nafter the canary failed"
    assert _cell(model, 2, WHAT_COLUMN) == "Rolled back v42"
    assert edits == [
        (0, "actor", "Ana", "Bo"),
        (2, "text", "Rolled back", "Rolled back v42\nafter the canary failed"),
    ]


def test_setting_an_unchanged_value_is_not_an_edit(qtbot: QtBot) -> None:
    model = _model(*_sample())
    with qtbot.assertNotEmitted(model.entry_edited), qtbot.assertNotEmitted(model.dataChanged):
        assert model.setData(model.index(0, WHO_COLUMN), "Ana")
        assert model.setData(model.index(0, WHO_COLUMN), " Ana ")
        assert model.setData(model.index(2, WHAT_COLUMN), "Rolled back")
    assert model.entry(0).actor == "Ana"


def _many(count: int) -> list[TimelineEntry]:
    entries = []
    for i in range(count):
        minute = i * 7
        entries.append(
            _entry(
                f"t{i + 1}",
                None if i % 50 == 7 else _at(2 + minute // 1440, minute // 60 % 24, minute % 60, i % 3),
                f"line one of {i}\nline two" if i % 5 == 0 else f"something happened {i} " * (i % 40),
                actor=f"person {i % 9}",
                kind=KINDS[i % len(KINDS)],
                source=SOURCES[i % len(SOURCES)],
                starred=i % 11 == 0,
                approximate=i % 13 == 0,
                private=i % 17 == 0,
                web_links=[WebLink(f"https://x/{i}/{n}") for n in range(i % 4)],
                image=EntryImage(b"png") if i % 19 == 0 else None,
            )
        )
    return entries


def test_two_thousand_entries_give_every_visible_role_for_every_cell() -> None:
    model = _model(*_many(2000), zone="America/New_York")
    shown: dict[int, int] = {}
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role in _VISIBLE_ROLES:
                if model.data(index, role) not in (None, ""):
                    shown[role] = shown.get(role, 0) + 1
    assert shown[_Role.DisplayRole] > 2000 * 4
    assert shown[_Role.BackgroundRole] == 500 * len(COLUMNS)
    assert _Role.DecorationRole not in shown and _Role.CheckStateRole not in shown
    assert sum(1 for time in _times(model) if "Mar" in time) == 11  # one per day the entries span
    assert model.row_of("t2000") == 1999


def test_a_table_view_scrolls_to_the_bottom_of_two_thousand_entries(qtbot: QtBot) -> None:
    model = _model(*_many(2000), zone="Europe/London")
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(800, 400)
    view.show()
    qtbot.waitExposed(view)
    view.scrollToBottom()
    qtbot.wait(1)
    last = view.indexAt(view.viewport().rect().bottomLeft())
    assert view.verticalScrollBar().value() == view.verticalScrollBar().maximum() > 0
    assert last.row() in (1998, 1999)
    assert model.entry(last.row()).key == f"t{last.row() + 1}"


_moments = st.one_of(
    st.none(), st.integers(0, 4 * 24 * 60).map(lambda m: _at(1, 0, 0) + timedelta(minutes=m))
)
_steps = st.lists(
    st.tuples(st.booleans(), st.integers(0, 40), _moments), max_size=40
)  # (insert or remove, where, time of an inserted entry)


@given(st.lists(_moments, max_size=20), _steps)
def test_date_marks_kept_row_by_row_match_a_fresh_count(
    start: list[datetime | None], steps: list[tuple[bool, int, datetime | None]]
) -> None:
    """Inserts and removes update the date marks near the row only (an import adds thousands one by one);
    after any of them the marks are those of the whole list counted afresh."""
    model = _model(*(_entry(f"t{i}", at) for i, at in enumerate(start)))
    for number, (insert, where, at) in enumerate(steps):
        if insert:
            model.insert(where % (model.rowCount() + 1), _entry(f"n{number}", at))
        elif model.rowCount():
            model.remove(where % model.rowCount())
        fresh = _model(*model.entries())
        shown = [_cell(model, row, TIME_COLUMN) for row in range(model.rowCount())]
        assert shown == [_cell(fresh, row, TIME_COLUMN) for row in range(fresh.rowCount())]
