"""Killing the app mid-capture loses nothing it showed as saved, and leaves the library whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from storage.library import open_library

TARGET = Path(__file__).with_name("kill_target.py")
ROOT = Path(__file__).resolve().parents[2]
LINES = 40
"""Lines the target types: more than any kill point, so it is still capturing when killed."""
DEADLINE_S = 60.0


def _run_and_kill(
    library_path: Path, stderr_path: Path, kill_after: int, delay_s: float, phase: str = "timeline"
) -> tuple[int, list[str], int]:
    """Start the target, SIGKILL it ``delay_s`` after its ``kill_after``-th "saved" line.

    Returns the session id, every text it reported saved (those printed after the k-th
    and before the kill included) and its exit status.
    """
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    with (
        stderr_path.open("wb") as stderr,
        subprocess.Popen(
            [sys.executable, str(TARGET), str(library_path), str(LINES), phase],
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=environment,
            encoding="utf-8",
        ) as process,
    ):
        assert process.stdout is not None
        watchdog = threading.Timer(DEADLINE_S, process.kill)  # a hung target ends the read with EOF
        watchdog.start()
        try:
            session_id: int | None = None
            saved: list[str] = []
            for line in process.stdout:
                word, _, rest = line.rstrip("\n").partition(" ")
                if word == "session":
                    session_id = int(rest)
                elif word == "saved":
                    saved.append(rest)
                    if len(saved) == kill_after:
                        time.sleep(delay_s)
                        os.kill(process.pid, signal.SIGKILL)
                        break
            saved += [
                line[len("saved ") :].rstrip("\n") for line in process.stdout if line.startswith("saved ")
            ]
            status = process.wait()
        finally:
            watchdog.cancel()
    problem = f"the target said only {saved!r}; its stderr:\n{stderr_path.read_text(errors='replace')}"
    assert session_id is not None, problem
    assert len(saved) >= kill_after, problem
    return session_id, saved, status


# A capture takes some milliseconds; the delays land the kill at different points of the next one.
@pytest.mark.parametrize(("kill_after", "delay_s"), [(1, 0.0), (5, 0.002), (17, 0.005)])
def test_a_killed_app_keeps_every_entry_it_showed_as_saved(
    tmp_path: Path, kill_after: int, delay_s: float
) -> None:
    library_path = tmp_path / "library.sqlite"
    session_id, saved, status = _run_and_kill(library_path, tmp_path / "target.err", kill_after, delay_s)
    assert status == -signal.SIGKILL

    with open_library(library_path) as library:
        assert library.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert library.db.execute("PRAGMA foreign_key_check").fetchall() == []
        timeline = [entry.text for entry in library.sessions.get(session_id).timeline]
        positions = [
            row[0]
            for row in library.db.execute(
                "SELECT position FROM timeline_entries WHERE session_id = ? ORDER BY position", [session_id]
            ).fetchall()
        ]
    # Whatever the kill interrupted is either wholly there or wholly absent: the saved lines
    # come first, in the order typed, and positions stay contiguous.
    assert timeline[: len(saved)] == saved
    assert len(timeline) <= LINES
    assert positions == list(range(len(timeline)))


@pytest.mark.parametrize(
    "list_name", ["went_right", "went_wrong", "contributing_factors", "key_learnings", "actions"]
)
def test_a_kill_right_after_enter_in_each_list_phase_loses_nothing(tmp_path: Path, list_name: str) -> None:
    library_path = tmp_path / "library.sqlite"
    session_id, saved, status = _run_and_kill(library_path, tmp_path / "target.err", 3, 0.0, list_name)
    assert status == -signal.SIGKILL
    with open_library(library_path) as library:
        assert library.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = [item.text for item in getattr(library.sessions.get(session_id), list_name)]
    assert stored[: len(saved)] == saved
