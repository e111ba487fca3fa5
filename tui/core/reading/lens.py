"""The evidence lens: what each sentence rests on, its estimative words and its tradecraft warnings."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from enum import Enum

from tui.core.brief.model import BlockKind, Brief, Claim, ClaimStatus, Container, Section, Sentence
from tui.core.tradecraft import words
from tui.core.tradecraft.evidence import ESTABLISHED, footing_of, rests_on
from tui.core.tradecraft.evidence import weakest as weakest_status
from tui.core.tradecraft.findings import CODES, Finding
from tui.core.tradecraft.prose import READ
from tui.core.tradecraft.words import estimative_spans


class Footing(Enum):
    """What a sentence rests on: the weakest status it cites, the author's own analysis, or nothing to say."""

    CONFIRMED = "confirmed"
    REPORTED = "reported"
    ASSESSED = "assessed"
    CLAIMED = "claimed"
    DISPUTED = "disputed"
    UNVERIFIED = "unverified"
    DENIED = "denied"
    FALSE = "false"
    UNKNOWN = "no status"  # cites claims, none with a status (or none defined)
    ANALYSIS = "analysis"  # cites nothing: the author's own words
    NONE = ""  # a heading, code, a table or a quotation citing nothing: not the author's judgement

    @property
    def status(self) -> ClaimStatus | None:
        return _STATUS_OF.get(self)


_STATUS_OF = {footing: status for status in ClaimStatus for footing in Footing if footing.value == status.value}
_OF_STATUS = {status: footing for footing, status in _STATUS_OF.items()}

# One cell each, told apart without colour (NO_COLOR); the legend names each.
MARKS = {
    Footing.CONFIRMED: "✓",
    Footing.REPORTED: "R",
    Footing.ASSESSED: "A",
    Footing.CLAIMED: "C",
    Footing.DISPUTED: "~",
    Footing.UNVERIFIED: "?",
    Footing.DENIED: "D",
    Footing.FALSE: "✗",
    Footing.UNKNOWN: "·",
    Footing.ANALYSIS: "∴",
    Footing.NONE: " ",
}
WARNING_MARK = "!"
LENS_GUTTER = 2  # cells the lens adds left of a line: its footing's mark, then the warning mark

# From firmest to weakest, for the mark of a line that holds several sentences: the weakest shows, so a
# line is never marked firmer than any of its sentences. The author's analysis is a judgement, placed
# beside an assessment (someone else's); a claim without a status counts for nothing.
ORDER = (
    Footing.NONE,
    Footing.CONFIRMED,
    Footing.REPORTED,
    Footing.ANALYSIS,
    *(_OF_STATUS[status] for status in ESTABLISHED[2:]),
    Footing.UNKNOWN,
)
_RANK = {footing: rank for rank, footing in enumerate(ORDER)}


def weakest(footings: Sequence[Footing]) -> Footing:
    """The weakest of these footings (NONE if there is none)."""
    return max(footings, key=_RANK.__getitem__, default=Footing.NONE)


_PROSE = frozenset({BlockKind.PARAGRAPH, BlockKind.ITEM})


def footing(brief: Brief, section: Section, sentence: Sentence) -> Footing:
    """What `sentence` of `section` rests on."""
    if sentence.claim_ids:
        status = rests_on(brief, sentence)
        return Footing.UNKNOWN if status is None else _OF_STATUS[status]
    block = section.blocks[sentence.block] if 0 <= sentence.block < len(section.blocks) else None
    if block is not None and block.kind in _PROSE and Container.QUOTE not in block.containers:
        return Footing.ANALYSIS
    return Footing.NONE


@dataclass(frozen=True, slots=True)
class Warning:
    """A finding as the lens shows it on a sentence: its code, its rule's name and its message; `claim_id`
    for a finding about a claim the sentence cites (None: about the sentence itself)."""

    code: str
    message: str
    claim_id: str | None = None

    @property
    def rule(self) -> str:
        return CODES.get(self.code, "").split(":", 1)[0]


@dataclass(frozen=True, slots=True)
class Warned:
    """A sentence a rule warns about, as the walk from warning to warning finds it: where it is, its place
    among the warned sentences (from 0) of `of`, and the codes of its warnings."""

    section_id: str
    sentence: int
    number: int
    of: int
    codes: tuple[str, ...]
    wrapped: bool = False  # gone round, from the last warning to the first (or back)

    @property
    def said(self) -> str:
        """The notice: "Warning 2/7: T101 unhedged", "(from the top)" after going round."""
        named = ", ".join(f"{code} {CODES.get(code, '').split(':', 1)[0]}".rstrip() for code in self.codes)
        round_ = (" (from the top)" if self.number == 0 else " (from the end)") if self.wrapped else ""
        return f"Warning {self.number + 1}/{self.of}{round_}: {named}"


