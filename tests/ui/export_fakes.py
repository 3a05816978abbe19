"""Stand-ins for what app hands the window for exports: an exporter that records, and settings in memory."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from facilitation.model import Session
from facilitation.protocols import ExportProblem
from facilitation.settings import OrgSettings


@dataclass(frozen=True)
class FakeMasking:
    """Shaped as ``facilitation.audience.Masking``."""

    kind: str
    original: str
    replacement: str
    where: str


@dataclass
class FakeExporter:
    """Records what it was asked to write and writes a small file; can be told to refuse or to wait."""

    refuse: str = ""
    """When set, every write raises ExportProblem with this sentence."""
    written: list[tuple[str, str, str, Path, list[str]]] = field(default_factory=list)
    """(title, kind, audience, path, masked terms) of each session written."""
    digests: list[tuple[list[str], date, date, str, Path]] = field(default_factory=list)
    """(titles, since, until, kind, path) of each digest written."""
    masked_terms_seen: list[list[str]] = field(default_factory=list)
    hold_at: int | None = None
    """In a digest, wait at this session until ``go`` is set (to stop it from a test meanwhile)."""
    held: threading.Event = field(default_factory=threading.Event)
    go: threading.Event = field(default_factory=threading.Event)
    told: list[tuple[int, int]] = field(default_factory=list)

    def masking(self, session: Session, masked_terms: Sequence[str]) -> list[FakeMasking]:
        self.masked_terms_seen.append(list(masked_terms))
        found = [
            FakeMasking("name", person.name, person.role or f"participant {n}", "participants")
            for n, person in enumerate(session.participants, 1)
        ]
        text = " ".join(entry.text for entry in session.timeline)
        found += [FakeMasking("term", term, "[masked]", "timeline") for term in masked_terms if term in text]
        found += [FakeMasking("private notes", session.private_notes, "", "private notes")] * bool(
            session.private_notes
        )
        return found

    def write_session(
        self, session: Session, kind: str, audience: str, settings: OrgSettings, path: Path
    ) -> None:
        if self.refuse:
            raise ExportProblem(self.refuse)
        terms = list(settings.masked_terms)
        self.written.append((session.title, kind, audience, path, terms))
        path.write_text(f"{kind} {audience} {session.title}", encoding="utf-8")

    def write_digest(
        self,
        sessions: Sequence[Session],
        since: date,
        until: date,
        kind: str,
        settings: OrgSettings,
        path: Path,
        progress: Callable[[int, int], bool],
    ) -> bool:
        if self.refuse:
            raise ExportProblem(self.refuse)
        total = len(sessions)
        for done in range(total + 1):
            if done == self.hold_at:
                self.held.set()
                assert self.go.wait(10), "the test never let the digest go on"
            self.told.append((done, total))
            if not progress(done, total):
                return False
        self.digests.append(([s.title for s in sessions], since, until, kind, path))
        path.write_text(f"digest of {total}", encoding="utf-8")
        return True


class MemorySettings:
    """The organisation's settings, kept in memory; ``saves`` counts the writes."""

    def __init__(self, masked_terms: Sequence[str] = ()) -> None:
        self._settings = OrgSettings()
        self._settings.masked_terms = list(masked_terms)
        self.saves = 0

    def load(self) -> OrgSettings:
        return copy.deepcopy(self._settings)

    def save(self, settings: OrgSettings) -> None:
        self._settings = copy.deepcopy(settings)
        self.saves += 1
