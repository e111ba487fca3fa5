"""The words analytic writing is judged by: hedges, attributions, the ICD 203 scale and confidence levels."""

from __future__ import annotations

import re
from collections.abc import Iterable

# ICD 203's likelihood scale, lowest to highest, each term with its synonyms as the directive gives them.
ICD_203_SCALE = (
    ("almost no chance", "remote"),
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
    "toss-up",
    "inevitable",
    "inevitably",
    "bound to",
)

# Words that make a statement less than certain: a modal, a likelihood, an appearance.
HEDGES = (
    "may",
    "might",
    "could",
    "possible",
    "possibly",
    "perhaps",
    "appear",
    "appears",
    "appeared",
    "apparently",
    "seem",
    "seems",
    "seemed",
    "seemingly",
    "suggest",
    "suggests",
    "suggested",
    "indicate",
    "indicates",
    "reportedly",
    "purportedly",
    "allegedly",
    "alleged",
    "purported",
    "purport",
    "purports",
    "supposed",
    "supposedly",
    "unverified",
    "unconfirmed",
    "not confirmed",
    "not verified",
    "not independently",
    "if confirmed",
    "if true",
    "uncertain",
    "unclear",
    "not clear",
    "whether",
)

# Words that say whose statement it is: someone says, claims, reports or denies it.
ATTRIBUTIONS = (
    "says",
    "said",
    "say",
    "saying",
    "according to",
    "claims",
    "claimed",
    "claim",
    "claiming",
    "asserts",
    "asserted",
    "alleges",
    "allege",
    "denies",
    "denied",
    "deny",
    "rejects",
    "rejected",
    "dismisses",
    "dismissed",
    "calls",
    "called",
    "accuses",
    "accused",
    "charges",
    "charged",
    "insists",
    "insisted",
    "tells",
    "told",
    "reports",
    "reported",
    "states",
    "stated",
    "argues",
    "argued",
    "contends",
    "expects",
    "expected",
    "believes",
    "believed",
    "estimates",
    "estimated",
    "judges",
    "judged",
    "assesses",
    "assessed",
    "warns",
    "warned",
    "sees",
    "describes",
    "described",
    "labels",
    "labelled",
    "labeled",
    "acknowledges",
    "acknowledged",
    "announced",
    "announces",
    "circulated",
    "puts",
    "reckons",
    "maintains",
    "maintained",
    "counts",
    "counted",
    "cites",
    "quotes",
    "notes",
    "noted",
    "writes",
    "wrote",
    "declares",
    "declared",
    "predicts",
    "predicted",
    "forecasts",
    "concludes",
    "concluded",
    "admits",
    "admitted",
    "testified",
    "in the view of",
    "in the words of",
    "by the account of",
    "account",
    "quoted",
    "cited",
)

# Verbs that present evidence as proof: "footage shows", "documents prove".
PROOF_VERBS = (
    "show",
    "shows",
    "showed",
    "shown",
    "prove",
    "proves",
    "proved",
    "proven",
    "confirm",
    "confirms",
    "confirmed",
    "demonstrate",
    "demonstrates",
    "demonstrated",
    "establish",
    "establishes",
    "established",
    "reveal",
    "reveals",
    "revealed",
)


def _words(phrases: Iterable[str]) -> re.Pattern[str]:
    """One pattern for a list of words and phrases: whole words, any case, any space between words;
    the longest first, so "very unlikely" is one match, not "unlikely"."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in ordered)
    return re.compile(rf"(?<![\w'’-])(?:{body})(?![\w-])", re.IGNORECASE)


LIKELIHOOD = _words(term for step in ICD_203_SCALE for term in step)
CONFIDENCE = _words(CONFIDENCE_LEVELS)
OFF_SCALE_WORDS = _words(OFF_SCALE)
HEDGE_WORDS = _words(HEDGES)
ATTRIBUTION_WORDS = _words(ATTRIBUTIONS)
PROOF_WORDS = _words(PROOF_VERBS)
# Every word that says how likely something is: the scale, confidence, words off the scale, modals.
ESTIMATIVE = _words(
    [term for step in ICD_203_SCALE for term in step]
    + list(CONFIDENCE_LEVELS)
    + list(OFF_SCALE)
    + ["may", "might", "could", "possible"]
)

# Quoted text: straight or curly double quotes, at most a few hundred characters, never across a
# paragraph. Single quotes are apostrophes too often ("Kim's") to be read as quotation marks.
_QUOTED = re.compile(r"\"[^\"\n]{1,400}\"|“[^”\n]{1,400}”")


def quoted(text: str) -> bool:
    """Whether the text quotes someone: words inside quotation marks."""
    return _QUOTED.search(text) is not None


def unquoted(text: str) -> str:
    """The text with what is inside quotation marks blanked out (same length, so offsets hold)."""
    return _QUOTED.sub(lambda match: " " * len(match.group()), text)


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Where the pattern's words stand in `text`, outside quotation marks."""
    return [match.span() for match in pattern.finditer(unquoted(text))]


def found(pattern: re.Pattern[str], text: str) -> list[str]:
    """The pattern's words in `text`, outside quotation marks, as written (spaces made one)."""
    return [" ".join(match.group().split()) for match in pattern.finditer(unquoted(text))]


def estimative_spans(text: str, most: int = 5_000) -> list[tuple[int, int]]:
    """Where words of likelihood or confidence stand in `text` (quoted words left out), in its first `most`
    characters (a paragraph of megabytes without a stop is one sentence): the lens underlines them."""
    return spans(ESTIMATIVE, text[:most])
