"""Split prose into sentences, keeping abbreviations, initials, numbers and quotations whole."""

from __future__ import annotations

import re

# Words that end in a period without ending the sentence (compared in lower case,
# without the period): titles and ranks, which come before a name. "Inc.", "etc."
# or "a.m." often end a sentence, so they are not here.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt rev hon gov sen rep pres amb sec gen lt col maj capt cpt
    sgt cpl pvt adm cmdr cdr brig lieut approx ca cf vs e.g i.e viz
    """.split()
)
# Abbreviations that end a sentence unless a number follows: "No. 5", "Nov. 1", "p. 12".
BEFORE_NUMBERS = frozenset(
    "no nos vol vols fig figs p pp para ch art jan feb mar apr jun jul aug sep sept oct nov dec".split()
)

# A candidate end: terminators, then any closing quotes or brackets, then space. Only from
# the start of a run of terminators, and without giving any back: a run with no space after
# it was tried again from each of its characters, each try backtracking through the rest
# (quadratic: a 30 KB run of "." took 20 s). Possessive or not, the matches are the same.
_END = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’)\]]*+(?=\s)")
_NEXT = re.compile(r"\s*(\S+)")
# What may open a sentence besides a letter that is not lower case: a digit, an opening quote or bracket.
_OPENERS = "\"'“‘([¿¡"
_WORD_BEFORE = re.compile(r"\S+$")
_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}$")


def _opens_sentence(word: str) -> bool:
    """Whether a word can begin a sentence: a capital (or a caseless letter), a digit, a quote."""
    head = word[0]
    return (head.isalpha() and not head.islower()) or head.isdigit() or head in _OPENERS


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Whether the terminator at `match` ends a sentence."""
    following = _NEXT.match(text, match.end())
    if following is None:
        return True
    next_word = following.group(1)
    if not _opens_sentence(next_word):
        return False
    terminator = match.group()
    if not terminator.startswith(".") or terminator.startswith(".."):
        return True
    # The word before the period (looked for in a short window, so long texts stay linear).
    before = _WORD_BEFORE.search(text, max(0, match.start() - 80), match.start())
    word_start = before.start() if before else match.start()
    word = text[word_start : match.start()].lstrip("\"'“‘([")
    lower = word.lower()
    if lower in ABBREVIATIONS or (lower in BEFORE_NUMBERS and next_word[0].isdigit()):
        return False
    if _DOTTED.match(word + "."):
        return not word[0].isupper()  # "U.S." goes on, "a.m." may end a sentence
    if len(word) == 1 and word.isupper():
        # An initial ("Kim J. Un", "J. R. Smith") follows a name or starts one;
        # "option A." ends a sentence.
        preceding = text[max(0, word_start - 80) : word_start].rstrip()
        previous = preceding.rsplit(None, 1)[-1] if preceding else ""
        return bool(previous) and not (previous[0].isupper() or previous.endswith("."))
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of `text` as (start, end) offsets, white space trimmed, none empty."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        if _ends_sentence(text, match):
            bounds.append((start, match.end()))
            start = match.end()
    bounds.append((start, len(text)))
    result = []
    for begin, end in bounds:
        piece = text[begin:end]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            result.append((begin + lead, begin + lead + len(stripped)))
    return result
