"""Split prose into sentences, keeping abbreviations, initials, numbers and quotations whole."""

from __future__ import annotations

import re

# Words that end in a period without ending the sentence (compared in lower case,
# without the period). Titles and ranks come before a name; "Inc." or "etc." often
# end a sentence, so they are not here.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft rev hon gov sen rep pres amb sec gen lt col maj capt cpt
    sgt cpl pvt adm cmdr cdr brig lieut
    no nos vol vols fig figs p pp para ch art approx ca cf vs v al
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)

# A candidate end: terminators, then any closing quotes or brackets, then space.
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
# What may open a sentence: a capital, a digit, an opening quote or bracket.
_OPENERS = "\"'“‘([¿¡"
_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}$")


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Whether the terminator at `match` ends a sentence."""
    following = text[match.end() :].lstrip()
    if not following:
        return True
    head = following[0]
    if not (head.isupper() or head.isdigit() or head in _OPENERS):
        return False
    terminator = match.group()
    if not terminator.startswith(".") or terminator.startswith(".."):
        return True
    word_start = max(text.rfind(" ", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
    word = text[word_start : match.start()].lstrip("\"'“‘([")
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "Kim J. Un", "J. R. Smith"
    if _DOTTED.match(word + "."):
        return False  # "U.S.", "U.N.", "e.g."
    return word.lower() not in ABBREVIATIONS


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
