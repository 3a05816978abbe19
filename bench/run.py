"""Measure Takeaways against the targets in PRODUCT.md; print a table and write bench/results.json.

Usage: ``python bench/run.py [--sessions N] [--entries M] [--rebuild] [--only NAME]… [--verbose]``

The synthetic library (``bench/library-NxM.sqlite``, gitignored) is made by
``make_library.py`` on the first run and reused after, unless ``--rebuild``;
``--sessions 200 --entries 50`` gives a quick run to try the script.
Each measure is a function in ``MEASURES``: it takes the ``Bench`` and returns
``Result`` rows. A result is ``ok`` when its value is at most its target, or
when it has no target. A measure that fails is reported with a null value and
``ok`` false, and the others still run. Exit status: 0 when every result is
``ok``, 1 when a target was missed or a measure failed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from coach_scoring import load_cases, score
from make_library import DEFAULT_SEED, Words, make_library, make_session
from make_slack_export import make_slack_export
from timeline_window import timeline_window

from facilitation.library import STATS_FIELDS, LibraryFilter
from storage.library import Library, open_library
from storage.search import match_expression

BENCH_DIR = Path(__file__).resolve().parent
COACH_CASE_FILES = tuple(
    BENCH_DIR.parent / "tests" / "facilitation" / name
    for name in ("coach_cases.toml", "coach_extra.toml", "coach_holdout.toml")
)
GENERATOR = BENCH_DIR / "make_library.py"

# PRODUCT.md, "Targets" (all are maxima).
CAPTURE_MEDIAN_MS = 5.0
CAPTURE_P99_MS = 16.0
SEARCH_MEDIAN_MS = 30.0
SEARCH_MAX_MS = 200.0
PDF_TARGET_S = 1.0
INSIGHTS_TARGET_MS = 100.0
MATRIX_TARGET_MS = 300.0
DIGEST_TARGET_S = 3.0

CAPTURE_SAMPLES = 500
CAPTURE_REFERENCE = "bench-capture"
CAPTURE_UI_SAMPLES = 1000
CAPTURE_UI_REFERENCE = "bench-capture-ui"
OPEN_SAMPLES = 20
LIST_RUNS = 7
IN_PROCESS_RUNS = 20
SEARCH_RUNS = 3
INSIGHTS_RUNS = 7
COACH_SPEED_CHARS = 100_000
COACH_SPEED_RUNS = 7
PDF_ENTRIES = 300
PDF_RUNS = 3
DIGEST_SESSIONS = 100
DIGEST_RUNS = 3
IMPORT_MESSAGES = 100_000
IMPORT_RUNS = 3

SEARCH_QUERIES = (
    # Index rows matched in the 10,000 × 50 library are in brackets.
    # Nothing: a misspelling, and two words never in one passage.
    "kubernetis",
    "xylophone quixotic",
    # Rare [1–60]: a ticket, a commit, a host, words from the long tail.
    "INC10000",
    "028881c",
    "mangrove",
    "portico",
    "INC10797",
    "hedgehog",
    "lilac",
    "cedar",
    "cuckoo",
    "barnacle",
    "canoe",
    "astrolabe",
    "pgreplica31",
    # Uncommon [60–2,000].
    "albatross",
    "kafka07",
    "abacus",
    "zephyr",
    "split brain",
    "ENOSPC",
    "NXDOMAIN",
    "Twilio",
    "checksum mismatch",
    # Middling [2,000–10,000]: components, metrics, symptoms.
    "image resizer",
    "replication lag",
    "OOMKilled",
    "phantom inventory",
    "certificate rotation",
    "consumer lag",
    "rollback",
    # Common [10,000–50,000]: names, and words many entries use.
    "Bjørn",
    "Garcia",
    "who owns",
    "status page",
    '"p99 latency"',
    "customers",
    "dashboard",
    "timeouts",
    "alert",
    # Very common [50,000–520,000]: in most passages, and mixtures with them.
    "primary database",
    "deploy",
    "error rate",
    "database",
    "service",
    "the",
    "on",
    "to",
    "the service",
    "Error rate for",
)


@dataclass
class Result:
    """One measured figure.

    Attributes:
        name: What it measures (``capture``, ``search_max`` …).
        value: The figure; None when the measure failed.
        unit: Its unit (``ms``, ``s``, ``MB``).
        target: The most it may be (PRODUCT.md), or None when there is no target.
        baseline: The same work done the plainest way, for comparison, or None.
        note: Shown in the table only.
    """

    name: str
    value: float | None
    unit: str
    target: float | None = None
    baseline: float | None = None
    note: str = ""

    @property
    def ok(self) -> bool:
        if self.value is None:
            return False
        return self.target is None or self.value <= self.target

    def as_json(self) -> dict[str, Any]:
        def rounded(x: float | None) -> float | None:
            return None if x is None else round(x, 3)

        return {
            "name": self.name,
            "value": rounded(self.value),
            "unit": self.unit,
            "target": self.target,
            "baseline": rounded(self.baseline),
            "ok": self.ok,
        }


@dataclass
class Bench:
    """What every measure gets: the synthetic library and how it came to be.

    Attributes:
        library: The library file.
        sessions: Sessions in it.
        entries: Timeline entries per session.
        build_seconds: Time it took to make, None when unknown.
        built_now: It was made in this run.
        verbose: Print per-sample details.
        notes: Said under the table.
    """

    library: Path
    sessions: int
    entries: int
    build_seconds: float | None
    built_now: bool
    verbose: bool = False
    notes: list[str] = field(default_factory=list)

    @contextmanager
    def opened(self) -> Iterator[Library]:
        library = open_library(self.library)
        try:
            yield library
        finally:
            library.close()


# -- helpers ---------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], p: float) -> float:
    """The nearest-rank percentile ``p`` (0–100) of ``values``."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def timed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter_ns()
    action()
    return (time.perf_counter_ns() - start) / 1e6


