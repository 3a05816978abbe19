"""The entry point: a command when one is named, otherwise the app's window."""

from __future__ import annotations

import sys

from app import cli


def main(argv: list[str] | None = None) -> int:
    """Run ``takeaways`` with ``argv`` (default: the process's arguments); returns the exit code."""
    arguments = sys.argv[1:] if argv is None else argv
    try:
        args = cli.build_parser().parse_args(arguments)
    except cli.CommandProblem as problem:
        print(problem, file=sys.stderr)
        return 2
    if args.command is not None:
        return cli.run(args)
    from app.gui import run_app  # Qt loads only when the window is wanted.

    return run_app(args)
