"""The crash harness: start a writer in a subprocess, SIGKILL it at a random moment, check nothing is lost.

Writers (``WRITERS``; adding one is one line):

- ``app``: the window going round the phases (``kill_session_target.py``); every
  change it showed as saved must be in the library, and the library whole.
- ``import-json``: ``takeaways import --format json`` of a big session; the library
  is either as before or holds the whole session besides.
- ``restore``: ``takeaways restore FILE``; the library holds either its old content
  or the copy's, whole, and the copy is untouched.
- ``daily-backup``: the app's daily copy; the library is untouched, and a copy
  listed with its final name is whole.
- ``import-csv``: ``takeaways import --format csv`` of a big classification matrix;
  the library is either as before or holds every incident besides.
- ``import-slack``, ``import-chat``, ``import-timeline-csv``: ``takeaways import
  --format … --session 1`` of thousands of messages; the session's timeline is
  either as before or holds every one of them besides.
- ``export-json``, ``export-md``, ``export-pdf``: ``takeaways export -o OUT``; the
  library is unchanged and OUT is either the old file or the whole new one.

Run ``python tests/app/kill_harness.py --kills 200`` for the long run (a table of
kills, outcomes and losses per writer; exit 1 on any loss). ``test_kill_harness.py``
runs a short round in ``make test``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from facilitation.interchange import dumps, loads  # noqa: E402
from facilitation.model import Session, TimelineEntry  # noqa: E402
from facilitation.settings import default_settings  # noqa: E402
from storage.backups import check_backup, describe_backups, make_backup  # noqa: E402
from storage.errors import LibraryProblem  # noqa: E402
from storage.library import Library, open_library  # noqa: E402
from storage.lock import LibraryLock  # noqa: E402
from tests.factories import full_session, library_with  # noqa: E402

SESSION_TARGET = Path(__file__).with_name("kill_session_target.py")
APP_ROUNDS = 4
"""Rounds of the phases the app goes through: 9 saved changes a round."""
SAVES_PER_ROUND = 9
DEADLINE_S = 120.0
BIG_ENTRIES = 3000
"""Timeline entries in the session imported and exported: enough that writing takes a while."""


def environment() -> dict[str, str]:
    """The writer's environment: headless Qt, UTF-8 output, this checkout importable."""
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }


def takeaways(*args: str | Path) -> list[str]:
    """The command line that runs ``takeaways`` from this checkout."""
    return [sys.executable, "-m", "app", *map(str, args)]


@dataclass
class Trial:
    """One kill: whether the writer was killed (or finished first), what the library showed, and losses."""

    killed: bool
    outcome: str  # "old", "new", or for the app how many changes had been shown as saved
    losses: list[str] = field(default_factory=list)
    leftovers: int = 0
    """Half-written temporary files the kill left beside the real ones (never read as real)."""


def integrity(path: Path) -> list[str]:
    """What is wrong with the library's structure (nothing, when it is whole)."""
    with open_library(path) as library:
        problems = [
            f"integrity_check: {row[0]}"
            for row in library.db.execute("PRAGMA integrity_check")
            if row[0] != "ok"
        ]
        problems += [f"foreign key: {row}" for row in library.db.execute("PRAGMA foreign_key_check")]
    return problems


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _snapshot(folder: Path) -> int:
    """The bytes in the files under ``folder``: what grows once a writer starts writing.

    SQLite's shared-memory index (``-shm``) is left out: it appears as soon as a
    library is opened, before anything is written.
    """
    total = 0
    for path in folder.rglob("*"):
        if not path.name.endswith("-shm"):
            with contextlib.suppress(FileNotFoundError):  # gone between listing and looking
                total += path.stat().st_size
    return total


