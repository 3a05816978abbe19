"""The library commands: ``search``, ``stats`` and ``import --format csv`` (loaded when one runs)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from app.cli import CommandProblem, _field, _library, _library_path, _printable, _read_bytes
from facilitation.library import SNIPPET_END, SNIPPET_START, LibraryFilter, Stats
from facilitation.matrix_csv import MatrixCsvProblem, MatrixIncident, decode_matrix_csv, parse_matrix_csv
from facilitation.messages import echo
from facilitation.settings import default_settings, normalise_severity
from storage.errors import LibraryMissing
from storage.library import open_library


def run_search(args: argparse.Namespace) -> int:
    """Print the sessions matching every word of the query, best first, each with a snippet."""
    query: str = args.query
    with _library(args) as library:
        found = library.queries.search(query, limit=None)
        summaries = library.queries.summaries_by_id(hit.session_id for hit in found)
    lines = []
    for hit in found:
        s = summaries[hit.session_id]
        snippet = hit.snippet.replace(SNIPPET_START, "").replace(SNIPPET_END, "")
        fields = (str(s.id), s.reference, s.title, s.severity, s.status, s.start_day, snippet)
        lines.append(_printable("\t".join(_field(f) for f in fields), sys.stdout) + "\n")
    sys.stdout.write("".join(lines))
    return 0


def run_stats(args: argparse.Namespace) -> int:
    """Print incidents counted by one field, as a table or as JSON."""
    since: date | None = args.since
    until: date | None = args.until
    if since and until and until < since:
        raise CommandProblem(
            f"--until {until.isoformat()} is before --since {since.isoformat()}; "
            "give the first day with --since and the last with --until."
        )
    with _library(args) as library:
        settings = library.settings.load()
        severities: frozenset[str] = frozenset()
        if args.severity is not None:
            scale = settings.severity_names()
            known = normalise_severity(args.severity, scale)
            if known is None:
                raise CommandProblem(
                    f"'{echo(args.severity)}' is not on this library's severity scale "
                    f"({', '.join(scale)}); give one of those with --severity."
                )
            severities = frozenset({known})
        tags = tuple(tag.strip() for tag in args.tag if tag.strip())
        filt = LibraryFilter(severities=severities, tags=tags, since=since, until=until)
        stats = library.queries.stats(args.by, filt, settings.holidays)
    if args.json:
        records = [{"value": g.value, "count": g.count, "share": g.share} for g in stats.groups]
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(_printable(stats_table(stats), sys.stdout))
    return 0


NO_VALUE = "(none)"
"""How the text table shows the group of incidents without a value (``null`` in JSON)."""


def stats_table(stats: Stats) -> str:
    """The groups as an aligned table (value, count, share in percent) and how many matched."""
    rows = [
        (NO_VALUE if g.value is None else _field(str(g.value)), str(g.count), f"{g.share * 100:.1f}%")
        for g in stats.groups
    ]
    header = (stats.by.upper(), "COUNT", "SHARE")
    width = max(len(row[0]) for row in [header, *rows])
    lines = [f"{v:<{width}}  {c:>6}  {s:>6}".rstrip() for v, c, s in [header, *rows]]
    noun = "incident" if stats.matched == 1 else "incidents"
    lines.append(f"{stats.matched} {noun} matched")
    return "\n".join(lines) + "\n"


def run_import_csv(args: argparse.Namespace) -> int:
    """Add every incident of a classification-matrix CSV to the library, or none; print how many."""
    name = echo(str(args.file), 300)
    data = _read_bytes(args.file)
    try:
        text = decode_matrix_csv(data, name)
        library = open_library(_library_path(args))
    except LibraryMissing:
        # Read the file before creating a library, so a refused file creates nothing.
        incidents = _parsed(text, default_settings().severity_names(), name)
        library = open_library(_library_path(args), create=True)
    except MatrixCsvProblem as problem:
        raise CommandProblem(str(problem)) from None
    else:
        try:
            incidents = _parsed(text, library.settings.load().severity_names(), name)
        except BaseException:
            library.close()
            raise
    with library:
        present = library.queries.references_present(i.reference for i in incidents)
        already = [i.reference for i in incidents if i.reference in present]
        library.sessions.create_all([incident.session() for incident in incidents])
    if already:
        shown = ", ".join(echo(reference) for reference in already[:5])
        more = f" and {len(already) - 5} more" if len(already) > 5 else ""
        print(
            f"{name}: {len(already)} of these references were already in the library ({shown}{more}); "
            "they were added as new sessions beside the old ones.",
            file=sys.stderr,
        )
    print(len(incidents))
    return 0


def _parsed(text: str, scale: list[str], name: str) -> list[MatrixIncident]:
    try:
        return parse_matrix_csv(text, scale, name)
    except MatrixCsvProblem as problem:
        raise CommandProblem(str(problem)) from None
