"""What a second app opened on a library already open in another one says before it closes."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def instance_sentence(library_label: str, answered: bool) -> str:
    """The one sentence for a second app on ``library_label``; ``answered``: the first came forward."""
    if answered:
        return (
            f"The library {library_label} is already open in another Takeaways window, now brought to the "
            "front; this one closes so the two never write over each other's edits."
        )
    return (
        f"The library {library_label} is in use by another Takeaways (a window, or a restore from the "
        "command line), so this one closes; try again once it has finished."
    )


class SecondInstanceNotice:
    """Tells the person the library is open elsewhere."""

    @classmethod
    def ask(cls, parent: QWidget | None, library_label: str, answered: bool) -> None:
        """Show the sentence until the person dismisses it."""
        QMessageBox.information(
            parent, "Takeaways — Already open", instance_sentence(library_label, answered)
        )
