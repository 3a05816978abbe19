"""What can stand between a person and their library, each said in one plain sentence."""

from __future__ import annotations

from pathlib import Path


class LibraryProblem(Exception):
    """The library cannot be used as asked; ``str()`` is a sentence for the person."""


class LibraryMissing(LibraryProblem):
    """No library exists at the path and this command does not create one."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"There is no library at {path}; import a session or open the app to create one, "
            "or name an existing library with --db."
        )


class LibraryRefused(LibraryProblem):
    """The file is not one Takeaways may open; it has been left exactly as it was."""


class LibraryTooNew(LibraryRefused):
    """The library was written by a newer Takeaways."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(
            f"The library {path} uses schema version {found}, from a newer Takeaways; "
            f"this one reads up to version {supported}, so the file was left untouched. "
            "Open it with the newer Takeaways."
        )


class LibraryDamaged(LibraryRefused):
    """The file is not a readable library: damaged, cut short, or something else."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(
            f"The file {path} {what}, so Takeaways left it untouched. Restore a copy from the "
            "backups folder beside it, or choose another library with --db."
        )


class SessionNotFound(LibraryProblem):
    """No session in the library answers to the id or reference given."""


class LibraryBusy(LibraryProblem):
    """Another program kept the library locked for longer than we wait."""
