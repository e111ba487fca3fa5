"""The immutable brief model: Brief, Section, Block, Sentence, Span, Claim, Reference."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from itertools import chain
from operator import attrgetter
from types import MappingProxyType


class SpanStyle(Enum):
    """Inline markdown kept as a style over part of a block's text."""

    EMPHASIS = "emphasis"
    STRONG = "strong"
    CODE = "code"
    STRIKE = "strike"
    LINK = "link"
    IMAGE = "image"


@dataclass(frozen=True, slots=True)
class Span:
    """A style over `text[start:end]` of a block; links and images carry their target."""

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


class Container(Enum):
    """What encloses a block: a list item or a block quote."""

    ITEM = "item"
    QUOTE = "quote"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A reading unit: `section.text[start:end]`, in `section.blocks[block]`, with the claims it cites."""

    index: int
    start: int
    end: int
    block: int
    claim_ids: tuple[str, ...] = ()
    ignores: tuple[str, ...] = ()  # tradecraft rules silenced here (`<!-- briefing: ignore T101 -->`)


@dataclass(frozen=True, slots=True)
class Block:
    """One leaf block of a section, its text placed at `start` in the section's text.

    Nesting is flattened: `containers` lists what encloses the block, outermost
    first (`- > x` is an item then a quote); `marker` is set on the first block of a
    list item ("-", "3."). Spans and cells are relative to the block's own text.
    """

    kind: BlockKind
    text: str
    start: int
    line: int
    spans: tuple[Span, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    level: int = 0
    containers: tuple[Container, ...] = ()
    marker: str = ""
    info: str = ""
    cells: tuple[tuple[tuple[int, int], ...], ...] = ()
    header_rows: int = 0
    align: tuple[str, ...] = ()  # a table's columns: "left", "right", "center" or "" (as written)

    @property
    def end(self) -> int:
        """Where the block's text ends in the section's text."""
        return self.start + len(self.text)

    @property
    def depth(self) -> int:
        """How many list items enclose the block."""
        return self.containers.count(Container.ITEM)

    @property
    def quote(self) -> int:
        """How many block quotes enclose the block."""
        return self.containers.count(Container.QUOTE)


@dataclass(frozen=True, slots=True)
class Reference:
    """A citation `[^claim]` in the prose: where it stands and which sentence it belongs to.

    `sentence` indexes `Section.sentences`; it is -1 only in a section without any.
    """

    claim_id: str
    section_id: str
    sentence: int
    offset: int
    line: int
    column: int


_SENTENCES = attrgetter("sentences")


@dataclass(frozen=True, slots=True)
class Section:
    """A level-2 section (or the summary): id, title, blocks and its plain text."""

    id: str
    title: str
    line: int
    text: str
    blocks: tuple[Block, ...]
    references: tuple[Reference, ...] = ()
    hidden: tuple[int, ...] = ()  # lines of the file whose text the parser left out (nested too deep)
    html: tuple[int, ...] = ()  # lines where an HTML block starts: shown as its source, not rendered
    cut_cells: tuple[int, ...] = ()  # table rows with more cells than their header (markdown drops the rest)
    # Only the first part of a long section, shown while the rest parses: its text and sentences
    # are a prefix of the whole section's, or close to one where the section could not be cut
    # exactly (see `BriefLoader.exact_preview`). Never given to notes, search or claims.
    partial: bool = False
    sentences: tuple[Sentence, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Every sentence of the section in reading order; `Sentence.index` indexes it. (Chained: a
        # generator over the ten million lines of a 20 MB fence took a second, in one step.)
        blocks = self.blocks
        sentences = blocks[0].sentences if len(blocks) == 1 else tuple(chain.from_iterable(map(_SENTENCES, blocks)))
        object.__setattr__(self, "sentences", sentences)

    def sentence_text(self, sentence: Sentence) -> str:
        """The text of one of this section's sentences."""
        return self.text[sentence.start : sentence.end]


CLAIM_FIELDS = ("claimant", "reported by", "status", "date", "grade", "contradicts", "supports")


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
    ignores: tuple[str, ...] = ()  # tradecraft rules silenced for the claim, by a pragma in its statement


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
    all_sections: tuple[Section, ...] = field(init=False, repr=False, compare=False)
    _sections_by_id: Mapping[str, Section] = field(init=False, repr=False, compare=False)
    _claims_by_id: Mapping[str, Claim] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Lookups by id, built once; where ids repeat (an error `check` reports) the first wins.
        every = ((self.summary,) if self.summary else ()) + self.sections
        sections: dict[str, Section] = {}
        for section in every:
            sections.setdefault(section.id, section)
        claims: dict[str, Claim] = {}
        for claim in self.claims:
            claims.setdefault(claim.id, claim)
        object.__setattr__(self, "all_sections", every)
        object.__setattr__(self, "_sections_by_id", MappingProxyType(sections))
        object.__setattr__(self, "_claims_by_id", MappingProxyType(claims))

    def section(self, section_id: str) -> Section | None:
        """The section (or summary) with this id, if any."""
        return self._sections_by_id.get(section_id)

    def claim(self, claim_id: str) -> Claim | None:
        """The claim with this id, if any."""
        return self._claims_by_id.get(claim_id)

    @property
    def focus_sections(self) -> tuple[Section, ...]:
        """The sections shown side by side: those named in `focus`, else the first three."""
        named = tuple(s for s in map(self.section, self.focus) if s is not None)
        return named or self.sections[:3]
