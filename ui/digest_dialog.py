"""The learning digest, from the library: a range of days, PDF or Markdown, and where; written with
progress and a Stop that leaves no file behind. ``DigestDialog.ask()``."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from facilitation.model import Session
from facilitation.protocols import Exporter, ExportProblem, SessionRepository, SettingsSource
from ui.export_dialog import OpenOffer, SaveFolder, WhereRow
from ui.widgets import form_layout, hint_label
from ui.workers import Worker, let_go

DIGEST_SUFFIXES = {"pdf": ".pdf", "md": ".md"}
DATE_FORMAT = "yyyy-MM-dd"
PROGRESS_DELAY_MS = 300
"""A digest written faster than this shows no progress window at all."""

Report = Callable[[int, int], bool]
"""``report(done, total)``: says how far the digest is; False asks it to stop."""


def last_full_month(today: date) -> tuple[date, date]:
    """The first and last day of the month before ``today``'s."""
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def digest_file_name(since: date, until: date, kind: str) -> str:
    """``learning-digest-2026-03.pdf`` for one whole month, else with both days."""
    whole_month = (
        since.day == 1
        and (since.year, since.month) == (until.year, until.month)
        and (until + timedelta(1)).day == 1
    )
    span = f"{since:%Y-%m}" if whole_month else f"{since.isoformat()}-to-{until.isoformat()}"
    return f"learning-digest-{span}{DIGEST_SUFFIXES[kind]}"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(edit: QDateEdit) -> date:
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())


