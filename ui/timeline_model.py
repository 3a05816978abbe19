"""The timeline as a table model: one row per entry, shown in the session's time zone."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette, QStandardItem, QStandardItemModel

from facilitation.model import ChatDetails, Item, TimelineEntry
from facilitation.times import format_local, zone_named
from ui.language_notes import notes_description, qt_spans, with_notes_tooltip

if TYPE_CHECKING:
    from facilitation.coach import Note

_Index = QModelIndex | QPersistentModelIndex
_Role = Qt.ItemDataRole
_T = TypeVar("_T")

STAR_COLUMN, TIME_COLUMN, WHO_COLUMN, WHAT_COLUMN, KIND_COLUMN, SOURCE_COLUMN, ATTACHMENTS_COLUMN = range(7)
COLUMNS = ("", "Time", "Who", "What happened", "Kind", "Source", "")
_HEADER_TIPS = {STAR_COLUMN: "Key moment", ATTACHMENTS_COLUMN: "Links and images"}
UNKNOWN_TIME = "—"
DISPLAY_LIMIT = 500
TOOLTIP_LIMIT = 2000
TOOLTIP_LINKS = 5
# Amber at low opacity blends into light and dark bases alike and keeps text readable on both.
DECISION_TINT = QColor(255, 176, 0, 48)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EDITABLE_FIELDS = {WHO_COLUMN: "actor", WHAT_COLUMN: "text"}
_SELECTABLE = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
_EDITABLE = _SELECTABLE | Qt.ItemFlag.ItemIsEditable
# Plain ints: a row's seven items are made with every Enter and for every row a session opens with.
_FONT, _BACKGROUND, _FOREGROUND, _ACCESSIBLE_TEXT, _ACCESSIBLE_DESCRIPTION = (
    int(role)
    for role in (
        _Role.FontRole,
        _Role.BackgroundRole,
        _Role.ForegroundRole,
        _Role.AccessibleTextRole,
        _Role.AccessibleDescriptionRole,
    )
)
_CENTRED = Qt.AlignmentFlag.AlignCenter
_CENTRED_COLUMNS = (STAR_COLUMN, ATTACHMENTS_COLUMN)


def source_label(source: str | None) -> str:
    """A source as people read it: ``decision-log`` becomes ``decision log``."""
    return source.replace("-", " ") if source else ""


def chat_note(details: ChatDetails | None) -> str:
    """Where an imported chat message was said, in words: ``In #incident · reply to Ana … · from a bot``."""
    if details is None:
        return ""
    parts = [f"in {details.channel}"] if details.channel else []
    parts += [details.thread] if details.thread else []
    parts += ["from a bot"] if details.bot else []
    parts += ["edited"] if details.edited else []
    note = " · ".join(parts)
    return note[:1].upper() + note[1:]


def source_text(source: str | None, details: ChatDetails | None) -> str:
    """The source as a cell shows it: a chat message's channel stands for "chat"."""
    if source == "chat" and details is not None and details.channel:
        return details.channel
    return source_label(source)


def who_text(actor: str, details: ChatDetails | None) -> str:
    """Who acted, as a cell shows it: a bot says so."""
    return f"{actor} (bot)" if details is not None and details.bot else actor


THREAD_MARK = "↳ "
"""Before the words of a reply in a chat thread."""


def what_prefix(details: ChatDetails | None) -> str:
    """What a cell shows before an entry's words: ``THREAD_MARK`` for a thread reply, else nothing."""
    return THREAD_MARK if details is not None and details.thread else ""


def what_text(text: str, details: ChatDetails | None) -> str:
    """What happened, as a cell shows it: one line, a thread reply marked ``↳``."""
    return what_prefix(details) + _shown_line(text)


def _shown_line(text: str) -> str:
    """What a cell shows of an entry's text: one line (a pasted log stays whole in the entry and tooltip)."""
    lines = text.lstrip().splitlines()
    return lines[0][:DISPLAY_LIMIT] if lines else ""


