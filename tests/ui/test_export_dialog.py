"""The export dialog driven as a facilitator would: format, audience, where, the masked preview, the
organisation's terms, a refusal said plainly, and the offer to open what was written."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from facilitation.model import Participant, Session, TimelineEntry
from facilitation.protocols import EXPORT_KINDS
from storage.library import Library
from tests.ui.export_fakes import FakeExporter, FakeMasking, MemorySettings
from ui.export_dialog import (
    ChooseFile,
    ExportDialog,
    MaskingModel,
    OpenOffer,
    SaveFolder,
    default_file_name,
    slug,
)
from ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("folder")


def _session() -> Session:
    return Session(
        reference="PM-2026-011",
        title="Checkout latency",
        facilitator="Ana Lopez",
        participants=[Participant("Ana Lopez", "facilitator"), Participant("Bo Chen", "on-call engineer")],
        timeline=[TimelineEntry(text="acme-corp saw timeouts", key="t1")],
        private_notes="Ask Bo about the rota",
    )


def _dialog(qtbot: QtBot, exporter: FakeExporter, settings: MemorySettings) -> ExportDialog:
    dialog = ExportDialog(None, _session(), exporter, settings)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):  # Alt keys work in the active window
        dialog.show()
        dialog.activateWindow()
    return dialog


# -- names --------------------------------------------------------------------------------------------


def test_the_suggested_name_says_what_the_file_is() -> None:
    session = _session()
    assert default_file_name(session, "pdf", "internal") == "PM-2026-011-checkout-latency.pdf"
    assert (
        default_file_name(session, "pre-read-md", "public")
        == "PM-2026-011-checkout-latency-pre-read-public.md"
    )
    assert default_file_name(Session(reference="#1421", title="Auth outage"), "json", "internal") == (
        "1421-auth-outage.json"
    )
    assert default_file_name(Session(title="Untitled debrief"), "pdf", "internal") == "debrief.pdf"
    assert (
        default_file_name(Session(title="Σφάλμα στο DNS / ошибка"), "md", "internal")
        == "σφάλμα-στο-dns-ошибка.md"
    )


def test_a_long_title_is_cut_at_a_word() -> None:
    name = slug("word " * 100)
    assert len(name) <= 60
    assert name.endswith("word")
    assert slug("x" * 200) == "x" * 60
    assert slug("<>:|?*") == ""


def test_the_name_follows_format_and_audience_until_the_person_names_it(qtbot: QtBot, folder: Path) -> None:
    dialog = _dialog(qtbot, FakeExporter(), MemorySettings())
    assert dialog.where.edit.text() == str(folder / "PM-2026-011-checkout-latency.pdf")
    dialog.kind.setCurrentIndex(EXPORT_KINDS.index("pre-read-md"))
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.public.isChecked)  # a button's Alt key clicks it a moment later
    assert dialog.where.edit.text() == str(folder / "PM-2026-011-checkout-latency-pre-read-public.md")

    dialog.where.edit.setText(str(folder / "for-the-vendor.md"))
    dialog.kind.setCurrentIndex(EXPORT_KINDS.index("json"))
    assert dialog.where.edit.text() == str(folder / "for-the-vendor.json")


def test_a_file_there_already_is_said_before_it_is_replaced(qtbot: QtBot, folder: Path) -> None:
    (folder / "PM-2026-011-checkout-latency.md").write_text("older")
    dialog = _dialog(qtbot, FakeExporter(), MemorySettings())
    dialog.kind.setCurrentIndex(EXPORT_KINDS.index("md"))
    assert "replaces it" in dialog.where.note.text()
    assert dialog.where.note.isVisible()


# -- writing --------------------------------------------------------------------------------------------


def test_export_writes_through_the_exporter_and_remembers_the_folder(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, offers: list[Path]
) -> None:
    elsewhere = tmp_path / "reports"
    elsewhere.mkdir()
    chosen = elsewhere / "checkout.pdf"
    monkeypatch.setattr(ChooseFile, "ask", classmethod(lambda cls, parent, caption, suggested: chosen))
    exporter = FakeExporter()
    monkeypatch.setattr(ExportDialog, "exec", lambda self: _export_at_once(qtbot, self))

    written = ExportDialog.ask(None, _session(), exporter, MemorySettings())

    assert written == chosen
    assert exporter.written == [("Checkout latency", "pdf", "internal", chosen, [])]
    assert chosen.read_text() == "pdf internal Checkout latency"
    assert offers == [chosen]
    assert SaveFolder.last == elsewhere


def _export_at_once(qtbot: QtBot, dialog: ExportDialog) -> int:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.where.choose_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.where.edit, Qt.Key.Key_Return)  # Enter anywhere in the form exports
    return int(dialog.result())


def test_a_public_export_previews_what_it_masks_and_keeps_the_terms(qtbot: QtBot, folder: Path) -> None:
    exporter = FakeExporter()
    settings = MemorySettings(["acme-corp"])
    dialog = _dialog(qtbot, exporter, settings)
    assert not dialog.public_page.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.public.isChecked)
    assert dialog.public_page.isVisible()
    model = dialog.masking_model
    rows = [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())]
    assert ["Name", "Bo Chen", "on-call engineer", "participants"] in rows
    assert ["Term", "acme-corp", "[masked]", "timeline"] in rows
    assert ["Private notes", "Ask Bo about the rota", "left out", "private notes"] in rows
    assert dialog.masking_count.text().startswith("4 things")
    assert dialog.where.edit.text().endswith("-public.pdf")

    dialog.terms.setFocus()
    qtbot.keyClick(dialog.terms, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    for line in ("saw", "  Acme-Corp "):
        qtbot.keyClick(dialog.terms, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.terms, line)
    qtbot.waitUntil(lambda: exporter.masked_terms_seen[-1] == ["acme-corp", "saw"])
    assert "3 things" not in dialog.masking_count.text()
    assert ["Term", "saw", "[masked]", "timeline"] in [
        [model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())
    ]
    assert settings.saves == 0  # kept when exporting, not on every key

    qtbot.keyClick(dialog.terms, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert exporter.written[-1][1:3] == ("pdf", "public")
    assert exporter.written[-1][4] == ["acme-corp", "saw"]
    assert settings.load().masked_terms == ["acme-corp", "saw"]
    assert dialog.written == folder / "PM-2026-011-checkout-latency-public.pdf"


def test_nothing_to_mask_is_said(qtbot: QtBot) -> None:
    dialog = ExportDialog(None, Session(title="Quiet"), FakeExporter(), MemorySettings())
    qtbot.addWidget(dialog)
    dialog.public.setChecked(True)
    assert dialog.masking_model.rowCount() == 0
    assert dialog.masking_count.text().startswith("Nothing to mask")


def test_a_refused_export_is_one_plain_sentence_and_the_dialog_stays(qtbot: QtBot, folder: Path) -> None:
    sentence = "PM-2026-011.pdf could not be written (permission denied); nothing was changed there."
    exporter = FakeExporter(refuse=sentence)
    dialog = _dialog(qtbot, exporter, MemorySettings())
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == sentence
    assert dialog.problem.isVisible()
    assert dialog.isVisible()
    assert dialog.written is None
    assert list(folder.iterdir()) == []


def test_a_missing_folder_or_no_name_is_said_and_nothing_is_tried(qtbot: QtBot, tmp_path: Path) -> None:
    exporter = FakeExporter()
    dialog = _dialog(qtbot, exporter, MemorySettings())
    dialog.where.edit.setText(str(tmp_path / "not-there" / "report.pdf"))
    assert "does not exist" in dialog.where.note.text()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "does not exist" in dialog.problem.text()
    dialog.where.edit.setText("   ")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text().startswith("Say where to write it")
    dialog.where.edit.setText(str(tmp_path))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "is a folder" in dialog.problem.text()
    assert exporter.written == []


def test_a_bare_name_goes_to_the_suggested_folder_with_its_extension(qtbot: QtBot, folder: Path) -> None:
    exporter = FakeExporter()
    dialog = _dialog(qtbot, exporter, MemorySettings())
    dialog.kind.setCurrentIndex(EXPORT_KINDS.index("md"))
    dialog.where.edit.setText("for-the-team")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert exporter.written[0][3] == folder / "for-the-team.md"


def test_every_control_has_a_key_and_a_name(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, FakeExporter(), MemorySettings())
    dialog.public.setChecked(True)
    _assert_keyed_and_named(dialog, escape=dialog.cancel_button)


def _assert_keyed_and_named(dialog: QWidget, escape: QWidget) -> None:
    """Every control the cursor can reach has an accessible name and an Alt key (Esc for Cancel)."""
    buddies = set()
    for label in dialog.findChildren(QLabel):
        buddy = label.buddy()
        while buddy is not None and "&" in label.text():
            buddies.add(buddy)
            buddy = buddy.focusProxy()
    controls = [
        w
        for w in dialog.findChildren(QWidget)
        if w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None
    ]
    assert len(controls) >= 3
    for control in controls:
        assert control.accessibleName(), control
        if control is escape or not control.isEnabled():
            continue
        keyed = control in buddies or (isinstance(control, QAbstractButton) and "&" in control.text())
        assert keyed, control.accessibleName()


def test_the_masking_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = MaskingModel()
    model.set_rows([FakeMasking("secret", "ghp_abc…", "[secret]", "timeline entry t4")] * 3)
    qtmodeltester.check(model)
    assert model.index(0, 2).data() == "[secret]"
    model.set_rows([FakeMasking("private item", "line\nbreak " * 40, "", "went wrong")])
    assert "\n" not in model.index(0, 1).data()
    assert model.index(0, 1).data().endswith("…")
    assert model.index(0, 2).data() == "left out"


# -- afterwards -------------------------------------------------------------------------------------------


def test_the_offer_opens_the_file_or_its_folder_in_the_system_viewer(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    path = tmp_path / "PM-2026-011-checkout-latency.pdf"
    offer = OpenOffer(None, path)
    qtbot.addWidget(offer)
    offer.show()
    qtbot.keyClick(offer, Qt.Key.Key_Return)  # Open it is the default
    assert opened == [QUrl.fromLocalFile(str(path))]
    assert offer.result() == OpenOffer.DialogCode.Accepted

    offer = OpenOffer(None, path)
    qtbot.addWidget(offer)
    offer.show()
    _assert_keyed_and_named(offer, escape=offer.done_button)
    qtbot.mouseClick(offer.folder_button, Qt.MouseButton.LeftButton)
    assert opened[-1] == QUrl.fromLocalFile(str(tmp_path))


def test_when_nothing_opens_the_file_it_says_where_it_is(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    offer = OpenOffer(None, tmp_path / "a.pdf")
    qtbot.addWidget(offer)
    offer.show()
    qtbot.mouseClick(offer.open_button, Qt.MouseButton.LeftButton)
    assert offer.problem.isVisible()
    assert str(tmp_path / "a.pdf") in offer.problem.text()
    assert offer.isVisible()
    qtbot.mouseClick(offer.done_button, Qt.MouseButton.LeftButton)
    assert not offer.isVisible()


# -- from the window ------------------------------------------------------------------------------------


@pytest.fixture
def exporting_window(qtbot: QtBot, library: Library) -> MainWindow:
    win = MainWindow(library.sessions, library.settings, "test library", exporter=FakeExporter())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    titles: list[str] = []
    monkeypatch.setattr(
        ExportDialog,
        "ask",
        classmethod(lambda cls, parent, session, exporter, settings: titles.append(session.title)),
    )
    return titles


def test_the_review_phase_and_the_library_both_lead_to_export(
    exporting_window: MainWindow, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _asked(monkeypatch)
    window = exporting_window
    library.sessions.create(Session(title="Older one"))
    window.show_library()
    assert window.export_action.isEnabled()
    window.export_action.trigger()
    assert asked == ["Older one"]

    window.open_session(library.sessions.create(Session(title="Open one")))
    assert window.session_view is not None
    review = window.session_view.review
    window.session_view.go_to(window.session_view.phases[-1])
    assert review.export_button.isVisible()
    qtbot.mouseClick(review.export_button, Qt.MouseButton.LeftButton)
    assert asked == ["Older one", "Open one"]
    session_menu = [a.text() for a in window._menus["&Session"].actions()]
    assert "&Export…" in session_menu


def test_without_an_exporter_export_is_not_offered(window: MainWindow, library: Library) -> None:
    library.sessions.create(Session(title="One"))
    window.show_library()
    assert not window.export_action.isEnabled()
    assert not window.library_view.digest_button.isVisibleTo(window)
