"""Build one Section: its blocks placed in a plain text, split into sentences, citations tied to them."""

from __future__ import annotations

import gc
import re
from bisect import bisect_left
from collections.abc import Generator, Iterator
from contextlib import contextmanager

from tui.core.brief.blocks import BlockDraft, Citation, LinkDefinitions, parse_blocks, parse_parts
from tui.core.brief.model import Block, BlockKind, Reference, Section, Sentence
from tui.core.brief.sentences import split_sentences

BLOCK_SEPARATOR = "\n\n"
BLOCKS_AT_ONCE = 20_000  # blocks (or sentences) made between two pauses of a section loaded in steps (some 0.1 s)
ROWS_AT_ONCE = 10_000  # rows of a table checked for cut cells between two pauses (some 50 ms)
UNITS_WINDOW = 131_072  # characters of a long code block or table whose lines are looked at between two pauses
_PROSE = (BlockKind.PARAGRAPH, BlockKind.ITEM)
_LINED = (BlockKind.CODE, BlockKind.TABLE)  # read a line (or row) at a time
_NO_CLAIMS: list[str] = []
_DONE: tuple[BlockDraft, int, list[tuple[int, int]]] = (BlockDraft(BlockKind.RULE, "", 0), 0, [])  # a block made


def _units(draft: BlockDraft) -> list[tuple[int, int]]:
    """The reading units of a block's text: sentences of prose, else lines or rows, else the whole."""
    text = draft.text
    if draft.kind in _PROSE:
        return split_sentences(text)
    if draft.kind in _LINED:
        return _lines_of(text, 0)
    stripped = text.strip()
    if not stripped:
        return []
    lead = len(text) - len(text.lstrip())
    return [(lead, lead + len(stripped))]


def _lines_of(text: str, start: int) -> list[tuple[int, int]]:
    """The lines of `text` not blank, as units placed from `start`."""
    units = []
    for line in text.split("\n"):
        if line.strip():
            units.append((start, start + len(line)))
        start += len(line) + 1
    return units


def _line_units(text: str) -> Iterator[list[tuple[int, int]]]:
    """`_units` of a long code block or table, the lines of about `UNITS_WINDOW` characters at a time."""
    start = 0
    while True:
        end = text.find("\n", start + UNITS_WINDOW)
        yield _lines_of(text[start:] if end < 0 else text[start:end], start)
        if end < 0:
            return
        start = end + 1


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a section is built, on again after (if it was on).

    Parsing allocates objects by the million and makes no cycles; the collector scanned
    them again and again meanwhile: 250,000 list items took twice as long with it on.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def build_section(
    section_id: str,
    title: str,
    line: int,
    lines: list[str],
    first_line: int,
    *,
    citations: bool,
    links: LinkDefinitions,
) -> Section:
    """The section whose body is `lines`, the first of them at line `first_line` of the file.

    A citation belongs to the last sentence that starts before it: the one it ends
    ("...Russia.[^a]"), or the one it stands in; at the start of a block, to the
    block's first sentence. A citation in a block without sentences (a list item
    holding only "[^a]") belongs to the section's previous sentence, or, at the
    very start, to the next one.
    """
    with _collector_paused():
        drafts, hidden = parse_blocks(lines, first_line, citations=citations, links=links)
        placer = _Placer()
        placer.add(drafts)
        return placer.section(section_id, title, line, lines, first_line, hidden=hidden)


def section_steps(
    section_id: str,
    title: str,
    line: int,
    lines: list[str],
    first_line: int,
    *,
    citations: bool,
    links: LinkDefinitions,
) -> Generator[None, None, Section]:
    """`build_section` a part at a time (see `parse_parts`): yields between two parts, returns the section.

    Each part's blocks are placed and split into sentences as it is parsed (a long code
    block a window of lines at a time). A section of one part (most) does not yield at all.
    """
    placer = _Placer()
    hidden: list[int] = []
    parts = parse_parts(lines, first_line, citations=citations, links=links)
    with _collector_paused():
        part = next(parts, None)
    while part is not None:
        hidden += part[1]
        adding = placer.adding(part[0])
        while True:
            with _collector_paused():
                pausing = next(adding, False) is None  # within a long code block
                if not pausing:
                    part = next(parts, None)
            if not pausing:
                break
            yield
        if part is not None:
            yield
    finishing = placer.steps(section_id, title, line, lines, first_line, hidden=tuple(hidden))
    while True:
        with _collector_paused():
            try:
                next(finishing)
            except StopIteration as done:
                made: Section = done.value
                return made
        yield


