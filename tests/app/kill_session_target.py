"""Started by the kill harness: runs a debrief through its phases in the real window until it is killed.

``kill_session_target.py LIBRARY ROUNDS`` makes a library at LIBRARY with one session,
opens the main window on it (offscreen) and goes round the phases ROUNDS times:
the title and summary typed in Prepare, a timeline line, a line in each list phase
(went right, went wrong, factors, learnings, actions), a severity picked in Classify.
It prints ``session ID`` first, then, as soon as each change is on disk, one line
``saved {json}`` — ``{"field": NAME, "value": V}`` or ``{"list": NAME, "text": T}``;
then ``done``, and waits to be killed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from facilitation.phases import Phase
from tests.app.kill_window import capture, open_kill_window, wait_to_be_killed

LIST_PHASES = (
    Phase.WENT_RIGHT,
    Phase.WENT_WRONG,
    Phase.CONTRIBUTING_FACTORS,
    Phase.KEY_LEARNINGS,
    Phase.ACTIONS,
)
SEVERITIES = ("Sev-1", "Sev-2", "Sev-3", "Sev-4")


def text(kind: str, number: int) -> str:
    """The text of change ``number`` of ``kind``: awkward on purpose."""
    return f"{kind} {number}: Ana saw the error rate rise — ünïcode ✓ שלום <b>&amp;"


def _said(**change: object) -> None:
    print(f"saved {json.dumps(change, ensure_ascii=False)}", flush=True)


def main() -> int:
    path, rounds = Path(sys.argv[1]), int(sys.argv[2])
    app, _library, window, session_id = open_kill_window(path, sys.argv)
    view = window.session_view
    editor = window.editor
    assert view is not None and editor is not None
    app.processEvents()
    print(f"session {session_id}", flush=True)

    for number in range(rounds):
        view.go_to(Phase.PREPARE)
        for field, widget in (("title", view.prepare.title), ("summary", view.prepare.summary)):
            value = text(field, number)
            widget.setText(value) if field == "title" else widget.setPlainText(value)  # type: ignore[attr-defined]
            editor.flush()  # what leaving the field (or the one-second timer) does
            if editor.has_pending:
                print(f"not saved {field} {number}", flush=True)
                return 1
            _said(field=field, value=value)
        view.go_to(Phase.TIMELINE)
        if not capture(view.views[Phase.TIMELINE], f"14:{number % 60:02d} @Ana: {text('timeline', number)}"):
            print(f"not saved timeline {number}", flush=True)
            return 1
        _said(list="timeline", text=text("timeline", number))
        for phase in LIST_PHASES:
            view.go_to(phase)
            if not capture(view.views[phase], text(phase.key, number)):
                print(f"not saved {phase.key} {number}", flush=True)
                return 1
            _said(list=phase.key, text=text(phase.key, number))
        view.go_to(Phase.CLASSIFY)
        severity = SEVERITIES[number % len(SEVERITIES)]
        view.views[Phase.CLASSIFY].choose_severity(severity)  # type: ignore[attr-defined]
        if editor.session.severity != severity:
            print(f"not saved severity {number}", flush=True)
            return 1
        _said(field="severity", value=severity)
        app.processEvents()
    wait_to_be_killed()


if __name__ == "__main__":
    sys.exit(main())
