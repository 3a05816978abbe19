"""Reading Slack exports: names, markup, threads, bots, edits, deletions, zips and broken files."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from facilitation.imports.common import (
    ImportCancelled,
    ImportedEntry,
    ImportOptions,
    ImportProblem,
    Progress,
    detect_format,
    read,
)
from facilitation.imports.slack import list_channels, read_slack

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "imports" / "slack"
SAMPLE = Path("/work/shared/fixtures/slack-export-sample")
CPH = ZoneInfo("Europe/Copenhagen")
OPTIONS = ImportOptions(zone="Europe/Copenhagen")


def _zip(folder: Path, target: Path, prefix: str = "") -> Path:
    """``folder`` packed as Slack packs an export (optionally inside a top folder)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + path.relative_to(folder).as_posix())
    return target


def _by_text(entries: list[ImportedEntry]) -> dict[str, ImportedEntry]:
    return {entry.text: entry for entry in entries}


def test_channels_are_listed_from_the_folders_that_hold_days() -> None:
    assert list_channels(FIXTURE) == ["empty-channel", "incident-auth", "random"]


def test_a_folder_or_zip_is_slack_a_csv_is_timeline_csv_anything_else_chat(tmp_path: Path) -> None:
    assert detect_format(FIXTURE) == "slack"
    assert detect_format(tmp_path / "export.ZIP") == "slack"
    assert detect_format(tmp_path / "timeline.csv") == "timeline-csv"
    assert detect_format(tmp_path / "irc.log") == "chat"


def test_messages_become_entries_in_time_order_across_channels_in_the_sessions_zone() -> None:
    result = read_slack(FIXTURE, OPTIONS)
    first, second = result.entries[:2]
    assert first.at == datetime(2026, 3, 2, 14, 2, 11, 1, tzinfo=CPH)
    assert first.at.utcoffset() == CPH.utcoffset(datetime(2026, 3, 2))
    assert (first.channel, second.channel) == ("#incident-auth", "#random")  # equal seconds: file order
    assert all(e.source == "chat" for e in result.entries)
    times = [e.at for e in result.entries if e.at]
    assert times == sorted(times)


def test_names_are_display_name_then_real_name_then_id() -> None:
    entries = _by_text(read_slack(FIXTURE, OPTIONS).entries)
    assert entries["lunch?"].actor == "Ana"
    assert entries["I'm on it, rolling back the config push for @Ana"].actor == "Βασίλης Π."
    assert entries["typo'd message"].actor == "U3"
    assert entries["guest here, mailto ops@example.com and @U404"].actor == "Guest Person"


def test_mentions_channels_links_and_escapes_become_readable_text() -> None:
    entries = _by_text(read_slack(FIXTURE, OPTIONS).entries)
    assert (
        "Login errors are climbing @here — see the auth board (https://grafana.example/d/auth) and #random"
        in entries
    )
    assert "thanks @Βασίλης Π., I'll watch the board" in entries  # the id wins over the old label
    assert "guest here, mailto ops@example.com and @U404" in entries
    assert entries["[FIRING] Auth 5xx > 5% for 2 minutes"].actor == "PagerBot"


def test_thread_replies_name_their_parent_even_across_days() -> None:
    entries = _by_text(read_slack(FIXTURE, OPTIONS).entries)
    parent = "I'm on it, rolling back the config push for @Ana"
    assert entries[parent].thread == ""
    assert entries["thanks @Βασίλης Π., I'll watch the board"].thread == (
        'reply to Βασίλης Π. 14:04: "I\'m on it, rolling back the config push…"'
    )
    assert entries["late reply: root cause was the canary skip"].thread.startswith(
        "reply to Βασίλης Π. 2026-03-02 14:04:"
    )
    assert entries["reply to a thread we never saw"].thread == "reply to a message at 2026-03-01 09:00"


def test_housekeeping_is_left_out_and_counted() -> None:
    result = read_slack(FIXTURE, OPTIONS)
    texts = [e.text for e in result.entries]
    assert not any("has joined" in t or "has left" in t or "topic" in t for t in texts)
    assert result.skipped["housekeeping"] == 4
    assert "4 housekeeping messages (joins, leaves, topic and pin changes) left out." in result.notices


def test_bots_are_kept_and_marked_named_from_the_message_that_added_them() -> None:
    entries = _by_text(read_slack(FIXTURE, OPTIONS).entries)
    assert entries["[FIRING] Auth 5xx > 5% for 2 minutes"].bot
    assert entries["auth-api 7.2%"].actor == "grafana"  # from bot_add's <…/services/B9|grafana>
    assert entries["auth-api 7.2%"].bot
    assert not entries["lunch?"].bot


def test_bots_can_be_skipped() -> None:
    result = read_slack(FIXTURE, ImportOptions(zone="Europe/Copenhagen", skip_bots=True))
    assert not any(e.bot for e in result.entries)
    assert result.skipped["bot"] == 2
    assert "2 bot messages left out, as asked." in result.notices


