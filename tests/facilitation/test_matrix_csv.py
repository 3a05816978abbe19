"""Reading a classification-matrix CSV: the essay's own matrix, every refusal named, any text safe."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.matrix_csv import (
    MatrixCsvProblem,
    MatrixIncident,
    decode_matrix_csv,
    parse_matrix_csv,
)
from tests.strategies import SCALE, text

ESSAY = Path(__file__).resolve().parents[1] / "fixtures" / "essay-matrix.csv"
HEADER = "Incident,Severity,System / Component,Primary Cause,Contributing Factors,Tags"


def _parse(body: str, header: str = HEADER) -> list[MatrixIncident]:
    return parse_matrix_csv(f"{header}\n{body}", SCALE, "list.csv")


def _problem(body: str, header: str = HEADER) -> str:
    with pytest.raises(MatrixCsvProblem) as caught:
        _parse(body, header)
    return str(caught.value)


def test_the_essays_matrix_reads_row_by_row() -> None:
    incidents = parse_matrix_csv(ESSAY.read_text(encoding="utf-8"), SCALE, "essay-matrix.csv")
    assert [i.reference for i in incidents] == ["#1421", "#1429", "#1442", "#1450", "#1458", "#1462", "#1470"]
    first = incidents[0]
    assert first == MatrixIncident(
        line=2,
        reference="#1421",
        title="Incident #1421",
        start_day=None,
        severity="Sev-1",
        system="Auth Service",
        trigger="Configuration Change",
        factors=("Lack of rollback", "unclear deploy ownership"),
        tags=("auth", "config", "no-rollback", "ownership"),
    )
    assert incidents[4].system == "Database Cluster (EU)"
    assert incidents[2].tags == ("frontend", "QA-missing", "hotfix")  # spelling kept


def test_an_incident_becomes_a_session_on_its_day() -> None:
    (incident,) = _parse("#7,sev 2,Search,Deploy,Slow rollback,db", header=HEADER + ",Date,Title")
    assert incident.severity == "Sev-2" and incident.title == "Incident #7"
    (dated,) = _parse("#7,SEV2,Search,Deploy,,,2026-02-28,Search down", header=HEADER + ",Date,Title")
    session = dated.session()
    assert session.title == "Search down" and session.reference == "#7" and session.severity == "Sev-2"
    assert session.started_at == datetime(2026, 2, 28, tzinfo=UTC) and session.time_zone == "UTC"
    assert session.contributing_factors == [] and session.tags == []
    undated = incident.session()
    assert undated.started_at is None and undated.time_zone == ""
    assert [(f.text, f.category) for f in undated.contributing_factors] == [("Slow rollback", None)]


def test_headers_match_ignoring_case_spacing_and_order() -> None:
    header = "tags , PRIMARY CAUSE,system/component,incident,contributing factors,severity,DATE"
    (incident,) = _parse('"a, b",Deploy,Search,#9,x,Sev-4,2025-12-31', header=header)
    assert incident.tags == ("a", "b") and incident.trigger == "Deploy" and incident.system == "Search"
    assert incident.start_day == date(2025, 12, 31) and incident.factors == ("x",)


def test_a_byte_order_mark_and_crlf_lines_are_fine() -> None:
    data = ("\ufeff" + HEADER + "\r\n#1,Sev-1,A,B,C,D\r\n").encode()
    assert [i.reference for i in parse_matrix_csv(decode_matrix_csv(data, "x"), SCALE, "x")] == ["#1"]


def test_blank_lines_are_skipped_and_an_empty_severity_is_kept_empty() -> None:
    incidents = _parse("\n#1,,A,B,C,D\n,,,,,\n#2,Sev-3,A,B,C,D\n")
    assert [(i.line, i.severity) for i in incidents] == [(3, ""), (5, "Sev-3")]


def test_a_short_row_reads_its_missing_cells_as_empty() -> None:
    (incident,) = _parse("#1,Sev-1")
    assert (incident.system, incident.trigger, incident.factors, incident.tags) == ("", "", (), ())


def test_a_header_only_file_has_no_incidents() -> None:
    assert _parse("") == []


@pytest.mark.parametrize(
    ("body", "header", "expected"),
    [
        (
            "#1,Sev-9,A,B,C,D",
            HEADER,
            "Nothing was imported from list.csv: line 2, column Severity has 'Sev-9', which is not on "
            "the library's scale (Sev-1, Sev-2, Sev-3, Sev-4); use one of those or leave it empty.",
        ),
        (
            "#1,Sev-1,A,B,C,D\n#2,Sev-1,A,B,C,D,2026-13-01",
            HEADER + ",Date",
            "Nothing was imported from list.csv: line 3, column Date has 2026-13-01, which is not a day "
            "in the calendar; check the month and the day.",
        ),
        (
            "#1,Sev-1,A,B,C,D,1/2/2026",
            HEADER + ",Date",
            "Nothing was imported from list.csv: line 2, column Date has '1/2/2026'; write the day as "
            "YYYY-MM-DD, such as 2026-03-01.",
        ),
        (
            "#1,Sev-1,A,B,C,D\n\n#1 ,Sev-2,A,B,C,D",
            HEADER,
            "Nothing was imported from list.csv: line 4, column Incident: '#1' is already the incident "
            "on line 2; give each row its own reference or remove the repeat.",
        ),
        (
            " ,Sev-1,A,B,C,D",
            HEADER,
            "Nothing was imported from list.csv: line 2, column Incident is empty; every row needs the "
            "incident's reference.",
        ),
        (
            "#1,Sev-1,A,B,C,D,E",
            HEADER,
            "Nothing was imported from list.csv: line 2 has 7 cells but the header names 6 columns; "
            "quote any cell holding a comma, or remove the extra cells.",
        ),
        (
            "",
            "Incident,Severity,Tags",
            "Nothing was imported from list.csv: the header on line 1 has no columns System / Component, "
            "Primary Cause, Contributing Factors; add them (a column may be left empty).",
        ),
        (
            "",
            HEADER + ",Owner",
            "Nothing was imported from list.csv: line 1, column 7 is headed 'Owner', which Takeaways does "
            "not read; rename it to one of Incident, Severity, System / Component, Primary Cause, "
            "Contributing Factors, Tags, Title, Date or remove that column, so nothing in it is lost.",
        ),
        (
            "",
            HEADER + ",tags",
            "Nothing was imported from list.csv: line 1 has the column Tags twice (columns 6 and 7); "
            "keep one of them.",
        ),
    ],
)
def test_each_problem_names_the_line_and_the_column(body: str, header: str, expected: str) -> None:
    assert _problem(body, header) == expected


def test_a_row_spanning_lines_is_named_by_the_line_it_starts_on() -> None:
    body = '#1,Sev-1,A,B,"one\ntwo\nthree",D\n#2,Sev-7,A,B,C,D'
    assert "line 5, column Severity" in _problem(body)
    (incident,) = _parse('#1,Sev-1,A,B,"one\ntwo, three",D')
    assert incident.factors == ("one\ntwo", "three")


def test_an_empty_file_and_a_broken_quote_are_refused_plainly() -> None:
    with pytest.raises(MatrixCsvProblem, match="no header row"):
        parse_matrix_csv("\n \n", SCALE, "list.csv")
    assert "from line 2 on" in _problem('#1,Sev-1,"A,B,C,D\n')
    assert "line 2 holds a NUL" in _problem("#1,Sev-1,A\x00,B,C,D")


def test_a_long_cell_reads_and_an_endless_one_is_named() -> None:
    (incident,) = _parse('#1,Sev-1,A,B,"' + "x" * 100_000 + '",D')
    assert incident.factors == ("x" * 100_000,)
    problem = _problem('#1,Sev-1,A,B,C,D\n#2,Sev-1,"A,B,C,D\n' + "#3,Sev-2,A,B,C,D\n" * 20_000)
    assert problem.startswith(
        "Nothing was imported from list.csv: the row starting on line 3 has a cell longer than 131,072 "
        "characters (often a quote left open"
    )


def test_other_encodings_are_refused_naming_the_line() -> None:
    data = (HEADER + "\n#1,Sev-1,Café,B,C,D\n").encode("latin-1")
    with pytest.raises(MatrixCsvProblem) as caught:
        decode_matrix_csv(data, "list.csv")
    assert str(caught.value) == (
        "Nothing was imported from list.csv: line 2 is not UTF-8 text; save the file as UTF-8 "
        "(CSV UTF-8 in a spreadsheet) and import it again."
    )


_csv_pieces = st.sampled_from(
    [",", '"', "\n", "\r", "\r\n", " ", "Sev-2", "sev 9", "#1", "2026-02-30", "\x00"]
)
_header_pieces = st.sampled_from([HEADER, HEADER + ",Date,Title", "Incident,Tags", "a,b", ""])


@given(st.one_of(text, st.lists(st.one_of(text, _csv_pieces), max_size=40).map("".join)), _header_pieces)
def test_any_text_reads_or_is_one_plain_problem(body: str, header: str) -> None:
    try:
        incidents = parse_matrix_csv(f"{header}\n{body}", SCALE, "fuzz.csv")
    except MatrixCsvProblem as problem:
        message = str(problem)
        assert message.startswith("Nothing was imported from fuzz.csv") and "\n" not in message
        assert "error" not in message.lower() and "invalid" not in message.lower()
    else:
        for incident in incidents:
            assert incident.reference and incident.severity in ("", *SCALE)
            assert incident.session().title


@given(st.binary(max_size=200))
def test_any_bytes_decode_or_are_one_plain_problem(data: bytes) -> None:
    try:
        decode_matrix_csv(data, "fuzz.csv")
    except MatrixCsvProblem as problem:
        assert "is not UTF-8 text" in str(problem)
