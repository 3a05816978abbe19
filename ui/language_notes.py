"""The language coach in the window: soft underlines, the notes in tooltips, and the dialog that settles them.

The coach counts offsets in code points, as Python does; Qt counts UTF-16 units,
so a character beyond the BMP (an emoji) counts two there. ``utf16_len`` is the
one place that difference is bridged.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextLayout,
    QTextLine,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from facilitation.coach import Coach, Note, apply_note
from facilitation.model import Item, KeyLearning
from ui.widgets import LongLineEdit, LongTextDelegate

if TYPE_CHECKING:
    from ui.session_editor import SessionEditor

_Index = QModelIndex | QPersistentModelIndex
Span = tuple[int, int]

NOTE_SPANS_ROLE = Qt.ItemDataRole.UserRole + 40
"""Where the open notes' wordings fall in the cell's text: (start, end) pairs in Qt's UTF-16 offsets."""

NOTES_KEY = "Alt+Enter"
CHECK_DELAY_MS = 150


def check_delay(length: int) -> int:
    """How long typing must pause before the coach reads a text again: longer for a long text.

    A page of text is checked within a moment; a 100,000-character field waits for a
    pause of about a second, so the check never interrupts typing.
    """
    return CHECK_DELAY_MS + length // 100


"""A pause in typing this long checks the wording again: no underline flickers in and out mid-word."""

# A calm blue that reads on light and dark bases alike: a note, not an error.
NOTE_COLOUR = QColor(47, 128, 190)
NOTE_TINT = QColor(47, 128, 190, 30)
"""A light wash of the note colour behind noted wording: calm, and clearly not a selection."""
NOTE_WASH = QColor(226, 238, 248)
"""The same wash as an opaque colour, multiplied over words a list has drawn already."""
_CACHE_LIMIT = 4096
TOOLTIP_WIDTH = 72
SHOWN_LIMIT = 600
"""The most of a suggestion or a wording a tooltip or the dialog shows; the whole of it is still used."""
CONTEXT = 160


# -- offsets -------------------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """How many UTF-16 units Qt counts in ``text``: a character beyond the BMP (an emoji) counts two."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def qt_spans(
    text: str, notes: Sequence[Note], origin: int = 0, shown: int | None = None, prefix: str = ""
) -> list[Span]:
    """Where each note's wording falls, in UTF-16 offsets, in a string that shows ``prefix`` and then
    ``shown`` characters of ``text`` from ``origin`` (all of the rest when None).

    The notes' own offsets count code points of ``text``; wording outside what is shown is left out.
    """
    last = len(text) if shown is None else min(len(text), origin + shown)
    spans = []
    # Measured note by note from the one before, so a long text with many notes is read once.
    position, offset = origin, utf16_len(prefix)
    for note in sorted(notes, key=lambda n: n.start):
        start, end = max(note.start, origin), min(note.end, last)
        if start < end:
            if start >= position:
                offset += utf16_len(text[position:start])
            else:  # overlapping notes: measure this one from the shown start
                offset = utf16_len(prefix) + utf16_len(text[origin:start])
            position = start
            spans.append((offset, offset + utf16_len(text[start:end])))
    return spans


def first_line_origin(text: str) -> int:
    """Where the first line with words starts, past its leading spaces (where a one-line cell begins)."""
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            return offset + len(line) - len(line.lstrip())
        offset += len(line)
    return 0


def first_line_spans(text: str, notes: Sequence[Note], limit: int, prefix: str = "") -> list[Span]:
    """Note spans in a cell showing ``prefix`` and the first line with words, stripped and cut to
    ``limit`` characters with an ellipsis (as ``link_picker.first_line`` shows it)."""
    origin = first_line_origin(text)
    rest = text[origin:]
    line = rest.splitlines()[0].rstrip() if rest else ""
    return qt_spans(text, notes, origin, len(line) if len(line) <= limit else limit - 1, prefix)


# -- what the notes say --------------------------------------------------------------------------


def wording(text: str, note: Note) -> str:
    """The words a note is about."""
    return text[note.start : note.end]


