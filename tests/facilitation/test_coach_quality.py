"""The coach's measured quality on labelled sentences: note what hurts learning, leave the rest alone.

The development set is what the rules were tuned on; the holdout set, written in
another voice, estimates how well they carry over. ``make bench`` reports both in full.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.coach_scoring import load_cases, score
from facilitation.coach import default_coach

HERE = Path(__file__).parent
FLOORS = {"coach_cases.toml": 0.95, "coach_extra.toml": 0.95, "coach_holdout.toml": 0.9}


@pytest.mark.parametrize("name", FLOORS)
def test_precision_and_recall_hold_their_floor(name: str) -> None:
    cases = load_cases(HERE / name)
    assert len(cases) >= 100
    result = score(cases, default_coach())
    sentences = result["sentences"]
    assert sentences["precision"] >= FLOORS[name], result["false_alarms"]
    assert sentences["recall"] >= FLOORS[name], result["misses"]


@pytest.mark.parametrize("name", FLOORS)
def test_every_suggestion_on_the_labelled_sets_passes(name: str) -> None:
    coach = default_coach()
    for case in load_cases(HERE / name):
        for note in coach.check(case.text, learnings=case.learnings):
            assert note.suggestion is not None, case.text
            assert coach.check(note.suggestion, learnings=case.learnings) == [], (case.text, note.suggestion)
