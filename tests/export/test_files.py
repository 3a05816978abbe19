"""Writing an export's file: whole or not at all, and what a stopped export left is cleared."""

from __future__ import annotations

import os
import time
from pathlib import Path

from export.files import STALE_PART_S, write_atomically


def _left(folder: Path, name: str, age_s: float, middle: str = "k3j9x") -> Path:
    """A temporary file as a stopped export of ``name`` leaves it, ``age_s`` old."""
    part = folder / f".{name}.{middle}.part"
    part.write_bytes(b"half a file")
    then = time.time() - age_s
    os.utime(part, (then, then))
    return part


def test_a_write_replaces_the_file_whole_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_bytes(b"the report before")
    write_atomically(target, b"the report now")
    assert target.read_bytes() == b"the report now"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.md"]


def test_what_a_stopped_export_left_goes_when_that_file_is_written_again(tmp_path: Path) -> None:
    name = "Auth outage [#1421] *draft*.md"  # a name with characters a pattern would read
    stale = _left(tmp_path, name, STALE_PART_S + 60)
    fresh = _left(tmp_path, name, 5, "q8w2e")  # maybe another export of the same file, still writing
    other = _left(tmp_path, "digest.pdf", STALE_PART_S + 60)  # another file's: not this write's to clear
    write_atomically(tmp_path / name, b"# Auth outage")
    assert not stale.exists()
    assert fresh.exists() and other.exists()
    assert (tmp_path / name).read_bytes() == b"# Auth outage"
