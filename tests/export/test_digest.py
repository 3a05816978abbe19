"""The learning digest: which incidents it holds, by month, its counts, and its Markdown and PDF."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdf
import pytest
from reportlab.platypus import KeepTogether

from export import ExportCancelled
from export.digest import (
    NO_SEVERITY,
    Tally,
    build_digest,
    digest_pdf,
    digest_story,
    digest_title,
    latest_reviews,
    learnings_to_show,
    sessions_in_range,
)
from export.markdown import digest_markdown
from facilitation.model import KeyLearning, Session, SessionSummary
from facilitation.settings import default_settings

SETTINGS = default_settings()
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def _session(
    title: str,
    started: datetime | None,
    zone: str = "Europe/Berlin",
    learnings: tuple[str, ...] = ("Something learned.",),
    **fields: object,
) -> Session:
    session = Session(
        title=title,
        time_zone=zone,
        started_at=started,
        key_learnings=[KeyLearning(text=text) for text in learnings],
    )
    for name, value in fields.items():
        setattr(session, name, value)
    return session


def _berlin(month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


# -- the range ------------------------------------------------------------------------------


def test_only_incidents_that_started_in_the_range_both_days_included() -> None:
    sessions = [
        _session("last day of February", _berlin(2, 28, 23, 59)),
        _session("first of March", _berlin(3, 1, 0, 0)),
        _session("middle", _berlin(3, 15)),
        _session("last of March", _berlin(3, 31, 23, 59)),
        _session("first of April", _berlin(4, 1, 0, 0)),
        _session("no start yet", None),
    ]
    chosen = sessions_in_range(sessions, *MARCH)
    assert [s.title for s in chosen] == ["first of March", "middle", "last of March"]


def test_the_start_day_in_the_incidents_own_zone_decides() -> None:
    # 23:30 in New York on 31 March is already 1 April in UTC and in Berlin.
    late_in_new_york = _session("NY", datetime(2026, 3, 31, 23, 30, tzinfo=NEW_YORK), zone="America/New_York")
    # 00:30 in Berlin on 1 April is still 31 March in UTC.
    early_in_berlin = _session("Berlin", _berlin(4, 1, 0, 30))
    assert [s.title for s in sessions_in_range([late_in_new_york, early_in_berlin], *MARCH)] == ["NY"]
    assert [
        s.title for s in sessions_in_range([late_in_new_york, early_in_berlin], *[date(2026, 4, 1)] * 2)
    ] == ["Berlin"]


def test_a_moment_given_in_another_zone_is_read_on_the_incidents_clock() -> None:
    # Stored in UTC, told in New York: 03:30 UTC on 1 April is 23:30 on 31 March there.
    session = _session(
        "stored in UTC", datetime(2026, 4, 1, 3, 30, tzinfo=ZoneInfo("UTC")), zone="America/New_York"
    )
    assert sessions_in_range([session], *MARCH) == [session]


def test_summaries_are_chosen_by_their_start_day_too() -> None:
    summaries = [
        SessionSummary(1, "", "a", "", "draft", "2026-03-31"),
        SessionSummary(2, "", "b", "", "draft", "2026-04-01"),
        SessionSummary(3, "", "c", "", "draft", ""),
        SessionSummary(4, "", "d", "", "draft", "2026-03-01"),
    ]
    assert [s.id for s in sessions_in_range(summaries, *MARCH)] == [4, 1]


def test_incidents_run_oldest_first_and_group_by_month() -> None:
    sessions = [
        _session("May", _berlin(5, 2)),
        _session("March late", _berlin(3, 20)),
        _session("March early", _berlin(3, 2)),
        _session("April", _berlin(4, 9)),
    ]
    digest = build_digest(sessions, date(2026, 3, 1), date(2026, 5, 31), SETTINGS)
    assert [(m.year, m.month, [s.title for s in m.sessions]) for m in digest.months] == [
        (2026, 3, ["March early", "March late"]),
        (2026, 4, ["April"]),
        (2026, 5, ["May"]),
    ]
    assert digest.total == 4


def test_a_follow_up_stands_for_the_session_it_follows() -> None:
    first = _session("Outage", _berlin(3, 5), id=7, learnings=("First thought.",))
    follow_up = _session("Follow-up: Outage", _berlin(3, 5), id=9, follows=7, learnings=("Refined.",))
    second_follow_up = _session("Follow-up: Follow-up: Outage", _berlin(3, 5), id=12, follows=9)
    other = _session("Other", _berlin(3, 6), id=8)
    assert [s.id for s in latest_reviews([first, follow_up, other])] == [9, 8]
    assert [s.id for s in latest_reviews([first, follow_up, second_follow_up, other])] == [12, 8]
    assert [s.id for s in latest_reviews([first, other])] == [7, 8]
    assert build_digest([first, follow_up, other], *MARCH, SETTINGS).total == 2


def test_private_and_empty_learnings_are_left_out() -> None:
    session = _session("s", _berlin(3, 3), learnings=())
    session.key_learnings = [
        KeyLearning(text="Shared."),
        KeyLearning(text="Kept in the team.", private=True),
        KeyLearning(text="   "),
    ]
    assert [k.text for k in learnings_to_show(session)] == ["Shared."]


# -- the counts --------------------------------------------------------------------------------


def test_severities_count_in_the_scales_order_with_unknown_and_missing_last() -> None:
    severities = ["Sev-3", "sev1", "Sev-3", "", "Legacy P2", "Sev-1"]
    sessions = [_session(str(n), _berlin(3, n + 1), severity=s) for n, s in enumerate(severities)]
    assert build_digest(sessions, *MARCH, SETTINGS).severities == (
        Tally("Sev-1", 2),
        Tally("Sev-3", 2),
        Tally("Legacy P2", 1),
        Tally(NO_SEVERITY, 1),
    )


def test_the_most_frequent_tags_and_triggers_ignore_case_and_keep_the_first_spelling() -> None:
    tag_sets = [["Auth", "config"], ["auth", "DNS"], ["AUTH", "dns", "config"], ["zeta"], ["alpha"]]
    triggers = ["Config change", "config  change", "Traffic spike", "", "Traffic spike"]
    sessions = [
        _session(str(n), _berlin(3, n + 1), tags=tags, trigger=trigger)
        for n, (tags, trigger) in enumerate(zip(tag_sets, triggers, strict=True))
    ]
    digest = build_digest(sessions, *MARCH, SETTINGS)
    assert digest.tags == (
        Tally("Auth", 3),
        Tally("config", 2),
        Tally("DNS", 2),
        Tally("alpha", 1),
        Tally("zeta", 1),
    )
    assert digest.triggers == (Tally("Config change", 2), Tally("Traffic spike", 2))


def test_only_the_eight_most_frequent_tags_are_shown() -> None:
    sessions = [_session(str(n), _berlin(3, 1), tags=[f"tag{n:02}", "common"]) for n in range(12)]
    tags = build_digest(sessions, *MARCH, SETTINGS).tags
    assert len(tags) == 8
    assert tags[0] == Tally("common", 12)


def test_the_title_names_a_whole_month_else_the_two_days() -> None:
    assert digest_title(build_digest([], *MARCH, SETTINGS)) == "Learning digest, March 2026"
    assert digest_title(build_digest([], date(2026, 2, 1), date(2026, 2, 28), SETTINGS)) == (
        "Learning digest, February 2026"
    )
    assert digest_title(build_digest([], date(2026, 3, 1), date(2026, 3, 30), SETTINGS)) == (
        "Learning digest, 2026-03-01 to 2026-03-30"
    )
    assert digest_title(build_digest([], date(2026, 3, 1), date(2026, 4, 30), SETTINGS)) == (
        "Learning digest, 2026-03-01 to 2026-04-30"
    )
    assert digest_title(build_digest([], date(9999, 12, 1), date.max, SETTINGS)) == (
        "Learning digest, December 9999"
    )
    assert digest_title(build_digest([], date.min, date.max, SETTINGS)) == (
        "Learning digest, 0001-01-01 to 9999-12-31"
    )


# -- Markdown ----------------------------------------------------------------------------------


def _march_sessions() -> list[Session]:
    return [
        _session(
            "Checkout <b>timeouts</b>",
            _berlin(3, 20),
            reference="#12",
            severity="Sev-2",
            learnings=("Retries multiplied the load.", "Nobody owned the | queue."),
            tags=["payments"],
            trigger="Traffic spike",
            system="Checkout API",
        ),
        _session("Too early", _berlin(2, 28), learnings=("Not in this digest.",)),
        _session(
            "Night in New York",
            datetime(2026, 3, 31, 23, 30, tzinfo=NEW_YORK),
            zone="America/New_York",
            severity="Sev-1",
            learnings=("Ночные страницы копятся.", "Οι ειδοποιήσεις χάθηκαν."),
            tags=["night"],
        ),
        _session("Too late", _berlin(4, 1, 0, 30), learnings=("Not in this one either.",)),
        _session("No learnings", _berlin(3, 2), learnings=()),
    ]


def test_the_markdown_digest_has_the_range_counts_then_months_and_learnings() -> None:
    text = digest_markdown(_march_sessions(), *MARCH, SETTINGS)
    lines = text.splitlines()
    assert lines[0] == "# Learning digest, March 2026"
    assert lines[2] == (
        "3 incidents that started from 2026-03-01 to 2026-03-31, both days included "
        "(the day each started, in its own time zone)."
    )
    assert re.findall(r"^##+ .+$", text, re.MULTILINE) == [
        "## At a glance",
        "## March 2026",
        "### No learnings · 2026-03-02",
        "### \\#12 · Checkout \\<b>timeouts\\</b> · Sev-2 · 2026-03-20",
        "### Night in New York · Sev-1 · 2026-03-31",
    ]
    assert "| Sev-1 | 1 |\n| Sev-2 | 1 |\n| No severity | 1 |" in text
    assert "1. Retries multiplied the load.\n2. Nobody owned the \\| queue.\n" in text
    assert "1. Ночные страницы копятся.\n2. Οι ειδοποιήσεις χάθηκαν.\n" in text
    assert "*No key learnings were written down.*" in text
    assert "System: Checkout API · Trigger: Traffic spike · Tags: payments" in text
    assert "Too early" not in text and "Too late" not in text and "Not in this" not in text


def test_an_empty_range_says_so() -> None:
    text = digest_markdown(_march_sessions(), date(2025, 1, 1), date(2025, 1, 31), SETTINGS)
    assert text == (
        "# Learning digest, January 2025\n\n"
        "0 incidents that started from 2025-01-01 to 2025-01-31, both days included "
        "(the day each started, in its own time zone).\n\n"
        "No incident started in this range.\n"
    )


# -- the PDF ------------------------------------------------------------------------------------


def _pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_pdf_digest_has_its_front_page_learnings_and_nothing_outside_the_range(tmp_path: Path) -> None:
    path = tmp_path / "digest.pdf"
    digest_pdf(_march_sessions(), *MARCH, SETTINGS, path)
    reader = pypdf.PdfReader(path)
    first_page = _flat(reader.pages[0].extract_text())
    assert first_page.startswith("LEARNING DIGEST Learning digest, March 2026 3 incidents that started")
    for chart in ("Incidents by severity", "Most frequent tags", "Most frequent triggers"):
        assert chart in first_page
    text = _flat(_pdf_text(path))
    assert "#12 · Checkout <b>timeouts</b> · Sev-2 · 2026-03-20 1. Retries multiplied the load." in text
    assert "Ночные страницы копятся." in text and "Οι ειδοποιήσεις χάθηκαν." in text
    assert "No key learnings were written down." in text
    for absent in ("Too early", "Too late", "Not in this"):
        assert absent not in text
    assert reader.metadata is not None
    assert reader.metadata.title == "Learning digest, March 2026"
    assert reader.metadata.author in ("", None)


def test_the_pdf_outline_lists_months_and_incidents(tmp_path: Path) -> None:
    path = tmp_path / "digest.pdf"
    sessions = [_session("In March", _berlin(3, 3)), _session("In April", _berlin(4, 3))]
    digest_pdf(sessions, date(2026, 3, 1), date(2026, 4, 30), SETTINGS, path)
    outline = pypdf.PdfReader(path).outline
    assert [entry.title for entry in outline if not isinstance(entry, list)] == ["March 2026", "April 2026"]
    assert [[e.title for e in entry] for entry in outline if isinstance(entry, list)] == [
        ["In March · 2026-03-03"],
        ["In April · 2026-04-03"],
    ]


def test_the_pdf_of_an_empty_range_says_so(tmp_path: Path) -> None:
    path = tmp_path / "digest.pdf"
    digest_pdf([], *MARCH, SETTINGS, path)
    assert "No incident started in this range." in _pdf_text(path)


def test_the_same_digest_gives_the_same_bytes_when_invariant(tmp_path: Path) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    digest_pdf(_march_sessions(), *MARCH, SETTINGS, first, invariant=True)
    digest_pdf(_march_sessions(), *MARCH, SETTINGS, second, invariant=True)
    assert first.read_bytes() == second.read_bytes()


def test_progress_is_told_as_incidents_are_laid_out(tmp_path: Path) -> None:
    told: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        told.append((done, total))
        return True

    digest_pdf(_march_sessions(), *MARCH, SETTINGS, tmp_path / "d.pdf", progress=progress)
    assert told == [(0, 3), (1, 3), (2, 3), (3, 3)]


@pytest.mark.parametrize("stop_at", [0, 2])
def test_a_cancelled_digest_writes_nothing_and_leaves_an_old_file_alone(tmp_path: Path, stop_at: int) -> None:
    path = tmp_path / "digest.pdf"
    path.write_bytes(b"the old digest")

    def progress(done: int, total: int) -> bool:
        return done < stop_at

    with pytest.raises(ExportCancelled):
        digest_pdf(_march_sessions(), *MARCH, SETTINGS, path, progress=progress)
    assert path.read_bytes() == b"the old digest"
    assert [p.name for p in tmp_path.iterdir()] == ["digest.pdf"]


def test_the_story_is_built_without_writing_anything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    story = digest_story(_march_sessions(), *MARCH, SETTINGS)
    incidents = [f for f in story if isinstance(f, KeepTogether)]  # each incident kept on one page
    assert len(incidents) == 3
    assert list(tmp_path.iterdir()) == []


def test_a_hundred_incidents_lay_out_on_many_pages_with_their_charts(tmp_path: Path) -> None:
    sessions = [
        _session(
            f"Incident {n}",
            _berlin(3, 1 + n % 31, n % 24),
            severity=f"Sev-{1 + n % 4}",
            tags=[f"tag{n % 11}", "common"],
            trigger=f"trigger {n % 5}",
            learnings=tuple(
                f"Learning {k} of incident {n}, long enough to wrap once or twice. " * 2 for k in range(4)
            ),
        )
        for n in range(100)
    ]
    path = tmp_path / "digest.pdf"
    digest_pdf(sessions, *MARCH, SETTINGS, path)
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    assert len(reader.pages) > 5
    first = _flat(reader.pages[0].extract_text())
    assert "100 incidents" in first and "common 100" in first
    assert "Page 1 of" in first


def test_a_very_long_trigger_or_tag_is_cut_short_on_the_charts(tmp_path: Path) -> None:
    sessions = [
        _session("Long trigger", _berlin(3, 2), trigger="S" * 1000, tags=["t" * 5000, "word " * 400]),
    ]
    path = tmp_path / "digest.pdf"
    digest_pdf(sessions, *MARCH, SETTINGS, path)
    first_page = _flat(pypdf.PdfReader(path).pages[0].extract_text())
    assert "S" * 59 + "…" in first_page.replace(" ", "")
