"""Small questions the timeline asks: a new time, a link, a picture file. Each has ``ask()``."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from facilitation.model import WEB_LINK_KINDS, WebLink
from ui.widgets import LongLineEdit


class TimeDialog:
    """Asks for an entry's time, typed as in the entry line."""

    @classmethod
    def ask(cls, parent: QWidget, current: str) -> str | None:
        """The typed time ("" for unknown), or None when the person changed their mind."""
        text, accepted = QInputDialog.getText(
            parent,
            "Takeaways — Change the time",
            "New time: 14:32, ~14:30, 2026-03-02 14:32 or +5m; leave it empty when nobody knows.",
            text=current,
        )
        return text if accepted else None


class LinkDialog(QDialog):
    """Asks for a link on an entry: where it points, what kind it is, a few words for people."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Takeaways — Add a link")
        self.url = LongLineEdit(accessible_name="Address")
        self.url.setPlaceholderText("https://…  (kept as text; Takeaways never opens it)")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of link")
        self.kind.addItems(list(WEB_LINK_KINDS))
        self.label = LongLineEdit(accessible_name="Label")
        self.label.setPlaceholderText("e.g. the rollback thread")
        self.problem = QLabel()
        self.problem.setProperty("role", "problem")
        self.problem.hide()
        form = QFormLayout()
        form.addRow("&Address", self.url)
        form.addRow("&Kind", self.kind)
        form.addRow("&Label", self.label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def link(self) -> WebLink:
        """The link as typed."""
        return WebLink(self.url.text().strip(), self.kind.currentText(), self.label.text().strip())

    def _on_buttons_accepted(self) -> None:
        if not self.url.text().strip():
            self.problem.setText("A link needs an address to point to.")
            self.problem.show()
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget) -> WebLink | None:
        """The new link, or None when the person changed their mind."""
        dialog = cls(parent)
        return dialog.link() if dialog.exec() == QDialog.DialogCode.Accepted else None


class ImageFileDialog:
    """Asks for a picture file to attach."""

    @classmethod
    def ask(cls, parent: QWidget) -> str | None:
        """The chosen file's path, or None."""
        path, _ = QFileDialog.getOpenFileName(
            parent, "Takeaways — Attach an image", "", "Images (*.png *.jpg *.jpeg *.gif *.webp)"
        )
        return path or None
