"""``takeaways import FILE --format slack|chat|timeline-csv --session ID``: entries into a timeline."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from app.cli import _PATH_ECHO_LIMIT, CommandProblem, _library
from facilitation.imports.common import DayNeeded, ImportOptions, ImportProblem, read
from facilitation.imports.moments import window_bound
from facilitation.messages import echo
from facilitation.times import zone_named


def import_timeline(args: argparse.Namespace) -> int:
    """Read FILE, add every entry to the session's timeline in one transaction, print how many."""
    input_format: str = args.input_format
    path: Path = args.file
    name = echo(str(path), _PATH_ECHO_LIMIT)
    if not args.into_session:
        raise CommandProblem(
            f"--format {input_format} adds entries to a session's timeline; "
            "name the session with --session ID (`takeaways list` shows them)."
        )
    if input_format != "slack" and (args.channels or args.skip_bots):
        option = "--channel" if args.channels else "--skip-bots"
        raise CommandProblem(
            f"{option} applies to Slack exports only; leave it out for --format {input_format}."
        )
    if input_format != "chat" and args.date:
        raise CommandProblem(
            f"--date gives the day of chat-log lines without one; leave it out for --format {input_format}."
        )
    if not path.exists():
        raise CommandProblem(f"There is no file or folder {name}; check the name and try again.")
    with _library(args) as library:
        session_id = library.sessions.resolve(args.into_session)
        session = library.sessions.get(session_id)
        zone = session.time_zone or "UTC"
        started = session.started_at
        incident_day = started.astimezone(zone_named(zone) or UTC).date() if started else None
        options = ImportOptions(
            zone=zone,
            channels=tuple(args.channels),
            since=_bound("--since", args.since, zone, end=False),
            until=_bound("--until", args.until, zone, end=True),
            skip_bots=args.skip_bots,
            day=args.date or incident_day,
        )
        if options.since and options.until and options.since > options.until:
            raise CommandProblem("--since is later than --until, so no entry could fall between them.")
        try:
            result = read(path, input_format, options)
        except DayNeeded:
            raise CommandProblem(
                f"Nothing was imported: the lines of {name} give times but no dates, and session "
                f"{session_id} has no incident start to take the day from; set the incident's start, "
                "or pass --date YYYY-MM-DD."
            ) from None
        except ImportProblem as problem:
            raise CommandProblem(f"Nothing was imported: {problem}") from None
        for notice in result.notices:
            print(notice, file=sys.stderr)
        entries = [entry.to_timeline_entry() for entry in result.entries]
        library.sessions.add_timeline_entries(session_id, entries)
    print(len(entries))
    return 0


def _bound(option: str, text: str | None, zone: str, end: bool) -> datetime | None:
    if text is None:
        return None
    try:
        return window_bound(text, zone, end)
    except ValueError as problem:
        raise CommandProblem(f"{option}: {problem}.") from None
