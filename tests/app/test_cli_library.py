"""The library commands: ``search``, ``stats`` and ``import --format csv``, to the letter of INTERFACES.md."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from facilitation.model import Session, TimelineEntry
from storage.library import open_library
from tests.app.cli_runner import Run
from tests.factories import full_session

ROOT = Path(__file__).resolve().parents[2]
ESSAY = ROOT / "tests" / "fixtures" / "essay-matrix.csv"
HEADER = "Incident,Severity,System / Component,Primary Cause,Contributing Factors,Tags"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "library.sqlite"


@pytest.fixture
def essay(run: Run, db: Path) -> Path:
    """A library holding the essay's classification matrix, imported through the command line."""
    assert run("import", ESSAY, "--format", "csv", "--db", db) == (0, "7\n", "")
    return db


def _checksum(db: Path) -> str:
    with open_library(db) as library:
        dump = "\n".join(library.db.conn.iterdump())
    return hashlib.sha256(dump.encode()).hexdigest()


def _one_sentence(err: str) -> str:
    assert err.endswith(".\n") and err.count("\n") == 1, err
    assert "Traceback" not in err and "usage:" not in err
    return err.strip()


# -- import --format csv -------------------------------------------------------


def test_the_essays_matrix_imports_and_lists(run: Run, essay: Path) -> None:
    code, out, err = run("list", "--db", essay)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 7
    assert "5\t#1458\tIncident #1458\tSev-1\tdraft\t" in lines


def test_a_problem_in_any_row_imports_nothing_and_names_the_row_and_column(
    run: Run, essay: Path, tmp_path: Path
) -> None:
    before = _checksum(essay)
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n#1,Sev-1,A,B,C,D\n#2,Sev-2,A,B,C,D\n#3,Critical,A,B,C,D\n", encoding="utf-8")
    code, out, err = run("import", bad, "--format", "csv", "--db", essay)
    assert (code, out) == (2, "")
    assert _one_sentence(err) == (
        f"Nothing was imported from {bad}: line 4, column Severity has 'Critical', which is not on the "
        "library's scale (Sev-1, Sev-2, Sev-3, Sev-4); use one of those or leave it empty."
    )
    assert _checksum(essay) == before


