"""The library as the window reads it whole (``facilitation.protocols.LibraryQueries``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from facilitation.library import ForgetPreview, Found, LibraryFilter, MatrixRow, OpenAction, Stats
from facilitation.model import SessionSummary
from storage.library import Library


class LibraryQueriesAdapter:
    """Hands the window's questions to the library's stores, with the settings they need."""

    def __init__(self, library: Library) -> None:
        self._library = library

    def matrix(self, offset: int = 0, limit: int | None = None) -> list[MatrixRow]:
        """Sessions as matrix rows, newest first: ``limit`` from ``offset`` (None: all from there)."""
        return self._library.queries.matrix(offset, limit)

    def search(self, query: str, limit: int = 50) -> list[Found]:
        """Sessions matching every word typed, best first."""
        return self._library.queries.search(query, limit)

    def stats(self, by: str, filt: LibraryFilter) -> Stats:
        """Incidents counted by ``by``, with the library's holiday calendar as it is now."""
        return self._library.queries.stats(by, filt, self._library.settings.load().holidays)

    def open_actions(self) -> list[OpenAction]:
        """Every action still open or in progress."""
        return self._library.queries.open_actions()

    def on_this_day(self, today: date) -> list[SessionSummary]:
        """Incidents from today's date in earlier years, newest first."""
        return self._library.queries.on_this_day(today)

    def people(self) -> list[str]:
        """Every person named in the library, sorted."""
        return self._library.queries.people()

    def forget_preview(self, name: str, role: str) -> ForgetPreview:
        """Where ``name`` is, changing nothing."""
        return self._library.forgetting.preview(name, role)

    def forget(self, name: str, role: str) -> int:
        """Replace ``name`` by ``role`` everywhere, in one transaction."""
        return self._library.forgetting.forget(name, role)


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path``, whole or not at all (raises ``OSError``)."""
    from export.files import write_atomically

    write_atomically(path, text.encode("utf-8"))