@dataclass
class Timing:
    """How a command runs when left alone: its whole time, and when it first wrote to its folder."""

    duration: float
    first_change: float

    @classmethod
    def of(cls, command: list[str], cwd: Path, watched: Path) -> Timing:
        """Run ``command`` to the end (it must succeed), watching ``watched``."""
        before = _snapshot(watched)
        start = time.perf_counter()
        first_change = None
        with subprocess.Popen(
            command, cwd=cwd, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        ) as process:
            while process.poll() is None:
                if first_change is None and _snapshot(watched) != before:
                    first_change = time.perf_counter() - start
                time.sleep(0.0005)
            _out, err = process.communicate()
        duration = time.perf_counter() - start
        assert process.returncode == 0, err.decode("utf-8", "replace")
        return cls(duration, duration if first_change is None else first_change)

    def kill_at_random(self, command: list[str], cwd: Path, watched: Path, rng: random.Random) -> bool:
        """Run ``command`` and SIGKILL it at a random moment; whether the kill came before its end.

        Half the kills fall anywhere in the run (start-up included); the other half
        wait for the first change in ``watched`` and fall while the writing goes on.
        """
        from_the_start = rng.random() < 0.5
        before = _snapshot(watched)
        with subprocess.Popen(
            command, cwd=cwd, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        ) as process:
            if from_the_start:
                delay_s = rng.uniform(0.2, 1.1) * self.duration
            else:
                while process.poll() is None and _snapshot(watched) == before:
                    time.sleep(0.0005)
                delay_s = rng.uniform(0, 1.1) * max(self.duration - self.first_change, 0.002)
            try:
                process.wait(timeout=delay_s)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
            process.communicate(timeout=DEADLINE_S)
            return process.returncode == -signal.SIGKILL


def big_session(title: str, entries: int = BIG_ENTRIES) -> Session:
    """A session with every kind of item and a long timeline of awkward text."""
    session = full_session()
    session.title = title
    first = session.timeline[0]
    session.timeline += [
        TimelineEntry(text=f"entry {n}: {'ünïcode ✓ שלום <b>&amp; ' * 8}", at=first.at, kind=first.kind)
        for n in range(entries)
    ]
    return session


def _fresh_library(template: Path, folder: Path) -> Path:
    """A copy of ``template`` as ``folder/trial/library.sqlite``, alone in a folder emptied of what a
    trial before left (side files, backups)."""
    trial = folder / "trial"
    shutil.rmtree(trial, ignore_errors=True)
    trial.mkdir()
    shutil.copy(template, trial / "library.sqlite")
    return trial / "library.sqlite"


class Writer:
    """One writer of the library or of a file: prepared once, then killed at random moments."""

    def prepare(self, folder: Path) -> None:
        """Make what every trial starts from, in ``folder``."""

    def trial(self, folder: Path, rng: random.Random) -> Trial:
        """Start the writer on a fresh copy in ``folder``, kill it at a random moment, and check."""
        raise NotImplementedError


class LibraryWriter(Writer):
    """A command run on a fresh copy of ``template`` each trial: timed once when left alone, then killed."""

    template: Path
    timing: Timing
    watch_trial = False
    """Watch only the copy's own folder for the first write (else the whole folder of the writer)."""

    def _command(self, library: Path) -> list[str]:
        """The command that writes to (or from) ``library``."""
        raise NotImplementedError

    def _fresh(self, folder: Path) -> tuple[Path, Path]:
        """A fresh copy of the template, and the folder watched for the command's first write."""
        library = _fresh_library(self.template, folder)
        return library, library.parent if self.watch_trial else folder

    def _time(self, folder: Path) -> None:
        """Run the command once on a fresh copy to the end: how long it takes, and when it writes."""
        library, watched = self._fresh(folder)
        self.timing = Timing.of(self._command(library), folder, watched)

    def _kill(self, folder: Path, rng: random.Random) -> tuple[Path, bool]:
        """Run the command on a fresh copy and kill it at random: the copy, and whether it was killed."""
        library, watched = self._fresh(folder)
        return library, self.timing.kill_at_random(self._command(library), folder, watched, rng)


