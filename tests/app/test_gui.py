"""Starting the window: --db and --session, a refused library, and the exception hook."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from app import gui
from app.main import main
from facilitation.coach import Coach
from storage.library import open_library
from tests.factories import full_session
from ui.main_window import MainWindow


@pytest.fixture
def shown(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> list[MainWindow]:
    """Runs the app without its event loop; collects the main windows it showed."""
    windows: list[MainWindow] = []

    def no_loop(*_ignored: object) -> int:
        windows.extend(
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        for window in windows:
            window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", no_loop)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    return windows


def test_session_option_opens_straight_into_that_session(library_path: Path, shown: list[MainWindow]) -> None:
    with open_library(library_path, create=True) as library:
        library.sessions.create(full_session())
    assert main(["--db", str(library_path), "--session", "#1421"]) == 0
    assert len(shown) == 1
    assert shown[0].windowTitle() == "Takeaways — #1421 Auth service outage after config push"


def test_a_damaged_library_is_named_and_left_alone(
    tmp_path: Path,
    shown: list[MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    damaged = tmp_path / "notes.sqlite"
    damaged.write_text("these are meeting notes, not a library")
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    assert main(["--db", str(damaged)]) == 2
    assert damaged.read_text() == "these are meeting notes, not a library"
    assert told and "not a Takeaways library" in told[0]
    assert "not a Takeaways library" in capsys.readouterr().err
    assert shown == []


def test_an_unexpected_problem_is_logged_and_said_plainly(
    tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: told.append(text))
    log = tmp_path / "logs" / "takeaways.log"
    gui._install_exception_hook(lambda: log)
    try:
        raise RuntimeError("a slot tripped")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    assert "a slot tripped" in log.read_text()
    assert "Everything shown as saved is on disk" in told[0]
    assert str(log) in told[0]


def test_the_coach_takes_the_organisations_words_and_the_librarys_glossary(
    library_path: Path, tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "coach.toml").write_text("this = = not toml", encoding="utf-8")
    monkeypatch.setattr(gui, "config_folder", lambda: config)
    with open_library(library_path, create=True) as library:
        settings = library.settings.load()
        settings.glossary = {"BFG": "the big front gateway"}
        library.settings.save(settings)
        library.sessions.create(full_session())
    seen: dict[str, object] = {}

    def no_loop(*_ignored: object) -> int:
        window = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        assert window.session_view is not None
        seen["told"] = window.statusBar().currentMessage()
        seen["coach"] = window.session_view.prompts.coach
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", no_loop)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    assert main(["--db", str(library_path), "--session", "#1421"]) == 0
    assert str(config / "coach.toml") in str(seen["told"])
    coach = seen["coach"]
    assert isinstance(coach, Coach)
    unexplained = [n.wording for n in coach.check("The BFG timed out on Zephyr.", learnings=True)]
    assert unexplained == ["Zephyr"]


def test_export_from_the_window_writes_a_real_public_pdf_and_a_stopped_digest_leaves_none(
    library_path: Path, tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from pypdf import PdfReader

    from ui.export_dialog import ExportDialog, OpenOffer, SaveFolder

    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(SaveFolder, "last", out)
    offered: list[Path] = []
    monkeypatch.setattr(OpenOffer, "ask", classmethod(lambda cls, parent, path: offered.append(path)))

    def public_at_once(dialog: ExportDialog) -> int:
        dialog.public.setChecked(True)
        dialog.terms.setPlainText("Auth Service")
        dialog.export()
        return int(dialog.result())

    monkeypatch.setattr(ExportDialog, "exec", public_at_once)
    with open_library(library_path, create=True) as library:
        library.sessions.create(full_session())
    seen: dict[str, object] = {}

    def no_loop(*_ignored: object) -> int:
        window = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        window.export_action.trigger()
        seen["exporter"] = window.exporter
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", no_loop)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    assert main(["--db", str(library_path), "--session", "#1421"]) == 0

    pdf = out / "1421-auth-service-outage-after-config-push-public.pdf"
    assert offered == [pdf]
    reader = PdfReader(pdf)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "[masked] outage after config push" in text  # the organisation's term, in any case
    assert "Ana Sørensen" not in text
    assert "Irina was quiet" not in text  # private notes stay home
    assert not (reader.metadata or {}).get("/Author")
    with open_library(library_path) as library:
        assert library.settings.load().masked_terms == ["Auth Service"]
        session = library.sessions.get(library.sessions.resolve("#1421"))
        settings = library.settings.load()

    exporter = seen["exporter"]
    assert isinstance(exporter, gui.LibraryExporter)
    told: list[tuple[int, int]] = []
    digest = out / "learning-digest-2026-03.pdf"
    stopped = exporter.write_digest(
        [session], date(2026, 3, 1), date(2026, 3, 31), "pdf", settings, digest,
        lambda done, total: told.append((done, total)) or done == 0,
    )  # fmt: skip
    assert stopped is False
    assert told[:2] == [(0, 1), (1, 1)]
    assert sorted(p.name for p in out.iterdir()) == [pdf.name]  # no digest, no partial file
    assert exporter.write_digest(
        [session], date(2026, 3, 1), date(2026, 3, 31), "md", settings, out / "digest.md", lambda d, t: True
    )
    assert "Auth service outage" in (out / "digest.md").read_text(encoding="utf-8")
