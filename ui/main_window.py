"""The facilitator's window: the library, and a session open in it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimeZone
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget, QWidget

from facilitation.library import MatrixRow
from facilitation.model import UNTITLED, Session, SessionSummary, new_session
from facilitation.phases import Phase
from facilitation.protocols import Exporter, LibraryQueries, SessionRepository, SettingsSource
from ui.library_model import Fetch
from ui.library_view import CLEAR_FILTERS_KEY, DIGEST_KEY, HOLIDAYS_KEY, LibraryView
from ui.shared_screen_control import SharedScreenControl
from ui.widgets import confirmed

if TYPE_CHECKING:
    from facilitation.coach import Coach
    from facilitation.prompts import PromptBank
    from ui.backups_dialog import BackupKeeper
    from ui.insights_view import InsightsView
    from ui.open_actions_view import OpenActionsView
    from ui.session_editor import SessionEditor
    from ui.session_view import SessionView


class ConfirmDelete:
    """Asks before a debrief is deleted."""

    @classmethod
    def ask(cls, parent: QWidget, title: str) -> bool:
        """True when the person confirms deleting the debrief called ``title``."""
        return confirmed(
            parent,
            "Takeaways — Delete debrief",
            f"Delete the debrief “{title[:200]}”?\n\nYou can bring it back with Undo delete "
            "(Ctrl+Z) until you close Takeaways.",
        )


class ConfirmCloseUnsaved:
    """Asks before leaving a session whose last edits are not on disk yet."""

    @classmethod
    def ask(cls, parent: QWidget) -> bool:
        """True when the person chooses to leave anyway."""
        box = QMessageBox(parent)
        box.setWindowTitle("Takeaways — Edits not saved yet")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(
            "Your last edits could not be written to the library yet, so this debrief stays open "
            "and Takeaways keeps trying.\n\nLeave anyway, and lose those last edits?"
        )
        stay = box.addButton("Stay and keep them", QMessageBox.ButtonRole.RejectRole)
        box.addButton("Leave without them", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(stay)
        box.exec()
        return box.clickedButton() is not stay


BUILT_PHASES = (
    Phase.PREPARE,
    Phase.GROUND_RULES,
    Phase.TIMELINE,
    Phase.WENT_RIGHT,
    Phase.WENT_WRONG,
    Phase.CONTRIBUTING_FACTORS,
    Phase.KEY_LEARNINGS,
    Phase.ACTIONS,
    Phase.CLASSIFY,
    Phase.REVIEW,
)
"""The phases a session can show so far, in order."""


def _shipped_prompts() -> PromptBank:
    from facilitation.prompts import default_bank

    return default_bank()


def system_zone_name() -> str:
    """The IANA name of this computer's time zone."""
    return bytes(QTimeZone.systemTimeZoneId().data()).decode() or "UTC"


FILTER_KEY = "Ctrl+G"


def matrix_row_of(summary: SessionSummary) -> MatrixRow:
    """A matrix row from a session's summary alone, for a window without library queries."""
    return MatrixRow(
        summary.id, summary.reference, summary.title, summary.start_day, summary.severity, "", "", (), (),
        summary.status,
    )  # fmt: skip


