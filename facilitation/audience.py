"""Preparing a session for its audience: internal as it is; public without names, private things or secrets.

A public copy names people by their roles. Every participant, the facilitator, and every
timeline actor or action owner who looks like a person is replaced wherever they occur: full
names, first or last names alone (when they belong to one person), ``@`` mentions and
handles such as ``ana.lopez`` or ``alopez``, in any case, in every free-text field. A name is
matched as a whole word only, so "Ana" never touches "Analytics" or "banana". ``docs/export.md``
("Public exports") describes the rules for people who read the exported files.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote, unquote

from facilitation.model import ITEM_LISTS, Item, Participant, Session, next_free_key

AUDIENCES = ("internal", "public")
"""Who an export is for: ``internal`` (everything, as it is) or ``public`` (masked)."""

MASKED = "[masked]"
"""What stands instead of one of the organisation's masked terms."""
SECRET = "[secret]"
"""What stands instead of anything that looks like a password, key or token."""
FACILITATOR = "facilitator"
"""The facilitator's name in a public export when they hold no other role."""
SOMEONE = "someone"
"""A name shared by people with different roles, or a given name of someone not in the session."""
PARTICIPANT_N = "participant {}"
"""A participant without a role, numbered by their place in the public participant list."""
RESPONDER_N = "responder {}"
"""A person named only as a timeline actor, numbered in order of first appearance."""
OWNER_N = "owner {}"
"""A person named only as an action owner, numbered in order of first appearance."""

MASKING_KINDS = ("name", "term", "secret", "private item", "private notes", "parking lot")
"""The kinds of ``Masking``."""


@dataclass(frozen=True)
class Masking:
    """One thing a public export leaves out or replaces, for the facilitator to review.

    Attributes:
        kind: One of ``MASKING_KINDS``.
        original: What was there; a secret shows only its first characters and "…".
        replacement: What stands instead ("on-call engineer", "[masked]", "[secret]"), "" when left out.
        where: A few words saying where: "summary", "timeline entry t4", "participants".
    """

    kind: str
    original: str
    replacement: str
    where: str


@dataclass
class Prepared:
    """A session ready for its audience and what was masked on the way.

    Attributes:
        session: A deep copy to export; the session given to ``prepare`` is never changed.
        masked: Every masking in the order it was made; empty for an internal export.
    """

    session: Session
    masked: list[Masking] = field(default_factory=list)


