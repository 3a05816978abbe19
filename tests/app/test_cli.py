"""The command line: what each command prints, and that every mistake is one sentence, exit 2, no change."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app import cli
from facilitation.coach import default_coach
from facilitation.interchange import dumps, session_to_dict
from facilitation.lint import LintFinding, lint_text
from facilitation.model import KeyLearning, Session
from storage.library import Library, open_library
from tests.app.cli_runner import Run
from tests.factories import full_session

ROOT = Path(__file__).resolve().parents[2]


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


def _folder_named(tmp: Path, name: str) -> Path:
    path = tmp / name
    path.mkdir()
    return path


MISTAKES: list[tuple[str, Callable[[Path], list[str | Path]], str]] = [
    ("unknown command", lambda t: ["frobnicate"], "'frobnicate' is not one of the choices"),
    ("missing FILE", lambda t: ["import", "--format", "json"], "needs FILE"),
    ("missing ID", lambda t: ["export", "--format", "json"], "needs ID"),
    ("unknown option", lambda t: ["list", "--frobnicate"], "'--frobnicate' is not something"),
    ("--db without a value", lambda t: ["list", "--db"], "--db needs a value"),
    ("--db empty", lambda t: ["list", "--db", ""], "--db needs the name of a library file"),
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
    (
        "pdf to stdout",
        lambda t: ["export", "1", "--format", "pdf", "-o", "-"],
        "A PDF is not written to standard",
    ),
    ("pdf without -o", lambda t: ["export", "1", "--format", "pdf"], "A PDF is not written to standard"),
    (
        "pre-read as json",
        lambda t: ["export", "1", "--format", "json", "--pre-read"],
        "A pre-read is written as",
    ),
    (
        "unknown audience",
        lambda t: ["export", "1", "--format", "md", "--audience", "all"],
        "'all' is not one of",
    ),
    ("empty -o", lambda t: ["export", "1", "--format", "md", "-o", ""], "-o needs the name of a file"),
    (
        "pdf onto a folder",
        lambda t: ["export", "1", "--format", "pdf", "-o", _a_folder(t)],
        "is a folder",
    ),
    (
        "pdf into a missing folder",
        lambda t: ["export", "1", "--format", "pdf", "-o", t / "nowhere" / "x.pdf"],
        "does not exist",
    ),
    (
        "pdf under a file",
        lambda t: ["export", "1", "--format", "pdf", "-o", _bad_json(t) / "x.pdf"],
        "is a file, not a folder",
    ),
    (
        "pdf of an unknown id",
        lambda t: ["export", "999", "--format", "pdf", "-o", t / "x.pdf"],
        "No session has the id or reference '999'",
    ),
    ("digest without -o", lambda t: ["digest", "--since", "2026-03-01", "--until", "2026-03-31"], "needs -o"),
    (
        "digest without --since",
        lambda t: ["digest", "--until", "2026-03-31", "-o", t / "d.md"],
        "needs --since",
    ),
    (
        "digest with a day not written YYYY-MM-DD",
        lambda t: ["digest", "--since", "1 March", "--until", "2026-03-31", "-o", t / "d.md"],
        "Days are written YYYY-MM-DD, such as 2026-03-01, and '1 March' is not",
    ),
    (
        "digest with a compact ISO day",
        lambda t: ["digest", "--since", "2026-03-01", "--until", "20260331", "-o", t / "d.md"],
        "'20260331' is not written so",
    ),
    (
        "digest with a day not in the calendar",
        lambda t: ["digest", "--since", "2026-02-30", "--until", "2026-03-31", "-o", t / "d.md"],
        "There is no day 2026-02-30 in the calendar",
    ),
    (
        "digest ending before it starts",
        lambda t: ["digest", "--since", "2026-03-31", "--until", "2026-03-01", "-o", t / "d.pdf"],
        "--until 2026-03-01 is before --since 2026-03-31",
    ),
    (
        "digest to neither pdf nor md",
        lambda t: ["digest", "--since", "2026-03-01", "--until", "2026-03-31", "-o", t / "digest.txt"],
        "ends in .pdf or .md",
    ),
    (
        "digest without a suffix",
        lambda t: ["digest", "--since", "2026-03-01", "--until", "2026-03-31", "-o", t / "digest"],
        "ends in .pdf or .md",
    ),
    (
        "digest onto a folder",
        lambda t: [
            "digest",
            "--since",
            "2026-03-01",
            "--until",
            "2026-03-31",
            "-o",
            _folder_named(t, "d.pdf"),
        ],
        "is a folder",
    ),
    (
        "digest into a missing folder",
        lambda t: ["digest", "--since", "2026-03-01", "--until", "2026-03-31", "-o", t / "nowhere" / "d.md"],
        "does not exist",
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


# -- export file modes, odd characters, and problems nobody foresaw ---------------


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o664], ids=oct)
def test_export_over_a_file_keeps_that_files_mode(
    run: Run, populated: Path, tmp_path: Path, mode: int
) -> None:
    out_file = tmp_path / "session.json"
    out_file.write_text("old", encoding="utf-8")
    out_file.chmod(mode)
    assert run("export", "1", "--format", "json", "-o", out_file, "--db", populated)[0] == 0
    assert stat.S_IMODE(out_file.stat().st_mode) == mode


def test_a_new_export_file_gets_the_mode_the_umask_allows(
    run: Run, populated: Path, tmp_path: Path, umask_022: None
) -> None:
    out_file = tmp_path / "new.json"
    assert run("export", "1", "--format", "json", "-o", out_file, "--db", populated)[0] == 0
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o644


def test_a_strict_umask_keeps_a_new_export_private(run: Run, populated: Path, tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        out_file = tmp_path / "new.md"
        assert run("export", "1", "--format", "md", "-o", out_file, "--db", populated)[0] == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600


def test_list_turns_every_line_breaking_character_into_a_space(run: Run, populated: Path) -> None:
    breaks = "\u2028\u2029\u0085\v\f\x1c\x1d\x1e\r\n\t"
    with open_library(populated) as library:
        library.sessions.update_fields(4, title="a" + "b".join(breaks) + "c", reference="x\u2028\u2029y")
    code, out, _ = run("list", "--db", populated)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 4
    assert lines[-1].split("\t") == ["4", "x y", "a" + "b".join(" " for _ in breaks) + "c", "", "draft", ""]


def _takeaways(*argv: str | Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, argv)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=60,
        check=False,
        env={**os.environ, **env},
    )


def test_an_ascii_only_stdout_gets_a_readable_list_and_a_plain_sentence_for_json(populated: Path) -> None:
    listed = _takeaways("list", "--db", populated, PYTHONIOENCODING="ascii")
    assert (listed.returncode, listed.stderr) == (0, "")
    assert "1\t#1421\tAuth service outage after config push" in listed.stdout
    assert len(listed.stdout.splitlines()) == 4

    exported = _takeaways("export", "1", "--format", "json", "--db", populated, PYTHONIOENCODING="ascii")
    assert exported.returncode == 2
    _assert_one_sentence(exported.stderr)
    assert "encoding (ascii)" in exported.stderr and "-o" in exported.stderr


def test_a_title_the_terminal_cannot_show_is_listed_with_question_marks(populated: Path) -> None:
    with open_library(populated) as library:
        library.sessions.update_fields(4, title="Ирина's 🔥 day")
    listed = _takeaways("list", "--db", populated, PYTHONIOENCODING="ascii")
    assert (listed.returncode, listed.stderr) == (0, "")
    assert "4\t\t?????'s ? day\t\tdraft\t" in listed.stdout.splitlines()


@pytest.mark.parametrize(
    ("raised", "phrase"),
    [
        (RuntimeError("something odd"), "a problem it does not know how to handle (RuntimeError)"),
        (KeyError("x"), "a problem it does not know how to handle (KeyError)"),
        (
            PermissionError(13, "Permission denied", "/srv/shared/notes"),
            "/srv/shared/notes (Permission denied)",
        ),
        (UnicodeEncodeError("ascii", "é", 0, 1, "no"), "encoding (ascii)"),
    ],
    ids=["runtime", "key", "os", "encoding"],
)
def test_anything_unforeseen_is_still_one_sentence_and_exit_2(
    run: Run, populated: Path, monkeypatch: pytest.MonkeyPatch, raised: Exception, phrase: str
) -> None:
    def fail(*args: object) -> int:
        raise raised

    monkeypatch.setattr("app.cli.run_list", fail)
    code, out, err = run("list", "--db", populated)
    assert (code, out) == (2, "")
    _assert_one_sentence(err)
    assert phrase in err


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch, db: Path) -> None:
    """The library at ``db`` behaves as a read-only file (tests run as root, so chmod cannot)."""
    real_open, real_access = cli.open_library, os.access

    def open_read_only(path: Path, create: bool = False) -> Library:
        library = real_open(path, create=create)
        library.handle.conn.execute("PRAGMA query_only = ON")
        return library

    def access(path: str | Path, mode: int) -> bool:
        return False if Path(path) == db and mode == os.W_OK else real_access(path, mode)

    monkeypatch.setattr("app.cli.open_library", open_read_only)
    monkeypatch.setattr("os.access", access)


def test_a_read_only_library_says_so_instead_of_restore_a_backup(
    run: Run, populated: Path, session_file: Path, read_only: None
) -> None:
    code, out, err = run("import", session_file, "--format", "json", "--db", populated)
    assert (code, out) == (2, "")
    _assert_one_sentence(err)
    assert err.startswith(f"Takeaways cannot write to {populated} (it is read-only);")
    assert "backup" not in err
    assert _count(populated) == 4


def test_a_damaged_page_found_while_reading_still_points_to_the_backups(
    run: Run, populated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def damaged(*args: object) -> int:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr("app.cli.run_list", damaged)
    code, _, err = run("list", "--db", populated)
    assert code == 2
    _assert_one_sentence(err)
    assert "database disk image is malformed" in err and "backups folder" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "no\nsuch\u2028session" + "x" * 100, "--format", "json"],
        ["frob\nnicate"],
        ["list", "--frob\nnicate"],
    ],
    ids=["unknown reference", "unknown command", "unknown option"],
)
def test_what_was_typed_is_repeated_short_and_on_one_line(run: Run, populated: Path, argv: list[str]) -> None:
    code, out, err = run(*argv, "--db", populated)
    assert (code, out) == (2, "")
    _assert_one_sentence(err)
    assert "\\n" in err or "\\u2028" in err


def test_a_follow_up_travels_by_reference(run: Run, db: Path, tmp_path: Path) -> None:
    from facilitation.model import follow_up_of

    with open_library(db, create=True) as library:
        first_id = library.sessions.create(full_session())
        follow_id = library.sessions.create(follow_up_of(library.sessions.get(first_id), "policy"))
    out_file = tmp_path / "follow-up.json"
    assert run("export", str(follow_id), "--format", "json", "-o", out_file, "--db", db)[0] == 0
    assert json.loads(out_file.read_text(encoding="utf-8"))["follows"] == "#1421"

    code, out, err = run("import", out_file, "--format", "json", "--db", db)
    assert code == 0
    with open_library(db) as library:
        assert library.sessions.get(int(out)).follows == first_id

    elsewhere = tmp_path / "other" / "library.sqlite"
    code, out, err = run("import", out_file, "--format", "json", "--db", elsewhere)
    assert code == 0
    assert "imported without that link" in err
    with open_library(elsewhere) as library:
        assert library.sessions.get(int(out)).follows is None


# -- export as PDF and Markdown, for an audience -----------------------------------------------------


def _pdf_text(path: Path) -> str:
    import pypdf

    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages).split())


def test_export_markdown_to_stdout_leads_with_the_learnings(run: Run, populated: Path) -> None:
    code, out, err = run("export", "#1421", "--format", "md", "--db", populated)
    assert (code, err) == (0, "")
    assert out.splitlines()[:5] == [
        "# \\#1421 · Auth service outage after config push · Sev-1 · 2026-03-02",
        "",
        "## What we learned",
        "",
        "1. A config push reaches every region at once, with no canary.",
    ]


def test_export_markdown_to_a_file_replaces_it_whole(run: Run, populated: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "postmortem.md"
    out_file.write_text("an older export " * 1000, encoding="utf-8")
    assert run("export", "1", "--format", "md", "-o", out_file, "--db", populated) == (0, "", "")
    assert out_file.read_text(encoding="utf-8").startswith("# \\#1421 · Auth service outage")
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == ["postmortem.md"]


def test_export_pdf_writes_a_pdf_with_the_learnings_on_page_one(
    run: Run, populated: Path, tmp_path: Path
) -> None:
    import pypdf

    out_file = tmp_path / "postmortem.pdf"
    assert run("export", "1", "--format", "pdf", "-o", out_file, "--db", populated) == (0, "", "")
    reader = pypdf.PdfReader(out_file)
    first_page = " ".join(reader.pages[0].extract_text().split())
    assert "A config push reaches every region at once, with no canary." in first_page
    assert reader.metadata is not None and reader.metadata.author == "Ana Sørensen"


@pytest.mark.parametrize("output_format", ["md", "pdf"])
def test_export_pre_read_has_the_agenda_and_no_learnings(
    run: Run, populated: Path, tmp_path: Path, output_format: str
) -> None:
    out_file = tmp_path / f"pre-read.{output_format}"
    assert (
        run("export", "1", "--format", output_format, "--pre-read", "-o", out_file, "--db", populated)[0] == 0
    )
    text = out_file.read_text(encoding="utf-8") if output_format == "md" else _pdf_text(out_file)
    assert "Agenda" in text and "Config pushed to all regions" in text
    assert "A config push reaches every region at once" not in text
    if output_format == "md":  # the Markdown pre-read leaves private entries out for any audience
        assert "Someone mentioned a similar outage" not in text


def _with_masked_terms(db: Path, terms: list[str]) -> None:
    with open_library(db) as library:
        library.settings.save(replace(library.settings.load(), masked_terms=terms))


@pytest.mark.parametrize("output_format", ["md", "json", "pdf"])
def test_a_public_export_names_roles_and_masks_the_organisations_terms(
    run: Run, populated: Path, tmp_path: Path, output_format: str
) -> None:
    _with_masked_terms(populated, ["Auth Service"])
    out_file = tmp_path / f"public.{output_format}"
    code, _, err = run(
        "export", "1", "--format", output_format, "--audience", "public", "-o", out_file, "--db", populated
    )
    assert (code, err) == (0, "")
    text = _pdf_text(out_file) if output_format == "pdf" else out_file.read_text(encoding="utf-8")
    if output_format == "md":
        text = text.replace("\\", "")  # as Markdown shows it, without the escapes
    for private in (
        "Ana Sørensen",
        "Βασίλης",
        "Ирина",
        "Irina was quiet",
        "Add a lint for host names",
        "Auth Service",
    ):
        assert private not in text, private
    assert "on-call engineer" in text and "[masked]" in text
    if output_format == "pdf":
        import pypdf

        metadata = pypdf.PdfReader(out_file).metadata
        assert metadata is not None and metadata.author in ("", None)


def test_the_command_line_offers_every_audience_there_is() -> None:
    from facilitation.audience import AUDIENCES

    assert cli.AUDIENCES == AUDIENCES


def test_an_internal_export_keeps_everything(run: Run, populated: Path) -> None:
    _with_masked_terms(populated, ["Auth Service"])
    code, out, _ = run("export", "1", "--format", "md", "--audience", "internal", "--db", populated)
    assert code == 0
    assert "Irina was quiet" in out and "Auth Service" in out and "Βασίλης" in out


def test_a_public_json_export_is_the_prepared_sessions_interchange(run: Run, populated: Path) -> None:
    from facilitation.audience import prepare

    code, out, _ = run("export", "1", "--format", "json", "--audience", "public", "--db", populated)
    assert code == 0
    with open_library(populated) as library:
        session = library.sessions.get(1)
        terms = library.settings.load().masked_terms
    assert json.loads(out) == session_to_dict(prepare(session, "public", terms).session)


def test_a_pdf_that_cannot_be_written_leaves_the_old_file_and_no_temporary(
    run: Run, populated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out_file = tmp_path / "postmortem.pdf"
    out_file.write_bytes(b"the old postmortem")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", disk_full)
    code, out, err = run("export", "1", "--format", "pdf", "-o", out_file, "--db", populated)
    assert (code, out) == (2, "")
    _assert_one_sentence(err)
    assert err == f"{out_file} could not be written (No space left on device); nothing was changed there.\n"
    assert out_file.read_bytes() == b"the old postmortem"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "postmortem.pdf"]


@pytest.mark.skipif(
    not Path("/sys/kernel").is_dir(), reason="needs Linux's /sys, where nobody may create files"
)
@pytest.mark.parametrize(
    "argv",
    [
        ["export", "1", "--format", "pdf", "-o", "/sys/kernel/takeaways.pdf"],
        ["export", "1", "--format", "md", "-o", "/sys/kernel/takeaways.md"],
        ["digest", "--since", "2026-03-01", "--until", "2026-03-31", "-o", "/sys/kernel/takeaways.pdf"],
    ],
    ids=["pdf", "md", "digest"],
)
def test_an_unwritable_place_is_one_sentence(run: Run, populated: Path, argv: list[str]) -> None:
    code, out, err = run(*argv, "--db", populated)
    assert (code, out) == (2, "")
    _assert_one_sentence(err)
    assert err.startswith(
        "/sys/kernel/takeaways."
    )  # "could not be written (…)", or "read-only" when not root
    assert not Path(argv[-1]).exists()


def test_a_read_only_folder_is_refused_before_any_work(
    run: Run, populated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _a_folder(tmp_path)
    real_access = os.access
    monkeypatch.setattr("os.access", lambda p, mode: False if Path(p) == folder else real_access(p, mode))
    code, out, err = run("export", "1", "--format", "md", "-o", folder / "x.md", "--db", populated)
    assert (code, out) == (2, "")
    assert err == f"{folder / 'x.md'} cannot be written: its folder is read-only for you; " + (
        "choose another place with -o.\n"
    )
    assert list(folder.iterdir()) == []


# -- digest --------------------------------------------------------------------------------------------


@pytest.fixture
def months(db: Path) -> Path:
    """A library with incidents either side of March 2026's edges, told in their own zones."""
    new_york = ZoneInfo("America/New_York")
    berlin = ZoneInfo("Europe/Berlin")

    def incident(title: str, started: datetime, zone: str, learning: str) -> Session:
        return Session(
            title=title,
            time_zone=zone,
            started_at=started,
            severity="Sev-2",
            tags=["edge"],
            key_learnings=[KeyLearning(text=learning)],
        )

    with open_library(db, create=True) as library:
        for session in (
            incident(
                "Late in New York", datetime(2026, 3, 31, 23, 30, tzinfo=new_york), "America/New_York", "NY."
            ),
            incident(
                "Early in Berlin", datetime(2026, 4, 1, 0, 30, tzinfo=berlin), "Europe/Berlin", "Berlin."
            ),
            incident("February", datetime(2026, 2, 28, 23, 59, tzinfo=berlin), "Europe/Berlin", "Feb."),
            incident("First of March", datetime(2026, 3, 1, 0, 0, tzinfo=berlin), "Europe/Berlin", "First."),
        ):
            library.sessions.create(session)
        library.sessions.create(Session(title="Not started"))
    return db


