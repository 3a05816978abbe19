"""``takeaways import --format slack|chat|timeline-csv``: all entries or none, the count, one sentence."""

from __future__ import annotations

import shutil
import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from facilitation.model import Session, TimelineEntry
from storage.library import open_library
from tests.app.cli_runner import Run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A library with session 1 (an incident that started 2026-03-02 in Copenhagen, one entry) and
    session 2 (no start yet)."""
    path = tmp_path / "library.sqlite"
    with open_library(path, create=True) as library:
        library.sessions.create(
            Session(
                title="Auth outage",
                time_zone="Europe/Copenhagen",
                started_at=datetime(2026, 3, 2, 13, 55, tzinfo=CPH),
                timeline=[
                    TimelineEntry(at=datetime(2026, 3, 2, 14, 0, tzinfo=CPH), text="typed in the room")
                ],
            )
        )
        library.sessions.create(Session(title="No start yet", time_zone="Europe/Copenhagen"))
    return path


def _timeline(db: Path, session_id: int = 1) -> list[TimelineEntry]:
    with open_library(db) as library:
        return library.sessions.get(session_id).timeline


def _one_sentence(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and "Traceback" not in err and "usage:" not in err, err
    assert lines[0].endswith("."), lines[0]
    return lines[0]


def test_a_slack_folder_adds_its_messages_and_prints_how_many(run: Run, db: Path) -> None:
    code, out, err = run("import", FIXTURES / "slack", "--format", "slack", "--session", "1", "--db", db)
    assert (code, out) == (0, "14\n")
    assert "4 housekeeping messages (joins, leaves, topic and pin changes) left out." in err.splitlines()
    timeline = _timeline(db)
    assert len(timeline) == 15
    assert timeline[0].text == "typed in the room"
    rollback = next(e for e in timeline if e.text == "I'm on it, rolling back the config push for @Ana")
    assert (
        rollback.source == "chat" and rollback.chat is not None and rollback.chat.channel == "#incident-auth"
    )
    code, markdown, _ = run("export", "1", "--format", "md", "-o", "-", "--db", db)
    assert code == 0 and "rolling back the config push for @Ana" in markdown


def test_a_zip_with_channels_and_a_window(run: Run, db: Path, tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted((FIXTURES / "slack").rglob("*.json")):
            zipped.write(path, "Workspace export/" + path.relative_to(FIXTURES / "slack").as_posix())
    code, out, _ = run(
        "import", archive, "--format", "slack", "--session", "1", "--channel", "incident-auth",
        "--channel", "#random", "--since", "2026-03-02T14:05", "--until", "2026-03-02", "--skip-bots",
        "--db", db,
    )  # fmt: skip
    assert (code, out) == (0, "6\n")  # 14:05 to midnight, no bots: the reply, then five more
    texts = [e.text for e in _timeline(db)]
    assert "lunch?" not in texts and "late reply: root cause was the canary skip" not in texts
    assert "second try & it works" in texts


def test_chat_lines_without_dates_take_the_incidents_day_or_date(run: Run, db: Path) -> None:
    code, out, _ = run("import", FIXTURES / "brackets.log", "--format", "chat", "--session", "1", "--db", db)
    assert (code, out) == (0, "5\n")
    assert _timeline(db)[1].at == datetime(2026, 3, 2, 14, 2, tzinfo=CPH)
    code, out, _ = run(
        "import",
        FIXTURES / "brackets.log",
        "--format",
        "chat",
        "--session",
        "2",
        "--date",
        "2026-04-01",
        "--db",
        db,
    )
    assert (code, out) == (0, "5\n")
    assert _timeline(db, 2)[0].at == datetime(2026, 4, 1, 14, 2, tzinfo=CPH)


def test_chat_lines_without_dates_and_no_incident_start_are_refused(run: Run, db: Path) -> None:
    code, out, err = run(
        "import", FIXTURES / "brackets.log", "--format", "chat", "--session", "2", "--db", db
    )
    assert (code, out) == (2, "")
    assert "set the incident's start, or pass --date YYYY-MM-DD" in _one_sentence(err)
    assert _timeline(db, 2) == []


def test_a_timeline_csv_is_imported(run: Run, db: Path) -> None:
    code, out, _ = run(
        "import", FIXTURES / "odd-headers.csv", "--format", "timeline-csv", "--session", "1", "--db", db
    )
    assert (code, out) == (0, "4\n")
    assert {e.source for e in _timeline(db)} >= {"alert", "firsthand", "metric"}


def test_a_bad_line_in_the_middle_imports_nothing(run: Run, db: Path, tmp_path: Path) -> None:
    log = tmp_path / "long.log"
    lines = [f"2026-03-02T14:{n // 60:02}:{n % 60:02} <ana> line {n}\n" for n in range(1000)]
    lines[499] = "2026-03-02T14:99:00 <ana> no such minute\n"
    log.write_text("".join(lines), encoding="utf-8")
    before = _timeline(db)
    code, out, err = run("import", log, "--format", "chat", "--session", "1", "--db", db)
    assert (code, out) == (2, "")
    assert _one_sentence(err).startswith("Nothing was imported: long.log, line 500:")
    assert _timeline(db) == before


@pytest.mark.parametrize(
    ("arguments", "sentence"),
    [
        (["--format", "slack"], "name the session with --session ID"),
        (
            ["--format", "json", "--session", "1"],
            "--format json creates a new session, so --session does not apply",
        ),
        (
            ["--format", "chat", "--session", "1", "--channel", "ops"],
            "--channel applies to Slack exports only",
        ),
        (
            ["--format", "slack", "--session", "1", "--date", "2026-03-02"],
            "--date gives the day of chat-log lines",
        ),
        (
            ["--format", "slack", "--session", "1", "--since", "noon"],
            "--since: 'noon' is not a day or a time",
        ),
        (
            ["--format", "slack", "--session", "1", "--since", "2026-03-03", "--until", "2026-03-02"],
            "is later than",
        ),
        (["--format", "slack", "--session", "77"], "No session has the id or reference '77'"),
        (["--format", "slack", "--session", "1", "--channel", "ops"], "slack has no channel named 'ops'"),
        (["--format", "xml", "--session", "1"], "'xml' is not one of the choices here"),
    ],
)
def test_mistakes_are_one_sentence_and_change_nothing(
    run: Run, db: Path, arguments: list[str], sentence: str
) -> None:
    code, out, err = run("import", FIXTURES / "slack", *arguments, "--db", db)
    assert (code, out) == (2, "")
    assert sentence in _one_sentence(err)
    assert len(_timeline(db)) == 1


@pytest.mark.parametrize(
    ("name", "format", "sentence"),
    [
        ("missing.log", "chat", "There is no file or folder"),
        ("not-chat.txt", "chat", "Nothing was imported: not-chat.txt has no chat lines"),
        ("unmapped.csv", "timeline-csv", "no column is headed as the time and text"),
        ("iso.log", "slack", "Nothing was imported: iso.log is neither a folder nor a readable .zip file"),
    ],
)
def test_files_that_cannot_be_read_are_one_sentence(
    run: Run, db: Path, name: str, format: str, sentence: str
) -> None:
    code, out, err = run("import", FIXTURES / name, "--format", format, "--session", "1", "--db", db)
    assert (code, out) == (2, "")
    assert sentence in _one_sentence(err)
    assert len(_timeline(db)) == 1


def test_a_missing_library_is_not_created(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here.sqlite"
    code, _, err = run("import", FIXTURES / "iso.log", "--format", "chat", "--session", "1", "--db", missing)
    assert code == 2 and err.count("\n") == 1
    assert not missing.exists()


def test_notices_go_to_stderr_and_only_the_count_to_stdout(run: Run, db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    shutil.copy(FIXTURES / "mixed-encoding.log", tmp_path / "mixed.log")
    folder.mkdir()
    code, out, err = run("import", tmp_path / "mixed.log", "--format", "chat", "--session", "1", "--db", db)
    assert (code, out) == (0, "4\n")
    assert (
        err == "In mixed.log, 2 lines were not UTF-8 and were read as Windows-1252 (Latin-1): lines 2, 4.\n"
    )


SAMPLE = Path("/work/shared/fixtures/slack-export-sample")


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="the shared Slack export sample is not on this machine")
def test_the_real_2016_export_imports_through_the_command_line(run: Run, db: Path) -> None:
    code, out, _ = run("import", SAMPLE, "--format", "slack", "--session", "2", "--db", db)
    assert (code, out) == (0, "147\n")
    code, markdown, _ = run("export", "2", "--format", "md", "-o", "-", "--db", db)
    assert code == 0 and "Created an issue for a setup.py" in markdown