def prepare(session: Session, audience: str, masked_terms: Sequence[str] = ()) -> Prepared:
    """A copy of ``session`` fit for ``audience``.

    Internal: an unchanged deep copy. Public: people's names replaced by their roles, private
    items, participants, notes and the parking lot left out (with the links to what was left
    out), the organisation's masked terms replaced by ``[masked]``, anything that looks like
    a secret replaced by ``[secret]``, and the facilitator field blanked.

    Args:
        session: The session as stored; it is not changed.
        audience: One of ``AUDIENCES``.
        masked_terms: The organisation's terms to hide in public exports (customer names,
            host names), matched as whole words in any case; blank ones are ignored.

    Raises:
        ValueError: ``audience`` is not one of ``AUDIENCES``.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"The audience must be internal or public, not '{audience}'.")
    copied = copy.deepcopy(session)
    if audience == "internal":
        return Prepared(copied)
    return _Publisher(copied, masked_terms).run()


# -- secrets -----------------------------------------------------------------

_SECRET_KEYS = (
    "password|passwd|passphrase|pwd|secret|secret[_-]?key|secret[_-]?access[_-]?key|api[_-]?key|"
    "access[_-]?key|private[_-]?key|client[_-]?secret|token|credentials?"
)
_TOKEN_CHARS = r"[A-Za-z0-9._~+/-]"


def _looks_like_bearer(token: str) -> bool:
    # "Bearer tokens expire" is prose; a real token has a digit or is long.
    return any(c.isdigit() for c in token) or len(token) >= 20


def _looks_like_basic(token: str) -> bool:
    # "Basic authentication" is prose; base64 credentials mix cases, digits or padding.
    return any(c.isdigit() or c == "=" for c in token) or any(c.isupper() for c in token[1:])


# Each pattern names the part to mask ``(?P<v>…)`` (else the whole match is masked), with a
# check that tells a value from prose where the pattern alone can't.
_SECRET_PATTERNS: list[tuple[str, Callable[[str], bool] | None]] = [
    (  # a PEM private key block, or the start of one that was cut off
        r"(?P<v>-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
        r"(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
        r"|(?:\s*(?:[A-Za-z0-9+/=]{16,}|[A-Za-z-]+:[^\n]*))*))",
        None,
    ),
    (r"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*://(?P<v>[^\s/@:]+:[^\s/@]*)@", None),  # user:pass@
    (  # password=…, "api_key": "…", accessToken: …
        rf"(?:(?<![A-Za-z0-9])|(?<=[a-z])(?=[A-Z]))(?i:(?:{_SECRET_KEYS})[\"']?\s*[:=]\s*)"
        r"(?P<v>\"[^\"\n]+\"|'[^'\n]+'|[^\s\"',;&<>)\]}]+)",
        None,
    ),
    (rf"(?<![A-Za-z0-9])(?:Bearer|bearer|BEARER)\s+(?P<v>{_TOKEN_CHARS}{{8,}}=*)", _looks_like_bearer),
    (r"(?<![A-Za-z0-9])Basic\s+(?P<v>[A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])", _looks_like_basic),
    (
        r"(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)"
        r"[A-Z0-9]{16}(?![A-Za-z0-9])",
        None,
    ),
    (r"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})", None),
    (r"(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,}", None),
    (r"(?<![A-Za-z0-9])xox[abposre]-[A-Za-z0-9-]{8,}", None),  # Slack
    (r"hooks\.slack\.com/services/(?P<v>[A-Za-z0-9/_-]{8,})", None),
    (r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*", None),  # JWT
    (r"(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}", None),  # Stripe
    (r"(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}", None),  # Google
    (r"(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}", None),
]


def _compile_secrets() -> re.Pattern[str]:
    # One alternation, so a value is masked once even where two patterns could claim it.
    parts = []
    for index, (pattern, _check) in enumerate(_SECRET_PATTERNS):
        parts.append(f"(?P<s{index}>{pattern.replace('(?P<v>', f'(?P<v{index}>')})")
    return re.compile("|".join(parts))


_SECRETS = _compile_secrets()
_SECRET_MARK = "\ue000"
_RUN = re.compile(r"(?<![A-Za-z0-9+/=_.\-\[])[A-Za-z0-9+/=_.-]{32,}")
_RUN_SEPARATORS = re.compile(r"([/+=_.-]+)")
_HEX = re.compile(r"[0-9a-fA-F]{32,}")
_WORDY = re.compile(r"[A-Z]?[a-z]{3,}")


def _mixed_case(text: str) -> bool:
    return any(c.isupper() for c in text) and any(c.islower() for c in text)


def _wordy(text: str) -> float:
    """The share of ``text`` in runs of three or more lower-case letters, as words and paths have."""
    return sum(len(m.group()) for m in _WORDY.finditer(text)) / len(text)


def _random_looking(text: str) -> bool:
    """Whether base64 characters read as a key rather than words, a path or a CamelCase name.

    Random base64 mixes cases and digits with few runs of lower-case letters; paths and
    names (``/api/v2/ServiceHealthCheck``) are mostly such runs.
    """
    if not _mixed_case(text):
        return False
    return _wordy(text) < (0.6 if any(c.isdigit() for c in text) else 0.45)


def _secret_segment(segment: str) -> bool:
    """A piece of a run, between separators, that is a key by itself: 32 or more hex or random characters."""
    if len(segment) < 32:
        return False
    if _HEX.fullmatch(segment):
        return True
    if segment.isascii() and segment.isalnum() and (segment.islower() or segment.isupper()):
        digits = sum(c.isdigit() for c in segment)
        return digits >= 6 and len(segment) - digits >= 6
    return _random_looking(segment)


def _secret_run(run: str) -> bool:
    """A whole run of 32 or more base64 characters that is a key: random-looking, with a random stretch.

    A path has segments of words and numbers; base64 split at its own ``+ / - _`` still has
    a stretch of ten or more mixed-case characters that reads as no word.
    """
    if "." in run or not _random_looking(run):
        return False
    return any(len(s) >= 10 and _mixed_case(s) and _wordy(s) < 0.5 for s in _RUN_SEPARATORS.split(run)[::2])


def _shorten_secret(value: str) -> str:
    return (value[:4] if len(value) >= 16 else value[:2]) + "…"


def _mask_secrets(text: str, found: list[tuple[str, str]], marker: str = SECRET) -> str:
    """``text`` with every secret-looking value replaced by ``marker``.

    Args:
        text: Any text.
        found: Receives (the secret shortened, ``SECRET``) for each one.
        marker: What to put in place of each secret.
    """

    def specific(match: re.Match[str]) -> str:
        index = next(i for i in range(len(_SECRET_PATTERNS)) if match.group(f"s{i}") is not None)
        start, end = match.span(f"s{index}")
        has_value = f"v{index}" in _SECRETS.groupindex and match.group(f"v{index}") is not None
        v_start, v_end = match.span(f"v{index}") if has_value else (start, end)
        value = match.string[v_start:v_end]
        check = _SECRET_PATTERNS[index][1]
        if check is not None and not check(value):
            return match.group(0)
        shown = value.split("\n", 1)[0] + "…" if value.startswith("-----BEGIN") else _shorten_secret(value)
        found.append((shown, SECRET))
        return match.string[start:v_start] + marker + match.string[v_end:end]

    def generic(match: re.Match[str]) -> str:
        run = match.group(0)
        pieces = _RUN_SEPARATORS.split(run)
        if any(_secret_segment(p) for p in pieces[::2]):
            out = []
            for position, piece in enumerate(pieces):
                if position % 2 == 0 and _secret_segment(piece):
                    found.append((_shorten_secret(piece), SECRET))
                    out.append(marker)
                else:
                    out.append(piece)
            return "".join(out)
        core = run.rstrip(".-_")  # a sentence's full stop is not part of a key
        if len(core) >= 32 and _secret_run(core):
            found.append((_shorten_secret(core), SECRET))
            return marker + run[len(core) :]
        return run

    return _RUN.sub(generic, _SECRETS.sub(specific, text))


# -- names and terms -----------------------------------------------------------


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# English words that are also given names or surnames: a name made only of these is masked
# where it is written with capitals ("Will" but not "we will", "Page" but not "the page").
COMMON_WORD_NAMES = _word_set(
    """
    al amber april art ash august autumn baker basil bear bell bill bishop black bond brook brown
    buck bush carter cash chance chase cliff colt cook cooper crystal daisy dale dawn dean destiny
    don dot drake drew earl eve faith fawn fern field fisher forest fox frank gene ginger glen
    grace grant gray green grey guy hall hardy hawk hazel heath hill holly honor hope hunter iris
    ivy jack jade jay jewel joy june justice kit king lamb lane lark law lee li liberty lily long
    love mark marsh mason max may melody miles miller moss nick noble olive page park pat patience
    pearl penny pierce poppy porter price ray read reed rich river rob robin rose ruby rusty sage
    sandy sharp short skip sky star sterling stone storm strong sue summer sunny swift taylor
    tucker turner val van violet wade walker ward white will win winter wise wolf wood wren young
    """
)
# Lower-case words inside a capitalised name that are not names on their own.
NAME_PARTICLES = _word_set("al bin da das de del della der di dos du el la le van von y zu")
# Titles and suffixes in a name that are never replaced on their own.
NAME_TITLES = _word_set("dr mr mrs ms mx miss prof sir dame jr sr ii iii iv phd md")
# Capitalised words that make an actor a system, team or place rather than a person.
SYSTEM_WORDS = _word_set(
    """
    a an and the of on for at in to by api app application agent alert alerts alerting audit
    auth automation autoscaler backend backup balancer billing board bot bots bridge broker build
    bus cache call canary cd center centre channel chat check checkout ci client cloud cluster
    comms communications compliance console control controller cron customer customers daemon
    dashboard data database datacenter db department deploy deployer desk dev development dns
    email engineering executor feed finance firewall frontend gateway group health helpdesk hook
    host incident infra infrastructure instance integration inventory job kernel leader legal
    load login mail marketing master meeting mobile monitor monitoring network node office
    operations orders order org pager pipeline platform pod portal primary probe process
    production prod provider proxy qa queue region release replica response robot rollback
    rollout room router runner sales scaler scheduler script search server servers service
    services shipping sms squad staging status storage stream switch sync system systems test
    testing thread timer tool tooling topic traffic train trigger user users vendor war watchdog
    web webhook worker zone
    """
)
_GROUP_HANDLES = frozenset({"here", "channel", "everyone", "all", "oncall", "on-call", "team"})
# Scripts written without spaces between words: a name there has no word boundary to find.
_URL_SAFE = ":/?#[]@!$&'()*+,;=~"
_NO_SPACE_SCRIPTS = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1100, 0x11FF),  # Hangul: Korean writes particles onto a name ("김민준이")
    (0x3130, 0x318F),
    (0xAC00, 0xD7AF),
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
)
_APOSTROPHE_CLASS = "['’ʼ‘]"
_HYPHEN_CLASS = "[-‐‑]"
_NAME_SEPARATOR = r"(?:\s+|[._-])"


def _wordish(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char) in ("Mn", "Mc", "Me")


def _no_space_script(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _NO_SPACE_SCRIPTS)


_UNACCENTED = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss", "æ": "ae", "Æ": "AE"}
    | {"œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D"}
)
"""Letters that carry no separate accent but are written plainly without one."""


def _plain_letters(text: str) -> str:
    """``text`` without accents: "José Núñez" → "Jose Nunez", "Łukasz" → "Lukasz"."""
    stripped = "".join(
        c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c) not in ("Mn", "Me")
    )
    return stripped.translate(_UNACCENTED)


def _tidy(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split())


def _word_pattern(word: str) -> str:
    out = []
    for char in word:
        if char in "'’ʼ‘":
            out.append(_APOSTROPHE_CLASS)
        elif char in "-‐‑":
            out.append(_HYPHEN_CLASS)
        else:
            out.append(re.escape(char))
    return "".join(out)


def _capitalised_pattern(word: str) -> str:
    # The first letter as a capital, the rest in any case.
    return re.escape(word[:1].upper()) + "(?i:" + _word_pattern(word[1:]) + ")"


_Matcher = Callable[[str, int], int | None]
"""Where a form written at a position ends, or None when it is not written there."""


def _regex_matcher(pattern: re.Pattern[str]) -> _Matcher:
    def match_end(text: str, pos: int) -> int | None:
        found = pattern.match(text, pos)
        return found.end() if found and found.end() > pos else None

    return match_end


@dataclass(frozen=True)
class _Form:
    """One way a name or term can be written, and what stands instead.

    Attributes:
        literal: The spelling the form was made from; its first and last characters decide
            whether it must start and end at a word boundary.
        match_end: Finds the form at a position.
        replacement: What stands instead.
        kind: ``name`` or ``term``.
        rank: Among forms of one length, the lower wins: names, then terms, then given names
            of people the session does not list.
    """

    literal: str
    match_end: _Matcher
    replacement: str
    kind: str
    rank: int
    needs_start: bool = field(init=False)
    needs_end: bool = field(init=False)

    def __post_init__(self) -> None:
        first, last = self.literal[0], self.literal[-1]
        object.__setattr__(self, "needs_start", _wordish(first) and not _no_space_script(first))
        object.__setattr__(self, "needs_end", _wordish(last) and not _no_space_script(last))


def _form(literal: str, body: str, replacement: str, kind: str, rank: int, *, ignore_case: bool) -> _Form:
    pattern = re.compile(body, re.IGNORECASE if ignore_case else 0)
    return _Form(literal, _regex_matcher(pattern), replacement, kind, rank)


def _spelling_variants(text: str) -> list[str]:
    """``text`` as composed, decomposed and unaccented characters, each once."""
    return list(dict.fromkeys([text, unicodedata.normalize("NFD", text), _plain_letters(text)]))


def _key(chars: str) -> str:
    """``chars`` in lower case, character for character, for looking forms up (ς and σ alike)."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in chars).replace("ς", "σ")


