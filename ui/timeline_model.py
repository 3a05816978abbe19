"""The timeline as a table model: one row per entry, shown in the session's time zone."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from facilitation.model import ChatDetails, Item, TimelineEntry
from facilitation.times import format_local, zone_named
from ui.language_notes import NOTE_SPANS_ROLE, notes_description, qt_spans, with_notes_tooltip

if TYPE_CHECKING:
    from facilitation.coach import Note

_Index = QModelIndex | QPersistentModelIndex
_Role = Qt.ItemDataRole
_T = TypeVar("_T")

STAR_COLUMN, TIME_COLUMN, WHO_COLUMN, WHAT_COLUMN, KIND_COLUMN, SOURCE_COLUMN, ATTACHMENTS_COLUMN = range(7)
COLUMNS = ("", "Time", "Who", "What happened", "Kind", "Source", "")
_HEADER_TIPS = {STAR_COLUMN: "Key moment", ATTACHMENTS_COLUMN: "Links and images"}
ENTRY_KEY_ROLE = Qt.ItemDataRole.UserRole + 1
"""The entry's key (``t12``) on every cell of its row."""

UNKNOWN_TIME = "—"
DISPLAY_LIMIT = 500
TOOLTIP_LIMIT = 2000
TOOLTIP_LINKS = 5
# Amber at low opacity blends into light and dark bases alike and keeps text readable on both.
DECISION_TINT = QColor(255, 176, 0, 48)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EDITABLE_FIELDS = {WHO_COLUMN: "actor", WHAT_COLUMN: "text"}
_SELECTABLE = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
_EDITABLE = _SELECTABLE | Qt.ItemFlag.ItemIsEditable  # asked for every cell painted: combined once
_CENTRED = Qt.AlignmentFlag.AlignCenter
# Plain ints, compared for every cell painted (an enum member's lookup costs more than the compare).
_DISPLAY, _FONT, _BACKGROUND, _FOREGROUND, _ALIGNMENT = (
    int(role)
    for role in (
        _Role.DisplayRole,
        _Role.FontRole,
        _Role.BackgroundRole,
        _Role.ForegroundRole,
        _Role.TextAlignmentRole,
    )
)
_STYLE_ROLES = frozenset({_FONT, _BACKGROUND, _FOREGROUND, _ALIGNMENT})
"""Roles that answer something only for a decision, a private entry, an unknown time or a centred cell."""
_STYLED_COLUMNS = (STAR_COLUMN, ATTACHMENTS_COLUMN)
_ROLES = frozenset(
    {
        _Role.DisplayRole,
        _Role.EditRole,
        _Role.ToolTipRole,
        _Role.AccessibleTextRole,
        _Role.AccessibleDescriptionRole,
        _Role.FontRole,
        _Role.BackgroundRole,
        _Role.ForegroundRole,
        _Role.TextAlignmentRole,
        ENTRY_KEY_ROLE,
        NOTE_SPANS_ROLE,
    }
)


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


