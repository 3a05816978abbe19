"""The ``takeaways`` command line: a thin layer over the library and export functions."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from app.options import add_library_option, add_session_option
from app.paths import config_folder, default_library
from facilitation.library import STATS_FIELDS
from facilitation.messages import echo
from facilitation.settings import default_settings
from storage.errors import LibraryMissing, LibraryProblem, problem_from_sqlite
from storage.library import Library, open_library

if TYPE_CHECKING:
    from facilitation.interchange import ReadResult

AUDIENCES = ("internal", "public")
"""As ``facilitation.audience.AUDIENCES``; repeated so the parser is built without loading that module."""
TIMELINE_FORMATS = ("slack", "chat", "timeline-csv")
"""As ``facilitation.imports.common.FORMATS``; repeated so the parser is built without loading it."""
_TIMELINE_OPTIONS = {
    "--session": "into_session",
    "--channel": "channels",
    "--since": "since",
    "--until": "until",
    "--date": "date",
    "--skip-bots": "skip_bots",
}
MAX_IMPORT_BYTES = 256 * 1024 * 1024
MAX_LINT_BYTES = 16 * 1024 * 1024
"""The largest file ``lint`` reads; a postmortem is a few dozen kilobytes."""
_PATH_ECHO_LIMIT = 300


class CommandProblem(Exception):
    """Something the person can fix; ``str()`` is one plain sentence saying what and how."""


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports mistakes as one sentence instead of a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise CommandProblem(_usage_sentence(message))


def _usage_sentence(message: str) -> str:
    """Turn argparse's terse complaint into a sentence that says what to do."""
    patterns: list[tuple[str, Callable[[re.Match[str]], str]]] = [
        # Our own option types already explain themselves in a sentence.
        (r"^argument \S+: ([A-Z-].*\.)$", lambda m: m[1]),
        (
            r"invalid choice: '([^']*)'.*\(choose from (.*)\)",
            lambda m: (
                f"'{echo(m[1])}' is not one of the choices here ({m[2]}); "
                "`takeaways --help` describes each command."
            ),
        ),
        (
            r"the following arguments are required: (.*)",
            lambda m: f"This command needs {m[1]}; `takeaways COMMAND --help` shows how to give it.",
        ),
        (
            r"unrecognized arguments: (.*)",
            lambda m: (
                f"'{echo(m[1])}' is not something takeaways understands here; "
                "`takeaways --help` lists the commands and options."
            ),
        ),
        (r"argument (\S+): expected one argument", lambda m: f"The option {m[1]} needs a value after it."),
        (
            r"argument (\S+): invalid int value: '([^']*)'",
            lambda m: f"The option {m[1]} takes a whole number, and '{echo(m[2])}' is not one.",
        ),
    ]
    for pattern, sentence in patterns:
        match = re.search(pattern, message, re.DOTALL)
        if match:
            return sentence(match)
    return (
        f"The command line was not understood ({echo(message, limit=200)}); "
        "`takeaways --help` shows the usage."
    )


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _day(text: str) -> date:
    """A day written ``YYYY-MM-DD``, and nothing else (no week dates, no compact forms)."""
    if not _DAY.fullmatch(text):
        raise argparse.ArgumentTypeError(
            f"Days are written YYYY-MM-DD, such as 2026-03-01, and '{echo(text)}' is not written so."
        )
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"There is no day {text} in the calendar; check the month and the day."
        ) from None


