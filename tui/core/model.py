"""The immutable brief model: Brief, Section, Block, Sentence, Span, Claim, Reference."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class SpanStyle(Enum):
    """Inline markdown kept as a style over part of a block's text."""

    EMPHASIS = "emphasis"
    STRONG = "strong"
    CODE = "code"
    STRIKE = "strike"
    LINK = "link"


@dataclass(frozen=True, slots=True)
class Span:
    """A style over `text[start:end]` of a block; links carry their target."""

    start: int
    end: int
    style: SpanStyle
    href: str | None = None


class BlockKind(Enum):
    """What a block is, for rendering."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    ITEM = "item"
    CODE = "code"
    TABLE = "table"
    RULE = "rule"
    HTML = "html"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A reading unit: `section.text[start:end]`, with the claims it cites."""

    index: int
    start: int
    end: int
    claim_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Block:
    """One leaf block of a section, its text placed at `start` in the section's text.

    Nesting is flattened: `depth` counts enclosing list items, `quote` enclosing
    block quotes; `marker` is set on the first block of a list item ("-", "3.").
    Spans and cells are relative to the block's own text.
    """

    kind: BlockKind
    text: str
    start: int
    line: int
    spans: tuple[Span, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    level: int = 0
    depth: int = 0
    quote: int = 0
    marker: str = ""
    info: str = ""
    cells: tuple[tuple[tuple[int, int], ...], ...] = ()
    header_rows: int = 0

    @property
    def end(self) -> int:
        """Where the block's text ends in the section's text."""
        return self.start + len(self.text)


@dataclass(frozen=True, slots=True)
class Reference:
    """A citation `[^claim]` in the prose: where it stands and which sentence it ends."""

    claim_id: str
    section_id: str
    sentence: int
    offset: int
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Section:
    """A level-2 section (or the summary): id, title, blocks and its plain text."""

    id: str
    title: str
    line: int
    text: str
    blocks: tuple[Block, ...]
    references: tuple[Reference, ...] = ()

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """Every sentence of the section, in reading order."""
        return tuple(s for block in self.blocks for s in block.sentences)

    def sentence_text(self, sentence: Sentence) -> str:
        """The text of one of this section's sentences."""
        return self.text[sentence.start : sentence.end]


class ClaimStatus(Enum):
    """The fixed vocabulary of a claim's verification status."""

    CONFIRMED = "confirmed"
    REPORTED = "reported"
    CLAIMED = "claimed"
    ASSESSED = "assessed"
    DISPUTED = "disputed"
    DENIED = "denied"
    UNVERIFIED = "unverified"
    FALSE = "false"


@dataclass(frozen=True, slots=True)
class Grade:
    """An Admiralty grade: source reliability A-F and information credibility 1-6."""

    reliability: str
    credibility: int

    def __str__(self) -> str:
        return f"{self.reliability}{self.credibility}"


@dataclass(frozen=True, slots=True)
class Claim:
    """Who asserted what, reported by whom, with a status, a grade and relations."""

    id: str
    statement: str
    line: int
    claimant: str = ""
    reported_by: str = ""
    status: ClaimStatus | None = None
    date: str | None = None
    grade: Grade | None = None
    contradicts: tuple[str, ...] = ()
    supports: tuple[str, ...] = ()
    statement_spans: tuple[Span, ...] = ()
    references: tuple[Reference, ...] = ()


@dataclass(frozen=True, slots=True)
class Brief:
    """A parsed brief; a plain markdown file has `is_brief` False, no id and no claims."""

    path: str
    title: str
    is_brief: bool
    id: str | None = None
    date: str | None = None
    authors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    focus: tuple[str, ...] = ()
    summary: Section | None = None
    sections: tuple[Section, ...] = ()
    claims: tuple[Claim, ...] = ()

    def section(self, section_id: str) -> Section | None:
        """The section (or summary) with this id, if any."""
        return next((s for s in self.all_sections if s.id == section_id), None)

    @property
    def all_sections(self) -> tuple[Section, ...]:
        """The summary (if any) followed by the sections."""
        return ((self.summary,) if self.summary else ()) + self.sections

    def claim(self, claim_id: str) -> Claim | None:
        """The claim with this id, if any."""
        return next((c for c in self.claims if c.id == claim_id), None)

    @property
    def focus_sections(self) -> tuple[Section, ...]:
        """The sections shown side by side: those named in `focus`, else the first three."""
        named = tuple(s for s in map(self.section, self.focus) if s is not None)
        return named or self.sections[:3]
