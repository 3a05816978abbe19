"""The mapping step of a timeline CSV: which of the file's columns holds the time, the text and the rest."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from facilitation.imports.common import CSV_FIELD_LABELS, CSV_FIELDS, CSV_REQUIRED

NO_COLUMN = "(no column)"


class CsvMapping(QWidget):
    """A choice of the file's column for each of our fields, filled with what could be guessed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        hint = QLabel("Say which column holds what. Time and text are needed; the rest may stay empty.")
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        self.columns: dict[str, QComboBox] = {}
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        for field in CSV_FIELDS:
            box = QComboBox()
            label = CSV_FIELD_LABELS[field]
            needed = field in CSV_REQUIRED
            box.setAccessibleName(f"Column for the {label.lower()}" + (" (needed)" if needed else ""))
            self.columns[field] = box
            form.addRow(f"{label}{' *' if needed else ''}", box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint)
        layout.addLayout(form)
        self.setFocusProxy(self.columns[CSV_FIELDS[0]])

    def set_headers(self, headers: list[str], guessed: dict[str, str]) -> None:
        """Offer these headers for every field, each field set to its guess (or to no column)."""
        for field, box in self.columns.items():
            box.clear()
            box.addItem(NO_COLUMN, None)
            for header in headers:
                box.addItem(header or "(a column without a name)", header)
            guess = guessed.get(field)
            box.setCurrentIndex(max(box.findData(guess), 0) if guess is not None else 0)

    def mapping(self) -> dict[str, str]:
        """Our field -> their header, for the fields given a column."""
        chosen = {field: box.currentData() for field, box in self.columns.items()}
        return {field: str(header) for field, header in chosen.items() if header is not None}

    def missing(self) -> list[str]:
        """The needed fields (as people read them) still without a column."""
        mapped = self.mapping()
        return [CSV_FIELD_LABELS[field] for field in CSV_REQUIRED if field not in mapped]
