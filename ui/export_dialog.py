"""Export (Ctrl+E): format, audience and where, a preview of what a public export masks, then an
offer to open the file. ``ExportDialog.ask()``; the where-row and the offer serve the digest too."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QStandardPaths,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitation.messages import echo
from facilitation.model import UNTITLED, Session
from facilitation.protocols import EXPORT_KINDS, Exporter, ExportProblem, SettingsSource
from ui.widgets import LongLineEdit, NotesEdit

if TYPE_CHECKING:
    from facilitation.audience import Masking

KIND_LABELS = {
    "pdf": "Postmortem — PDF",
    "md": "Postmortem — Markdown",
    "json": "Postmortem — JSON (to import into another library)",
    "pre-read-pdf": "Pre-read for participants — PDF",
    "pre-read-md": "Pre-read for participants — Markdown",
}
SUFFIXES = {"pdf": ".pdf", "md": ".md", "json": ".json", "pre-read-pdf": ".pdf", "pre-read-md": ".md"}
FILTERS = {".pdf": "PDF (*.pdf)", ".md": "Markdown (*.md)", ".json": "JSON (*.json)"}
AUDIENCE_NOTES = {
    "internal": "Everything, with names, private items, private notes and the parking lot: keep it within "
    "the team.",
    "public": "Names become roles; private items, private notes and the parking lot are left out; the "
    "terms below and anything that looks like a secret are masked.",
}
EXPORT_KEYS = ("Ctrl+Return", "Ctrl+Enter")
PREVIEW_DELAY_MS = 300
PUBLIC_SIZE = (1040, 680)
"""Room for the masked preview and the terms beside it."""
_SLUG_LIMIT = 60
_DISPLAY = Qt.ItemDataRole.DisplayRole

_Index = QModelIndex | QPersistentModelIndex


# -- where files go ---------------------------------------------------------------------------------


class SaveFolder:
    """Where the next file is suggested: the folder used last in this run of the app, at first the
    person's documents folder."""

    last: Path | None = None

    @classmethod
    def current(cls) -> Path:
        """The folder to suggest now."""
        if cls.last is not None and cls.last.is_dir():
            return cls.last
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        if documents and Path(documents).is_dir():
            return Path(documents)
        return Path.home()

    @classmethod
    def remember(cls, folder: Path) -> None:
        """Suggest ``folder`` from now on, until the app closes."""
        cls.last = folder


def slug(text: str, limit: int = _SLUG_LIMIT) -> str:
    """``text`` as part of a file name: lower case, words joined by ``-``, cut at a word."""
    words = re.sub(r"[^\w]+", " ", text.casefold()).replace("_", " ").split()
    kept: list[str] = []
    for word in words:
        if len("-".join([*kept, word])) > limit:
            break
        kept.append(word)
    return "-".join(kept) or "-".join(words)[:limit]


def default_file_name(session: Session, kind: str, audience: str) -> str:
    """A name that says what the file is: ``PM-2026-011-checkout-latency.pdf``, with ``-pre-read``
    and ``-public`` when it is one."""
    reference = "-".join(re.sub(r"[^\w.-]+", " ", session.reference).split()).strip(".-")
    title = slug(session.title) if session.title != UNTITLED else ""
    parts = [part for part in (reference, title) if part] or ["debrief"]
    if kind.startswith("pre-read"):
        parts.append("pre-read")
    if audience == "public":
        parts.append("public")
    return "-".join(parts) + SUFFIXES[kind]


def target_path(text: str, suffix: str) -> Path | None:
    """The file a where-field names: relative names in the suggested folder, ``suffix`` added to a
    name without one; None when it names nothing."""
    text = text.strip()
    if not text:
        return None
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = SaveFolder.current() / path
    if not path.suffix and not path.is_dir():
        path = path.with_name(path.name + suffix)
    return path


def path_problem(path: Path | None) -> str:
    """Why nothing can be written at ``path``, in a sentence; empty when it can be tried."""
    if path is None:
        return "Say where to write it: a file name, or Choose…"
    if path.is_dir():
        return f"{echo(str(path), 80)} is a folder; add a file name to it."
    if not path.parent.is_dir():
        return f"The folder {echo(str(path.parent), 80)} does not exist; choose another."
    return ""


