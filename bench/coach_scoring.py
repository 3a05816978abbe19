"""How well the language coach does on labelled cases: precision and recall, per sentence and per rule.

Used by ``bench/run.py`` (the ``coach_quality`` measure) and by the test that holds
the coach's floor (``from bench.coach_scoring import load_cases, score``; pytest puts
the repository root on ``sys.path``). Standard library only, so both can import it.

A case file is TOML: one ``[[case]]`` table per case, with ``text``, ``rules`` (every
rule that should fire; ``[]`` when the coach must stay quiet), and optional
``learnings`` (true for a key learning) and ``note``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


class _Note(Protocol):
    @property
    def rule(self) -> str: ...


class _Coach(Protocol):
    def check(self, text: str, *, learnings: bool = False) -> Sequence[_Note]: ...


@dataclass(frozen=True)
class Case:
    """One labelled text.

    Attributes:
        text: A sentence or two, as someone would write it.
        rules: The rule ids that should fire on it; empty when the coach must stay quiet.
        learnings: The text is a key learning (the coach adds its two learning checks).
        note: Why a tricky case is labelled the way it is.
    """

    text: str
    rules: frozenset[str]
    learnings: bool = False
    note: str = ""


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives, with the ratios they give.

    ``precision`` is None when nothing was flagged, ``recall`` None when nothing
    should have been: a ratio of nothing is not a score.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def load_cases(path: Path) -> list[Case]:
    """The cases in a TOML case file, in order.

    Raises:
        ValueError: A case lacks ``text`` or ``rules``, or has them of the wrong kind.
    """
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    cases = []
    for number, raw in enumerate(data.get("case", []), 1):
        text, rules = raw.get("text"), raw.get("rules")
        if not isinstance(text, str) or not isinstance(rules, list):
            raise ValueError(f'{path.name}: case {number} needs text = "…" and rules = […]')
        learnings, note = bool(raw.get("learnings", False)), str(raw.get("note", ""))
        cases.append(Case(text, frozenset(str(r) for r in rules), learnings, note))
    return cases


def score(cases: Iterable[Case], coach: _Coach) -> dict[str, Any]:
    """Check every case with ``coach`` and count how it did.

    Sentence level: a case is flagged when the coach notes anything in it; a
    flagged case is a true positive when it is labelled with any rule (even another
    one), a false positive when it is labelled quiet; an unflagged case labelled with
    rules is a false negative. Rule level: for each rule, the cases where it was
    expected and found, found only, or expected only.

    Returns:
        ``{"cases": n, "sentences": counts, "rules": {rule: counts}, "false_alarms":
        [...], "misses": [...]}``, where each counts is ``{"precision", "recall",
        "tp", "fp", "fn"}`` (a ratio is None when undefined), a false alarm is
        ``{"text", "found"}`` for a case labelled quiet that was flagged, and a miss
        is ``{"text", "expected", "found"}`` for a case where some expected rule was
        not found.
    """
    sentence = Counts()
    per_rule: dict[str, Counts] = {}
    false_alarms: list[dict[str, Any]] = []
    misses: list[dict[str, Any]] = []
    total = 0
    for case in cases:
        total += 1
        found = frozenset(note.rule for note in coach.check(case.text, learnings=case.learnings))
        flagged, expected = bool(found), bool(case.rules)
        sentence = Counts(
            sentence.tp + (flagged and expected),
            sentence.fp + (flagged and not expected),
            sentence.fn + (expected and not flagged),
        )
        for rule in case.rules | found:
            counts = per_rule.get(rule, Counts())
            per_rule[rule] = Counts(
                counts.tp + (rule in found and rule in case.rules),
                counts.fp + (rule in found and rule not in case.rules),
                counts.fn + (rule in case.rules and rule not in found),
            )
        if flagged and not expected:
            false_alarms.append({"text": case.text, "found": sorted(found)})
        if case.rules - found:
            misses.append({"text": case.text, "expected": sorted(case.rules), "found": sorted(found)})
    return {
        "cases": total,
        "sentences": sentence.as_dict(),
        "rules": {rule: per_rule[rule].as_dict() for rule in sorted(per_rule)},
        "false_alarms": false_alarms,
        "misses": misses,
    }
