"""A Slack workspace export as files: the folder or the .zip Slack produces, read without unpacking."""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from facilitation.imports.common import ImportProblem
from facilitation.messages import echo

DAY_FILE = re.compile(r"\d{4}-\d{2}-\d{2}\.json", re.ASCII)
"""A channel's file for one day."""

LIST_FILES = ("channels.json", "groups.json", "mpims.json", "dms.json", "users.json")
"""The export's own lists at its top level."""

MAX_ZIP_BYTES = 8 * 1024**3
"""The most uncompressed data read from one .zip; more is refused rather than read."""

MAX_ZIP_RATIO = 200
"""A member that claims to grow more than this many times its packed size (and past 64 MB) is refused."""


@dataclass(frozen=True)
class DayFile:
    """One channel's messages for one day: its name inside the export and its size in bytes."""

    channel: str
    name: str
    size: int


class SlackFiles:
    """The files of an export, whichever way it came: by their names relative to its top."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.label = echo(path.name)
        self._zip: zipfile.ZipFile | None = None
        self._members: dict[str, zipfile.ZipInfo] = {}
        self._root = ""
        if path.is_dir():
            self._root_dir = _folder_root(path)
        elif path.is_file():
            self._open_zip()
        else:
            raise ImportProblem(f"{self.label} does not exist; choose the export's folder or .zip file.")

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> SlackFiles:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _open_zip(self) -> None:
        try:
            self._zip = zipfile.ZipFile(self.path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            raise ImportProblem(
                f"{self.label} is neither a folder nor a readable .zip file; "
                "choose the folder or the .zip that Slack's export produced."
            ) from None
        declared = 0
        for info in infos:
            name = info.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            if info.is_dir() or name.startswith("/") or ".." in parts or "__MACOSX" in parts:
                continue  # nothing is ever unpacked, but such names are not part of an export
            if info.file_size > 64 * 1024**2 and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
                raise ImportProblem(
                    f"{self.label}, {echo(name)}, would unpack to {info.file_size / 1024**3:.1f} GB from "
                    f"{info.compress_size:,} bytes, which no chat export does; check the file."
                )
            declared += info.file_size
            self._members[name] = info
        if declared > MAX_ZIP_BYTES:
            raise ImportProblem(
                f"{self.label} would unpack to more than {MAX_ZIP_BYTES // 1024**3} GB; "
                "export fewer channels or a shorter time from Slack and import that."
            )
        self._root = _zip_root(list(self._members))

    def has(self, name: str) -> bool:
        """Whether the export holds the file ``name`` (relative to its top)."""
        if self._zip is not None:
            return self._root + name in self._members
        return (self._root_dir / name).is_file()

    def day_files(self) -> list[DayFile]:
        """Every channel's day files, by channel folder, then day."""
        found: list[DayFile] = []
        if self._zip is not None:
            for name, info in self._members.items():
                if not name.startswith(self._root):
                    continue
                parts = name[len(self._root) :].split("/")
                if len(parts) == 2 and parts[0] and DAY_FILE.fullmatch(parts[1]):
                    found.append(DayFile(parts[0], "/".join(parts), info.file_size))
        else:
            with os.scandir(self._root_dir) as entries:
                folders = [entry for entry in entries if entry.is_dir()]
            for folder in folders:
                with os.scandir(folder.path) as files:
                    for file in files:
                        if DAY_FILE.fullmatch(file.name) and file.is_file():
                            found.append(
                                DayFile(folder.name, f"{folder.name}/{file.name}", file.stat().st_size)
                            )
        return sorted(found, key=lambda day: (day.channel, day.name))

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        """The file ``name`` (relative to the export's top), open for reading bytes.

        Raises:
            ImportProblem: It cannot be read (a damaged .zip, a file that vanished).
        """
        place = f"{self.label}, {echo(name)}"
        try:
            if self._zip is not None:
                with self._zip.open(self._members[self._root + name]) as stream:
                    yield stream
            else:
                with (self._root_dir / name).open("rb") as stream:
                    yield stream
        except (zipfile.BadZipFile, zlib.error, EOFError) as problem:
            raise ImportProblem(
                f"{place}, is damaged inside the .zip ({problem}); export it again."
            ) from None
        except NotImplementedError:
            raise ImportProblem(
                f"{place}, is packed in a way Python's zip reader cannot unpack; zip it again."
            ) from None
        except RuntimeError:
            raise ImportProblem(
                f"{place}, is protected by a password; export it again without one."
            ) from None
        except OSError as problem:
            raise ImportProblem(
                f"{place}, could not be read ({problem.strerror or 'unreadable'}); check the export."
            ) from None


def _folder_root(path: Path) -> Path:
    """The folder holding the export's lists: ``path`` itself, or its only subfolder that does."""
    if any((path / name).is_file() for name in LIST_FILES):
        return path
    with os.scandir(path) as entries:
        folders = [Path(entry.path) for entry in entries if entry.is_dir()]
    inner = [folder for folder in folders if any((folder / name).is_file() for name in LIST_FILES)]
    return inner[0] if len(folders) == 1 and inner else path


def _zip_root(names: list[str]) -> str:
    """The prefix (``""`` or ``"folder/"``) of the export's top inside a .zip."""
    tops = sorted(
        (
            name.rsplit("/", 1)[0] + "/" if "/" in name else ""
            for name in names
            if name.rsplit("/", 1)[-1] in LIST_FILES
        ),
        key=len,
    )
    if tops:
        return tops[0]
    channel_parents = {
        name.rsplit("/", 2)[0] + "/" if name.count("/") >= 2 else ""
        for name in names
        if DAY_FILE.fullmatch(name.rsplit("/", 1)[-1])
    }
    return min(channel_parents, key=len) if channel_parents else ""
