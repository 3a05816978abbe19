"""The language coach: notes on wording that shuts learning down, each with a kinder way to say it.

The coach reads any text sentence by sentence. Each note names a rule, the exact
words, why they hurt learning, and the sentence said another way; that suggestion
always passes the coach itself. The rules live in :mod:`facilitation.coach_rules`,
their words in ``resources/coach.toml``, and ``docs/coach.md`` lists them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from facilitation.coach_rules import Hit, Rules, defined_terms
from facilitation.coach_words import CoachWords, fold, load_words, org_coach_files, shipped_words

__all__ = [
    "RULES",
    "Coach",
    "Note",
    "apply_note",
    "default_coach",
    "load_coach",
    "org_coach_files",
]

RULES: dict[str, str] = {
    "defensive-question": "A question that asks a person to defend what they did.",
    "counterfactual": "A timeline that did not happen: should have, could have, if only, had we.",
    "blame-word": "A word that points at a person: human error, mistake, careless, their fault.",
    "root-cause": "One cause named as the whole story: the root cause, the sole cause.",
    "hindsight": "Hindsight: obviously, clearly, everyone knows.",
    "minimising": "A word that makes a step sound trivial: just, simply, all they had to do.",
    "unexplained-term": "Key learnings: an acronym or internal name a reader may not know.",
    "restates-fix": "Key learnings: a learning that only says what was fixed.",
}
"""Every rule id, with what it notes (the ``lint`` command's rules)."""

FALLBACKS: dict[str, str] = {
    "defensive-question": "What were you seeing at that point, and what made that step make sense then?",
    "counterfactual": "What happened here, and what made it make sense at the time?",
    "blame-word": "What made this step make sense to the people doing it at the time?",
    "root-cause": "Which conditions came together to make this possible?",
    "hindsight": "What did the people in it see at the time?",
    "minimising": "What made this step harder at the time than it looks now?",
    "unexplained-term": "Say what each name here stands for, for readers who weren't there.",
    "restates-fix": "Before the fix, the system behaved in a way nobody expected, and nothing showed it.",
}
"""What a suggestion falls back to when a sentence resists rewording; each passes the coach."""

_ROUNDS = 6
MAX_REWORDED = 1000
"""The longest sentence, in characters, the coach rewords; a longer run of text gets notes without one."""
_REMEMBERED = 4096
_ABBREVIATIONS = {
    "e.g",
    "i.e",
    "etc",
    "vs",
    "approx",
    "mr",
    "mrs",
    "ms",
    "dr",
    "no",
    "cf",
    "incl",
    "fig",
    "st",
}
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|\n")


@dataclass(frozen=True)
class Note:
    """A language note on a span of text.

    Attributes:
        start: Where the wording begins, in code points into the text checked.
        end: Where it ends (exclusive).
        rule: The rule's id (one of ``RULES``).
        message: One sentence saying why this wording hurts learning.
        suggestion: The sentence said another way; it replaces ``text[sentence_start:sentence_end]``.
        sentence_start: Where the sentence the suggestion replaces begins.
        sentence_end: Where it ends (exclusive).
        wording: The words noted, as written.
    """

    start: int
    end: int
    rule: str
    message: str
    suggestion: str | None
    sentence_start: int
    sentence_end: int
    wording: str

    @property
    def key(self) -> str:
        """What a dismissal remembers: the rule and the words, so editing elsewhere keeps it."""
        wording = " ".join(fold(self.wording).split())
        return f"{self.rule}:{wording}"


class Coach:
    """Checks text for wording that shuts learning down; offline, deterministic and fast."""

    def __init__(self, words: CoachWords, glossary: Iterable[str] = ()) -> None:
        self._words = words
        self._rules = Rules(words, {fold(term).strip() for term in glossary if term.strip()})
        self._reworded_before: dict[tuple[str, bool], str] = {}

    def check(self, text: str, *, learnings: bool = False) -> list[Note]:
        """Every note on ``text``, in order.

        Args:
            text: Any text: a question, an entry, a whole postmortem.
            learnings: Add the checks meant for key learnings (terms and fixes).
        """
        notes: list[Note] = []
        low = fold(text)
        defined = defined_terms(text) if learnings else set()
        for start, end in sentences(text):
            sentence = text[start:end]
            hits = self._rules.hits(sentence, low[start:end], learnings, defined)
            if not hits:
                continue
            suggestion = self._reworded(sentence, hits, learnings)
            for hit in hits:
                wording = sentence[hit.start : hit.end]
                notes.append(
                    Note(
                        start=start + hit.start,
                        end=start + hit.end,
                        rule=hit.rule,
                        message=self._words.messages[hit.rule].replace("{wording}", wording.strip()),
                        suggestion=suggestion,
                        sentence_start=start,
                        sentence_end=end,
                        wording=wording,
                    )
                )
        return notes

    def open_notes(
        self, text: str, dismissed: Collection[str] = (), *, learnings: bool = False
    ) -> list[Note]:
        """The notes on ``text`` that nobody has chosen to keep as written.

        Args:
            text: The text to check.
            dismissed: Keys (``Note.key``) of notes kept as written.
            learnings: Add the checks meant for key learnings.
        """
        return [note for note in self.check(text, learnings=learnings) if note.key not in dismissed]

    def passes(self, text: str, *, learnings: bool = False) -> bool:
        """Whether the coach has nothing to say about ``text``."""
        return not self.check(text, learnings=learnings)

    def reframe(self, question: str) -> str | None:
        """The question with every noted sentence said another way; None when it already passes."""
        notes = self.check(question)
        if not notes:
            return None
        reframed = question
        for note in sorted(
            {(n.sentence_start, n.sentence_end, n.suggestion or "") for n in notes}, reverse=True
        ):
            start, end, suggestion = note
            reframed = reframed[:start] + suggestion + reframed[end:]
        return reframed

    def _reworded(self, sentence: str, hits: list[Hit], learnings: bool) -> str | None:
        """The sentence with every hit dealt with, checked again until the coach passes it."""
        if len(sentence) > MAX_REWORDED:
            return None
        remembered = self._reworded_before.get((sentence, learnings))
        if remembered is None:
            if len(self._reworded_before) >= _REMEMBERED:
                self._reworded_before.clear()
            remembered = self._reworded_before[sentence, learnings] = self._reword(sentence, hits, learnings)
        return remembered

    def _reword(self, sentence: str, hits: list[Hit], learnings: bool) -> str:
        current = sentence
        first_rule = hits[0].rule
        for _ in range(_ROUNDS):
            rewrite = next((hit.rewrite for hit in hits if hit.rewrite is not None), None)
            following = _tidy(rewrite if rewrite is not None else _replace_spans(current, hits), current)
            if following == current:
                break
            current = following
            hits = self._rules.hits(
                current, fold(current), learnings, defined_terms(current) if learnings else set()
            )
            if not hits:
                return current
        return FALLBACKS[first_rule]


def apply_note(text: str, note: Note) -> str:
    """``text`` with the note's sentence replaced by its suggestion (unchanged when it has none)."""
    if note.suggestion is None:
        return text
    return text[: note.sentence_start] + note.suggestion + text[note.sentence_end :]


def sentences(text: str) -> list[tuple[int, int]]:
    """Where each sentence of ``text`` starts and ends, without surrounding blanks."""
    spans: list[tuple[int, int]] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        if boundary.group() != "\n" and _abbreviation_before(text, boundary.start()):
            continue
        end = boundary.start() if boundary.group() == "\n" else boundary.end()
        _add_span(spans, text, start, end)
        start = boundary.end()
    _add_span(spans, text, start, len(text))
    return spans


def _abbreviation_before(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word = re.search(r"([\w.]+)$", text[max(0, dot - 12) : dot])
    return bool(word) and fold(word.group(1)) in _ABBREVIATIONS if word else False


def _add_span(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _replace_spans(sentence: str, hits: list[Hit]) -> str:
    result = sentence
    last_start = len(sentence) + 1
    for hit in sorted((h for h in hits if h.replacement is not None), key=lambda h: h.start, reverse=True):
        if hit.end > last_start:
            continue  # overlaps a replacement already made; the next round sees what is left
        assert hit.replacement is not None
        result = result[: hit.start] + hit.replacement + result[hit.end :]
        last_start = hit.start
    return result


def _tidy(text: str, before: str) -> str:
    """Spaces and capitals put right after words were taken out or put in."""
    tidied = re.sub(r"[ \t]{2,}", " ", text)
    tidied = re.sub(r"\s+([,.;:!?])", r"\1", tidied)
    tidied = re.sub(r"^[\s,;:]+", "", tidied)
    tidied = re.sub(r"([,;:])\s*([,;:.!?])", r"\2", tidied)
    tidied = re.sub(r"\b(?:an?|the)\s+(an?|the|one\s+contributing)\b", r"\1", tidied, flags=re.IGNORECASE)
    tidied = re.sub(r"\b([Aa])\s+(?=[aeio])(?!one\b|once\b)", r"\1n ", tidied)
    tidied = re.sub(r"\b([Aa])n\s+(?=[bcdfgjklmnpqrstvwxyz])", r"\1 ", tidied)
    tidied = tidied.strip()
    if before[:1].isupper() and tidied[:1].islower():
        tidied = tidied[0].upper() + tidied[1:]
    return tidied


def default_coach(glossary: Iterable[str] = ()) -> Coach:
    """The coach with the shipped words only.

    Args:
        glossary: Terms the organisation has defined; they pass the key-learning checks.
    """
    return Coach(_shipped(), glossary)


@lru_cache(maxsize=1)
def _shipped() -> CoachWords:
    return shipped_words()


def load_coach(org_files: Sequence[Path], glossary: Iterable[str] = ()) -> tuple[Coach, list[str]]:
    """The coach with the shipped words and each organisation file applied, in order.

    Args:
        org_files: Such as ``org_coach_files(config_folder)``; missing files are passed over.
        glossary: Terms the organisation has defined.

    Returns:
        The coach, and one plain notice for each file that could not be used.
    """
    words, notices = load_words(org_files)
    return Coach(words, glossary), notices
