"""Opening the window reads its options alone and loads only what the library view needs.

The commands' code and parsers, the insights' calendar and time-zone code, the dialogs and the
session views load when first used; the options read for the window are those the full parser
would read.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import build_parser
from app.options import window_options
from facilitation.model import Session
from storage.library import Library

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "arguments",
    [
        [],
        ["--db", "library.sqlite"],
        ["--db=library.sqlite", "--session", "#1421"],
        ["--session", "7", "--db", "a.sqlite", "--db", "b.sqlite"],
        ["--d", "short.sqlite", "--sess", "12"],
        ["--session", "list"],
    ],
)
def test_the_window_options_are_read_as_the_full_parser_reads_them(arguments: list[str]) -> None:
    options = window_options(arguments)
    assert options is not None
    assert vars(options) == vars(build_parser().parse_args(arguments))


@pytest.mark.parametrize(
    "arguments",
    [
        ["list"],
        ["--db", "library.sqlite", "list"],
        ["-h"],
        ["--help"],
        ["--db"],
        ["--db", ""],
        ["--no-such-option"],
        ["stray"],
        ["--", "list"],
    ],
)
def test_commands_help_and_slips_are_left_to_the_full_parser(arguments: list[str]) -> None:
    assert window_options(arguments) is None


def test_window_options_say_no_command() -> None:
    assert window_options(["--db", "x.sqlite"]) == argparse.Namespace(
        db=Path("x.sqlite"), session=None, command=None
    )


def _store(library: Library, reference: str, title: str) -> None:
    library.sessions.create(Session(reference=reference, title=title, time_zone="UTC", severity="Sev-2"))


LATER = (
    "app.cli",
    "app.cli_library",
    "csv",
    "zoneinfo",
    "facilitation.classification",
    "facilitation.matrix_csv",
    "facilitation.times",
    "storage.insight_rows",
    "ui.session_editor",
    "ui.session_view",
    "ui.insights_view",
    "ui.open_actions_view",
    "ui.search_dialog",
    "ui.backups_dialog",
    "ui.holidays_dialog",
    "ui.forget_person_dialog",
    "ui.keys_dialog",
    "ui.shared_screen",
    "export",
)
"""Modules the window loads when first used, never to show the library."""


def _loaded_after(code: str) -> set[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_showing_the_library_loads_nothing_used_later(library: Library, library_path: Path) -> None:
    _store(library, "#1421", "Auth outage")
    loaded = _loaded_after(
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "run = QApplication.exec\n"
        "def exec_once(*_ignored):\n"
        "    QTimer.singleShot(0, QApplication.quit)  # the window is shown and idle: quit\n"
        "    return run()\n"
        "QApplication.exec = exec_once\n"
        "from app.main import main\n"
        f"assert main(['--db', {str(library_path)!r}]) == 0"
    )
    assert "ui.main_window" in loaded  # the window did open
    assert sorted(loaded & set(LATER)) == []


def test_the_app_has_its_style_whatever_the_environment_asks() -> None:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_STYLE_OVERRIDE": "Windows"}
    script = (
        "from ui.theme import BASE_POINT_SIZE, themed_application\n"
        "app = themed_application(['takeaways'])\n"
        "sheet, font = bool(app.styleSheet()), app.font().pointSize() == BASE_POINT_SIZE\n"
        "app.setStyleSheet('')  # the style beneath the sheet\n"
        "print(app.style().name(), font, sheet)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["fusion", "True", "True"]
