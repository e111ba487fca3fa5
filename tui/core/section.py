"""Build one Section: its blocks placed in a plain text, split into sentences, citations tied to them."""

from __future__ import annotations

from tui.core.blocks import BlockDraft, parse_blocks
from tui.core.model import Block, BlockKind, Reference, Section, Sentence
from tui.core.sentences import split_sentences

BLOCK_SEPARATOR = "\n\n"
_PROSE = (BlockKind.PARAGRAPH, BlockKind.ITEM)


def _units(draft: BlockDraft) -> list[tuple[int, int]]:
    """The reading units of a block's text: sentences of prose, else lines or rows, else the whole."""
    text = draft.text
    if draft.kind in _PROSE:
        return split_sentences(text)
    if draft.kind in (BlockKind.CODE, BlockKind.TABLE):
        units, start = [], 0
        for line in text.split("\n"):
            if line.strip():
                units.append((start, start + len(line)))
            start += len(line) + 1
        return units
    stripped = text.strip()
    if not stripped:
        return []
    lead = len(text) - len(text.lstrip())
    return [(lead, lead + len(stripped))]


def _sentence_at(units: list[tuple[int, int]], offset: int) -> int:
    """Which unit a citation at `offset` belongs to: the one it ends, else the one it is in."""
    for number, (start, end) in enumerate(units):
        if offset <= end:
            return number if offset >= start or number == 0 else number - 1
    return len(units) - 1


def build_section(
    section_id: str,
    title: str,
    line: int,
    lines: list[str],
    first_line: int,
    *,
    citations: bool,
    link_definitions: dict[str, tuple[str, str]],
) -> Section:
    """The section whose body is `lines`, the first of them at line `first_line` of the file."""
    drafts = parse_blocks(lines, first_line, citations=citations, link_definitions=link_definitions)
    blocks: list[Block] = []
    references: list[Reference] = []
    position = 0
    count = 0
    for draft in drafts:
        if blocks:
            position += len(BLOCK_SEPARATOR)
        units = _units(draft)
        cited: list[list[str]] = [[] for _ in units]
        for citation in draft.citations:
            local = _sentence_at(units, citation.offset) if units else -1
            if local >= 0 and citation.claim_id not in cited[local]:
                cited[local].append(citation.claim_id)
            references.append(
                Reference(
                    citation.claim_id,
                    section_id,
                    count + local,
                    position + citation.offset,
                    citation.line,
                    citation.column,
                )
            )
        sentences = tuple(
            Sentence(count + number, position + start, position + end, tuple(cited[number]))
            for number, (start, end) in enumerate(units)
        )
        count += len(units)
        blocks.append(
            Block(
                draft.kind,
                draft.text,
                position,
                draft.line,
                draft.spans,
                sentences,
                draft.level,
                draft.depth,
                draft.quote,
                draft.marker,
                draft.info,
                draft.cells,
                draft.header_rows,
            )
        )
        position += len(draft.text)
    text = BLOCK_SEPARATOR.join(block.text for block in blocks)
    return Section(section_id, title, line, text, tuple(blocks), tuple(references))