def test_started_between_uses_the_day_in_the_incidents_own_zone(months: Path) -> None:
    with open_library(months) as library:
        titles = [library.sessions.get(i).title for i in library.sessions.started_between(*MARCH)]
        april = library.sessions.started_between(date(2026, 4, 1), date(2026, 4, 1))
        everything = library.sessions.started_between(date(1, 1, 1), date(9999, 12, 31))
    assert titles == ["First of March", "Late in New York"]
    assert [library_title for library_title in april] == [2]
    assert everything == [3, 4, 1, 2]  # oldest first; the session without a start is in no range


MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def test_digest_markdown_holds_only_the_incidents_in_the_range(
    run: Run, months: Path, tmp_path: Path
) -> None:
    out_file = tmp_path / "march.md"
    code, out, err = run(
        "digest", "--since", "2026-03-01", "--until", "2026-03-31", "-o", out_file, "--db", months
    )
    assert (code, out, err) == (0, "", "")
    text = out_file.read_text(encoding="utf-8")
    assert text.startswith("# Learning digest, March 2026\n")
    assert "2 incidents that started" in text
    assert "### First of March" in text and "### Late in New York" in text
    assert "February" not in text and "Early in Berlin" not in text and "Not started" not in text
    assert "| Sev-2 | 2 |" in text and "| edge | 2 |" in text


