"""Backups (Ctrl+Shift+B): the library's automatic copies, newest first, and restoring one.

``BackupsDialog.ask()`` returns the copy chosen; the window confirms with
``ConfirmRestore.ask()`` and restores through its ``BackupKeeper``.
``ChooseBackupFile.ask()`` picks any copy on disk (Restore from a file…).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitation.messages import echo
from ui.widgets import confirmed, open_file


class BackupEntry(Protocol):
    """One backup as the dialog shows it."""

    @property
    def path(self) -> Path: ...
    @property
    def made(self) -> datetime: ...
    @property
    def reason(self) -> str: ...
    @property
    def size(self) -> int: ...


class BackupKeeper(Protocol):
    """The library's backups, as the app provides them."""

    def backups(self) -> Sequence[BackupEntry]:
        """The library's backups, newest first."""
        ...

    def restore(self, path: Path) -> tuple[bool, str]:
        """Restore the copy at ``path``; whether it was restored, and a sentence saying what happened."""
        ...


REASONS = {"daily": "Daily", "before-restore": "Before a restore"}


def describe_reason(reason: str) -> str:
    """``before-v5`` → ``Before the update to schema 5``; the known words in plain English."""
    if reason.startswith("before-v") and reason[len("before-v") :].isdigit():
        return f"Before the update to schema {reason[len('before-v') :]}"
    return REASONS.get(reason, reason)


def describe_size(size: int) -> str:
    """A size in bytes as people read it."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB"


class BackupsDialog(QDialog):
    """The list of backups and a button to restore the selected one."""

    def __init__(self, parent: QWidget | None, backups: Sequence[BackupEntry]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Takeaways — Backups")
        self.backups = list(backups)
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels(["Made", "Why", "Size"])
        for backup in self.backups:
            row = [
                QStandardItem(f"{backup.made:%Y-%m-%d %H:%M}"),
                QStandardItem(describe_reason(backup.reason)),
                QStandardItem(describe_size(backup.size)),
            ]
            for item in row:
                item.setEditable(False)
                item.setToolTip(str(backup.path))
            self.model.appendRow(row)
        self.table = QTableView()
        self.table.setAccessibleName("Backups")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        if self.backups:
            self.table.selectRow(0)
            note = (
                "Takeaways copies the library once a day when the app opens it, before each update of "
                "its format and before each restore; the newest ten are kept."
            )
        else:
            note = "There are no backups yet; Takeaways makes one each day the app opens this library."
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = buttons.addButton("&Restore selected…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setAccessibleName("Restore the selected backup")
        self.restore_button.setEnabled(bool(self.backups))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.table.doubleClicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 380)

    def chosen(self) -> Path | None:
        """The selected backup's path."""
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()].path if rows else None

    @classmethod
    def ask(cls, parent: QWidget, keeper: BackupKeeper) -> Path | None:
        """Show the backups; the one chosen to restore, or None."""
        dialog = cls(parent, keeper.backups())
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


class ConfirmRestore:
    """Asks before a restore replaces what the library holds."""

    @classmethod
    def ask(cls, parent: QWidget, path: Path) -> bool:
        """True when the person confirms restoring the copy at ``path``."""
        return confirmed(
            parent,
            "Takeaways — Restore a backup",
            f"Replace everything in this library with the copy {echo(path.name, 120)}?\n\n"
            "The library as it is now is backed up first, so you can come back to it from Backups.",
        )


class ChooseBackupFile:
    """Picks a library copy to restore from anywhere on disk."""

    @classmethod
    def ask(cls, parent: QWidget, folder: Path) -> Path | None:
        """The file chosen, starting in ``folder``; None when cancelled."""
        return open_file(
            parent,
            "Takeaways — Restore from a file",
            folder,
            "Takeaways libraries (*.sqlite *.db);;All files (*)",
        )