def test_edits_keep_the_last_text_and_deletions_are_left_out() -> None:
    result = read_slack(FIXTURE, OPTIONS)
    entries = _by_text(result.entries)
    assert entries["second try & it works"].edited
    assert entries["typo'd message"].edited
    assert not entries["lunch?"].edited
    assert "first try & <b>bold</b>" not in entries
    assert "this one gets deleted" not in entries
    assert "This message was deleted." not in entries
    assert result.skipped["deleted"] == 2
    assert result.skipped["empty"] == 1


def test_actions_files_and_right_to_left_text_read_as_said() -> None:
    entries = _by_text(read_slack(FIXTURE, OPTIONS).entries)
    assert entries["נועה restarts the auth pods 🚀"].actor == "נועה"
    assert entries["shared a file: error graph"].actor == "Ana"


def test_a_line_that_is_not_utf8_is_read_as_windows_1252_and_said_so() -> None:
    result = read_slack(FIXTURE, OPTIONS)
    assert "café is closed" in _by_text(result.entries)
    notice = "In slack, random/2026-03-03.json, line 5 was not UTF-8 and was read as Windows-1252 (Latin-1)."
    assert notice in result.notices


def test_channels_and_a_time_window_choose_what_is_read() -> None:
    options = ImportOptions(
        zone="Europe/Copenhagen",
        channels=("#random",),
        since=datetime(2026, 3, 2, 14, 0, tzinfo=CPH),
        until=datetime(2026, 3, 2, 23, 59, tzinfo=CPH),
    )
    result = read_slack(FIXTURE, options)
    assert [e.text for e in result.entries] == ["lunch?"]
    assert result.skipped == {"outside the time window": 1}


def test_channel_names_match_without_case_or_hash() -> None:
    result = read_slack(FIXTURE, ImportOptions(channels=("#Random",)))
    assert {e.channel for e in result.entries} == {"#random"}


def test_a_folder_that_cannot_be_listed_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = _copy(tmp_path)

    def refuse(path: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("facilitation.imports.slack_export.os.scandir", refuse)
    with pytest.raises(ImportProblem, match=r"^export could not be read \(Permission denied\)"):
        list_channels(export)


def test_a_channel_that_is_not_there_is_named() -> None:
    with pytest.raises(ImportProblem) as problem:
        read_slack(FIXTURE, ImportOptions(channels=("ops",)))
    assert str(problem.value) == (
        "slack has no channel named 'ops'; its channels are empty-channel, incident-auth, random."
    )


@pytest.mark.parametrize("prefix", ["", "my-workspace export/"])
def test_a_zip_reads_like_the_folder(tmp_path: Path, prefix: str) -> None:
    archive = _zip(FIXTURE, tmp_path / "export.zip", prefix)
    assert list_channels(archive) == list_channels(FIXTURE)
    assert read(archive, "slack", OPTIONS).entries == read_slack(FIXTURE, OPTIONS).entries


def test_a_folder_holding_the_export_one_level_down_is_read(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "outer" / "export")
    assert read_slack(tmp_path / "outer", OPTIONS).entries == read_slack(FIXTURE, OPTIONS).entries


def test_progress_is_reported_and_a_false_answer_cancels() -> None:
    seen: list[Progress] = []

    def keep_going(step: Progress) -> bool:
        seen.append(step)
        return True

    read_slack(FIXTURE, OPTIONS, keep_going)
    assert seen and seen[-1].done == seen[-1].total
    assert all(0 <= s.done <= s.total for s in seen)
    assert [s.done for s in seen] == sorted(s.done for s in seen)
    with pytest.raises(ImportCancelled):
        read_slack(FIXTURE, OPTIONS, lambda step: False)


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "export"
    shutil.copytree(FIXTURE, target)
    return target


def test_malformed_json_is_named_by_file_and_line(tmp_path: Path) -> None:
    export = _copy(tmp_path)
    day = export / "random" / "2026-03-02.json"
    day.write_text('[\n  {"type": "message", "ts": "1.0"},\n  {"type": "message", "text": }\n]\n')
    with pytest.raises(ImportProblem) as problem:
        read_slack(export, OPTIONS)
    assert str(problem.value).startswith("export, random/2026-03-02.json, line 3, is not JSON here;")


def test_a_day_file_cut_short_is_named(tmp_path: Path) -> None:
    export = _copy(tmp_path)
    (export / "random" / "2026-03-02.json").write_text('[\n  {"type": "message", "text": "ok"')
    with pytest.raises(ImportProblem, match=r"random/2026-03-02\.json, line 2, ends before its last message"):
        read_slack(export, OPTIONS)


def test_a_message_that_is_not_an_object_or_has_no_time_is_named(tmp_path: Path) -> None:
    export = _copy(tmp_path)
    day = export / "random" / "2026-03-02.json"
    day.write_text('[{"type": "message", "text": "ok", "ts": "1772456400.000100"}, 42]')
    with pytest.raises(ImportProblem, match=r"random/2026-03-02\.json, message 2, is not a Slack message"):
        read_slack(export, OPTIONS)
    day.write_text('[{"type": "message", "text": "ok", "ts": "yesterday"}]')
    with pytest.raises(ImportProblem, match=r"message 1, has no time Slack could have written"):
        read_slack(export, OPTIONS)


def test_a_time_written_as_a_number_is_read(tmp_path: Path) -> None:
    export = _copy(tmp_path)
    (export / "random" / "2026-03-02.json").write_text(
        '[{"type": "message", "text": "ok", "ts": 1772456400.5}]'
    )
    entries = read_slack(export, ImportOptions(channels=("random",))).entries
    assert entries[0].at == datetime(2026, 3, 2, 13, 0, 0, 500000, tzinfo=UTC)


def test_an_empty_or_foreign_folder_is_not_an_export(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "photos" / "2026").mkdir(parents=True)
    (tmp_path / "photos" / "2026" / "cat.jpg").write_bytes(b"\xff\xd8")
    for folder in ("empty", "photos"):
        with pytest.raises(ImportProblem, match=f"^{folder} does not look like a Slack export"):
            read_slack(tmp_path / folder, OPTIONS)
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "channels.json").write_text("[]")
    with pytest.raises(ImportProblem, match="is a Slack export without any channel messages"):
        list_channels(tmp_path / "lists")


