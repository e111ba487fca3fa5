"""A few words of a note around what a search matched, the matching words marked: pieces of plain text.

Marked here, not by FTS5's `snippet()`, so a scan without FTS5 marks the same way,
and no marker character can be forged by a note's own text. Words are compared as
FTS5's unicode61 tokenizer with `remove_diacritics` compares them: letter case and
accents aside. Every piece is pictured on one line (`flat`): no control
character or escape sequence of a note reaches the terminal, and no piece is markup.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tui.core.notes.annotation import Annotation
from tui.core.outside.visible import pictured

MAX_SCANNED = 50_000  # characters of a field looked through for a match: a 1 MB note shows its start
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Snippet:
    """Text to show for a match: pieces in order, each marked (matched) or not; and the field they are from."""

    pieces: tuple[tuple[str, bool], ...]
    field: str  # where the words matched: "note" or "quote" (marked), "tags" (the note's start shown)

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.pieces)

    @property
    def marked(self) -> tuple[str, ...]:
        return tuple(text for text, marked in self.pieces if marked)


def flat(text: str) -> str:
    """Text on one line: controls pictured (one symbol each), every run of white space one space."""
    return " ".join(pictured(text).split())


def fold(word: str) -> str:
    """A word as search compares it: case folded, accents dropped."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def tag_key(tag: str) -> str:
    """A tag as the tag filter compares it: pictured on one line (as the tag list shows it, so a tag
    holding a control character or a tab is found by what is shown), case and accents aside."""
    return fold(flat(tag))


def snippet_of(note: Annotation, terms: tuple[str, ...], width: int = 160) -> Snippet:
    """Up to `width` characters of the field of `note` where `terms` first match (the note, then its quote),
    around the first match; the note's start (or its quote's) when they match only its tags, or nothing."""
    prefixes, exact = _folded_terms(terms)
    for name, text in (("note", note.note), ("quote", note.anchor.quote)):
        shown = flat(text[:MAX_SCANNED])
        spans = _matches(shown, prefixes, exact)
        if spans:
            return Snippet(_pieces(shown, spans, width), name)
    # Matched by a tag, or not at all here: the note's start (its quote's), not its tags again (a row
    # shows them already: a trial saw "#figures #kursk" twice and no note).
    tagged = _matches(" ".join(note.tags)[:MAX_SCANNED], prefixes, exact)
    text = note.note if note.note.strip() else note.anchor.quote
    return Snippet(_pieces(flat(text[:MAX_SCANNED]), [], width), "tags" if tagged else "note")


def _folded_terms(terms: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str]]:
    """The words that match as prefixes (a term of one word), and those that match whole (a phrase's)."""
    prefixes: list[str] = []
    exact: set[str] = set()
    for term in terms:
        words = [fold(word) for word in _WORD.findall(term)]
        if len(words) == 1 and " " not in term.strip():
            prefixes.append(words[0])
        else:
            exact.update(words)
    return tuple(prefixes), frozenset(exact)


def _matches(text: str, prefixes: tuple[str, ...], exact: frozenset[str]) -> list[tuple[int, int]]:
    if not prefixes and not exact:
        return []
    spans = []
    for match in _WORD.finditer(text):
        folded = fold(match.group())
        if folded in exact or folded.startswith(prefixes):
            spans.append(match.span())
    return spans


def _pieces(text: str, spans: list[tuple[int, int]], width: int) -> tuple[tuple[str, bool], ...]:
    """The window of `text` around the first span, cut at word ends, with "…" where text was left out."""
    if len(text) <= width:
        start, end = 0, len(text)
    else:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - width // 4, len(text) - width))
        if start > 0 and (space := text.find(" ", start, first)) != -1:
            start = space + 1
        end = min(len(text), start + width)
        if end < len(text) and (space := text.rfind(" ", max(start, spans[0][1] if spans else start), end)) > start:
            end = space
    pieces: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    at = start
    for begin, finish in spans:
        if finish <= start or begin >= end:
            continue
        left, right = max(begin, start), min(finish, end)
        if left > at:
            pieces.append((text[at:left], False))
        pieces.append((text[left:right], True))
        at = right
    if at < end:
        pieces.append((text[at:end], False))
    if end < len(text):
        pieces.append(("…", False))
    return tuple(pieces)