class _Scanner:
    """Replaces every name and term in a text in one pass, so a replacement is never scanned again."""

    def __init__(self, forms: Iterable[_Form]) -> None:
        # Forms by their first character and, where their second is a letter or digit written
        # as it stands, by their first two: a position is tried only against forms that can fit.
        by_first: dict[str, list[_Form]] = {}
        by_two: dict[str, list[_Form]] = {}
        for form in forms:
            if not form.literal:
                continue
            by_first.setdefault(_key(form.literal[0]), [])
            if len(form.literal) >= 2 and form.literal[1].isalnum():
                by_two.setdefault(_key(form.literal[:2]), []).append(form)
            else:
                by_first[_key(form.literal[0])].append(form)

        def ranked(candidates: list[_Form]) -> list[_Form]:
            return sorted(candidates, key=lambda f: (-len(f.literal), f.rank))

        self._by_two = {two: ranked(found + by_first[two[0]]) for two, found in by_two.items()}
        self._by_first = {first: ranked(found) for first, found in by_first.items()}
        at_word_start: set[str] = set()
        anywhere: set[str] = set()
        for first in by_first:
            candidates = [*by_first[first], *(f for two, fs in by_two.items() if two[0] == first for f in fs)]
            spellings = {first, first.upper(), first.title(), *({"ς", "Σ"} if first == "σ" else ())}
            if all(f.needs_start for f in candidates):
                at_word_start |= spellings
            else:
                anywhere |= spellings
        # A cheap first look: a character that can start a form, at the start of a word where forms need one.
        starts = []
        if at_word_start:
            starts.append(r"(?<![^\W_])[" + "".join(re.escape(c) for c in sorted(at_word_start)) + "]")
        if anywhere:
            starts.append("[" + "".join(re.escape(c) for c in sorted(anywhere)) + "]")
        self._starts = re.compile("|".join(starts)) if starts else None

    def scan(self, text: str, found: list[tuple[str, str, str]]) -> str:
        """``text`` with every form replaced; ``found`` gets (kind, original, replacement) for each.

        Args:
            text: Any text.
            found: Receives what was replaced.
        """
        if self._starts is None or not text:
            return text
        out: list[str] = []
        done = 0
        search_from = 0
        while match := self._starts.search(text, search_from):
            start = match.start()
            hit = self._match_at(text, start)
            if hit is None:
                search_from = start + 1
                continue
            form, end = hit
            replacement = form.replacement
            if re.search(r"[.!?]\s+$", text[max(0, start - 4) : start]):
                replacement = replacement[:1].upper() + replacement[1:]  # a sentence starts with it
            out += [text[done:start], replacement]
            found.append((form.kind, text[start:end], replacement))
            done = search_from = end
        out.append(text[done:])
        return "".join(out)

    def _match_at(self, text: str, start: int) -> tuple[_Form, int] | None:
        at_start = start == 0 or not _wordish(text[start - 1])
        candidates = self._by_two.get(_key(text[start : start + 2]))
        if candidates is None:
            candidates = self._by_first.get(_key(text[start]), [])
        for form in candidates:
            if form.needs_start and not at_start:
                continue
            end = form.match_end(text, start)
            if end is None or (form.needs_end and end < len(text) and _wordish(text[end])):
                continue
            return form, end
        return None


