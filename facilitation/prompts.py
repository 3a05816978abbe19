"""Prompt cards for each phase: the shipped question bank, extended by an organisation's own files.

The bank is TOML with one array of tables per phase (``[[timeline]]``, ``[[went_right]]`` …);
each table is a card with ``id``, ``text`` and optional ``group`` and ``hint``. An
organisation file may also set ``replace``, ``replace_phases`` and ``remove``.
``docs/prompts.md`` describes the format for the people who write these files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from facilitation.messages import echo
from facilitation.phases import Phase

PHASE_KEYS: dict[str, Phase] = {phase.name.lower(): phase for phase in Phase}
"""The name of each phase in a prompt file (``timeline``, ``went_wrong`` …)."""

SETTING_KEYS = ("replace", "replace_phases", "remove")
"""Top-level keys an organisation file may set besides the phases."""

PROMPT_KEYS = ("id", "text", "group", "hint")
"""The fields of one prompt card."""

MAX_FILE_BYTES = 1_000_000
"""The largest prompt file read; a real bank is a few kilobytes."""

_GROUP_LABELS = {
    "detection": "Detection",
    "diagnosis": "Diagnosis",
    "repair": "Repair",
    "key-moment": "Key moments",
    "decision": "The whole decision",
    "people": "People's conditions",
}

_PATH_ECHO_LIMIT = 300


@dataclass(frozen=True)
class Prompt:
    """One prompt card.

    Attributes:
        id: Stable name of the card (``timeline.detection.1``); an organisation file
            with the same id replaces it.
        phase: The phase whose cards it belongs to.
        text: The question or statement, as it is asked in the room.
        group: The kind of moment it serves within the phase (``detection``,
            ``decision`` …), or empty.
        hint: A note for the facilitator, never shown to participants, or empty.
    """

    id: str
    phase: Phase
    text: str
    group: str = ""
    hint: str = ""


class PromptBank:
    """An ordered set of prompt cards with unique ids.

    Cards keep the order they were given in. A later card with an id already in the
    bank replaces the earlier one: in its place when the phase is the same, at the end
    of its new phase otherwise.

    Args:
        prompts: The cards, in the order they are shown.
    """

    def __init__(self, prompts: Iterable[Prompt] = ()) -> None:
        by_id: dict[str, Prompt] = {}
        for prompt in prompts:
            _put(by_id, prompt)
        self._by_id = by_id
        self._by_phase: dict[Phase, list[Prompt]] = {phase: [] for phase in Phase}
        for prompt in by_id.values():
            self._by_phase[prompt.phase].append(prompt)

    def for_phase(self, phase: Phase) -> list[Prompt]:
        """The cards of ``phase``, in the order they are shown."""
        return list(self._by_phase[phase])

    def groups(self, phase: Phase) -> list[str]:
        """The groups used in ``phase``, in the order they first appear; cards without one are left out."""
        return list(dict.fromkeys(p.group for p in self._by_phase[phase] if p.group))

    def find(self, prompt_id: str) -> Prompt | None:
        """The card with id ``prompt_id``, or None when the bank has none."""
        return self._by_id.get(prompt_id)

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Prompt]:
        """Every card, phase by phase in meeting order."""
        for phase in Phase:
            yield from self._by_phase[phase]

    def __repr__(self) -> str:
        return f"PromptBank({len(self)} prompts)"


def group_label(group: str) -> str:
    """How a card group is titled above its cards (``key-moment`` → ``Key moments``)."""
    return _GROUP_LABELS.get(group) or group.replace("-", " ").replace("_", " ").capitalize()


def default_bank() -> PromptBank:
    """The question bank that ships with Takeaways (``resources/prompts.toml``).

    Raises:
        PromptFileError: The shipped file is broken, which a test catches before release.
    """
    import tomllib  # kept off the start-up path until a bank is needed

    import resources

    try:
        data = tomllib.loads(resources.read_text("prompts.toml"))
    except tomllib.TOMLDecodeError as err:
        raise PromptFileError(*_syntax_place(str(err))) from None
    return PromptBank(_read_bank(data).prompts)


def org_prompt_files(config_folder: Path) -> list[Path]:
    """Where an organisation's prompt files are looked for, in the order they are applied.

    ``prompts.toml`` in the config folder first, then every ``*.toml`` in its
    ``prompts`` folder, sorted by name. The files need not exist.

    Args:
        config_folder: The user config folder of the app.
    """
    folder = config_folder / "prompts"
    extra = sorted(folder.glob("*.toml"), key=lambda p: p.name) if folder.is_dir() else []
    return [config_folder / "prompts.toml", *extra]


def load_bank(org_files: Sequence[Path]) -> tuple[PromptBank, list[str]]:
    """The default bank with each organisation file applied to it, in order.

    A missing file is passed over without a word. A file that cannot be read or
    understood is skipped as a whole and a notice says which file and where; the
    cards loaded so far stay in use.

    Args:
        org_files: Paths such as ``<config>/prompts.toml`` and ``<config>/prompts/*.toml``
            (see :func:`org_prompt_files`).

    Returns:
        The bank, and one plain notice for each file skipped or part of one passed over.
    """
    by_id = {p.id: p for p in default_bank()}
    notices: list[str] = []
    for path in org_files:
        try:
            bank_file = _read_file(path)
        except FileNotFoundError:
            continue
        except PromptFileError as problem:
            notices.append(
                f"The prompts in {_echo_path(path)} were not loaded: {problem.place} {problem.problem}. "
                "The other prompt cards are in use."
            )
            continue
        notices.extend(_apply(by_id, bank_file, path))
    return PromptBank(by_id.values()), notices


class PromptFileError(ValueError):
    """A prompt file that can't be used; says where (a line, or a field) and what was found there.

    Attributes:
        place: Where in the file, read as the subject of ``problem``: ``line 3, column 8``,
            ``the field 'text' of timeline prompt 2 (id 'ours.1')``.
        problem: What was found there and what the file needs, in plain words.
    """

    def __init__(self, place: str, problem: str) -> None:
        super().__init__(f"{place} {problem}")
        self.place = place
        self.problem = problem


@dataclass
class _BankFile:
    prompts: list[Prompt] = field(default_factory=list)
    replace: bool = False
    replace_phases: list[Phase] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)


def _put(by_id: dict[str, Prompt], prompt: Prompt) -> None:
    old = by_id.get(prompt.id)
    if old is not None and old.phase is not prompt.phase:
        del by_id[prompt.id]  # moving phase: it joins the end of its new phase
    by_id[prompt.id] = prompt


def _apply(by_id: dict[str, Prompt], bank_file: _BankFile, path: Path) -> list[str]:
    notices: list[str] = []
    if bank_file.replace:
        by_id.clear()
    elif bank_file.replace_phases:
        for prompt_id in [p.id for p in by_id.values() if p.phase in bank_file.replace_phases]:
            del by_id[prompt_id]
    for prompt_id in bank_file.remove:
        if by_id.pop(prompt_id, None) is None:
            notices.append(
                f"The prompt file {_echo_path(path)} removes the prompt '{echo(prompt_id)}', and no prompt "
                "loaded before it has that id; the rest of the file is in use."
            )
    for prompt in bank_file.prompts:
        _put(by_id, prompt)
    return notices


def _read_file(path: Path) -> _BankFile:
    import tomllib

    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise PromptFileError("the path", "names a folder, not a file") from None
    except OSError as err:
        raise PromptFileError("the file", f"could not be read ({err.strerror or err})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise PromptFileError(
            "the file", f"is larger than {MAX_FILE_BYTES:,} bytes; a prompt bank is far smaller"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise PromptFileError(
            f"line {line}", "holds text that is not UTF-8; saving the file as UTF-8 fixes it"
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise PromptFileError(*_syntax_place(str(err))) from None
    return _read_bank(data)


def _syntax_place(message: str) -> tuple[str, str]:
    # Python 3.11–3.13 put the place in the message: "Invalid value (at line 3, column 8)".
    match = re.fullmatch(r"(?s)(.*?)\s*\(at (line \d+, column \d+|end of document)\)", message)
    what, where = (match[1], match[2]) if match else (message, "the file")
    where = "the end of the file" if where == "end of document" else where
    return where, f"is not valid TOML ({what[:1].lower() + what[1:]})"


def _read_bank(data: dict[str, Any]) -> _BankFile:
    bank_file = _BankFile()
    for key, value in data.items():
        if key in PHASE_KEYS:
            continue
        if key == "replace":
            if not isinstance(value, bool):
                raise PromptFileError("'replace'", f"is {_describe(value)}; it must be true or false")
            bank_file.replace = value
        elif key == "replace_phases":
            names = _text_list(value, "replace_phases")
            for index, name in enumerate(names, 1):
                if name not in PHASE_KEYS:
                    raise PromptFileError(
                        f"entry {index} of 'replace_phases'",
                        f"is '{echo(name)}', which is not a phase; the phases are {', '.join(PHASE_KEYS)}",
                    )
            bank_file.replace_phases = [PHASE_KEYS[name] for name in names]
        elif key == "remove":
            bank_file.remove = _text_list(value, "remove")
        else:
            raise PromptFileError(
                f"the top-level name '{echo(key)}'",
                f"is not a phase or a setting; the phases are {', '.join(PHASE_KEYS)}, "
                f"and the settings {', '.join(SETTING_KEYS)}",
            )
    first_seen: dict[str, str] = {}
    for key, phase in PHASE_KEYS.items():
        if key not in data:
            continue
        cards = data[key]
        if not isinstance(cards, list) or not all(isinstance(card, dict) for card in cards):
            raise PromptFileError(
                f"'{key}'", f"is {_describe(cards)}; each of its prompts is written as a [[{key}]] table"
            )
        for index, card in enumerate(cards, 1):
            prompt = _read_prompt(card, phase, f"{key} prompt {index}")
            if prompt.id in first_seen:
                raise PromptFileError(
                    f"{key} prompt {index}",
                    f"has the id '{echo(prompt.id)}', which {first_seen[prompt.id]} has too; "
                    "each prompt in a file needs an id of its own",
                )
            first_seen[prompt.id] = f"{key} prompt {index}"
            bank_file.prompts.append(prompt)
    return bank_file


def _read_prompt(card: dict[str, Any], phase: Phase, where: str) -> Prompt:
    prompt_id = card.get("id", "")
    if isinstance(prompt_id, str) and prompt_id.strip():
        where = f"{where} (id '{echo(prompt_id.strip())}')"
    for key in card:
        if key not in PROMPT_KEYS:
            raise PromptFileError(
                where, f"has a field '{echo(key)}'; a prompt's fields are {', '.join(PROMPT_KEYS)}"
            )
    values: dict[str, str] = {}
    for key in PROMPT_KEYS:
        value = card.get(key, "")
        if not isinstance(value, str):
            raise PromptFileError(
                f"the field '{key}' of {where}", f"is {_describe(value)}; it must be text in quotes"
            )
        values[key] = value.strip()
    if not values["id"]:
        raise PromptFileError(
            where, f"has no id; it needs one that stays the same, such as '{phase.name.lower()}.ours.1'"
        )
    if not values["text"]:
        raise PromptFileError(where, "has no text; 'text' holds the question as it is asked")
    return Prompt(values["id"], phase, values["text"], values["group"], values["hint"])


def _text_list(value: object, key: str) -> list[str]:
    if not isinstance(value, list):
        raise PromptFileError(f"'{key}'", f'is {_describe(value)}; it must be a list like ["..."]')
    for index, item in enumerate(value, 1):
        if not isinstance(item, str):
            raise PromptFileError(
                f"entry {index} of '{key}'", f"is {_describe(item)}; it must be text in quotes"
            )
    return [item.strip() for item in value]


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {echo(repr(value))}"
    if isinstance(value, str):
        return f"the text '{echo(value)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime | date | time):
        return f"the date or time {echo(value.isoformat())}"
    return "a value of another kind"


def _echo_path(path: Path) -> str:
    return echo(str(path), _PATH_ECHO_LIMIT)
