"""The coach's rules: each finds, in one sentence, the wording it is about and what to say instead.

A rule reads the sentence folded (lower case, straight apostrophes; offsets are the
original's) and returns hits. A hit either replaces its own words (a blame word
becomes a neutral one) or rewrites the whole sentence (a question, a counterfactual).
Honest look-alikes are told apart here: a forward-looking "should have", a system
that failed, "just" meaning a moment ago.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from facilitation import coach_rewrites as rewrites
from facilitation.coach_words import CoachWords, fold, phrase_pattern

GENERAL_RULES = (
    "defensive-question",
    "counterfactual",
    "blame-word",
    "root-cause",
    "hindsight",
    "minimising",
)
LEARNING_RULES = ("unexplained-term", "restates-fix")

_NEGATIONS = (
    r"(?:not|no|never|n't|nothing|nobody|none|neither|nor|hardly|barely|rarely|seldom|without|"
    r"isn't|wasn't|aren't|weren't|non)"
)
_PARTICIPLE = r"[a-z][a-z'-]*"
_CLAUSE_BREAK = re.compile(
    r"(?:[,;:()\u2014\u2013]|\s-\s|\b(?:and|but|so|because|then|that|since|although|though|which|"
    r"where|when|as|if|while|yet|or|i think|i guess|honestly|maybe|perhaps|probably|really|"
    r"clearly|obviously|in hindsight|looking back|in retrospect)\b)"
)
_DESIGN_AIM = re.compile(
    r"\b(?:goal|aim|want|wants|should\s+be|needs?\s+to\s+be|must\s+be|will\s+be|design)\b"
)
_TRAILING = re.compile(r"[\s.!?…]+$")
_ACRONYM = re.compile(
    r"(?<![\w/-])(?=[A-Za-z0-9&/]*[A-Z][A-Za-z0-9&/]*[A-Z])[A-Z][A-Za-z0-9&/]{1,7}(?![\w/-])"
)
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?:[A-Z][a-z0-9]+)*(?![\w'’-])")
_TERM = r"(?<![\w&/-])([\w&/-]{1,40})"
_DEFINITIONS = (
    re.compile(r"\(\s*([\w&/-]{1,40})\s*\)"),
    re.compile(rf"{_TERM}\s*\("),
    re.compile(rf"{_TERM}\s*,\s*(?:the|our|a|an|which)\b"),
    re.compile(rf"{_TERM}\s+(?:stands\s+for|means|is\s+(?:the|our|a|an))\b"),
)
_CAMEL = re.compile(r"(?<![\w-])[a-z]+[A-Z][A-Za-z0-9]*(?![\w-])")


@dataclass(frozen=True)
class Hit:
    """Wording a rule found in a sentence.

    Attributes:
        start: Where the wording begins, as an offset into the sentence.
        end: Where it ends (exclusive).
        rule: The rule's id.
        replacement: Neutral words for the span; None when the sentence is rewritten instead.
        rewrite: The whole sentence said another way; None when only the span changes.
    """

    start: int
    end: int
    rule: str
    replacement: str | None = None
    rewrite: str | None = None


class Rules:
    """Every rule, compiled once from the coach's words."""

    def __init__(self, words: CoachWords, glossary: set[str]) -> None:
        self.words = words
        self.glossary = glossary
        self._phrases = {
            rule: (phrase_pattern(p for p, _ in pairs), dict(pairs)) for rule, pairs in words.phrases.items()
        }
        persons = [*words.words("person_pronouns")]
        nouns = "|".join(
            re.escape(n).replace(r"\ ", r"\s+")
            for n in sorted(words.words("person_nouns"), key=len, reverse=True)
        )
        pronouns = "|".join(
            re.escape(p).replace(r"\ ", r"\s+") for p in sorted(persons, key=len, reverse=True)
        )
        names = "|".join(re.escape(n) for n in words.words("given_names"))
        self._person = (
            rf"(?:(?:(?:the|our|your|their|his|her|my|an?|that|this|one\s+of\s+the)\s+(?:[\w-]+\s+){{0,2}})?(?:{nouns})"
            rf"|(?:{pronouns})|(?:{names}))"
        )
        self._person_only = re.compile(rf"^{self._person}$")
        aux = (
            r"did|didn't|did\s+not|do|don't|does|doesn't|would|wouldn't|could|couldn't|will|won't|can't|cannot|"
            r"can|were|weren't|was|wasn't|are|aren't|is|isn't|have|haven't|has|hasn't|had|hadn't|should|shouldn't|'d"
        )
        self._why = re.compile(
            rf"\b(?:why|how\s+come)(?:\s+|(?='d))(?:on\s+earth\s+|the\s+hell\s+|exactly\s+|again\s+)?(?P<aux>{aux})\s+"
            rf"(?P<subj>{self._person})(?P<neg>\s+not|\s+never)?(?P<rest>\s+.*)?$"
        )
        self._who = re.compile(
            r"\b(?:whose\s+(?:fault|idea|call|decision|bright\s+idea|change|commit|deploy|code|pr|push|mistake)|who(?:'s|\s+is|\s+was)\s+(?:to\s+blame|at\s+fault|responsible\s*(?:for\s+(?:this|that|it|the\s+(?:outage|incident|mess|failure|problem|issue|breakage))\b|[?.!]|$))|"
            r"who\s+(?:broke(?!\s+the\s+news)|caused|messed\s+up|screwed\s+up|dropped\s+the\s+ball|forgot|missed|"
            r"let\s+this\s+happen|took\s+down|took\s+out|brought\s+down|knocked\s+over|fat[-\s]fingered|wiped)\b)"
            r"(?P<rest>.*)$"
        )
        self._how_could = re.compile(
            r"\b(?:how\s+could|how\s+did|how\s+can)\s+(?P<subj>you|he|she|they|nobody|no\s+one|anyone)\s+"
            r"(?:(?:not|never|possibly|just|manage\s+to|have\s+managed\s+to)\s+)*(?P<verb>miss|forget|overlook|ignore|skip|not|let|fail|do\s+that|do\s+this)"
            r"(?P<rest>.*)$"
        )
        self._how_come = re.compile(
            rf"\bhow\s+come\s+(?P<subj>{self._person})\s+(?P<neg>didn't\s+|did\s+not\s+|never\s+)?(?P<rest>.*)$"
        )
        self._why_not = re.compile(
            rf"\bwhy\s+(?P<subj>{self._person})\s+(?P<neg>didn't|did\s+not|never|wouldn't|couldn't)\s+(?P<rest>.*)$"
        )
        self._which_of_you = re.compile(r"\bwhich\s+(?:one\s+)?of\s+(?:you|them|us)\b")
        self._thinking = re.compile(
            r"\bwhat\s+(?:on\s+earth\s+|the\s+hell\s+)?were\s+(?:you|they|we)\s+thinking\b"
        )
        self._modal = re.compile(
            rf"\b(?P<modal>should|shoulda|could|coulda|would|woulda|ought|must|might|may)"
            rf"(?P<neg>n't|\s+not|\s+never)?(?:\s+to)?"
            rf"(?:\s+(?:[a-z]+ly|ever|also))?(?:\s+have|'ve|\s+of|a(?=\s))\s+(?P<adv>(?:[a-z]+ly\s+)?)(?P<pp>{_PARTICIPLE})"
        )
        self._if_had = re.compile(
            rf"\b(?P<only>if\s+only|if|wish|wished|wishes)\s+(?P<subj>(?:[\w'-]+\s+){{0,4}}?[\w'-]+?)(?:\s+had|'d)"
            rf"(?P<neg>n't|\s+not)?\s+(?P<adv>(?:(?:[a-z]+ly|just|simply|only|even|already|ever)\s+)?)(?P<pp>{_PARTICIPLE})"
        )
        self._had_we = re.compile(
            rf"(?:^|[,;:]\s*)had\s+(?P<subj>we|i|you|they|he|she|someone|anyone|somebody|the\s+[\w-]+)"
            rf"(?P<neg>\s+not)?\s+(?P<adv>(?:[a-z]+ly\s+)?)(?P<pp>{_PARTICIPLE})"
        )
        self._if_only = re.compile(r"\bif\s+only\b")
        self._were_it = re.compile(
            r"^(?:were|had)\s+(?P<subj>the\s+[\w-]+|we|they|it|this|that)\s+(?P<rest>[^,?]{1,60}?),"
            r"(?=[^?]*\b(?:would|'d|could|might)(?:n't|\s+not)?\s+have\b)"
        )
        self._failed_to = re.compile(rf"(?P<subj>{self._person})\s+(?:had\s+)?(?:[a-z]+ly\s+)?failed\s+to\b")
        self._ignored = re.compile(rf"(?P<subj>{self._person})\s+(?:just\s+|simply\s+|[a-z]+ly\s+)?ignored\b")
        self._fault = re.compile(
            r"\b(?:(?:my|your|his|her|their|our|whose|[a-z]+'s)\s+fault|the\s+fault\s+of|fault\s+lies|(?:my|your|his|her|their|our)\s+failure)\b"
        )
        self._blamed = re.compile(r"\bblam(?:e|ed|es|ing)\b")
        self._oversight = re.compile(
            r"\b(?:an|(?:my|your|his|her|their|our))\s+oversight\b|\boversight\s+(?:by|on\s+the\s+part\s+of)\b"
        )
        self._cause_was = re.compile(
            r"\bthe\s+(?:main\s+|primary\s+)?cause\s+(?:of\s+(?:the|this|our)\s+[\w\s-]{1,40}?\s+)?(?:was|is)\b"
            r"(?!\s+(?:still|being|unknown|not|under|unclear|yet|likely|probably|now))"
        )
        self._only_reason = re.compile(
            r"\bthe\s+(?:only|sole|single|one)\s+reason\b(?=[^.!?]{0,80}?\s(?:was|is)\b)"
        )
        self._all_it_took = re.compile(
            r"\ball\s+(?:you|they|he|she|we|i|anyone|anybody|someone|one|the\s+[\w-]+)\s+"
            r"(?:had|have|has|need|needs|needed)\s+to\s+do\s+(?:was|is)(?:\s+to)?\b"
        )
        self._obvious = re.compile(r"(?<![\w-])obvious(?![\w-])")
        self._clearly = re.compile(r"(?<![\w-])clearly(?![\w-])")
        self._just = re.compile(r"(?<![\w-])just(?![\w-])")
        self._forward = phrase_pattern(words.words("forward_markers"))
        self._signals = phrase_pattern(words.words("learning_signals"))
        self._fix = re.compile(
            r"^(?:(?:we|the\s+team|i|ops|they|[\w-]+\s+team)\s+)?(?:(?:have|has|had|will|'ve|'ll|need\s+to|should|must|"
            r"are\s+going\s+to|plan\s+to|now|then|also|quickly)\s+)*"
            r"(?P<verb>added|add|fixed|fix|patched|patch|increased|increase|raised|raise|bumped|bump|decreased|decrease|"
            r"reduced|reduce|lowered|lower|changed|change|updated|update|upgraded|upgrade|rolled\s+back|roll\s+back|"
            r"reverted|revert|removed|remove|deleted|delete|disabled|disable|enabled|enable|implemented|implement|"
            r"introduced|introduce|created|create|set\s+up|configured|configure|deployed|deploy|migrated|migrate|"
            r"moved|move|replaced|replace|rewrote|rewrite|wrote|write|built|build|turned\s+on|turned\s+off|"
            r"switched|switch|restarted|restart|tuned|tune|adjusted|adjust|refactored|refactor|documented|"
            r"automated|automate|extended|extend|doubled|double|capped|cap|installed|install|shortened|shorten|"
            r"set|run|ran|use|used|require|required|monitor|monitored|validate|validated|verify|verified|rotate|"
            r"rotated|renew|renewed|pin|pinned|limit|limited|block|blocked|schedule|scheduled)\b"
            r"(?P<thing>[^.!?]*)"
        )
        self._fix_passive = re.compile(
            r"^(?P<thing>(?:the|a|an|our|its)\s+[^.!?]{1,60}?)\s+(?:was|were|has\s+been|have\s+been|is\s+now|are\s+now)\s+"
            r"(?P<verb>fixed|added|increased|raised|reduced|lowered|patched|updated|upgraded|changed|removed|"
            r"disabled|enabled|replaced|rolled\s+back|reverted|doubled|capped|extended|shortened|introduced|installed)\b"
            r"[^.!?]*$"
        )
        self._fix_now = re.compile(
            r"^(?:the|a|an|our|its|every|all)\s+[^.!?]{1,60}?\s+(?:now|will\s+now|from\s+now\s+on)\s+(?P<verb>\w+)(?P<thing>)"
        )
        self._checks: list[tuple[str, Callable[[str, str], Iterator[Hit]]]] = [
            ("defensive-question", self._questions),
            ("counterfactual", self._counterfactuals),
            ("blame-word", self._blame),
            ("root-cause", self._root_cause),
            ("hindsight", self._hindsight),
            ("minimising", self._minimising),
        ]
        first_words = {phrase.split()[0] for pairs in words.phrases.values() for phrase, _ in pairs}
        self._trigger = re.compile(
            r"\b(?:why|who|whose|how|what|should|could|would|ought|must|if|had|fault|failure|blam|"
            r"oversight|root|cause|reason|obvious|clearly|just|simply|failed|ignored|"
            + "|".join(re.escape(word) for word in sorted(first_words))
            + ")"
        )
        self._just_after_have = set(words.words("just_after_have"))
        self._just_before_step = set(words.words("just_before_step"))
        self._acronyms = set(words.words("known_acronyms"))
        self._names = set(words.words("known_names")) | set(words.words("given_names"))
        self._name_cues = set(words.words("name_cues"))

    # -- running them ------------------------------------------------------------------------

    def hits(self, sentence: str, low: str, learnings: bool, defined: set[str]) -> list[Hit]:
        """Every hit in ``sentence``, one per rule and wording, in order.

        Args:
            sentence: One sentence, as written.
            low: The sentence folded (see :func:`fold`).
            learnings: Add the checks meant for key learnings.
            defined: Terms the whole text spells out (see :func:`defined_terms`); they pass.
        """
        found: list[Hit] = []
        if self._trigger.search(low):
            for rule, check in self._checks:
                if rule not in self.words.silenced:
                    found.extend(check(sentence, low))
        if learnings:
            if "unexplained-term" not in self.words.silenced:
                found.extend(self._terms(sentence, defined))
            if "restates-fix" not in self.words.silenced:
                found.extend(self._restated_fix(sentence, low))
        return _without_overlaps(found)

    # -- defensive questions -----------------------------------------------------------------

    def _questions(self, sentence: str, low: str) -> Iterator[Hit]:
        rule = "defensive-question"
        why = self._why.search(low)
        if why and self._is_person(sentence, why.start("subj"), why.end("subj")) and not _about_practice(why):
            rewrite = self._why_rewrite(sentence, why)
            if rewrite is not None:
                yield Hit(why.start(), why.end("subj"), rule, rewrite=rewrite)
                return
        who = self._who.search(low)
        if who and (
            low.rstrip().endswith("?")
            or not low[: who.start()].strip(" ,")
            or who.group().startswith("whose fault")
        ):
            rewrite = self._who_rewrite(sentence, who)
            yield Hit(who.start(), who.start("rest"), rule, rewrite=rewrite)
            return
        how = self._how_could.search(low)
        if how:
            thing = _clean_tail(sentence[how.start("rest") : how.end("rest")])
            rewrite = (
                f"What made {thing} hard to spot at the time?"
                if thing
                else "What made it hard to spot at the time?"
            )
            yield Hit(how.start(), how.end("verb"), rule, rewrite=rewrite)
            return
        for pattern in (self._how_come, self._why_not):
            match = pattern.search(low)
            if match and self._is_person(sentence, match.start("subj"), match.end("subj")):
                rest = _clean_tail(sentence[match.start("rest") : match.end("rest")])
                verb, _, after = rest.partition(" ")
                base = self.words.base_of.get(fold(verb), verb)
                if match["neg"] or base != verb:
                    rewrite = rewrites.question_for_action(
                        sentence[match.start("subj") : match.end("subj")],
                        base,
                        after,
                        bool(match["neg"]),
                        self.words,
                    )
                    yield Hit(match.start(), match.end("subj"), rule, rewrite=rewrite)
                    return
        which = self._which_of_you.search(low)
        if which:
            yield Hit(
                which.start(),
                which.end(),
                rule,
                rewrite="Which conditions came together to make this possible?",
            )
            return
        thinking = self._thinking.search(low)
        if thinking and not re.match(r"\s+(?:of|about)\b", low[thinking.end() :]):
            yield Hit(
                thinking.start(),
                thinking.end(),
                rule,
                rewrite="What were you seeing and weighing at that point?",
            )

    def _who_rewrite(self, sentence: str, who: re.Match[str]) -> str:
        asked = fold(sentence[who.start() : who.start("rest")]).split()
        thing = _clean_tail(sentence[who.start("rest") : who.end("rest")])
        if asked[0] == "whose" and asked[1] != "fault":
            step = re.sub(r"(?i)^(?:was|is)\s+(?:it|this|that)\s+", "", thing)
            if step.startswith("to "):
                return f"What made it look right {step} at the time?"
        if asked[0] == "who" and asked[1] in {"broke", "caused"} and thing:
            verb = {"broke": "break", "caused": "cause"}[asked[1]]
            return f"What came together to {verb} {thing}, and what made each step look right then?"
        return "Which conditions came together to make this possible?"

    def _why_rewrite(self, sentence: str, why: re.Match[str]) -> str | None:
        aux = why["aux"]
        negative = bool(why["neg"]) or "n't" in aux or aux.endswith("not") or aux == "cannot"
        subject = sentence[why.start("subj") : why.end("subj")]
        rest = _clean_tail(sentence[why.start("rest") : why.end("rest")] if why["rest"] else "")
        rest = re.sub(r"^(?:(?:just|simply|even|ever|bother\s+to|not)\s+)+", "", rest, flags=re.IGNORECASE)
        if re.match(r"(?:were|weren't|was|wasn't|are|aren't|is|isn't)\b", aux):
            first = fold(rest.split(maxsplit=1)[0]) if rest else ""
            if self._participle(first) and not first.endswith("ing"):
                return None  # "why were you paged?": something done to them, not by them
            return rewrites.question_for_state(subject, rest, negative)
        if re.match(r"(?:have|haven't|has|hasn't|had|hadn't)\b", aux):
            return rewrites.question_for_state(subject, f"waiting on {rest}" if rest else "waiting", negative)
        if not rest:
            return "What were you seeing at that point, and what made that step make sense then?"
        verb, _, after = rest.partition(" ")
        return rewrites.question_for_action(subject, verb, after, negative, self.words)

    def _is_person(self, sentence: str, start: int, end: int) -> bool:
        subject = fold(sentence[start:end])
        if not self._person_only.match(subject):
            return False
        first = subject.split()[0]
        if first in self.words.words("given_names"):
            return sentence[start].isupper()  # "Mark" the person, not "mark" the verb
        return True

    # -- counterfactuals ---------------------------------------------------------------------

    def _counterfactuals(self, sentence: str, low: str) -> Iterator[Hit]:
        rule = "counterfactual"
        if self._forward.search(low):
            return
        only = self._if_only.search(low)
        for pattern in (self._if_had, self._had_we):
            match = pattern.search(low)
            if match and self._participle(match["pp"]) and not self._whether(low, match.start()):
                subject = sentence[match.start("subj") : match.end("subj")]
                if pattern is self._if_had and fold(subject).startswith("only "):
                    subject = subject[5:]
                rest = _clause_tail(sentence, match.end("pp"))
                rewrite = rewrites.counterfactual_statement(
                    "",
                    subject,
                    sentence[match.start("pp") : match.end("pp")],
                    rest,
                    bool(match["neg"]),
                    self.words,
                )
                yield Hit(match.start(), match.end("pp"), rule, rewrite=rewrite)
                return
        if only:
            yield Hit(only.start(), only.end(), rule, rewrite=rewrites.SENSIBLE_THEN)
            return
        were = self._were_it.search(low)
        if were:
            state = _clean_tail(sentence[were.start("rest") : were.end("rest")])
            subject = sentence[were.start("subj") : were.end("subj")]
            rewrite = rewrites.counterfactual_statement("", subject, "been", state, False, self.words)
            yield Hit(were.start(), were.end("rest"), rule, rewrite=rewrite)
            return
        for match in self._modal.finditer(low):
            hit = self._modal_hit(sentence, low, match)
            if hit is not None:
                yield hit
                return

    def _modal_hit(self, sentence: str, low: str, match: re.Match[str]) -> Hit | None:
        modal, pp = match["modal"].rstrip("a"), match["pp"]
        if modal == "must" or not self._participle(pp) or _possessed(pp, low[match.end() :]):
            return None
        negative = bool(match["neg"])
        if modal in ("might", "may") and (negative or pp not in self.words.words("prevention_verbs")):
            return None  # "it may have been the cache": a guess about what happened, not another timeline
        start_subject, prefix_end = self._subject_span(low, match.start())
        subject = sentence[start_subject : match.start()].strip()
        folded_subject = fold(subject)
        person = bool(subject) and self._is_person(sentence, start_subject, start_subject + len(subject))
        if modal in ("could", "would"):
            if negative and modal == "could":
                return None  # "we couldn't have known": said in the people's defence
            if pp in self.words.words("attitude_verbs"):
                return None
            prevention = pp in self.words.words("prevention_verbs")
            impact = pp in self.words.words("impact_verbs")
            if impact and not person and not (negative and pp == "happened"):
                return None
            if not (person or prevention or negative or re.search(r"\bif\b", low)):
                return None
            if modal == "could" and not person and not prevention:
                return None
        if not subject or (
            folded_subject in {"it", "this", "that", "there", "what", "which", "who"}
            and pp not in self.words.words("prevention_verbs")
        ):
            subject = subject or "we"
        prefix = sentence[:prefix_end].strip() if prefix_end else ""
        prefix = re.sub(
            r"(?i)^(?:in\s+hindsight|looking\s+back|in\s+retrospect|honestly|frankly)\s*,?\s*", "", prefix
        )
        rest = _clause_tail(sentence, match.end("pp"))
        rewrite = rewrites.counterfactual_statement(
            prefix, subject, sentence[match.start("pp") : match.end("pp")], rest, negative, self.words
        )
        return Hit(match.start(), match.end("pp"), "counterfactual", rewrite=rewrite)

    def _subject_span(self, low: str, modal_start: int) -> tuple[int, int]:
        """Where the modal's subject starts, and where the words before it end."""
        before = _window(low, modal_start)
        offset = modal_start - len(before)
        breaks = list(_CLAUSE_BREAK.finditer(before))
        start = offset + (breaks[-1].end() if breaks else 0)
        while start < modal_start and low[start].isspace():
            start += 1
        return start, start

    def _participle(self, word: str) -> bool:
        word = fold(word)
        if word in self.words.base_of:
            return True
        return bool(re.fullmatch(r"[a-z][a-z-]+(?:ed|en)", word)) and word not in {
            "seven",
            "often",
            "even",
            "open",
            "token",
            "kitten",
        }

    def _whether(self, low: str, if_start: int) -> bool:
        before = _window(low, if_start).split()
        return bool(before) and before[-1] in self.words.words("whether_verbs")

    # -- words -------------------------------------------------------------------------------

    def _listed(self, rule: str, sentence: str, low: str) -> Iterator[Hit]:
        pattern, replacements = self._phrases[rule]
        for match in pattern.finditer(low):
            if _quoted(low, match.start(), match.end()):
                continue  # "“Human error” is not an explanation we accept": the words named, not used
            key = re.sub(r"\s+", " ", match.group())
            yield Hit(match.start(), match.end(), rule, replacement=replacements.get(key, ""))

    def _blame(self, sentence: str, low: str) -> Iterator[Hit]:
        rule = "blame-word"
        for hit in self._listed(rule, sentence, low):
            after = low[hit.end : hit.end + 24]
            if re.match(
                r"[\s-]*(?:protection|proofing|prevention|guard|guards|safeguards?|checks?)\b", after
            ):
                continue
            if low[hit.start : hit.end] in {"at fault", "to blame"} and _negated(low, hit.start, reach=4):
                continue
            yield hit
        for match in self._failed_to.finditer(low):
            if self._is_person(sentence, match.start("subj"), match.end("subj")):
                failed = low.index("failed", match.end("subj"))
                yield Hit(failed, match.end(), rule, replacement="did not")
        for match in self._ignored.finditer(low):
            if self._is_person(sentence, match.start("subj"), match.end("subj")):
                word = low.index("ignored", match.start("subj"))
                yield Hit(word, word + len("ignored"), rule, replacement="did not act on")
        for match in self._fault.finditer(low):
            owner = match.group().split()[0]
            if owner in {"nobody's", "no-one's", "noone's", "anyone's", "anybody's"} or (
                owner.endswith("'s")
                and (fold(owner[:-2]) in {"it", "disk", "system", "network", "hardware", "vendor's"})
            ):
                continue
            yield Hit(match.start(), match.end(), rule, replacement="one contributing factor")
        for match in self._blamed.finditer(low):
            if not _negated(low, match.start(), reach=4) and not re.match(
                r"(?:-?less|-free|\s+culture|\s+game|-aware)", low[match.end() : match.end() + 8]
            ):
                yield Hit(match.start(), match.end(), rule, replacement=_blame_word(match.group()))
        for match in self._oversight.finditer(low):
            yield Hit(match.start(), match.end(), rule, replacement="a gap")

    def _root_cause(self, sentence: str, low: str) -> Iterator[Hit]:
        rule = "root-cause"
        for hit in self._listed(rule, sentence, low):
            after = low[hit.end : hit.end + 10]
            if (
                re.match(r"s\b|\s+analys[ie]s|\s+analysis", after)
                or _negated(low, hit.start, reach=4)
                or re.search(
                    r"\b(?:instead\s+of|rather\s+than|beyond|stop|avoid|avoiding|asking|ask|looking|look|"
                    r"search|searching|hunting|hunt|demand|demanding|myth|idea|notion|chase|chasing|seek|seeking)\b"
                    r"(?:\s+\w+){0,3}\s*$",
                    _window(low, hit.start),
                )
            ):
                continue
            yield Hit(
                hit.start,
                hit.end,
                rule,
                replacement=_match_case(sentence[hit.start : hit.end], hit.replacement or ""),
            )
        for match in self._only_reason.finditer(low):
            if not _negated(low, match.start(), reach=3):
                yield Hit(
                    match.start(),
                    match.end(),
                    rule,
                    replacement=_match_case(sentence[match.start() :], "one reason"),
                )
        for match in self._cause_was.finditer(low):
            if not _negated(low, match.start(), reach=3) and not re.search(
                r"\b(?:know|find|found|determine|investigat\w*)\s+$", _window(low, match.start())
            ):
                end = match.start() + len("the cause") + (len(match.group()) - len(match.group().lstrip()))
                phrase = re.match(r"the\s+(?:main\s+|primary\s+)?cause", low[match.start() :])
                assert phrase is not None
                yield Hit(
                    match.start(),
                    match.start() + phrase.end(),
                    rule,
                    replacement=_match_case(sentence[match.start() : end], "one contributing factor"),
                )

    def _hindsight(self, sentence: str, low: str) -> Iterator[Hit]:
        rule = "hindsight"
        for hit in self._listed(rule, sentence, low):
            if "know" in low[hit.start : hit.end] and re.search(
                r"\b(?:make\s+sure|ensure|so|until|let|help|that)\s+$", _window(low, hit.start)
            ):
                continue
            yield hit
        for match in self._obvious.finditer(low):
            before = _window(low, match.start())
            if _negated(low, match.start(), reach=4) or re.search(
                r"\b(?:make|makes|made|making)\s+(?:it|this|that|them|things)?\s*(?:more\s+|less\s+)?$",
                before,
            ):
                continue
            if re.search(r"\b(?:nothing|none|no\s+one|nobody)\b", before) or re.search(
                r"\b(?:less|more|far\s+from)\s+$", before
            ):
                continue
            if _DESIGN_AIM.search(low):
                continue  # "the goal is an obvious, one-click rollback"
            attributive = re.search(r"\b(?:a|an|the|this|that|such|most|very)\s+$", before)
            yield Hit(
                match.start(),
                match.end(),
                rule,
                replacement="" if attributive else "plain afterwards",
            )
        manner = set(self.words.words("clearly_manner_words"))
        for match in self._clearly.finditer(low):
            words_before = _window(low, match.start()).split()[-4:]
            nearby = {w.strip(".,;:!?") for w in [*words_before, *low[match.end() :].split()[:1]]}
            if nearby & manner or _negated(low, match.start(), reach=2):
                continue
            yield Hit(match.start(), match.end(), rule, replacement="")

    def _minimising(self, sentence: str, low: str) -> Iterator[Hit]:
        rule = "minimising"
        for match in self._all_it_took.finditer(low):
            yield Hit(match.start(), match.end(), rule, replacement="one option was to")
        plainly = re.search(r"\b(?:put\s+simply|simply\s+put|to\s+put\s+it\s+simply)\b", low)
        for hit in self._listed(rule, sentence, low):
            if not (plainly and plainly.start() <= hit.start < plainly.end()):
                yield hit
        for match in self._just.finditer(low):
            if self._belittling_just(low, match.start(), match.end()):
                yield Hit(match.start(), match.end(), rule, replacement="")

    def _belittling_just(self, low: str, start: int, end: int) -> bool:
        before = _window(low, start).split()
        after = low[end : end + 160].split()
        previous = before[-1].strip(",;:") if before else ""
        following = after[0].strip(".,;:!?") if after else ""
        if not following or following in self.words.words("just_plain_next"):
            return False
        if following in {"a", "an"}:
            noun = after[1].strip(".,;:!?") if len(after) > 1 else ""
            return noun not in self.words.words("just_a_quantities") and previous != "only"
        if previous in self._just_after_have:
            return False
        if re.fullmatch(r"\d[\d.,:%]*\w*", following) or following.endswith("ing"):
            return False
        if self._participle(following) and following not in self.words.past:
            return False  # "they just restarted it": a moment ago
        starts_clause = not before or before[-1].endswith((".", "!", "?", ":", ",", ";"))
        return starts_clause or previous in self._just_before_step

    # -- key learnings -----------------------------------------------------------------------

    def _terms(self, sentence: str, defined: set[str]) -> Iterator[Hit]:
        rule = "unexplained-term"
        seen: set[str] = set()
        spans: list[tuple[int, int]] = []
        for match in _ACRONYM.finditer(sentence):
            word = match.group()
            if fold(word) in self._acronyms or fold(word.rstrip("s")) in self._acronyms:
                continue
            spans.append(match.span())
        for match in _CAMEL.finditer(sentence):
            spans.append(match.span())
        for match in _CAPITALISED.finditer(sentence):
            before = _window(sentence, match.start()).split()
            if not before or before[-1][-1:] in ".!?:\"“'‘(" or fold(before[-1]) not in self._name_cues:
                continue
            if fold(match.group()) in self._names or re.match(
                r"(?:\s+[A-Z][\w-]*)*\s*\(", sentence[match.end() :]
            ):
                continue
            spans.append(match.span())
        for start, end in sorted(spans):
            word = sentence[start:end]
            if fold(word) in self.glossary or word in seen or word in defined:
                continue
            seen.add(word)
            yield Hit(start, end, rule, replacement=f"{word} (say what it is)")

    def _restated_fix(self, sentence: str, low: str) -> Iterator[Hit]:
        stripped = low.strip()
        match = (
            self._fix.match(stripped) or self._fix_passive.match(stripped) or self._fix_now.match(stripped)
        )
        if match is None or self._signals.search(low):
            return
        offset = len(low) - len(low.lstrip())
        verb = sentence[offset + match.start("verb") : offset + match.end("verb")]
        thing = _clean_tail(sentence[offset + match.start("thing") : offset + match.end("thing")])
        yield Hit(
            offset + match.start(),
            offset + match.end("verb"),
            "restates-fix",
            rewrite=rewrites.learning_from_fix(verb, thing),
        )


