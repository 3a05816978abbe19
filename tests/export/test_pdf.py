"""The postmortem and pre-read PDFs as a reader gets them: text, order, outline, metadata, files."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from reportlab.platypus import Flowable, Paragraph

from export import ExportCancelled, files, fonts
from export.pdf import postmortem_pdf, preread_pdf, render_document, write_document
from export.story import build_story
from export.styles import styles
from facilitation.model import EntryImage, KeyLearning, Session, TimelineEntry
from facilitation.settings import default_settings
from tests.export.sessions import realistic_session
from tests.factories import PIXEL_PNG, full_session
from tests.strategies import sessions

SETTINGS = default_settings()


def pdf_of(session: Session, tmp_path: Path, *, author: str = "") -> pypdf.PdfReader:
    path = tmp_path / "out.pdf"
    postmortem_pdf(session, SETTINGS, path, author=author, invariant=True)
    return pypdf.PdfReader(path)


def text_of(reader: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def outline_of(reader: pypdf.PdfReader) -> list[object]:
    def titles(entries: list[object]) -> list[object]:
        return [titles(e) if isinstance(e, list) else e["/Title"] for e in entries]  # type: ignore[index]

    return titles(reader.outline)


def test_page_one_opens_with_the_title_line_and_the_learnings(tmp_path: Path) -> None:
    session = realistic_session()
    page_one = pdf_of(session, tmp_path).pages[0].extract_text()

    positions = [
        page_one.index("INC-2031"),
        page_one.index("Logins failed in every region"),
        page_one.index("Sev-2"),
        page_one.index("Mon 2 March 2026"),
        page_one.index("What we learned"),
        *[page_one.index(learning.text[:40]) for learning in session.key_learnings],
        page_one.index("Summary"),
        page_one.index("Classification"),
    ]
    assert positions == sorted(positions)
    # Nothing from later sections slips in ahead of the learnings.
    for later in ("Timeline", "Config change #8812", "What went right", "Page 1 of"):
        assert later not in page_one or page_one.index(later) > positions[4]


def test_user_text_prints_as_typed(tmp_path: Path) -> None:
    session = full_session()
    session.key_learnings.append(KeyLearning(key="l9", text="Keep <b>&</b> & &amp; <i> as typed"))

    extracted = text_of(pdf_of(session, tmp_path))

    assert "Paged: login errors < 5% & rising <b>" in extracted
    assert "Keep <b>&</b> & &amp; <i> as typed" in extracted


def test_greek_cyrillic_and_hebrew_are_extracted(tmp_path: Path) -> None:
    session = full_session()
    session.summary = "Ελληνικά καλά. Русский текст. עברית טובה."

    extracted = text_of(pdf_of(session, tmp_path))

    for word in ("Ελληνικά", "Русский", "עברית", "Βασίλης", "Ирина", "Sørensen"):
        assert word in extracted


def test_cjk_is_drawn_with_a_system_font_when_there_is_one(tmp_path: Path) -> None:
    if not fonts.cjk_candidates():
        pytest.skip("no CJK font on this computer")
    session = full_session()
    session.summary = "登录失败 for 40 minutes"

    reader = pdf_of(session, tmp_path)

    assert "登录失败" in text_of(reader)
    used = {str(font["/BaseFont"]) for font in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("TakeawaysFallback" in name or "Droid" in name for name in used) or len(used) > 2


def test_cjk_without_a_font_does_not_stop_the_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "cjk_candidates", lambda: [])
    session = full_session()
    session.summary = "登录失败 for 40 minutes; 日本語; 한국어"

    extracted = text_of(pdf_of(session, tmp_path))

    assert "for 40 minutes" in extracted
    assert "A config push reaches every region" in extracted


def test_a_100000_character_text_breaks_across_pages(tmp_path: Path) -> None:
    session = realistic_session(5)
    words = "The queue grew & grew <b>quietly</b>. "
    huge = (words * (100_000 // len(words) + 1))[:100_000]
    session.summary = huge
    session.timeline[1].text = huge
    session.key_learnings[0].text = huge
    session.actions[0].text = huge
    session.metadata.customer_impact = huge
    session.went_wrong[0].text = "x" * 100_000

    reader = pdf_of(session, tmp_path)

    assert len(reader.pages) > 50
    extracted = " ".join(text_of(reader).split())
    assert extracted.count("grew <b>quietly</b>") > 5 * 2500  # 5 fields, 2,631 times each
    assert (
        "Ground rules" in reader.pages[-1].extract_text() or "Ground rules" in reader.pages[-2].extract_text()
    )


def test_a_2000_entry_timeline_breaks_across_pages_with_its_header(tmp_path: Path) -> None:
    session = realistic_session(2000)
    session.timeline[-1].text = "The very last entry"

    reader = pdf_of(session, tmp_path)

    assert len(reader.pages) > 60
    middle = reader.pages[len(reader.pages) // 2].extract_text()
    assert "When" in middle and "What happened" in middle  # the header row repeats
    assert "INC-2031 · Logins failed in every region" in middle  # the running header
    assert "The very last entry" in text_of(reader)


def test_the_timeline_shows_zone_star_approximation_date_changes_and_links(tmp_path: Path) -> None:
    extracted = " ".join(text_of(pdf_of(realistic_session(), tmp_path)).split())

    assert "★ 23:13 CET" in extracted
    assert "~23:19 CET" in extracted
    assert "Mon 2 Mar 2026" in extracted and "Tue 3 Mar 2026" in extracted
    assert "Auth errors: https://grafana.example/d/auth-errors" in extracted
    assert "Runbook · Rollback runbook:" in extracted


def test_images_are_drawn_and_a_broken_one_becomes_a_note(tmp_path: Path) -> None:
    session = realistic_session(3)
    session.timeline[0].image = EntryImage(PIXEL_PNG)  # not a PNG Pillow can decode
    session.timeline[2].image = EntryImage(b"not an image at all", "image/jpeg")

    reader = pdf_of(session, tmp_path)

    assert text_of(reader).count("The image could not be shown.") == 2
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1  # the graph on entry 2


def test_the_outline_names_every_section(tmp_path: Path) -> None:
    outline = outline_of(pdf_of(realistic_session(), tmp_path))

    assert outline == [
        "What we learned",
        "Summary",
        "Classification",
        "Timeline",
        "What went right",
        "What went wrong",
        "Contributing factors",
        ["Technical", "Process", "Organisational", "People conditions"],
        "Actions",
        "Ground rules",
    ]


def test_outline_entries_point_at_their_pages(tmp_path: Path) -> None:
    reader = pdf_of(realistic_session(), tmp_path)

    pages = {
        entry["/Title"]: reader.get_destination_page_number(entry)
        for entry in reader.outline
        if not isinstance(entry, list)
    }

    assert pages["What we learned"] == 0
    assert pages["Ground rules"] == len(reader.pages) - 1
    assert pages["Timeline"] < pages["Actions"]


def test_metadata_names_the_document_and_its_author(tmp_path: Path) -> None:
    metadata = pdf_of(full_session(), tmp_path, author="Ana Sørensen").metadata

    assert metadata is not None
    assert metadata.title == "#1421 Auth service outage after config push"
    assert metadata.author == "Ana Sørensen"
    assert metadata.subject == "Postmortem"
    assert metadata["/Keywords"] == "auth, config, Peak hours"


def test_a_public_export_has_no_author(tmp_path: Path) -> None:
    metadata = pdf_of(full_session(), tmp_path).metadata

    assert metadata is not None
    assert not metadata.author


def test_pages_are_numbered_and_later_pages_carry_the_reference(tmp_path: Path) -> None:
    reader = pdf_of(realistic_session(), tmp_path)
    total = len(reader.pages)

    for number, page in enumerate(reader.pages, start=1):
        page_text = page.extract_text()
        assert f"Page {number} of" in page_text
        assert f"of \n{total}" in page_text or f"of {total}" in page_text
        assert ("INC-2031 · Logins failed" in page_text) is (number > 1)


def test_invariant_output_is_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"

    postmortem_pdf(realistic_session(), SETTINGS, first, author="Ana", invariant=True)
    postmortem_pdf(realistic_session(), SETTINGS, second, author="Ana", invariant=True)

    assert first.read_bytes() == second.read_bytes()


class _Failing(Flowable):
    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803
        raise RuntimeError("layout failed")


def test_a_failed_layout_leaves_an_existing_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "out.pdf"
    path.write_bytes(b"the previous export")

    with pytest.raises(RuntimeError):
        write_document(path, [Paragraph("x", styles().body), _Failing()], title="t", subject="s")

    assert path.read_bytes() == b"the previous export"
    assert os.listdir(tmp_path) == ["out.pdf"]


def test_a_failed_write_leaves_an_existing_file_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out.pdf"
    path.write_bytes(b"the previous export")

    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        postmortem_pdf(full_session(), SETTINGS, path)

    assert path.read_bytes() == b"the previous export"
    assert os.listdir(tmp_path) == ["out.pdf"]


def test_an_export_replaces_an_existing_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "out.pdf"
    path.write_bytes(b"old")
    path.chmod(0o600)

    postmortem_pdf(full_session(), SETTINGS, path)

    assert path.read_bytes().startswith(b"%PDF-")
    assert path.stat().st_mode & 0o777 == 0o600


def test_cancelling_while_laying_out_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "out.pdf"
    seen: list[Flowable] = []

    def cancel_after_a_few(flowable: Flowable) -> None:
        seen.append(flowable)
        if len(seen) == 3:
            raise ExportCancelled

    with pytest.raises(ExportCancelled):
        write_document(
            path,
            build_story(full_session(), SETTINGS),
            title="t",
            subject="s",
            after_flowable=cancel_after_a_few,
        )

    assert not path.exists()
    assert os.listdir(tmp_path) == []


def test_an_internal_export_marks_what_is_private(tmp_path: Path) -> None:
    extracted = " ".join(text_of(pdf_of(full_session(), tmp_path)).split())

    assert "Night pages pile up unseen. Private: kept out of public exports." in extracted
    assert extracted.index("Parking lot") < extracted.index("Add a lint for host names in runbooks")
    assert "Facilitator's private notes" in extracted and "Irina was quiet" in extracted


def test_without_parking_lot_and_private_notes_their_sections_are_left_out(tmp_path: Path) -> None:
    session = full_session()
    session.parking_lot, session.private_notes = [], ""  # as a public export has them

    outline = outline_of(pdf_of(session, tmp_path))

    assert "Parking lot" not in outline and "Facilitator's private notes" not in outline
    assert outline[-2:] == ["Actions", "Ground rules"]


def test_an_empty_session_exports_kindly(tmp_path: Path) -> None:
    extracted = text_of(pdf_of(Session(title=""), tmp_path))

    assert "Untitled debrief" in extracted
    assert "No key learnings were written down yet." in extracted
    assert "No timeline entries were recorded." in extracted


def test_the_preread_has_agenda_ground_rules_and_draft_timeline(tmp_path: Path) -> None:
    path = tmp_path / "pre.pdf"
    session = realistic_session(5)
    session.timebox = {"plan": {"timeline": 40, "went_right": 4}}

    preread_pdf(session, SETTINGS, path, author="Ana", invariant=True)

    reader = pypdf.PdfReader(path)
    extracted = text_of(reader)
    assert "Timeline" in extracted and "40 min" in extracted and "44 min" in extracted
    assert "How we hold this debrief" in extracted
    assert "Config change #8812 merged" in extracted
    assert outline_of(reader) == ["What we know so far", "Agenda", "Ground rules", "Draft timeline"]
    assert reader.metadata is not None
    assert reader.metadata.title == "Pre-read: INC-2031 Logins failed in every region after a config push"


def test_the_preread_leaves_private_timeline_entries_out(tmp_path: Path) -> None:
    path = tmp_path / "pre.pdf"

    preread_pdf(full_session(), SETTINGS, path)

    extracted = text_of(pypdf.PdfReader(path))
    assert "Config pushed to all regions" in extracted
    assert "Someone mentioned a similar outage" not in extracted


def test_the_preread_uses_the_default_plan_when_the_stored_one_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "pre.pdf"
    session = realistic_session(2)
    session.timebox = {"plan": {"no such phase": 3}}

    preread_pdf(session, SETTINGS, path)

    assert "60 min" in text_of(pypdf.PdfReader(path))


def test_the_time_of_a_timeline_entry_in_the_repeated_hour_reads_in_its_zone(tmp_path: Path) -> None:
    session = realistic_session(1)
    # 02:30 happens twice in Copenhagen on 25 October 2026; the second is in CET.
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    session.timeline = [
        TimelineEntry(key="t1", at=second - timedelta(hours=1)),
        TimelineEntry(key="t2", at=second),
    ]

    extracted = text_of(pdf_of(session, tmp_path))

    assert "02:30 CET" in extracted and "02:30 CEST" in extracted


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(session=sessions())
def test_any_session_makes_a_readable_pdf(session: Session) -> None:
    data = render_document(build_story(session, SETTINGS), title=session.title, subject="Postmortem")

    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1
    assert "What we learned" in reader.pages[0].extract_text()


def test_the_shows_of_hands_are_in_the_classification(tmp_path: Path) -> None:
    session = full_session()
    session.hand_counts[1].present = 7
    text = " ".join(text_of(pdf_of(session, tmp_path)).split())
    assert "Shows of hands Ready checks: Timeline 6 of 7; learned something new today: 5 of 7" in text
    session.hand_counts = []
    assert "Shows of hands" not in text_of(pdf_of(session, tmp_path))