def build_parser() -> argparse.ArgumentParser:
    """The parser for every command, the app's own options included."""
    library = _Parser(add_help=False)
    add_library_option(library)

    parser = _Parser(
        prog="takeaways",
        description="Run blameless incident debriefs and keep what they teach.",
        parents=[library],
    )
    add_session_option(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = commands.add_parser("list", parents=[library], help="every session, one a line")
    listing.set_defaults(run=run_list)

    importing = commands.add_parser(
        "import", parents=[library], help="add a session, or timeline entries to one, from a file"
    )
    importing.add_argument("file", metavar="FILE", type=Path)
    importing.add_argument(
        "--format", required=True, choices=["json", "csv", *TIMELINE_FORMATS], dest="input_format"
    )
    importing.add_argument(
        "--session", metavar="ID", dest="into_session", help="the session whose timeline gets the entries"
    )
    importing.add_argument(
        "--channel",
        metavar="NAME",
        action="append",
        default=[],
        dest="channels",
        help="a Slack channel to read (repeat for more; default: all)",
    )
    importing.add_argument("--since", metavar="T", help="leave out entries before T (YYYY-MM-DD[THH:MM])")
    importing.add_argument("--until", metavar="T", help="leave out entries after T (a bare day: its end)")
    importing.add_argument(
        "--date", type=_day, metavar="DATE", help="the day of chat-log lines that carry no date, YYYY-MM-DD"
    )
    importing.add_argument(
        "--skip-bots", action="store_true", dest="skip_bots", help="leave out bot messages"
    )
    importing.set_defaults(run=run_import)

    searching = commands.add_parser(
        "search", parents=[library], help="sessions matching every word, best first, with a snippet"
    )
    searching.add_argument(
        "query", metavar="QUERY", help="words to find; anything typed is searched as words"
    )
    searching.set_defaults(run=_library_command("run_search"))

    counting = commands.add_parser("stats", parents=[library], help="incidents counted by one field")
    counting.add_argument(
        "--by", required=True, choices=STATS_FIELDS, metavar="FIELD", help=", ".join(STATS_FIELDS)
    )
    counting.add_argument(
        "--severity", metavar="S", help="only incidents of this severity (Sev2 reads as Sev-2)"
    )
    counting.add_argument("--since", type=_day, metavar="DATE", help="first start day, YYYY-MM-DD")
    counting.add_argument("--until", type=_day, metavar="DATE", help="last start day, YYYY-MM-DD")
    counting.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="T",
        help="only incidents with this tag; repeat for all of several",
    )
    counting.add_argument("--json", action="store_true", help="print a JSON array of value, count and share")
    counting.set_defaults(run=_library_command("run_stats"))

    exporting = commands.add_parser("export", parents=[library], help="write one session to a file")
    exporting.add_argument("session_ref", metavar="ID")
    exporting.add_argument("--format", required=True, choices=["pdf", "md", "json"], dest="output_format")
    exporting.add_argument(
        "--audience",
        choices=AUDIENCES,
        default="internal",
        help="internal: everything; public: names become roles, private things and masked terms left out "
        "(default: internal)",
    )
    exporting.add_argument(
        "--pre-read",
        action="store_true",
        dest="pre_read",
        help="write the pre-read for participants (agenda, ground rules, draft timeline); pdf or md",
    )
    exporting.add_argument(
        "-o",
        metavar="OUT",
        dest="out",
        default="-",
        help="the file to write; - (the default) writes md or json to standard output",
    )
    exporting.set_defaults(run=run_export)

    digesting = commands.add_parser(
        "digest", parents=[library], help="the key learnings of every incident that started in a date range"
    )
    digesting.add_argument("--since", required=True, type=_day, metavar="DATE", help="first day, YYYY-MM-DD")
    digesting.add_argument("--until", required=True, type=_day, metavar="DATE", help="last day, YYYY-MM-DD")
    digesting.add_argument(
        "-o",
        required=True,
        metavar="OUT",
        dest="out",
        help="OUT.pdf or OUT.md; - writes the Markdown to standard output",
    )
    digesting.set_defaults(run=run_digest)

    linting = commands.add_parser(
        "lint", parents=[library], help="the language coach's findings in a text or Markdown file"
    )
    linting.add_argument("file", metavar="FILE", help="the file to check; - reads standard input")
    linting.add_argument("--learnings", action="store_true", help="add the checks meant for key learnings")
    linting.add_argument(
        "--format", choices=["text", "json"], default="text", dest="output_format", help="(default: text)"
    )
    linting.set_defaults(run=run_lint)
    from app.cli_backups import add_commands  # it builds on this module's helpers

    add_commands(commands, library)
    return parser


def _library_command(name: str) -> Callable[[argparse.Namespace], int]:
    """A command of ``app.cli_library``, loaded only when it runs."""

    def run_command(args: argparse.Namespace) -> int:
        from app import cli_library

        command: Callable[[argparse.Namespace], int] = getattr(cli_library, name)
        return command(args)

    return run_command


