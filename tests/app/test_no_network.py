"""No network, ever: every command runs with the network taken away, and never reaches for it."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from app.main import main
from facilitation.interchange import dumps
from tests.app.kill_harness import big_session


def test_no_command_reaches_for_the_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    reached: list[object] = []

    def refuse(*args: object, **_kwargs: object) -> None:
        reached.append(args)
        raise OSError("no network in this test")

    for name in ("connect", "connect_ex", "sendto", "bind"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    session = big_session("Links to https://example.com/status and <script>alert(1)</script>", 5)
    source = tmp_path / "session.json"
    source.write_text(dumps(session), encoding="utf-8")
    db = tmp_path / "library.sqlite"
    (tmp_path / "notes.md").write_text("We should just have known better.\n", encoding="utf-8")

    commands = [
        ["import", "--format", "json", source],
        ["list"],
        ["export", "1", "--format", "pdf", "-o", tmp_path / "out.pdf"],
        ["export", "1", "--format", "md", "--audience", "public", "-o", tmp_path / "out.md"],
        ["export", "1", "--format", "json", "-o", tmp_path / "out.json"],
        ["digest", "--since", "2000-01-01", "--until", "2100-12-31", "-o", tmp_path / "digest.pdf"],
        ["lint", tmp_path / "notes.md"],
        ["backups"],
    ]
    codes = [main([*map(str, command), "--db", str(db)]) for command in commands]

    assert codes == [0, 0, 0, 0, 0, 0, 1, 0], capsys.readouterr().err
    assert reached == []
    assert "<script>alert(1)</script>" in (tmp_path / "out.json").read_text(encoding="utf-8")  # kept as text
