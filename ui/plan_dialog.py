"""The meeting plan: minutes for each phase, edited for one session. ``PlanDialog.ask()``."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from facilitation.phases import Phase
from facilitation.timebox import DEFAULT_PLAN, MAX_MINUTES


class PlanDialog(QDialog):
    """A spin box of minutes per phase, with the total as it adds up."""

    def __init__(self, parent: QWidget | None, plan: dict[Phase, int]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Takeaways — Meeting plan")
        self.boxes: dict[Phase, QSpinBox] = {}
        form = QFormLayout()
        for phase in Phase:
            box = QSpinBox()
            box.setRange(0, MAX_MINUTES)
            box.setSuffix(" min")
            box.setValue(plan.get(phase, 0))
            box.setAccessibleName(f"Minutes for {phase.label}")
            box.valueChanged.connect(self._show_total)
            self.boxes[phase] = box
            form.addRow(phase.label, box)
        self.total = QLabel()
        hint = QLabel(
            "0 minutes means no countdown for that phase. The timeline usually takes most of the time."
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        if restore is not None:
            restore.clicked.connect(self._restore_defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.total)
        layout.addWidget(buttons)
        self._show_total()

    def plan(self) -> dict[Phase, int]:
        """The minutes as set."""
        return {phase: box.value() for phase, box in self.boxes.items()}

    def _restore_defaults(self) -> None:
        for phase, box in self.boxes.items():
            box.setValue(DEFAULT_PLAN.get(phase, 0))

    def _show_total(self) -> None:
        self.total.setText(f"In all: {sum(self.plan().values())} minutes")

    @classmethod
    def ask(cls, parent: QWidget | None, plan: dict[Phase, int]) -> dict[Phase, int] | None:
        """The new plan, or None when the person changed their mind."""
        dialog = cls(parent, plan)
        return dialog.plan() if dialog.exec() == QDialog.DialogCode.Accepted else None