def run(args: argparse.Namespace) -> int:
    """Carry out a parsed command; problems become one sentence on stderr and exit 2.

    Nothing escapes as a traceback: what is not foreseen below still ends as one
    sentence and exit code 2.
    """
    try:
        code: int = args.run(args)
        return code
    except (CommandProblem, LibraryProblem) as problem:
        print(problem, file=sys.stderr)
    except sqlite3.DatabaseError as exc:
        print(_sqlite_sentence(_library_path(args), exc), file=sys.stderr)
    except BrokenPipeError:
        # The reader of our output went away (``takeaways list | head``): not a problem.
        sys.stderr.close()
        return 0
    except UnicodeEncodeError as exc:
        print(
            f"The output holds characters that standard output's encoding ({exc.encoding}) cannot "
            "write, so it stopped there; use a UTF-8 terminal or PYTHONIOENCODING=utf-8, "
            "or write to a file with -o.",
            file=sys.stderr,
        )
    except OSError as exc:
        where = f" {echo(str(exc.filename))}" if exc.filename else ""
        print(
            f"Takeaways could not use the file{where} ({exc.strerror or type(exc).__name__}); "
            "check it and its folder, then try again.",
            file=sys.stderr,
        )
    except Exception as exc:  # the last resort: one sentence, never a traceback
        print(
            f"Takeaways met a problem it does not know how to handle ({type(exc).__name__}), "
            "so it stopped; if it happens again, please report it with the command you ran.",
            file=sys.stderr,
        )
    return 2


def _sqlite_sentence(path: Path, exc: sqlite3.DatabaseError) -> str:
    """What an SQLite complaint means for the person: permissions, space, locks, or damage."""
    problem = problem_from_sqlite(path, exc) if isinstance(exc, sqlite3.OperationalError) else None
    if problem is not None:
        return str(problem)
    if isinstance(exc, sqlite3.OperationalError):
        return (
            f"SQLite could not complete the work on {path} ({echo(str(exc))}); nothing was changed. "
            "Try again in a moment."
        )
    return (
        f"The library {path} could not be read ({echo(str(exc))}), so nothing was changed; "
        "if this repeats, restore a copy from the backups folder beside it."
    )


def _library_path(args: argparse.Namespace) -> Path:
    path: Path = getattr(args, "db", None) or default_library()
    return path


@contextlib.contextmanager
def _library(args: argparse.Namespace, create: bool = False) -> Iterator[Library]:
    library = open_library(_library_path(args), create=create)
    try:
        yield library
    finally:
        library.close()


# Tabs, and every character str.splitlines() breaks a line at: none may split a field or a line.
_BREAKS = re.compile("[\t\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029]+")


def _field(value: str) -> str:
    return _BREAKS.sub(" ", value)