def test_a_refused_file_creates_no_library(run: Run, db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Incident,Severity\n#1,Sev-1\n", encoding="utf-8")
    code, _, err = run("import", bad, "--format", "csv", "--db", db)
    assert code == 2 and "has no columns System / Component, Primary Cause" in _one_sentence(err)
    assert not db.exists()


def test_a_file_in_another_encoding_is_refused_naming_the_line(run: Run, db: Path, tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes(f"{HEADER}\n#1,Sev-1,A,B,C,D\n#2,Sev-1,Café,B,C,D\n".encode("latin-1"))
    code, _, err = run("import", latin, "--format", "csv", "--db", db)
    assert code == 2
    assert _one_sentence(err).startswith(f"Nothing was imported from {latin}: line 3 is not UTF-8 text")
    assert not db.exists()


def test_references_already_in_the_library_are_imported_beside_them(run: Run, essay: Path) -> None:
    code, out, err = run("import", ESSAY, "--format", "csv", "--db", essay)
    assert (code, out) == (0, "7\n")
    assert err == (
        f"{ESSAY}: 7 of these references were already in the library (#1421, #1429, #1442, #1450, "
        "#1458 and 2 more); they were added as new sessions beside the old ones.\n"
    )
    assert len(run("list", "--db", essay)[1].splitlines()) == 14


def test_dates_become_the_start_day_that_list_and_stats_read(run: Run, db: Path, tmp_path: Path) -> None:
    dated = tmp_path / "dated.csv"
    dated.write_text(
        "\ufeffIncident,Date,Severity,System / Component,Primary Cause,Contributing Factors,Tags,Title\n"
        '#1,2026-03-31,SEV2,Search,Deploy,"a, b","x, y",Search down\n'
        "#2,2026-04-01,sev 2,Search,Deploy,,,\n",
        encoding="utf-8",
    )
    assert run("import", dated, "--format", "csv", "--db", db) == (0, "2\n", "")
    assert (
        run("list", "--db", db)[1]
        == "2\t#2\tIncident #2\tSev-2\tdraft\t2026-04-01\n1\t#1\tSearch down\tSev-2\tdraft\t2026-03-31\n"
    )
    _, out, _ = run("stats", "--by", "month", "--until", "2026-03-31", "--json", "--db", db)
    assert json.loads(out) == [{"value": "2026-03", "count": 1, "share": 1.0}]
    _, out, _ = run("stats", "--by", "hour", "--json", "--db", db)
    assert json.loads(out) == [{"value": None, "count": 2, "share": 1.0}]  # a day has no hour


# -- stats -------------------------------------------------------------------


def test_stats_prints_a_table_of_value_count_and_share(run: Run, essay: Path) -> None:
    assert run("stats", "--by", "severity", "--db", essay) == (
        0,
        "SEVERITY   COUNT   SHARE\n"
        "Sev-2          3   42.9%\n"
        "Sev-1          2   28.6%\n"
        "Sev-3          2   28.6%\n"
        "7 incidents matched\n",
        "",
    )


def test_stats_json_shares_divide_by_the_incidents_matched(run: Run, essay: Path) -> None:
    code, out, err = run("stats", "--by", "tag", "--tag", "infra", "--json", "--db", essay)
    assert (code, err) == (0, "")
    groups = json.loads(out)
    # #1450 (infra, scaling, monitoring-gap, release-risk) and #1458 (infra, db, alerting, redundancy).
    assert groups[0] == {"value": "infra", "count": 2, "share": 1.0}
    assert sorted(g["value"] for g in groups[1:]) == [
        "alerting",
        "db",
        "monitoring-gap",
        "redundancy",
        "release-risk",
        "scaling",
    ]
    assert all(g["count"] == 1 and g["share"] == 0.5 for g in groups[1:])
    assert sum(g["share"] for g in groups) > 1  # tag shares may add up to more than 1


def test_stats_filters_severity_spelled_any_common_way_and_repeated_tags_mean_all(
    run: Run, essay: Path
) -> None:
    code, out, _ = run("stats", "--by", "system", "--severity", "sev2", "--json", "--db", essay)
    assert code == 0
    assert [g["value"] for g in json.loads(out)] == ["Checkout Flow", "Notification Pipeline", "Payments API"]
    code, out, _ = run("stats", "--by", "severity", "--tag", "INFRA", "--tag", "db", "--json", "--db", essay)
    assert json.loads(out) == [{"value": "Sev-1", "count": 1, "share": 1.0}]


def test_stats_of_nothing_matched_is_not_a_problem(run: Run, essay: Path) -> None:
    assert run("stats", "--by", "tag", "--tag", "nothing-has-this", "--json", "--db", essay) == (
        0,
        "[]\n",
        "",
    )
    assert run("stats", "--by", "hour", "--since", "2030-01-01", "--db", essay) == (
        0,
        "HOUR   COUNT   SHARE\n0 incidents matched\n",
        "",
    )


def test_stats_by_hour_gives_numbers_and_a_null_group(run: Run, db: Path) -> None:
    new_york = ZoneInfo("America/New_York")
    with open_library(db, create=True) as library:
        library.sessions.create_all(
            [
                Session(title="a", time_zone="America/New_York",
                        started_at=datetime(2026, 3, 31, 23, 30, tzinfo=new_york)),
                Session(title="b", detected_at=datetime(2026, 3, 1, 9, 5, tzinfo=UTC)),
                Session(title="c", started_at=datetime(2026, 3, 1, 9, 59, tzinfo=UTC), time_zone="UTC"),
                Session(title="d"),
            ]
        )  # fmt: skip
    _, out, _ = run("stats", "--by", "hour", "--json", "--db", db)
    assert json.loads(out) == [
        {"value": 9, "count": 2, "share": 0.5},
        {"value": 23, "count": 1, "share": 0.25},
        {"value": None, "count": 1, "share": 0.25},
    ]
    assert run("stats", "--by", "hour", "--db", db)[1].splitlines()[-2] == "(none)       1   25.0%"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["--by", "severity", "--severity", "Sev-9"],
            "'Sev-9' is not on this library's severity scale (Sev-1, Sev-2, Sev-3, Sev-4); "
            "give one of those with --severity.",
        ),
        (
            ["--by", "month", "--since", "2026-03-01", "--until", "2026-02-01"],
            "--until 2026-02-01 is before --since 2026-03-01; give the first day with --since and the "
            "last with --until.",
        ),
        (
            ["--by", "month", "--since", "March"],
            "Days are written YYYY-MM-DD, such as 2026-03-01, and 'March' is not written so.",
        ),
        (["--by", "colour"], "'colour' is not one of the choices here"),
        ([], "This command needs --by; `takeaways COMMAND --help` shows how to give it."),
    ],
)
def test_stats_mistakes_are_one_sentence_and_change_nothing(
    run: Run, essay: Path, argv: list[str], expected: str
) -> None:
    before = _checksum(essay)
    code, out, err = run("stats", *argv, "--db", essay)
    assert (code, out) == (2, "")
    assert _one_sentence(err).startswith(expected)
    assert _checksum(essay) == before


