"""Every export of arbitrary sessions, for each audience: Markdown and PDF come out whole, never an
exception. (The postmortem PDF of any session is in test_pdf.py.)

``EXPORTS`` lists the writers; a new one is one line.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from export.digest import digest_pdf
from export.markdown import digest_markdown, postmortem_markdown, preread_markdown
from export.pdf import preread_pdf
from facilitation.audience import AUDIENCES, prepare
from facilitation.model import Session
from facilitation.settings import OrgSettings, default_settings
from tests.strategies import sessions

SETTINGS = default_settings()
SINCE, UNTIL = date(1900, 1, 1), date(2200, 12, 31)

Writer = Callable[[list[Session], Path], None]


def _markdown(write: Callable[[Session, OrgSettings], str]) -> Writer:
    def written(chosen: list[Session], path: Path) -> None:
        path.write_text(write(chosen[0], SETTINGS), encoding="utf-8")

    return written


def _digest_markdown(chosen: list[Session], path: Path) -> None:
    path.write_text(digest_markdown(chosen, SINCE, UNTIL, SETTINGS), encoding="utf-8")


def _preread_pdf(chosen: list[Session], path: Path) -> None:
    preread_pdf(chosen[0], SETTINGS, path, invariant=True)


def _digest_pdf(chosen: list[Session], path: Path) -> None:
    digest_pdf(chosen, SINCE, UNTIL, SETTINGS, path, invariant=True)


EXPORTS: list[tuple[str, Writer, int]] = [
    ("postmortem markdown", _markdown(postmortem_markdown), 40),
    ("pre-read markdown", _markdown(preread_markdown), 40),
    ("digest markdown", _digest_markdown, 25),
    ("pre-read pdf", _preread_pdf, 8),  # laying out a PDF is slow: fewer examples
    ("digest pdf", _digest_pdf, 6),
]


@pytest.mark.parametrize(("name", "write", "examples"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_any_sessions_export_whole_for_every_audience(
    name: str, write: Writer, examples: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")

    @settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(chosen=st.lists(sessions(), min_size=1, max_size=3), audience=st.sampled_from(AUDIENCES))
    def exported(chosen: list[Session], audience: str) -> None:
        shown = [prepare(session, audience, ["acme", "ünïcode"]).session for session in chosen]
        path = folder / ("out.pdf" if "pdf" in name else "out.md")
        write(shown, path)
        data = path.read_bytes()
        if path.suffix == ".pdf":
            assert len(pypdf.PdfReader(io.BytesIO(data)).pages) >= 1
        else:
            assert data.decode("utf-8").strip()

    exported()