def _printable(text: str, stream: TextIO) -> str:
    """``text`` with what ``stream``'s encoding cannot write shown as ``?`` (lists are for reading)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return text.encode(encoding, "replace").decode(encoding)


def run_list(args: argparse.Namespace) -> int:
    """Print every session, newest incident first, as tab-separated fields."""
    with _library(args) as library:
        for s in library.sessions.summaries():
            fields = (str(s.id), s.reference, s.title, s.severity, s.status, s.start_day)
            print(_printable("\t".join(_field(f) for f in fields), sys.stdout))
    return 0


def _read_text(path: Path) -> str:
    data = _read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandProblem(
            f"Nothing was imported from {path}: byte {exc.start + 1} is not UTF-8 text; "
            "save the file as UTF-8 and import it again."
        ) from None


def _read_bytes(path: Path) -> bytes:
    """The bytes of a file to import, refused in a sentence when too large or unreadable."""
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise CommandProblem(
                f"Nothing was imported from {path}: at {size // 2**20} MiB it is larger than the "
                f"{MAX_IMPORT_BYTES // 2**20} MiB Takeaways reads; split it into smaller files."
            )
        return path.read_bytes()
    except IsADirectoryError:
        raise CommandProblem(f"{path} is a folder; name the file to import inside it.") from None
    except FileNotFoundError:
        raise CommandProblem(f"There is no file {path}; check the name and try again.") from None
    except OSError as exc:
        raise CommandProblem(f"{path} could not be read ({exc.strerror}); nothing was imported.") from None


def _read_session(path: Path, text: str, scale: list[str]) -> ReadResult:
    from facilitation import interchange  # only import needs it; the window starts without it

    try:
        return interchange.loads(text, scale)
    except interchange.InterchangeError as exc:
        raise CommandProblem(f"Nothing was imported from {path}: {exc}.") from None


def run_import(args: argparse.Namespace) -> int:
    """Create a session from interchange JSON and print its id, add incidents from a matrix CSV,
    or add timeline entries to a session."""
    if args.input_format in TIMELINE_FORMATS:
        from app.cli_import_timeline import import_timeline

        return import_timeline(args)
    given = [option for option, dest in _TIMELINE_OPTIONS.items() if getattr(args, dest)]
    if given:
        made = "a new session" if args.input_format == "json" else "new incidents"
        raise CommandProblem(
            f"--format {args.input_format} creates {made}, so {given[0]} does not apply; "
            "import timeline entries with --format slack, chat or timeline-csv."
        )
    if args.input_format == "csv":
        return _library_command("run_import_csv")(args)
    text = _read_text(args.file)
    try:
        library = open_library(_library_path(args))
    except LibraryMissing:
        # Read the file before creating a library, so a refused file creates nothing;
        # a new library starts with the default scale.
        result = _read_session(args.file, text, default_settings().severity_names())
        library = open_library(_library_path(args), create=True)
    else:
        try:
            result = _read_session(args.file, text, library.settings.load().severity_names())
        except BaseException:
            library.close()
            raise
    with library:
        for notice in result.notices:
            print(f"{args.file}: {notice}.", file=sys.stderr)
        result.session.follows = _follows(library, args.file, result.follows_reference)
        session_id = library.sessions.create(result.session)
    print(session_id)
    return 0


def _follows(library: Library, path: Path, reference: str) -> int | None:
    """The id of the session a follow-up names by reference, when exactly one has it."""
    if not reference:
        return None
    first = library.sessions.original_with_reference(reference)
    if first is None:
        print(
            f"{path}: it follows up '{echo(reference)}', which names no single session in this library, "
            "so it was imported without that link.",
            file=sys.stderr,
        )
    return first


def run_export(args: argparse.Namespace) -> int:
    """Write one session as PDF, Markdown or interchange JSON, for an audience, to a file or stdout."""
    output_format: str = args.output_format
    if args.pre_read and output_format == "json":
        raise CommandProblem(
            "A pre-read is written as PDF or Markdown; use --format pdf or --format md with --pre-read."
        )
    target = _target(args.out, pdf=output_format == "pdf")
    with _library(args) as library:
        session = library.sessions.get(library.sessions.resolve(args.session_ref))
        follows = library.sessions.get(session.follows).reference if session.follows else ""
        settings = library.settings.load()
    author = session.facilitator
    if args.audience != "internal":
        from facilitation.audience import prepare  # only a public export needs it

        session = prepare(session, args.audience, settings.masked_terms).session
        author = ""
    if output_format == "json":
        from facilitation.interchange import dumps

        _write_output(target, dumps(session, follows))
    elif output_format == "md":
        from export.markdown import postmortem_markdown, preread_markdown  # the window starts without it

        write = preread_markdown if args.pre_read else postmortem_markdown
        _write_output(target, write(session, settings))
    else:
        assert target is not None  # _target refuses a PDF to standard output
        from export.pdf import postmortem_pdf, preread_pdf  # reportlab loads only for a PDF

        write_pdf = preread_pdf if args.pre_read else postmortem_pdf
        with _writing(target):
            write_pdf(session, settings, target, author=author)
    return 0


def run_digest(args: argparse.Namespace) -> int:
    """Write the learning digest of the incidents that started from --since to --until."""
    since: date = args.since
    until: date = args.until
    if until < since:
        raise CommandProblem(
            f"--until {until.isoformat()} is before --since {since.isoformat()}; "
            "give the first day with --since and the last with --until."
        )
    out: str = args.out
    suffix = "" if out == "-" else Path(out).suffix.lower()
    if out != "-" and suffix not in (".pdf", ".md"):
        raise CommandProblem(
            f"The digest is written as PDF or Markdown, so OUT ends in .pdf or .md, "
            f"and {_shown_path(Path(out))} does neither."
        )
    target = _target(out, pdf=suffix == ".pdf")
    with _library(args) as library:
        sessions = [library.sessions.get(i) for i in library.sessions.started_between(since, until)]
        settings = library.settings.load()
    if suffix == ".pdf":
        assert target is not None
        from export.digest import digest_pdf  # reportlab loads only for a PDF

        with _writing(target):
            digest_pdf(sessions, since, until, settings, target)
    else:
        from export.markdown import digest_markdown

        _write_output(target, digest_markdown(sessions, since, until, settings))
    return 0


def _shown_path(path: Path) -> str:
    return echo(str(path), _PATH_ECHO_LIMIT)


def _target(out: str, pdf: bool = False) -> Path | None:
    """The file ``-o`` names (None for standard output), refused before any work when it cannot be written.

    Args:
        out: What was given with ``-o``.
        pdf: The output is a PDF, which standard output does not take.
    """
    if out == "-":
        if pdf:
            raise CommandProblem(
                "A PDF is not written to standard output; name the file to write with -o, "
                "such as -o postmortem.pdf."
            )
        return None
    if not out.strip():
        raise CommandProblem("-o needs the name of a file to write, and it was given none.")
    target = Path(out)
    name = _shown_path(target)
    if target.is_dir():
        raise CommandProblem(f"{name} is a folder; give a file name to write to with -o.")
    folder = target.parent
    if not folder.is_dir():
        if folder.exists():
            raise CommandProblem(
                f"{_shown_path(folder)} is a file, not a folder, so {name} cannot be written."
            )
        raise CommandProblem(f"The folder for {name} does not exist; create it or choose another.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CommandProblem(
            f"{name} cannot be written: its folder is read-only for you; choose another place with -o."
        )
    return target


@contextlib.contextmanager
def _writing(target: Path) -> Iterator[None]:
    """Turn a failure to write ``target`` into one sentence; the writer has left nothing behind."""
    try:
        yield
    except OSError as exc:
        raise CommandProblem(
            f"{_shown_path(target)} could not be written ({exc.strerror or type(exc).__name__}); "
            "nothing was changed there."
        ) from None


def _write_output(target: Path | None, text: str, stdout: TextIO | None = None) -> None:
    """Write ``text`` to ``target`` (None: standard output), replacing a file only once it is whole."""
    if target is None:
        (stdout or sys.stdout).write(text)
        return
    from export.files import write_atomically

    with _writing(target):
        write_atomically(target, text.encode("utf-8"))


def run_lint(args: argparse.Namespace) -> int:
    """Print the language coach's findings in a file; exit 1 when there are any, 0 when none."""
    text = _read_lint_input(args.file)
    glossary = _lint_glossary(args)
    from facilitation.coach import load_coach, org_coach_files  # only lint needs the coach
    from facilitation.lint import lint_text

    coach, notices = load_coach(org_coach_files(config_folder()), glossary)
    for notice in notices:
        print(notice, file=sys.stderr)
    findings = lint_text(text, coach, learnings=args.learnings)
    if args.output_format == "json":
        import json

        records = [
            {
                "line": f.line,
                "col": f.col,
                "end_col": f.end_col,
                "rule": f.rule,
                "message": f.message,
                "suggestion": f.suggestion,
            }
            for f in findings
        ]
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    else:
        lines = []
        for f in findings:
            line = f"{f.line}:{f.col}: {f.rule}: {f.message}"
            if f.suggestion is not None:
                line += f" — try: {f.suggestion}"
            lines.append(_printable(line, sys.stdout) + "\n")
        sys.stdout.write("".join(lines))
    return 1 if findings else 0


