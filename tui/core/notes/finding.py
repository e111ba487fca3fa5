"""Which notes a typed filter lets through: its text, quote or a tag holds what was typed, case aside;
a word typed as `#tag` asks for that tag exactly (case aside)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tui.core.notes.access import Placed
from tui.core.notes.annotation import Annotation

# How often a scan asks whether to stop: often enough that a stale scan (another key typed) ends
# within a few milliseconds, rarely enough that asking costs nothing beside the matching.
ASK_EVERY = 256


@dataclass(frozen=True, slots=True)
class Matches:
    """The places (in the list scanned) of the first matches, at most the limit, and how many match in all."""

    first: list[int]
    total: int


def folded(typed: str) -> str:
    """What a filter looks for: `typed` folded for a caseless match, spaces around it dropped."""
    return typed.strip().casefold()


@dataclass(frozen=True, slots=True)
class Wanted:
    """A filter as typed, taken apart: the tags asked for exactly (`#tag` words) and the rest of the text."""

    tags: frozenset[str]
    text: str


def wanted(typed: str) -> Wanted:
    """The `#tag` words of a filter (each folded, its `#` dropped) and the other words, as one text.

    A lone `#` is text: it may be in a note.
    """
    tags: set[str] = set()
    words: list[str] = []
    for word in folded(typed).split():
        if word.startswith("#") and len(word) > 1:
            tags.add(word[1:])
        else:
            words.append(word)
    return Wanted(frozenset(tags), " ".join(words))


def lets_through(note: Annotation, needle: str | Wanted) -> bool:
    """Whether the note has every tag asked for and its text, quote or one of its tags holds the rest
    (`needle`: already `folded`, or `wanted`)."""
    if isinstance(needle, Wanted):
        if needle.tags and not needle.tags <= {tag.casefold() for tag in note.tags}:
            return False
        needle = needle.text
        if not needle:
            return True
    return (
        needle in note.note.casefold()
        or needle in note.anchor.quote.casefold()
        or any(needle in tag.casefold() for tag in note.tags)
    )


def first_matches(
    placed: Sequence[Placed], typed: str, limit: int, stopped: Callable[[], bool] = lambda: False
) -> Matches | None:
    """The notes of `placed` that `typed` lets through, in the order given: the first `limit` and the count.

    Every note is looked at (the count is of all of them), unless nothing was typed; None if
    `stopped()` turned true on the way.
    """
    needle = wanted(typed)
    if not needle.tags and not needle.text:  # no filter: the first ones, without looking at any
        return Matches(list(range(min(limit, len(placed)))), len(placed))
    first: list[int] = []
    total = 0
    for place, item in enumerate(placed):
        if place % ASK_EVERY == 0 and stopped():
            return None
        if lets_through(item.annotation, needle):
            total += 1
            if len(first) < limit:
                first.append(place)
    return Matches(first, total)