@lru_cache(maxsize=1)
def _coach_lists() -> tuple[frozenset[str], tuple[str, ...]]:
    """Words that name no person (products, places, person nouns), and common given names.

    Both come from the language coach's shipped word lists (``resources/coach.toml``).
    """
    from facilitation.coach_words import shipped_words

    words = shipped_words()
    not_people = frozenset(w.casefold() for w in [*words.words("known_names"), *words.words("person_nouns")])
    given = tuple(dict.fromkeys(w[:1].upper() + w[1:] for w in words.words("given_names")))
    return not_people, given


_ITEM_LABELS = {
    "timeline": "timeline entry",
    "went_right": "went right",
    "went_wrong": "went wrong",
    "contributing_factors": "contributing factor",
    "key_learnings": "key learning",
    "actions": "action",
    "parking_lot": "parking lot",
}
# Every item list but the parking lot (left out whole); a new list without a label fails here, loudly.
_SCANNED_LISTS = [(name, _ITEM_LABELS[name]) for name in ITEM_LISTS if name != "parking_lot"]


def _where(label: str, item: Item, index: int) -> str:
    return f"{label} {item.key}" if item.key else f"{label} {index + 1}"


def _shorten(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _capitalised(word: str) -> bool:
    """A word written like a name: a capital, then lower-case letters (``Núñez``, ``O'Brien``, ``Анна``)."""
    return (
        sum(c.isalpha() for c in word) >= 2
        and word[0].isupper()
        and all(not c.isalpha() or c.islower() for c in word[1:])
        and all(c.isalpha() or c in "'’-" or unicodedata.category(c) in ("Mn", "Mc") for c in word)
    )


@dataclass
class _Person:
    """Someone to replace: as named in the session, and what stands instead."""

    name: str
    replacement: str
    participant: Participant | None = None
    label: str = ""  # what stands instead when the role can't


class _Publisher:
    """Turns a deep copy of a session into its public form, noting every masking."""

    def __init__(self, session: Session, masked_terms: Sequence[str]) -> None:
        self.session = session
        self.terms = list(dict.fromkeys(_tidy(t) for t in masked_terms if t.strip()))
        self.masked: list[Masking] = []
        self._seen: set[Masking] = set()
        self.people: list[_Person] = []
        self.scanner = _Scanner(())

    def run(self) -> Prepared:
        self._find_people()
        self._leave_out_private_things()
        self._replace_in_free_text()
        self._rekey_items()
        return Prepared(self.session, self.masked)

    def _note(self, kind: str, original: str, replacement: str, where: str) -> None:
        masking = Masking(kind, original, replacement, where)
        if masking not in self._seen:
            self._seen.add(masking)
            self.masked.append(masking)

    # -- who is who ---------------------------------------------------------------

    def _find_people(self) -> None:
        session = self.session
        facilitator = _tidy(session.facilitator)
        visible = [p for p in session.participants if not p.private]
        hidden = [p for p in session.participants if p.private]
        # Numbered by place in the public list; private participants after them, so no gap shows.
        for number, participant in enumerate([*visible, *hidden], start=1):
            name = _tidy(participant.name)
            if not name:
                continue
            is_facilitator = bool(facilitator) and name.casefold() == facilitator.casefold()
            label = FACILITATOR if is_facilitator else PARTICIPANT_N.format(number)
            self.people.append(_Person(name, _tidy(participant.role) or label, participant, label))
        if facilitator and not any(p.name.casefold() == facilitator.casefold() for p in self.people):
            self.people.append(_Person(facilitator, FACILITATOR, None, FACILITATOR))
        self._add_unlisted_people()

        # A role stands in for a name, so it loses secrets and terms too; a role that names
        # someone gives way to its label, so no replacement ever brings a name back.
        self.scanner = self._build_scanner()
        for person in self.people:
            secrets: list[tuple[str, str]] = []
            found: list[tuple[str, str, str]] = []
            cleaned = self.scanner.scan(_mask_secrets(person.replacement, secrets), found)
            person.replacement = person.label if any(k == "name" for k, _, _ in found) else cleaned
        self.scanner = self._build_scanner()

    def _add_unlisted_people(self) -> None:
        """Timeline actors and action owners who look like people but are not in the session's lists."""
        not_people, given = _coach_lists()
        given_names = set(given)
        spellings = {
            variant.casefold()
            for person in self.people
            for literal, _level in _name_literals(person.name)
            for variant in _spelling_variants(literal)
        }
        counts = {RESPONDER_N: 0, OWNER_N: 0}

        def known(name: str) -> bool:
            bare = name.removeprefix("@")
            ways = {name, bare, re.sub(r"[._-]+", " ", bare), re.sub(r"[._-]+", "", bare)}
            return any(way.casefold() in spellings for way in ways)

        def consider(field_text: str, label: str, told_by_people: bool) -> None:
            name = _person_in(_tidy(field_text), not_people, given_names, told_by_people)
            if not name or known(name):
                return
            counts[label] += 1
            numbered = label.format(counts[label])
            self.people.append(_Person(name, numbered, None, numbered))
            spellings.update(v.casefold() for lit, _ in _name_literals(name) for v in _spelling_variants(lit))

        # Those in public items are numbered first, so no gap hints at an item left out.
        for private in (False, True):
            for entry in self.session.timeline:
                if entry.private == private:
                    consider(entry.actor, RESPONDER_N, entry.source in _PEOPLES_SOURCES)
            for action in self.session.actions:
                if action.private == private:
                    consider(action.owner, OWNER_N, True)

    def _build_scanner(self) -> _Scanner:
        # Each spelling stands for the people it names at its best level (a whole name before
        # a part of one); a spelling shared by people with different replacements is "someone".
        claims: dict[str, tuple[int, set[str], str]] = {}
        for person in self.people:
            for literal, level in _name_literals(person.name):
                for variant in _spelling_variants(literal):
                    key = variant.casefold()
                    best = claims.get(key)
                    if best is None or level < best[0]:
                        claims[key] = (level, {person.replacement}, variant)
                    elif level == best[0]:
                        best[1].add(person.replacement)
        forms: list[_Form] = []
        for _level, replacements, variant in claims.values():
            replacement = next(iter(replacements)) if len(replacements) == 1 else SOMEONE
            forms += _name_forms(variant, replacement)
        for term in self.terms:
            for variant in _spelling_variants(term):
                body = r"\s+".join(_word_pattern(w) for w in variant.split())
                forms.append(_form(variant, body, MASKED, "term", 1, ignore_case=True))
        not_people, given = _coach_lists()
        not_surnames = not_people | SYSTEM_WORDS
        forms += [_given_name_form(name, not_surnames) for name in given if name.casefold() not in claims]
        return _Scanner(forms)

    # -- leaving things out ---------------------------------------------------------

    def _leave_out_private_things(self) -> None:
        session = self.session
        for participant in session.participants:
            if participant.private:
                self._note("private item", _tidy(participant.name), "", "participants")
        session.participants = [p for p in session.participants if not p.private]
        removed: set[str] = set()
        for list_name, label in _SCANNED_LISTS:
            items: list[Item] = getattr(session, list_name)
            for index, item in enumerate(items):
                if item.private:
                    removed.add(item.key)
                    self._note("private item", _shorten(item.text), "", _where(label, item, index))
            setattr(session, list_name, [item for item in items if not item.private])
        for index, parked in enumerate(session.parking_lot):
            removed.add(parked.key)
            self._note("parking lot", _shorten(parked.text), "", _where("parking lot", parked, index))
        session.parking_lot = []
        if session.private_notes.strip():
            self._note("private notes", _shorten(session.private_notes), "", "private notes")
        session.private_notes = ""
        removed.discard("")
        for factor in session.contributing_factors:
            factor.links = [k for k in factor.links if k not in removed]
        for action in session.actions:
            action.serves = [k for k in action.serves if k not in removed]
        # The coach notes the facilitator dismissed are meeting bookkeeping that quotes the text.
        for item in session.items():
            item.dismissed_notes = []
        session.dismissed_notes = {}

    # -- free text ------------------------------------------------------------------

    def _text(self, text: str, where: str, *, url: bool = False) -> str:
        if not text:
            return text
        # While names and terms are replaced a secret stands as one private-use character, so a
        # term such as "secret" can't touch the "[secret]" put in its place.
        marker = _SECRET_MARK if _SECRET_MARK not in text else SECRET
        secrets: list[tuple[str, str]] = []
        masked = _mask_secrets(text, secrets, marker)
        for original, replacement in secrets:
            self._note("secret", original, replacement, where)
        found: list[tuple[str, str, str]] = []
        if url:  # read the address as people would: "Ana%20Lopez" is "Ana Lopez"
            scanned = self.scanner.scan(unquote(masked), found)
            result = _SECRET_MARK.join(quote(piece, safe=_URL_SAFE) for piece in scanned.split(_SECRET_MARK))
        else:
            result = self.scanner.scan(masked, found)
        for kind, original, replacement in found:
            self._note(kind, original, replacement, where)
        return result.replace(_SECRET_MARK, SECRET) if marker == _SECRET_MARK else result

    def _replace_in_free_text(self) -> None:
        session = self.session
        if session.facilitator.strip():
            self._note("name", _tidy(session.facilitator), "", "facilitator")
        session.facilitator = ""
        replacements = {id(p.participant): p.replacement for p in self.people if p.participant}
        for participant in session.participants:
            if id(participant) in replacements:
                self._note("name", _tidy(participant.name), replacements[id(participant)], "participants")
                participant.name = replacements[id(participant)]
            participant.role = self._text(participant.role, "participants")
        session.reference = self._text(session.reference, "reference")
        session.title = self._text(session.title, "title")
        session.summary = self._text(session.summary, "summary")
        session.system = self._text(session.system, "system")
        session.trigger = self._text(session.trigger, "trigger")
        session.tags = [self._text(tag, "tags") for tag in session.tags]
        session.metadata.third_party = self._text(session.metadata.third_party, "third party")
        session.metadata.customer_impact = self._text(session.metadata.customer_impact, "customer impact")
        session.ground_rules = self._text(session.ground_rules, "ground rules")
        for index, entry in enumerate(session.timeline):
            where = _where("timeline entry", entry, index)
            entry.actor = self._text(entry.actor, f"{where} actor")
            for link in entry.web_links:
                link.label = self._text(link.label, f"{where} link")
                link.url = self._text(link.url, f"{where} link", url=True)
            if entry.chat is not None:
                entry.chat.channel = self._text(entry.chat.channel, f"{where} channel")
                entry.chat.thread = self._text(entry.chat.thread, f"{where} thread")
        for list_name, label in _SCANNED_LISTS:
            for index, item in enumerate(getattr(session, list_name)):
                item.text = self._text(item.text, _where(label, item, index))
        for index, action in enumerate(session.actions):
            action.owner = self._text(action.owner, f"{_where('action', action, index)} owner")
        for number, question in enumerate(session.asked_questions, start=1):
            question.text = self._text(question.text, f"question {number}")
        for number, change in enumerate(session.status_history, start=1):
            if change.changed_by.strip():
                # The account at the keyboard is who wrote it: author metadata, left out.
                self._note("name", change.changed_by, "", f"status change {number}")
            change.changed_by = ""

    def _rekey_items(self) -> None:
        """Give an item whose typed id holds a name, term or secret the next free id, links following."""
        session = self.session
        taken = {item.key for item in session.items()}
        renamed: dict[str, str] = {}
        for item in session.items():
            if not item.key:
                continue
            secrets: list[tuple[str, str]] = []
            found: list[tuple[str, str, str]] = []
            self.scanner.scan(_mask_secrets(item.key, secrets), found)
            if not secrets and not found:
                continue
            new_key = next_free_key(type(item).key_prefix, taken)
            taken.add(new_key)
            kind = "secret" if secrets else found[0][0]
            self._note(kind, _shorten_secret(item.key) if secrets else item.key, new_key, "item id")
            renamed[item.key] = new_key
            item.key = new_key
        for factor in session.contributing_factors:
            factor.links = [renamed.get(k, k) for k in factor.links]
        for action in session.actions:
            action.serves = [renamed.get(k, k) for k in action.serves]


# -- forms of a name ----------------------------------------------------------------


def _name_literals(name: str) -> list[tuple[str, int]]:
    """Ways to write ``name``, each with a level: 0 the whole name or a handle, 1 a part of it alone.

    "José Núñez" gives "José Núñez", "Núñez, José", "J. Núñez", the handles "josénúñez" and
    "jnúñez", and the parts "José" and "Núñez". A lower-case particle in a capitalised name
    ("van", "de") and a single letter are never a part alone.
    """
    if name.startswith("@"):
        handle = name[1:]
        return [(name, 0), (handle, 0)] if sum(c.isalnum() for c in handle) >= 2 else [(name, 0)]
    words = [w.strip('.,;:!?"()[]{}') for w in name.split()]
    words = [w for w in words if w]
    if not words:
        return []
    whole = " ".join(words)
    literals = [(whole, 0)]
    has_capitals = any(c.isupper() for c in whole)
    core = [w for w in words if w.casefold() not in NAME_TITLES] or words  # "Dr Ana Lopez" → Ana Lopez
    if core != words:
        literals.append((" ".join(core), 0))
    if len(core) >= 2:
        first, last = core[0], core[-1]
        literals += [(f"{last}, {first}", 0), (f"{first[0]}. {last}", 0)]
        joined = re.sub("[-‐‑]", "", first)  # "Jean-Luc" → "jeanluc", "jlpicard"
        initials = "".join(part[:1] for part in re.split("[-‐‑]", first) if part)
        handles = {first + last, first[0] + last, joined + last, initials + last}
        literals += [(handle.lower(), 0) for handle in sorted(handles) if len(handle) >= 5]
        if joined != first and len(joined) >= 4:
            literals.append((joined.lower(), 1))
    for word in words:
        pieces = [word, *(p for p in re.split("[-‐‑]", word) if p != word)]
        for piece in pieces:
            if sum(c.isalpha() for c in piece) < 2 or piece.casefold() in (whole.casefold(), *NAME_TITLES):
                continue
            if piece.casefold() in NAME_PARTICLES and (piece.islower() or not has_capitals):
                continue
            if has_capitals and piece[:1].islower():
                continue  # "van" in "Ludwig van Beethoven"
            literals.append((piece, 1))
    return literals


def _name_forms(variant: str, replacement: str) -> list[_Form]:
    """The patterns for one spelling of a name: as written (any case), and as an ``@`` mention.

    A name made only of common words ("Will", "Rose Hill") is matched only where it is
    written with capitals, so "we will" and "the hill" stay.
    """
    words = variant.split()
    if variant.startswith("@"):
        return [_form(variant, _word_pattern(variant), replacement, "name", 0, ignore_case=True)]
    common = all(w.casefold().strip("'’") in COMMON_WORD_NAMES for w in words)
    special = "," in variant or (len(words) == 2 and words[0].endswith(".") and len(words[0]) <= 3)
    if special:  # "Núñez, José" and "J. Núñez"
        body = r"\s*".join(_word_pattern(w) for w in words)
        return [_form(variant, body, replacement, "name", 0, ignore_case=True)]
    word_patterns = [_capitalised_pattern(w) if common else _word_pattern(w) for w in words]
    body = _NAME_SEPARATOR.join(word_patterns)
    forms = [_form(variant, body, replacement, "name", 0, ignore_case=not common)]
    mention = "@" + "[._-]?".join(_word_pattern(w) for w in words)
    forms.append(_form("@" + variant, mention, replacement, "name", 0, ignore_case=True))
    return forms


def _given_name_form(name: str, not_surnames: frozenset[str]) -> _Form:
    """A capitalised common given name of someone the session does not list, with a surname if one follows.

    "Priya Shah said" and "ask Priya" become "someone said" and "ask someone". A given name
    that is also an English word ("Mark", "Will") counts only with a capitalised surname. A
    surname is on the same line and is no product, place, team or system ("ask Sam Tuesday").
    """
    needs_surname = name.casefold() in COMMON_WORD_NAMES
    surname = re.compile(r"[ \t\u00a0]+([\w'’-]+)")

    def match_end(text: str, pos: int) -> int | None:
        if not text.startswith(name, pos):
            return None
        name_end = pos + len(name)
        following = surname.match(text, name_end)
        if (
            following
            and _capitalised(following.group(1))
            and following.group(1).casefold() not in not_surnames
        ):
            return following.end()
        return None if needs_surname else name_end

    return _Form(name, match_end, SOMEONE, "name", 2)


_PEOPLES_SOURCES = ("firsthand", "chat", "decision-log")


def _person_in(text: str, not_people: frozenset[str], given: set[str], told_by_people: bool = False) -> str:
    """The person's name a timeline actor or action owner holds, or "" when it names a system or team.

    A person is an ``@handle``, a name starting with a common given name ("Priya",
    "Priya Shah (SRE)"), two to four capitalised words none of which names a system,
    team, product or place ("José Núñez", "Анна Петрова"; not "Release Train" or "PagerDuty"),
    or, where people tell it (a firsthand account, a chat, a decision log, an action's
    owner), one capitalised word of letters that names nothing else ("Dana").
    """
    if text.startswith("@"):
        handle = re.match(r"@[\w.-]+", text)
        name = handle.group(0).rstrip(".-") if handle else ""
        return name if len(name) > 1 and name[1:].casefold() not in _GROUP_HANDLES else ""
    words = re.sub(r"\(.*?\)|[,;:/].*$", "", text).split()
    leading: list[str] = []
    for word in words:
        if not _capitalised(word):
            break
        leading.append(word)
    if not leading or any(w.casefold() in not_people or w.casefold() in SYSTEM_WORDS for w in leading):
        return ""
    if leading[0] in given:
        return " ".join(leading[:4])
    if (
        told_by_people
        and len(words) == 1
        and words[0].isalpha()
        and not any(c.isupper() for c in words[0][1:])
    ):
        return words[0]
    all_capitalised = 2 <= len(words) <= 4 and len(leading) == len(words)
    if all_capitalised and not all(w.casefold() in COMMON_WORD_NAMES for w in words):
        return " ".join(words)
    return ""