class Lens:
    """The lens over one brief; each sentence's footing and words found when first asked (a 5 MB brief has
    27,000 sentences, the reader draws a screenful), its warnings once `findings` are given."""

    def __init__(self, brief: Brief, findings: Sequence[Finding] | None = None) -> None:
        self.brief = brief
        self.reviewed = False  # warnings not known yet (the review is under way); see `_index`
        self._by_sentence: dict[tuple[str, int], list[Finding]] = {}
        self._by_claim: dict[str, list[Finding]] = {}
        # The warned sentences in reading order (the bottom line up front first), for `walk`.
        order: dict[str, int] = {}
        for number, section in enumerate(brief.all_sections):
            order.setdefault(section.id, number)
        self._order = order
        self._walked: list[tuple[int, int]] = []
        self._walked_ids: dict[tuple[int, int], str] = {}
        # By section id and the sentence's place in its text: a section's first part and the whole agree there.
        self._footings: dict[tuple[str, int, int], Footing] = {}
        self._spans: dict[tuple[str, int, int], list[tuple[int, int]]] = {}
        self._weighed: dict[tuple[str, int, int], tuple[list[Claim], list[Claim]]] = {}
        self.statuses = frozenset(
            _OF_STATUS[claim.status] for claim in brief.claims if claim.status is not None
        )  # those the brief uses, for the legend
        if findings is not None:
            for _ in self._index(findings):
                pass

    @classmethod
    def steps(cls, brief: Brief, findings: Sequence[Finding], known: Lens | None = None) -> Generator[None, None, Lens]:
        """The lens with these findings, made a step at a time (0.44 s in one go for 190,000 findings);
        what `known` (the lens shown during the review) found of each sentence kept, not found again."""
        lens = cls(brief)
        if known is not None and known.brief is brief:  # footings and words do not depend on the findings
            lens._footings, lens._spans, lens._weighed = known._footings, known._spans, known._weighed
        yield from lens._index(findings)
        return lens

    def _index(self, findings: Sequence[Finding]) -> Generator[None, None, None]:
        """File the findings by sentence and by claim, yielding between steps; then the lens is reviewed."""
        for number, finding in enumerate(findings):
            if finding.claim_id is not None:
                self._by_claim.setdefault(finding.claim_id, []).append(finding)
            elif finding.section_id is not None:
                self._by_sentence.setdefault((finding.section_id, finding.sentence), []).append(finding)
            if number % INDEX_STEP == INDEX_STEP - 1:
                yield
        order, last = self._order, len(self._order)
        for number, (section_id, index) in enumerate(self._by_sentence):
            self._walked_ids[(order.get(section_id, last), index)] = section_id
            if number % INDEX_STEP == INDEX_STEP - 1:
                yield
        self._walked = sorted(self._walked_ids)
        self.reviewed = True

    def footing(self, section: Section, sentence: Sentence) -> Footing:
        key = (section.id, sentence.start, sentence.end)
        found = self._footings.get(key)
        if found is None:
            if sentence.claim_ids:  # as `rests_on` finds it, from the claims weighed once for `said` too
                status = weakest_status(claim.status for claim in self._footing_of(section, sentence)[0])
                found = Footing.UNKNOWN if status is None else _OF_STATUS[status]
            else:
                found = footing(self.brief, section, sentence)
            self._footings[key] = found
        return found

    def _footing_of(self, section: Section, sentence: Sentence) -> tuple[list[Claim], list[Claim]]:
        # Once a sentence: it weighs each cited claim against the others (3 s for 10,000 claims cited),
        # and `said` is asked each time the cursor comes to the sentence.
        key = (section.id, sentence.start, sentence.end)
        found = self._weighed.get(key)
        if found is None:
            found = self._weighed[key] = footing_of(self.brief, sentence)
        return found

    def estimative(self, section: Section, sentence: Sentence) -> list[tuple[int, int]]:
        """Where the sentence's estimative words stand, as offsets into the section's text."""
        key = (section.id, sentence.start, sentence.end)
        found = self._spans.get(key)
        if found is None:
            text = section.sentence_text(sentence)
            found = self._spans[key] = [(sentence.start + a, sentence.start + b) for a, b in estimative_spans(text)]
        return found

    def warnings(self, section: Section, sentence: Sentence, most: int | None = None) -> list[Warning]:
        """The warnings about the sentence, then those about the claims it cites (each claim once); the first
        `most` of them (a sentence citing 10,000 claims has 15,000, the panel shows four)."""
        found = list(self._by_sentence.get((section.id, sentence.index), ()))
        for claim_id in dict.fromkeys(sentence.claim_ids):
            if most is not None and len(found) >= most:
                break
            found += self._by_claim.get(claim_id, ())
        return [Warning(finding.code, finding.said_here, finding.claim_id) for finding in found[:most]]

    def warning_count(self, section: Section, sentence: Sentence) -> int:
        """How many `warnings` the sentence has, without making them."""
        count = len(self._by_sentence.get((section.id, sentence.index), ()))
        return count + sum(len(self._by_claim.get(claim_id, ())) for claim_id in dict.fromkeys(sentence.claim_ids))

    def claim_warnings(self, claim_id: str, most: int | None = None) -> list[Warning]:
        """The warnings about a claim itself (its grade, its date, a proof verb, a twin, a cycle), the first `most`."""
        found = self._by_claim.get(claim_id, [])[:most]
        return [Warning(finding.code, finding.said_here, claim_id) for finding in found]

    @property
    def claim_warning_count(self) -> int:
        """How many warnings are about claims themselves: shown in a claim's detail, not walked by `!`."""
        return sum(map(len, self._by_claim.values()))

    @property
    def warned_count(self) -> int:
        """How many sentences a rule warns about (each marked `!`)."""
        return len(self._walked)

    def walk(self, section_id: str | None, sentence: int, step: int) -> Warned | None:
        """The warned sentence after (`step` 1) or before (-1) this place in reading order, round the brief
        from the last to the first; None if no sentence is warned. `section_id` None: from the start."""
        walked = self._walked
        if not walked:
            return None
        here = (self._order.get(section_id, -1) if section_id is not None else -1, sentence)
        at = bisect_right(walked, here) if step > 0 else bisect_left(walked, here) - 1
        wrapped = not 0 <= at < len(walked) and section_id is not None
        at %= len(walked)
        section_id = self._walked_ids[walked[at]]
        index = walked[at][1]
        codes = tuple(dict.fromkeys(finding.code for finding in self._by_sentence[(section_id, index)]))
        return Warned(section_id, index, at, len(walked), codes, wrapped)

    def warned(self, section: Section, sentence: Sentence) -> bool:
        """Whether a rule warns about the sentence itself (what it says, how it says it). A claim's warnings
        (a date missing, a grade) are the claim's: listed under the text for each sentence citing it, but
        not marked on them, or an undated claim cited twenty times marked twenty sentences."""
        return (section.id, sentence.index) in self._by_sentence

    def line(self, section: Section, sentences: Sequence[Sentence]) -> tuple[Footing, bool]:
        """What the lens marks left of a line holding (parts of) these sentences: the weakest footing among
        them (its mark in `MARKS`), and whether one of them is warned (`WARNING_MARK`)."""
        shown = weakest([self.footing(section, sentence) for sentence in sentences])
        return shown, any(self.warned(section, sentence) for sentence in sentences)

    def marks(self, section: Section, sentences: Sequence[Sentence]) -> str:
        """`line` as the two cells of the gutter show it."""
        shown, warned = self.line(section, sentences)
        return MARKS[shown] + (WARNING_MARK if warned else " ")

    def legend(self) -> list[Footing]:
        """The footings the legend names: the statuses this brief uses, firmest first, then analysis."""
        return [footing for footing in ORDER if footing in self.statuses] + [Footing.ANALYSIS]

    def said(self, section: Section, sentence: Sentence) -> str:
        """What the sentence rests on, in words, for the line under the text: the likelihood it judges first
        where it judges one (an ICD 203 word), the claims it weighs last."""
        found = self.footing(section, sentence)
        text = section.sentence_text(sentence)[:READ]
        # Whose judgement it is, a sentence that also says who reported what does not tell: it is named for
        # its word alone.
        likelihood = words.found(words.LIKELIHOOD, text)
        judgement = f'judged "{likelihood[0]}", ' if likelihood else ""
        if found is Footing.ANALYSIS:
            return (judgement or "the author's analysis: ") + "cites no claim"
        if found is Footing.NONE:
            return "cites no claim"
        rested, weighed = self._footing_of(section, sentence)
        weakest_of = f" (the weakest of {len(rested)} claims)" if len(rested) > 1 else ""
        against = ""
        if weighed:
            shown = ", ".join(f"{claim.id} ({_status(claim)})" for claim in weighed[:3])
            more = f" and {len(weighed) - 3} more" if len(weighed) > 3 else ""
            against = f"; weighed against them: {shown}{more}"
        if found is Footing.UNKNOWN:
            return f"{judgement}rests on claims without a status, or not defined{weakest_of}{against}"
        return f"{judgement}rests on {found.value}{weakest_of}{against}"


def _status(claim: Claim) -> str:
    return claim.status.value if claim.status else "no status"


INDEX_STEP = 5_000  # findings filed by the lens between two yields