def ratio_text(result: Result) -> str:
    if result.value is None or not result.baseline:
        return ""
    return f"{result.value / result.baseline:.1f}×"


# -- measures --------------------------------------------------------------


def measure_create_library(bench: Bench) -> list[Result]:
    """Seconds to make the synthetic library through the storage code (no target)."""
    note = "made in this run" if bench.built_now else "from when the cached library was made"
    if bench.build_seconds is None:
        note = "cached library; time unknown (--rebuild to measure)"
    return [Result("create_library", bench.build_seconds, "s", note=note)]


def measure_file_size(bench: Bench) -> list[Result]:
    """The library file's size."""
    size = bench.library.stat().st_size / 1e6
    return [Result("file_size", size, "MB", note=f"{bench.sessions}×{bench.entries}")]


def measure_open_library(bench: Bench) -> list[Result]:
    """``open_library`` on the big file: judge the header, connect, check the schema."""
    samples = []
    for _ in range(OPEN_SAMPLES):
        start = time.perf_counter_ns()
        library = open_library(bench.library)
        samples.append((time.perf_counter_ns() - start) / 1e6)
        library.close()
    return [Result("open_library", median(samples), "ms", note=f"median of {OPEN_SAMPLES}")]


_RAW_LIST = r"""
import re, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute(
    "SELECT id, reference, title, severity, status, start_day FROM sessions "
    "ORDER BY start_day DESC, id DESC"
)
for row in rows:
    print("\t".join(re.sub(r"[\t\r\n]+", " ", str(f)) for f in row))
"""


def _takeaways_command() -> list[str]:
    script = Path(sys.executable).parent / "takeaways"
    return [str(script)] if script.exists() else [sys.executable, "-m", "app"]


def _run_ms(command: list[str]) -> tuple[float, bytes]:
    start = time.perf_counter_ns()
    done = subprocess.run(command, capture_output=True, check=True)
    return (time.perf_counter_ns() - start) / 1e6, done.stdout


def measure_list(bench: Bench) -> list[Result]:
    """``takeaways list`` end to end, and ``summaries()`` in process, each against raw sqlite3."""
    listing = [*_takeaways_command(), "list", "--db", str(bench.library)]
    raw = [sys.executable, "-c", _RAW_LIST, str(bench.library)]
    _, ours = _run_ms(listing)  # warm-up, and the output to compare
    _, theirs = _run_ms(raw)
    lines = ours.count(b"\n")
    same = "same output" if ours == theirs else "OUTPUT DIFFERS from raw sqlite3"
    ours_ms = median([_run_ms(listing)[0] for _ in range(LIST_RUNS)])
    raw_ms = median([_run_ms(raw)[0] for _ in range(LIST_RUNS)])

    with bench.opened() as library:
        in_process = median([timed_ms(library.sessions.summaries) for _ in range(IN_PROCESS_RUNS)])
    conn = sqlite3.connect(bench.library)
    try:
        query = (
            "SELECT id, reference, title, severity, status, start_day FROM sessions "
            "ORDER BY start_day DESC, id DESC"
        )
        raw_in_process = median(
            [timed_ms(lambda: conn.execute(query).fetchall()) for _ in range(IN_PROCESS_RUNS)]
        )
    finally:
        conn.close()
    return [
        Result("list", ours_ms, "ms", baseline=raw_ms, note=f"subprocess, {lines} lines, {same}"),
        Result(
            "list_in_process",
            in_process,
            "ms",
            baseline=raw_in_process,
            note="SessionStore.summaries() vs raw select",
        ),
    ]


def _raw_capture_ms(folder: Path, samples: int) -> list[float]:
    """INSERT + COMMIT of one row with WAL and synchronous=FULL: the floor for a durable write."""
    path = folder / "raw-capture.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute(
            "CREATE TABLE entries (id INTEGER PRIMARY KEY, session_id INTEGER, position INTEGER, text TEXT)"
        )
        times = []
        for number in range(samples + 5):
            ms = timed_ms(partial(_raw_insert, conn, number))
            if number >= 5:
                times.append(ms)
        return times
    finally:
        conn.close()


def _raw_insert(conn: sqlite3.Connection, number: int) -> None:
    conn.execute("BEGIN")
    conn.execute("INSERT INTO entries VALUES (NULL, 1, ?, ?)", [number, f"entry {number}"])
    conn.execute("COMMIT")


def _delete_sessions_named(library: Library, reference: str) -> None:
    """Delete sessions left by a run that was stopped half-way."""
    stale = library.db.execute("SELECT id FROM sessions WHERE reference = ?", [reference])
    for (leftover,) in stale.fetchall():
        library.sessions.delete(leftover)