class MainWindow(QMainWindow):
    """Shows the library or one session; every action lives in a menu with its key."""

    def __init__(
        self,
        repository: SessionRepository,
        settings: SettingsSource,
        library_label: str,
        prompt_bank: Callable[[], PromptBank] | None = None,
        author: str = "",
        coach: Callable[[], Coach] | None = None,
        exporter: Exporter | None = None,
        queries: LibraryQueries | None = None,
        write_text: Callable[[Path, str], None] | None = None,
        backups: BackupKeeper | None = None,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        self.read_only = read_only  # the library is open in another app: look, export, change nothing
        self.repository = repository
        self.settings = settings
        self.exporter = exporter  # without one (some tests), nothing is exported
        self.queries = queries  # without them (some tests), the matrix has only the summaries' columns
        self.write_text = write_text  # writes a text file whole or not at all (the open actions CSV)
        self.insights_view: InsightsView | None = None  # built when first shown
        self.open_actions_view: OpenActionsView | None = None
        self.backups = backups  # without one (some tests), there is nothing to restore
        self.library_label = library_label
        self._load_prompts = prompt_bank or _shipped_prompts
        self._load_coach = coach or self._shipped_coach
        self.author = author
        self._prompts: PromptBank | None = None
        self._coach: Coach | None = None
        self.editor: SessionEditor | None = None
        self.session_view: SessionView | None = None
        self._deleted: list[tuple[Session, list[int]]] = []  # each with its follow-ups' ids

        # The pages are in the window before the library view joins them: with the style sheet,
        # every move of a built view to a new parent styles all its widgets again (2 ms here).
        self.pages = QStackedWidget()
        self.setCentralWidget(self.pages)
        self.library_view = LibraryView(self.pages)
        self.library_view.new_requested.connect(self.new_session)
        self.library_view.open_requested.connect(self.open_session)
        self.library_view.delete_requested.connect(self.delete_session)
        self.library_view.digest_requested.connect(self.write_digest)
        self.library_view.digest_button.setVisible(exporter is not None)
        self.pages.addWidget(self.library_view)

        self.library_view.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.save_state = QLabel()
        self.save_state.setAccessibleName("Save state")
        self.statusBar().addPermanentWidget(self.save_state)
        self.read_only_banner = QLabel("Read-only: the library is open in another Takeaways window")
        self.read_only_banner.setAccessibleName("Read-only")
        self.read_only_banner.setToolTip(
            "Nothing can be changed in this window; make changes in the Takeaways window that has the "
            "library open. Export and the learning digest work here."
        )
        self.read_only_banner.setStyleSheet("font-weight: bold; padding: 0 8px;")
        self.read_only_banner.setVisible(read_only)
        self.statusBar().addPermanentWidget(self.read_only_banner)
        self._build_menus()
        self.resize(1280, 800)
        self.show_library()

    # -- menus -------------------------------------------------------------

    def _action(self, menu_name: str, text: str, keys: list[str], slot: Callable[[], object]) -> QAction:
        action = QAction(self)  # QAction(text, parent) looks at QIcon first: 2 ms of its enums
        action.setText(text)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setToolTip(f"{text.replace('&', '')} ({', '.join(keys)})" if keys else text)
        action.triggered.connect(lambda _checked=False: slot())
        self._menus[menu_name].addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self._menus = {
            name: bar.addMenu(name) for name in ("&File", "&Edit", "&Library", "&Go", "&Session", "&Help")
        }
        self.new_action = self._action("&File", "&New debrief", ["Ctrl+N"], self.new_session)
        self.open_action = self._action("&File", "&Open selected debrief", ["Ctrl+O"], self._open_selected)
        self.delete_action = self._action("&File", "&Delete selected debrief", ["Del"], self._delete_selected)
        self.library_action = self._action("&File", "Back to the &library", ["Ctrl+L"], self.show_library)
        self.follow_up_action = self._action(
            "&File", "Start a &follow-up review", ["Ctrl+Shift+F"], self.start_follow_up
        )
        self._menus["&File"].addSeparator()
        self.export_action = self._action("&File", "&Export…", ["Ctrl+E"], self.export_debrief)
        self.digest_action = self._action("&File", "Learning &digest…", [DIGEST_KEY], self.write_digest)
        self._menus["&File"].addSeparator()
        self.backups_action = self._action("&File", "&Backups…", ["Ctrl+Shift+B"], self.show_backups)
        self.restore_action = self._action(
            "&File", "Restore from a fi&le…", ["Ctrl+Shift+Y"], self.restore_from_file
        )
        self._menus["&File"].addSeparator()
        self._action("&File", "&Quit", ["Ctrl+Q"], self.close)
        self._menus["&Session"].menuAction().setVisible(False)  # shown while a session is open
        self.shared_screen = SharedScreenControl(
            self, lambda message: self.statusBar().showMessage(message, 6000)
        )
        for action in self.shared_screen.actions:
            self.addAction(action)  # its keys work while the Session menu is rebuilt
        self.undo_action = self._action("&Edit", "&Undo", ["Ctrl+Z"], self.undo)
        self.redo_action = self._action("&Edit", "&Redo", ["Ctrl+Shift+Z", "Ctrl+Y"], self.redo)
        self.search_action = self._action("&Library", "&Search the library…", ["Ctrl+F"], self.search)
        self.filter_action = self._action("&Library", "&Filter the matrix", [FILTER_KEY], self._focus_filter)
        self.clear_filters_action = self._action(
            "&Library", "&Clear filters", [CLEAR_FILTERS_KEY], self.library_view.clear_filters
        )
        self.insights_action = self._action("&Library", "&Insights", ["Ctrl+Shift+J"], self.show_insights)
        self.open_actions_action = self._action(
            "&Library", "&Open actions", ["Ctrl+T"], self.show_open_actions
        )
        self.holidays_action = self._action(
            "&Library", "&Holiday calendar…", [HOLIDAYS_KEY], self.edit_holidays
        )
        self.forget_action = self._action(
            "&Library", "Forget a &person…", ["Ctrl+Shift+U"], self.forget_person
        )
        for action in (
            self.search_action,
            self.insights_action,
            self.open_actions_action,
            self.forget_action,
        ):
            action.setVisible(self.queries is not None)
        self.next_action = self._action("&Go", "&Next phase", ["Ctrl+PgDown"], lambda: self._go_by(1))
        self.previous_action = self._action("&Go", "&Previous phase", ["Ctrl+PgUp"], lambda: self._go_by(-1))
        self.phase_actions = [self._phase_action(phase) for phase in BUILT_PHASES]
        self._action("&Help", "&Keys", ["F1"], self._show_keys)

    def _phase_action(self, phase: Phase) -> QAction:
        return self._action("&Go", phase.label, [f"Ctrl+{phase.value % 10}"], lambda: self._go_to(phase))

    def _show_keys(self) -> None:
        from ui.keys_dialog import KeysDialog

        KeysDialog.ask(self.menuBar(), self)

    def _update_actions(self) -> None:
        in_library = self.pages.currentWidget() is self.library_view
        no_session = self.editor is None
        has_selection = self.library_view.selected_session() is not None
        for action in (self.open_action, self.delete_action):
            action.setEnabled(in_library and has_selection)
        self.follow_up_action.setEnabled(has_selection if in_library else self.editor is not None)
        can_export = self.exporter is not None
        in_open_actions = (
            self.open_actions_view is not None and self.pages.currentWidget() is self.open_actions_view
        )
        self.export_action.setEnabled(
            (self.write_text is not None)
            if in_open_actions
            else can_export and (has_selection if in_library else self.editor is not None)
        )
        self.digest_action.setEnabled(can_export and in_library)
        for action in (self.backups_action, self.restore_action):
            action.setEnabled(self.backups is not None)
        if self.read_only:
            for action in (self.new_action, self.delete_action, self.follow_up_action):
                action.setEnabled(False)
        self._update_undo_actions()
        self.filter_action.setEnabled(in_library)
        self.clear_filters_action.setEnabled(in_library)
        for action in (self.holidays_action, self.forget_action):
            # An open debrief would write the old name or calendar back; a read-only window writes nothing.
            action.setEnabled(no_session and not self.read_only)
        self.library_action.setEnabled(not in_library)
        for action in (self.next_action, self.previous_action, *self.phase_actions):
            action.setEnabled(not in_library)

    # -- library -----------------------------------------------------------

    def _update_undo_actions(self) -> None:
        """Undo and redo as the debrief's steps (or the library's deletions) allow; every Enter moves them."""
        in_library = self.pages.currentWidget() is self.library_view
        stack = self.editor.undo_stack if self.editor is not None else None
        self.undo_action.setEnabled(bool(self._deleted) if in_library else bool(stack and stack.canUndo()))
        self.redo_action.setEnabled(not in_library and bool(stack and stack.canRedo()))

    def show_library(self, select_id: int | None = None) -> None:
        """Close any open session (saving it) and show the library."""
        if not self._close_session():
            return
        if self.queries is not None:
            fetch: Fetch = self.queries.matrix
            self.library_view.show_on_this_day(self.queries.on_this_day(date.today()))
        else:
            fetch = self._summary_rows
        self.library_view.show_sessions(self.repository.count(), fetch, select_id)
        self.pages.setCurrentWidget(self.library_view)
        self.save_state.clear()
        read_only = " — read-only" if self.read_only else ""
        self.setWindowTitle(f"Takeaways — Library ({self.library_label}){read_only}")
        self.library_view.table.setFocus()
        self._update_actions()

    def _summary_rows(self, offset: int, limit: int) -> list[MatrixRow]:
        return [matrix_row_of(summary) for summary in self.repository.summaries(offset, limit)]

    def new_session(self) -> None:
        """Start a new debrief and open it at Prepare."""
        if self._refused_read_only():
            return
        session = new_session(system_zone_name(), self.settings.load().policy)
        self.open_session(self.repository.create(session))

    def start_follow_up(self) -> None:
        """Start a calmer follow-up review of the open (or selected) debrief, from its learnings."""
        if self._refused_read_only():
            return
        first_id = self.editor.session_id if self.editor is not None else self.library_view.selected_session()
        if first_id is None or not self._close_session():  # its last edits on disk before it is copied
            return
        from facilitation.model import follow_up_of

        follow_up = follow_up_of(self.repository.get(first_id), self.settings.load().policy)
        self.open_session(self.repository.create(follow_up))
        self.statusBar().showMessage(
            "A follow-up review, starting from the first debrief's learnings, actions and parking lot.", 8000
        )

    def delete_session(self, session_id: int) -> None:
        """Delete a debrief after confirmation; it can be undone while the app is open."""
        if self._refused_read_only():
            return
        session = self.repository.get(session_id)
        if not ConfirmDelete.ask(self, session.title):
            return
        follow_ups = self.repository.follow_ups(session_id)
        self.repository.delete(session_id)
        self._deleted.append((session, follow_ups))
        self.show_library()
        self.statusBar().showMessage(f"Deleted “{session.title[:80]}”. Ctrl+Z brings it back.", 8000)

    def undo(self) -> None:
        """Undo: a deletion in the library, or the last change to the open session."""
        if self.editor is None:
            self.undo_delete()
        else:
            self.editor.undo_stack.undo()

    def redo(self) -> None:
        """Redo the last change undone in the open session."""
        if self.editor is not None:
            self.editor.undo_stack.redo()

    def undo_delete(self) -> None:
        """Bring back the most recently deleted debrief, with its id."""
        if not self._deleted:
            return
        session, follow_ups = self._deleted[-1]
        self.repository.create(session)
        for follow_up in follow_ups:  # deleting had let go of their link to it
            self.repository.update_fields(follow_up, follows=session.id)
        self._deleted.pop()
        self.show_library(select_id=session.id)
        self.statusBar().showMessage(f"Brought back “{session.title[:80]}”.", 5000)

    def export_debrief(self) -> None:
        """Ctrl+E: export the open debrief, or the one selected in the library (in Open actions: the CSV)."""
        if self.open_actions_view is not None and self.pages.currentWidget() is self.open_actions_view:
            self.export_open_actions()
            return
        if self.exporter is None:
            return
        if self.editor is not None:
            self.editor.flush()
            session = self.editor.session
        else:
            session_id = self.library_view.selected_session()
            if session_id is None:
                return
            session = self.repository.get(session_id)
        from ui.export_dialog import ExportDialog  # loaded when first needed, not at start-up

        written = ExportDialog.ask(self, session, self.exporter, self.settings)
        if written is not None:
            self.statusBar().showMessage(f"Exported to {written}.", 8000)

    def write_digest(self) -> None:
        """The learning digest of a range of days, from the library."""
        if self.exporter is None or self.editor is not None:
            return
        from ui.digest_dialog import DigestDialog

        written = DigestDialog.ask(self, self.repository, self.exporter, self.settings)
        if written is not None:
            self.statusBar().showMessage(f"Learning digest written to {written}.", 8000)

    def _refused_read_only(self) -> bool:
        """In a read-only window, say that nothing can be changed here; True when so."""
        if self.read_only:
            self.statusBar().showMessage(
                "This window is read-only because the library is open in another Takeaways window; "
                "make the change in that window.",
                8000,
            )
        return self.read_only

    def show_backups(self) -> None:
        """Ctrl+Shift+B: the library's backups; restore the one chosen."""
        if self.backups is None:
            return
        from ui.backups_dialog import BackupsDialog

        chosen = BackupsDialog.ask(self, self.backups)
        if chosen is not None:
            self.restore(chosen)

    def restore_from_file(self) -> None:
        """Ctrl+Shift+Y: restore a library copy chosen on disk."""
        if self.backups is None:
            return
        from ui.backups_dialog import ChooseBackupFile

        backups = self.backups.backups()
        folder = backups[0].path.parent if backups else Path.home()
        chosen = ChooseBackupFile.ask(self, folder)
        if chosen is not None:
            self.restore(chosen)

    def restore(self, path: Path) -> None:
        """Replace the library's content with the copy at ``path``, once confirmed (the open debrief is
        saved and closed first; the library as it was is backed up)."""
        from ui.backups_dialog import ConfirmRestore

        if self.backups is None or not ConfirmRestore.ask(self, path) or not self._close_session():
            return
        restored, sentence = self.backups.restore(path)
        if not restored:
            QMessageBox.information(self, "Takeaways — Restore a backup", sentence)
            return
        self._deleted.clear()  # what Undo delete would bring back belonged to the library replaced
        self.show_library()
        self.statusBar().showMessage(sentence, 15000)

    def bring_forward(self) -> None:
        """Show this window in front (a second app on the same library asked for it)."""
        self.showNormal() if self.isMinimized() else self.show()
        self.raise_()
        self.activateWindow()

    def _open_selected(self) -> None:
        session_id = self.library_view.selected_session()
        if session_id is not None:
            self.open_session(session_id)

    def _delete_selected(self) -> None:
        session_id = self.library_view.selected_session()
        if session_id is not None:
            self.delete_session(session_id)

    def _focus_filter(self) -> None:
        self.library_view.focus_filter()

    # -- the library as a whole ---------------------------------------------

    def search(self) -> None:
        """Ctrl+F: search every debrief; the one chosen opens at the item found."""
        if self.queries is None:
            return
        if self.editor is not None:
            self.editor.flush()  # the open debrief's last edits are searched too
        from ui.search_dialog import SearchDialog

        found = SearchDialog.ask(self, self.queries)
        if found is None:
            return
        self.open_session(found.session_id)
        if self.session_view is not None:
            self.session_view.go_to_item(found.list_name, found.item_key)

    def show_insights(self) -> None:
        """Ctrl+Shift+J: counts and shares by any field, with the matrix's filters."""
        if self.queries is None or not self._close_session():
            return
        if self.insights_view is None:
            from ui.insights_view import InsightsView

            self.insights_view = InsightsView(self.queries)
            self.insights_view.holidays_requested.connect(self.edit_holidays)
            self.pages.addWidget(self.insights_view)
        self.insights_view.start(self.library_view.choices(), self.library_view.filters.current())
        self._show_page(self.insights_view, "Insights")
        self.insights_view.focus_first()

    def show_open_actions(self) -> None:
        """Ctrl+T: every open action of the library, overdue first."""
        if self.queries is None or not self._close_session():
            return
        if self.open_actions_view is None:
            from ui.open_actions_view import OpenActionsView

            self.open_actions_view = OpenActionsView()
            self.open_actions_view.action_requested.connect(self._on_open_actions_view_action_requested)
            self.open_actions_view.export_requested.connect(self.export_open_actions)
            self.open_actions_view.export_button.setVisible(self.write_text is not None)
            self.pages.addWidget(self.open_actions_view)
        self.open_actions_view.show_actions(self.queries.open_actions(), date.today())
        self._show_page(self.open_actions_view, "Open actions")
        self.open_actions_view.focus_first()

    def export_open_actions(self) -> None:
        """Write the open actions, in the order shown, as CSV for a tracker."""
        if self.open_actions_view is None or self.write_text is None:
            return
        from facilitation.library import open_actions_csv
        from ui.export_dialog import ChooseFile, SaveFolder

        path = ChooseFile.ask(self, "Export open actions as CSV", SaveFolder.current() / "open-actions.csv")
        if path is None:
            return
        text = open_actions_csv(self.open_actions_view.model.actions, date.today())
        try:
            self.write_text(path, text)
        except OSError as problem:
            QMessageBox.information(
                self,
                "Takeaways — Open actions",
                f"The CSV could not be written to {path} ({problem.strerror or 'no access'}); "
                "choose another place.",
            )
            return
        self.statusBar().showMessage(f"Open actions written to {path}.", 8000)

    def edit_holidays(self) -> None:
        """The holiday and freeze calendar, kept in the library."""
        from ui.holidays_dialog import HolidaysDialog

        if HolidaysDialog.ask(self, self.settings):
            self.statusBar().showMessage("The holiday calendar is saved in this library.", 5000)
            if self.insights_view is not None and self.pages.currentWidget() is self.insights_view:
                self.insights_view.recount()

    def forget_person(self) -> None:
        """Replace one name everywhere by a role, after a preview and one confirmation."""
        if self.queries is None or not self._close_session():  # nothing open may write the name back
            return
        from ui.forget_person_dialog import ForgetPersonDialog

        changed = ForgetPersonDialog.ask(self, self.queries)
        if changed is None:
            return
        self._deleted.clear()  # an undone deletion would bring the name back
        self.show_library()
        places = "place" if changed == 1 else "places"
        self.statusBar().showMessage(f"The name was replaced in {changed:,} {places}.", 8000)

    def _show_page(self, page: QWidget, title: str) -> None:
        self.pages.setCurrentWidget(page)
        self.save_state.clear()
        self.setWindowTitle(f"Takeaways — {title} ({self.library_label})")
        self._update_actions()

    def _on_open_actions_view_action_requested(self, session_id: int, key: str) -> None:
        self.open_session(session_id)
        if self.session_view is not None:
            self.session_view.go_to_item("actions", key)

    # -- a session ---------------------------------------------------------

    def open_session(self, session_id: int) -> None:
        """Open a debrief at its first phase."""
        from ui.session_editor import SessionEditor  # loaded when first needed, not at start-up
        from ui.session_view import SessionView

        if not self._close_session():
            return
        session = self.repository.get(session_id)
        self.editor = SessionEditor(self.repository, session, self, author=self.author)
        self.editor.saved.connect(self._on_editor_saved)
        self.editor.save_problem.connect(self._on_editor_save_problem)
        self.editor.undo_stack.indexChanged.connect(self._update_undo_actions)
        self.session_view = SessionView(
            self.editor, self._prompt_bank(), self.settings, self._language_coach()
        )
        self.session_view.policy_edit_requested.connect(self._edit_policy)
        self.session_view.status_message.connect(self._on_session_view_status_message)
        self.session_view.prepare.title.textChanged.connect(self._update_title)
        self.session_view.prepare.reference.textChanged.connect(self._update_title)
        self.session_view.review.export_requested.connect(self.export_debrief)
        self.session_view.review.export_button.setVisible(self.exporter is not None)
        self._menus["&Session"].addActions(self.shared_screen.actions)
        self._menus["&Session"].addSeparator()
        self._menus["&Session"].addActions(self.session_view.all_actions)
        self._menus["&Session"].addSeparator()
        self._menus["&Session"].addAction(self.export_action)  # the same action as in File
        self._menus["&Session"].menuAction().setVisible(True)
        self.pages.addWidget(self.session_view)
        self.pages.setCurrentWidget(self.session_view)
        self.save_state.setText("Read-only" if self.read_only else "All changes saved")
        self._update_title()
        self._update_actions()
        self.shared_screen.attach(self.editor, self.session_view.timer.clock)
        self.session_view.focus_current_phase()

    def _prompt_bank(self) -> PromptBank:
        if self._prompts is None:
            self._prompts = self._load_prompts()
        return self._prompts

    def _language_coach(self) -> Coach:
        if self._coach is None:
            self._coach = self._load_coach()
        return self._coach

    def _shipped_coach(self) -> Coach:
        """The shipped coach; the library's glossary terms pass as explained."""
        from facilitation.coach import default_coach

        return default_coach(list(self.settings.load().glossary))

    def _on_session_view_status_message(self, message: str) -> None:
        self.statusBar().showMessage(message, 6000)

    def _edit_policy(self) -> None:
        from ui.policy_dialog import PolicyDialog

        if self._refused_read_only():
            return
        settings = self.settings.load()
        choice = PolicyDialog.ask(self, settings.policy)
        if choice is None or self.editor is None or self.session_view is None:
            return
        settings.policy = choice.text
        self.settings.save(settings)
        if choice.apply_to_session:
            self.editor.replace_ground_rules(choice.text)
        self.statusBar().showMessage("The organisation's policy is saved in this library.", 5000)

    def _update_title(self) -> None:
        if self.session_view is None:
            return
        prepare = self.session_view.prepare
        name = " ".join(t for t in (prepare.reference.text()[:40], prepare.title.text()[:120]) if t)
        read_only = " — read-only" if self.read_only else ""
        self.setWindowTitle(f"Takeaways — {name or UNTITLED}{read_only}")

    def _close_session(self) -> bool:
        """Save and close the open session; False when it stays open to keep unsaved edits."""
        if self.session_view is None or self.editor is None:
            return True
        self.session_view.finish_edits()
        # A read-only window keeps nothing, and says so at each try: nothing to ask about.
        if self.editor.has_pending and not self.read_only and not ConfirmCloseUnsaved.ask(self):
            return False
        self.shared_screen.detach()
        self._menus["&Session"].clear()
        self._menus["&Session"].menuAction().setVisible(False)
        self.pages.removeWidget(self.session_view)
        self.session_view.deleteLater()
        self.session_view = None
        self.editor.deleteLater()
        self.editor = None
        return True

    def _go_by(self, offset: int) -> None:
        if self.session_view is not None:
            self.session_view.go_by(offset)

    def _go_to(self, phase: Phase) -> None:
        if self.session_view is not None:
            self.session_view.go_to(phase)

    def _on_editor_saved(self) -> None:
        text = f"All changes saved · {datetime.now():%H:%M}"
        if text != self.save_state.text():  # once a minute at most: no status-bar relayout per Enter
            self.save_state.setText(text)

    def _on_editor_save_problem(self, message: str) -> None:
        if self._refused_read_only():
            self.save_state.setText("Read-only")
            return
        self.save_state.setText("Not saved yet")
        self.statusBar().showMessage(message, 10000)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._close_session():
            super().closeEvent(event)
        else:
            event.ignore()