def test_stats_and_search_refuse_a_missing_library_and_create_nothing(run: Run, db: Path) -> None:
    for argv in (["stats", "--by", "tag"], ["search", "outage"]):
        code, out, err = run(*argv, "--db", db)
        assert (code, out) == (2, "")
        _one_sentence(err)
    assert not db.parent.exists()


# -- search ------------------------------------------------------------------


def test_search_prints_seven_fields_with_the_snippet_last_and_unmarked(run: Run, db: Path) -> None:
    with open_library(db, create=True) as library:
        library.sessions.create(full_session())
        library.sessions.create(
            Session(
                title="Tab\tand\nnewline",
                reference="PM-7",
                severity="Sev-3",
                timeline=[TimelineEntry(text="the zebra\tcrossing\nwas closed")],
            )
        )
    code, out, err = run("search", "zebra", "--db", db)
    assert (code, err) == (0, "")
    assert out == "2\tPM-7\tTab and newline\tSev-3\tdraft\t\tthe zebra crossing was closed\n"
    code, out, _ = run("search", "canary", "--db", db)
    fields = out.rstrip("\n").split("\t")
    assert fields[:6] == [
        "1",
        "#1421",
        "Auth service outage after config push",
        "Sev-1",
        "in-review",
        "2026-03-02",
    ]
    assert "canary" in fields[6] and "\x02" not in out and "\x03" not in out


@pytest.mark.parametrize(
    "query",
    ['"', "(", "AND", "NEAR(", "*", "-", "^", "'; DROP TABLE sessions; --", 'x" OR "1"="1', "", "   "],
)
def test_hostile_or_empty_searches_are_not_problems_and_change_nothing(
    run: Run, essay: Path, query: str
) -> None:
    before = _checksum(essay)
    code, out, err = run("search", query, "--db", essay)
    assert (code, out, err) == (0, "", "")
    assert _checksum(essay) == before
    if not any(c.isalnum() for c in query):  # nothing but marks: the search is the other words
        assert run("search", f"failover {query}", "--db", essay)[1].count("\n") == 2


def test_a_query_starting_with_a_dash_goes_after_two_dashes(run: Run, essay: Path) -> None:
    code, out, err = run("search", "--db", essay, "--", "-failover")
    assert (code, err) == (0, "")
    assert [line.split("\t")[1] for line in out.splitlines()] == ["#1429", "#1458"]