class TimelineModel(QAbstractTableModel):
    """Timeline entries as rows; holds the very entry objects it is given and never stores them.

    Each time reads in ``zone_name`` and carries its date only where the day
    changes, so each row's local time and "show the date" flag are kept beside
    the entries and updated by every change that can move them: ``data()`` only
    formats.

    Editing Who or What changes the entry and emits ``entry_edited`` (row,
    attribute name, old value, new value) for the controller to save and undo.
    ``notes`` gives an entry's open language notes: their wording is underlined in
    What happened (``NOTE_SPANS_ROLE``) and they join its tooltip.
    """

    entry_edited = Signal(int, str, object, object)

    def __init__(self, zone_name: str = "", notes: Callable[[Item], Sequence[Note]] | None = None) -> None:
        super().__init__()
        self.zone_name = zone_name
        self._notes = notes or (lambda entry: ())
        self._entries: list[TimelineEntry] = []
        self._local: list[datetime | None] = []
        self._show_date: list[bool] = []
        self._fonts: dict[tuple[bool, bool], QFont] = {}

    # -- the rows ---------------------------------------------------------------------------------

    def set_rows(self, entries: list[TimelineEntry]) -> None:
        """Show these entries instead, in this order."""
        self.beginResetModel()
        self._entries = list(entries)
        self._local = [self._localise(e.at) for e in self._entries]
        self._show_date = self._date_flags()
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
        self.beginInsertRows(QModelIndex(), row, row)
        self._entries.insert(row, entry)
        self._local.insert(row, self._localise(entry.at))
        self._show_date.insert(row, False)
        self.endInsertRows()
        self._update_date_flags(row)

    def remove(self, row: int) -> TimelineEntry:
        """Take the entry at ``row`` out and return it."""
        self._check_row(row)
        self.beginRemoveRows(QModelIndex(), row, row)
        entry = self._entries.pop(row)
        del self._local[row]
        del self._show_date[row]
        self.endRemoveRows()
        self._update_date_flags(row)
        return entry

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
        self.endMoveRows()
        self._update_date_flags()

    def refresh(self, row: int) -> None:
        """Show again the entry at ``row`` after its object was changed outside the model."""
        self._check_row(row)
        self._local[row] = self._localise(self._entries[row].at)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1), [])
        self._update_date_flags()

    def set_zone(self, name: str) -> None:
        """Read every time in the IANA zone ``name`` from now on."""
        self.zone_name = name
        self._local = [self._localise(e.at) for e in self._entries]
        self._show_date = self._date_flags()
        if self._entries:
            last = len(self._entries) - 1
            self.dataChanged.emit(self.index(0, TIME_COLUMN), self.index(last, TIME_COLUMN), [])

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
        """Recompute where dates show and repaint the time of rows that changed.

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
            cell = self.index(row, TIME_COLUMN)
            self.dataChanged.emit(cell, cell, [_Role.DisplayRole, _Role.AccessibleTextRole])

    def _time_text(self, row: int) -> str:
        return clock_text(self._local[row], self._show_date[row], self._entries[row].approximate)

    # -- Qt's side --------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        """The cell at ``row`` and ``column``; checked here, so a view's paint asks Python once a cell."""
        if parent.isValid() or not (0 <= row < len(self._entries) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() in _EDITABLE_FIELDS:
            return _EDITABLE
        return _SELECTABLE

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        row = index.row()
        if not 0 <= row < len(self._entries):
            return None
        return self._value(row, index.column(), self._entries[row], role)

    def multiData(self, index: _Index, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:  # noqa: N803
        """Every role a view asks of one cell, in one call.

        Qt's delegates ask seven roles for each cell they paint; answered here in one call
        instead of seven calls into Python, a repaint of the table costs a fraction. Every
        slot is set or cleared: a delegate may hand the same slots over cell after cell, and
        a value left in one (a decision's bold font and tint) would show in the next cell.
        """
        # One role alone, or a span of them (PySide's stubs know neither len() nor [] of a span).
        slots: Any = [roleDataSpan] if isinstance(roleDataSpan, QModelRoleData) else roleDataSpan
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._entries):
            for number in range(len(slots)):
                slots[number].clearData()
            return
        column, entry = index.column(), self._entries[row]
        # A row with nothing to style answers the paint's font, colour and alignment roles with
        # nothing, without asking: most cells are painted from their text alone.
        plain = (
            entry.kind != "decision"
            and not entry.private
            and column not in _STYLED_COLUMNS
            and (column != TIME_COLUMN or entry.at is not None)
        )
        for number in range(len(slots)):
            slot = slots[number]
            role = slot.role()
            if role == _DISPLAY:
                slot.setData(self._display(row, column, entry))
                continue
            value = (
                self._value(row, column, entry, role)
                if role in _ROLES and not (plain and role in _STYLE_ROLES)
                else None
            )
            if value is None:
                slot.clearData()
            else:
                slot.setData(value)

    def _value(self, row: int, column: int, entry: TimelineEntry, role: int) -> Any:
        """What a cell shows for ``role`` (one of ``_ROLES``)."""
        if role == _DISPLAY:
            return self._display(row, column, entry)
        if role == _FONT:
            return self._font(entry.kind == "decision", entry.private)
        if role == _BACKGROUND:
            return DECISION_TINT if entry.kind == "decision" else None
        if role == ENTRY_KEY_ROLE:
            return entry.key
        if role == NOTE_SPANS_ROLE:
            return self._note_spans(entry) if column == WHAT_COLUMN else None
        if role == _ALIGNMENT:
            return _CENTRED if column in (STAR_COLUMN, ATTACHMENTS_COLUMN) else None
        if role == _FOREGROUND:
            if column == TIME_COLUMN and entry.at is None:
                return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            return None
        if role == _Role.EditRole:
            return {WHO_COLUMN: entry.actor, WHAT_COLUMN: entry.text}.get(column)
        if role == _Role.ToolTipRole:
            return self._tooltip(column, entry)
        if role == _Role.AccessibleDescriptionRole:
            noted = self._notes(entry) if column == WHAT_COLUMN else ()
            return notes_description(entry.text, noted) or None
        return self._accessible_text(row, column, entry)

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

    def _note_spans(self, entry: TimelineEntry) -> list[tuple[int, int]] | None:
        notes = self._notes(entry)
        if not notes:
            return None
        origin = len(entry.text) - len(entry.text.lstrip())
        return qt_spans(entry.text, notes, origin, len(_shown_line(entry.text)), what_prefix(entry.chat))

    def _tooltip(self, column: int, entry: TimelineEntry) -> str | None:
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
        self.dataChanged.emit(index, index, [])
        self.entry_edited.emit(row, field, old, new)
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == _Role.DisplayRole:
            return COLUMNS[section]
        if role in (_Role.ToolTipRole, _Role.AccessibleTextRole):
            return _HEADER_TIPS.get(section)
        return None
