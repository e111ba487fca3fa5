"""The words analytic writing is judged by: hedges, attributions, the ICD 203 scale and confidence levels."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

# ICD 203's likelihood scale, lowest to highest, each term with its synonyms as the directive gives them.
ICD_203_SCALE = (
    # ICD 203's "remote", alone, is too often a place ("a remote region"): read with its noun.
    ("almost no chance", "remote chance", "remote possibility", "remote likelihood", "remote prospect"),
    ("very unlikely", "highly improbable"),
    ("unlikely", "improbable", "improbably"),
    ("roughly even chance", "roughly even odds"),
    ("likely", "probable", "probably"),
    ("very likely", "highly probable"),
    ("almost certain", "almost certainly", "nearly certain"),
)
CONFIDENCE_LEVELS = ("high confidence", "moderate confidence", "low confidence")

# Estimative words the scale does not have: each says a likelihood nobody can place on it.
OFF_SCALE = (
    "possibly",
    "perhaps",
    "conceivably",
    "presumably",
    "certainly",
    "surely",
    "definitely",
    "undoubtedly",
    "doubtless",
    "without doubt",
    "no doubt",
    "in all likelihood",
    "in all probability",
    "chances are",
    "highly likely",
    "highly unlikely",
    "most likely",
    "most probably",
    "quite likely",
    "fairly likely",
    "somewhat likely",
    "very probably",
    "a real possibility",
    "a distinct possibility",
    "a good chance",
    "a fair chance",
    "a strong chance",
    "a slim chance",
    "little chance",
    "small chance",
    "slight chance",
    "fifty-fifty",
    "it is possible",
    "it's possible",
    "it is impossible",
    "not unlikely",
    "not impossible",
    "cannot be ruled out",
    "can't be ruled out",
    "cannot rule out",
    "toss-up",
    "inevitable",
    "inevitably",
)

# Words that make a statement less than certain: a modal, an appearance, a status said out loud. (An
# ICD 203 likelihood word hedges too; "certainly" or "undoubtedly" does the opposite.)
HEDGES = """
    may | might | could | possible | possibly | perhaps | appear | appears | appeared | apparently |
    seem | seems | seemed | seemingly | suggest | suggests | suggested | indicate | indicates |
    reportedly | purportedly | allegedly | alleged | purported | purport | purports | supposed |
    supposedly | unverified | unconfirmed | not confirmed | not verified | not independently |
    not been verified | not been confirmed | cannot be verified | cannot be confirmed |
    could not be verified | could not be confirmed | no evidence | if confirmed | if true |
    if authentic | if genuine | uncertain | unclear | not clear | whether |
    false | untrue | debunked | disproved | fabricated | fake | disputed | contested
""".split("|")

# Words that say whose statement it is: someone says, claims, reports or denies it.
ATTRIBUTIONS = """
    says | said | say | saying | according to | claims | claimed | claiming | asserts | asserted |
    alleges | allege | denies | denied | deny | rejects | rejected | dismisses | dismissed |
    calls | called | accuses | accused | charged | insists | insisted | tells | told |
    reports | reported | reported to | states that | stated | argues | argued | contends |
    expects | expected | believe | believes | believed | believed to | estimate | estimates |
    estimated | think | thinks | thought to | judge | judges | judged | assess | assesses |
    assessed | assessment | warns | warned | sees | describes | described | labels | labelled |
    labeled | acknowledges | acknowledged | announced | announces | puts | reckons |
    maintains | maintained | counts | counted | cites | quotes | quoted | cited | notes | noted |
    writes | wrote | declares | declared | predicts | predicted | forecasts | concludes |
    concluded | admits | admitted | testified | blames | blamed | boasts | boasted | vows | vowed |
    fear | fears | feared | tweeted | posted | recounted | recalled | conceded | calculated | found that | telling |
    version | in the view of | in the words of | said to | per the
""".split("|")
# Attributions that are not one fixed phrase: someone's account, "X's line", "accounts of".
_ACCOUNTS = (
    r"\baccounts?\s+of\b",
    r"(?:'s|’s|s'|s’)\s+(?:own\s+)?(?:account|accounts|line|version|telling|figures?|estimates?)\b",
    r"\bby\s+(?:\S+\s+){1,3}accounts?\b",
    r"\b(?:[A-Z][\w.]*\s+)(?:and\s+[A-Z][\w.]*\s+)?accounts\b",
)

# Verbs that present evidence as proof ("footage shows"), after a word for evidence.
_EVIDENCE = (
    "footage|videos?|photos?|photographs?|images?|imagery|pictures?|documents?|data|evidence|records?|"
    "recordings?|intercepts?|satellite|tapes?|clips?|films?"
)
_PROOF = "shows?|showed|shown|proves?|proved|proven|confirms?|confirmed|demonstrates?|demonstrated|"
_PROOF += "establish(?:es)?|established|reveals?|revealed"
PROOF = re.compile(rf"\b(?:{_EVIDENCE})\b[^.;:]{{0,60}}?\b(?:{_PROOF})\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|no|never|nothing|none)\b|n['’]t\b", re.IGNORECASE)


def _words(phrases: Iterable[str]) -> re.Pattern[str]:
    """One pattern for a list of words and phrases: whole words, any case, any space between words;
    the longest first, so "very unlikely" is one match, not "unlikely"."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in ordered)
    return re.compile(rf"(?<![\w'’-])(?:{body})(?![\w-])", re.IGNORECASE)


_TOKEN = re.compile(r"\w+")


@lru_cache(maxsize=4)  # each rule asks again for the sentence it reads
def _tokens(text: str) -> frozenset[str]:
    return frozenset(token.lower() for token in _TOKEN.findall(text))


