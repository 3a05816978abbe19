"""The app's own options, ``--db FILE`` and ``--session ID``, and reading them without the commands.

``app.cli`` builds the parser of every command from these; ``window_options`` reads a plain
``takeaways [--db FILE] [--session ID]`` alone, so opening the window neither loads the commands'
code nor builds their parsers (some 5 ms of a start).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn

DB_HELP = "the library file (default: the one in your data folder)"


def library_file(text: str) -> Path:
    """``--db``'s value as a path."""
    # Path("") is the current folder; an empty --db is a slip, not a choice of folder.
    if not text.strip():
        raise argparse.ArgumentTypeError("--db needs the name of a library file, and it was given none.")
    return Path(text)


def add_library_option(parser: argparse.ArgumentParser) -> None:
    """``--db FILE``, left out of the arguments read when not given."""
    parser.add_argument("--db", metavar="FILE", type=library_file, default=argparse.SUPPRESS, help=DB_HELP)


def add_session_option(parser: argparse.ArgumentParser) -> None:
    """``--session ID``: the session the window opens at."""
    parser.add_argument("--session", metavar="ID", help="open the app at this session")


class _NotPlain(Exception):
    """The arguments hold something only the full parser reads or explains."""


class _WindowParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotPlain(message)


def window_options(arguments: list[str]) -> argparse.Namespace | None:
    """The arguments read as the full parser reads them when they only open the window.

    None when they name a command, ask for help, or hold anything else or a slip: the full
    parser (``app.cli.build_parser``) reads those, and says what to do about a slip.
    """
    parser = _WindowParser(prog="takeaways", add_help=False)
    add_library_option(parser)
    add_session_option(parser)
    try:
        options, rest = parser.parse_known_args(arguments)
    except _NotPlain:
        return None
    if rest:
        return None
    options.command = None
    return options
