"""The entry point: a command when one is named, otherwise the app's window."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Import without the garbage collector, then leave what was imported out of its rounds.

    Importing the app's code (and for the window, Qt's) makes thousands of objects that live as
    long as the process: modules, classes, Qt's enums. Collecting meanwhile finds nothing to
    free; ``gc.freeze`` keeps later collections (during a meeting, between Enters) from going
    through them again.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    """Run ``takeaways`` with ``argv`` (default: the process's arguments); returns the exit code."""
    arguments = sys.argv[1:] if argv is None else argv
    with _collector_paused():
        from app.options import window_options
    args = window_options(arguments)
    if args is None:  # a command, help or a slip: the commands' code and full parser read it
        with _collector_paused():
            from app import cli
        try:
            args = cli.build_parser().parse_args(arguments)
        except cli.CommandProblem as problem:
            print(problem, file=sys.stderr)
            return 2
        if args.command is not None:
            return cli.run(args)
    with _collector_paused():
        from app.gui import run_app  # Qt loads only when the window is wanted.
    return run_app(args)