def notes_tooltip(text: str, notes: Sequence[Note]) -> str:
    """The notes as a tooltip: each wording, why it hurts learning, and the wording to try."""
    parts = []
    for note in notes:
        # A plain tooltip is not wrapped by Qt: the lines are kept to a width that reads at a glance.
        lines = [
            f"Language note · “{clipped(wording(text, note))}”",
            textwrap.fill(note.message, TOOLTIP_WIDTH),
        ]
        if note.suggestion:
            lines.append(textwrap.fill(f"Try: {clipped(note.suggestion)}", TOOLTIP_WIDTH))
        parts.append("\n".join(lines))
    parts.append(f"{NOTES_KEY}: use the suggested wording, or keep it as written.")
    return "\n\n".join(parts)


def notes_description(text: str, notes: Sequence[Note]) -> str:
    """The notes in one line for a screen reader, which cannot see an underline."""
    return " ".join(f"Language note on “{wording(text, note)}”: {note.message}" for note in notes)


def with_notes_tooltip(tooltip: str | None, text: str, notes: Sequence[Note]) -> str | None:
    """An item's own tooltip with its notes after it."""
    if not notes:
        return tooltip
    told = notes_tooltip(text, notes)
    return f"{tooltip}\n\n{told}" if tooltip else told


class ItemNotes:
    """The open notes of items, remembered by wording, so painting a row does not check it again.

    Key learnings are checked as learnings: written for people who weren't there.
    """

    def __init__(self, coach: Coach) -> None:
        self.coach = coach
        self._known: dict[tuple[str, tuple[str, ...], bool], list[Note]] = {}

    def __call__(self, item: Item) -> list[Note]:
        learnings = isinstance(item, KeyLearning)
        dismissed = tuple(item.dismissed_notes)
        key = (item.text, dismissed, learnings)
        found = self._known.get(key)
        if found is None:
            if len(self._known) >= _CACHE_LIMIT:
                self._known.clear()
            found = self.coach.open_notes(item.text, dismissed, learnings=learnings)
            self._known[key] = found
        return found


# -- settling notes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NotesTarget:
    """Wording the coach has notes on, and how to settle each note.

    Attributes:
        what: What it is, for the dialog's heading ("the summary", "this learning").
        text: The wording now.
        notes: Its open notes now.
        use: Puts a note's suggested wording in place (saved and undoable); False if it was not.
        keep: Keeps the wording as written, so the note is set aside; False if it was not.
    """

    what: str
    text: Callable[[], str]
    notes: Callable[[], list[Note]]
    use: Callable[[Note], bool]
    keep: Callable[[Note], bool]


def item_target(
    editor: SessionEditor, list_name: str, key: str, notes: Callable[[Item], Sequence[Note]], what: str
) -> NotesTarget:
    """An item's wording, settled through the editor: saved at once and undoable."""

    def item() -> Item | None:
        return next((found for found in editor.items(list_name) if found.key == key), None)

    def text() -> str:
        found = item()
        return found.text if found is not None else ""

    def open_notes() -> list[Note]:
        found = item()
        return list(notes(found)) if found is not None else []

    def use(note: Note) -> bool:
        found = item()
        return found is not None and editor.edit_item(list_name, key, text=apply_note(found.text, note))

    def keep(note: Note) -> bool:
        return item() is not None and editor.dismiss_note(list_name, key, note.key)

    return NotesTarget(what, text, open_notes, use, keep)


FIELD_NAMES = {
    "title": "title",
    "summary": "summary",
    "trigger": "trigger",
    "customer_impact": "customer impact",
}
"""The session's own fields the coach reads, as a sentence names them."""


def field_text(editor: SessionEditor, name: str) -> str:
    """A session field's saved wording."""
    holder = editor.session.metadata if name == "customer_impact" else editor.session
    text: str = getattr(holder, name)
    return text


def field_dismissed(editor: SessionEditor, name: str) -> list[str]:
    """The notes kept as written on a session field."""
    return editor.session.dismissed_notes.get(name, [])


def field_target(editor: SessionEditor, name: str, coach: Coach) -> NotesTarget:
    """A session field's wording (title, summary, trigger, customer impact), settled through the editor."""
    label = FIELD_NAMES.get(name, name.replace("_", " "))

    def notes() -> list[Note]:
        return coach.open_notes(field_text(editor, name), field_dismissed(editor, name))

    def use(note: Note) -> bool:
        rewritten = apply_note(field_text(editor, name), note)
        return editor.set_field(name, rewritten, f"Use the suggested wording in the {label}")

    def keep(note: Note) -> bool:
        return editor.dismiss_field_note(name, note.key)

    return NotesTarget(f"the {label}", lambda: field_text(editor, name), notes, use, keep)


