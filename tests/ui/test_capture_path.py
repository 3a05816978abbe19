"""What the fast capture path must keep: item keys, the table's cells, and the shared screen's page.

Enter in the timeline is kept short by remembering work between Enters (free keys, where the
last entry went, wrapped lines) and by keeping the table's cells in Qt's own items, made when a
row changes; these tests hold that the answers stay the same as the plain ways of working them out.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, QSettings, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QHelpEvent, QImage, QPaintEvent
from PySide6.QtWidgets import QApplication, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from facilitation.coach import Note
from facilitation.model import Item, ParkingLotItem, Session, TimelineEntry, WentRight, next_free_key
from facilitation.phases import Phase
from storage.library import Library
from ui import shared_screen
from ui.main_window import MainWindow
from ui.session_editor import SessionEditor
from ui.shared_screen import Row, RowsArea, phase_rows
from ui.timeline_model import COLUMNS, WHAT_COLUMN, TimelineModel
from ui.timeline_view import TimelineTable
from ui.widgets import LongLineEdit

_Role = Qt.ItemDataRole
_PAINTED = (
    _Role.FontRole,
    _Role.TextAlignmentRole,
    _Role.ForegroundRole,
    _Role.CheckStateRole,
    _Role.DecorationRole,
    _Role.DisplayRole,
    _Role.BackgroundRole,
    _Role.ToolTipRole,
    _Role.AccessibleTextRole,
)


@pytest.fixture
def own_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shared screen remembers its place in a settings file of the test's own."""
    path = tmp_path / "settings.ini"
    monkeypatch.setattr(
        shared_screen, "settings_store", lambda: QSettings(str(path), QSettings.Format.IniFormat)
    )
    return path


def _editor(library: Library, session: Session) -> SessionEditor:
    session_id = library.sessions.create(session)
    return SessionEditor(library.sessions, library.sessions.get(session_id))


def _keys(library: Library, editor: SessionEditor) -> list[str]:
    return [entry.key for entry in library.sessions.get(editor.session_id).timeline]


# -- keys -------------------------------------------------------------------------------------------


def test_new_entries_take_the_first_free_key_and_a_deleted_number_is_used_again(
    qapp: QApplication, library: Library
) -> None:
    editor = _editor(library, Session(title="Keys"))
    for text in ("one", "two", "three"):
        assert editor.add_item("timeline", TimelineEntry(text=text))
    assert _keys(library, editor) == ["t1", "t2", "t3"]
    assert editor.remove_item("timeline", "t2")
    assert editor.add_item("timeline", TimelineEntry(text="four"))
    assert editor.add_item("timeline", TimelineEntry(text="five"))
    assert sorted(_keys(library, editor)) == ["t1", "t2", "t3", "t4"]
    assert editor.add_item("went_right", WentRight(text="the alert fired early"))
    assert [item.key for item in editor.session.went_right] == ["r1"]


def test_an_item_put_in_the_lists_by_other_means_keeps_its_key_to_itself(
    qapp: QApplication, library: Library
) -> None:
    editor = _editor(library, Session(title="Keys", timeline=[TimelineEntry(key="t1", text="one")]))
    assert editor.add_item("timeline", TimelineEntry(text="two"))
    # Something other than the editor (an import into the open session, say) adds t3.
    library.sessions.add_item(editor.session_id, TimelineEntry(key="t3", text="three"))
    editor.session.timeline.append(TimelineEntry(key="t3", text="three"))
    assert editor.add_item("timeline", TimelineEntry(text="four"))
    keys = _keys(library, editor)
    assert len(keys) == len(set(keys)) == 4
    assert keys[-1] == "t4"


def test_next_free_key_counts_from_where_it_is_told() -> None:
    assert next_free_key("t", {"t1", "t2"}) == "t3"
    assert next_free_key("t", {"t1", "t2", "t5"}, start=5) == "t6"
    assert next_free_key("t", set(), start=0) == "t1"


# -- the timeline table's cells ----------------------------------------------------------------------


def _timeline(count: int) -> list[TimelineEntry]:
    start = datetime(2026, 3, 2, 23, 50, tzinfo=UTC)
    return [
        TimelineEntry(
            key=f"t{n + 1}",
            text=f"entry {n} <b>&amp;</b>",
            at=None if n % 7 == 3 else start + timedelta(minutes=5 * n),
            kind="decision" if n % 4 == 0 else "event",
            private=n % 5 == 0,
            starred=n % 3 == 0,
        )
        for n in range(count)
    ]