class Phrases:
    """Words and phrases, found as whole words in any case, and other `patterns` that `triggers` words
    announce. The phrases are tried only where one of their first words stands: a pattern of 150 phrases
    run over every sentence of a 5 MB brief took half a second."""

    def __init__(self, phrases: Iterable[str], patterns: Iterable[str] = (), triggers: Iterable[str] = ()) -> None:
        listed = [phrase.strip() for phrase in phrases if phrase.strip()]
        self.words = _words(listed)
        self.pattern = re.compile("|".join([self.words.pattern, *patterns]), re.IGNORECASE)
        self.firsts = frozenset(_TOKEN.findall(phrase)[0].lower() for phrase in listed)
        self.triggers = frozenset(triggers)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        tokens = _tokens(text)
        if not self.triggers.isdisjoint(tokens):
            return self.pattern.finditer(text)
        if self.firsts.isdisjoint(tokens):
            return iter(())
        return self._at_first_words(text)

    def _at_first_words(self, text: str) -> Iterator[re.Match[str]]:
        """The phrases' matches, tried where a first word stands, in order and not overlapping."""
        end = 0
        for token in _TOKEN.finditer(text):
            if token.start() >= end and token.group().lower() in self.firsts:
                match = self.words.match(text, token.start())
                if match is not None:
                    end = match.end()
                    yield match

    def search(self, text: str) -> re.Match[str] | None:
        return next(self.finditer(text), None)


LIKELIHOOD = Phrases(term for step in ICD_203_SCALE for term in step)
CONFIDENCE = Phrases(CONFIDENCE_LEVELS)
OFF_SCALE_WORDS = Phrases(OFF_SCALE)
HEDGE_WORDS = Phrases(HEDGES)
_ACCOUNT_WORDS = ("account", "accounts", "line", "version", "telling", "figure", "figures", "estimate", "estimates")
ATTRIBUTION_WORDS = Phrases(ATTRIBUTIONS, _ACCOUNTS, _ACCOUNT_WORDS)
# Every word that says how likely something is: the scale, confidence, words off the scale, modals.
ESTIMATIVE = Phrases(
    [term for step in ICD_203_SCALE for term in step]
    + list(CONFIDENCE_LEVELS)
    + list(OFF_SCALE)
    + ["may", "might", "could", "possible"]
)
# Words that look like hedges and are not: "May 2024" (a month), "could not reach" (a fact).
_NOT_HEDGES = re.compile(r"May(?=\s+\d)|could(?=\s+not\s+(?!be\b))", re.IGNORECASE)


# Quoted text: straight or curly double quotes, at most a few hundred characters, never across a
# paragraph. Single quotes are apostrophes too often ("Kim's") to be read as quotation marks.
_QUOTED = re.compile(r"\"[^\"\n]{1,400}\"|“[^”\n]{1,400}”")


def quoted(text: str) -> bool:
    """Whether the text quotes someone: two words or more inside quotation marks (one word in quotes is
    as often a scare quote, the writer's own doubt: `the "civilian" market`)."""
    return any(" " in match.group().strip('"“” ') for match in _QUOTED.finditer(text))


@lru_cache(maxsize=4)  # each rule asks again for the sentence it reads
def unquoted(text: str) -> str:
    """The text with what is inside quotation marks blanked out (same length, so offsets hold)."""
    return _QUOTED.sub(lambda match: " " * len(match.group()), text)


def attributed(text: str) -> bool:
    """Whether the text says whose words or figures it gives (quoted words left out)."""
    return ATTRIBUTION_WORDS.search(unquoted(text)) is not None


def hedged(text: str) -> bool:
    """Whether the text hedges: a hedge or an ICD 203 likelihood word (quoted words, and words that only
    look like hedges, left out)."""
    plain = unquoted(text)
    if LIKELIHOOD.search(plain) or CONFIDENCE.search(plain):  # a judgement labelled as one
        return True
    return any(not _only_looks_like_a_hedge(plain, match) for match in HEDGE_WORDS.finditer(plain))


def _only_looks_like_a_hedge(text: str, match: re.Match[str]) -> bool:
    """Whether the hedge found is a month or a negated past ability (looked at with what follows it)."""
    seen = _NOT_HEDGES.match(text, match.start())
    return seen is not None and seen.end() == match.end()


def off_scale(text: str) -> list[str]:
    """The estimative words of `text` off the ICD 203 scale, as written ("certainly" in "almost certainly"
    is on it)."""
    plain = unquoted(text)
    on_scale = [match.span() for match in LIKELIHOOD.finditer(plain)]
    return [
        " ".join(match.group().split())
        for match in OFF_SCALE_WORDS.finditer(plain)
        if not any(start <= match.start() and match.end() <= end for start, end in on_scale)
    ]


def proof(text: str) -> str | None:
    """The words where `text` says evidence shows or proves something, unless it says it does not."""
    plain = unquoted(text)
    for match in PROOF.finditer(plain):
        before = plain[max(0, match.start() - 12) : match.start()]
        if not _NEGATED.search(before + match.group()):
            return " ".join(match.group().split())
    return None


def found(pattern: Phrases, text: str) -> list[str]:
    """The pattern's words in `text`, outside quotation marks, as written (spaces made one)."""
    return [" ".join(match.group().split()) for match in pattern.finditer(unquoted(text))]


def estimative_spans(text: str, most: int = 5_000) -> list[tuple[int, int]]:
    """Where words of likelihood or confidence stand in `text` (quoted words left out), in its first `most`
    characters (a paragraph of megabytes without a stop is one sentence): the lens underlines them."""
    plain = unquoted(text[:most])
    return [match.span() for match in ESTIMATIVE.finditer(plain) if not _only_looks_like_a_hedge(plain, match)]
