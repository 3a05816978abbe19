"""A library left by a process killed mid-write or mid-checkpoint opens, whole, with every commit."""

from __future__ import annotations

import shutil
from pathlib import Path

from facilitation.model import Session, TimelineEntry
from storage.header import committed_page_one, judge
from storage.library import open_library


def _grown(title: str, entries: int) -> Session:
    return Session(
        title=title, timeline=[TimelineEntry(text=f"entry {n} " + "ü" * 80) for n in range(entries)]
    )


def _crashed_with_commits_in_the_wal(tmp_path: Path) -> Path:
    """A copy of a library as a kill leaves it: commits still in the WAL, not yet checkpointed."""
    library = tmp_path / "library.sqlite"
    with open_library(library, create=True) as opened:
        opened.sessions.create(_grown("First", 5))
    opened = open_library(library)
    opened.handle.conn.execute("PRAGMA wal_autocheckpoint = 0")
    opened.sessions.create(_grown("Second", 2000))  # grows the file: page 1 holds the new size
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal"):
        shutil.copy(f"{library}{suffix}", crashed / f"library.sqlite{suffix}")
    opened.close()
    return crashed / "library.sqlite"


def test_a_checkpoint_killed_after_page_one_is_not_taken_for_a_cut_short_library(tmp_path: Path) -> None:
    path = _crashed_with_commits_in_the_wal(tmp_path)
    page_one = committed_page_one(Path(f"{path}-wal"))
    assert page_one is not None
    with path.open("r+b") as stream:  # a checkpoint writes pages in order: page 1 first, then the kill
        stream.write(page_one)

    assert judge(path).schema_version > 0
    with open_library(path) as library:
        assert library.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert sorted(s.title for s in library.sessions.summaries()) == ["First", "Second"]
        assert len(library.sessions.get(2).timeline) == 2000


def test_commits_left_in_the_wal_by_a_kill_are_all_there(tmp_path: Path) -> None:
    path = _crashed_with_commits_in_the_wal(tmp_path)
    with open_library(path) as library:
        assert sorted(s.title for s in library.sessions.summaries()) == ["First", "Second"]
