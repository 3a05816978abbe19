"""Every reader, given any bytes at all, returns entries or says one sentence; nothing else escapes."""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitation.imports.common import ImportOptions, ImportProblem, read

OPTIONS = ImportOptions(zone="Europe/Copenhagen", day=date(2026, 3, 2))
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Bytes that look a little like each format, so the fuzzing reaches past the first check.
_CHAT_PIECES = st.sampled_from(
    [
        b"[14:02] ",
        b"<ana> ",
        b"2026-03-02T14:02:11 ",
        b"* ",
        b"\n",
        b"--- Day changed Tue Mar 03 2026\n",
        b"\xff",
        b":",
    ]
)
_CSV_PIECES = st.sampled_from(
    [b"time,text,actor\n", b",", b'"', b"2026-03-02 14:02", b"\r\n", b"\xe9", b"yes"]
)
_JSON_PIECES = st.sampled_from(
    [
        b"[",
        b"]",
        b"{",
        b"}",
        b",",
        b'"ts": "1772456400.000100"',
        b'"text": "<@U1>"',
        b'"subtype": ',
        b":",
        b"\n",
    ]
)


def _fuzzed(pieces: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.binary(max_size=400), st.lists(st.one_of(pieces, st.binary(max_size=8))).map(b"".join)
    )


def _read_or_problem(path: Path, format: str) -> None:
    try:
        result = read(path, format, OPTIONS)
    except ImportProblem as problem:
        sentence = str(problem)
        assert sentence and "\n" not in sentence and "Traceback" not in sentence
    else:
        assert all(isinstance(entry.text, str) for entry in result.entries)


def _read_file_or_problem(name: str, data: bytes, format: str) -> None:
    """Write ``data`` to a file called ``name`` in a folder of its own, then read it as ``format``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        _read_or_problem(path, format)


@FUZZ
@given(data=_fuzzed(_CHAT_PIECES))
def test_a_chat_log_of_any_bytes(data: bytes) -> None:
    _read_file_or_problem("chat.log", data, "chat")


@FUZZ
@given(data=_fuzzed(_CSV_PIECES))
def test_a_timeline_csv_of_any_bytes(data: bytes) -> None:
    _read_file_or_problem("timeline.csv", data, "timeline-csv")


@FUZZ
@given(day=_fuzzed(_JSON_PIECES), users=_fuzzed(_JSON_PIECES))
def test_a_slack_folder_of_any_bytes(day: bytes, users: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder)
        (export / "general").mkdir()
        (export / "general" / "2026-03-02.json").write_bytes(day)
        (export / "users.json").write_bytes(users)
        (export / "channels.json").write_bytes(b'[{"id": "C1", "name": "general"}]')
        _read_or_problem(export, "slack")


@FUZZ
@given(data=st.binary(max_size=600), day=_fuzzed(_JSON_PIECES))
def test_a_slack_zip_of_any_bytes(data: bytes, day: bytes) -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("export/general/2026-03-02.json", day)
    whole = packed.getvalue()
    damaged = whole[: len(data) % (len(whole) + 1)]
    for name, content in (("random.zip", data), ("damaged.zip", damaged), ("whole.zip", whole)):
        _read_file_or_problem(name, content, "slack")