class DigestWorker(Worker):
    """Writes the digest off the window's thread. It touches only the plain data it was handed
    (sessions, settings, a path), never the library or a widget."""

    progressed = Signal(int, int)
    """``done`` of ``total`` sessions laid out."""

    def __init__(self, job: Callable[[Report], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self._stop = threading.Event()
        self.outcome = ""
        """Once finished: ``written``, ``stopped``, ``problem`` (``message`` says it) or ``error``."""
        self.message = ""
        self.error: Exception | None = None

    def stop(self) -> None:
        """Ask the digest to stop at the next session; it leaves no file behind."""
        self._stop.set()

    def run(self) -> None:
        try:
            written = self._job(self._report)
        except ExportProblem as problem:
            self.outcome, self.message = "problem", str(problem)
        except Exception as error:  # raised again on the window's thread, where the exception hook is
            self.outcome, self.error = "error", error
        else:
            self.outcome = "written" if written else "stopped"

    def _report(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self._stop.is_set()


class DigestDialog(QDialog):
    """From and to which day, PDF or Markdown, and where; then the digest, with progress and Stop."""

    def __init__(
        self,
        parent: QWidget | None,
        repository: SessionRepository,
        exporter: Exporter,
        settings: SettingsSource,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.repository = repository
        self.exporter = exporter
        self.settings = settings
        self.written: Path | None = None
        self.worker: DigestWorker | None = None
        self.progress: QProgressDialog | None = None
        self._ids: list[int] = []
        self._read = 0
        self.setWindowTitle("Takeaways — Learning digest")

        since, until = last_full_month(today or date.today())
        self.since = self._date_edit("First day of the digest", since)
        self.until = self._date_edit("Last day of the digest", until)
        days = QHBoxLayout()
        days.setSpacing(10)
        days.addWidget(self.since)
        until_caption = QLabel("&to")
        until_caption.setBuddy(self.until)
        days.addWidget(until_caption)
        days.addWidget(self.until)
        days.addStretch()
        self.count = hint_label()
        self.count.setAccessibleDescription("How many debriefs the digest holds")

        self.pdf = QRadioButton("&PDF")
        self.pdf.setAccessibleName("PDF")
        self.pdf.setChecked(True)
        self.markdown = QRadioButton("&Markdown")
        self.markdown.setAccessibleName("Markdown")
        self.kinds = QButtonGroup(self)
        self.kinds.addButton(self.pdf)
        self.kinds.addButton(self.markdown)
        kinds = QHBoxLayout()
        kinds.setSpacing(16)
        kinds.addWidget(self.pdf)
        kinds.addWidget(self.markdown)
        kinds.addStretch()
        self.where = WhereRow("Takeaways — Write the learning digest to", self)
        self._suggested = ""

        hint = hint_label(
            "Every debrief whose incident started on these days (each in its own time zone), its key "
            "learnings first, month by month, with counts by severity, tag and trigger up front.",
            wrap=True,
        )
        form = form_layout(12)
        since_caption = QLabel("&From")
        since_caption.setBuddy(self.since)
        form.addRow(since_caption, days)
        form.addRow("", self.count)
        form.addRow("Format", kinds)
        form.addRow("&Where", self.where)

        self.problem = QLabel()
        self.problem.setProperty("role", "problem")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleDescription("What happened")
        self.problem.hide()
        buttons = QDialogButtonBox()
        self.write_button = buttons.addButton("Write the &digest", QDialogButtonBox.ButtonRole.AcceptRole)
        self.write_button.setAccessibleName("Write the digest (Enter)")
        self.write_button.setDefault(True)
        self.write_button.clicked.connect(self.write)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName("Cancel (Esc)")
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addStretch()
        layout.addWidget(buttons)

        self.since.dateChanged.connect(self._on_range_changed)
        self.until.dateChanged.connect(self._on_range_changed)
        self.kinds.buttonToggled.connect(self._on_kinds_button_toggled)
        self._on_range_changed()
        self.resize(660, self.sizeHint().height())
        self.since.setFocus()

    def _date_edit(self, name: str, day: date) -> QDateEdit:
        edit = QDateEdit(_qdate(day))
        edit.setAccessibleName(name)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setCalendarPopup(True)
        edit.setToolTip("Up and Down change the part under the cursor; Alt+Down opens a calendar")
        return edit

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        repository: SessionRepository,
        exporter: Exporter,
        settings: SettingsSource,
        today: date | None = None,
    ) -> Path | None:
        """Write the digest as the person chooses, then offer to open it; the file written, or None."""
        return OpenOffer.after(parent, cls(parent, repository, exporter, settings, today))

    # -- reading the choices ---------------------------------------------------------------------

    def chosen_range(self) -> tuple[date, date]:
        """The first and last day, both included."""
        return _day(self.since), _day(self.until)

    def chosen_kind(self) -> str:
        """``pdf`` or ``md``."""
        return "md" if self.markdown.isChecked() else "pdf"

    @property
    def running(self) -> bool:
        """True while the digest is being read or written."""
        return self.progress is not None

    # -- writing ---------------------------------------------------------------------------------

    def write(self) -> None:
        """Read the debriefs in the range, then write the digest on a worker thread, with progress."""
        since, until = self.chosen_range()
        if self.running or not self._ids or since > until:
            return
        path = self.where.writable_path(self._say)
        if path is None:
            return
        self._say("")
        kind, settings, ids = self.chosen_kind(), self.settings.load(), list(self._ids)
        self.progress = progress = QProgressDialog("Reading the debriefs…", "&Stop", 0, 2 * len(ids), self)
        progress.setWindowTitle("Takeaways — Learning digest")
        progress.setAccessibleName("Progress of the learning digest")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(PROGRESS_DELAY_MS)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        sessions: list[Session] = []
        for done, session_id in enumerate(ids):
            progress.setLabelText(f"Reading debrief {done + 1:,} of {len(ids):,}…")
            sessions.append(self.repository.get(session_id))
            progress.setValue(done + 1)
            QApplication.processEvents()  # Stop, and the window, answer between sessions
            if progress.wasCanceled():
                self._finish("stopped")
                return
        self._read = len(ids)

        def job(report: Report) -> bool:
            return self.exporter.write_digest(sessions, since, until, kind, settings, path, report)

        self.worker = worker = DigestWorker(job, self)
        worker.progressed.connect(self._on_worker_progressed)
        worker.finished.connect(self._on_worker_finished)
        progress.canceled.connect(worker.stop)
        progress.setLabelText("Laying out the digest…")
        worker.start()

    def _on_worker_progressed(self, done: int, total: int) -> None:
        if self.progress is None:
            return
        if self.progress.wasCanceled() and self.worker is not None:
            self.worker.stop()
        self.progress.setMaximum(self._read + max(total, 1))
        self.progress.setValue(self._read + min(done, total))
        if not self.progress.wasCanceled():
            self.progress.setLabelText(f"Laying out debrief {done:,} of {total:,}…")

    def _on_worker_finished(self) -> None:
        worker = self.worker
        if worker is None:
            return
        self.worker = None
        let_go(worker)
        if worker.outcome == "written":
            path = self.where.path()
            assert path is not None
            self._finish("written")
            SaveFolder.remember(path.parent)
            self.written = path
            self.accept()
        elif worker.outcome == "problem":
            self._finish("problem", worker.message)
        else:
            self._finish(worker.outcome)
            if worker.error is not None:
                raise worker.error

    def _finish(self, outcome: str, message: str = "") -> None:
        """Close the progress window and say how it ended, unless it ended well."""
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        if outcome == "stopped":
            self._say("Stopped; nothing was written.")
        elif outcome == "problem":
            self._say(message)

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    # -- keeping the choices consistent ----------------------------------------------------------

    def _on_range_changed(self) -> None:
        since, until = self.chosen_range()
        if since > until:
            self._ids = []
            self.count.setText("The last day comes before the first.")
        else:
            self._ids = self.repository.started_between(since, until)
            count = len(self._ids)
            if count:
                noun = "debrief" if count == 1 else "debriefs"
                self.count.setText(f"{count:,} {noun} started on these days.")
            else:
                self.count.setText("No debrief started on these days.")
        self.write_button.setEnabled(bool(self._ids))
        self._suggest_name()

    def _on_kinds_button_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self._suggest_name()

    def _suggest_name(self) -> None:
        since, until = self.chosen_range()
        if since > until:
            return
        name = digest_file_name(since, until, self.chosen_kind())
        self.where.suggest(name, replacing=self._suggested)
        self._suggested = name

    def done(self, result: int) -> None:
        if self.worker is not None:  # closing while it writes: stop it, and leave no file
            self.worker.stop()
            self.worker.wait()
            self.worker = None
            self._finish("stopped")
        super().done(result)