def _read_lint_input(file: str) -> str:
    """The text of ``file`` (``-``: standard input), refused unless it is UTF-8 text of a sane size."""
    size: int | None
    if file == "-":
        name = "Standard input"
        binary = getattr(sys.stdin, "buffer", None)
        if binary is None:  # no standard input at all, or one that only carries text
            data = sys.stdin.read(MAX_LINT_BYTES + 1).encode("utf-8") if sys.stdin else b""
        else:
            data = binary.read(MAX_LINT_BYTES + 1)
        size = None  # only what was read is known
    else:
        path = Path(file)
        name = echo(str(path), _PATH_ECHO_LIMIT)
        try:
            with path.open("rb") as stream:
                data = stream.read(MAX_LINT_BYTES + 1)
            size = path.stat().st_size
        except IsADirectoryError:
            raise CommandProblem(f"{name} is a folder; name a text or Markdown file inside it.") from None
        except FileNotFoundError:
            raise CommandProblem(f"There is no file {name}; check the name and try again.") from None
        except OSError as exc:
            raise CommandProblem(
                f"{name} could not be read ({exc.strerror or type(exc).__name__}); check it and try again."
            ) from None
    if len(data) > MAX_LINT_BYTES:
        shown = f"at {size // 2**20} MiB it is" if size is not None and size > MAX_LINT_BYTES else "it is"
        raise CommandProblem(
            f"{name} was not checked: {shown} larger than the {MAX_LINT_BYTES // 2**20} MiB lint reads; "
            "check it in smaller files."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandProblem(
            f"{name} was not checked: byte {exc.start + 1} is not UTF-8 text; "
            "save it as UTF-8 and run lint again."
        ) from None
    if "\x00" in text:
        raise CommandProblem(
            f"{name} was not checked: it holds NUL bytes, so it is not a text file; "
            "lint reads text and Markdown."
        )
    return text


def _lint_glossary(args: argparse.Namespace) -> list[str]:
    """The terms the library's glossary explains; none when no --db is given and no library exists yet.

    A linter runs in git hooks on machines that never opened the app, so only a
    library named with --db has to exist.
    """
    named: Path | None = getattr(args, "db", None)
    try:
        library = open_library(named or default_library())
    except LibraryMissing:
        if named is not None:
            raise
        return []
    with library:
        return list(library.settings.load().glossary)