def test_a_broken_or_foreign_zip_is_named(tmp_path: Path) -> None:
    archive = _zip(FIXTURE, tmp_path / "export.zip")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(archive.read_bytes()[: len(archive.read_bytes()) // 2])
    with pytest.raises(ImportProblem, match=r"^broken\.zip is neither a folder nor a readable \.zip file"):
        read_slack(broken, OPTIONS)
    foreign = tmp_path / "notes.zip"
    with zipfile.ZipFile(foreign, "w") as zipped:
        zipped.writestr("notes/readme.txt", "hello")
    with pytest.raises(ImportProblem, match=r"^notes\.zip does not look like a Slack export"):
        read_slack(foreign, OPTIONS)


def test_a_damaged_member_of_a_zip_is_named(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zipped:
        zipped.writestr("random/2026-03-02.json", json.dumps([{"text": "intact words here", "ts": "1.0"}]))
    data = archive.read_bytes().replace(b"intact", b"broken")  # the CRC no longer matches
    archive.write_bytes(data)
    with pytest.raises(ImportProblem, match=r"^export\.zip, random/2026-03-02\.json, is damaged inside"):
        read_slack(archive, OPTIONS)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    with (
        zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped,
        zipped.open("general/2026-03-02.json", "w", force_zip64=True) as member,
    ):
        for _ in range(80):
            member.write(b" " * (1024 * 1024))
    with pytest.raises(ImportProblem, match="which no chat export does"):
        read_slack(archive, OPTIONS)


def test_names_in_a_zip_that_climb_out_are_passed_over(tmp_path: Path) -> None:
    archive = _zip(FIXTURE, tmp_path / "export.zip")
    with zipfile.ZipFile(archive, "a") as zipped:
        zipped.writestr("../evil/2026-03-02.json", "[]")
        zipped.writestr("/abs/2026-03-02.json", "[]")
    assert list_channels(archive) == ["empty-channel", "incident-auth", "random"]


def test_without_users_json_people_are_named_by_id_and_told(tmp_path: Path) -> None:
    export = _copy(tmp_path)
    (export / "users.json").unlink()
    result = read_slack(export, OPTIONS)
    assert _by_text(result.entries)["lunch?"].actor == "U1"
    assert any("has no list of people (users.json)" in notice for notice in result.notices)


def test_a_huge_day_file_is_read_message_by_message(tmp_path: Path) -> None:
    export = tmp_path / "export"
    (export / "general").mkdir(parents=True)
    (export / "channels.json").write_text('[{"id": "C1", "name": "general"}]')
    message = {"type": "message", "user": "U1", "text": "x" * 2000}
    with (export / "general" / "2026-03-02.json").open("w") as day:
        day.write("[")
        for number in range(3000):  # about 6 MB, read in 64 KB batches
            stamped = {**message, "ts": f"{1772456400 + number}.000000"}
            day.write(("," if number else "") + json.dumps(stamped))
        day.write("]")
    result = read_slack(export, OPTIONS)
    assert len(result.entries) == 3000
    assert result.entries[-1].at == datetime.fromtimestamp(1772456400 + 2999, CPH)


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="the shared Slack export sample is not on this machine")
def test_the_real_2016_export_reads_whole() -> None:
    result = read_slack(SAMPLE, OPTIONS)
    assert list_channels(SAMPLE) == ["enrique", "traveling-sailor"]
    # 158 messages: 8 joins and 3 bot additions left out, the rest kept (94 of them from bots).
    assert len(result.entries) == 147
    assert result.skipped == {"housekeeping": 11}
    assert sum(e.bot for e in result.entries) == 94
    assert {e.actor for e in result.entries if e.bot} == {"github"}
    assert not any("<@" in e.text or "<http" in e.text for e in result.entries)
    skipped = read_slack(SAMPLE, ImportOptions(zone="UTC", skip_bots=True, channels=("enrique",)))
    assert skipped.entries and not any(e.bot for e in skipped.entries)
