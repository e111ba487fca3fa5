"""Claims' numbers, as the claim list, the citation markers and the reader's moves all count them."""

from __future__ import annotations

from collections.abc import Iterable


def claim_numbers(claim_ids: Iterable[str]) -> dict[str, int]:
    """Each claim's number: its place among the definitions (1-based), as the claim list shows it.

    Where an id is defined twice, the first definition's number: that is the claim the
    brief means by the id (`Brief.claim`), and the one the markers must send the reader to.
    """
    numbers: dict[str, int] = {}
    for number, claim_id in enumerate(claim_ids, 1):
        numbers.setdefault(claim_id, number)
    return numbers