def day_flags(moments: Sequence[datetime | None]) -> list[bool]:
    """For each local time, whether its row shows the date: the first known time, and where the day changes.

    Rows of unknown time don't break a day: the date shows where the day itself changes.
    """
    flags: list[bool] = []
    previous: date | None = None
    for local in moments:
        if local is None:
            flags.append(False)
            continue
        flags.append(previous is None or local.date() != previous)
        previous = local.date()
    return flags


def clock_text(local: datetime | None, show_date: bool, approximate: bool = False) -> str:
    """A local time as a table shows it: ``14:02``, ``14:02:11``, ``Mar 2 14:02``, ``~14:00`` or ``—``."""
    if local is None:
        return UNKNOWN_TIME
    text = f"{local.hour:02}:{local.minute:02}" + (f":{local.second:02}" if local.second else "")
    if show_date:
        text = f"{_MONTHS[local.month - 1]} {local.day} {text}"
    return "~" + text if approximate else text


def _move_item(items: list[_T], from_row: int, to_row: int) -> None:
    items.insert(to_row, items.pop(from_row))


class TimelineModel(QStandardItemModel):
    """Timeline entries as rows; holds the very entry objects it is given and never stores them.

    Each time reads in ``zone_name`` and carries its date only where the day
    changes, so each row's local time and "show the date" flag are kept beside
    the entries and updated by every change that can move them.

    What a cell shows is worked out when its row changes and kept in Qt's own items,
    so painting the table asks C++ for every cell and never Python (an Enter repaints a
    screenful of them). What is seldom asked is worked out when asked: a cell's tooltip
    (``tooltip``), the text an editor opens with (``edit_text``), the language-note
    spans painted under What happened (``note_spans``), and the notes said to a screen
    reader, given to the row in hand (``describe``).

    Editing Who or What changes the entry and emits ``entry_edited`` (row,
    attribute name, old value, new value) for the controller to save and undo.
    ``notes`` gives an entry's open language notes.
    """

    entry_edited = Signal(int, str, object, object)

    def __init__(self, zone_name: str = "", notes: Callable[[Item], Sequence[Note]] | None = None) -> None:
        super().__init__(0, len(COLUMNS))
        self.zone_name = zone_name
        self._notes = notes or (lambda entry: ())
        self._entries: list[TimelineEntry] = []
        self._local: list[datetime | None] = []
        self._show_date: list[bool] = []
        self._fonts: dict[tuple[bool, bool], QFont] = {}
        self._described: str | None = None
        self.invisibleRootItem().setFlags(Qt.ItemFlag.NoItemFlags)  # nothing drops between rows
        # Connected before any view: a removed row leaves the lists once Qt has removed it, so
        # whoever hears "about to be removed" (the selection moving on) still finds its entry.
        self.rowsRemoved.connect(self._drop_rows)
        for section, title in enumerate(COLUMNS):
            header = QStandardItem(title)
            tip = _HEADER_TIPS.get(section)
            if tip:
                header.setToolTip(tip)
                header.setAccessibleText(tip)
            self.setHorizontalHeaderItem(section, header)

    # -- the rows ---------------------------------------------------------------------------------

    def set_rows(self, entries: list[TimelineEntry]) -> None:
        """Show these entries instead, in this order."""
        self.beginResetModel()
        blocked = self.blockSignals(True)  # one reset, not a signal per row
        try:
            self.removeRows(0, self.rowCount())
            self._entries = list(entries)
            self._local = [self._localise(e.at) for e in self._entries]
            self._show_date = self._date_flags()
            for row in range(len(self._entries)):
                self.appendRow(self._cells(row))
        finally:
            self.blockSignals(blocked)
        self.endResetModel()

    def entries(self) -> list[TimelineEntry]:
        """The entries in row order (a new list of the same objects)."""
        return list(self._entries)

    def entry(self, row: int) -> TimelineEntry:
        """The entry at ``row``; raises IndexError outside the rows."""
        self._check_row(row)
        return self._entries[row]

    def row_of(self, key: str) -> int:
        """The row showing the entry with this key, or -1."""
        return next((row for row, e in enumerate(self._entries) if e.key == key), -1)

    def insert(self, row: int, entry: TimelineEntry) -> None:
        """Put ``entry`` at ``row`` (``len`` appends)."""
        if not 0 <= row <= len(self._entries):
            raise IndexError(f"row {row} is outside 0…{len(self._entries)}")
        self._entries.insert(row, entry)
        self._local.insert(row, self._localise(entry.at))
        self._show_date.insert(row, False)
        self.insertRow(row, self._cells(row))
        self._update_date_flags(row)

    def remove(self, row: int) -> TimelineEntry:
        """Take the entry at ``row`` out and return it."""
        self._check_row(row)
        entry = self._entries[row]
        self.removeRow(row)  # the lists follow in _drop_rows
        self._update_date_flags(row)
        return entry

    def _drop_rows(self, _parent: _Index, first: int, last: int) -> None:
        del self._entries[first : last + 1]
        del self._local[first : last + 1]
        del self._show_date[first : last + 1]

    def move(self, from_row: int, to_row: int) -> None:
        """Move the entry at ``from_row`` so that it ends up at ``to_row``."""
        self._check_row(from_row)
        self._check_row(to_row)
        if from_row == to_row:
            return
        # Qt counts the destination among the rows before the move: moving down lands above row to + 1.
        destination = to_row + 1 if to_row > from_row else to_row
        self.beginMoveRows(QModelIndex(), from_row, from_row, QModelIndex(), destination)
        _move_item(self._entries, from_row, to_row)
        _move_item(self._local, from_row, to_row)
        _move_item(self._show_date, from_row, to_row)
        # The items stay where they are and show the rows that now stand there.
        self._show_cells(range(min(from_row, to_row), max(from_row, to_row) + 1), range(len(COLUMNS)), False)
        self.endMoveRows()
        self._update_date_flags()

    def refresh(self, row: int) -> None:
        """Show again the entry at ``row`` after its object was changed outside the model."""
        self._check_row(row)
        self._local[row] = self._localise(self._entries[row].at)
        self._show_cells(range(row, row + 1), range(len(COLUMNS)))
        self._update_date_flags()

    def set_zone(self, name: str) -> None:
        """Read every time in the IANA zone ``name`` from now on."""
        self.zone_name = name
        self._local = [self._localise(e.at) for e in self._entries]
        self._show_date = self._date_flags()
        self._show_cells(range(len(self._entries)), range(TIME_COLUMN, TIME_COLUMN + 1))

    def _check_row(self, row: int) -> None:
        if not 0 <= row < len(self._entries):
            raise IndexError(f"row {row} is outside the timeline's {len(self._entries)} rows")

    # -- times ------------------------------------------------------------------------------------

    def _localise(self, moment: datetime | None) -> datetime | None:
        if moment is None:
            return None
        zone = zone_named(self.zone_name)
        # Without a zone a time reads in the offset it carries, as format_local does.
        return moment.astimezone(zone) if zone else moment

    def _date_flags(self) -> list[bool]:
        return day_flags(self._local)

    def _update_date_flags(self, start: int | None = None) -> None:
        """Recompute where dates show and show again the time of rows that changed.

        With ``start`` (a row inserted or removed there), only the rows up to the first timed row
        after it can change, so an import of thousands of rows stays linear.
        """
        if start is None:
            rows = range(len(self._entries))
            flags = self._date_flags()
        else:
            local = self._local
            previous = next((local[r] for r in range(start - 1, -1, -1) if local[r] is not None), None)
            end = next((r for r in range(start + 1, len(local)) if local[r] is not None), len(local) - 1)
            rows = range(start, end + 1)
            flags = day_flags([previous, *local[start : end + 1]])[1:]  # an unknown first breaks nothing
        changed = [row for row, new in zip(rows, flags, strict=True) if self._show_date[row] != new]
        for row in changed:
            self._show_date[row] = not self._show_date[row]
            self._show_cells(range(row, row + 1), range(TIME_COLUMN, TIME_COLUMN + 1))

    def _time_text(self, row: int) -> str:
        return clock_text(self._local[row], self._show_date[row], self._entries[row].approximate)

    # -- the cells --------------------------------------------------------------------------------

    def _cells(self, row: int) -> list[QStandardItem]:
        return [self._cell(row, column) for column in range(len(COLUMNS))]

    def _cell(self, row: int, column: int) -> QStandardItem:
        """The item that shows ``column`` of ``row``: its text and whatever styles it."""
        entry = self._entries[row]
        # Made here, not cloned: an item made by C++ (a clone) is not known to Python's side, and
        # deleting it when its row goes would leave Python holding a dangling item.
        item = QStandardItem(self._display(row, column, entry))
        item.setFlags(_EDITABLE if column in _EDITABLE_FIELDS else _SELECTABLE)
        if column in _CENTRED_COLUMNS:
            item.setTextAlignment(_CENTRED)
        decision = entry.kind == "decision"
        if decision or entry.private:
            item.setData(self._font(decision, entry.private), _FONT)
            if decision:
                item.setData(DECISION_TINT, _BACKGROUND)
        if column == TIME_COLUMN and entry.at is None:
            item.setData(QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText), _FOREGROUND)
        spoken = self._accessible_text(row, column, entry)
        if spoken is not None:
            item.setData(spoken, _ACCESSIBLE_TEXT)
        if column == WHAT_COLUMN:
            item.setData(self._description(entry), _ACCESSIBLE_DESCRIPTION)
        return item

    def _description(self, entry: TimelineEntry) -> str | None:
        """The entry's language notes in words, when it is the row in hand and has any."""
        if entry.key != self._described:
            return None
        return notes_description(entry.text, self._notes(entry)) or None

    def _show_cells(self, rows: range, columns: range, announce: bool = True) -> None:
        """Make the items of these cells anew; with ``announce``, one ``dataChanged`` over them."""
        if not rows or not columns:
            return
        blocked = self.blockSignals(True)  # one signal for the block, not one per item
        try:
            for row in rows:
                for column in columns:
                    self.setItem(row, column, self._cell(row, column))
        finally:
            self.blockSignals(blocked)
        if announce:
            self.dataChanged.emit(self.index(rows[0], columns[0]), self.index(rows[-1], columns[-1]), [])

    def _display(self, row: int, column: int, entry: TimelineEntry) -> str:
        if column == TIME_COLUMN:
            return self._time_text(row)
        if column == WHAT_COLUMN:
            return what_text(entry.text, entry.chat)
        if column == WHO_COLUMN:
            return who_text(entry.actor, entry.chat)
        if column == STAR_COLUMN:
            return "★" if entry.starred else ""
        if column == KIND_COLUMN:
            return entry.kind
        if column == SOURCE_COLUMN:
            return source_text(entry.source, entry.chat)
        parts = [f"🔗{len(entry.web_links)}"] if entry.web_links else []
        if entry.image is not None:
            parts.append("🖼")
        return " ".join(parts)

    def _font(self, bold: bool, italic: bool) -> QFont | None:
        if not (bold or italic):
            return None
        font = self._fonts.get((bold, italic))
        if font is None:
            # Only the weight and slant are set, so the view's own family and size still apply.
            font = QFont()
            if bold:
                font.setBold(True)
            if italic:
                font.setItalic(True)
            self._fonts[bold, italic] = font
        return font

    def _accessible_text(self, row: int, column: int, entry: TimelineEntry) -> str | None:
        # Screen readers get words where the cell shows symbols.
        if column == STAR_COLUMN:
            return "Key moment" if entry.starred else ""
        if column == TIME_COLUMN:
            return "Time not known" if entry.at is None else self._time_text(row).replace("~", "about ")
        if column == SOURCE_COLUMN and entry.chat is not None and entry.chat.channel:
            return f"{source_label(entry.source)} in {entry.chat.channel}"
        if column == ATTACHMENTS_COLUMN:
            count = len(entry.web_links)
            parts = [f"{count} link" + ("s" if count != 1 else "")] if count else []
            if entry.image is not None:
                parts.append("an image")
            return " and ".join(parts)
        return None

    # -- worked out when asked --------------------------------------------------------------------

    def tooltip(self, index: _Index) -> str | None:
        """What hovering the cell at ``index`` tells: the whole text, the exact time, the links."""
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        column, entry = index.column(), self._entries[index.row()]
        if column == WHAT_COLUMN:
            text = entry.text if len(entry.text) <= TOOLTIP_LIMIT else entry.text[:TOOLTIP_LIMIT] + "…"
            text = "\n".join(part for part in (text, chat_note(entry.chat)) if part)
            if entry.private:
                text = f"{text}\n(private)" if text else "(private)"
            return with_notes_tooltip(text, entry.text, self._notes(entry)) or None
        if column in (WHO_COLUMN, SOURCE_COLUMN):
            return chat_note(entry.chat) or None
        if column == TIME_COLUMN:
            if entry.at is None:
                return "Time not known"
            text = format_local(entry.at, self.zone_name)
            return f"About {text}" if entry.approximate else text
        if column == STAR_COLUMN:
            return "Key moment" if entry.starred else None
        if column == ATTACHMENTS_COLUMN:
            lines = [link.label or link.url for link in entry.web_links[:TOOLTIP_LINKS]]
            if len(entry.web_links) > TOOLTIP_LINKS:
                lines.append(f"and {len(entry.web_links) - TOOLTIP_LINKS} more links")
            if entry.image is not None:
                lines.append("An image")
            return "\n".join(lines) or None
        return None

    def edit_text(self, index: _Index) -> str:
        """What an editor of the cell opens with: the whole text or the actor, not the shown line."""
        field = _EDITABLE_FIELDS.get(index.column())
        if field is None or not index.isValid() or not 0 <= index.row() < len(self._entries):
            return ""
        return str(getattr(self._entries[index.row()], field))

    def note_spans(self, row: int) -> list[tuple[int, int]] | None:
        """Where What happened shows wording with open language notes (character spans), or None."""
        entry = self._entries[row]
        notes = self._notes(entry)
        if not notes:
            return None
        origin = len(entry.text) - len(entry.text.lstrip())
        return qt_spans(entry.text, notes, origin, len(_shown_line(entry.text)), what_prefix(entry.chat))

    def describe(self, row: int) -> None:
        """Give the row in hand its language notes in words, for a screen reader (-1: none)."""
        key = self._entries[row].key if 0 <= row < len(self._entries) else None
        if key == self._described:
            return
        before, self._described = self.row_of(self._described) if self._described else -1, key
        # Set quietly: nothing is repainted for it, and an editor open in the cell (a row left
        # while its text is being typed) would otherwise be told its old text again.
        blocked = self.blockSignals(True)
        try:
            for changed in (before, row):
                cell = self.item(changed, WHAT_COLUMN) if 0 <= changed < len(self._entries) else None
                if cell is not None:
                    cell.setData(self._description(self._entries[changed]), _ACCESSIBLE_DESCRIPTION)
        finally:
            self.blockSignals(blocked)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != _Role.EditRole or index.column() not in _EDITABLE_FIELDS:
            return False
        if not 0 <= index.row() < len(self._entries):
            return False
        row, field = index.row(), _EDITABLE_FIELDS[index.column()]
        entry = self._entries[row]
        old, new = getattr(entry, field), str(value).strip()
        # An editor closed without a change (or only with stray spaces) is not an edit to save or undo.
        if new == old.strip():
            return True
        setattr(entry, field, new)
        self._show_cells(range(row, row + 1), range(index.column(), index.column() + 1))
        self.entry_edited.emit(row, field, old, new)
        return True
