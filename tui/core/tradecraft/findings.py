"""What a tradecraft rule finds: a code, a message, and the sentence or claim it is about."""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.brief.model import ClaimStatus

# Each rule's code and name, as `briefing check` prints them and the guide lists them.
CODES = {
    "T101": "unhedged: a sentence states as fact what its claims do not establish",
    "T102": "proof verb: a claim that is not established says that evidence shows or proves it",
    "T201": "off scale: estimative language outside the ICD 203 likelihood scale",
    "T202": "mixed: a likelihood and a confidence level in one sentence",
    "T301": "grade: a claim's status and grade disagree",
    "T401": "undated: a claim without a date in a brief that dates others",
    "T501": "twin: a relation between two claims of the same claimant and statement",
    "T502": "cycle: claims that support each other in a circle",
}

# Statuses that do not establish what a claim says: someone's assertion, judgement, or worse. A
# sentence resting only on these must say whose it is or hedge it. (`reported`, a named source's
# account, and `confirmed` stand on their own.)
NOT_ESTABLISHED = frozenset(
    {
        ClaimStatus.ASSESSED,
        ClaimStatus.CLAIMED,
        ClaimStatus.DISPUTED,
        ClaimStatus.DENIED,
        ClaimStatus.UNVERIFIED,
        ClaimStatus.FALSE,
    }
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's warning: about a sentence (`section_id`, `sentence`) or a claim (`claim_id`).

    `line` and `column` are where in the file it points (1-based); `claim_ids` are the claims it names.
    """

    code: str
    message: str
    line: int
    column: int
    section_id: str | None = None
    sentence: int = -1
    claim_id: str | None = None
    claim_ids: tuple[str, ...] = ()
    detail: str = ""  # the message without the sentence it quotes: the reader shows it under that sentence

    @property
    def said_here(self) -> str:
        """The message as said beside its sentence: without quoting it again."""
        return self.detail or self.message
