"""Prompt banks: the shipped questions, and how an organisation's files extend, override and replace them."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

import resources
from facilitation.coach import default_coach
from facilitation.phases import Phase
from facilitation.prompts import (
    PHASE_KEYS,
    Prompt,
    PromptBank,
    default_bank,
    group_label,
    load_bank,
    org_prompt_files,
)

DEFAULT = default_bank()

# Phrases that put a person on the defensive, describe a timeline that did not happen,
# assign blame, minimise, or aim for a single cause. None belongs in a shipped prompt.


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def ids(bank: PromptBank, phase: Phase) -> list[str]:
    return [p.id for p in bank.for_phase(phase)]


# --- the shipped bank ---------------------------------------------------------


@pytest.mark.parametrize("phase", list(Phase))
def test_every_phase_has_several_prompts(phase: Phase) -> None:
    prompts = DEFAULT.for_phase(phase)
    assert len(prompts) >= 4
    if phase is not Phase.TIMELINE:  # the timeline has a set of cards per kind of moment
        assert len(prompts) <= 10
    assert all(p.phase is phase and p.text.strip() == p.text and p.text for p in prompts)


def test_phase_keys_name_every_phase() -> None:
    assert set(PHASE_KEYS.values()) == set(Phase)
    shipped = tomllib.loads(resources.read_text("prompts.toml"))
    assert set(shipped) == set(PHASE_KEYS)


def test_ids_are_unique_and_name_their_phase() -> None:
    shipped = tomllib.loads(resources.read_text("prompts.toml"))
    all_ids = [card["id"] for cards in shipped.values() for card in cards]
    assert len(all_ids) == len(set(all_ids)) == len(DEFAULT)
    for prompt in DEFAULT:
        assert prompt.id.startswith(prompt.phase.name.lower() + ".")
        assert DEFAULT.find(prompt.id) is prompt


def test_timeline_has_a_group_for_each_kind_of_moment() -> None:
    assert DEFAULT.groups(Phase.TIMELINE) == ["detection", "diagnosis", "repair", "key-moment", "decision"]
    for group in ("detection", "diagnosis", "repair", "key-moment"):
        assert len([p for p in DEFAULT.for_phase(Phase.TIMELINE) if p.group == group]) >= 2


def test_timeline_covers_the_whole_decision() -> None:
    decision = {p.id for p in DEFAULT.for_phase(Phase.TIMELINE) if p.group == "decision"}
    aspects = ("cues", "knowledge", "goals", "assessment", "action", "help")
    assert decision == {f"timeline.decision.{aspect}" for aspect in aspects}


def test_detection_diagnosis_and_repair_ask_their_own_questions() -> None:
    def text(group: str) -> str:
        return " ".join(p.text for p in DEFAULT.for_phase(Phase.TIMELINE) if p.group == group).lower()

    assert "first sign" in text("detection")
    assert "what did we think was happening" in text("diagnosis")
    assert "make sense" in text("diagnosis")
    assert "options" in text("repair")
    assert "the choice" in text("repair")


def test_went_wrong_asks_about_working_conditions() -> None:
    text = " ".join(p.text + " " + p.hint for p in DEFAULT.for_phase(Phase.WENT_WRONG)).lower()
    for condition in (
        "fatigue",
        "pages",
        "owned",
        "runbooks",
        "alerts",
        "calendar",
        "holiday",
        "people were available",
    ):
        assert condition in text, condition


def test_contributing_factors_look_for_many_factors_in_every_category() -> None:
    assert DEFAULT.groups(Phase.CONTRIBUTING_FACTORS) == [
        "technical",
        "process",
        "organisational",
        "people",
        "external",
    ]
    text = " ".join(p.text for p in DEFAULT.for_phase(Phase.CONTRIBUTING_FACTORS)).lower()
    assert "what else" in text
    assert "combine" in text


def test_key_learnings_are_written_for_readers_and_actions_kept_apart() -> None:
    learnings = " ".join(p.text + " " + p.hint for p in DEFAULT.for_phase(Phase.KEY_LEARNINGS)).lower()
    assert "not in the room" in learnings
    assert "about our system" in learnings or "how the system behaves" in learnings
    actions = " ".join(p.hint for p in DEFAULT.for_phase(Phase.ACTIONS)).lower()
    assert "apart from the learnings" in actions


@pytest.mark.parametrize("prompt", list(DEFAULT), ids=lambda p: p.id)
def test_default_prompts_pass_the_language_coach(prompt: Prompt) -> None:
    coach = default_coach()
    for field in (prompt.text, prompt.hint):
        assert coach.check(field) == [], field


def test_group_labels() -> None:
    assert group_label("key-moment") == "Key moments"
    assert group_label("decision") == "The whole decision"
    assert group_label("third_party-risks") == "Third party risks"


# --- the bank itself ----------------------------------------------------------


def test_bank_keeps_order_and_a_repeated_id_replaces_in_place() -> None:
    bank = PromptBank(
        [
            Prompt("a", Phase.TIMELINE, "A?", "detection"),
            Prompt("b", Phase.TIMELINE, "B?", "repair"),
            Prompt("c", Phase.TIMELINE, "C?", "detection"),
            Prompt("a", Phase.TIMELINE, "A again?", "detection"),
        ]
    )
    assert len(bank) == 3
    assert [p.text for p in bank.for_phase(Phase.TIMELINE)] == ["A again?", "B?", "C?"]
    assert bank.groups(Phase.TIMELINE) == ["detection", "repair"]
    assert bank.find("zzz") is None
    assert bank.for_phase(Phase.REVIEW) == []
    assert bank.groups(Phase.REVIEW) == []


def test_for_phase_returns_a_copy() -> None:
    DEFAULT.for_phase(Phase.PREPARE).clear()
    assert DEFAULT.for_phase(Phase.PREPARE)


# --- organisation files -------------------------------------------------------


def test_no_org_files_gives_the_default(tmp_path: Path) -> None:
    bank, notices = load_bank([tmp_path / "prompts.toml", tmp_path / "prompts" / "absent.toml"])
    assert notices == []
    assert list(bank) == list(DEFAULT)


def test_org_file_extends_the_default(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "prompts.toml",
        """
        [[timeline]]
        id = "acme.timeline.status-page"
        group = "key-moment"
        text = "When did the status page change, and who changed it?"
        hint = "Our status page lags by five minutes."

        [[went_right]]
        id = "acme.went_right.pairing"
        text = "Who paired on the response?"
        """,
    )
    bank, notices = load_bank([path])
    assert notices == []
    assert len(bank) == len(DEFAULT) + 2
    timeline = bank.for_phase(Phase.TIMELINE)
    assert timeline[: len(DEFAULT.for_phase(Phase.TIMELINE))] == DEFAULT.for_phase(Phase.TIMELINE)
    assert timeline[-1] == Prompt(
        "acme.timeline.status-page",
        Phase.TIMELINE,
        "When did the status page change, and who changed it?",
        "key-moment",
        "Our status page lags by five minutes.",
    )
    assert bank.for_phase(Phase.WENT_RIGHT)[-1].id == "acme.went_right.pairing"


def test_same_id_overrides_the_default_in_its_place(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "prompts.toml",
        """
        [[timeline]]
        id = "timeline.detection.1"
        group = "detection"
        text = "Which page or message first told you something was off?"
        """,
    )
    bank, notices = load_bank([path])
    assert notices == []
    assert len(bank) == len(DEFAULT)
    assert ids(bank, Phase.TIMELINE) == ids(DEFAULT, Phase.TIMELINE)
    found = bank.find("timeline.detection.1")
    assert found is not None
    assert found.text == "Which page or message first told you something was off?"
    assert found.hint == ""


def test_override_in_another_phase_moves_the_prompt(tmp_path: Path) -> None:
    path = write(tmp_path, "prompts.toml", '[[review]]\nid = "went_right.repeat"\ntext = "Moved?"\n')
    bank, _ = load_bank([path])
    assert "went_right.repeat" not in ids(bank, Phase.WENT_RIGHT)
    assert ids(bank, Phase.REVIEW)[-1] == "went_right.repeat"
    assert len(bank) == len(DEFAULT)


def test_replace_true_replaces_the_whole_bank(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "prompts.toml",
        'replace = true\n\n[[timeline]]\nid = "ours.1"\ntext = "What happened first?"\n',
    )
    bank, notices = load_bank([path])
    assert notices == []
    assert [p.id for p in bank] == ["ours.1"]
    assert bank.for_phase(Phase.PREPARE) == []


def test_replace_phases_replaces_only_those_phases(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "prompts.toml",
        """
        replace_phases = ["timeline", "review"]

        [[timeline]]
        id = "ours.timeline.1"
        text = "What happened first?"
        """,
    )
    bank, notices = load_bank([path])
    assert notices == []
    assert ids(bank, Phase.TIMELINE) == ["ours.timeline.1"]
    assert bank.for_phase(Phase.REVIEW) == []
    assert bank.for_phase(Phase.WENT_WRONG) == DEFAULT.for_phase(Phase.WENT_WRONG)


def test_remove_drops_default_prompts(tmp_path: Path) -> None:
    path = write(tmp_path, "prompts.toml", 'remove = ["review.hands", "nothing.here"]\n')
    bank, notices = load_bank([path])
    assert bank.find("review.hands") is None
    assert len(bank) == len(DEFAULT) - 1
    assert len(notices) == 1
    assert "'nothing.here'" in notices[0]
    assert str(path) in notices[0]


def test_files_apply_in_order(tmp_path: Path) -> None:
    first = write(tmp_path, "prompts.toml", '[[actions]]\nid = "ours.a"\ntext = "First wording?"\n')
    second = write(tmp_path, "prompts/team.toml", '[[actions]]\nid = "ours.a"\ntext = "Second wording?"\n')
    third = write(tmp_path, "prompts/zz-reset.toml", 'replace_phases = ["classify"]\n')
    assert org_prompt_files(tmp_path) == [first, second, third]
    bank, notices = load_bank(org_prompt_files(tmp_path))
    assert notices == []
    found = bank.find("ours.a")
    assert found is not None
    assert found.text == "Second wording?"
    assert bank.for_phase(Phase.CLASSIFY) == []


def test_org_prompt_files_without_a_prompts_folder(tmp_path: Path) -> None:
    assert org_prompt_files(tmp_path) == [tmp_path / "prompts.toml"]


def test_utf8_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "prompts.toml"
    path.write_bytes('\ufeff[[prepare]]\nid = "ours.é"\ntext = "Qui était là ?"\n'.encode())
    bank, notices = load_bank([path])
    assert notices == []
    found = bank.find("ours.é")
    assert found is not None
    assert found.text == "Qui était là ?"


# --- broken organisation files ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ('[[timeline]]\nid = "a"\ntext = "unclosed\n', "line 3, column"),
        ("[[timeline]\n", "line 1, column"),
        ('[[timeline]]\nid = "a"\ntext = "A?"\nid = "b"\n', "line 4, column"),
        ('[[timelines]]\nid = "a"\ntext = "A?"\n', "the top-level name 'timelines' is not a phase"),
        ('timeline = "What happened?"\n', "'timeline' is the text 'What happened?'"),
        (
            '[[timeline]]\nid = "a"\ntext = 3\n',
            "the field 'text' of timeline prompt 1 (id 'a') is the number 3",
        ),
        ('[[timeline]]\nid = "a"\ntext = "A?"\ngroup = ["x"]\n', "the field 'group' of timeline prompt 1"),
        ('[[timeline]]\nid = "a"\ntxt = "A?"\n', "timeline prompt 1 (id 'a') has a field 'txt'"),
        ('[[timeline]]\ntext = "A?"\n', "timeline prompt 1 has no id"),
        ('[[timeline]]\nid = "a"\ntext = "  "\n', "timeline prompt 1 (id 'a') has no text"),
        (
            '[[review]]\nid = "a"\ntext = "A?"\n[[review]]\nid = "a"\ntext = "B?"\n',
            "review prompt 2 has the id 'a'",
        ),
        ('replace = "yes"\n', "'replace' is the text 'yes'; it must be true or false"),
        ('replace_phases = ["timline"]\n', "entry 1 of 'replace_phases' is 'timline', which is not a phase"),
        ('replace_phases = "timeline"\n', "'replace_phases' is the text 'timeline'"),
        ("remove = [1]\n", "entry 1 of 'remove' is the number 1"),
    ],
)
def test_a_broken_file_is_skipped_with_a_notice(tmp_path: Path, text: str, place: str) -> None:
    broken = write(tmp_path, "prompts.toml", text + '\n[[prepare]]\nid = "ours.ok"\ntext = "Fine?"\n')
    good = write(tmp_path, "prompts/good.toml", '[[prepare]]\nid = "ours.good"\ntext = "Still here?"\n')
    bank, notices = load_bank([broken, good])
    assert len(notices) == 1
    notice = notices[0]
    assert notice.startswith(f"The prompts in {broken} were not loaded: ")
    assert place in notice
    assert notice.endswith("The other prompt cards are in use.")
    assert "\n" not in notice
    assert bank.find("ours.ok") is None  # nothing from a broken file is half-loaded
    assert bank.find("ours.good") is not None
    assert len(bank) == len(DEFAULT) + 1


def test_notices_are_blameless(tmp_path: Path) -> None:
    broken = write(tmp_path, "prompts.toml", "[[timeline]\n")
    _, notices = load_bank([broken])
    assert default_coach().check(notices[0]) == []
    for pattern in [r"\byou\b", r"\berror\b", r"\binvalid input\b"]:
        assert not re.search(pattern, notices[0], re.IGNORECASE), (pattern, notices[0])


def test_a_file_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "prompts.toml"
    path.write_bytes(b'[[prepare]]\nid = "a"\ntext = "caf\xe9?"\n')
    bank, notices = load_bank([path])
    assert notices == [
        f"The prompts in {path} were not loaded: line 3 holds text that is not UTF-8; saving the file as "
        "UTF-8 fixes it. The other prompt cards are in use."
    ]
    assert list(bank) == list(DEFAULT)


def test_a_folder_or_a_huge_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "prompts.toml"
    folder.mkdir()
    huge = write(tmp_path, "huge.toml", "# " + "x" * 2_000 + "\n")
    monkeypatch.setattr("facilitation.prompts.MAX_FILE_BYTES", 1_000)
    bank, notices = load_bank([folder, huge])
    assert len(notices) == 2
    assert "names a folder" in notices[0]
    assert str(huge) in notices[1]
    assert "larger than" in notices[1]
    assert list(bank) == list(DEFAULT)


def test_a_path_with_control_characters_stays_on_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad\nname.toml", "[[timeline]\n")
    _, notices = load_bank([path])
    assert "\n" not in notices[0]
    assert "bad\\nname.toml" in notices[0]
