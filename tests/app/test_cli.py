"""The command line: what each command prints, and that every mistake is one sentence, exit 2, no change."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from app.main import main
from facilitation.interchange import dumps, session_to_dict
from facilitation.model import Session
from storage.library import open_library
from tests.factories import full_session

ROOT = Path(__file__).resolve().parents[2]

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run ``takeaways`` with the given arguments; returns (exit code, stdout, stderr)."""

    def run_main(*argv: str | Path) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run_main


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Where the test's library lives, in a folder of its own (not created yet)."""
    return tmp_path / "data" / "library.sqlite"


@pytest.fixture
def session_file(tmp_path: Path) -> Path:
    path = tmp_path / "incident.json"
    path.write_text(dumps(full_session()), encoding="utf-8")
    return path


def _day(day: int) -> datetime:
    return datetime(2026, 3, day, 10, 0, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture
def populated(db: Path) -> Path:
    """A library with four sessions, two of them sharing the reference PM-7."""
    with open_library(db, create=True) as library:
        library.sessions.create(full_session())  # id 1, 2026-03-02
        library.sessions.create(Session(title="Queue backlog", reference="PM-7", started_at=_day(5)))
        library.sessions.create(Session(title="Disk full", reference="PM-7", started_at=_day(1)))
        library.sessions.create(Session(title="No date yet"))
    return db


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under ``folder``."""
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else None for p in sorted(folder.rglob("*"))
    }


def _assert_one_sentence(err: str) -> None:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert err.endswith("\n")
    assert "Traceback" not in err and "usage:" not in err
    assert lines[0].endswith("."), lines[0]


def _count(db: Path) -> int:
    with open_library(db) as library:
        return library.sessions.count()


# -- import ------------------------------------------------------------------


def test_import_prints_only_the_new_id(run: Run, db: Path, session_file: Path) -> None:
    assert run("import", session_file, "--format", "json", "--db", db) == (0, "1\n", "")
    assert run("import", session_file, "--format", "json", "--db", db) == (0, "2\n", "")
    assert _count(db) == 2


def test_import_creates_a_missing_library_and_its_folder(run: Run, db: Path, session_file: Path) -> None:
    assert not db.parent.exists()
    code, out, _ = run("import", session_file, "--format", "json", "--db", db)
    assert (code, out) == (0, "1\n")
    assert db.is_file()


def test_import_tells_of_unknown_keys_on_stderr_and_still_imports(run: Run, db: Path, tmp_path: Path) -> None:
    path = tmp_path / "extra.json"
    path.write_text(
        json.dumps({"format": "takeaways-session", "version": 1, "title": "x", "colour": "blue"}),
        encoding="utf-8",
    )
    code, out, err = run("import", path, "--format", "json", "--db", db)
    assert (code, out) == (0, "1\n")
    assert err == f"{path}: ignored the unknown key 'colour' in the session.\n"


def test_import_reads_a_file_with_a_byte_order_mark(run: Run, db: Path, tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + dumps(Session(title="From Windows")).encode())
    assert run("import", path, "--format", "json", "--db", db) == (0, "1\n", "")


# -- export ------------------------------------------------------------------


def test_export_to_stdout_prints_the_sessions_json(run: Run, populated: Path) -> None:
    code, out, err = run("export", "1", "--format", "json", "-o", "-", "--db", populated)
    assert (code, err) == (0, "")
    assert json.loads(out) == session_to_dict(full_session())
    assert out.endswith("}\n")


def test_export_writes_to_stdout_without_o(run: Run, populated: Path) -> None:
    code, out, _ = run("export", "1", "--format", "json", "--db", populated)
    assert code == 0 and json.loads(out)["title"] == full_session().title


def test_export_by_reference(run: Run, populated: Path) -> None:
    code, out, _ = run("export", "#1421", "--format", "json", "--db", populated)
    assert code == 0 and json.loads(out)["reference"] == "#1421"


def test_export_replaces_an_existing_file(run: Run, populated: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "out" / "session.json"
    out_file.parent.mkdir()
    out_file.write_text("an older export, much longer than the new one " * 500, encoding="utf-8")

    assert run("export", "2", "--format", "json", "-o", out_file, "--db", populated) == (0, "", "")

    assert json.loads(out_file.read_text(encoding="utf-8"))["title"] == "Queue backlog"
    assert [p.name for p in out_file.parent.iterdir()] == ["session.json"]  # no temporary left


def test_export_then_import_gives_the_same_session(
    run: Run, db: Path, session_file: Path, tmp_path: Path
) -> None:
    run("import", session_file, "--format", "json", "--db", db)
    exported = tmp_path / "exported.json"
    assert run("export", "1", "--format", "json", "-o", exported, "--db", db)[0] == 0
    assert run("import", exported, "--format", "json", "--db", db) == (0, "2\n", "")

    with open_library(db) as library:
        first, second = library.sessions.get(1), library.sessions.get(2)
    assert session_to_dict(second) == session_to_dict(first)
    second.id = first.id
    assert second == first


# -- list --------------------------------------------------------------------


def test_list_prints_six_tab_separated_fields_newest_first(run: Run, populated: Path) -> None:
    with open_library(populated) as library:
        library.sessions.update_fields(4, title="Tabs\tand\nnew\r\nlines")
    code, out, err = run("list", "--db", populated)

    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "2\tPM-7\tQueue backlog\t\tdraft\t2026-03-05",
        "1\t#1421\tAuth service outage after config push\tSev-1\tin-review\t2026-03-02",
        "3\tPM-7\tDisk full\t\tdraft\t2026-03-01",
        "4\t\tTabs and new lines\t\tdraft\t",
    ]
    assert all(len(line.split("\t")) == 6 for line in out.splitlines())


def test_list_of_an_empty_library_prints_nothing(run: Run, db: Path) -> None:
    open_library(db, create=True).close()
    assert run("list", "--db", db) == (0, "", "")


def test_db_may_come_before_or_after_the_command(run: Run, populated: Path) -> None:
    after = run("list", "--db", populated)
    before = run("--db", populated, "list")
    assert after == before
    assert after[0] == 0 and len(after[1].splitlines()) == 4


def test_list_refuses_a_missing_library_and_creates_nothing(run: Run, db: Path, tmp_path: Path) -> None:
    code, out, err = run("list", "--db", db)
    assert (code, out) == (2, "")
    _assert_one_sentence(err)
    assert str(db) in err
    assert not db.parent.exists()
    assert list(tmp_path.iterdir()) == []


def test_list_refuses_a_damaged_library_and_leaves_it_alone(run: Run, populated: Path) -> None:
    data = populated.read_bytes()
    populated.write_bytes(data[: len(data) // 2 + 10])
    before = _tree(populated.parent)
    code, out, err = run("list", "--db", populated)
    assert (code, out) == (2, "")
    _assert_one_sentence(err)
    assert "cut short" in err
    assert _tree(populated.parent) == before


# -- mistakes ----------------------------------------------------------------


def _bad_json(tmp: Path) -> Path:
    path = tmp / "bad.json"
    path.write_text('{"format": "takeaways-session", "version": 1, "title": }', encoding="utf-8")
    return path


def _latin1(tmp: Path) -> Path:
    path = tmp / "latin1.json"
    path.write_bytes('{"format": "takeaways-session", "version": 1, "title": "Café"}'.encode("latin-1"))
    return path


def _bad_enum(tmp: Path) -> Path:
    path = tmp / "enum.json"
    path.write_text(
        json.dumps({"format": "takeaways-session", "version": 1, "title": "x", "status": "final"}),
        encoding="utf-8",
    )
    return path


def _a_folder(tmp: Path) -> Path:
    path = tmp / "a-folder"
    path.mkdir()
    return path


MISTAKES: list[tuple[str, Callable[[Path], list[str | Path]], str]] = [
    ("unknown command", lambda t: ["frobnicate"], "'frobnicate' is not one of the choices"),
    ("missing FILE", lambda t: ["import", "--format", "json"], "needs FILE"),
    ("missing ID", lambda t: ["export", "--format", "json"], "needs ID"),
    ("unknown option", lambda t: ["list", "--frobnicate"], "'--frobnicate' is not something"),
    ("--db without a value", lambda t: ["list", "--db"], "--db needs a value"),
    (
        "bad --format value",
        lambda t: ["import", _bad_json(t), "--format", "xml"],
        "'xml' is not one of the choices",
    ),
    ("bad JSON", lambda t: ["import", _bad_json(t), "--format", "json"], "is not valid JSON"),
    ("non-UTF-8 file", lambda t: ["import", _latin1(t), "--format", "json"], "is not UTF-8"),
    ("invalid session", lambda t: ["import", _bad_enum(t), "--format", "json"], "field 'status' is 'final'"),
    ("missing import file", lambda t: ["import", t / "nope.json", "--format", "json"], "There is no file"),
    ("import of a folder", lambda t: ["import", _a_folder(t), "--format", "json"], "is a folder"),
    (
        "unknown id",
        lambda t: ["export", "999", "--format", "json"],
        "No session has the id or reference '999'",
    ),
    ("ambiguous reference", lambda t: ["export", "PM-7", "--format", "json"], "2 sessions share"),
    ("unicode digit id", lambda t: ["export", "²", "--format", "json"], "No session has"),
    ("huge id", lambda t: ["export", "9" * 30, "--format", "json"], "No session has"),
    (
        "export into a missing folder",
        lambda t: ["export", "1", "--format", "json", "-o", t / "nowhere" / "x.json"],
        "does not exist",
    ),
    (
        "export onto a folder",
        lambda t: ["export", "1", "--format", "json", "-o", _a_folder(t)],
        "is a folder",
    ),
]


@pytest.mark.parametrize(("argv", "phrase"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_a_mistake_is_one_sentence_exit_2_and_changes_nothing(
    run: Run,
    populated: Path,
    tmp_path: Path,
    argv: Callable[[Path], list[str | Path]],
    phrase: str,
) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    arguments = [*argv(inputs), "--db", populated]
    before = _tree(tmp_path)

    code, out, err = run(*arguments)

    assert (code, out) == (2, "")
    _assert_one_sentence(err)
    assert phrase in err
    assert _tree(tmp_path) == before
    assert _count(populated) == 4


def test_a_refused_import_into_a_missing_library_creates_nothing(run: Run, db: Path, tmp_path: Path) -> None:
    bad = _bad_json(tmp_path)
    code, out, err = run("import", bad, "--format", "json", "--db", db)
    assert (code, out) == (2, "")
    _assert_one_sentence(err)
    assert not db.parent.exists()


def test_a_refused_import_leaves_a_damaged_library_alone(
    run: Run, populated: Path, session_file: Path
) -> None:
    data = bytearray(populated.read_bytes())
    data[16:18] = b"\x03\x00"
    populated.write_bytes(bytes(data))
    before = _tree(populated.parent)
    code, out, err = run("import", session_file, "--format", "json", "--db", populated)
    assert (code, out) == (2, "")
    _assert_one_sentence(err)
    assert str(populated) in err
    assert _tree(populated.parent) == before


# -- the real program ----------------------------------------------------------


def test_the_program_run_as_a_process_reports_exit_codes_and_one_line(db: Path, session_file: Path) -> None:
    def takeaways(*argv: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", *map(str, argv)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    missing = takeaways("list", "--db", db)
    assert (missing.returncode, missing.stdout) == (2, "")
    _assert_one_sentence(missing.stderr)
    assert "There is no library" in missing.stderr
    assert not db.parent.exists()

    imported = takeaways("import", session_file, "--format", "json", "--db", db)
    assert (imported.returncode, imported.stdout, imported.stderr) == (0, "1\n", "")
    listed = takeaways("--db", db, "list")
    assert listed.returncode == 0 and listed.stderr == ""
    assert listed.stdout.split("\t")[:2] == ["1", "#1421"]