def measure_capture(bench: Bench) -> list[Result]:
    """``SessionStore.add_item`` of a timeline entry on the big library, committed durably.

    The entries go to a session made for the purpose and deleted afterwards, so the
    cached library keeps its content from run to run.
    """
    rng = random.Random(DEFAULT_SEED + 1)
    words = Words(rng)
    times: list[float] = []
    with bench.opened() as library:
        _delete_sessions_named(library, CAPTURE_REFERENCE)
        session = make_session(rng, bench.sessions, bench.entries)
        session.reference = CAPTURE_REFERENCE
        session_id = library.sessions.create(session)
        names = [p.name for p in session.participants]
        try:
            for number in range(CAPTURE_SAMPLES + 5):
                entry = words.timeline_entry("", names)
                entry.at = datetime.now(UTC)
                ms = timed_ms(partial(library.sessions.add_item, session_id, entry))
                if number >= 5:  # the first few warm the connection's page cache
                    times.append(ms)
        finally:
            library.sessions.delete(session_id)
    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as folder:
        raw = _raw_capture_ms(Path(folder), CAPTURE_SAMPLES)
    if bench.verbose:
        print(f"capture: slowest ten {sorted(times)[-10:]}")
    note = f"{CAPTURE_SAMPLES} entries, one session growing from {bench.entries}"
    return [
        Result("capture", median(times), "ms", CAPTURE_MEDIAN_MS, median(raw), note=f"median; {note}"),
        Result("capture_p99", percentile(times, 99), "ms", CAPTURE_P99_MS, percentile(raw, 99), note="p99"),
    ]


def _qt_application() -> Any:
    """The process's QApplication, with the app's own theme (its style sheet costs in painting too)."""
    from PySide6.QtWidgets import QApplication

    from ui.theme import apply_theme

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0]])
        apply_theme(app)
    return app


