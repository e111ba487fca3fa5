"""The sentence under the cursor as a quotation to paste elsewhere: its words, where it is from, what it cites."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

QUOTED = 4_000  # characters of a sentence copied: a pathological one can be megabytes


def quotation(sentence: str, brief: str, section: str, claims: Sequence[str], numbers: Mapping[str, int]) -> str:
    """`“sentence” (brief, section; claims 1 austin-evidence, 16 nis-brigades)`, on one line."""
    words = " ".join(sentence[: QUOTED + 1].split())
    if len(words) > QUOTED:
        words = words[: QUOTED - 1] + "…"
    where = f"{' '.join(brief.split())}, {' '.join(section.split())}"
    cited = [f"{numbers[claim]} {claim}" if claim in numbers else claim for claim in dict.fromkeys(claims)]
    if cited:
        where += f"; {'claim' if len(cited) == 1 else 'claims'} {', '.join(cited)}"
    return f"“{words}” ({where})"
