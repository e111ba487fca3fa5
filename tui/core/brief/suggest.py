"""'Did you mean' for a word that is not in a vocabulary (a key, a status, a claim or section id), at a bounded cost."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable

# How alike a word and a suggestion must be (difflib's ratio): 'tittle' and 'title' are 0.91,
# 'c12' and 'c1' 0.8; 'colour' and 'focus' (0.36) are not offered.
CUTOFF = 0.75
# A vocabulary up to this size is compared whole with difflib (about 2 µs a word, so at most
# 1 ms a lookup). A larger one (a brief of 100,000 claims: 0.2 s a lookup) is looked up by
# the words one edit away instead, whose number depends on the word, not on the vocabulary.
WHOLE = 500
LONGEST = 64  # a longer word (an id of a thousand characters) gets no suggestion
ALPHABET = 100  # at most this many characters are tried for an inserted or replaced one
LOOKUPS = 50  # suggestions one Suggester makes; the unknown words past these get none


def one_edit(word: str, alphabet: str) -> set[str]:
    """Every word one deletion, transposition, replacement or insertion (of `alphabet`) from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {left + right[1:] for left, right in splits if right}
    found |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    found |= {left + ch + right[1:] for left, right in splits if right for ch in alphabet}
    found |= {left + ch + right for left, right in splits for ch in alphabet}
    return found


class Suggester:
    """The closest word of a vocabulary to each unknown word asked about, for the first LOOKUPS asked.

    Built once per vocabulary and check; nothing is computed until a word is asked about.
    """

    def __init__(self, vocabulary: Collection[str], *, cutoff: float = CUTOFF) -> None:
        self.words = vocabulary
        self.cutoff = cutoff
        self.lookups = 0
        self._known: set[str] | None = None
        self._alphabet = ""

    def closest(self, word: str) -> str | None:
        """The vocabulary's word most like `word`, or None (none is alike, or the lookups are used up)."""
        if not word or len(word) > LONGEST or self.lookups >= LOOKUPS or not self.words:
            return None
        self.lookups += 1
        candidates: Collection[str] = self.words
        if len(self.words) > WHOLE:
            if self._known is None:
                self._known = set(self.words)
                letters = sorted(set("".join(self.words)))
                self._alphabet = "".join(letters) if len(letters) <= ALPHABET else "".join(sorted(set(word)))
            candidates = sorted(self._known & one_edit(word, self._alphabet))
        found = difflib.get_close_matches(word, candidates, n=1, cutoff=self.cutoff)
        return found[0] if found else None

    def hint(self, word: str) -> str:
        """What to add to a message about `word`: " (did you mean 'x'?)", or "" when nothing is like it."""
        found = self.closest(word)
        return f" (did you mean {found!r}?)" if found is not None and found != word else ""


def did_you_mean(word: str, vocabulary: Collection[str]) -> str:
    """The hint for one word of a small vocabulary (a key, a status): " (did you mean 'x'?)", or ""."""
    return Suggester(vocabulary).hint(word)


def listed(words: Iterable[str], most: int = 10, width: int = 40) -> str:
    """The first `most` words, quoted and joined, and how many more there are: "'a', 'b' and 3 more".

    A word longer than `width` (a section id made of a long heading) is cut there, with '…'.
    """
    shown: list[str] = []
    more = 0
    for word in words:
        if len(shown) < most:
            shown.append(repr(word if len(word) <= width else word[: width - 1] + "…"))
        else:
            more += 1
    return ", ".join(shown) + (f" and {more} more" if more else "")
