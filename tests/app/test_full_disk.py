"""A full disk and a read-only place: saving, importing, restoring, backing up and exporting each say so
plainly, and lose nothing already saved.

The real thing is a tiny tmpfs mounted for the test (skipped where mounting is not
allowed); a failing writer (``os.fsync`` raising ENOSPC) covers the export path anywhere.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.gui import LibraryExporter
from app.library_backups import DailyBackup
from export import files
from facilitation.interchange import dumps
from facilitation.model import Session, WentWrong
from facilitation.protocols import ExportProblem
from facilitation.settings import default_settings
from storage.backups import backups_folder, make_backup
from storage.library import open_library
from tests.app.cli_runner import Run
from tests.app.kill_harness import big_session
from tests.factories import library_with
from ui.session_editor import SessionEditor

FULL = "is full, so nothing was changed; free some space and try again."


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB filesystem of its own; skipped where it cannot be mounted."""
    place = tmp_path / "tiny"
    place.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(place)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a tiny filesystem is not allowed here")
    try:
        yield place
    finally:
        subprocess.run(["umount", "-l", str(place)], check=False)


def _fill(folder: Path) -> Path:
    """Fill the filesystem holding ``folder`` to the last byte; the filler file, to free it again."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for size in (65536, 4096, 1):  # big pieces, then the last few bytes
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)
    return filler


def _titles(path: Path) -> list[str]:
    with open_library(path) as library:
        assert library.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return sorted(s.title for s in library.sessions.summaries())


def _remount_read_only(place: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(place)], check=True)


def test_importing_onto_a_full_disk_says_so_and_changes_nothing(run: Run, tiny: Path, tmp_path: Path) -> None:
    library = library_with(tiny / "library.sqlite", Session(title="Saved before"))
    big = tmp_path / "big.json"
    big.write_text(dumps(big_session("Too big for the disk", 500)), encoding="utf-8")
    filler = _fill(tiny)

    code, out, err = run("import", "--format", "json", "--db", library, big)

    assert (code, out) == (2, "")
    assert err == f"The disk holding {library} {FULL}\n"
    filler.unlink()
    assert _titles(library) == ["Saved before"]
    assert run("import", "--format", "json", "--db", library, big)[0] == 0  # with room, it goes in
    assert _titles(library) == ["Saved before", "Too big for the disk"]


def test_the_window_keeps_what_could_not_be_saved_and_saves_it_once_there_is_room(
    qtbot: QtBot, tiny: Path
) -> None:
    library = open_library(tiny / "library.sqlite", create=True)
    session_id = library.sessions.create(Session(title="Saved before"))
    editor = SessionEditor(library.sessions, library.sessions.get(session_id))
    problems: list[str] = []
    editor.save_problem.connect(problems.append)
    assert editor.add_item("went_wrong", WentWrong(text="Saved first"))
    filler = _fill(tiny)
    long_text = "the queue grew — ünïcode ✓ " * 4000  # 100,000 characters and more

    assert not editor.add_item("went_wrong", WentWrong(text=long_text))
    editor.change("summary", long_text)
    editor.flush()

    assert editor.has_pending
    assert problems[0].startswith("That change was not made. The disk holding")
    assert FULL in problems[0] and FULL in problems[1] and "They are kept and tried again." in problems[1]
    filler.unlink()
    editor.flush()
    assert not editor.has_pending
    assert editor.add_item("went_wrong", WentWrong(text=long_text))
    stored = library.sessions.get(session_id)
    assert [item.text for item in stored.went_wrong] == ["Saved first", long_text]
    assert stored.summary == long_text
    library.close()


def test_a_daily_backup_or_a_restore_on_a_full_disk_leaves_no_half_copy(
    run: Run, tiny: Path, qtbot: QtBot
) -> None:
    library = tiny / "library.sqlite"
    with open_library(library, create=True) as opened:
        opened.sessions.create(big_session("Saved before", 300))
        copy = make_backup(opened.handle.conn, library, "kept")
    filler = _fill(tiny)

    daily = DailyBackup(library)
    with qtbot.waitSignal(daily.problem) as told:
        daily.start()
        daily.wait()
    assert told.args == [
        f"Today's backup of the library was not made. The disk holding {library} {FULL} "
        "Everything is still saved in the library, and Takeaways tries again next time it opens."
    ]
    code, _out, err = run("restore", "--db", library, copy)
    assert code == 2 and err == f"The disk holding {library} {FULL}\n"

    assert [p.name for p in backups_folder(library).iterdir()] == [copy.name]  # nothing half-made
    filler.unlink()
    assert _titles(library) == ["Saved before"]


def test_exporting_to_a_full_disk_keeps_the_old_file_and_leaves_no_part(
    run: Run, tiny: Path, tmp_path: Path
) -> None:
    library = library_with(tmp_path / "library.sqlite", big_session("Exported", 3000))
    out = tiny / "postmortem.md"
    out.write_text("the export before", encoding="utf-8")
    _fill(tiny)

    code, _out, err = run("export", "1", "--format", "md", "--db", library, "-o", out)

    assert code == 2
    assert err == f"{out} could not be written (No space left on device); nothing was changed there.\n"
    assert out.read_text(encoding="utf-8") == "the export before"
    assert sorted(p.name for p in tiny.iterdir()) == ["filler", "postmortem.md"]


def test_a_read_only_place_is_named_for_the_library_and_for_an_export(
    run: Run, tiny: Path, tmp_path: Path
) -> None:
    library = library_with(tiny / "library.sqlite", Session(title="Saved before"))
    session_json = tmp_path / "session.json"
    session_json.write_text(dumps(big_session("Not imported", 10)), encoding="utf-8")
    _remount_read_only(tiny)

    code, _out, err = run("import", "--format", "json", "--db", library, session_json)
    assert code == 2 and err.startswith(f"Takeaways cannot write to {library} (")
    assert "nothing was changed" in err and err.count("\n") == 1
    code, _out, err = run(
        "export", "1", "--format", "md", "--db", tmp_path / "elsewhere.sqlite", "-o", tiny / "x.md"
    )
    assert code == 2 and err.count("\n") == 1


def test_an_export_whose_disk_fills_while_writing_says_so_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full)
    out = tmp_path / "postmortem.md"
    out.write_text("the export before", encoding="utf-8")
    with open_library(tmp_path / "library.sqlite", create=True) as library:
        exporter = LibraryExporter(library.sessions)
        with pytest.raises(ExportProblem) as caught:
            exporter.write_session(big_session("Exported", 5), "md", "internal", default_settings(), out)
    assert (
        str(caught.value)
        == "postmortem.md could not be written (no space left on device); nothing was changed there."
    )
    assert out.read_text(encoding="utf-8") == "the export before"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".postmortem")) == []
