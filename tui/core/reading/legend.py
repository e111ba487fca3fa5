"""The evidence lens's legend in words: each mark named, in the tightest form a line's width needs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from tui.core.reading.lens import MARKS, WARNING_MARK, Footing

# Shorter words for the tightest forms (80 columns with every status a brief uses): a word is shortened,
# the longest first, only while the line does not hold them all.
SHORTER = {
    "confirmed": "conf.",
    "unverified": "unver.",
    "disputed": "disp.",
    "estimative": "estim.",
    "warning": "warn",
}


@dataclass(frozen=True, slots=True)
class Entry:
    """A mark and its word, as the legend writes it: `footing` None for the warning mark and for the
    estimative underline (which has no mark: its word is drawn underlined)."""

    footing: Footing | None
    mark: str
    word: str
    spaced: bool = True  # "✓ confirmed"; False: "✓confirmed", or "Reported" for a mark that is its initial

    @property
    def initial(self) -> bool:
        """Whether the mark is the word's initial, written once as its first letter (when not spaced)."""
        return not self.spaced and bool(self.mark) and self.word[:1].upper() == self.mark

    @property
    def text(self) -> str:
        if self.initial:
            return self.mark + self.word[1:]
        return f"{self.mark}{' ' if self.spaced and self.mark else ''}{self.word}"


def width(entries: Sequence[Entry]) -> int:
    """The cells the entries take on a line, a space between two."""
    return sum(len(entry.text) for entry in entries) + max(0, len(entries) - 1)


def forms(footings: Sequence[Footing]) -> list[list[Entry]]:
    """The legend's forms from the widest to the tightest: each mark with its word and a space, then mark
    and word joined (a mark that is its word's initial written once), then the longest words shortened one
    by one, then the words of the marks that are their initials left out one by one (the mark alone)."""
    spaced = [
        Entry(footing, MARKS[footing], "analysis" if footing is Footing.ANALYSIS else footing.value)
        for footing in footings
    ]
    spaced += [Entry(None, WARNING_MARK, "warning"), Entry(None, "", "estimative")]
    joined = [replace(entry, spaced=False) for entry in spaced]
    found = [spaced, joined]
    shorter = joined
    for word in sorted(SHORTER, key=lambda w: (-len(w), w)):
        if any(entry.word == word for entry in shorter):
            shorter = [replace(entry, word=SHORTER[word]) if entry.word == word else entry for entry in shorter]
            found.append(shorter)
    # Then the marks that are their words' initials alone, the longest word first ("R" for "Reported").
    for word in sorted({entry.word for entry in shorter if entry.initial}, key=lambda w: (-len(w), w)):
        shorter = [replace(entry, word=entry.mark) if entry.word == word else entry for entry in shorter]
        found.append(shorter)
    return found


def fitting(footings: Sequence[Footing], room: int) -> list[Entry]:
    """The widest form that holds in `room` cells (the tightest if none does; 0: the widest)."""
    every = forms(footings)
    if room <= 0:
        return every[0]
    return next((form for form in every if width(form) <= room), every[-1])
