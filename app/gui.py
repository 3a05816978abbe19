"""Starting the window: the QApplication, the library, and the main window."""

from __future__ import annotations

import argparse


def run_app(args: argparse.Namespace) -> int:
    """Open the app on the library named by ``args``; returns the exit code."""
    raise NotImplementedError
