"""Started by test_kill.py: captures timeline lines in the real window until it is killed.

``kill_target.py LIBRARY COUNT [PHASE]`` makes a library at LIBRARY with one session,
opens the main window on it (offscreen) at PHASE (``timeline`` unless given: any phase
with an entry line), and types COUNT lines into its entry line, each followed by Enter
(the view's ``capture()``). It prints
``session ID`` first, then ``saved TEXT`` as soon as each capture has returned,
then ``done``, and then waits to be killed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from facilitation.phases import Phase
from tests.app.kill_window import capture, open_kill_window, wait_to_be_killed


def entry_text(number: int) -> str:
    """What line ``number`` stores as its text once its time and actor are read."""
    return f"line {number}: Ana saw the error rate rise — ünïcode ✓"


def main() -> int:
    path, count = Path(sys.argv[1]), int(sys.argv[2])
    phase = Phase.from_key(sys.argv[3] if len(sys.argv) > 3 else "timeline")
    app, _library, window, session_id = open_kill_window(path, sys.argv)
    assert window.session_view is not None
    window.session_view.go_to(phase)
    view = window.session_view.views[phase]
    app.processEvents()
    print(f"session {session_id}", flush=True)
    for number in range(count):
        # Times rise a minute a line, so the entries keep the order they were typed in.
        typed = (
            f"14:{number % 60:02d} @Ana: {entry_text(number)}"
            if phase is Phase.TIMELINE
            else entry_text(number)
        )
        if not capture(view, typed):
            print(f"not saved {number}", flush=True)
            return 1
        print(f"saved {entry_text(number)}", flush=True)
        app.processEvents()
    wait_to_be_killed()


if __name__ == "__main__":
    sys.exit(main())