def _cells(model: TimelineModel) -> list[list[list[object]]]:
    """Every cell's every painted role, row by row."""
    return [
        [[model.index(row, column).data(role) for role in _PAINTED] for column in range(len(COLUMNS))]
        for row in range(model.rowCount())
    ]


_changes = st.lists(
    st.tuples(
        st.sampled_from(("insert", "remove", "move", "refresh", "edit", "zone", "describe")),
        st.integers(0, 30),
        st.integers(0, 30),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(start=st.integers(0, 12), changes=_changes)
def test_cells_kept_through_any_changes_are_those_made_afresh(
    qapp: QApplication, start: int, changes: list[tuple[str, int, int]]
) -> None:
    """The items Qt paints from are made when rows change; after any run of changes they are
    exactly what a model given the same entries anew would show (a decision's bold and tint
    never spread to a neighbour, a date mark never goes stale)."""
    made = iter(_timeline(start + len(changes)))
    model = TimelineModel("Europe/Copenhagen")
    model.set_rows([next(made) for _ in range(start)])
    for change, first, second in changes:
        count = model.rowCount()
        if change == "insert":
            model.insert(first % (count + 1), next(made))
        elif not count:
            continue
        elif change == "remove":
            model.remove(first % count)
        elif change == "move":
            model.move(first % count, second % count)
        elif change == "refresh":
            entry = model.entry(first % count)
            entry.kind, entry.starred = ("event", False) if entry.kind == "decision" else ("decision", True)
            entry.at = None if second % 3 == 0 else datetime(2026, 3, 3, second % 24, tzinfo=UTC)
            model.refresh(first % count)
        elif change == "edit":
            assert model.setData(model.index(first % count, WHAT_COLUMN), f"edited {second}\nmore")
        elif change == "zone":
            model.set_zone(("UTC", "Asia/Tokyo", "America/New_York")[second % 3])
        else:
            model.describe(first % count)
    afresh = TimelineModel(model.zone_name)
    afresh.set_rows(model.entries())
    assert _cells(model) == _cells(afresh)
    assert [model.edit_text(model.index(row, WHAT_COLUMN)) for row in range(model.rowCount())] == [
        entry.text for entry in model.entries()
    ]


def test_cells_outside_the_table_are_not_there(qapp: QApplication) -> None:
    model = TimelineModel("UTC")
    model.set_rows(_timeline(3))
    assert model.index(0, 0).isValid()
    assert not model.index(3, 0).isValid()
    assert not model.index(0, len(COLUMNS)).isValid()
    assert not model.index(-1, 0).isValid()
    assert not model.index(0, 0, model.index(0, 0)).isValid()  # a table: no children
    assert model.index(2, 1).row() == 2 and model.index(2, 1).column() == 1
    assert not model.index(0, 0).parent().isValid()
    assert model.rowCount(QModelIndex()) == 3


@settings(max_examples=40, deadline=None)
@given(
    start=st.lists(st.one_of(st.none(), st.integers(0, 72 * 60)), max_size=8),
    inserts=st.lists(
        st.tuples(st.integers(0, 20), st.one_of(st.none(), st.integers(0, 72 * 60))), max_size=8
    ),
)
def test_dates_show_where_the_day_changes_however_entries_are_inserted(
    qapp: QApplication, start: list[int | None], inserts: list[tuple[int, int | None]]
) -> None:
    origin = datetime(2026, 3, 1, tzinfo=UTC)

    def entry(n: int, minutes: int | None) -> TimelineEntry:
        return TimelineEntry(
            key=f"t{n}", text=f"e{n}", at=None if minutes is None else origin + timedelta(minutes=minutes)
        )

    model = TimelineModel("UTC")
    model.set_rows([entry(n, minutes) for n, minutes in enumerate(start)])
    for number, (place, minutes) in enumerate(inserts, len(start)):
        model.insert(min(place, model.rowCount()), entry(number, minutes))
    fresh = TimelineModel("UTC")
    fresh.set_rows(model.entries())
    for row in range(model.rowCount()):
        index, same = model.index(row, 1), fresh.index(row, 1)
        assert model.data(index) == fresh.data(same)


# -- the shared screen's page ----------------------------------------------------------------------------


def test_the_newest_rows_alone_lay_out_as_the_whole_list_does(qtbot: QtBot) -> None:
    rows = [
        Row(f"{10 + n // 60:02d}:{n % 60:02d}", f"step {n} of the rollout, checked by the on-call")
        for n in range(300)
    ]
    whole, newest = RowsArea(), RowsArea()
    for area in (whole, newest):
        qtbot.addWidget(area)
        area.resize(900, 500)
        area.set_font(QFont("Sans", 20))
        area.show()
    whole.set_rows(rows, True, 2)
    newest.set_rows(rows[-newest.most_rows() :], True, 2, total=len(rows))

    assert whole.placed() == newest.placed()
    assert whole.hidden_rows == newest.hidden_rows > 0
    assert "step 299 of the rollout" in newest.placed()[-1].lines[0]


def test_the_page_shows_only_the_newest_public_entries_asked_for(qapp: QApplication) -> None:
    session = Session(title="Outage", time_zone="UTC", timeline=_timeline(30))
    every = phase_rows(session, Phase.TIMELINE)
    assert len(every) == sum(1 for entry in session.timeline if not entry.private)
    assert phase_rows(session, Phase.TIMELINE, newest=4) == every[-4:]
    assert phase_rows(session, Phase.TIMELINE, newest=100) == every
    assert phase_rows(session, Phase.TIMELINE, newest=0) == []


def test_an_entry_is_painted_on_the_shared_screen_within_the_enter_itself(
    qtbot: QtBot, window: MainWindow, library: Library, own_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = Session(title="Outage", time_zone="UTC", current_phase="timeline")
    window.open_session(library.sessions.create(session))
    qtbot.keyClick(window, Qt.Key.Key_F5)
    screen = window.shared_screen.screen
    assert screen is not None and window.editor is not None
    qtbot.waitExposed(screen)
    painted: list[list[str]] = []

    def repaint() -> None:  # what the room would see, at the moment the screen is painted
        painted.append([" ".join(row.lines) for row in screen.content.placed()])

    monkeypatch.setattr(screen.content, "repaint", repaint)
    assert window.editor.add_item("timeline", TimelineEntry(text="the checkout error rate rose"))
    assert painted and any("the checkout error rate rose" in text for text in painted[-1])
    painted.clear()
    window.editor.add_item("parking_lot", ParkingLotItem(text="add a timeout"))
    assert painted == []  # the parking lot is not on the page: nothing to paint


def test_a_pasted_log_on_the_page_is_cut_to_its_lines_every_time_it_is_laid_out(qtbot: QtBot) -> None:
    log = "ERROR connection reset by peer; retrying in 5s " * 2200  # about 100,000 characters
    area = RowsArea()
    qtbot.addWidget(area)
    area.resize(900, 500)
    area.set_font(QFont("Sans", 20))
    area.show()
    for _ in range(2):
        area.set_rows([Row("14:02", log), Row("14:03", "rolled back")], True, 2)
        lines = [row.lines for row in area.placed()]
        body = next(rows for rows in lines if rows[0].startswith("ERROR"))
        assert len(body) == 2 and body[-1].endswith("…")
        assert ("rolled back",) in lines


def _lowest_ink(image: QImage, left: int, right: int) -> int:
    """The lowest pixel row with dark ink between columns ``left`` and ``right``."""
    return max(
        y
        for y in range(image.height())
        for x in range(max(left, 0), min(right, image.width()))
        if QColor(image.pixel(x, y)).lightness() < 128
    )


def test_a_lead_and_its_text_stand_on_one_baseline_whatever_font_the_text_falls_back_to(qtbot: QtBot) -> None:
    area = RowsArea()
    qtbot.addWidget(area)
    area.resize(900, 200)
    area.set_font(QFont("Sans", 24))
    area.show()
    qtbot.waitExposed(area)
    for before in ("", "★ ", "京都 "):
        area.set_rows([Row("15:18", before + "xx")], True, 2)
        image = area.grab().toImage()
        (row,) = area.placed()
        start = row.body_box.left() + round(QFontMetricsF(area.rows_font()).horizontalAdvance(before))
        lead = _lowest_ink(image, row.lead_box.left(), row.lead_box.right())
        assert _lowest_ink(image, start + 2, start + 20) == lead, before  # "xx" sits where "15:18" does


class _PaintedRegions(QObject):
    """The regions a widget is asked to paint."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.widget = widget
        self.regions: list[QRect] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.widget and isinstance(event, QPaintEvent):
            self.regions.append(event.region().boundingRect())
        return False


def test_rows_inserted_repaint_the_table_from_the_first_new_row_down_and_other_changes_all_of_it(
    qtbot: QtBot, window: MainWindow, library: Library
) -> None:
    session = Session(title="Outage", time_zone="UTC", current_phase="timeline", timeline=_timeline(60))
    window.open_session(library.sessions.create(session))
    assert window.session_view is not None
    view = window.session_view.timeline
    table, model = view.table, view.model
    qtbot.waitUntil(lambda: table.rowAt(0) >= 0)
    table.scrollToTop()
    viewport = table.viewport()
    qtbot.wait(20)
    viewport.repaint()  # nothing left to paint from before
    painted = _PaintedRegions(viewport)
    row = table.rowAt(viewport.height() // 2)
    model.insert(row, TimelineEntry(key="x1", text="said in between"))
    qtbot.waitUntil(lambda: bool(painted.regions))
    qtbot.wait(20)
    region = painted.regions[0]
    for more in painted.regions[1:]:
        region = region.united(more)
    assert region.top() == table.rowViewportPosition(row) > 0  # the rows above did not move
    assert region.bottom() >= viewport.height() - 1
    assert model.index(row, WHAT_COLUMN).data() == "said in between"

    painted.regions.clear()
    model.remove(row)
    qtbot.waitUntil(lambda: bool(painted.regions))
    qtbot.wait(20)
    assert any(region.top() == 0 and region.bottom() >= viewport.height() - 1 for region in painted.regions)


def _shown_table(qtbot: QtBot, model: TimelineModel, notes_column: int | None) -> TimelineTable:
    """A timeline table over ``model``, shown, What happened 400 pixels wide."""
    table = TimelineTable(notes_column=notes_column)
    table.setModel(model)
    table.resize(900, 200)
    table.setColumnWidth(WHAT_COLUMN, 400)
    qtbot.addWidget(table)
    table.show()
    qtbot.waitExposed(table)
    return table


def test_the_table_underlines_noted_wording_in_what_happened_and_leaves_other_rows_as_painted(
    qtbot: QtBot,
) -> None:
    noted, plain = "Ana should have rolled back sooner", "the error rate rose"
    note = Note(
        4, 22, "counterfactual", "Say what was known then.", None, 0, len(noted), "should have rolled"
    )

    def notes(entry: Item) -> list[Note]:
        return [note] if entry.text == noted else []

    model = TimelineModel("UTC", notes)
    model.set_rows([TimelineEntry(key="t1", text=noted), TimelineEntry(key="t2", text=plain)])
    pictures = []
    for column in (WHAT_COLUMN, None):
        table = _shown_table(qtbot, model, column)
        pictures.append(
            [
                table.viewport().grab(table.visualRect(model.index(row, WHAT_COLUMN))).toImage()
                for row in (0, 1)
            ]
        )
    (underlined_noted, underlined_plain), (bare_noted, bare_plain) = pictures
    assert underlined_noted != bare_noted  # the wavy underline and wash under "should have rolled"
    assert underlined_plain == bare_plain


def test_the_table_tells_tooltips_opens_editors_with_the_whole_text_and_describes_the_row_in_hand(
    qtbot: QtBot,
) -> None:
    """What the model works out only when asked reaches the person all the same."""
    noted = "Ana should have rolled back sooner\nthen the queue drained"
    note = Note(
        4, 22, "counterfactual", "Say what was known then.", None, 0, len(noted), "should have rolled"
    )
    model = TimelineModel("UTC", lambda entry: [note] if entry.text == noted else [])
    model.set_rows([TimelineEntry(key="t1", text=noted, actor="Ana"), TimelineEntry(key="t2", text="plain")])
    table = _shown_table(qtbot, model, WHAT_COLUMN)
    cell = model.index(0, WHAT_COLUMN)

    at = table.visualRect(cell).center()
    QApplication.sendEvent(
        table.viewport(), QHelpEvent(QEvent.Type.ToolTip, at, table.viewport().mapToGlobal(at))
    )
    assert QToolTip.isVisible() and QToolTip.text() == model.tooltip(cell)
    assert "Say what was known then." in QToolTip.text()
    QToolTip.hideText()

    assert cell.data(Qt.ItemDataRole.AccessibleDescriptionRole) is None
    table.setCurrentIndex(cell)
    assert "Say what was known then." in cell.data(Qt.ItemDataRole.AccessibleDescriptionRole)
    table.setCurrentIndex(model.index(1, WHAT_COLUMN))
    assert cell.data(Qt.ItemDataRole.AccessibleDescriptionRole) is None

    table.edit(cell)
    editor = table.findChild(LongLineEdit)
    assert editor is not None and editor.text() == noted  # the whole text, not the line shown
