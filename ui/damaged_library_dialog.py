"""The offer made when the library cannot be opened because it is damaged.

``DamagedLibraryDialog.ask()`` returns ``restore`` (the newest good backup),
``new`` (an empty library) or ``quit``. Either way the damaged file is kept,
renamed beside the library, never changed or deleted.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

RESTORE = "restore"
NEW = "new"
QUIT = "quit"


class DamagedLibraryDialog:
    """Says the library is damaged and offers the newest good backup, a new library, or quitting."""

    @classmethod
    def ask(cls, parent: QWidget | None, problem: str, backup: str | None) -> str:
        """Ask what to do about a damaged library.

        Args:
            parent: The window to centre on (None at start-up).
            problem: The sentence saying what is wrong with the file.
            backup: When the newest good backup was made (``2026-11-26 09:14``), or None if there is none.

        Returns:
            ``restore``, ``new`` or ``quit``.
        """
        box = QMessageBox(parent)
        box.setWindowTitle("Takeaways — The library is damaged")
        box.setIcon(QMessageBox.Icon.Warning)
        keep = "Whatever you choose, the damaged file is kept beside it under a new name, untouched."
        if backup is None:
            box.setText(f"{problem}\n\nThere is no backup of it to restore. {keep}")
        else:
            box.setText(f"{problem}\n\nThe newest good backup was made {backup}. {keep}")
        restore = None
        if backup is not None:
            restore = box.addButton(f"Restore the backup of {backup}", QMessageBox.ButtonRole.AcceptRole)
            restore.setAccessibleName("Restore the newest good backup")
        new = box.addButton("Start a new library", QMessageBox.ButtonRole.ActionRole)
        quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore or quit_button)
        box.setEscapeButton(quit_button)
        box.exec()
        clicked = box.clickedButton()
        if restore is not None and clicked is restore:
            return RESTORE
        return NEW if clicked is new else QUIT