class AppCapture(Writer):
    """The window going round the phases; every change it showed as saved survives the kill."""

    def trial(self, folder: Path, rng: random.Random) -> Trial:
        library = folder / "library.sqlite"
        kill_after = rng.randint(1, APP_ROUNDS * SAVES_PER_ROUND)
        delay_s = rng.choice([0.0, rng.uniform(0, 0.004), rng.uniform(0, 0.02)])
        session_id, saved, status = self._run(library, kill_after, delay_s)
        if not session_id:  # counted against the app: it must start every time
            return Trial(status == -signal.SIGKILL, "not started", ["the app never started its session"])
        losses = integrity(library) + self._missing(library, session_id, saved)
        return Trial(status == -signal.SIGKILL, f"{len(saved)} saved", losses)

    @staticmethod
    def _run(library: Path, kill_after: int, delay_s: float) -> tuple[int, list[dict[str, str]], int]:
        with subprocess.Popen(
            [sys.executable, str(SESSION_TARGET), str(library), str(APP_ROUNDS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=environment(),
            encoding="utf-8",
        ) as process:
            assert process.stdout is not None
            watchdog = threading.Timer(DEADLINE_S, process.kill)
            watchdog.start()
            try:
                session_id, saved = 0, []
                for line in process.stdout:
                    word, _, rest = line.rstrip("\n").partition(" ")
                    if word == "session":
                        session_id = int(rest)
                    elif word == "saved":
                        saved.append(json.loads(rest))
                        if len(saved) == kill_after:
                            time.sleep(delay_s)
                            os.kill(process.pid, signal.SIGKILL)
                            break
                    elif word in ("not", "done"):
                        os.kill(process.pid, signal.SIGKILL)
                        break
                saved += [json.loads(line[6:]) for line in process.stdout if line.startswith("saved ")]
                status = process.wait()
            finally:
                watchdog.cancel()
        return session_id, saved, status

    @staticmethod
    def _missing(library: Path, session_id: int, saved: list[dict[str, str]]) -> list[str]:
        with open_library(library) as opened:
            session = opened.sessions.get(session_id)
        losses = []
        fields = {"title": session.title, "summary": session.summary, "severity": session.severity}
        for name, stored in fields.items():
            values = [change["value"] for change in saved if change.get("field") == name]
            # The last value shown as saved, or one typed after it whose write the kill let finish.
            if values and stored != values[-1] and not _later(name, stored, values[-1]):
                losses.append(f"{name}: shown saved as {values[-1]!r}, found {stored!r}")
        lists = {change["list"] for change in saved if "list" in change}
        for name in lists:
            shown = [change["text"] for change in saved if change.get("list") == name]
            stored_texts = [item.text for item in getattr(session, name)]
            if stored_texts[: len(shown)] != shown or len(stored_texts) > len(shown) + 1:
                losses.append(f"{name}: shown saved {len(shown)}, found {stored_texts!r}")
        return losses


def _later(name: str, stored: str, shown: str) -> bool:
    """Whether ``stored`` is the value of ``name`` the round after ``shown`` (written, then killed)."""
    if name == "severity":
        order = ["Sev-1", "Sev-2", "Sev-3", "Sev-4"]
        return stored in order and order.index(stored) == (order.index(shown) + 1) % len(order)
    try:
        return int(stored.split(" ")[1].rstrip(":")) == int(shown.split(" ")[1].rstrip(":")) + 1
    except (IndexError, ValueError):
        return False


ALREADY_HERE = [f"Already here {n}" for n in range(3)]
"""The sessions a library holds before something is imported into it."""


def _titles_by_id(library: Library) -> list[str]:
    """The titles of the library's sessions, oldest first."""
    return [s.title for s in sorted(library.sessions.summaries(), key=lambda s: s.id)]


class ImportJson(LibraryWriter):
    """``takeaways import --format json`` of a big session: all of it, or none and the library as it was."""

    def prepare(self, folder: Path) -> None:
        self.template = library_with(folder / "import-library.sqlite", *map(Session, ALREADY_HERE))
        self.file = folder / "big.json"
        self.file.write_text(dumps(big_session("Imported whole")), encoding="utf-8")
        expected = loads(self.file.read_text(encoding="utf-8"), default_settings().severity_names()).session
        self.expected_timeline = [entry.text for entry in expected.timeline]
        self._time(folder)

    def _command(self, library: Path) -> list[str]:
        return takeaways("import", "--format", "json", "--db", library, self.file)

    def trial(self, folder: Path, rng: random.Random) -> Trial:
        library, killed = self._kill(folder, rng)
        losses = integrity(library)
        with open_library(library) as opened:
            titles = _titles_by_id(opened)
            if titles[:3] != ALREADY_HERE or len(titles) not in (3, 4):
                losses.append(f"sessions: {titles!r}")
            outcome = "new" if len(titles) == 4 else "old"
            if len(titles) == 4:
                imported = opened.sessions.get(max(s.id for s in opened.sessions.summaries()))
                if [entry.text for entry in imported.timeline] != self.expected_timeline:
                    losses.append("the imported session is not whole")
        return Trial(killed, outcome, losses)


IMPORTED_ROWS = 3000
"""Incidents in the matrix CSV and messages in the chat files imported: enough that storing takes a while."""


class ImportMatrixCsv(LibraryWriter):
    """``takeaways import --format csv`` of a big matrix: every incident, or none and the library as
    it was."""

    def prepare(self, folder: Path) -> None:
        self.template = library_with(folder / "csv-library.sqlite", *map(Session, ALREADY_HERE))
        self.file = folder / "matrix.csv"
        rows = [
            f"PM-{n},Incident {n} ünïcode <b>,Sev-{n % 4 + 1},Auth Service,Config push,"
            f'"timeouts, retries","auth, config",2026-03-{n % 28 + 1:02d}'
            for n in range(IMPORTED_ROWS)
        ]
        header = "Incident,Title,Severity,System / Component,Primary Cause,Contributing Factors,Tags,Date"
        self.file.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
        self._time(folder)

    def _command(self, library: Path) -> list[str]:
        return takeaways("import", "--format", "csv", "--db", library, self.file)

    def trial(self, folder: Path, rng: random.Random) -> Trial:
        library, killed = self._kill(folder, rng)
        losses = integrity(library)
        with open_library(library) as opened:
            titles = _titles_by_id(opened)
        if titles[:3] != ALREADY_HERE or len(titles) not in (3, 3 + IMPORTED_ROWS):
            losses.append(f"{len(titles)} sessions: neither the 3 before nor those and every row")
        return Trial(killed, "new" if len(titles) > 3 else "old", losses)


def _clock(n: int) -> str:
    """The ``n``-th second after 14:00, as ``HH:MM:SS``."""
    return f"{14 + n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}"


def _chat_file(folder: Path, input_format: str) -> Path:
    """A chat export of ``IMPORTED_ROWS`` messages on 2 March 2026, in the form the format reads."""
    texts = [f"message {n}: ünïcode ✓ שלום <b>&amp;" for n in range(IMPORTED_ROWS)]
    if input_format == "chat":
        path = folder / "channel.log"
        lines = [f"2026-03-02T{_clock(n)}  <ana> {text}" for n, text in enumerate(texts)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path
    if input_format == "timeline-csv":
        path = folder / "timeline.csv"
        lines = [f"2026-03-02T{_clock(n)}+00:00,Ana,{text}" for n, text in enumerate(texts)]
        path.write_text("\n".join(["time,actor,text", *lines]) + "\n", encoding="utf-8")
        return path
    path = folder / "slack"
    (path / "incident").mkdir(parents=True)
    (path / "channels.json").write_text(json.dumps([{"id": "C1", "name": "incident"}]), encoding="utf-8")
    users = [{"id": "U1", "name": "ana", "real_name": "Ana", "profile": {"display_name": "Ana"}}]
    (path / "users.json").write_text(json.dumps(users), encoding="utf-8")
    start = 1772460000  # 2026-03-02 14:00 UTC
    messages = [
        {"type": "message", "user": "U1", "text": text, "ts": f"{start + n}.000100"}
        for n, text in enumerate(texts)
    ]
    (path / "incident" / "2026-03-02.json").write_text(json.dumps(messages), encoding="utf-8")
    return path


class ImportTimeline(LibraryWriter):
    """``takeaways import --format slack|chat|timeline-csv --session 1``: every message, or none and
    the session's timeline as it was."""

    def __init__(self, input_format: str) -> None:
        self.input_format = input_format

    def prepare(self, folder: Path) -> None:
        session = full_session()
        self.before = [entry.text for entry in session.timeline]
        self.template = library_with(folder / f"{self.input_format}-library.sqlite", session)
        self.file = _chat_file(folder, self.input_format)
        self._time(folder)

    def _command(self, library: Path) -> list[str]:
        return takeaways(
            "import", "--format", self.input_format, "--session", "1", "--db", library, self.file
        )

    def trial(self, folder: Path, rng: random.Random) -> Trial:
        library, killed = self._kill(folder, rng)
        losses = integrity(library)
        with open_library(library) as opened:
            texts = [entry.text for entry in opened.sessions.get(1).timeline]
        kept = [text for text in texts if text in self.before]
        if kept != self.before or len(texts) not in (len(self.before), len(self.before) + IMPORTED_ROWS):
            before = len(self.before)
            losses.append(f"{len(texts)} entries: not the {before} before, with or without every message")
        return Trial(killed, "new" if len(texts) > len(self.before) else "old", losses)


class Restore(LibraryWriter):
    """``takeaways restore FILE``: the old content or the copy's, whole; the copy untouched."""

    watch_trial = True

    def prepare(self, folder: Path) -> None:
        self.template = library_with(
            folder / "restore-library.sqlite", *(big_session(f"Before the restore {n}") for n in range(3))
        )
        self.copy = folder / "copy.sqlite"
        source = folder / "source.sqlite"
        with open_library(source, create=True) as library:
            library.sessions.create(big_session("From the copy"))
            made = make_backup(library.handle.conn, source, "kept")
        shutil.move(made, self.copy)
        self.copy_digest = _digest(self.copy)
        self._time(folder)

    def _command(self, library: Path) -> list[str]:
        return takeaways("restore", "--db", library, self.copy)

    def trial(self, folder: Path, rng: random.Random) -> Trial:
        library, killed = self._kill(folder, rng)
        losses = integrity(library)
        with open_library(library) as opened:
            titles = sorted(s.title for s in opened.sessions.summaries())
            timelines = {len(opened.sessions.get(s.id).timeline) for s in opened.sessions.summaries()}
        old = [f"Before the restore {n}" for n in range(3)]
        if titles not in (old, ["From the copy"]) or len(timelines) != 1:
            losses.append(f"sessions: {titles!r}, timelines of {timelines!r} entries")
        if _digest(self.copy) != self.copy_digest:
            losses.append("the copy restored from was changed")
        for backup in describe_backups(library):
            try:
                check_backup(backup.path)  # a copy with its final name is whole
            except LibraryProblem as problem:
                losses.append(str(problem))
        lock = LibraryLock(library)
        if not lock.acquire():
            losses.append("the library stayed locked")
        lock.release()
        partials = len(list(library.parent.glob("**/*.partial")))
        return Trial(killed, "new" if titles == ["From the copy"] else "old", losses, partials)


class DailyBackup(LibraryWriter):
    """The app's daily copy (``make_daily_backup``): the library untouched; a copy listed is a whole one."""

    watch_trial = True

    def prepare(self, folder: Path) -> None:
        self.titles = [f"Backed up {n}" for n in range(3)]
        self.template = library_with(folder / "daily-library.sqlite", *map(big_session, self.titles))
        self._time(folder)

    def _command(self, library: Path) -> list[str]:
        make = (
            "import sys; from pathlib import Path; from storage.backups import make_daily_backup as make; "
            "make(Path(sys.argv[1]))"
        )
        return [sys.executable, "-c", make, str(library)]

    def trial(self, folder: Path, rng: random.Random) -> Trial:
        library, killed = self._kill(folder, rng)
        losses = integrity(library)
        with open_library(library) as opened:
            if sorted(s.title for s in opened.sessions.summaries()) != self.titles:
                losses.append("the library changed")
        made = describe_backups(library)
        for backup in made:
            try:
                check_backup(backup.path)
            except LibraryProblem as problem:
                losses.append(str(problem))
        partials = len(list(library.parent.glob("**/*.partial")))
        return Trial(killed, "new" if made else "old", losses, partials)


class Export(Writer):
    """``takeaways export -o OUT``: the library unchanged; OUT the old file or the whole new one."""

    def __init__(self, output_format: str, entries: int = BIG_ENTRIES) -> None:
        self.output_format = output_format
        self.entries = entries

    def prepare(self, folder: Path) -> None:
        self.library = folder / f"export-{self.output_format}.sqlite"
        with open_library(self.library, create=True) as library:
            library.sessions.create(big_session("Exported", self.entries))
        self.library_digest = _digest(self.library)
        (folder / "out").mkdir()
        self.out = folder / "out" / f"out.{self.output_format}"
        self.out.write_bytes(b"the export before")
        self.timing = Timing.of(self._command(), folder, self.out.parent)
        self.new = self.out.read_bytes()

    def _command(self) -> list[str]:
        return takeaways("export", "1", "--format", self.output_format, "--db", self.library, "-o", self.out)

    def trial(self, folder: Path, rng: random.Random) -> Trial:
        self.out.write_bytes(b"the export before")
        killed = self.timing.kill_at_random(self._command(), folder, self.out.parent, rng)
        losses = integrity(self.library)
        if _digest(self.library) != self.library_digest:
            losses.append("the library changed")
        written = self.out.read_bytes()
        whole = written.startswith(b"%PDF-") and written.rstrip().endswith(b"%%EOF")
        if self.output_format != "pdf":
            whole = written == self.new
        if written != b"the export before" and not whole:
            losses.append(f"{self.out.name} is neither the old file nor the whole new one")
        leftovers = [path for path in self.out.parent.iterdir() if path != self.out]
        for path in leftovers:
            path.unlink()
        return Trial(killed, "old" if written == b"the export before" else "new", losses, len(leftovers))


WRITERS: dict[str, Callable[[], Writer]] = {
    "app": AppCapture,
    "import-json": ImportJson,
    "import-csv": ImportMatrixCsv,
    "import-slack": lambda: ImportTimeline("slack"),
    "import-chat": lambda: ImportTimeline("chat"),
    "import-timeline-csv": lambda: ImportTimeline("timeline-csv"),
    "restore": Restore,
    "daily-backup": DailyBackup,
    "export-json": lambda: Export("json"),
    "export-md": lambda: Export("md"),
    "export-pdf": lambda: Export("pdf", entries=150),  # laying out a PDF is slow: a shorter one
}


@dataclass
class Tally:
    """What the kills of one writer came to."""

    trials: int = 0
    killed: int = 0
    leftovers: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    losses: list[str] = field(default_factory=list)


def run(
    kills: int, seed: int, names: list[str], folder: Path, say: Callable[[str], None]
) -> dict[str, Tally]:
    """``kills`` trials shared round-robin among the writers ``names``; the tally of each."""
    rng = random.Random(seed)
    writers = {}
    for name in names:
        place = folder / name
        place.mkdir(parents=True)
        writers[name] = WRITERS[name]()
        writers[name].prepare(place)
        timing: Timing | None = getattr(writers[name], "timing", None)
        if timing is not None:
            say(f"{name}: {timing.duration:.2f} s when left alone, writing from {timing.first_change:.2f} s")
    tallies = {name: Tally() for name in names}
    for number in range(kills):
        name = names[number % len(names)]
        place = folder / name
        try:
            trial = writers[name].trial(place, rng)
        except LibraryProblem as refused:  # the kill left a library Takeaways refuses to open
            trial = Trial(True, "refused", [f"the library no longer opens: {refused}"])
        tally = tallies[name]
        tally.trials += 1
        tally.killed += trial.killed
        tally.leftovers += trial.leftovers
        key = "new" if trial.outcome == "new" else "old" if trial.outcome == "old" else "mid-capture"
        tally.outcomes[key] = tally.outcomes.get(key, 0) + 1
        tally.losses += [f"trial {number}: {loss}" for loss in trial.losses]
        say(
            f"{number + 1:4d} {name:12s} killed={trial.killed!s:5s} {trial.outcome:10s} "
            f"losses={len(trial.losses)}"
        )
    return tallies


def table(tallies: dict[str, Tally]) -> str:
    """The per-writer summary as a Markdown table."""
    lines = [
        "| writer | trials | killed mid-run | outcomes | temporary files left | losses |",
        "|---|---|---|---|---|---|",
    ]
    for name, tally in tallies.items():
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(tally.outcomes.items()))
        cells = [name, tally.trials, tally.killed, outcomes, tally.leftovers, len(tally.losses)]
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    total = sum(t.trials for t in tallies.values())
    killed = sum(t.killed for t in tallies.values())
    losses = sum(len(t.losses) for t in tallies.values())
    leftovers = sum(t.leftovers for t in tallies.values())
    lines.append(f"| all | {total} | {killed} | | {leftovers} | {losses} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--writers", default=",".join(WRITERS), help="comma-separated: " + ", ".join(WRITERS))
    args = parser.parse_args(argv)
    names = [name for name in args.writers.split(",") if name]
    unknown = sorted(set(names) - set(WRITERS))
    if unknown:
        parser.error(f"unknown writers: {', '.join(unknown)}")
    print(f"seed {args.seed}", flush=True)
    with tempfile.TemporaryDirectory(prefix="takeaways-kills-") as folder:
        tallies = run(args.kills, args.seed, names, Path(folder), lambda line: print(line, flush=True))
    print(table(tallies))
    for tally in tallies.values():
        for loss in tally.losses:
            print(loss)
    return 1 if any(t.losses for t in tallies.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