def test_digest_markdown_may_go_to_standard_output(run: Run, months: Path) -> None:
    code, out, err = run(
        "digest", "--since", "2026-04-01", "--until", "2026-04-30", "-o", "-", "--db", months
    )
    assert (code, err) == (0, "")
    assert "### Early in Berlin · Sev-2 · 2026-04-01" in out and "Late in New York" not in out


def test_digest_pdf_holds_the_learnings_of_the_range(run: Run, months: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "march.PDF"  # the suffix is read in any case
    assert run(
        "digest", "--since", "2026-03-01", "--until", "2026-03-31", "-o", out_file, "--db", months
    ) == (
        0,
        "",
        "",
    )
    text = _pdf_text(out_file)
    assert text.startswith("LEARNING DIGEST Learning digest, March 2026 2 incidents that started")
    assert "Late in New York · Sev-2 · 2026-03-31 1. NY." in text
    assert "First of March · Sev-2 · 2026-03-01 1. First." in text
    assert "Berlin." not in text and "Feb." not in text


def test_a_digest_may_span_the_whole_calendar(run: Run, months: Path) -> None:
    code, out, err = run(
        "digest", "--since", "0001-01-01", "--until", "9999-12-31", "-o", "-", "--db", months
    )
    assert (code, err) == (0, "")
    assert out.startswith("# Learning digest, 0001-01-01 to 9999-12-31\n\n4 incidents that started")


def test_a_digest_of_an_empty_range_is_written_and_says_so(run: Run, months: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "quiet.md"
    assert (
        run("digest", "--since", "2025-01-01", "--until", "2025-01-31", "-o", out_file, "--db", months)[0]
        == 0
    )
    assert "No incident started in this range." in out_file.read_text(encoding="utf-8")


def test_a_digest_refuses_a_missing_library_and_creates_nothing(run: Run, db: Path, tmp_path: Path) -> None:
    code, out, err = run(
        "digest", "--since", "2026-03-01", "--until", "2026-03-31", "-o", tmp_path / "d.md", "--db", db
    )
    assert (code, out) == (2, "")
    _assert_one_sentence(err)
    assert list(tmp_path.iterdir()) == []


# -- lint --------------------------------------------------------------------------------------------

COUNTERFACTUAL = "We should have rolled back sooner."
DEFENSIVE = "Why did you restart the database?"
HINDSIGHT = "It was obviously a bad deploy."
QUIET = "We will add a timeout to the payments client."


@pytest.fixture
def lint_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user folder of the test's own: no default library, no config files (yet)."""
    home = tmp_path / "home"
    monkeypatch.setattr("app.cli.default_library", lambda: home / "data" / "library.sqlite")
    monkeypatch.setattr("app.cli.config_folder", lambda: home / "config")
    return home


@pytest.fixture
def postmortem(tmp_path: Path) -> Path:
    path = tmp_path / "postmortem.md"
    path.write_text(
        f"# Checkout timeouts\n\n{QUIET} We should\nhave rolled back sooner.\n\n"
        f"- `{DEFENSIVE}`\n- {DEFENSIVE}\n",
        encoding="utf-8",
    )
    return path


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def _findings(text: str, glossary: tuple[str, ...] = (), learnings: bool = False) -> list[LintFinding]:
    return lint_text(text, default_coach(glossary), learnings=learnings)


def _text_line(f: LintFinding) -> str:
    tail = f" — try: {f.suggestion}" if f.suggestion is not None else ""
    return f"{f.line}:{f.col}: {f.rule}: {f.message}{tail}"


def test_lint_prints_one_finding_a_line_and_exits_1(run: Run, postmortem: Path, lint_home: Path) -> None:
    expected = _findings(postmortem.read_text(encoding="utf-8"))
    assert [(f.line, f.rule) for f in expected] == [(3, "counterfactual"), (7, "defensive-question")]
    code, out, err = run("lint", postmortem)
    assert (code, err) == (1, "")
    assert out.splitlines() == [_text_line(f) for f in expected]
    first, second = out.splitlines()
    assert first.startswith(f"3:{expected[0].col}: counterfactual: ") and " — try: " in first
    assert second.startswith("7:3: defensive-question: ")  # the item's marker is not counted out


def test_lint_as_json_gives_every_field_in_order(run: Run, postmortem: Path, lint_home: Path) -> None:
    code, out, err = run("lint", postmortem, "--format", "json")
    assert (code, err) == (1, "")
    records = json.loads(out)
    assert records == [
        {
            "line": f.line,
            "col": f.col,
            "end_col": f.end_col,
            "rule": f.rule,
            "message": f.message,
            "suggestion": f.suggestion,
        }
        for f in _findings(postmortem.read_text(encoding="utf-8"))
    ]
    assert all(list(r) == ["line", "col", "end_col", "rule", "message", "suggestion"] for r in records)
    assert json.dumps(records, ensure_ascii=False, indent=2) + "\n" == out


def test_lint_text_without_a_suggestion_has_no_try(
    run: Run, tmp_path: Path, lint_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitation import coach

    path = tmp_path / "note.txt"
    path.write_text(f"{HINDSIGHT}\n", encoding="utf-8")
    real_check = coach.Coach.check

    def without_suggestions(self: coach.Coach, text: str, *, learnings: bool = False) -> list[coach.Note]:
        return [replace(n, suggestion=None) for n in real_check(self, text, learnings=learnings)]

    monkeypatch.setattr(coach.Coach, "check", without_suggestions)
    code, out, _ = run("lint", path)
    [note] = default_coach().check(HINDSIGHT)
    assert (code, out) == (1, f"1:{note.start + 1}: hindsight: {note.message}\n")
    code, out, _ = run("lint", path, "--format", "json")
    assert json.loads(out)[0]["suggestion"] is None and '"suggestion": null' in out


def test_lint_of_quiet_text_prints_nothing_and_exits_0(run: Run, tmp_path: Path, lint_home: Path) -> None:
    path = tmp_path / "quiet.md"
    path.write_text(f"# Timeouts\n\n{QUIET}\n\n```\n{DEFENSIVE}\n```\n", encoding="utf-8")
    assert run("lint", path) == (0, "", "")
    assert run("lint", path, "--format", "json") == (0, "[]\n", "")
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    assert run("lint", empty) == (0, "", "")


def test_lint_reads_standard_input(run: Run, lint_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, f"{QUIET}\n{HINDSIGHT}\n".encode())
    code, out, err = run("lint", "-", "--format", "json")
    assert (code, err) == (1, "")
    assert [(r["line"], r["rule"]) for r in json.loads(out)] == [(2, "hindsight")]
    _stdin(monkeypatch, b"\xef\xbb\xbf" + QUIET.encode())
    assert run("lint", "-") == (0, "", "")


def test_lint_learnings_adds_the_key_learning_checks(run: Run, tmp_path: Path, lint_home: Path) -> None:
    path = tmp_path / "learning.md"
    path.write_text("The BFG timed out on Zephyr.\n", encoding="utf-8")
    assert run("lint", path) == (0, "", "")
    code, out, _ = run("lint", path, "--learnings", "--format", "json")
    assert code == 1
    assert {r["rule"] for r in json.loads(out)} == {"unexplained-term"}


def _library_with_glossary(path: Path, glossary: dict[str, str]) -> None:
    with open_library(path, create=True) as library:
        settings = library.settings.load()
        settings.glossary = glossary
        library.settings.save(settings)


def test_lint_passes_the_terms_in_the_librarys_glossary(
    run: Run, db: Path, tmp_path: Path, lint_home: Path
) -> None:
    _library_with_glossary(db, {"BFG": "the batch file gateway", "Zephyr": "our scheduler"})
    path = tmp_path / "learning.md"
    path.write_text("The BFG timed out on Zephyr.\n", encoding="utf-8")
    assert run("lint", path, "--learnings", "--db", db) == (0, "", "")
    assert run("--db", db, "lint", path, "--learnings") == (0, "", "")
    assert run("lint", path, "--learnings")[0] == 1  # no --db, no default library: no glossary


def test_lint_without_db_uses_the_default_library_when_there_is_one(
    run: Run, tmp_path: Path, lint_home: Path
) -> None:
    path = tmp_path / "learning.md"
    path.write_text("The BFG timed out.\n", encoding="utf-8")
    assert run("lint", path, "--learnings")[0] == 1
    assert not (lint_home / "data").exists()  # looking for it created nothing
    _library_with_glossary(lint_home / "data" / "library.sqlite", {"BFG": "the batch file gateway"})
    assert run("lint", path, "--learnings") == (0, "", "")


def test_lint_refuses_a_missing_db_and_creates_nothing(
    run: Run, db: Path, tmp_path: Path, postmortem: Path, lint_home: Path
) -> None:
    before = _tree(tmp_path)
    code, out, err = run("lint", postmortem, "--db", db)
    assert (code, out) == (2, "")
    _assert_one_sentence(err)
    assert err.startswith(f"There is no library at {db}")
    assert _tree(tmp_path) == before


def test_lint_prints_the_notice_of_a_broken_word_list_and_still_lints(
    run: Run, postmortem: Path, lint_home: Path
) -> None:
    (lint_home / "config").mkdir(parents=True)
    broken = lint_home / "config" / "coach.toml"
    broken.write_text("[words\n", encoding="utf-8")
    code, out, err = run("lint", postmortem)
    assert code == 1
    assert len(out.splitlines()) == 2
    assert err.startswith(f"The coach words in {broken} were not loaded:")
    assert len(err.splitlines()) == 1


def _lint_latin1(tmp: Path) -> Path:
    path = tmp / "latin1.md"
    path.write_bytes(f"Caf\xe9. {HINDSIGHT}\n".encode("latin-1"))
    return path


def _lint_binary(tmp: Path) -> Path:
    path = tmp / "image.md"
    path.write_bytes(b"PNG\x00\x00\x00" + HINDSIGHT.encode())
    return path


LINT_MISTAKES: list[tuple[str, Callable[[Path], list[str | Path]], str]] = [
    ("missing file", lambda t: ["lint", t / "nope.md"], "There is no file"),
    ("a folder", lambda t: ["lint", _a_folder(t)], "is a folder"),
    ("non-UTF-8 file", lambda t: ["lint", _lint_latin1(t)], "byte 4 is not UTF-8"),
    ("binary file", lambda t: ["lint", _lint_binary(t)], "not a text file"),
    ("missing FILE", lambda t: ["lint"], "needs FILE"),
    (
        "bad --format",
        lambda t: ["lint", _lint_latin1(t), "--format", "xml"],
        "'xml' is not one of the choices",
    ),
]


@pytest.mark.parametrize(
    ("argv", "phrase"), [m[1:] for m in LINT_MISTAKES], ids=[m[0] for m in LINT_MISTAKES]
)
def test_a_lint_problem_is_one_sentence_exit_2_and_changes_nothing(
    run: Run,
    populated: Path,
    tmp_path: Path,
    lint_home: Path,
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


def test_lint_refuses_a_file_larger_than_it_reads(
    run: Run, tmp_path: Path, lint_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.cli.MAX_LINT_BYTES", 2**20)
    path = tmp_path / "huge.md"
    path.write_bytes(b"x" * (3 * 2**20))
    code, out, err = run("lint", path)
    assert (code, out) == (2, "")
    _assert_one_sentence(err)
    assert "at 3 MiB it is larger than the 1 MiB lint reads" in err
    _stdin(monkeypatch, b"x" * (2**20 + 1))
    code, out, err = run("lint", "-")
    assert (code, out) == (2, "")
    assert err.startswith("Standard input was not checked: it is larger than")


def test_lint_of_non_utf8_standard_input_is_refused(
    run: Run, lint_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, b"Caf\xe9.\n")
    code, out, err = run("lint", "-")
    assert (code, out) == (2, "")
    _assert_one_sentence(err)
    assert err.startswith("Standard input was not checked: byte 4 is not UTF-8 text")


def test_lint_run_as_a_process_reads_a_pipe_without_loading_qt(tmp_path: Path) -> None:
    environment = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "app", "lint", "-"],
        cwd=ROOT,
        input=f"{QUIET}\n\n> {DEFENSIVE}\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
        env=environment,
    )
    assert done.returncode == 1
    [line] = done.stdout.splitlines()
    assert line.startswith("3:3: defensive-question: ")
    assert "PySide6" not in done.stderr and "platformdirs" in done.stderr
    assert not (tmp_path / "data").exists() and not (tmp_path / "config").exists()
