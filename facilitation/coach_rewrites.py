"""Whole-sentence reframes: a defensive question, a counterfactual, a learning that restates a fix.

Each function takes the parts a rule found and returns the sentence said another
way, keeping its subject and object. They build sentences only from the words
they are given and from phrasing that the coach itself passes.
"""

from __future__ import annotations

import re

from facilitation.coach_words import CoachWords, fold

SENSIBLE_THEN = "What made that the sensible path at the time?"
"""The question a counterfactual's reframe ends on: what made sense then."""

_BE_PLURAL = {"you", "we", "they", "you all", "y'all", "you guys"}
_OBJECT_PRONOUN = {"i": "me", "we": "us", "he": "him", "she": "her", "they": "them"}
_THIRD_PERSON = {"he", "she", "they"}
_CHOOSING = {"decide", "choose", "opt", "pick", "elect", "prefer"}


def capitalise(text: str) -> str:
    """``text`` with its first letter in upper case."""
    for index, char in enumerate(text):
        if char.isalpha():
            return text[:index] + char.upper() + text[index + 1 :]
    return text


def _subject(subject: str) -> str:
    return "I" if fold(subject) == "i" else subject


def _pronoun(subject: str) -> str:
    folded = fold(subject)
    if folded in _BE_PLURAL or folded == "i" or folded in _THIRD_PERSON:
        return "you" if folded.startswith("you") or folded == "y'all" else _subject(subject)
    return "they"


def _were(pronoun: str) -> str:
    return "was" if fold(pronoun) in {"i", "he", "she"} else "were"


def _object_pronoun(pronoun: str) -> str:
    return _OBJECT_PRONOUN.get(fold(pronoun), pronoun)


def _phrase(*parts: str) -> str:
    return re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip()


def question_for_action(subject: str, verb: str, rest: str, negative: bool, words: CoachWords) -> str:
    """Reframe "why did(n't) <subject> <verb> <rest>": say what was observed, then ask what made sense.

    Args:
        subject: Who the question was aimed at, as written (``you``, ``the on-call engineer``).
        verb: The base form of what they did (``restart``).
        rest: The words after the verb, without the question mark.
        negative: The question asked why they did not.
        words: The coach's lists, for perception verbs.
    """
    anyone = fold(subject) in {
        "anyone",
        "anybody",
        "nobody",
        "no one",
        "no-one",
        "noone",
        "someone",
        "somebody",
    }
    perceived = fold(verb) in words.words("perception_verbs")
    if negative and (perceived or anyone):
        if perceived and rest:
            return f"What made {rest} hard to {verb} at the time?"
        return f"What made it hard to {_phrase(verb, rest)} at the time?"
    if anyone:
        return (
            f"During the incident, someone chose to {_phrase(verb, rest)}. What was going on at that point?"
        )
    pronoun = _pronoun(subject)
    were = _were(pronoun)
    if not negative and fold(verb) in _CHOOSING:
        return (
            f"During the incident, {_phrase(_subject(subject), words.past.get(fold(verb), verb), rest)}. "
            f"What {were} {pronoun} seeing that made that the right step then?"
        )
    if negative:
        return (
            f"During the incident, {_phrase(_subject(subject), 'did not', verb, rest)}. "
            f"What {were} {pronoun} seeing then, and what made another path look right?"
        )
    return (
        f"During the incident, {_phrase(_subject(subject), 'chose to', verb, rest)}. "
        f"What {were} {pronoun} seeing that made that the right step then?"
    )


def question_for_state(subject: str, rest: str, negative: bool) -> str:
    """Reframe "why were(n't) <subject> <rest>": say what was so, then ask what was going on."""
    pronoun = _pronoun(subject)
    state = _phrase(_subject(subject), _were(pronoun), "not" if negative else "", rest)
    return f"During the incident, {state}. What was going on for {_object_pronoun(pronoun)} at that point?"


def counterfactual_statement(
    prefix: str, subject: str, participle: str, rest: str, negative: bool, words: CoachWords
) -> str:
    """Say what did happen instead of what "should have" happened, then ask what made sense.

    Args:
        prefix: Words before the subject that stay (``Looking back,`` is dropped by the caller).
        subject: What or who the clause is about (``we``, ``the alert``, ``a canary``).
        participle: The verb as written after "have" (``rolled``, ``caught``, ``been``).
        rest: The words after it, without the final full stop.
        negative: "shouldn't have": what happened is the thing named.
        words: The coach's verb forms.
    """
    verb = fold(participle)
    base = words.base_of.get(verb)
    head, dash, last = verb.rpartition("-")
    if base is None and dash and last in words.base_of:  # "load-tested" → "load-test"
        base = f"{head}-{words.base_of[last]}"
        words.past.setdefault(base, f"{head}-{words.past.get(words.base_of[last], last)}")
    folded_subject = fold(subject)
    if base == "know" and fold(rest) == "better" and not negative:
        statement = _phrase(prefix, subject, "acted on what was known then")
    elif verb == "been":
        be = (
            "was"
            if folded_subject in {"i", "he", "she", "it", "this", "that"} or not _plural(subject)
            else "were"
        )
        statement = _phrase(prefix, subject, be, "" if negative else "not", rest)
    elif negative:
        past = words.past.get(base, participle) if base else participle
        statement = _phrase(prefix, subject, past, rest)
    elif base is None:
        statement = _phrase(prefix, subject, "had not", participle, rest)
    elif re.match(r"(a|an)\s", folded_subject):
        noun = subject.split(maxsplit=1)[1]
        statement = _phrase(prefix, "no", noun, words.past.get(base, participle), rest)
    else:
        statement = _phrase(prefix, subject, "did not", base, rest)
    return f"{capitalise(statement)}. {SENSIBLE_THEN}"


def _plural(subject: str) -> bool:
    folded = fold(subject)
    return folded in _BE_PLURAL or (folded.endswith("s") and not folded.endswith("ss"))


_FIX_CLASSES = {
    "more": (
        "increase",
        "increased",
        "raise",
        "raised",
        "bump",
        "bumped",
        "double",
        "doubled",
        "extend",
        "extended",
    ),
    "less": (
        "decrease",
        "decreased",
        "reduce",
        "reduced",
        "lower",
        "lowered",
        "shorten",
        "shortened",
        "cap",
        "capped",
    ),
    "new": (
        "add",
        "added",
        "introduce",
        "introduced",
        "create",
        "created",
        "set up",
        "build",
        "built",
        "write",
        "wrote",
        "enable",
        "enabled",
        "implement",
        "implemented",
        "configure",
        "configured",
        "automate",
        "automated",
        "document",
        "documented",
        "turn on",
        "turned on",
        "install",
        "installed",
    ),
}


def learning_from_fix(verb: str, thing: str) -> str:
    """Turn "we added a timeout to X" into what the fix says about the system before it.

    Args:
        verb: The fix's verb as written (``added``, ``increased``).
        thing: What was fixed, as written (``a timeout to the payment calls``); may be empty.
    """
    kind = next((name for name, verbs in _FIX_CLASSES.items() if fold(verb) in verbs), "other")
    bare = re.sub(r"^(?:a|an|the|some|our|its|their)\s+", "", thing, flags=re.IGNORECASE)
    if not bare:
        return "Before this change, the system behaved in a way nobody expected, and nothing showed it."
    if kind == "new":
        return f"Before this change, there was no {bare}, and nothing showed the gap until this incident."
    state = {
        "more": "was too low for the load it met",
        "less": "was higher than the system could take",
    }.get(kind, "behaved in a way nobody expected")
    return f"{capitalise(thing)} {state}, and nothing showed it until this incident."