def measure_capture_ui(bench: Bench) -> list[Result]:
    """Enter in the Timeline phase of the real window: ``TimelineView.capture()`` and the event loop.

    Each sample is the whole keystroke: the line parsed, the entry written durably
    (``SessionEditor.add_item``), the line cleared, and the posted events handled
    (the table's rows inserted and repainted). The window runs in this process on
    ``QT_QPA_PLATFORM`` (offscreen unless set), over the big library, in a session
    made for the purpose and deleted afterwards. Typed times run 14:00 … 14:59 over
    and over, so most entries go into the middle of a timeline growing to
    ``CAPTURE_UI_SAMPLES`` entries, moving the later ones down.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import PySide6  # Qt only for the measures that need it

    from facilitation.model import Participant, new_session

    app = _qt_application()
    times: list[float] = []
    with bench.opened() as library:
        _delete_sessions_named(library, CAPTURE_UI_REFERENCE)
        session = new_session("Europe/Copenhagen", library.settings.load().policy)
        session.reference = CAPTURE_UI_REFERENCE
        session.started_at = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
        session.participants = [Participant("Ana"), Participant("Bjørn")]
        window, session_id = timeline_window(library, session)
        try:
            assert window.session_view is not None
            view = window.session_view.timeline
            app.processEvents()

            def enter() -> None:
                view.capture()
                app.processEvents()

            references = sys.getrefcount(None), sys.getrefcount(True)
            for number in range(CAPTURE_UI_SAMPLES + 5):
                view.entry_line.setText(
                    f"14:{number % 60:02d} @Ana: entry {number}, the error rate for checkout rose again"
                )
                ms = timed_ms(enter)
                if view.entry_line.text():
                    raise RuntimeError(f"entry {number} was not captured: the line kept its text")
                if number >= 5:  # the first few build caches and warm the connection's pages
                    times.append(ms)
            dropped = [
                (before - sys.getrefcount(x)) / (CAPTURE_UI_SAMPLES + 5)
                for x, before in zip((None, True), references, strict=True)
            ]
            stored = len(library.sessions.get(session_id).timeline)
            if stored != CAPTURE_UI_SAMPLES + 5:
                raise RuntimeError(f"{stored} entries on disk, not {CAPTURE_UI_SAMPLES + 5}")
        finally:
            window.show_library()  # closes the session, writing what it still holds
            window.close()
            window.deleteLater()
            app.processEvents()
            library.sessions.delete(session_id)
    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as folder:
        raw = _raw_capture_ms(Path(folder), CAPTURE_SAMPLES)
    if bench.verbose:
        print(f"capture_ui: slowest ten {sorted(times)[-10:]}")
    if max(dropped) > 0:
        bench.notes.append(
            f"capture_ui: each Enter lost {dropped[0]:.1f} references to None and {dropped[1]:.1f} to True "
            f"(net; PySide6 {PySide6.__version__} on Python {sys.version.split()[0]}); the app aborts "
            "once one reaches zero: check the PySide6 pin"
        )
    note = f"{CAPTURE_UI_SAMPLES} Enters in the Timeline phase, window on {os.environ['QT_QPA_PLATFORM']}"
    return [
        Result("capture_ui", median(times), "ms", CAPTURE_MEDIAN_MS, median(raw), note=f"median; {note}"),
        Result(
            "capture_ui_p99", percentile(times, 99), "ms", CAPTURE_P99_MS, percentile(raw, 99), note="p99"
        ),
    ]


SCROLL_ENTRIES = 2000
SCROLL_ROWS_PER_STEP = 3  # one notch of a mouse wheel
SCROLL_FRAME_MS = 16.0  # PRODUCT.md: scrolls without visible stutter; a step within one frame (60 Hz)


def _scroll_steps_ms(app: Any, table: Any) -> list[float]:
    """Milliseconds per wheel notch down ``table`` from top to bottom and back up, each until painted."""
    bar = table.verticalScrollBar()
    bar.setValue(0)
    app.processEvents()
    times: list[float] = []

    def step(value: int) -> None:
        bar.setValue(value)
        app.processEvents()  # the scrolled viewport is painted here

    values = list(range(SCROLL_ROWS_PER_STEP, bar.maximum() + 1, SCROLL_ROWS_PER_STEP))
    for value in [*values, *reversed(values[:-1]), 0]:
        times.append(timed_ms(partial(step, value)))
    return times


def measure_timeline_scroll(bench: Bench) -> list[Result]:
    """Scrolling the Timeline phase's table of a 2,000-entry debrief, against a bare QTableView.

    The real window (in this process, on ``QT_QPA_PLATFORM``) over a library of its own;
    the baseline is a QTableView over a QStandardItemModel holding the same texts, with the
    same viewport and column widths. Each sample is one wheel notch (three rows), until painted.
    """
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    from facilitation.phases import Phase

    app = _qt_application()
    session = make_session(random.Random(DEFAULT_SEED + 4), 0, SCROLL_ENTRIES)
    session.current_phase = Phase.TIMELINE.key
    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as folder:
        library = open_library(Path(folder) / "scroll.sqlite", create=True)
        try:
            window, _ = timeline_window(library, session)
            assert window.session_view is not None
            table = window.session_view.timeline.table
            app.processEvents()
            rows = table.model().rowCount()
            if rows != SCROLL_ENTRIES:
                raise RuntimeError(f"the timeline shows {rows} rows, not {SCROLL_ENTRIES}")
            _scroll_steps_ms(app, table)  # warm-up: fonts, layouts
            ours = _scroll_steps_ms(app, table)
            size, model = table.viewport().size(), table.model()
            widths = [table.columnWidth(column) for column in range(model.columnCount())]
            texts = [
                [str(model.index(row, column).data() or "") for column in range(model.columnCount())]
                for row in range(rows)
            ]
            window.show_library()
            window.close()
            window.deleteLater()
            app.processEvents()
        finally:
            library.close()
    plain = QStandardItemModel(len(texts), len(texts[0]))
    for row, cells in enumerate(texts):
        for column, text in enumerate(cells):
            plain.setItem(row, column, QStandardItem(text))
    bare = QTableView()
    bare.setModel(plain)
    bare.verticalHeader().hide()  # as the timeline's
    for column, width in enumerate(widths):
        bare.setColumnWidth(column, width)
    bare.resize(size.width() + 2 * bare.frameWidth(), size.height() + 2 * bare.frameWidth())
    bare.show()
    app.processEvents()
    _scroll_steps_ms(app, bare)
    baseline = _scroll_steps_ms(app, bare)
    bare.close()
    bare.deleteLater()
    app.processEvents()
    note = (
        f"{SCROLL_ENTRIES} entries, {len(ours)} notches of {SCROLL_ROWS_PER_STEP} rows down and up, "
        f"each until painted, window on {os.environ['QT_QPA_PLATFORM']}; baseline a bare QTableView"
    )
    return [
        Result("timeline_scroll", median(ours), "ms", SCROLL_FRAME_MS, median(baseline), f"median; {note}"),
        Result(
            "timeline_scroll_p99",
            percentile(ours, 99),
            "ms",
            SCROLL_FRAME_MS,
            percentile(baseline, 99),
            "p99 (one frame is 16 ms)",
        ),
    ]


def measure_search(bench: Bench) -> list[Result]:
    """``SearchIndex.search`` (top 50 with snippets) over a fixed set of queries, rare to common."""
    per_query: list[float] = []
    with bench.opened() as library:
        for query in SEARCH_QUERIES:
            hits = library.search.search(query)  # warms this query's pages
            runs = [timed_ms(partial(library.search.search, query)) for _ in range(SEARCH_RUNS)]
            per_query.append(median(runs))
            if bench.verbose:
                expression = match_expression(query)
                matched = library.db.execute(
                    "SELECT count(*) FROM search_index WHERE search_index MATCH ?", [expression or '""']
                ).fetchone()[0]
                print(
                    f"search {query!r:24} {per_query[-1]:7.1f} ms {len(hits):3d} sessions {matched:7d} rows"
                )
    slowest = SEARCH_QUERIES[per_query.index(max(per_query))]
    note = f"{len(SEARCH_QUERIES)} queries, median of {SEARCH_RUNS} runs each"
    return [
        Result("search", median(per_query), "ms", SEARCH_MEDIAN_MS, note=f"median over {note}"),
        Result("search_max", max(per_query), "ms", SEARCH_MAX_MS, note=f"slowest: {slowest!r}"),
    ]


INSIGHTS_FILTER = LibraryFilter(
    severities=frozenset({"Sev-2", "Sev-3"}),
    tags=("config",),
    since=datetime(2024, 1, 1).date(),
    until=datetime(2025, 12, 31).date(),
)
"""A filter of every kind the insights view offers, for the filtered grouping."""
_RAW_GROUPING = "SELECT severity, count(*) FROM sessions GROUP BY severity ORDER BY 2 DESC"


def measure_insights(bench: Bench) -> list[Result]:
    """Every ``stats --by`` grouping (what the insights view and ``stats`` run), unfiltered and
    filtered, each against a raw SQL ``GROUP BY severity`` in the same run."""
    conn = sqlite3.connect(bench.library)
    try:
        conn.execute(_RAW_GROUPING).fetchall()
        raw = median([timed_ms(lambda: conn.execute(_RAW_GROUPING).fetchall()) for _ in range(INSIGHTS_RUNS)])
    finally:
        conn.close()
    plain: dict[str, float] = {}
    filtered: dict[str, float] = {}
    with bench.opened() as library:

        def grouping(by: str, filt: LibraryFilter) -> float:
            # As the window's adapter does it: the holiday calendar read afresh each time.
            def run() -> object:
                return library.queries.stats(by, filt, library.settings.load().holidays)

            run()
            return median([timed_ms(run) for _ in range(INSIGHTS_RUNS)])

        for by in STATS_FIELDS:
            plain[by] = grouping(by, LibraryFilter())
            filtered[by] = grouping(by, INSIGHTS_FILTER)
            if bench.verbose:
                print(f"insights {by:16} {plain[by]:6.1f} ms, filtered {filtered[by]:6.1f} ms")
    slowest = max(plain, key=plain.__getitem__)
    slowest_filtered = max(filtered, key=filtered.__getitem__)
    runs = f"median of {INSIGHTS_RUNS} runs"
    results = [
        Result(
            "insights",
            plain[slowest],
            "ms",
            INSIGHTS_TARGET_MS,
            raw,
            note=f"slowest grouping: {slowest}; {runs}",
        ),
        Result(
            "insights_filtered",
            filtered[slowest_filtered],
            "ms",
            INSIGHTS_TARGET_MS,
            raw,
            note=f"slowest: {slowest_filtered}, filtered by severity, tag and dates",
        ),
    ]
    results.extend(
        Result(f"insights_{by}", plain[by], "ms", INSIGHTS_TARGET_MS, raw, note=runs) for by in STATS_FIELDS
    )
    return results


_RAW_MATRIX = (
    "SELECT id, reference, title, start_day, severity, system, trigger_text, status FROM sessions",
    "SELECT session_id, substr(text, 1, 300) FROM contributing_factors",
    "SELECT session_id, tag FROM tags",
)


def measure_matrix(bench: Bench) -> list[Result]:
    """The classification matrix the library view shows (every session, factors and tags), against
    the same three selects run raw."""
    conn = sqlite3.connect(bench.library)
    try:

        def raw_matrix() -> None:
            for query in _RAW_MATRIX:
                conn.execute(query).fetchall()

        raw_matrix()
        raw = median([timed_ms(raw_matrix) for _ in range(INSIGHTS_RUNS)])
    finally:
        conn.close()
    with bench.opened() as library:
        rows = library.queries.matrix()
        ours = median([timed_ms(library.queries.matrix) for _ in range(INSIGHTS_RUNS)])
    return [
        Result(
            "matrix", ours, "ms", MATRIX_TARGET_MS, raw, note=f"{len(rows)} rows, median of {INSIGHTS_RUNS}"
        )
    ]


STARTUP_RUNS = 21
_PROBE = Path(__file__).with_name("startup_probe.py")


def _probe_environment(bytecode: Path) -> dict[str, str]:
    """The start-up probes' environment: as the app runs once installed, with its bytecode compiled.

    pip compiles an installed package's modules; a source checkout started with
    ``PYTHONDONTWRITEBYTECODE`` (as some shells and sandboxes set) compiles every one of them
    on every start instead, which the bare window never pays. The probes keep their bytecode
    in ``bytecode`` (a temporary folder), so the checkout is left as it was.
    """
    environment = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["PYTHONPYCACHEPREFIX"] = str(bytecode)
    return environment


def _probe(argument: str, environment: dict[str, str]) -> tuple[float, float]:
    """Spawn the start-up probe; (ms from spawn to the window idle, resident MB then)."""
    start = time.perf_counter_ns()
    with subprocess.Popen(
        [sys.executable, str(_PROBE), argument],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=environment,
    ) as process:
        assert process.stdout is not None
        line = process.stdout.readline()
        elapsed = (time.perf_counter_ns() - start) / 1e6
        process.wait()
    word, rss_kb = line.split()
    if word != "idle":
        raise RuntimeError(f"the start-up probe said {line!r}")
    return elapsed, int(rss_kb) / 1024


def measure_startup_and_memory(bench: Bench) -> list[Result]:
    """Process start to main window shown and idle, and resident memory then, against a bare window."""
    bare, ours = [], []
    with tempfile.TemporaryDirectory() as bytecode:
        environment = _probe_environment(Path(bytecode))
        _probe("--bare", environment)  # compiles the bytecode, as installing does
        _probe(str(bench.library), environment)
        for _ in range(STARTUP_RUNS):  # alternate, so both see the same machine
            bare.append(_probe("--bare", environment))
            ours.append(_probe(str(bench.library), environment))
    bare_ms, ours_ms = median([b[0] for b in bare]), median([o[0] for o in ours])
    bare_mb, ours_mb = median([b[1] for b in bare]), median([o[1] for o in ours])
    return [
        Result(
            "startup",
            ours_ms,
            "ms",
            target=2 * bare_ms,
            baseline=bare_ms,
            note=f"median of {STARTUP_RUNS} after a first start; target 2× a bare PySide6 window",
        ),
        Result("memory", ours_mb, "MB", target=150.0, baseline=bare_mb, note="resident, library view idle"),
    ]


def _percent(ratio: float | None) -> float | None:
    return None if ratio is None else 100 * ratio


def measure_coach_quality(bench: Bench) -> list[Result]:
    """Precision and recall of the shipped coach on each labelled case file, per sentence and per rule.

    No targets here: the coach's tests hold the floors. A ratio with nothing to
    count (a rule never expected and never found) is left out.
    """
    from facilitation.coach import default_coach

    coach = default_coach()
    results: list[Result] = []
    for path in COACH_CASE_FILES:
        label = path.stem.removeprefix("coach_")
        scored = score(load_cases(path), coach)
        rows = [("", scored["sentences"], f"{scored['cases']} cases, sentence level")]
        rows += [(f"_{rule}", counts, "rule level") for rule, counts in scored["rules"].items()]
        for suffix, counts, what in rows:
            for kind in ("precision", "recall"):
                if counts[kind] is None:
                    continue
                name = f"coach_{label}{suffix}_{kind}"
                note = f"{what}: tp {counts['tp']}, fp {counts['fp']}, fn {counts['fn']}"
                results.append(Result(name, _percent(counts[kind]), "%", note=note))
        if bench.verbose:
            for alarm in scored["false_alarms"]:
                print(f"coach {label}: false alarm {alarm['found']}: {alarm['text']!r}")
            for miss in scored["misses"]:
                print(f"coach {label}: missed {miss['expected']} (found {miss['found']}): {miss['text']!r}")
    return results


def _coach_text(characters: int) -> tuple[str, int]:
    """Postmortem prose of exactly ``characters`` characters, and how many labelled cases it holds.

    Synthetic sessions' titles, summaries, entries and items, one sentence each, with
    a labelled case (most of them wording the coach notes) after about one in four.
    """
    rng = random.Random(DEFAULT_SEED + 2)
    cases = [case.text for path in COACH_CASE_FILES for case in load_cases(path)]
    parts: list[str] = []
    size = mixed = number = 0
    while size < characters:
        session = make_session(rng, number, 30)
        number += 1
        items = [
            *session.timeline,
            *session.went_right,
            *session.went_wrong,
            *session.contributing_factors,
            *session.key_learnings,
            *session.actions,
        ]
        paragraph = [session.title + ".", session.summary]
        for item in items:
            paragraph.append(item.text if item.text.endswith((".", "?", "!")) else item.text + ".")
            if cases and rng.random() < 0.25:
                paragraph.append(rng.choice(cases))
                mixed += 1
        parts.append(" ".join(paragraph))
        size += len(parts[-1]) + 2
    return "\n\n".join(parts)[:characters], mixed


def measure_coach_speed(bench: Bench) -> list[Result]:
    """``Coach.check`` over 100,000 characters of postmortem prose, against one regex pass over it."""
    from facilitation.coach import default_coach

    text, mixed = _coach_text(COACH_SPEED_CHARS)
    coach = default_coach()
    notes = len(coach.check(text))  # warm-up, and a count for the note
    ours = median([timed_ms(partial(coach.check, text)) for _ in range(COACH_SPEED_RUNS)])
    words = re.compile(r"\w+")
    raw = median([timed_ms(lambda: sum(1 for _ in words.finditer(text))) for _ in range(COACH_SPEED_RUNS)])
    note = (
        f"median of {COACH_SPEED_RUNS}; {len(text):,} characters, {mixed} labelled cases mixed in, "
        f"{notes} notes; baseline one re.finditer(r'\\w+') pass"
    )
    return [Result("coach_speed", ours, "ms", baseline=raw, note=note)]


def _plain_paragraphs_s(texts: Sequence[str], path: Path) -> float:
    """Seconds for reportlab to write ``texts`` as plain Helvetica paragraphs: the floor for a PDF."""
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    start = time.perf_counter_ns()
    style = getSampleStyleSheet()["BodyText"]
    SimpleDocTemplate(str(path)).build([Paragraph(escape(text), style) for text in texts])
    return (time.perf_counter_ns() - start) / 1e9


def _texts(session: Any) -> list[str]:
    """Every piece of text a postmortem prints a paragraph or cell for."""
    items = [
        *session.timeline,
        *session.went_right,
        *session.went_wrong,
        *session.contributing_factors,
        *session.key_learnings,
        *session.actions,
    ]
    return [session.title, session.summary, *(item.text for item in items)]


def measure_pdf(bench: Bench) -> list[Result]:
    """The postmortem PDF of a 300-entry session, written to a file, against plain reportlab paragraphs."""
    from export.pdf import postmortem_pdf

    session = make_session(random.Random(DEFAULT_SEED + 3), 0, PDF_ENTRIES)
    with bench.opened() as library:
        settings = library.settings.load()
    texts = _texts(session)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "postmortem.pdf"
        postmortem_pdf(session, settings, out, author=session.facilitator)  # warm-up: fonts, imports
        ours = []
        for _ in range(PDF_RUNS):
            start = time.perf_counter_ns()
            postmortem_pdf(session, settings, out, author=session.facilitator)
            ours.append((time.perf_counter_ns() - start) / 1e9)
        pages = len(re.findall(rb"/Type /Page\b(?!s)", out.read_bytes()))
        baseline = median([_plain_paragraphs_s(texts, Path(folder) / "plain.pdf") for _ in range(PDF_RUNS)])
    note = (
        f"median of {PDF_RUNS}; {PDF_ENTRIES} entries, {len(texts)} texts, {pages} pages; "
        "baseline the same texts as plain reportlab paragraphs"
    )
    return [Result("pdf", median(ours), "s", target=PDF_TARGET_S, baseline=baseline, note=note)]


def measure_digest(bench: Bench) -> list[Result]:
    """The digest of 100 sessions: reading them from the library and writing the PDF, as ``digest`` does."""
    from datetime import date

    from export.digest import build_digest, digest_pdf, learnings_to_show, start_day

    with bench.opened() as library:
        everything = library.sessions.started_between(date(1, 1, 1), date(9999, 12, 31))
        first = everything[: min(DIGEST_SESSIONS, len(everything))]
        settings = library.settings.load()
        days = [start_day(library.sessions.get(i)) for i in (first[0], first[-1])]
        since, until = days[0] or date.min, days[1] or date.max

        def digest(out: Path) -> tuple[float, float, int]:
            start = time.perf_counter_ns()
            sessions = [library.sessions.get(i) for i in first]
            loaded = time.perf_counter_ns()
            digest_pdf(sessions, since, until, settings, out)
            done = time.perf_counter_ns()
            return (done - start) / 1e9, (loaded - start) / 1e9, len(sessions)

        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "digest.pdf"
            digest(out)  # warm-up
            runs = [digest(out) for _ in range(DIGEST_RUNS)]
            shown = build_digest([library.sessions.get(i) for i in first], since, until, settings)
            texts = [
                text
                for session in shown.sessions
                for text in (session.title, *(k.text for k in learnings_to_show(session)))
            ]
            baseline = median(
                [_plain_paragraphs_s(texts, Path(folder) / "plain.pdf") for _ in range(DIGEST_RUNS)]
            )
    note = (
        f"median of {DIGEST_RUNS}; {shown.total} sessions ({since} to {until}), {len(texts)} texts, "
        f"of which reading them took {median([r[1] for r in runs]):.2f} s; "
        "baseline the titles and learnings as plain reportlab paragraphs"
    )
    return [
        Result(
            "digest", median([r[0] for r in runs]), "s", target=DIGEST_TARGET_S, baseline=baseline, note=note
        )
    ]


SHARED_SCREEN_EDITS = 500
SHARED_SCREEN_TARGET_MS = 5.0  # PRODUCT.md: Enter → on disk and on the shared screen, median ≤ 5 ms
SHARED_SCREEN_P99_TARGET_MS = 16.0  # and p99 ≤ 16 ms (one frame)
_SHARED_SCREEN_PROBE = Path(__file__).with_name("shared_screen_probe.py")


def _free_display() -> str:
    """A display number no X server on this machine uses."""
    for number in range(90, 200):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return f":{number}"
    raise RuntimeError("no free X display number between :90 and :199")


def measure_shared_screen(bench: Bench) -> list[Result]:
    """Enter in the facilitator's timeline until the shared screen has painted the entry, on a real X server.

    The whole path counts: the entry parsed, written durably, shown in the facilitator's
    table, and painted on the shared screen; PRODUCT.md's capture targets apply.

    Offscreen Qt does not really paint, so this runs the probe under its own Xvfb
    (1920×1080), against a bare label's repaint in the same process.
    """
    import shutil

    if shutil.which("Xvfb") is None:
        return [
            Result("shared_screen", None, "ms", SHARED_SCREEN_TARGET_MS, note="needs Xvfb (apt install xvfb)")
        ]
    display = _free_display()
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(1.0)
        environment = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        finished = subprocess.run(
            [sys.executable, str(_SHARED_SCREEN_PROBE), str(SHARED_SCREEN_EDITS)],
            capture_output=True,
            text=True,
            env=environment,
            check=True,
            timeout=600,
        )
    finally:
        server.terminate()
        server.wait()
    times = json.loads(finished.stdout.strip().splitlines()[-1])
    ours, bare = times["ours"], times["bare"]
    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as folder:
        raw = median(_raw_capture_ms(Path(folder), CAPTURE_SAMPLES))
    note = (
        f"median of {len(ours)} edits under Xvfb 1920×1080; baseline a bare label's repaint; "
        f"a raw durable SQLite insert took {raw:.2f} ms meanwhile"
    )
    return [
        Result("shared_screen", median(ours), "ms", SHARED_SCREEN_TARGET_MS, median(bare), note),
        Result(
            "shared_screen_p99",
            percentile(ours, 99),
            "ms",
            SHARED_SCREEN_P99_TARGET_MS,
            percentile(bare, 99),
            "p99",
        ),
    ]


def _import_ours(export: Path, library_path: Path) -> tuple[float, float, int]:
    """Read the export and store its entries in a new session: (read seconds, store seconds, entries)."""
    from facilitation.imports.common import ImportOptions, read
    from facilitation.model import Session

    with open_library(library_path, create=True) as library:
        session_id = library.sessions.create(Session(title="Imported", time_zone="Europe/Copenhagen"))
        start = time.perf_counter()
        result = read(export, "slack", ImportOptions(zone="Europe/Copenhagen"))
        entries = [entry.to_timeline_entry() for entry in result.entries]
        read_s = time.perf_counter() - start
        start = time.perf_counter()
        library.sessions.add_timeline_entries(session_id, entries)
        return read_s, time.perf_counter() - start, len(entries)


def _import_plain(export: Path, library_path: Path) -> float:
    """``json.load`` of every day file and one executemany of (ts, user, text) rows: the floor."""
    start = time.perf_counter()
    rows = [
        (message.get("ts"), message.get("user", ""), message.get("text", ""))
        for day in sorted(export.glob("*/*.json"))
        for message in json.loads(day.read_bytes())
    ]
    conn = sqlite3.connect(library_path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("CREATE TABLE entries (id INTEGER PRIMARY KEY, ts TEXT, user TEXT, text TEXT)")
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO entries (ts, user, text) VALUES (?, ?, ?)", rows)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return time.perf_counter() - start


def measure_import(bench: Bench) -> list[Result]:
    """A 100,000-message Slack export (``make_slack_export.py``) read and stored in a new session.

    The figure is messages per second over the whole export (housekeeping included), from the
    folder to the committed rows; the baseline loads the same files with ``json.load`` and inserts
    (ts, user, text) rows with one ``executemany``. No target in PRODUCT.md.
    """
    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as folder:
        export = make_slack_export(Path(folder) / "export", IMPORT_MESSAGES).path
        ours: list[tuple[float, float, int]] = []
        plain: list[float] = []
        for run in range(IMPORT_RUNS):
            ours.append(_import_ours(export, Path(folder) / f"ours-{run}.sqlite"))
            plain.append(_import_plain(export, Path(folder) / f"plain-{run}.sqlite"))
    totals = [read_s + store_s for read_s, store_s, _ in ours]
    best = ours[totals.index(min(totals))]
    rate = IMPORT_MESSAGES / min(totals)
    note = (
        f"{IMPORT_MESSAGES:,} messages ({best[2]:,} entries), best of {IMPORT_RUNS}: "
        f"read {best[0]:.1f} s + store {best[1]:.1f} s; baseline json.load + executemany"
    )
    return [
        Result("import_rate", rate, "msg/s", baseline=IMPORT_MESSAGES / min(plain), note=note),
        Result("import", min(totals), "s", baseline=min(plain), note="the same, in seconds"),
    ]


MEASURES: list[Callable[[Bench], list[Result]]] = [
    measure_create_library,
    measure_file_size,
    measure_open_library,
    measure_list,
    measure_capture,
    measure_capture_ui,
    measure_timeline_scroll,
    measure_search,
    measure_matrix,
    measure_insights,
    measure_startup_and_memory,
    measure_coach_quality,
    measure_coach_speed,
    measure_pdf,
    measure_digest,
    measure_shared_screen,
    measure_import,
]
"""Every measure, in the order run."""

# -- the library -----------------------------------------------------------


def _generator_digest() -> str:
    return hashlib.sha256(GENERATOR.read_bytes()).hexdigest()[:16]


def prepare_library(sessions: int, entries: int, rebuild: bool, verbose: bool) -> Bench:
    """The cached synthetic library, made first if missing or ``rebuild``."""
    path = BENCH_DIR / f"library-{sessions}x{entries}.sqlite"
    made_file = path.with_name(path.name + ".made.json")  # gitignored with the library
    notes = []
    if rebuild or not path.exists():
        print(f"making {path.name} ({sessions} sessions × {entries} entries)…", flush=True)
        made = make_library(path, sessions, entries, force=True)
        print(made.summary(), flush=True)
        record = {"seconds": made.seconds, "seed": DEFAULT_SEED, "generator": _generator_digest()}
        made_file.write_text(json.dumps(record) + "\n")
        return Bench(path, sessions, entries, made.seconds, True, verbose)
    seconds = None
    if made_file.exists():
        record = json.loads(made_file.read_text())
        seconds = record.get("seconds")
        if record.get("generator") != _generator_digest():
            notes.append("make_library.py changed since the cached library was made; --rebuild to refresh it")
    return Bench(path, sessions, entries, seconds, False, verbose, notes)


# -- reporting -------------------------------------------------------------


def _figure(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:.3g}" if abs(x) < 10 else f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.1f}"


def print_table(results: list[Result]) -> None:
    header = ("measure", "value", "unit", "target", "baseline", "ratio", "ok", "note")
    rows = [
        (
            r.name,
            _figure(r.value),
            r.unit,
            "—" if r.target is None else f"≤ {r.target:g}",
            _figure(r.baseline),
            ratio_text(r),
            "ok" if r.ok else "MISSED" if r.value is not None else "FAILED",
            r.note,
        )
        for r in results
    ]
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--sessions", type=int, default=10_000, help="sessions in the library (default 10000)"
    )
    parser.add_argument("--entries", type=int, default=50, help="timeline entries per session (default 50)")
    parser.add_argument("--rebuild", action="store_true", help="make the library again even if cached")
    parser.add_argument("--only", action="append", metavar="NAME", help="run only measure_NAME (repeatable)")
    parser.add_argument("--verbose", action="store_true", help="print per-query and per-sample details")
    parser.add_argument(
        "--results", type=Path, default=BENCH_DIR / "results.json", help="where to write the JSON results"
    )
    args = parser.parse_args(argv)
    if args.sessions < 1 or args.entries < 0:
        parser.error("--sessions must be at least 1 and --entries not negative")

    bench = prepare_library(args.sessions, args.entries, args.rebuild, args.verbose)
    results: list[Result] = []
    for measure in MEASURES:
        name = measure.__name__.removeprefix("measure_")
        if args.only and name not in args.only:
            continue
        print(f"measuring {name}…", file=sys.stderr, flush=True)
        try:
            results.extend(measure(bench))
        except Exception as exc:
            traceback.print_exc()
            results.append(Result(name, None, "", note=f"failed: {type(exc).__name__}: {exc}"))

    print()
    print_table(results)
    for note in bench.notes:
        print(f"note: {note}")
    args.results.write_text(json.dumps([r.as_json() for r in results], indent=2) + "\n")
    print(f"wrote {args.results}")
    return 0 if all(r.ok for r in results) else 1  # 1: a target missed or a measure failed


if __name__ == "__main__":
    sys.exit(main())