class _Placer:
    """Blocks placed in their section's text one after another, split into sentences, citations tied."""

    def __init__(self) -> None:
        self.placed: list[tuple[BlockDraft, int, list[tuple[int, int]]]] = []  # draft, start, sentence bounds
        self.cited: list[list[str]] = []  # claim ids per sentence of the section
        self.found: list[tuple[Citation, int, int]] = []  # citation, its sentence (-1: none before it), offset
        self.ignored: dict[int, tuple[str, ...]] = {}  # rules silenced by pragmas, by sentence
        self.position = 0

    def add(self, drafts: list[BlockDraft]) -> None:
        """Place the next blocks of the section."""
        for _ in self.adding(drafts):
            pass

    def adding(self, drafts: list[BlockDraft]) -> Iterator[None]:
        """`add`, pausing after about every `UNITS_AT_ONCE` units found (none for most blocks)."""
        placed, cited, found = self.placed, self.cited, self.found
        for draft in drafts:
            if placed:
                self.position += len(BLOCK_SEPARATOR)
            position = self.position
            first = len(cited)
            if draft.kind in _LINED and len(draft.text) > UNITS_WINDOW:
                # A fence of 20 MB has ten million lines: found a window of them at a time.
                units: list[tuple[int, int]] = []
                for more in _line_units(draft.text):
                    units += more
                    cited.extend([] for _ in more)
                    yield
            else:
                units = _units(draft)
                cited.extend([] for _ in units)
            if draft.citations:
                starts = [start for start, _ in units]
                for citation in draft.citations:
                    # The last sentence starting before the citation; one at the very start of
                    # its block ("[^a] According to...") belongs to the block's first sentence.
                    local = bisect_left(starts, citation.offset) - 1
                    found.append((citation, first + (max(local, 0) if units else -1), position + citation.offset))
            if draft.pragmas and units:
                starts = [start for start, _ in units]
                for offset, codes in draft.pragmas:  # the sentence it stands in, or ends, as a citation
                    number = first + max(bisect_left(starts, offset) - 1, 0)
                    self.ignored[number] = tuple(dict.fromkeys(self.ignored.get(number, ()) + codes))
            placed.append((draft, position, units))
            self.position = position + len(draft.text)

    def section(
        self, section_id: str, title: str, line: int, lines: list[str], first_line: int, *, hidden: tuple[int, ...]
    ) -> Section:
        """The section of every block placed."""
        steps = self.steps(section_id, title, line, lines, first_line, hidden=hidden)
        while True:
            try:
                next(steps)
            except StopIteration as done:
                made: Section = done.value
                return made

    def steps(
        self, section_id: str, title: str, line: int, lines: list[str], first_line: int, *, hidden: tuple[int, ...]
    ) -> Generator[None, None, Section]:
        """`section`, yielding after about every BLOCKS_AT_ONCE blocks or sentences made (none for most sections)."""
        cited = self.cited
        references = []
        for citation, sentence, offset in self.found:
            number = min(max(sentence, 0), len(cited) - 1)  # -1 only if the section has no sentence
            if number >= 0 and citation.claim_id not in cited[number]:
                cited[number].append(citation.claim_id)
            references.append(Reference(citation.claim_id, section_id, number, offset, citation.line, citation.column))

        blocks: list[Block] = []
        texts: list[str] = []
        html: list[int] = []
        cut: list[int] = []
        index = 0
        made = 0  # blocks and sentences made since the last pause
        placed = self.placed
        for number, (draft, start, units) in enumerate(placed):
            made += 1 + len(units)
            if made > BLOCKS_AT_ONCE:
                made = len(units)
                yield
            sentences = []
            if len(units) <= BLOCKS_AT_ONCE:  # most blocks
                for low, high in units:
                    ignores = self.ignored.get(index, ())
                    sentences.append(Sentence(index, start + low, start + high, number, tuple(cited[index]), ignores))
                    index += 1
            else:
                for at in range(0, len(units), BLOCKS_AT_ONCE):
                    if at:
                        yield  # a block of more sentences than that: a fence of a million lines
                    window = units[at : at + BLOCKS_AT_ONCE]
                    for low, high in window:
                        sentences.append(Sentence(index, start + low, start + high, number, tuple(cited[index])))
                        index += 1
                    # What made them freed as they are made: the ten million of each that 20 MB of
                    # a fence has took half a second to free at the end, in one step.
                    cited[index - len(window) : index] = [_NO_CLAIMS] * len(window)
                    units[at : at + len(window)] = [(0, 0)] * len(window)
            blocks.append(
                Block(
                    kind=draft.kind,
                    text=draft.text,
                    start=start,
                    line=draft.line,
                    spans=draft.spans,
                    sentences=tuple(sentences),
                    level=draft.level,
                    containers=draft.containers,
                    marker=draft.marker,
                    info=draft.info,
                    cells=draft.cells,
                    header_rows=draft.header_rows,
                    align=draft.align,
                )
            )
            # Each block's draft freed once made, and its text, HTML and cut rows noted: all of it
            # at the end took a quarter of a second for the 400,000 blocks of 4 MB of fences.
            placed[number] = _DONE
            texts.append(draft.text)
            if draft.kind is BlockKind.HTML:
                html.append(draft.line)
            elif draft.kind is BlockKind.TABLE:
                for checked, found in enumerate(_cut_rows(blocks[-1], lines, first_line)):
                    if checked:
                        yield  # a table of more rows than `ROWS_AT_ONCE`
                    cut += found
        return Section(
            section_id,
            title,
            line,
            BLOCK_SEPARATOR.join(texts),
            tuple(blocks),
            tuple(references),
            hidden=hidden,
            html=tuple(html),
            cut_cells=tuple(cut),
        )


_PIPE = re.compile(r"(?<!\\)\|")  # a cell border: a pipe not escaped
_QUOTED = re.compile(r"^[ \t]*(?:>[ \t]?)*")  # the block quote markers before a row in a quote


def _cut_rows(table: Block, lines: list[str], first_line: int) -> Iterator[list[int]]:
    """The lines of a table's rows with more cells than its header (markdown drops the extra ones),
    found `ROWS_AT_ONCE` rows at a time: a table of 2 million rows took 2 s, in one step."""
    width = len(table.align)
    start = table.line - first_line
    for low in range(0, len(table.cells), ROWS_AT_ONCE):
        found = []
        for number in range(low, min(low + ROWS_AT_ONCE, len(table.cells))):
            index = start + number + (number >= table.header_rows)  # the delimiter row comes after the header
            source = _QUOTED.sub("", lines[index]).strip() if 0 <= index < len(lines) else ""
            inner = source.removeprefix("|")
            if inner.endswith("|") and not inner.endswith("\\|"):
                inner = inner[:-1]
            cells = _PIPE.split(inner)
            if width and len(cells) > width:
                found.append(first_line + index)
        yield found