def _quoted(low: str, start: int, end: int) -> bool:
    return low[start - 1 : start] in {'"', "“", "'"} and low[end : end + 1] in {'"', "”", "'"}


def _possessed(participle: str, after: str) -> bool:
    """ "Should have read access": having something, not having done something."""
    return participle in {"read", "write"} and bool(
        re.match(
            r"[\s/-]+(?:and\s+write\s+|only\s+)?(?:access|permissions?|rights|privileges|role|only)\b", after
        )
    )


def _about_practice(why: re.Match[str]) -> bool:
    """ "Why do we page for warnings?": a question about how the team works, not about a person."""
    return why["aux"] in {
        "do",
        "does",
        "don't",
        "doesn't",
        "is",
        "are",
        "isn't",
        "aren't",
        "can",
        "can't",
    } and why["subj"] in {"we", "our team", "the team"}


def _window(text: str, end: int, size: int = 160) -> str:
    """The ``size`` characters before ``end``: enough context, and no slower on a very long sentence."""
    return text[max(0, end - size) : end]


def _negated(low: str, start: int, reach: int = 3) -> bool:
    before = _window(low, start).split()[-reach:]
    return any(re.fullmatch(rf"{_NEGATIONS}|\w+n't|non-", w.strip(",;:")) for w in before)


