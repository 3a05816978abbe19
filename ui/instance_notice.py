"""What a second app opened on a library already open in another one says before it closes."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def instance_sentence(library_label: str, answered: bool) -> str:
    """The one sentence for a second app on ``library_label``; ``answered``: the first came forward."""
    if answered:
        return (
            f"The library {library_label} is already open in another Takeaways window, now brought to the "
            "front; this one does not open it too, so the two never write over each other's edits."
        )
    return (
        f"The library {library_label} is in use by another Takeaways (a window, or a restore from the "
        "command line), so this one closes; try again once it has finished."
    )


class SecondInstanceNotice:
    """Tells the person the library is open elsewhere, and offers to look at it here, read-only."""

    @classmethod
    def ask(cls, parent: QWidget | None, library_label: str, answered: bool) -> bool:
        """Show the sentence; True when the person chooses to open the library read-only here.

        Read-only is offered only when the other window answered (a restore under
        way is about to change the library).
        """
        box = QMessageBox(parent)
        box.setWindowTitle("Takeaways — Already open")
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(instance_sentence(library_label, answered))
        close = box.addButton("Close this one", QMessageBox.ButtonRole.AcceptRole)
        read_only = None
        if answered:
            box.setInformativeText(
                "You can also look at the library here, read-only: nothing can be changed in it."
            )
            read_only = box.addButton("Open read-only here", QMessageBox.ButtonRole.ActionRole)
            read_only.setAccessibleName("Open the library read-only in this window")
        box.setDefaultButton(close)
        box.setEscapeButton(close)
        box.exec()
        return read_only is not None and box.clickedButton() is read_only
