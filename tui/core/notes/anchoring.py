"""Finding a note's text again after its brief changed, or saying honestly that it is lost.

A note keeps the text it quotes, some text on each side, its section and its
offsets. When the brief changes, each note is looked for, in this order:

1. exactly where it was, or its quote elsewhere in its section (the occurrence
   whose surroundings match best);
2. its quote in another section (a renamed or moved section), only where the
   surroundings confirm it or the quote is long and appears once in the brief;
3. an edited quote (one of up to 2,000 characters): the text between its old
   surroundings, or the sentence most like it, when the likeness clears a threshold.

Only the CONTEXT characters nearest the quote are compared on each side, however
many a note holds, so finding a note costs the same whatever it carries.

Otherwise it is an orphan: kept, listed, never attached to the wrong text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from tui.core.brief.model import Section
from tui.core.notes.annotation import Anchor

CONTEXT = 40  # characters of text kept on each side of a quote
FUZZY_THRESHOLD = 0.75  # how alike an edited quote must be, found between its old surroundings
SENTENCE_THRESHOLD = 0.85  # how alike it must be, found as a sentence with no surroundings to confirm it
UNIQUE_LENGTH = 24  # a quote this long, appearing once in the whole brief, needs no confirming context
CONFIRMED = 0.5  # how much of the old surroundings must match to confirm a place
# A quote longer than this is found only as it is: comparing it for likeness costs its length
# squared. (An import bounds quotes at 100,000 characters; a brief may have longer sentences.)
FUZZY_LENGTH = 2_000


class How(Enum):
    """How a note was found again."""

    EXACT = "exact"  # its quote, in its section
    MOVED = "moved"  # its quote, in another section
    FUZZY = "fuzzy"  # an edited version of its quote


@dataclass(frozen=True, slots=True)
class Found:
    """Where a note's text is now: `section.text[start:end]`."""

    section: str
    start: int
    end: int
    how: How