def _clean_tail(text: str) -> str:
    return _TRAILING.sub("", text).strip()


def _clause_tail(sentence: str, start: int) -> str:
    """The words after ``start`` up to the end of their clause, without closing punctuation."""
    tail = sentence[start:]
    cut = re.search(r",\s*(?:we|it|the|they|this|that|then|and|but|so|i|you|there)\b|[.!?;](?:\s|$)", tail)
    return _clean_tail(tail[: cut.start()] if cut else tail)


def defined_terms(text: str) -> set[str]:
    """Terms ``text`` spells out: ``Border Firewall Gateway (BFG)``, ``BFG (…)``, ``BFG, our …``."""
    found: set[str] = set()
    for pattern in _DEFINITIONS:
        found.update(pattern.findall(text))
    return found


def _blame_word(word: str) -> str:
    return {"blame": "look to", "blamed": "pointed to", "blames": "points to", "blaming": "pointing to"}[word]


def _match_case(original: str, replacement: str) -> str:
    return rewrites.capitalise(replacement) if original[:1].isupper() else replacement


def _without_overlaps(hits: list[Hit]) -> list[Hit]:
    """One hit per rule and span: where a rule claims the same words twice, the longer claim keeps them."""
    kept: list[Hit] = []
    reach: dict[str, int] = {}  # where each rule's last kept hit ends
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if hit.start >= reach.get(hit.rule, 0):
            kept.append(hit)
            reach[hit.rule] = hit.end
    return kept