class ChooseFile:
    """The system's save-file chooser."""

    @classmethod
    def ask(cls, parent: QWidget, caption: str, suggested: Path) -> Path | None:
        """The file chosen to write, starting at ``suggested``; None when the person changed their mind.
        The chooser itself asks before an existing file is replaced."""
        name, _chosen_filter = QFileDialog.getSaveFileName(
            parent, caption, str(suggested), FILTERS.get(suggested.suffix, "")
        )
        return Path(name) if name else None


class WhereRow(QWidget):
    """A file name to write, typed or chosen, with a word on an existing file or a missing folder."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._caption = caption
        self._suffix = ".pdf"
        self.edit = LongLineEdit(accessible_name="Where to write it: the file name")
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.choose_button = QPushButton("C&hoose…")
        self.choose_button.setAccessibleName("Choose where to write it")
        self.choose_button.setToolTip("Alt+H: the system's file chooser")
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.note = QLabel()
        self.note.setProperty("role", "hint")
        self.note.setWordWrap(True)
        self.note.setAccessibleDescription("About the file")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, stretch=1)
        row.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.setFocusProxy(self.edit)

    def path(self) -> Path | None:
        """The file named, as it will be written."""
        return target_path(self.edit.text(), self._suffix)

    def writable_path(self, say: Callable[[str], None]) -> Path | None:
        """The file named when it can be tried; else None, after telling ``say`` why and taking the focus."""
        path = self.path()
        problem = path_problem(path)
        if problem or path is None:
            say(problem)
            self.setFocus()
            return None
        return path

    def suggest(self, name: str, replacing: str = "") -> None:
        """Offer ``name``: in the suggested folder when the field is empty, in the field's folder when
        it still holds the previous suggestion ``replacing``. A name the person gave keeps its stem
        and only takes the new suffix."""
        self._suffix = Path(name).suffix
        path = self.path()
        if path is None:
            self.edit.setText(str(SaveFolder.current() / name))
        elif path.name == replacing:
            self.edit.setText(str(path.with_name(name)))
        elif path.suffix.casefold() in FILTERS and path.suffix.casefold() != self._suffix:
            self.edit.setText(str(path.with_suffix(self._suffix)))

    def _on_choose_button_clicked(self) -> None:
        path = self.path()
        suggested = path if path is not None else SaveFolder.current() / f"untitled{self._suffix}"
        if not suggested.parent.is_dir():
            suggested = SaveFolder.current() / suggested.name
        chosen = ChooseFile.ask(self, self._caption, suggested)
        if chosen is not None:
            self.edit.setText(str(chosen))
        self.edit.setFocus()

    def _on_edit_text_changed(self, _text: str) -> None:
        path = self.path()
        problem = path_problem(path)
        if problem and path is not None:
            self.note.setText(problem)
        elif path is not None and path.exists():
            self.note.setText("A file by that name is there already; writing replaces it.")
        else:
            self.note.setText("")
        self.note.setVisible(bool(self.note.text()))


# -- after writing ----------------------------------------------------------------------------------


class WritesAFile(Protocol):
    """A dialog that sets ``written`` to the file it wrote, if any."""

    written: Path | None

    def exec(self) -> int: ...

    def deleteLater(self) -> None: ...


class OpenOffer(QDialog):
    """Written: open the file in the system's viewer, show its folder, or carry on."""

    def __init__(self, parent: QWidget | None, path: Path) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle("Takeaways — Written")
        said = QLabel("Written")
        said.setProperty("role", "subheading")
        name = QLabel(path.name)
        name.setWordWrap(True)
        name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        name.setAccessibleName("The file written")
        where = QLabel(f"in {path.parent}")
        where.setProperty("role", "hint")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem = QLabel()
        self.problem.setProperty("role", "problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.open_button = QPushButton("&Open it")
        self.open_button.setAccessibleName("Open it in the system's viewer")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.folder_button = QPushButton("&Show in folder")
        self.folder_button.setAccessibleName("Show the folder it is in")
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.done_button = QPushButton("&Done")
        self.done_button.setAccessibleName("Done")
        self.done_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch()
        for button in (self.open_button, self.folder_button, self.done_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(said)
        layout.addWidget(name)
        layout.addWidget(where)
        layout.addWidget(self.problem)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)

    @classmethod
    def ask(cls, parent: QWidget | None, path: Path) -> None:
        """Offer to open ``path``; returns once the person is done."""
        cls(parent, path).exec()

    @classmethod
    def after(cls, parent: QWidget | None, dialog: WritesAFile) -> Path | None:
        """Run ``dialog``, then offer to open what it wrote; the file written, or None."""
        dialog.exec()
        written = dialog.written
        dialog.deleteLater()
        if written is not None:
            cls.ask(parent, written)
        return written

    def _open(self, target: Path, what: str) -> None:
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
            self.accept()
            return
        self.problem.setText(f"Nothing on this computer opened {what}; it is at {self.path}.")
        self.problem.show()

    def _on_open_button_clicked(self) -> None:
        self._open(self.path, "the file")

    def _on_folder_button_clicked(self) -> None:
        self._open(self.path.parent, "the folder")


# -- what a public export masks ---------------------------------------------------------------------


def _one_line(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class MaskingModel(QAbstractTableModel):
    """What a public export masks: what kind, what was there, what stands instead, and where."""

    HEADERS = ("What", "Was", "Becomes", "Where")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Masking] = []

    def set_rows(self, rows: Sequence[Masking]) -> None:
        """Show these maskings, in the order given."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = _DISPLAY) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        masking = self._rows[index.row()]
        values = (
            masking.kind[:1].upper() + masking.kind[1:],
            masking.original,
            masking.replacement or "left out",
            masking.where,
        )
        if role == Qt.ItemDataRole.DisplayRole:
            return _one_line(values[index.column()])
        if role == Qt.ItemDataRole.ToolTipRole:
            return values[index.column()][:500]
        return None


# -- the dialog -------------------------------------------------------------------------------------


def _terms_of(text: str) -> list[str]:
    """One term a line, trimmed, each once (ignoring case), blank lines dropped."""
    seen: set[str] = set()
    terms = []
    for line in text.splitlines():
        term = line.strip()
        if term and term.casefold() not in seen:
            seen.add(term.casefold())
            terms.append(term)
    return terms


class ExportDialog(QDialog):
    """Format, audience and where; for a public export, what it masks and the organisation's terms."""

    def __init__(
        self, parent: QWidget | None, session: Session, exporter: Exporter, settings: SettingsSource
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.exporter = exporter
        self.settings = settings
        self.written: Path | None = None
        self._saved_terms = list(settings.load().masked_terms)
        self.setWindowTitle("Takeaways — Export")

        self.kind = QComboBox()
        self.kind.setAccessibleName("Format")
        for kind in EXPORT_KINDS:
            self.kind.addItem(KIND_LABELS[kind], kind)
        self.internal = QRadioButton("&Internal: everything, for the team")
        self.internal.setAccessibleName("Internal: everything, for the team")
        self.internal.setChecked(True)
        self.public = QRadioButton("&Public: for other teams or companies")
        self.public.setAccessibleName("Public: for other teams or companies")
        self.audience = QButtonGroup(self)
        self.audience.addButton(self.internal)
        self.audience.addButton(self.public)
        audience_box = QVBoxLayout()
        audience_box.setSpacing(4)
        audience_box.addWidget(self.internal)
        audience_box.addWidget(self.public)
        self.audience_note = QLabel(AUDIENCE_NOTES["internal"])
        self.audience_note.setProperty("role", "hint")
        self.audience_note.setWordWrap(True)
        self.audience_note.setAccessibleDescription("What this audience gets")
        audience_box.addWidget(self.audience_note)
        self.where = WhereRow("Takeaways — Export to", self)
        self._suggested = ""

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(12)
        form.setHorizontalSpacing(16)
        form.addRow("&Format", self.kind)
        form.addRow("Audience", audience_box)
        form.addRow("&Where", self.where)

        self.public_page = self._public_page()
        self.public_page.hide()

        self.problem = QLabel()
        self.problem.setProperty("role", "problem")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleDescription("What went wrong")
        self.problem.hide()
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton("&Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setAccessibleName("Export (Ctrl+Enter)")
        self.export_button.setToolTip("Enter, or Ctrl+Enter from the list of terms")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName("Cancel (Esc)")
        self.cancel_button.setToolTip("Esc")
        self.cancel_button.clicked.connect(self.reject)
        for key in EXPORT_KEYS:
            QShortcut(QKeySequence(key), self, self.export)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        layout.addLayout(form)
        layout.addWidget(self.public_page, stretch=1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self.refresh_preview)
        self.kind.currentIndexChanged.connect(self._suggest_name)
        self.audience.buttonToggled.connect(self._on_audience_button_toggled)
        self.terms.textChanged.connect(lambda: self.preview_timer.start())
        self._suggest_name()
        self.resize(760, self.sizeHint().height())
        self.kind.setFocus()

    def _public_page(self) -> QWidget:
        self.masking_model = MaskingModel(self)
        self.masking_table = QTableView()
        self.masking_table.setAccessibleName("What a public export masks")
        self.masking_table.setModel(self.masking_model)
        self.masking_table.verticalHeader().hide()
        self.masking_table.setWordWrap(False)
        self.masking_table.setAlternatingRowColors(True)
        self.masking_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.masking_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.masking_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 118), (2, 150), (3, 165)):
            self.masking_table.setColumnWidth(column, width)
        masked_caption = QLabel("What is &masked")
        masked_caption.setProperty("role", "subheading")
        masked_caption.setBuddy(self.masking_table)
        self.masking_count = QLabel()
        self.masking_count.setProperty("role", "hint")
        self.masking_count.setWordWrap(True)
        self.masking_count.setAccessibleDescription("How much is masked")

        self.terms = NotesEdit(accessible_name="Terms to mask, one a line")
        self.terms.setPlainText("\n".join(self._saved_terms))
        self.terms.setPlaceholderText("acme-corp\ndb-prod-7.internal")
        terms_caption = QLabel("&Terms to mask")
        terms_caption.setProperty("role", "subheading")
        terms_caption.setBuddy(self.terms)
        terms_hint = QLabel(
            "One a line: customer names, host names. Each becomes “[masked]” in every public "
            "export; the list is kept in this library when you export."
        )
        terms_hint.setProperty("role", "hint")
        terms_hint.setWordWrap(True)

        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(masked_caption)
        left.addWidget(self.masking_count)
        left.addWidget(self.masking_table, stretch=1)
        right = QVBoxLayout()
        right.setSpacing(6)
        right.addWidget(terms_caption)
        right.addWidget(terms_hint)
        right.addWidget(self.terms, stretch=1)
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(20)
        layout.addLayout(left, stretch=5)
        layout.addLayout(right, stretch=2)
        return page

    @classmethod
    def ask(
        cls, parent: QWidget | None, session: Session, exporter: Exporter, settings: SettingsSource
    ) -> Path | None:
        """Export ``session`` as the person chooses, then offer to open the file; the file written,
        or None when nothing was."""
        return OpenOffer.after(parent, cls(parent, session, exporter, settings))

    # -- reading the choices ---------------------------------------------------------------------

    def chosen_kind(self) -> str:
        """The format chosen, one of ``EXPORT_KINDS``."""
        return str(self.kind.currentData())

    def chosen_audience(self) -> str:
        """``internal`` or ``public``."""
        return "public" if self.public.isChecked() else "internal"

    def chosen_terms(self) -> list[str]:
        """The organisation's terms to mask, as edited."""
        return _terms_of(self.terms.toPlainText())

    # -- acting ----------------------------------------------------------------------------------

    def refresh_preview(self) -> None:
        """Show what a public export masks with the terms as they stand."""
        self.preview_timer.stop()
        masked = self.exporter.masking(self.session, self.chosen_terms())
        self.masking_model.set_rows(masked)
        count = len(masked)
        if count:
            things = "1 thing" if count == 1 else f"{count:,} things"
            self.masking_count.setText(f"{things} left out or replaced. Hover a line to read it whole.")
        else:
            self.masking_count.setText("Nothing to mask: no names, private items, terms or secrets found.")

    def export(self) -> None:
        """Write the file; on success close, else say why in one sentence and change nothing."""
        path = self.where.writable_path(self._show_problem)
        if path is None:
            return
        settings = self.settings.load()
        terms = self.chosen_terms()
        if terms != list(settings.masked_terms):
            settings.masked_terms = terms
            self.settings.save(settings)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.exporter.write_session(
                self.session, self.chosen_kind(), self.chosen_audience(), settings, path
            )
        except ExportProblem as trouble:
            self._show_problem(str(trouble))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        SaveFolder.remember(path.parent)
        self.written = path
        self.accept()

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _suggest_name(self) -> None:
        name = default_file_name(self.session, self.chosen_kind(), self.chosen_audience())
        self.where.suggest(name, replacing=self._suggested)
        self._suggested = name

    def _on_audience_button_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if not checked:
            return
        public = self.public.isChecked()
        self.audience_note.setText(AUDIENCE_NOTES[self.chosen_audience()])
        self.public_page.setVisible(public)
        if public:
            self.refresh_preview()
            self.resize(max(self.width(), PUBLIC_SIZE[0]), max(self.height(), PUBLIC_SIZE[1]))
        else:
            self.resize(self.width(), self.minimumSizeHint().height())
        self._suggest_name()
