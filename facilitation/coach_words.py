"""The language coach's words: the shipped lists in ``resources/coach.toml``, extended by an organisation's.

An organisation file (``coach.toml`` in the config folder) may add words to any list,
add blame, root-cause, minimising or hindsight phrases with their neutral wording,
reword a rule's message, and ``silence`` rules it does not want. ``docs/coach.md``
describes the format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitation.messages import echo

PHRASE_TABLES = {
    "blame": "blame-word",
    "root_cause": "root-cause",
    "minimising": "minimising",
    "hindsight": "hindsight",
}
"""The TOML tables of phrases with a neutral wording, and the rule each belongs to."""

MAX_FILE_BYTES = 1_000_000
"""The largest organisation file read; a real one is a few kilobytes."""

_ORG_KEYS = {"silence", "words", "rules", *PHRASE_TABLES}
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'"})


def fold(text: str) -> str:
    """``text`` in lower case with every apostrophe straight, keeping its length and offsets."""
    folded = text.translate(_APOSTROPHES)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


@dataclass
class CoachWords:
    """Everything the coach listens for, merged from the shipped file and an organisation's.

    Attributes:
        messages: Each rule's message, with ``{wording}`` where the noted words go.
        lists: The ``[words]`` lists by name, each word folded.
        phrases: For each rule with a phrase table, its (folded phrase, neutral wording) pairs.
        silenced: Rules the organisation turned off.
        past: A verb's past tense by its base form (``roll`` → ``rolled``).
        base_of: A verb's base form by its participle (``rolled`` → ``roll``, ``caught`` → ``catch``).
    """

    messages: dict[str, str]
    lists: dict[str, list[str]]
    phrases: dict[str, list[tuple[str, str]]]
    silenced: set[str] = field(default_factory=set)
    past: dict[str, str] = field(default_factory=dict)
    base_of: dict[str, str] = field(default_factory=dict)

    def words(self, name: str) -> list[str]:
        """The list called ``name`` (``person_nouns``), or an empty one."""
        return self.lists.get(name, [])


class CoachFileError(ValueError):
    """An organisation coach file that can't be used; the message says where and what."""


def shipped_words() -> CoachWords:
    """The word lists that ship with Takeaways."""
    import tomllib

    import resources

    data = tomllib.loads(resources.read_text("coach.toml"))
    words = CoachWords(
        messages={name: str(rule["message"]) for name, rule in data["rules"].items()},
        lists={},
        phrases={rule: [] for rule in PHRASE_TABLES.values()},
    )
    _merge(words, data)
    _add_verbs(words, data["verbs"])
    return words


def org_coach_files(config_folder: Path) -> list[Path]:
    """Where an organisation's coach file is looked for: ``coach.toml`` in the config folder.

    Args:
        config_folder: The user config folder of the app.
    """
    return [config_folder / "coach.toml"]


def load_words(org_files: Sequence[Path]) -> tuple[CoachWords, list[str]]:
    """The shipped words with each organisation file applied, in order.

    A missing file is passed over without a word; one that cannot be read or
    understood is skipped as a whole, and a notice says which and why.

    Returns:
        The words, and one plain notice for each file skipped.
    """
    words = shipped_words()
    notices: list[str] = []
    for path in org_files:
        try:
            data = _read(path)
        except FileNotFoundError:
            continue
        except CoachFileError as problem:
            notices.append(
                f"The coach words in {echo(str(path), limit=300)} were not loaded: {problem} "
                "The shipped words are in use."
            )
            continue
        _merge(words, data)
    return words, notices


def _read(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise
    except OSError as problem:
        raise CoachFileError(f"it could not be read ({echo(problem.strerror or str(problem))}).") from None
    if len(raw) > MAX_FILE_BYTES:
        raise CoachFileError("it is larger than 1 MB, far more than a word list needs.")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise CoachFileError("it is not UTF-8 text; save it as UTF-8.") from None
    except tomllib.TOMLDecodeError as problem:
        raise CoachFileError(f"it is not valid TOML ({echo(str(problem))}).") from None
    _check(data)
    return data


def _check(data: dict[str, Any]) -> None:
    unknown = sorted(set(data) - _ORG_KEYS)
    if unknown:
        raise CoachFileError(
            f"it has the key '{echo(unknown[0])}'; the keys understood are {', '.join(sorted(_ORG_KEYS))}."
        )
    if not _strings(data.get("silence", [])):
        raise CoachFileError("'silence' needs a list of rule names, such as [\"minimising\"].")
    for name, values in data.get("words", {}).items():
        if not _strings(values):
            raise CoachFileError(f"the word list '{echo(name)}' needs to be a list of words in quotes.")
    for name, rule in data.get("rules", {}).items():
        if not isinstance(rule, dict) or not isinstance(rule.get("message"), str):
            raise CoachFileError(f"the rule '{echo(name)}' needs a message = \"…\" line.")
    for table in PHRASE_TABLES:
        entries = data.get(table, [])
        if not isinstance(entries, list):
            raise CoachFileError(f"'{table}' needs to be written as [[{table}]] tables.")
        for number, entry in enumerate(entries, start=1):
            if (
                not isinstance(entry, dict)
                or not _strings(entry.get("words"))
                or not isinstance(entry.get("replace", ""), str)
            ):
                raise CoachFileError(
                    f'[[{table}]] number {number} needs words = ["…"] and, if any, replace = "…".'
                )


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _merge(words: CoachWords, data: dict[str, Any]) -> None:
    words.silenced.update(data.get("silence", []))
    for name, rule in data.get("rules", {}).items():
        words.messages[name] = str(rule["message"])
    for name, values in data.get("words", {}).items():
        known = words.lists.setdefault(name, [])
        known.extend(fold(value).strip() for value in values if value.strip())
    for table, rule in PHRASE_TABLES.items():
        for entry in data.get(table, []):
            replace = str(entry.get("replace", ""))
            pairs = [(fold(word).strip(), replace) for word in entry["words"] if word.strip()]
            # Organisation phrases are tried first, so they can reword a shipped one.
            words.phrases[rule][:0] = pairs


def _add_verbs(words: CoachWords, verbs: dict[str, Any]) -> None:
    for base in verbs["regular"]:
        head = base.split()[0]
        words.past.setdefault(head, _regular_past(head, doubled=False))
    for base in verbs["doubled"]:
        words.past[base] = _regular_past(base, doubled=True)
    for base, past in words.past.items():
        words.base_of.setdefault(past, base)
    for base, (past, participle) in verbs["irregular"].items():
        words.past[base] = past
        words.base_of[participle] = base


def _regular_past(base: str, doubled: bool) -> str:
    if doubled:
        return f"{base}{base[-1]}ed"
    if base.endswith("e"):
        return f"{base}d"
    if re.search(r"[^aeiou]y$", base):
        return f"{base[:-1]}ied"
    return f"{base}ed"


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching any of the folded ``phrases`` as whole words, longest first."""
    alternatives = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not alternatives:
        return re.compile(r"(?!x)x")
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in alternatives)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")