def _sentence_html(text: str, note: Note) -> str:
    """The sentence around a note, its wording in bold: every piece of the person's text escaped,
    and a long sentence (a pasted log) cut to the words around the note."""
    start = min(note.sentence_start, note.start)
    end = max(note.sentence_end, note.end)
    before, words, after = text[start : note.start], text[note.start : note.end], text[note.end : end]
    if len(before) > CONTEXT:
        before = "…" + before[-CONTEXT:]
    words, after = clipped(words, SHOWN_LIMIT), clipped(after, CONTEXT)
    return f"“{html.escape(before)}<b><u>{html.escape(words)}</u></b>{html.escape(after)}”"


def clipped(text: str, limit: int = SHOWN_LIMIT) -> str:
    """``text``, cut with an ellipsis past ``limit`` characters (a suggestion for a pasted page)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class LanguageNotesDialog(QDialog):
    """The open notes on one field or item: each wording, why it hurts learning, and what to try.

    Each note offers "Use this wording" and "Keep as written"; either acts at once
    (saved, and undoable with Ctrl+Z afterwards), and the dialog closes when no note is left.
    """

    def __init__(self, target: NotesTarget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self.settled = 0
        self.setWindowTitle("Takeaways — Language notes")
        self.setAccessibleName(f"Language notes on {target.what}")
        self.heading = QLabel()
        self.heading.setProperty("role", "subheading")
        self.heading.setWordWrap(True)
        intro = QLabel(
            "Wording shapes what the room is willing to say. Use the suggestion, or keep your words: "
            "either is fine, and Ctrl+Z takes it back."
        )
        intro.setProperty("role", "hint")
        intro.setWordWrap(True)
        self.cards = QWidget()
        self.cards_layout = QVBoxLayout(self.cards)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        self.cards_layout.setSpacing(12)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(self.cards)
        self.problem = QLabel()
        self.problem.setProperty("role", "problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close the language notes (Esc)")
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(intro)
        layout.addWidget(scroller, stretch=1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.use_buttons: list[QPushButton] = []
        self.keep_buttons: list[QPushButton] = []
        self._show_notes()
        self.resize(680, min(720, 200 + 180 * len(self.use_buttons)))  # two notes show whole

    @classmethod
    def ask(cls, parent: QWidget | None, target: NotesTarget) -> int:
        """Show the notes until they are settled or the dialog is closed; how many were settled."""
        dialog = cls(target, parent)
        if dialog.use_buttons:
            dialog.exec()
        settled = dialog.settled
        dialog.deleteLater()
        return settled

    def _show_notes(self) -> None:
        while self.cards_layout.count():
            taken = self.cards_layout.takeAt(0)
            child = taken.widget() if taken is not None else None
            if child is not None:
                child.deleteLater()
        self.use_buttons, self.keep_buttons = [], []
        text, notes = self.target.text(), self.target.notes()
        count = len(notes)
        self.heading.setText(
            f"{count} language note{'s' if count != 1 else ''} on {self.target.what}"
            if notes
            else f"No language notes on {self.target.what}"
        )
        for note in notes:
            self.cards_layout.addWidget(self._card(text, note))
        self.cards_layout.addStretch()
        if self.use_buttons:
            first = self.use_buttons[0] if self.use_buttons[0].isEnabled() else self.keep_buttons[0]
            first.setFocus()
            first.setDefault(True)

    def _card(self, text: str, note: Note) -> QFrame:
        card = QFrame()
        card.setProperty("role", "coach")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        words = wording(text, note)
        sentence = QLabel(_sentence_html(text, note))
        sentence.setTextFormat(Qt.TextFormat.RichText)
        sentence.setWordWrap(True)
        sentence.setAccessibleName(f"The wording: {clipped(words)}")
        why = QLabel(note.message)
        why.setTextFormat(Qt.TextFormat.PlainText)
        why.setWordWrap(True)
        why.setAccessibleName(f"Why: {note.message}")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(6)
        layout.addWidget(sentence)
        layout.addWidget(why)
        if note.suggestion:
            suggestion = QLabel(f"Try: {clipped(note.suggestion)}")
            suggestion.setTextFormat(Qt.TextFormat.PlainText)
            suggestion.setWordWrap(True)
            suggestion.setProperty("role", "suggestion")
            suggestion.setAccessibleName(f"Suggested wording: {clipped(note.suggestion)}")
            layout.addWidget(suggestion)
        use = QPushButton("&Use this wording")
        use.setAccessibleName(
            f"Use this wording: {clipped(note.suggestion)}"
            if note.suggestion
            else "No wording to use for this note"
        )
        use.setToolTip("Puts the suggested sentence in place; Ctrl+Z takes it back")
        use.setEnabled(bool(note.suggestion))
        use.setAutoDefault(True)
        use.clicked.connect(lambda _checked=False, n=note: self._settle(self.target.use, n))
        keep = QPushButton("&Keep as written")
        keep.setAccessibleName(f"Keep “{clipped(words)}” as written")
        keep.setToolTip("Leaves the words as they are; the note is not shown for them again")
        keep.setAutoDefault(True)
        keep.clicked.connect(lambda _checked=False, n=note: self._settle(self.target.keep, n))
        row = QHBoxLayout()
        row.addWidget(use)
        row.addWidget(keep)
        row.addStretch()
        layout.addLayout(row)
        self.use_buttons.append(use)
        self.keep_buttons.append(keep)
        return card

    def _settle(self, act: Callable[[Note], bool], note: Note) -> None:
        if not act(note):
            self.problem.setText("That was not saved; the wording is as it was. Try it again in a moment.")
            self.problem.show()
            return
        self.problem.hide()
        self.settled += 1
        for button in [*self.use_buttons, *self.keep_buttons]:
            button.setEnabled(False)
        # The button that was pressed is still inside its own signal: rebuild once it has returned.
        QTimer.singleShot(0, self, self._after_settling)

    def _after_settling(self) -> None:
        if not self.target.notes():
            self.accept()
            return
        self._show_notes()


def focus_in(view: QWidget) -> bool:
    """The cursor is in ``view`` or in a field inside it (a cell being edited)."""
    focused = QApplication.focusWidget()
    return focused is not None and (focused is view or view.isAncestorOf(focused))


def close_open_editor(view: QAbstractItemView) -> None:
    """Keep what is typed in a cell still being edited, and close its field."""
    focused = QApplication.focusWidget()
    if focused is not None and focused is not view and view.isAncestorOf(focused):
        view.commitData(focused)
        view.closeEditor(focused, QAbstractItemDelegate.EndEditHint.NoHint)


# -- underlines as text is typed --------------------------------------------------------------


def note_format() -> QTextCharFormat:
    """A soft wavy underline in the calm note colour, on a light wash of it."""
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(NOTE_COLOUR)
    fmt.setBackground(NOTE_TINT)
    return fmt


class LineNotes(QObject):
    """Checks a one-line field as it is typed: a soft underline under each noted wording, the notes
    in its tooltip.

    ``dismissed`` gives the notes kept as written (a saved field's); without it the field keeps its
    own, for a line whose item does not exist yet (``kept()`` gives them to the new item).
    ``origin`` says where the wording starts in the line (past a timeline line's time and actor).
    """

    checked = Signal()

    def __init__(
        self,
        field: LongLineEdit,
        coach: Coach,
        dismissed: Callable[[], Collection[str]] | None = None,
        learnings: bool = False,
        origin: Callable[[str], int] | None = None,
    ) -> None:
        super().__init__(field)
        self.field = field
        self.coach = coach
        self.learnings = learnings
        self._dismissed = dismissed
        self._kept: list[str] = []
        self._origin = origin or (lambda text: 0)
        self.notes: list[Note] = []
        self.checked_text = ""
        self.origin = 0
        self._tooltip = field.toolTip()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)
        field.textChanged.connect(self._on_field_text_changed)
        if field.text():
            self.check_now()

    @property
    def wording(self) -> str:
        """The checked part of the line."""
        return self.checked_text[self.origin :]

    def dismissed(self) -> Collection[str]:
        """The notes kept as written for this field."""
        return self._dismissed() if self._dismissed is not None else self._kept

    def check_now(self) -> list[Note]:
        """Check the line as it is now (the pause after typing does this by itself)."""
        self._timer.stop()
        text = self.field.text()
        self.checked_text = text
        self.origin = min(max(self._origin(text), 0), len(text))
        self.notes = self.coach.open_notes(text[self.origin :], self.dismissed(), learnings=self.learnings)
        self.field.set_underlines(qt_spans(text, self._shifted(), 0), note_format())
        self.field.setToolTip(with_notes_tooltip(self._tooltip, self.wording, self.notes) or "")
        self.field.setAccessibleDescription(notes_description(self.wording, self.notes))
        self.checked.emit()
        return self.notes

    def _shifted(self) -> list[Note]:
        return [_moved(note, self.origin) for note in self.notes]

    def keep(self, note: Note) -> bool:
        """Keep the wording of a line not yet entered as written."""
        if note.key not in self._kept:
            self._kept.append(note.key)
        self.check_now()
        return True

    def kept(self) -> list[str]:
        """The notes kept as written on this line, for the item it becomes (cleared with the line)."""
        return list(self._kept)

    def use(self, note: Note) -> bool:
        """Put a note's suggested wording into the line, as typing would (Ctrl+Z in the line undoes it)."""
        text = self.field.text()
        if text != self.checked_text:
            return False
        rewritten = text[: self.origin] + apply_note(text[self.origin :], note)
        self.field.selectAll()
        self.field.insert(rewritten)
        self.check_now()
        return True

    def target(self, what: str) -> NotesTarget:
        """This line as something whose notes the dialog can settle."""

        def notes() -> list[Note]:
            return self.check_now()

        return NotesTarget(what, lambda: self.wording, notes, self.use, self.keep)

    def _on_field_text_changed(self, text: str) -> None:
        if not text:
            self._kept = []
        # Offsets move as soon as anything is typed: old underlines go at once, new ones come after a pause.
        self.field.set_underlines([], note_format())
        if self.notes:
            self.notes = []
            self.field.setToolTip(self._tooltip)
            self.field.setAccessibleDescription("")
        self._timer.start(check_delay(len(text)))


def _moved(note: Note, by: int) -> Note:
    if not by:
        return note
    return replace(
        note,
        start=note.start + by,
        end=note.end + by,
        sentence_start=note.sentence_start + by,
        sentence_end=note.sentence_end + by,
    )


class NotesHighlighter(QSyntaxHighlighter):
    """Underlines noted wording in a multi-line field; the whole text is checked once per pause in typing."""

    checked = Signal()

    def __init__(
        self,
        edit: QPlainTextEdit,
        coach: Coach,
        dismissed: Callable[[], Collection[str]],
        learnings: bool = False,
    ) -> None:
        super().__init__(edit)
        self.edit = edit
        self.coach = coach
        self.learnings = learnings
        self._dismissed = dismissed
        self._tooltip = edit.toolTip()
        self.notes: list[Note] = []
        self.checked_text = ""
        self._spans: list[Span] = []
        self._fresh = False
        self._format = note_format()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)
        document = edit.document()
        # Heard before the highlighter itself hears the change: a stale span is never drawn.
        document.contentsChange.connect(self._on_document_contents_change)
        self.setDocument(document)
        self.check_now()

    def check_now(self) -> list[Note]:
        """Check the text as it is now and underline again."""
        self._timer.stop()
        text = self.edit.toPlainText()
        self.checked_text = text
        self.notes = self.coach.open_notes(text, self._dismissed(), learnings=self.learnings)
        self._spans = qt_spans(text, self.notes)
        self._fresh = True
        self.rehighlight()
        self.edit.setToolTip(with_notes_tooltip(self._tooltip, text, self.notes) or "")
        self.edit.setAccessibleDescription(notes_description(text, self.notes))
        self.checked.emit()
        return self.notes

    def highlightBlock(self, text: str) -> None:
        if not self._fresh or not self._spans:
            return
        block = self.currentBlock()
        first, last = block.position(), block.position() + utf16_len(text)
        for start, end in self._spans:
            if end <= first or start >= last:
                continue
            start, end = max(start, first), min(end, last)
            self.setFormat(start - first, end - start, self._format)

    def _on_document_contents_change(self, _position: int, removed: int, added: int) -> None:
        if removed or added:
            self._fresh = False
            if self.notes:
                self.notes = []
                self.edit.setToolTip(self._tooltip)
                self.edit.setAccessibleDescription("")
            self._timer.start(check_delay(self.edit.document().characterCount()))


# -- underlines in lists and tables ---------------------------------------------------------------


class NotesDelegate(LongTextDelegate):
    """Paints a cell as usual, then a soft wavy underline under each noted wording (``NOTE_SPANS_ROLE``).

    The text is laid out as the style lays it out (its text rectangle and margin, wrapping and
    vertical centring), and the underline is drawn with the same layout, so it sits under its words.
    """

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        super().paint(painter, option, index)
        spans = index.data(NOTE_SPANS_ROLE)
        if spans:
            paint_underlines(painter, option, index, spans, self)


def paint_underlines(
    painter: QPainter,
    option: QStyleOptionViewItem,
    index: _Index,
    spans: Sequence[Span],
    delegate: LongTextDelegate,
) -> None:
    """Draw the note underlines of one cell over what the style drew."""
    opt = QStyleOptionViewItem(option)
    delegate.initStyleOption(opt, index)
    text = opt.text
    if not text:
        return
    widget = opt.widget
    style = widget.style() if widget is not None else QApplication.style()
    rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
    text_rect = rect.adjusted(margin, 0, -margin, 0)
    if text_rect.width() <= 0:
        return
    wraps = bool(opt.features & QStyleOptionViewItem.ViewItemFeature.WrapText)
    text_option = QTextOption()
    text_option.setWrapMode(QTextOption.WrapMode.WordWrap if wraps else QTextOption.WrapMode.ManualWrap)
    text_option.setTextDirection(opt.direction)
    text_option.setAlignment(QStyle.visualAlignment(opt.direction, opt.displayAlignment))
    layout = QTextLayout(text, opt.font)
    layout.setTextOption(text_option)
    height = 0.0
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(text_rect.width())
        line.setPosition(QPointF(0, height))
        height += line.height()
    layout.endLayout()
    size = layout.boundingRect().size().toSize()
    top = QStyle.alignedRect(
        Qt.LayoutDirection.LayoutDirectionAuto,
        opt.displayAlignment & Qt.AlignmentFlag.AlignVertical_Mask,
        size,
        text_rect,
    ).top()
    visible = utf16_len(text)
    if not wraps and layout.lineCount() and layout.lineAt(0).naturalTextWidth() > text_rect.width():
        # The style cut the line with an ellipsis: nothing is underlined past where the words stop.
        elided = opt.fontMetrics.elidedText(text, opt.textElideMode, text_rect.width())
        visible = max(0, utf16_len(elided) - 1)
    selected = bool(opt.state & QStyle.StateFlag.State_Selected)
    colour = opt.palette.color(QPalette.ColorRole.HighlightedText) if selected else NOTE_COLOUR
    painter.save()
    painter.setClipRect(QRectF(text_rect).adjusted(0, 0, 0, 4))  # room for the wave under the last line
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for number in range(layout.lineCount()):
        line = layout.lineAt(number)
        first, last = line.textStart(), line.textStart() + line.textLength()
        for start, end in spans:
            start, end = max(start, first), min(end, last, visible)
            if start >= end:
                continue
            left = text_rect.x() + _x_of(line, start)
            right = text_rect.x() + _x_of(line, end)
            line_top = top + line.y()
            if not selected:
                # Multiplied in, as a highlighter marks paper: the words already drawn keep their contrast.
                painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
                painter.fillRect(QRectF(left, line_top, right - left, line.height()), NOTE_WASH)
                painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            under = line_top + line.ascent() + max(2.0, line.descent() * 0.6)
            _wave(painter, min(left, right), max(left, right), under, colour)
    painter.restore()


def _x_of(line: QTextLine, position: int) -> float:
    """Where a position falls across a laid-out line (PySide gives back the position beside it)."""
    found = line.cursorToX(position)
    return float(found[0] if isinstance(found, tuple) else found)  # type: ignore[arg-type]


def _wave(painter: QPainter, left: float, right: float, y: float, colour: QColor) -> None:
    """A gentle wave from ``left`` to ``right`` under the words: seen from across a room, never loud."""
    path = QPainterPath(QPointF(left, y))
    step, rise, x, up = 3.0, 1.5, left, True
    while x < right:
        x = min(x + step, right)
        path.lineTo(x, y - rise if up else y + rise)
        up = not up
    pen = QPen(colour, 1.4)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