def anchor_for(section: Section, start: int, end: int) -> Anchor:
    """The anchor of `section.text[start:end]`: the quote, its surroundings and its place."""
    text = section.text
    return Anchor(
        section=section.id,
        quote=text[start:end],
        start=start,
        end=end,
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


def _surroundings(anchor: Anchor) -> tuple[str, str]:
    """The prefix and suffix compared: at most CONTEXT characters each, as the app keeps.

    A store from an older version (or an import) may hold more; comparing all of a
    1 MB prefix at every occurrence of a quote made an export of 20 such notes take 22 s.
    """
    return anchor.prefix[-CONTEXT:], anchor.suffix[:CONTEXT]


def _context_score(text: str, start: int, end: int, anchor: Anchor) -> float:
    """How well the text around `start:end` matches the anchor's surroundings, from 0 to 1."""
    prefix, suffix = _surroundings(anchor)
    scores = []
    if prefix:
        before = text[max(0, start - len(prefix)) : start]
        scores.append(_common_suffix(before, prefix) / len(prefix))
    if suffix:
        after = text[end : end + len(suffix)]
        scores.append(_common_prefix(after, suffix) / len(suffix))
    return max(scores) if scores else 0.0


def _common_prefix(a: str, b: str) -> int:
    if a == b:
        return len(a)
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def _occurrences(text: str, quote: str) -> list[int]:
    found, at = [], text.find(quote)
    while at >= 0 and quote:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _best_exact(section: Section, anchor: Anchor) -> tuple[int, float, int] | None:
    """The occurrence of the quote in a section whose surroundings match best: (start, how well, how many).

    Every occurrence is scored; the old offset only breaks ties, so an edit that brings
    another copy of a repeated phrase to the old place does not take the note with it.
    """
    text, quote = section.text, anchor.quote
    starts = _occurrences(text, quote)
    if not starts:
        return None
    scored = [(_context_score(text, at, at + len(quote), anchor), -abs(at - anchor.start), at) for at in starts]
    score, _, at = max(scored)
    return at, score, len(starts)


def _similarity(a: str, b: str) -> float:
    from difflib import SequenceMatcher  # only for edited quotes: not imported before the first frame

    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < FUZZY_THRESHOLD or matcher.quick_ratio() < FUZZY_THRESHOLD:
        return 0.0
    return matcher.ratio()


def _between_context(section: Section, anchor: Anchor) -> tuple[int, int, float] | None:
    """The text between the anchor's old surroundings in a section, if both are still there."""
    text = section.text
    prefix, suffix = anchor.prefix[-CONTEXT // 2 :], anchor.suffix[: CONTEXT // 2]
    if len(prefix) < 8 or len(suffix) < 8:
        return None
    best: tuple[int, int, float] | None = None
    for at in _occurrences(text, prefix):
        start = at + len(prefix)
        limit = start + 2 * len(anchor.quote) + len(suffix)
        end = text.find(suffix, start, limit)
        if end < 0:
            continue
        likeness = _similarity(anchor.quote, text[start:end])
        if likeness >= FUZZY_THRESHOLD and (best is None or likeness > best[2]):
            best = (start, end, likeness)
    return best


def _best_sentence(section: Section, anchor: Anchor) -> tuple[int, int, float] | None:
    """The sentence of a section most like the quote (for a quote that was a whole sentence).

    Only where the text around it still matches the note's surroundings: a sentence that
    merely looks alike ("were confirmed" for "were not confirmed") is not taken.
    """
    text, quote = section.text, anchor.quote
    best: tuple[int, int, float] | None = None
    for sentence in section.sentences:
        candidate = text[sentence.start : sentence.end].rstrip()
        if not 0.6 * len(quote) <= len(candidate) <= 1.6 * len(quote):
            continue
        if _context_score(text, sentence.start, sentence.start + len(candidate), anchor) < CONFIRMED:
            continue
        likeness = _similarity(quote, candidate)
        if likeness >= SENTENCE_THRESHOLD and (best is None or likeness > best[2]):
            best = (sentence.start, sentence.start + len(candidate), likeness)
    return best


def _trusted(anchor: Anchor, found: tuple[int, float, int]) -> bool:
    """Whether an exact copy of the quote may take the note: its surroundings match, or it is
    long and the only one ("resigned" alone could be any resignation)."""
    _, score, count = found
    return (
        score >= CONFIRMED
        or (len(anchor.quote) >= UNIQUE_LENGTH and count == 1)
        or not (anchor.prefix or anchor.suffix)
    )


def reanchor(anchor: Anchor, sections: Iterable[Section]) -> Found | None:
    """Where the anchored text is in these sections now, or None: the note is an orphan."""
    return reanchor_all([anchor], sections)[0]


def reanchor_all(anchors: Iterable[Anchor], sections: Iterable[Section]) -> list[Found | None]:
    """`reanchor` for many notes of one brief: its sections are looked through once, not once per note."""
    every = list(sections)
    by_id: dict[str, Section] = {}
    for section in every:
        by_id.setdefault(section.id, section)
    return [_reanchor(anchor, every, by_id.get(anchor.section)) for anchor in anchors]


def _unchanged(home: Section, anchor: Anchor) -> bool:
    """Whether the quote and all of its surroundings are still exactly where they were (most notes).

    Nothing can score better (the surroundings match whole, at the old offset), so the
    search below would choose this same place.
    """
    text, start = home.text, anchor.start
    end = start + len(anchor.quote)
    prefix, suffix = _surroundings(anchor)
    return (
        text.startswith(anchor.quote, start)
        and text[max(0, start - CONTEXT) : start] == prefix
        and text[end : end + CONTEXT] == suffix
    )


def _reanchor(anchor: Anchor, every: list[Section], home: Section | None) -> Found | None:
    if not anchor.quote:
        return None
    if home is not None and anchor.start >= 0 and _unchanged(home, anchor):
        return Found(home.id, anchor.start, anchor.start + len(anchor.quote), How.EXACT)
    others = [section for section in every if section is not home]
    # 1. The quote, in its own section: where its surroundings confirm it, or long and said once.
    if home is not None:
        found = _best_exact(home, anchor)
        if found is not None and _trusted(anchor, found):
            return Found(home.id, found[0], found[0] + len(anchor.quote), How.EXACT)
    # 2. The quote, elsewhere: the same rule.
    candidates = [(section, found) for section in others if (found := _best_exact(section, anchor)) is not None]
    confirmed = [(score, section.id, at) for section, (at, score, _) in candidates if score >= CONFIRMED]
    if confirmed:
        _, section_id, at = max(confirmed)
        return Found(section_id, at, at + len(anchor.quote), How.MOVED)
    if len(candidates) == 1 and len(anchor.quote) >= UNIQUE_LENGTH:
        section, _ = candidates[0]
        if len(_occurrences(section.text, anchor.quote)) == 1:
            at = section.text.find(anchor.quote)
            return Found(section.id, at, at + len(anchor.quote), How.MOVED)
    # 3. An edited quote: between its old surroundings, else the most alike sentence (home first).
    if len(anchor.quote) > FUZZY_LENGTH:
        return None
    for search in ([home] if home else []) + others:
        between = _between_context(search, anchor)
        if between is not None:
            return Found(search.id, between[0], between[1], How.FUZZY)
    alike = [(sentence, section.id) for section in every if (sentence := _best_sentence(section, anchor))]
    if alike:
        # The most alike; between equals, the note's own section.
        (start, end, _), section_id = max(alike, key=lambda item: (item[0][2], item[1] == anchor.section))
        return Found(section_id, start, end, How.FUZZY)
    return None
